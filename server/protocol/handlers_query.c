/* General queries: capabilities, no-ack mode and small fixed answers (monitor commands:
 * handlers_monitor.c). */
#include "packets.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"
#include "signals.h"

#include <string.h>

int on_qsupported(struct session *s, const char *a, size_t n)
{
    /* Client features: "qSupported:f1;f2=v;..." */
    struct rsp_client_features cf;
    if (!rsp_parse_qsupported(a, n, &cf))
        return PACKET_OK; /* "qSupportedX" is some other packet: unsupported */
    s->swbreak |= cf.swbreak;
    s->hwbreak |= cf.hwbreak;
    s->multiprocess |= cf.multiprocess;
    s->lldb |= cf.lldb;
    s->plain_regs = !cf.xml_registers;
    if (cf.no_resumed)
        s->srv->ts.report_no_resumed = true;
    /* The client follows forks itself (it needs pPID.TID ids to tell the processes apart). */
    s->srv->ts.report_forks = cf.fork_events && s->multiprocess;
    s->srv->ts.report_vforks = cf.vfork_events && s->multiprocess;
    s->exec_events = cf.exec_events;
    rsp_buf_printf(&s->reply, "PacketSize=%x", SESSION_PACKET_SIZE);
    xfer_append_features(s);
    packets_append_features(s);
    if (s->multiprocess)
        rsp_buf_puts(&s->reply, ";multiprocess+");
    if (s->srv->ts.report_forks)
        rsp_buf_puts(&s->reply, ";fork-events+");
    if (s->srv->ts.report_vforks)
        rsp_buf_puts(&s->reply, ";vfork-events+");
    if (s->exec_events)
        rsp_buf_puts(&s->reply, ";exec-events+");
    if (s->lldb) {
        lldb_append_features(s);
    } else {
        /* gdb's `x` reply carries a 'b' before the data; lldb's (older) `x` has none and lldb
         * does not look for this feature, so only gdb is offered it. */
        rsp_buf_puts(&s->reply, ";binary-upload+");
        s->binary_upload = true;
    }
    return PACKET_OK;
}

int on_start_noack(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "OK");
    /* The OK itself is still acknowledged; everything after it is not. */
    session_send_reply(s);
    s->no_ack = true;
    s->rd.no_ack = true;
    rsp_buf_reset(&s->reply);
    return PACKET_DEFERRED;
}

int on_qsymbol(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "OK"); /* we need no symbols looked up */
    return PACKET_OK;
}

int on_qattached(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, s->srv->inf->attached ? "1" : "0");
    return PACKET_OK;
}

int on_qtstatus(struct session *s, const char *a, size_t n)
{
    return PACKET_OK; /* no tracepoints: empty reply */
}

int on_qthread_extra(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    if (!rsp_parse_tid_all(a, n, &id) || id.tid <= 0 || id.tid > INT32_MAX)
        return -22;
    char name[64];
    thread_name(s->srv->inf, (pid_t)id.tid, name, sizeof name);
    rsp_buf_hex_str(&s->reply, name);
    return PACKET_OK;
}
