/* Thread selection and listing: H, T, qfThreadInfo/qsThreadInfo, qC; TLS addresses. */
#include "packets.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"
#include "tls.h"

#include <errno.h>
#include <inttypes.h>

int on_set_thread(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    char op;
    if (!rsp_parse_set_thread(a, n, &op, &id))
        return -EINVAL;
    if (id.tid > INT32_MAX)
        return -ESRCH;
    pid_t tid = id.tid > 0 ? (pid_t)id.tid : 0;
    if (tid > 0 && !thread_find(s->srv->inf, tid))
        return -ESRCH;
    if (op == 'g')
        s->g_tid = tid;
    else
        s->c_tid = tid;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_thread_alive(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    if (!rsp_parse_tid_all(a, n, &id))
        return -EINVAL;
    if (!s->srv->inf->alive || id.tid <= 0 || id.tid > INT32_MAX ||
        !thread_find(s->srv->inf, (pid_t)id.tid))
        return -ESRCH;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_qfthreadinfo(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    if (!inf->alive || inf->nthreads == 0) {
        rsp_buf_puts(&s->reply, "l");
        return PACKET_OK;
    }
    /* All threads in one reply: one round trip however many threads there are. */
    rsp_buf_putc(&s->reply, 'm');
    for (size_t i = 0; i < inf->nthreads; i++) {
        if (i)
            rsp_buf_putc(&s->reply, ',');
        session_put_tid(s, &s->reply, inf->threads[i]->tid);
    }
    return PACKET_OK;
}

int on_qsthreadinfo(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "l");
    return PACKET_OK;
}

int on_qc(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    if (!srv->inf->alive)
        return -ESRCH;
    pid_t tid = s->g_tid > 0 ? s->g_tid : srv->last_stop.tid;
    rsp_buf_puts(&s->reply, "QC");
    session_put_tid(s, &s->reply, tid);
    return PACKET_OK;
}

/* qGetTLSAddr:TID,OFFSET,LM: where `offset` of the TLS block of the module at link map LM lives
 * for thread TID. */
int on_qgettlsaddr(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    size_t used, pos;
    uint64_t offset, lm;
    if (n < 1 || a[0] != ':' || !rsp_parse_tid(a + 1, n - 1, &id, &used))
        return -EINVAL;
    pos = 1 + used;
    if (pos >= n || a[pos] != ',' || !rsp_parse_hex_u64(a + pos + 1, n - pos - 1, &offset, &used))
        return -EINVAL;
    pos += 1 + used;
    if (pos >= n || a[pos] != ',' || !rsp_parse_hex_u64(a + pos + 1, n - pos - 1, &lm, &used) ||
        pos + 1 + used != n)
        return -EINVAL;
    if (s->srv->tls_off) {
        session_error(s, EPERM, "libthread-db-search-path holds no libthread_db");
        return PACKET_OK;
    }
    struct inferior *inf = s->srv->inf;
    struct thread *t = id.tid > 0 ? thread_find(inf, (pid_t)id.tid) : NULL;
    if (!inf->alive || !t)
        return -ESRCH;
    uint64_t addr;
    int rc = tls_address(inf, t, lm, offset, &addr);
    if (rc == -EAGAIN) {
        session_error(s, rc, "the thread has not allocated this module's TLS block yet");
        return PACKET_OK;
    }
    if (rc < 0)
        return rc;
    rsp_buf_printf(&s->reply, "%" PRIx64, addr);
    return PACKET_OK;
}
