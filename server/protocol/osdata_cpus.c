/* `info os cpus`: one item per processor of /proc/cpuinfo, a column per "name : value" line of
 * its paragraph, in the kernel's order (the names differ by architecture). */
#include "osdata.h"

#include <stdio.h>
#include <string.h>

/* s[0..n) without the blanks around it. */
static const char *trim(const char *s, size_t *n)
{
    while (*n && strchr(" \t", *s)) {
        s++;
        (*n)--;
    }
    while (*n && strchr(" \t\n", s[*n - 1]))
        (*n)--;
    return s;
}

int osdata_gen_cpus(struct rsp_buf *doc)
{
    osdata_begin(doc, "cpus");
    FILE *f = fopen("/proc/cpuinfo", "re");
    char line[4096];
    bool open = false;
    while (f && fgets(line, sizeof line, f)) {
        const char *colon = strchr(line, ':');
        if (!colon) { /* a blank line ends a processor's paragraph */
            if (open)
                osdata_item_end(doc);
            open = false;
            continue;
        }
        size_t nlen = (size_t)(colon - line), vlen = strlen(colon + 1);
        const char *name = trim(line, &nlen), *value = trim(colon + 1, &vlen);
        if (!open)
            osdata_item_begin(doc);
        open = true;
        char title[128];
        snprintf(title, sizeof title, "%.*s", (int)nlen, name);
        osdata_column_n(doc, title, value, vlen);
    }
    if (open)
        osdata_item_end(doc);
    if (f)
        fclose(f);
    osdata_end(doc);
    return 0;
}
