/* lldb's part of a stop reply: the keys it reads (reason:, the thread's name, every thread and
 * its PC so it needs no qfThreadInfo/p round trips per stop, the fault's description), and the
 * JSON thread list that jThreadsInfo and the jstopinfo: key share. */
#include "packets.h"

#include "rsp_args.h"
#include "rsp_json.h"
#include "server.h"
#include "session.h"
#include "signals.h"

#include <errno.h>
#include <inttypes.h>
#include <sys/ptrace.h>

/* lldb's word for why a thread stopped, or NULL when the client should work it out. */
static const char *lldb_reason(const struct stop_event *ev)
{
    switch (ev->kind) {
    case STOP_SWBREAK:
    case STOP_HWBREAK:
        return "breakpoint";
    case STOP_WATCH:
        return "watchpoint";
    case STOP_STEP:
        return "trace";
    case STOP_SIGNAL: /* signal 0: stopped only because another thread had an event */
        return ev->sig ? "signal" : NULL;
    case STOP_INTERRUPT:
        return "signal";
    case STOP_EXEC:
        return "exec";
    /* Fork events: lldb reads them from reason: (the T packet's fork:/vfork: key names the
     * child); without one a vforkdone stop looks like a SIGTRAP to it. */
    case STOP_FORK:
        return "fork";
    case STOP_VFORK:
        return "vfork";
    case STOP_VFORK_DONE:
        return "vforkdone";
    default:
        return NULL;
    }
}

/* The event thread t stopped for, if it is the one last reported; NULL for the others (they
 * were only stopped because another thread had something to report). */
static const struct stop_event *thread_event(struct session *s, pid_t tid)
{
    const struct stop_report *last = &s->srv->last_stop;
    return last->tid == tid ? &last->ev : NULL;
}

/* One thread's JSON object; the registers (PC/SP/FP) only for jThreadsInfo. */
static void put_thread_json(struct session *s, struct rsp_buf *b, struct thread *t, bool regs)
{
    struct inferior *inf = s->srv->inf;
    const struct arch_ops *a = inf->arch;
    char name[64];
    thread_name(inf, t->tid, name, sizeof name);
    rsp_buf_printf(b, "{\"tid\":%d,\"name\":\"", t->tid);
    rsp_buf_json_text(b, name);
    rsp_buf_putc(b, '"');
    const struct stop_event *ev = thread_event(s, t->tid);
    const char *reason = ev ? lldb_reason(ev) : NULL;
    int sig = 0;
    if (ev)
        sig = ev->kind == STOP_SIGNAL || ev->kind == STOP_INTERRUPT ? ev->sig : 5 /*SIGTRAP*/;
    if (reason)
        rsp_buf_printf(b, ",\"reason\":\"%s\"", reason);
    if (ev && ev->kind == STOP_WATCH) /* lldb's watchpoint description: the address, decimal */
        rsp_buf_printf(b, ",\"description\":\"%" PRIu64 "\"", ev->watch_addr);
    if (ev && (ev->kind == STOP_FORK || ev->kind == STOP_VFORK)) /* the child: "PID TID" */
        rsp_buf_printf(b, ",\"description\":\"%d %d\"", (int)ev->child, (int)ev->child);
    rsp_buf_printf(b, ",\"signal\":%d", sig);
    if (!regs) {
        rsp_buf_putc(b, '}');
        return;
    }
    rsp_buf_puts(b, ",\"registers\":{");
    bool first = true;
    for (int i = 0; i < 8 && a->expedite[i] >= 0; i++) {
        int r = a->expedite[i];
        uint8_t val[64];
        if (regcache_read_reg(inf, t, r, val) < 0)
            continue;
        rsp_buf_printf(b, "%s\"%d\":\"", first ? "" : ",", r);
        rsp_buf_hex_bytes(b, val, a->regs[r].bitsize / 8);
        rsp_buf_putc(b, '"');
        first = false;
    }
    rsp_buf_puts(b, "}}");
}

void lldb_put_threads_json(struct session *s, struct rsp_buf *b, bool regs)
{
    struct inferior *inf = s->srv->inf;
    rsp_buf_putc(b, '[');
    for (size_t i = 0; i < inf->nthreads; i++) {
        if (i)
            rsp_buf_putc(b, ',');
        put_thread_json(s, b, inf->threads[i], regs);
    }
    rsp_buf_putc(b, ']');
}

void lldb_append_stop_keys(struct session *s, const struct stop_report *rep)
{
    struct inferior *inf = s->srv->inf;
    char name[64];
    thread_name(inf, rep->tid, name, sizeof name);
    if (name[0]) {
        rsp_buf_puts(&s->reply, "hexname:"); /* hex: a name may hold ';' or ':' */
        rsp_buf_hex_str(&s->reply, name);
        rsp_buf_putc(&s->reply, ';');
    }
    if (s->list_threads_in_stop) {
        rsp_buf_puts(&s->reply, "threads:");
        for (size_t i = 0; i < inf->nthreads; i++)
            rsp_buf_printf(&s->reply, "%s%x", i ? "," : "", inf->threads[i]->tid);
        rsp_buf_puts(&s->reply, ";thread-pcs:");
        for (size_t i = 0; i < inf->nthreads; i++)
            rsp_buf_printf(&s->reply, "%s%" PRIx64, i ? "," : "",
                           regcache_get_pc(inf, inf->threads[i]));
        rsp_buf_putc(&s->reply, ';');
        /* Every thread's stop reason too (hex JSON), or lldb asks qThreadStopInfo for each
         * thread after every stop. Only for the stop just reported: thread_event() compares
         * with last_stop, which the caller has already updated. */
        if (s->srv->last_stop.tid == rep->tid) {
            rsp_buf_reset(&s->scratch);
            lldb_put_threads_json(s, &s->scratch, false);
            rsp_buf_puts(&s->reply, "jstopinfo:");
            rsp_buf_hex_bytes(&s->reply, s->scratch.data, s->scratch.len);
            rsp_buf_putc(&s->reply, ';');
        }
    }
    /* Why a fault signal came, as lldb-server tells it (lldb shows it as the stop reason). */
    siginfo_t si;
    char why[128];
    if (rep->ev.kind == STOP_SIGNAL && ptrace(PTRACE_GETSIGINFO, rep->tid, 0, &si) == 0 &&
        si.si_signo == rep->ev.sig && signal_describe_fault(&si, why, sizeof why)) {
        rsp_buf_puts(&s->reply, "description:");
        rsp_buf_hex_str(&s->reply, why);
        rsp_buf_putc(&s->reply, ';');
    }
    /* Watchpoints keep gdb's watch:/rwatch:/awatch: key, which lldb reads as the reason. */
    const char *reason = lldb_reason(&rep->ev);
    if (reason && rep->ev.kind != STOP_WATCH)
        rsp_buf_printf(&s->reply, "reason:%s;", reason);
}
