/* Stop replies: T packets with the thread, its core, the expedited registers (so the client
 * needs no register round trip per stop) and the reason (swbreak, hwbreak, watch...). */
#include "packets.h"

#include "options.h"
#include "server.h"
#include "session.h"
#include "signals.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int wire_signal(const struct session *s, int host)
{
    return s->lldb ? host : signal_host_to_gdb(host);
}

static void append_expedited(struct session *s, struct thread *t)
{
    struct inferior *inf = s->srv->inf;
    const struct arch_ops *a = inf->arch;
    for (int i = 0; i < 8 && a->expedite[i] >= 0; i++) {
        int r = a->expedite[i];
        uint8_t val[64];
        if (regcache_read_reg(inf, t, r, val) < 0)
            continue;
        rsp_buf_printf(&s->reply, "%x:", r);
        rsp_buf_hex_bytes(&s->reply, val, a->regs[r].bitsize / 8);
        rsp_buf_putc(&s->reply, ';');
    }
}

/* fork:pC.C; vfork:pC.C; vforkdone:; exec:HEXPATH; (the path from the new image). */
static void append_lifecycle(struct session *s, const struct stop_report *rep)
{
    const struct stop_event *ev = &rep->ev;
    if (ev->kind == STOP_FORK || ev->kind == STOP_VFORK) {
        rsp_buf_puts(&s->reply, ev->kind == STOP_FORK ? "fork:" : "vfork:");
        if (s->multiprocess)
            rsp_buf_printf(&s->reply, "p%x.%x;", ev->child, ev->child);
        else
            rsp_buf_printf(&s->reply, "%x;", ev->child);
    } else if (ev->kind == STOP_VFORK_DONE) {
        rsp_buf_puts(&s->reply, "vforkdone:;");
    } else if (ev->kind == STOP_EXEC && !s->lldb) {
        char path[64], target[4096];
        struct inferior *inf = server_process_of_thread(s->srv, rep->tid);
        snprintf(path, sizeof path, "/proc/%d/exe", inf ? inf->pid : rep->tid);
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n > 0) {
            rsp_buf_puts(&s->reply, "exec:");
            rsp_buf_hex_bytes(&s->reply, target, (size_t)n);
            rsp_buf_putc(&s->reply, ';');
        }
    }
}

static void append_reason(struct session *s, const struct stop_event *ev)
{
    static const char *watch_key[] = {
        [HW_WRITE] = "watch", [HW_READ] = "rwatch", [HW_ACCESS] = "awatch"};
    switch (ev->kind) {
    case STOP_SWBREAK:
        if (s->swbreak || s->lldb)
            rsp_buf_puts(&s->reply, "swbreak:;");
        break;
    case STOP_HWBREAK:
        if (s->hwbreak || s->lldb)
            rsp_buf_puts(&s->reply, "hwbreak:;");
        break;
    case STOP_WATCH:
        rsp_buf_printf(&s->reply, "%s:%llx;", watch_key[ev->watch_kind],
                       (unsigned long long)ev->watch_addr);
        break;
    case STOP_SYSCALL_ENTRY:
    case STOP_SYSCALL_RETURN:
        rsp_buf_printf(&s->reply, "%s:%lx;",
                       ev->kind == STOP_SYSCALL_ENTRY ? "syscall_entry" : "syscall_return",
                       (unsigned long)ev->sysno);
        break;
    case STOP_THREAD_CREATED:
        rsp_buf_puts(&s->reply, "create:;");
        break;
    default:
        break;
    }
}

/* A thread id as the client wants it: pPID.TID once it asked for multiprocess. */
void session_put_tid(struct session *s, struct rsp_buf *b, pid_t tid)
{
    if (s->multiprocess) {
        struct inferior *owner = server_process_of_thread(s->srv, tid);
        rsp_buf_printf(b, "p%x.%x", owner ? owner->pid : s->srv->inf->pid, tid);
    } else
        rsp_buf_printf(b, "%x", tid);
}

void session_build_stop(struct session *s, const struct stop_report *rep)
{
    struct inferior *inf = server_process_of_thread(s->srv, rep->tid);
    if (!inf)
        inf = s->srv->inf;
    const struct stop_event *ev = &rep->ev;
    rsp_buf_reset(&s->reply);
    if (ev->kind == STOP_EXITED) {
        rsp_buf_printf(&s->reply, "W%02x", ev->exit_code & 0xff);
        if (s->multiprocess)
            rsp_buf_printf(&s->reply, ";process:%x", rep->tid);
        return;
    }
    if (ev->kind == STOP_THREAD_EXITED) { /* QThreadEvents: "wAA;TID" */
        rsp_buf_printf(&s->reply, "w%02x;", ev->exit_code & 0xff);
        if (s->multiprocess && rep->pid) /* the thread has left the table already */
            rsp_buf_printf(&s->reply, "p%x.%x", rep->pid, rep->tid);
        else
            session_put_tid(s, &s->reply, rep->tid);
        return;
    }
    if (ev->kind == STOP_NO_RESUMED) {
        rsp_buf_putc(&s->reply, 'N');
        return;
    }
    if (ev->kind == STOP_KILLED) {
        rsp_buf_printf(&s->reply, "X%02x", wire_signal(s, ev->sig) & 0xff);
        if (s->multiprocess)
            rsp_buf_printf(&s->reply, ";process:%x", rep->tid);
        return;
    }
    /* The client takes the reporting thread as the stub's current one from here on (gdb's
     * record_currthread): register packets without a new Hg mean that thread. */
    if (!s->srv->ts.non_stop) /* a notification changes nothing the client selected */
        s->g_tid = rep->tid;
    int sig = ev->kind == STOP_SIGNAL || ev->kind == STOP_INTERRUPT ? ev->sig : SIGTRAP;
    sig = wire_signal(s, sig);
    if (s->srv->opt.disabled & DISABLE_T) {
        rsp_buf_printf(&s->reply, "S%02x", sig & 0xff);
        return;
    }
    rsp_buf_printf(&s->reply, "T%02x", sig & 0xff);
    if (!(s->srv->opt.disabled & DISABLE_TTHREAD)) {
        rsp_buf_puts(&s->reply, "thread:");
        session_put_tid(s, &s->reply, rep->tid);
        rsp_buf_putc(&s->reply, ';');
    }
    int core = thread_core(inf, rep->tid);
    if (core >= 0)
        rsp_buf_printf(&s->reply, "core:%x;", core);
    struct thread *t = thread_find(inf, rep->tid);
    if (t)
        append_expedited(s, t);
    append_reason(s, ev);
    append_lifecycle(s, rep);
    if (s->lldb)
        lldb_append_stop_keys(s, rep);
}

void session_send_stop(struct session *s, const struct stop_report *rep)
{
    session_build_stop(s, rep);
    session_send_reply(s);
}
