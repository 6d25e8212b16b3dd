/* Resuming: apply the client's per-thread actions. A thread with an unreported event is not
 * resumed: that event is reported at once instead. A thread sitting on a breakpoint it just
 * reported is first single-stepped over it (trap lifted only while every other thread is
 * stopped, so no other thread can run past the site unseen). */
#include "target_internal.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/wait.h>
#include <unistd.h>

/* How long a resume that met a dying process waits for its exit status. */
#define DEATH_WAIT_MS 200

int target_resume_thread(struct inferior *inf, struct thread *t, bool step, int sig)
{
    int rc = regcache_flush(inf, t);
    if (rc < 0)
        log_warn("thread %d: cannot write registers: %s", t->tid, strerror(-rc));
    rc = hwpoint_sync_thread(inf, t);
    if (rc < 0)
        log_warn("thread %d: cannot program debug registers: %s", t->tid, strerror(-rc));
    regcache_invalidate(t);
    if (t->nowed_sig > 0) { /* owed signals go first; this one waits for the next resume */
        int owed = thread_take_owed_signal(t);
        if (sig != 0)
            thread_owe_signal(t, sig); /* a slot was just freed */
        sig = owed;
    }
    if (sig == SIGSTOP && !t->signal_stop)
        sig = 0; /* the SIGSTOP an attach is reported with was our own stop: nothing to deliver */
    if (sig != 0 && !t->signal_stop) {
        /* Only a signal-delivery stop injects a signal; at an interrupt or event stop the
         * kernel ignores it. Queue it on the thread instead: it is delivered as it resumes. */
        if (syscall(SYS_tkill, t->tid, sig) < 0)
            log_warn("thread %d: cannot queue signal %d: %s", t->tid, sig, strerror(errno));
        else
            t->queued_sig = sig; /* its stop is ours, not news for the client */
        sig = 0;
    }
    if (ptrace(step ? PTRACE_SINGLESTEP : PTRACE_CONT, t->tid, 0, sig) < 0) {
        log_debug("resume %d failed: %s", t->tid, strerror(errno));
        return -errno;
    }
    log_debug("resumed %d (%s, sig %d)", t->tid, step ? "step" : "cont", sig);
    t->running = true;
    t->stepping = step;
    return 0;
}

/* Wait for one specific thread's next stop, handing any other status to the normal path. */
/* Waits for the single step of thread t to finish. A stale interrupt stop (PTRACE_EVENT_STOP)
 * may come first: the step is simply issued again. */
static int wait_step(struct inferior *inf, struct target_state *ts, struct thread *t, int *status)
{
    for (;;) {
        int st;
        pid_t w = waitpid(t->tid, &st, __WALL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_STOP) {
            t->interrupt_sent = false;
            if (ptrace(PTRACE_SINGLESTEP, t->tid, 0, 0) == 0)
                continue;
        }
        /* A signal the client lets pass (QPassSignals) is delivered right after the step, at
         * the next resume, instead of interrupting the step over the breakpoint. */
        int sig = WIFSTOPPED(st) && (st >> 16) == 0 ? WSTOPSIG(st) : 0;
        if (sig > 0 && sig < 65 && sig != SIGTRAP && ts->pass_signal[sig] &&
            thread_owe_signal(t, sig)) {
            if (ptrace(PTRACE_SINGLESTEP, t->tid, 0, 0) == 0)
                continue;
        }
        note_stop_kind(t, st);
        *status = st;
        return 0;
    }
}

