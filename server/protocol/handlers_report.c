/* What the client wants to hear of, and what it lets the stub handle alone: QPassSignals (signals
 * delivered without a stop), QProgramSignals (signals the program may have at a detach),
 * QCatchSyscalls (system call stops), QThreadEvents (thread creation and exit stops). */
#include "packets.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"
#include "signals.h"

#include <errno.h>
#include <string.h>

/* A list of wire signal numbers into a table of host ones. */
static int signal_table(struct session *s, const char *a, size_t n, bool host[65])
{
    bool wire[RSP_MAX_SIGNAL];
    if (!rsp_parse_signal_list(a, n, wire))
        return -EINVAL;
    memset(host, 0, 65 * sizeof host[0]);
    for (int v = 1; v < RSP_MAX_SIGNAL; v++) {
        int h = !wire[v] ? 0 : s->lldb ? v : signal_gdb_to_host(v);
        if (h > 0 && h < 65)
            host[h] = true;
    }
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_pass_signals(struct session *s, const char *a, size_t n)
{
    struct target_state *ts = &s->srv->ts;
    int rc = signal_table(s, a, n, ts->pass_signal);
    bool any = false;
    for (int h = 1; h < 65; h++)
        any |= ts->pass_signal[h];
    if (rc == PACKET_OK && any)
        memcpy(ts->quiet_signal, ts->pass_signal, sizeof ts->quiet_signal);
    return rc;
}

int on_program_signals(struct session *s, const char *a, size_t n)
{
    int rc = signal_table(s, a, n, s->srv->ts.program_signal);
    if (rc == PACKET_OK)
        s->srv->ts.program_signals_set = true;
    return rc;
}

int on_catch_syscalls(struct session *s, const char *a, size_t n)
{
    struct rsp_syscall_set set;
    if (!rsp_parse_catch_syscalls(a, n, &set))
        return -EINVAL;
    struct syscall_catch c = {.on = set.enable, .all = set.all};
    _Static_assert(sizeof c.nr == sizeof set.nr, "one bit per system call on both sides");
    memcpy(c.nr, set.nr, sizeof c.nr);
    s->srv->inf->catch_sys = c; /* from the next resume on */
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_thread_events(struct session *s, const char *a, size_t n)
{
    uint64_t on;
    if (!rsp_parse_hex_all(a, n, &on) || on > 1)
        return -EINVAL;
    s->srv->ts.report_thread_events = on == 1;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}
