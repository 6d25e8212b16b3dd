/* rsp_lldb_launch: the `A` packet's arguments (see rsp_lldb_launch.h). */
#include "rsp_lldb_launch.h"

#include <string.h>

#include "rsp_args.h"
#include "rsp_parse.h"

static bool decimal(const char *f, size_t fl, size_t *out)
{
    size_t v = 0;
    if (fl == 0 || fl > 9)
        return false;
    for (size_t i = 0; i < fl; i++) {
        if (f[i] < '0' || f[i] > '9')
            return false;
        v = v * 10 + (size_t)(f[i] - '0');
    }
    *out = v;
    return true;
}

bool rsp_parse_lldb_argv(const char *p, size_t n, char *buf, size_t cap, char **argv,
                         size_t max_args, size_t *argc)
{
    size_t pos = 0, used = 0, count = 0;
    const char *f;
    size_t fl;
    while (rsp_next_field(p, n, ',', &pos, &f, &fl)) {
        size_t len, index;
        if (!decimal(f, fl, &len) || !rsp_next_field(p, n, ',', &pos, &f, &fl) ||
            !decimal(f, fl, &index) || index != count || count == max_args ||
            !rsp_next_field(p, n, ',', &pos, &f, &fl) || fl != len || used >= cap ||
            !rsp_parse_hex_text(f, fl, buf + used, cap - used))
            return false;
        argv[count++] = buf + used;
        used += fl / 2 + 1;
    }
    if (count == 0 || (n > 0 && p[n - 1] == ','))
        return false;
    argv[count] = NULL;
    *argc = count;
    return true;
}
