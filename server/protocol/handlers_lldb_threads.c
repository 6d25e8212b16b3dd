/* lldb's thread packets: jThreadsInfo (every thread's name, stop reason and PC/SP/FP in one JSON
 * reply) and qThreadStopInfo (the stop reply for one thread). */
#include "packets.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <errno.h>

int on_jthreadsinfo(struct session *s, const char *a, size_t n)
{
    if (!s->srv->inf->alive)
        return -ESRCH;
    rsp_buf_reset(&s->scratch);
    lldb_put_threads_json(s, &s->scratch, true);
    /* JSON is full of '}', the protocol's escape byte: send it escaped like binary data. */
    rsp_buf_escaped(&s->reply, s->scratch.data, s->scratch.len);
    return PACKET_OK;
}

/* qThreadStopInfoTID: the stop reply for one thread; signal 0 for a thread that only stopped
 * because another one did. */
int on_qthreadstopinfo(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    uint64_t tid;
    if (!rsp_parse_hex_all(a, n, &tid))
        return -EINVAL;
    if (!inf->alive || tid == 0 || tid > INT32_MAX || !thread_find(inf, (pid_t)tid))
        return -ESRCH;
    const struct stop_report *last = &s->srv->last_stop;
    struct stop_report rep = {.tid = (pid_t)tid, .ev = {.kind = STOP_SIGNAL, .sig = 0}};
    session_build_stop(s, last->tid == (pid_t)tid ? last : &rep);
    return PACKET_OK;
}
