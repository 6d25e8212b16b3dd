/* Registers and memory: g/G/p/P through the per-thread register cache, m/M/X/x through
 * /proc/PID/mem. lldb's ";thread:TID;" suffix picks the thread without an H round trip. */
#include "packets.h"

#include "proc_task.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Strips a ";thread:TID;" suffix from n and picks the thread: the suffix's, else Hg's, else the
 * one that last stopped. */
struct thread *session_thread_for(struct session *s, const char *a, size_t n, int which)
{
    struct inferior *inf = s->srv->inf;
    uint64_t v;
    int found = rsp_parse_thread_suffix(a, n, &v);
    bool suffix = found != 0;
    pid_t tid = 0;
    if (found > 0 && v <= INT32_MAX)
        tid = (pid_t)v; /* a malformed suffix names no thread */
    else if (!suffix)
        tid = which == 'c' ? s->c_tid : s->g_tid;
    struct thread *t = tid > 0 ? thread_find(inf, tid) : NULL;
    if (!t && !suffix)
        t = thread_find(inf, s->srv->last_stop.tid);
    if (!t && !suffix && inf->nthreads)
        t = inf->threads[0];
    return t;
}

int session_thread_with_regs(struct session *s, const char *a, size_t n, struct thread **out)
{
    struct inferior *inf = s->srv->inf;
    struct thread *t = session_thread_for(s, a, n, 'g');
    if (!t || !inf->alive)
        return -ESRCH;
    *out = t;
    return regcache_fetch_all(inf, t);
}

/* A thread still blocked in the kernel after a stop was reported without it (target.h,
 * STOP_ALL_BOUND_MS): its PC and SP, every other register unavailable ('x'), so that the client
 * can show where it waits instead of failing to read it. regnum -1: the whole g layout. */
static int reply_late_regs(struct session *s, struct thread *t, int regnum)
{
    struct inferior *inf = s->srv->inf;
    const struct arch_ops *arch = inf->arch;
    uint64_t known[2];
    if (!t->late || !task_blocked_pc_sp(inf->pid, t->tid, &known[0], &known[1]))
        return -ESRCH;
    const int known_reg[2] = {arch->pc_regnum, arch->sp_regnum};
    size_t start = regnum < 0 ? 0 : arch->regs[regnum].offset;
    size_t len = regnum < 0 ? arch->blob_size : arch->regs[regnum].bitsize / 8;
    char *hex = malloc(len * 2);
    if (!hex)
        return -ENOMEM;
    memset(hex, 'x', len * 2);
    for (int k = 0; k < 2; k++) {
        const struct reg_desc *r = &arch->regs[known_reg[k]];
        if (r->bitsize == 64 && (size_t)r->offset >= start &&
            (size_t)r->offset + 8 <= start + len) {
            static const char digits[] = "0123456789abcdef";
            const uint8_t *b = (const uint8_t *)&known[k]; /* little-endian host and target */
            for (size_t i = 0; i < 8; i++) {
                hex[(r->offset - start + i) * 2] = digits[b[i] >> 4];
                hex[(r->offset - start + i) * 2 + 1] = digits[b[i] & 15];
            }
        }
    }
    rsp_buf_put(&s->reply, hex, len * 2);
    free(hex);
    return PACKET_OK;
}

int on_read_regs(struct session *s, const char *a, size_t n)
{
    struct thread *t = NULL;
    int rc = session_thread_with_regs(s, a, n, &t);
    if (rc < 0 && t && s->srv->inf->alive && t->late)
        return reply_late_regs(s, t, -1);
    if (rc < 0)
        return rc;
    const struct arch_ops *arch = s->srv->inf->arch;
    size_t size = s->plain_regs && arch->plain_blob_size ? arch->plain_blob_size : arch->blob_size;
    rsp_buf_hex_bytes(&s->reply, t->rc.blob, size);
    return PACKET_OK;
}

