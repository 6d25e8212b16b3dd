/* Execution control: ?, c/C/s/S, vCont, k/vKill, D. Resuming replies later (PACKET_DEFERRED):
 * the stop reply is sent when the program stops, from the event loop. */
#include "packets.h"

#include "log.h"
#include "rsp_args.h"
#include "server.h"
#include "session.h"
#include "signals.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#define MAX_VCONT_ACTIONS 256

static int host_signal(const struct session *s, int wire)
{
    return s->lldb ? wire : signal_gdb_to_host(wire);
}

/* Resume and either defer the reply (running) or answer at once (an event was pending). */
static int resume_with(struct session *s, const struct resume_action *acts, size_t n)
{
    struct server *srv = s->srv;
    struct stop_report rep;
    srv->ts.report_exec = s->lldb || s->exec_events; /* lldb always; gdb if it asked */
    int rc = target_resume(srv->inf, &srv->ts, acts, n, &rep);
    if (srv->ts.non_stop) { /* OK now; the stops come as notifications */
        /* A thread or process that is gone (its exit notified, or about to be) has nothing to
         * resume or stop: gdb stopping every thread after one exit names the others, some of
         * which exited too (gdb.multi/multi-exit.exp). gdbserver answers OK as well. */
        if (rc < 0 && rc != -ESRCH)
            return rc;
        server_schedule_drain(srv);
        rsp_buf_puts(&s->reply, "OK");
        return PACKET_OK;
    }
    if (rc == -ESRCH && srv->inf->alive)
        session_error(s, rc, "no thread of the program to resume");
    if (rc < 0)
        return rc;
    if (rc == 1) {
        srv->last_stop = rep; /* the reply's lldb keys compare with it */
        session_build_stop(s, &rep);
        server_note_stop(srv, &rep);
        return PACKET_OK;
    }
    server_watch_stop_all(srv);
    return PACKET_DEFERRED;
}

int on_question(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    if (srv->ts.non_stop) { /* every stopped thread: the first now, the rest by vStopped */
        server_clear_queue(srv);
        srv->notified = true; /* answered here, not notified */
        server_requeue_all_stopped(srv);
        srv->notified = srv->nqueued > 0;
        if (!srv->nqueued)
            rsp_buf_puts(&s->reply, "OK");
        else
            session_build_stop(s, &srv->queued[0]);
        return PACKET_OK;
    }
    if (!srv->inf->alive) {
        /* How it ended, if this session saw it (a kill from outside is X09, not an exit). */
        if (srv->last_stop.ev.kind == STOP_EXITED || srv->last_stop.ev.kind == STOP_KILLED)
            session_build_stop(s, &srv->last_stop);
        else
            rsp_buf_puts(&s->reply, "W00");
        return PACKET_OK;
    }
    session_build_stop(s, &srv->last_stop);
    return PACKET_OK;
}

/* The thread a legacy c/s packet applies to: Hc's, else the one that last stopped. */
static pid_t legacy_thread(struct session *s)
{
    if (s->c_tid > 0 && thread_find(s->srv->inf, s->c_tid))
        return s->c_tid;
    return s->srv->last_stop.tid;
}

static int legacy_resume(struct session *s, const char *a, size_t n, char kind, bool has_sig)
{
    struct rsp_resume_args ra;
    if (!rsp_parse_resume_args(a, n, has_sig, &ra))
        return -EINVAL;
    if (!s->srv->inf->alive)
        return -ESRCH;
    int sig = host_signal(s, ra.sig);
    if (sig && s->lldb && s->c_tid <= 0 && !ra.has_addr) {
        /* lldb's `process signal` on a running program: an interrupt, then C with no Hc
         * thread. As lldb-server does, the signal goes to the process and all continue, so it
         * stops (or passes) by the usual rules; an injection would be lost, for the
         * interrupt's stop is not a signal-delivery stop. */
        if (kill(s->srv->inf->pid, sig) < 0)
            return -ESRCH;
        sig = 0;
    }
    pid_t tid = legacy_thread(s);
    if (ra.has_addr) { /* optional resume address */
        struct thread *t = thread_find(s->srv->inf, tid);
        if (!t)
            return -EINVAL;
        regcache_set_pc(s->srv->inf, t, ra.addr);
    }
    /* The current process alone: these packets name no process. */
    pid_t pid = s->srv->inf->pid;
    struct resume_action acts[2] = {{.kind = kind, .sig = sig, .pid = pid, .tid = tid}};
    size_t nacts = 1;
    if (kind == 'c')
        acts[nacts++] = (struct resume_action){.kind = 'c', .pid = pid, .tid = 0};
    return resume_with(s, acts, nacts);
}

int on_continue(struct session *s, const char *a, size_t n)
{
    return legacy_resume(s, a, n, 'c', false);
}

int on_continue_sig(struct session *s, const char *a, size_t n)
{
    return legacy_resume(s, a, n, 'c', true);
}

int on_step(struct session *s, const char *a, size_t n)
{
    return legacy_resume(s, a, n, 's', false);
}

int on_step_sig(struct session *s, const char *a, size_t n)
{
    return legacy_resume(s, a, n, 's', true);
}

/* Every action kind we implement; vCont? is built from this list. */
static const char vcont_kinds[] = "cCsStr";

