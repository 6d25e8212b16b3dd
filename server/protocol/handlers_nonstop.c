/* Non-stop mode's packets: QNonStop (enter, leave), vStopped (the next queued stop report) and
 * vCtrlC (stop one thread with SIGINT). The rest of non-stop is the ordinary packets behaving per
 * thread: vCont replies OK at once, '?' lists every stopped thread. */
#include "packets.h"

#include "server.h"
#include "session.h"

#include <errno.h>

int on_qnonstop(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    if (n != 1 || (a[0] != '0' && a[0] != '1'))
        return -EINVAL;
    if (s->lldb)
        return -EOPNOTSUPP; /* lldb never asks; its all-stop protocol stays as it is */
    bool on = a[0] == '1';
    if (on)
        target_set_non_stop(srv->inf, &srv->ts, true);
    for (size_t p = 0; !on && p < srv->nprocs; p++) /* all-stop: every process stops */
        target_set_non_stop(srv->procs[p], &srv->ts, false);
    server_clear_queue(srv);
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_vstopped(struct session *s, const char *a, size_t n)
{
    if (!s->srv->ts.non_stop)
        return -EPROTO;
    server_next_queued(s->srv, s);
    return PACKET_OK;
}

int on_vctrlc(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    struct stop_report rep;
    if (!srv->ts.non_stop) { /* all-stop: as a Ctrl-C byte, the stop reply comes later */
        packets_interrupt(s);
        rsp_buf_puts(&s->reply, "OK");
        return PACKET_OK;
    }
    target_interrupt(srv->inf, &srv->ts, &rep);
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}
