/* rsp_args: small request arguments (see rsp_args.h). These used to be parsed inline in the
 * server's handlers; here they can be unit-tested and fuzzed without a process to debug. */
#include "rsp_args.h"

#include <string.h>

#include "rsp_buf.h"

bool rsp_parse_hex_all(const char *p, size_t n, uint64_t *out)
{
    size_t used;
    return rsp_parse_hex_u64(p, n, out, &used) && used == n;
}

size_t rsp_args_len(const char *p, size_t n)
{
    const char *semi = memchr(p, ';', n);
    return semi ? (size_t)(semi - p) : n;
}

int rsp_parse_thread_suffix(const char *p, size_t n, uint64_t *tid)
{
    static const char key[] = "thread:";
    const size_t klen = sizeof key - 1;
    for (size_t i = 0; i + klen <= n; i++) {
        if ((i == 0 || p[i - 1] == ';') && memcmp(p + i, key, klen) == 0) {
            const char *v = p + i + klen;
            size_t used;
            /* The number ends at the suffix's ';' or at the end of the packet. */
            if (!rsp_parse_hex_u64(v, n - i - klen, tid, &used) ||
                (i + klen + used < n && v[used] != ';'))
                return -1;
            return 1;
        }
    }
    return 0;
}

bool rsp_parse_reg_read(const char *p, size_t n, uint64_t *regnum)
{
    return rsp_parse_hex_all(p, rsp_args_len(p, n), regnum);
}

bool rsp_parse_reg_write(const char *p, size_t n, uint64_t *regnum, const char **hex,
                         size_t *hex_len)
{
    n = rsp_args_len(p, n);
    size_t used;
    if (!rsp_parse_hex_u64(p, n, regnum, &used) || used >= n || p[used] != '=')
        return false;
    const char *h = p + used + 1;
    size_t hl = n - used - 1;
    if (hl == 0 || hl % 2)
        return false;
    for (size_t i = 0; i < hl; i++)
        if (rsp_hex_val((unsigned char)h[i]) < 0)
            return false;
    *hex = h;
    *hex_len = hl;
    return true;
}

bool rsp_parse_tid_all(const char *p, size_t n, struct rsp_tid *tid)
{
    size_t used;
    return rsp_parse_tid(p, n, tid, &used) && used == n;
}

bool rsp_parse_set_thread(const char *p, size_t n, char *op, struct rsp_tid *tid)
{
    if (n < 2 || (p[0] != 'g' && p[0] != 'c') || !rsp_parse_tid_all(p + 1, n - 1, tid))
        return false;
    *op = p[0];
    return true;
}

bool rsp_parse_resume_args(const char *p, size_t n, bool with_sig, struct rsp_resume_args *out)
{
    size_t pos = 0;
    memset(out, 0, sizeof *out);
    if (with_sig) {
        uint64_t v;
        if (!rsp_parse_hex_u64(p, n, &v, &pos) || v > 0xff)
            return false;
        out->sig = (int)v;
        if (pos == n)
            return true;
        if (p[pos] != ';')
            return false;
        pos++;
    }
    if (pos == n)
        return !with_sig; /* "C05;" promises an address */
    out->has_addr = true;
    return rsp_parse_hex_all(p + pos, n - pos, &out->addr);
}

bool rsp_parse_signal_list(const char *p, size_t n, bool pass[RSP_MAX_SIGNAL])
{
    memset(pass, 0, RSP_MAX_SIGNAL * sizeof pass[0]);
    const char *f;
    size_t fl, pos = 0;
    while (rsp_next_field(p, n, ';', &pos, &f, &fl)) {
        uint64_t v;
        if (!rsp_parse_hex_all(f, fl, &v) || v >= RSP_MAX_SIGNAL)
            return false;
        pass[v] = true;
    }
    return true;
}

