/* General queries: capabilities, no-ack mode and small fixed answers (monitor commands:
 * handlers_monitor.c). */
#include "packets.h"

#include "rsp_parse.h"
#include "server.h"
#include "session.h"
#include "signals.h"

#include <string.h>

int on_qsupported(struct session *s, const char *a, size_t n)
{
    /* Client features: "qSupported:f1;f2=v;..." */
    if (n > 0 && a[0] == ':') {
        const char *f;
        size_t fl, pos = 1;
        while (rsp_next_field(a, n, ';', &pos, &f, &fl)) {
            if (fl == 8 && memcmp(f, "swbreak+", 8) == 0)
                s->swbreak = true;
            else if (fl == 8 && memcmp(f, "hwbreak+", 8) == 0)
                s->hwbreak = true;
            else if (fl == 13 && memcmp(f, "multiprocess+", 13) == 0)
                s->multiprocess = true;
            else if (fl == 11 && memcmp(f, "no-resumed+", 11) == 0)
                s->srv->ts.report_no_resumed = true;
            else if (rsp_has_prefix(f, fl, "xmlRegisters=") && memchr(f, ',', fl))
                s->lldb = true; /* gdb sends "=i386" alone; lldb lists several */
        }
    }
    rsp_buf_printf(&s->reply, "PacketSize=%x", SESSION_PACKET_SIZE);
    xfer_append_features(s);
    packets_append_features(s);
    if (s->multiprocess)
        rsp_buf_puts(&s->reply, ";multiprocess+");
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

int on_pass_signals(struct session *s, const char *a, size_t n)
{
    bool pass[65] = {false};
    const char *f;
    size_t fl, pos = 0;
    while (rsp_next_field(a, n, ';', &pos, &f, &fl)) {
        uint64_t v;
        size_t used;
        if (!rsp_parse_hex_u64(f, fl, &v, &used) || used != fl)
            return -22;
        int host = s->lldb ? (int)v : signal_gdb_to_host((int)v);
        if (host > 0 && host < 65)
            pass[host] = true;
    }
    memcpy(s->srv->ts.pass_signal, pass, sizeof pass);
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_qattached(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, s->srv->inf.attached ? "1" : "0");
    return PACKET_OK;
}

int on_qtstatus(struct session *s, const char *a, size_t n)
{
    return PACKET_OK; /* no tracepoints: empty reply */
}

int on_qthread_extra(struct session *s, const char *a, size_t n)
{
    struct rsp_tid id;
    size_t used;
    if (!rsp_parse_tid(a, n, &id, &used))
        return -22;
    char name[64];
    thread_name(&s->srv->inf, (pid_t)id.tid, name, sizeof name);
    rsp_buf_hex_str(&s->reply, name);
    return PACKET_OK;
}