int on_vcont_query(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "vCont");
    for (const char *k = vcont_kinds; *k; k++)
        rsp_buf_printf(&s->reply, ";%c", *k);
    return PACKET_OK;
}

int on_vcont(struct session *s, const char *a, size_t n)
{
    struct rsp_vcont_action va[MAX_VCONT_ACTIONS];
    struct resume_action acts[MAX_VCONT_ACTIONS];
    size_t count;
    /* The parser wants the leading ';' that the table stripped with the name. */
    if (!rsp_parse_vcont(a - 1, n + 1, va, MAX_VCONT_ACTIONS, &count) || count == 0)
        return -EINVAL;
    /* Each action is for the process it names, or for every process: gdb's schedule-multiple
     * resumes several at once (`vCont;c`, or a `c:pPID.-1` per process), and without it names
     * the one process it resumes. The first process named becomes the client's current one. */
    for (size_t i = 0; i < count; i++) {
        if (va[i].has_tid && va[i].tid.pid > 0 && va[i].tid.pid <= INT32_MAX) {
            server_select_process(s->srv, server_find_process(s->srv, (pid_t)va[i].tid.pid));
            break;
        }
    }
    size_t nacts = 0;
    for (size_t i = 0; i < count; i++) {
        if (!strchr(vcont_kinds, va[i].kind))
            return -EINVAL;
        if (va[i].has_tid && (va[i].tid.pid > INT32_MAX || va[i].tid.tid > INT32_MAX))
            continue; /* no process or thread of ours */
        acts[nacts++] = (struct resume_action){
            .kind = va[i].kind,
            .sig = host_signal(s, va[i].sig),
            .pid = va[i].has_tid && va[i].tid.pid > 0 ? (pid_t)va[i].tid.pid : 0,
            .tid = va[i].has_tid && va[i].tid.tid > 0 ? (pid_t)va[i].tid.tid : 0,
            .start = va[i].start,
            .end = va[i].end,
        };
    }
    s->vcont_used = true;
    return resume_with(s, acts, nacts);
}

int on_kill(struct session *s, const char *a, size_t n)
{
    target_kill(s->srv->inf, &s->srv->ts);
    server_release_inferior(s->srv);
    return PACKET_DEFERRED; /* gdb does not wait for a reply to 'k' */
}

/* The process a vKill or D names (";PID" in hex), or the current one, alive or dead with its end
 * not yet reported. NULL: none such. */
static struct inferior *named_entry(struct session *s, const char *a, size_t n, int *err)
{
    uint64_t pid = 0;
    *err = -ESRCH;
    if (n > 0 && (a[0] != ';' || !rsp_parse_hex_all(a + 1, n - 1, &pid) || pid > INT32_MAX)) {
        *err = -EINVAL;
        return NULL;
    }
    struct inferior *inf = n > 0 ? server_find_process(s->srv, (pid_t)pid) : s->srv->inf;
    return inf && (inf->alive || inf->pid > 0) ? inf : NULL;
}

/* A process killed from outside while stopped: its end waits for the next resume to be reported.
 * Killing or detaching it is done already (gdb.threads/process-dies-while-detaching: "Can't
 * detach process" on E03); it leaves the table, as its reported end would take it out. */
static struct inferior *named_process(struct session *s, const char *a, size_t n, int *err)
{
    struct inferior *inf = named_entry(s, a, n, err);
    if (inf && !inf->alive) {
        log_info("process %d ended before the client let it go", inf->pid);
        server_drop_process(s->srv, inf);
        *err = 0;
        return NULL;
    }
    return inf;
}

/* Kill or detach inf, with the children of fork events the client has not heard of yet
 * (non-stop: still queued), which go the same way; then out of the table. */
static int end_process(struct server *srv, struct inferior *inf, bool kill_it)
{
    pid_t children[64];
    size_t n = server_unqueue_process(srv, inf, children, sizeof children / sizeof children[0]);
    int rc = 0;
    if (kill_it)
        target_kill(inf, &srv->ts);
    else
        rc = target_detach(inf, &srv->ts);
    if (rc < 0)
        return rc;
    server_drop_process(srv, inf);
    for (size_t i = 0; i < n; i++) {
        struct inferior *child = server_find_process(srv, children[i]);
        if (!child)
            continue;
        if (kill_it)
            target_kill(child, &srv->ts);
        else
            target_detach(child, &srv->ts);
        server_drop_process(srv, child);
    }
    return 0;
}

/* vKill;PID: that process alone; the others stay. */
int on_vkill(struct session *s, const char *a, size_t n)
{
    int err;
    struct inferior *inf = named_process(s, a, n, &err);
    if (!inf && err == 0)
        rsp_buf_puts(&s->reply, "OK");
    if (!inf)
        return err == 0 ? PACKET_OK : err;
    end_process(s->srv, inf, true);
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* D or D;PID: let that process go (a fork child the client does not follow, or its parent when
 * it follows the child); the others stay. */
int on_detach(struct session *s, const char *a, size_t n)
{
    int err;
    struct inferior *inf = named_process(s, a, n, &err);
    if (!inf && err == 0)
        rsp_buf_puts(&s->reply, "OK");
    if (!inf)
        return err == 0 ? PACKET_OK : err;
    int rc = end_process(s->srv, inf, false);
    if (rc < 0)
        return rc;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}