int target_step_over(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    uint64_t pc = regcache_get_pc(inf, t);
    struct sw_site *s = swbreak_find(inf, pc);
    if (!s || !s->inserted)
        return 0;
    int rc = swbreak_lift(inf, s);
    if (rc < 0)
        return rc;
    bool was_stepping = t->stepping; /* the step over is ours, not the client's */
    rc = target_resume_thread(inf, t, true, t->resume_sig);
    t->stepping = was_stepping;
    t->resume_sig = 0;
    int st = 0;
    if (rc == 0)
        rc = wait_step(inf, ts, t, &st);
    /* The site may have been freed by an exit; look it up again. */
    s = swbreak_find(inf, pc);
    if (s && inf->alive)
        swbreak_relay(inf, s);
    if (rc < 0)
        return rc;
    t->running = false;
    if (WIFSTOPPED(st) && (st >> 16) == 0 && WSTOPSIG(st) == SIGTRAP) {
        /* The step itself: nothing to report unless a watchpoint fired on the way. */
        struct stop_event ev = {0};
        bool step;
        regcache_invalidate(t);
        if (hwpoint_decode_hit(inf, t, &ev, &step)) {
            t->has_pending = true;
            t->pending = ev;
        }
        return 1;
    }
    /* Something else (a signal, an exit, a clone): the normal path records it. The step did
     * not happen, so the thread still has to step over its site when it next resumes. */
    bool was_resumed = ts->resumed;
    pid_t tid = t->tid;
    ts->resumed = false;
    target_process_status(inf, ts, tid, st); /* may free t if the thread exited */
    ts->resumed = was_resumed;
    t = inf->alive ? thread_find(inf, tid) : NULL;
    if (t && regcache_get_pc(inf, t) == pc) {
        t->at_bp_hit = true;
        t->bp_hit_pc = pc;
    }
    return 1;
}

static const struct resume_action *action_for(const struct resume_action *acts, size_t n, pid_t tid)
{
    const struct resume_action *def = NULL;
    for (size_t i = 0; i < n; i++) {
        if (acts[i].tid == tid)
            return &acts[i];
        if ((acts[i].tid == 0 || acts[i].tid == -1) && !def)
            def = &acts[i];
    }
    return def;
}

/* Is an unreported event still worth reporting now that the client resumes its thread? A
 * breakpoint hit whose site is gone (the client removed it meanwhile) or whose thread was moved
 * is stale: the PC was rewound, so the thread just executes the original instruction. A finished
 * single step is stale too: the client has since seen the thread stopped where the step left it
 * and asks for something new (reporting it would be a SIGTRAP from nowhere). */
static bool pending_still_valid(struct inferior *inf, struct thread *t)
{
    if (t->pending.kind == STOP_STEP)
        return false;
    if (t->pending.kind != STOP_SWBREAK)
        return true;
    struct sw_site *s = swbreak_find(inf, t->pending.pc);
    return s && s->inserted && regcache_get_pc(inf, t) == t->pending.pc;
}

/* Report the chosen thread's pending event now (nothing was resumed). The signals the client
 * resumed threads with are owed to them, delivered when they next run: the client counts them as
 * delivered and will not send them again. */
static int report_now(struct inferior *inf, struct target_state *ts, pid_t tid,
                      struct stop_report *out)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        if (t->resume_sig != 0 && !thread_owe_signal(t, t->resume_sig))
            log_warn("thread %d: too many owed signals, %d dropped", t->tid, t->resume_sig);
        t->resume_sig = 0;
    }
    ts->resumed = true;
    ts->stopping = true;
    ts->report_tid = tid;
    return target_handle_events(inf, ts, out);
}

/* Collect the wait statuses of a process that is going away, nothing resumed meanwhile. */
static void collect_exit(struct inferior *inf, struct target_state *ts)
{
    bool was_resumed = ts->resumed;
    ts->resumed = false;
    for (int ms = 0; inf->alive && ms < DEATH_WAIT_MS; ms++) {
        int st;
        pid_t w = 0;
        while (inf->alive && (w = waitpid(-1, &st, __WALL | WNOHANG)) > 0)
            target_process_status(inf, ts, w, st);
        if (inf->alive && w < 0 && errno == ECHILD)
            break;
        if (inf->alive)
            usleep(1000);
    }
    ts->resumed = was_resumed;
}

/* The process died while stopped (a SIGKILL from outside): the resume is answered with its
 * termination, as if it had died just after resuming, instead of an error the client cannot
 * explain. err is what the resume met (ptrace calls fail on a dying process before its exit
 * status arrives: wait for that briefly). */
static int report_death(struct inferior *inf, struct target_state *ts, int err,
                        struct stop_report *out)
{
    if (inf->alive)
        collect_exit(inf, ts);
    struct thread *lead = thread_find(inf, inf->pid);
    if (inf->alive || !lead || !lead->has_pending)
        return err;
    return report_now(inf, ts, inf->pid, out);
}

