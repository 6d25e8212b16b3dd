/* rsp_platform: lldb's platform request arguments (see rsp_platform.h). */
#include "rsp_platform.h"

#include <string.h>

#include "rsp_args.h"
#include "rsp_parse.h"

bool rsp_next_key_value(const char *p, size_t n, size_t *pos, const char **key, size_t *key_len,
                        const char **val, size_t *val_len)
{
    const char *f;
    size_t fl;
    do {
        if (!rsp_next_field(p, n, ';', pos, &f, &fl))
            return false;
    } while (fl == 0 && *pos < n); /* ";;" and a leading ';' hold nothing */
    if (fl == 0)
        return false;
    const char *colon = memchr(f, ':', fl);
    if (!colon) {
        *key = f;
        *key_len = 0;
        *val = f;
        *val_len = fl;
        return true;
    }
    *key = f;
    *key_len = (size_t)(colon - f);
    *val = colon + 1;
    *val_len = fl - *key_len - 1;
    return true;
}

bool rsp_parse_lldb_number(const char *p, size_t n, uint64_t *out)
{
    if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        return rsp_parse_hex_all(p + 2, n - 2, out);
    if (n == 0 || n > 19)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    *out = v;
    return true;
}

static bool key_is(const char *k, size_t kl, const char *name)
{
    return kl == strlen(name) && memcmp(k, name, kl) == 0;
}

bool rsp_parse_launch_gdbserver(const char *p, size_t n, struct rsp_launch_gdbserver *out)
{
    memset(out, 0, sizeof *out);
    const char *k, *v;
    size_t kl, vl, pos = 0;
    while (rsp_next_key_value(p, n, &pos, &k, &kl, &v, &vl)) {
        if (key_is(k, kl, "host")) {
            if (vl >= sizeof out->host || memchr(v, 0, vl))
                return false;
            memcpy(out->host, v, vl);
            out->host[vl] = 0;
        } else if (key_is(k, kl, "port")) {
            if (!rsp_parse_lldb_number(v, vl, &out->port) || out->port > 65535)
                return false;
        } /* other keys: ignored, as lldb-server does */
    }
    return true;
}

static const struct {
    const char *word;
    enum rsp_name_match match;
} name_matches[] = {
    {"equals", RSP_NAME_EQUALS},       {"starts_with", RSP_NAME_STARTS_WITH},
    {"ends_with", RSP_NAME_ENDS_WITH}, {"contains", RSP_NAME_CONTAINS},
    {"regex", RSP_NAME_REGEX},
};

static int64_t *id_slot(struct rsp_proc_filter *f, const char *k, size_t kl)
{
    static const struct {
        const char *key;
        size_t offset;
    } ids[] = {
        {"pid", offsetof(struct rsp_proc_filter, pid)},
        {"parent_pid", offsetof(struct rsp_proc_filter, ppid)},
        {"uid", offsetof(struct rsp_proc_filter, uid)},
        {"gid", offsetof(struct rsp_proc_filter, gid)},
        {"euid", offsetof(struct rsp_proc_filter, euid)},
        {"egid", offsetof(struct rsp_proc_filter, egid)},
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (key_is(k, kl, ids[i].key))
            return (int64_t *)((char *)f + ids[i].offset);
    return NULL;
}

bool rsp_parse_proc_filter(const char *p, size_t n, char *name, size_t cap,
                           struct rsp_proc_filter *out)
{
    memset(out, 0, sizeof *out);
    out->pid = out->ppid = out->uid = out->gid = out->euid = out->egid = -1;
    if (cap == 0)
        return false;
    name[0] = 0;
    out->name = name;
    if (n == 0)
        return true;
    if (p[0] != ':')
        return false;
    bool match_given = false;
    const char *k, *v;
    size_t kl, vl, pos = 1;
    while (rsp_next_key_value(p, n, &pos, &k, &kl, &v, &vl)) {
        int64_t *slot = id_slot(out, k, kl);
        uint64_t num;
        if (slot) {
            if (!rsp_parse_lldb_number(v, vl, &num) || num > INT32_MAX)
                return false;
            *slot = (int64_t)num;
        } else if (key_is(k, kl, "name")) {
            if (!rsp_parse_hex_text(v, vl, name, cap))
                return false;
        } else if (key_is(k, kl, "name_match")) {
            size_t i;
            for (i = 0; i < sizeof name_matches / sizeof name_matches[0]; i++)
                if (key_is(v, vl, name_matches[i].word))
                    break;
            if (i == sizeof name_matches / sizeof name_matches[0])
                return false;
            out->match = name_matches[i].match;
            match_given = true;
        } else if (key_is(k, kl, "all_users")) {
            out->all_users = key_is(v, vl, "1") || key_is(v, vl, "true");
        } else if (!key_is(k, kl, "triple")) { /* the triple: every process here is native */
            return false;
        }
    }
    if (name[0] && !match_given)
        out->match = RSP_NAME_EQUALS;
    if (!name[0])
        out->match = RSP_NAME_ANY;
    return true;
}

bool rsp_parse_shell(const char *p, size_t n, char *cmd, size_t cmd_cap, char *dir, size_t dir_cap,
                     struct rsp_shell *out)
{
    const char *f;
    size_t fl, pos = 0;
    if (dir_cap == 0 || !rsp_next_field(p, n, ',', &pos, &f, &fl) || fl == 0 ||
        !rsp_parse_hex_text(f, fl, cmd, cmd_cap))
        return false;
    if (!rsp_next_field(p, n, ',', &pos, &f, &fl) || !rsp_parse_hex_all(f, fl, &out->timeout))
        return false;
    dir[0] = 0;
    if (pos < n || (n > 0 && p[n - 1] == ',')) {
        if (!rsp_next_field(p, n, ',', &pos, &f, &fl) || !rsp_parse_hex_text(f, fl, dir, dir_cap))
            return false;
    }
    return pos >= n;
}

bool rsp_parse_mode_path(const char *p, size_t n, uint64_t *mode, char *path, size_t cap)
{
    const char *f;
    size_t fl, pos = 0;
    if (!rsp_next_field(p, n, ',', &pos, &f, &fl) || !rsp_parse_hex_all(f, fl, mode) ||
        *mode > 07777)
        return false;
    if (!rsp_next_field(p, n, ',', &pos, &f, &fl) || fl == 0 ||
        !rsp_parse_hex_text(f, fl, path, cap))
        return false;
    return pos >= n;
}
