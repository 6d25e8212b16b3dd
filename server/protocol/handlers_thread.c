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
    if (id.pid > 0) { /* pPID.TID: the client turns to that process (one of several) */
        struct inferior *p =
            id.pid <= INT32_MAX ? server_find_process(s->srv, (pid_t)id.pid) : NULL;
        if (!p)
            return -ESRCH;
        server_select_process(s->srv, p);
    } else if (tid > 0) {
        server_select_process(s->srv, server_process_of_thread(s->srv, tid));
    }
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
    struct inferior *inf =
        id.tid > 0 && id.tid <= INT32_MAX ? server_process_of_thread(s->srv, (pid_t)id.tid) : NULL;
    if (!inf || !inf->alive)
        return -ESRCH;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* Every thread of every process in one reply: one round trip however many there are (gdb
 * forgets the threads a list leaves out, so with several processes all are listed). */
int on_qfthreadinfo(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    size_t listed = 0;
    server_forget_exited_leaders(srv);
    for (size_t p = 0; p < srv->nprocs; p++) {
        struct inferior *inf = srv->procs[p];
        if (!inf->alive || (!s->multiprocess && inf != srv->inf))
            continue;
        for (size_t i = 0; i < inf->nthreads; i++) {
            rsp_buf_putc(&s->reply, listed++ ? ',' : 'm');
            session_put_tid(s, &s->reply, inf->threads[i]->tid);
        }
    }
    /* lldb connecting to a debug server with no program (platform mode) takes a thread list,
     * even an empty one, to mean there is a process, asks '?' and, told it exited, crashes
     * (lldb 19) when it then launches one. lldb-server answers OK there. */
    if (!listed)
        rsp_buf_puts(&s->reply, s->lldb ? "OK" : "l");
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
    /* The thread's own process: gdb asks of any inferior's thread, not the current one's. */
    struct inferior *inf =
        id.tid > 0 && id.tid <= INT32_MAX ? server_process_of_thread(s->srv, (pid_t)id.tid) : NULL;
    struct thread *t = inf ? thread_find(inf, (pid_t)id.tid) : NULL;
    if (!inf || !inf->alive || !t)
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
