/* Thread selection and listing: H, T, qfThreadInfo/qsThreadInfo, qC. */
#include "packets.h"

#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <errno.h>

int on_set_thread(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    size_t used;
    if (n < 2 || (a[0] != 'g' && a[0] != 'c') || !rsp_parse_tid(a + 1, n - 1, &id, &used))
        return -EINVAL;
    pid_t tid = id.tid > 0 ? (pid_t)id.tid : 0;
    if (tid > 0 && !thread_find(&s->srv->inf, tid))
        return -ESRCH;
    if (a[0] == 'g')
        s->g_tid = tid;
    else
        s->c_tid = tid;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_thread_alive(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    size_t used;
    if (!rsp_parse_tid(a, n, &id, &used))
        return -EINVAL;
    if (!s->srv->inf.alive || !thread_find(&s->srv->inf, (pid_t)id.tid))
        return -ESRCH;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_qfthreadinfo(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = &s->srv->inf;
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
    if (!srv->inf.alive)
        return -ESRCH;
    pid_t tid = s->g_tid > 0 ? s->g_tid : srv->last_stop.tid;
    rsp_buf_puts(&s->reply, "QC");
    session_put_tid(s, &s->reply, tid);
    return PACKET_OK;
}
