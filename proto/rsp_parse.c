/* rsp_parse: typed parsers for request payloads (see rsp_parse.h).
 * All parsers work on a (pointer, length) view and never read past it; a number that does not
 * fit in 64 bits, a missing field or trailing junk makes the whole request malformed. */
#include "rsp_parse.h"

#include <stddef.h>
#include <string.h>

#include "rsp_buf.h"

bool rsp_has_prefix(const char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return k <= n && memcmp(p, prefix, k) == 0;
}

/* Fields are produced while *pos < n, so a trailing separator does not yield an empty last
 * field, and an empty input yields no field at all. Empty fields in the middle are returned. */
bool rsp_next_field(const char *p, size_t n, char sep, size_t *pos, const char **field,
                    size_t *field_len)
{
    if (*pos >= n)
        return false;
    const char *start = p + *pos;
    const char *end = memchr(start, sep, n - *pos);
    size_t len = end ? (size_t)(end - start) : n - *pos;
    *field = start;
    *field_len = len;
    *pos += len + 1;
    return true;
}

/* A hex number of at least one digit at *pos; advances *pos past it. */
static bool hex_field(const char *p, size_t n, size_t *pos, uint64_t *out)
{
    size_t used;
    if (!rsp_parse_hex_u64(p + *pos, n - *pos, out, &used))
        return false;
    *pos += used;
    return true;
}

static bool expect(const char *p, size_t n, size_t *pos, char c)
{
    if (*pos >= n || p[*pos] != c)
        return false;
    (*pos)++;
    return true;
}

/* One thread-id component: "-1", or a hex number that fits in int64_t. */
static bool tid_part(const char *p, size_t n, size_t *pos, int64_t *out)
{
    if (*pos < n && p[*pos] == '-') {
        if (*pos + 1 >= n || p[*pos + 1] != '1')
            return false;
        /* "-12" is not "-1" followed by "2": reject rather than guess. */
        if (*pos + 2 < n && rsp_hex_val((unsigned char)p[*pos + 2]) >= 0)
            return false;
        *pos += 2;
        *out = -1;
        return true;
    }
    uint64_t v;
    if (!hex_field(p, n, pos, &v) || v > INT64_MAX)
        return false;
    *out = (int64_t)v;
    return true;
}

bool rsp_parse_tid(const char *p, size_t n, struct rsp_tid *out, size_t *used)
{
    size_t pos = 0;
    struct rsp_tid t = {0, 0};
    if (n > 0 && p[0] == 'p') {
        pos = 1;
        if (!tid_part(p, n, &pos, &t.pid))
            return false;
        if (pos < n && p[pos] == '.') {
            pos++;
            if (!tid_part(p, n, &pos, &t.tid))
                return false;
        } else {
            t.tid = -1; /* "pPID" alone means every thread of that process */
        }
    } else if (!tid_part(p, n, &pos, &t.tid)) {
        return false;
    }
    *out = t;
    *used = pos;
    return true;
}

/* "Xlen,hexbytes" (agent expression); advances *pos past it. */
static bool agent_expr(const char *p, size_t n, size_t *pos, struct rsp_bytes *out)
{
    uint64_t len;
    if (!expect(p, n, pos, 'X') || !hex_field(p, n, pos, &len) || !expect(p, n, pos, ','))
        return false;
    if (len == 0 || len > (n - *pos) / 2)
        return false;
    for (size_t i = 0; i < 2 * len; i++)
        if (rsp_hex_val((unsigned char)p[*pos + i]) < 0)
            return false;
    out->hex = p + *pos;
    out->len = (size_t)len;
    *pos += 2 * (size_t)len;
    return true;
}

/* "cmds:PERSIST,Xlen,bytes[,]Xlen,bytes..." up to end of input or the next ';'. gdb writes the
 * items back to back; a ',' between them is accepted too. */
static bool zpoint_cmds(const char *p, size_t n, size_t *pos, struct rsp_zpoint *out)
{
    uint64_t persist;
    *pos += strlen("cmds:");
    if (!hex_field(p, n, pos, &persist) || !expect(p, n, pos, ','))
        return false;
    out->cmds_persist = persist != 0;
    do {
        if (out->ncmds == RSP_ZPOINT_MAX_CONDS)
            return false;
        if (!agent_expr(p, n, pos, &out->cmds[out->ncmds++]))
            return false;
        if (*pos < n && p[*pos] == ',')
            (*pos)++;
    } while (*pos < n && p[*pos] != ';');
    return true;
}

bool rsp_parse_zpoint(const char *p, size_t n, struct rsp_zpoint *out)
{
    size_t pos = 0;
    uint64_t type;
    memset(out, 0, sizeof *out);
    if (!hex_field(p, n, &pos, &type) || type > 4 || !expect(p, n, &pos, ',') ||
        !hex_field(p, n, &pos, &out->addr) || !expect(p, n, &pos, ',') ||
        !hex_field(p, n, &pos, &out->kind))
        return false;
    out->type = (int)type;
    while (pos < n) {
        if (!expect(p, n, &pos, ';'))
            return false;
        if (rsp_has_prefix(p + pos, n - pos, "cmds:")) {
            if (!zpoint_cmds(p, n, &pos, out))
                return false;
        } else {
            /* gdb writes all the conditions of one address (one per breakpoint location there)
             * back to back after a single ';'. */
            do {
                if (out->nconds == RSP_ZPOINT_MAX_CONDS)
                    return false;
                if (!agent_expr(p, n, &pos, &out->conds[out->nconds++]))
                    return false;
            } while (pos < n && p[pos] == 'X');
        }
    }
    return true;
}