bool rsp_parse_catch_syscalls(const char *p, size_t n, struct rsp_syscall_set *out)
{
    memset(out, 0, sizeof *out);
    const char *f;
    size_t fl, pos = 0;
    if (!rsp_next_field(p, n, ';', &pos, &f, &fl) || fl != 1 || (f[0] != '0' && f[0] != '1'))
        return false;
    out->enable = f[0] == '1';
    out->all = out->enable && pos >= n; /* "1" alone: every system call */
    while (rsp_next_field(p, n, ';', &pos, &f, &fl)) {
        uint64_t v;
        if (!out->enable || !rsp_parse_hex_all(f, fl, &v))
            return false;
        if (v >= RSP_MAX_SYSCALL)
            out->all = true;
        else
            out->nr[v / 8] |= (uint8_t)(1u << (v % 8));
    }
    return true;
}

bool rsp_parse_hex_text(const char *p, size_t n, char *out, size_t cap)
{
    if (n % 2 || n / 2 >= cap || !rsp_hex_decode(p, n, (uint8_t *)out, n / 2))
        return false;
    out[n / 2] = 0;
    return strlen(out) == n / 2;
}

int rsp_parse_hex_list(const char *p, size_t n, char *out, size_t cap, const char **items,
                       size_t max)
{
    size_t used = 0, count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != ';')
            continue;
        size_t len = i - start;
        if (count == max || len % 2 || used + len / 2 + 1 > cap)
            return -1;
        if (!rsp_parse_hex_text(p + start, len, out + used, cap - used))
            return -1;
        items[count++] = out + used;
        used += len / 2 + 1;
        start = i + 1;
    }
    return (int)count;
}

/* Bytes that escaped data p[0..n) stands for, or (size_t)-1 on a dangling '}'. */
static size_t unescaped_len(const char *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++, w++) {
        if (p[i] == '}' && ++i == n)
            return (size_t)-1;
    }
    return w;
}

bool rsp_parse_mem_write(const char *p, size_t n, bool binary, struct rsp_mem_write *out)
{
    size_t off;
    if (!rsp_parse_addr_len_data(p, n, &out->addr, &out->len, &off))
        return false;
    out->data = p + off;
    out->data_len = n - off;
    if (binary)
        return unescaped_len(out->data, out->data_len) == out->len;
    if (out->len > out->data_len / 2 || out->data_len != 2 * out->len)
        return false;
    for (size_t i = 0; i < out->data_len; i++)
        if (rsp_hex_val((unsigned char)out->data[i]) < 0)
            return false;
    return true;
}

bool rsp_parse_region_info(const char *p, size_t n, uint64_t *addr)
{
    return n >= 2 && p[0] == ':' && rsp_parse_hex_all(p + 1, n - 1, addr);
}

bool rsp_parse_restore_id(const char *p, size_t n, int *id)
{
    if (n < 2 || p[0] != ':')
        return false;
    size_t end = rsp_args_len(p, n);
    if (end < 2)
        return false;
    int64_t v = 0;
    for (size_t i = 1; i < end; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
        if (v > INT32_MAX)
            return false;
    }
    *id = (int)v;
    return true;
}

bool rsp_parse_qsupported(const char *p, size_t n, struct rsp_client_features *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return true;
    if (p[0] != ':')
        return false;
    const char *f;
    size_t fl, pos = 1;
    while (rsp_next_field(p, n, ';', &pos, &f, &fl)) {
        if (fl == 8 && memcmp(f, "swbreak+", 8) == 0)
            out->swbreak = true;
        else if (fl == 8 && memcmp(f, "hwbreak+", 8) == 0)
            out->hwbreak = true;
        else if (fl == 13 && memcmp(f, "multiprocess+", 13) == 0)
            out->multiprocess = true;
        else if (fl == 11 && memcmp(f, "no-resumed+", 11) == 0)
            out->no_resumed = true;
        else if (fl == 12 && memcmp(f, "fork-events+", 12) == 0)
            out->fork_events = true;
        else if (fl == 13 && memcmp(f, "vfork-events+", 13) == 0)
            out->vfork_events = true;
        else if (fl == 12 && memcmp(f, "exec-events+", 12) == 0)
            out->exec_events = true;
        else if (rsp_has_prefix(f, fl, "xmlRegisters=")) {
            out->xml_registers = true;
            out->lldb = memchr(f, ',', fl) != NULL; /* gdb sends "=i386" alone; lldb several */
        }
    }
    return true;
}