static bool resumes_a_thread(struct inferior *inf, const struct resume_action *acts, size_t nacts)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        const struct resume_action *a = action_for(acts, nacts, inf->threads[i]->tid);
        if (a && a->kind != 't')
            return true;
    }
    return false;
}

int target_resume(struct inferior *inf, struct target_state *ts, const struct resume_action *acts,
                  size_t nacts, struct stop_report *out)
{
    if (!inf->alive)
        return report_death(inf, ts, -ESRCH, out);
    /* Actions that name only threads we do not have would resume nothing: no stop reply would
     * ever come. */
    if (!resumes_a_thread(inf, acts, nacts))
        return -ESRCH;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = action_for(acts, nacts, t->tid);
        t->resume_sig = 0;
        t->held = !a || a->kind == 't'; /* now, for a stop reported before anything runs */
        if (t->held || t->running)
            continue;
        t->resume_sig = a->sig;
        t->range_step = a->kind == 'r';
        t->range_start = a->start;
        t->range_end = a->end;
    }
    /* First pass: an unreported event of a thread being resumed is reported instead. Which one,
     * when several wait, is drawn at random: always taking the first would starve the others
     * (gdb's continue-pending-status). */
    size_t candidates = 0;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = action_for(acts, nacts, t->tid);
        if (!a || a->kind == 't' || !t->has_pending)
            continue;
        if (pending_still_valid(inf, t))
            candidates++;
        else
            t->has_pending = false;
    }
    size_t pick = candidates > 1 ? (size_t)random() % candidates : 0;
    for (size_t i = 0; candidates > 0 && i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = action_for(acts, nacts, t->tid);
        if (!a || a->kind == 't' || !t->has_pending || pick-- > 0)
            continue;
        return report_now(inf, ts, t->tid, out);
    }
    /* Second pass: step threads off the breakpoints they reported, then let everything go. */
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = action_for(acts, nacts, t->tid);
        if (!a || a->kind == 't' || t->running)
            continue;
        if (t->at_bp_hit && regcache_get_pc(inf, t) == t->bp_hit_pc) {
            pid_t tid = t->tid;
            t->at_bp_hit = false;
            int rc = target_step_over(inf, ts, t);
            if (rc < 0)
                return report_death(inf, ts, rc, out);
            t = inf->alive ? thread_find(inf, tid) : NULL;
            if (!t && inf->alive) {
                i = (size_t)-1; /* the thread exited: the table changed, look again */
                continue;
            }
            if (!t)
                return report_now(inf, ts, inf->pid, out);
            bool stepping =
                a->kind == 's' || (a->kind == 'r' && !(regcache_get_pc(inf, t) >= a->start &&
                                                       regcache_get_pc(inf, t) < a->end));
            if (rc == 1 && (t->has_pending || stepping || !inf->alive)) {
                if (!t->has_pending && inf->alive) {
                    t->has_pending = true;
                    memset(&t->pending, 0, sizeof t->pending);
                    t->pending.kind = STOP_STEP;
                    t->pending.sig = SIGTRAP;
                }
                return report_now(inf, ts, inf->alive ? t->tid : inf->pid, out);
            }
        }
    }
    ts->resumed = true;
    ts->stopping = false;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = action_for(acts, nacts, t->tid);
        t->held = !a || a->kind == 't';
        if (t->held || t->running || t->new_thread)
            continue;
        t->at_bp_hit = false;
        inf->last_resumed_tid = t->tid;
        int sig = t->resume_sig;
        t->resume_sig = 0;
        int rc = target_resume_thread(inf, t, a->kind == 's' || a->kind == 'r', sig);
        if (rc < 0)
            log_warn("resume thread %d: %s", t->tid, strerror(-rc));
    }
    if (target_running_count(inf) == 0) { /* every resume failed: no stop would ever come */
        ts->resumed = false;
        return report_death(inf, ts, -ESRCH, out);
    }
    if (ts->interrupt_queued) {
        ts->interrupt_queued = false;
        return target_interrupt(inf, ts, out);
    }
    return 0;
}