int on_write_regs(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    struct thread *t;
    int rc = session_thread_with_regs(s, a, n, &t);
    n = rsp_args_len(a, n);
    if (rc < 0)
        return rc;
    /* gdb may send fewer bytes than the whole blob: the rest stays as it is. */
    size_t bytes = n / 2 < inf->arch->blob_size ? n / 2 : inf->arch->blob_size;
    if (n % 2 || !rsp_hex_decode(a, bytes * 2, t->rc.blob, bytes))
        return -EINVAL;
    t->rc.dirty = (1u << inf->arch->nbanks) - 1;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_read_reg(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    struct thread *t = session_thread_for(s, a, n, 'g');
    uint64_t r;
    if (!rsp_parse_reg_read(a, n, &r))
        return -EINVAL;
    if (!t || !inf->alive)
        return -ESRCH;
    if (r >= inf->arch->nregs)
        return -EINVAL;
    uint8_t val[64];
    int rc = regcache_read_reg(inf, t, (int)r, val);
    if (rc < 0 && t->late)
        return reply_late_regs(s, t, (int)r);
    if (rc < 0)
        return rc;
    rsp_buf_hex_bytes(&s->reply, val, inf->arch->regs[r].bitsize / 8);
    return PACKET_OK;
}

int on_write_reg(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    struct thread *t = session_thread_for(s, a, n, 'g');
    uint64_t r;
    const char *hex;
    size_t hex_len;
    if (!rsp_parse_reg_write(a, n, &r, &hex, &hex_len))
        return -EINVAL;
    if (!t || !inf->alive)
        return -ESRCH;
    if (r >= inf->arch->nregs)
        return -EINVAL;
    size_t size = inf->arch->regs[r].bitsize / 8;
    uint8_t val[64];
    if (hex_len != size * 2 || !rsp_hex_decode(hex, hex_len, val, size))
        return -EINVAL;
    int rc = regcache_write_reg(inf, t, (int)r, val);
    if (rc < 0)
        return rc;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* Largest read we answer in one reply: hex doubles the size. */
/* Largest read answered in one reply. The client sized its request to what it can take; a hex
 * reply doubles the bytes, a binary one (x) only escapes a few, so it may serve twice as much. */
#define MAX_MEM_READ (SESSION_PACKET_SIZE / 2 - 16)
#define MAX_MEM_READ_BINARY (SESSION_PACKET_SIZE - 16)

static int read_mem_common(struct session *s, const char *a, size_t n, bool binary)
{
    struct inferior *inf = s->srv->inf;
    uint64_t addr, len;
    if (!rsp_parse_addr_len(a, n, &addr, &len))
        return -EINVAL;
    if (!inf->alive)
        return -ESRCH;
    uint64_t max = binary ? MAX_MEM_READ_BINARY : MAX_MEM_READ;
    if (len > max)
        len = max; /* a short reply is allowed: the client asks for the rest */
    bool b_prefix = binary && s->binary_upload;
    if (len == 0) {
        /* lldb probes for `x` with "x0,0" and wants OK; gdb's form is an empty 'b' reply. */
        if (binary)
            rsp_buf_puts(&s->reply, b_prefix ? "b" : "OK");
        return PACKET_OK;
    }
    rsp_buf_reset(&s->scratch);
    if (!rsp_buf_reserve(&s->scratch, len))
        return -ENOMEM;
    long got = mem_read(inf, addr, s->scratch.data, len);
    if (got <= 0)
        return got < 0 ? (int)got : -EIO;
    if (b_prefix)
        rsp_buf_putc(&s->reply, 'b');
    if (binary)
        rsp_buf_escaped(&s->reply, s->scratch.data, (size_t)got);
    else
        rsp_buf_hex_bytes(&s->reply, s->scratch.data, (size_t)got);
    return PACKET_OK;
}

int on_read_mem(struct session *s, const char *a, size_t n)
{
    return read_mem_common(s, a, n, false);
}

int on_read_mem_bin(struct session *s, const char *a, size_t n)
{
    return read_mem_common(s, a, n, true);
}

/* A write the client makes: the traps stay, and a read watchpoint over it does not mistake the new
 * value for the program's doing. */
static int write_as_client(struct inferior *inf, uint64_t addr, const void *buf, size_t len)
{
    int rc = mem_write(inf, addr, buf, len);
    if (rc == 0)
        hwpoint_note_client_write(inf, addr, len);
    return rc;
}

int on_write_mem(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    struct rsp_mem_write w;
    if (!rsp_parse_mem_write(a, n, false, &w))
        return -EINVAL;
    if (!inf->alive)
        return -ESRCH;
    rsp_buf_reset(&s->scratch);
    if (!rsp_buf_reserve(&s->scratch, w.len + 1))
        return -ENOMEM;
    if (!rsp_hex_decode(w.data, w.data_len, (uint8_t *)s->scratch.data, w.len))
        return -EINVAL;
    int rc = write_as_client(inf, w.addr, s->scratch.data, w.len);
    if (rc < 0)
        return rc;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_write_mem_bin(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    struct rsp_mem_write w;
    if (!rsp_parse_mem_write(a, n, true, &w))
        return -EINVAL;
    if (!inf->alive)
        return -ESRCH;
    long got = session_unescape_to_scratch(s, w.data, w.data_len);
    if (got < 0)
        return (int)got;
    if ((uint64_t)got != w.len)
        return -EINVAL;
    if (w.len > 0) {
        int rc = write_as_client(inf, w.addr, s->scratch.data, w.len);
        if (rc < 0)
            return rc;
    }
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}