/* One vCont action starting at *pos (just after its ';'). */
static bool vcont_action(const char *p, size_t n, size_t *pos, struct rsp_vcont_action *a)
{
    memset(a, 0, sizeof *a);
    if (*pos >= n)
        return false;
    char k = p[(*pos)++];
    uint64_t v;
    switch (k) {
    case 'c':
    case 's':
    case 't':
        a->kind = k;
        break;
    case 'C':
    case 'S':
        if (!hex_field(p, n, pos, &v) || v > 255)
            return false;
        a->kind = (char)(k - 'A' + 'a');
        a->sig = (int)v;
        break;
    case 'r':
        a->kind = 'r';
        if (!hex_field(p, n, pos, &a->start) || !expect(p, n, pos, ',') ||
            !hex_field(p, n, pos, &a->end))
            return false;
        break;
    default:
        return false;
    }
    if (*pos < n && p[*pos] == ':') {
        size_t used;
        (*pos)++;
        if (!rsp_parse_tid(p + *pos, n - *pos, &a->tid, &used))
            return false;
        *pos += used;
        a->has_tid = true;
    }
    return *pos == n || p[*pos] == ';';
}

bool rsp_parse_vcont(const char *p, size_t n, struct rsp_vcont_action *acts, size_t cap,
                     size_t *count)
{
    size_t pos = 0, k = 0;
    if (n == 0)
        return false;
    while (pos < n) {
        if (!expect(p, n, &pos, ';') || k == cap)
            return false;
        if (!vcont_action(p, n, &pos, &acts[k]))
            return false;
        k++;
    }
    *count = k;
    return true;
}

bool rsp_parse_addr_len(const char *p, size_t n, uint64_t *addr, uint64_t *len)
{
    size_t pos = 0;
    return hex_field(p, n, &pos, addr) && expect(p, n, &pos, ',') && hex_field(p, n, &pos, len) &&
           pos == n;
}

bool rsp_parse_addr_len_data(const char *p, size_t n, uint64_t *addr, uint64_t *len,
                             size_t *data_off)
{
    size_t pos = 0;
    if (!hex_field(p, n, &pos, addr) || !expect(p, n, &pos, ',') || !hex_field(p, n, &pos, len) ||
        !expect(p, n, &pos, ':'))
        return false;
    *data_off = pos;
    return true;
}

/* "OBJECT:VERB:": fills the object and returns the position of the annex, or 0 on mismatch. */
static size_t xfer_head(const char *p, size_t n, const char *verb, struct rsp_xfer *out)
{
    const char *c1 = memchr(p, ':', n);
    if (!c1 || c1 == p)
        return 0;
    size_t pos = (size_t)(c1 - p) + 1;
    if (!rsp_has_prefix(p + pos, n - pos, verb))
        return 0;
    out->object = p;
    out->object_len = (size_t)(c1 - p);
    return pos + strlen(verb);
}

bool rsp_parse_xfer_read(const char *p, size_t n, struct rsp_xfer *out)
{
    size_t pos = xfer_head(p, n, "read:", out);
    if (pos == 0)
        return false;
    /* The annex ends at the last ':' so that OFFSET,LENGTH is always the final field. */
    size_t last = n;
    while (last > pos && p[last - 1] != ':')
        last--;
    if (last == pos)
        return false; /* no ':' after the annex */
    out->annex = p + pos;
    out->annex_len = last - 1 - pos;
    size_t q = last;
    return hex_field(p, n, &q, &out->offset) && expect(p, n, &q, ',') &&
           hex_field(p, n, &q, &out->length) && q == n;
}

bool rsp_parse_xfer_write(const char *p, size_t n, struct rsp_xfer *out, size_t *data_off)
{
    size_t pos = xfer_head(p, n, "write:", out);
    const char *c2 = pos ? memchr(p + pos, ':', n - pos) : NULL;
    if (!c2)
        return false;
    out->annex = p + pos;
    out->annex_len = (size_t)(c2 - (p + pos));
    out->length = 0;
    size_t q = (size_t)(c2 - p) + 1;
    if (!hex_field(p, n, &q, &out->offset) || !expect(p, n, &q, ':'))
        return false;
    *data_off = q;
    return true;
}

bool rsp_parse_svr4_annex(const char *p, size_t n, struct rsp_svr4_annex *out)
{
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {{"lmid=", offsetof(struct rsp_svr4_annex, lmid)},
                {"start=", offsetof(struct rsp_svr4_annex, start)},
                {"prev=", offsetof(struct rsp_svr4_annex, prev)}};
    memset(out, 0, sizeof *out);
    const char *f;
    size_t fl, pos = 0;
    while (rsp_next_field(p, n, ';', &pos, &f, &fl)) {
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            size_t kl = strlen(keys[k].key);
            if (fl < kl || memcmp(f, keys[k].key, kl) != 0)
                continue;
            size_t used;
            uint64_t v;
            if (!rsp_parse_hex_u64(f + kl, fl - kl, &v, &used) || used != fl - kl)
                return false;
            memcpy((char *)out + keys[k].off, &v, sizeof v);
        }
    }
    return true;
}
