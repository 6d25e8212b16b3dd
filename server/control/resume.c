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

/* Report the chosen thread's pending event now (nothing was resumed). The signals the client
 * resumed threads with are owed to them, delivered when they next run: the client counts them as
 * delivered and will not send them again. */
static int report_now(struct inferior *inf, struct target_state *ts, pid_t tid,
                      struct stop_report *out)
{
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        for (size_t i = 0; i < m->nthreads; i++) {
            struct thread *t = m->threads[i];
            if (t->resume_sig != 0 && !thread_owe_signal(t, t->resume_sig))
                log_warn("thread %d: too many owed signals, %d dropped", t->tid, t->resume_sig);
            t->resume_sig = 0;
        }
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

/* True if the actions let one of inf's threads run ('t' keeps it stopped). */
static bool resumes_a_thread(struct inferior *inf, const struct resume_action *acts, size_t nacts)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        const struct resume_action *a =
            target_action_for(acts, nacts, inf->pid, inf->threads[i]->tid);
        if (a && a->kind != 't')
            return true;
    }
    return false;
}

/* The processes this resume lets run: inf (the client's current one) and every other one of the
 * table the actions let a thread of run (gdb's schedule-multiple: `vCont;c`, or an action per
 * process). The rest stay stopped; a status of theirs is kept quietly for their own resume.
 * Returns how many processes have a thread to run. */
static size_t mark_members(struct inferior *inf, struct target_state *ts,
                           const struct resume_action *acts, size_t nacts)
{
    size_t n = 0;
    for (size_t p = 0; ts->procs && p < *ts->nprocs; p++) {
        struct inferior *o = ts->procs[p];
        o->in_resume = o != inf && resumes_a_thread(o, acts, nacts);
        n += o->in_resume;
    }
    n += resumes_a_thread(inf, acts, nacts);
    inf->in_resume = true;
    return n;
}

/* Every thread's part in the resume: held (no action, or 't') or to run with its signal and
 * range. A signal that arrived under the last single step comes now: reported like one that
 * just arrived, or owed if the client lets it pass now and continues the thread. A thread the
 * client steps again hears of it even if passed, as of a passed signal under a step (silent.c):
 * owed, it would wait for a continue that a step in a loop ended by its handler never sees. */
static void prepare(struct inferior *inf, struct target_state *ts, const struct resume_action *acts,
                    size_t nacts)
{
    inf->nsoft_retired = 0; /* every thread is stopped: no hit of a lifted trap still queued */
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = target_action_for(acts, nacts, inf->pid, t->tid);
        t->resume_sig = 0;
        t->held = !a || a->kind == 't'; /* now, for a stop reported before anything runs */
        if (t->held || t->running)
            continue;
        t->resume_sig = a->sig;
        t->range_step = a->kind == 'r';
        t->range_start = a->start;
        t->range_end = a->end;
    }
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        int sig = t->deferred_sig;
        if (sig == 0 || t->held || t->has_pending)
            continue;
        t->deferred_sig = 0;
        const struct resume_action *a = target_action_for(acts, nacts, inf->pid, t->tid);
        bool steps = a->kind == 's' || a->kind == 'r'; /* not held: it has an action */
        if (steps || !(sig < 65 && ts->pass_signal[sig] && thread_owe_signal(t, sig))) {
            t->has_pending = true;
            t->pending = (struct stop_event){.kind = STOP_SIGNAL, .sig = sig};
        }
    }
}

/* The resumed threads of inf with an unreported event worth reporting; stale events are
 * dropped on the way. */
static size_t count_pending(struct inferior *inf, struct target_state *ts,
                            const struct resume_action *acts, size_t nacts)
{
    size_t candidates = 0;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = target_action_for(acts, nacts, inf->pid, t->tid);
        if (!a || a->kind == 't' || !t->has_pending)
            continue;
        if (target_pending_still_valid(inf, ts, t))
            candidates++;
        else if (t->exited) { /* its exit was all that was left of it */
            thread_remove(inf, t->tid);
            i--; /* the next thread took its place (wraps to 0 past the first) */
        } else
            t->has_pending = false;
    }
    return candidates;
}

/* The pick-th resumed thread of inf with an event, or NULL (*pick then counts those seen). */
static struct thread *nth_pending(struct inferior *inf, const struct resume_action *acts,
                                  size_t nacts, size_t *pick)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = target_action_for(acts, nacts, inf->pid, t->tid);
        if (a && a->kind != 't' && t->has_pending && (*pick)-- == 0)
            return t;
    }
    return NULL;
}

/* Step inf's threads off the breakpoints they reported. Returns 1 when that ended in a stop to
 * report at once (in *out), 0 when all can go, or -errno. */
static int step_off_breakpoints(struct inferior *inf, struct target_state *ts,
                                const struct resume_action *acts, size_t nacts,
                                struct stop_report *out)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = target_action_for(acts, nacts, inf->pid, t->tid);
        if (!a || a->kind == 't' || t->running || t->exited)
            continue;
        if (!t->at_bp_hit || regcache_get_pc(inf, t) != t->bp_hit_pc)
            continue;
        pid_t tid = t->tid;
        t->at_bp_hit = false;
        int rc = target_step_over(inf, ts, t, a->kind == 's');
        if (rc < 0)
            return report_death(inf, ts, rc, out);
        t = inf->alive ? thread_find_after_exec(inf, tid) : NULL;
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
    return 0;
}

/* Let inf's resumed threads go. */
static void run_threads(struct inferior *inf, const struct resume_action *acts, size_t nacts)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        const struct resume_action *a = target_action_for(acts, nacts, inf->pid, t->tid);
        t->held = !a || a->kind == 't';
        if (t->held || t->running || t->new_thread || t->exited)
            continue;
        t->at_bp_hit = false;
        inf->last_resumed_tid = t->tid;
        int sig = t->resume_sig;
        t->resume_sig = 0;
        int rc = target_resume_thread(inf, t, a->kind == 's' || a->kind == 'r', sig);
        if (rc == -ESRCH) {
            /* It left its stop under a SIGKILL (another thread's exit_group, or a kill from
             * outside): it runs to its death, and that wait status is still to come. Counted as
             * running, the stop-all waits for it; otherwise the drain stopped at "nothing
             * runs", the statuses left (the leader's exit among them) were never collected
             * since their SIGCHLDs had merged, and gdb waited forever
             * (gdb.threads/process-dies-while-detaching: 256 threads die as gdb continues). */
            log_debug("thread %d is dying: its exit is awaited", t->tid);
            t->running = true;
        } else if (rc < 0) {
            log_warn("resume thread %d: %s", t->tid, strerror(-rc));
        }
    }
}

/* Non-stop: each process's named threads go (a `c:pPID.-1` action per process under
 * schedule-multiple); the others are not touched. */
static int resume_nonstop(struct inferior *inf, struct target_state *ts,
                          const struct resume_action *acts, size_t nacts)
{
    int rc = target_resume_nonstop(inf, ts, acts, nacts);
    for (size_t p = 0; ts->procs && p < *ts->nprocs; p++) {
        struct inferior *o = ts->procs[p];
        if (o == inf || !o->alive || !resumes_a_thread(o, acts, nacts))
            continue;
        if (target_resume_nonstop(o, ts, acts, nacts) == 0)
            rc = 0;
    }
    return rc;
}

int target_resume(struct inferior *inf, struct target_state *ts, const struct resume_action *acts,
                  size_t nacts, struct stop_report *out)
{
    if (ts->non_stop)
        return resume_nonstop(inf, ts, acts, nacts);
    size_t nrun = mark_members(inf, ts, acts, nacts);
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        if (!m->alive)
            return report_death(m, ts, -ESRCH, out);
    /* Actions that name only threads we do not have would resume nothing: no stop reply would
     * ever come. */
    if (nrun == 0)
        return -ESRCH;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        prepare(m, ts, acts, nacts);
    /* First pass: an unreported event of a thread being resumed is reported instead. Which one,
     * when several wait (in one process or several), is drawn at random: always taking the first
     * would starve the others (gdb's continue-pending-status). */
    size_t candidates = 0;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        candidates += count_pending(m, ts, acts, nacts);
    size_t pick = candidates > 1 ? (size_t)random() % candidates : 0;
    for (size_t k = 0; candidates > 0 && (m = target_member(inf, ts, &k));) {
        struct thread *t = nth_pending(m, acts, nacts, &pick);
        if (t)
            return report_now(m, ts, t->tid, out);
    }
    /* Second pass: step threads off the breakpoints they reported (every thread of every
     * process still stopped), then let everything go. */
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        int rc = step_off_breakpoints(m, ts, acts, nacts, out);
        if (rc != 0)
            return rc;
    }
    ts->resumed = true;
    ts->stopping = false;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        run_threads(m, acts, nacts);
    if (target_members_running(inf, ts) == 0) { /* every resume failed: no stop would come */
        ts->resumed = false;
        for (size_t k = 0; (m = target_member(inf, ts, &k));) {
            int rc = report_death(m, ts, -ESRCH, out);
            if (rc == 1)
                return rc;
        }
        return -ESRCH;
    }
    if (ts->interrupt_queued) {
        ts->interrupt_queued = false;
        return target_interrupt(inf, ts, out);
    }
    return 0;
}

void target_state_init(struct target_state *ts)
{
    memset(ts, 0, sizeof *ts);
    ts->silent = &target_silent_filters;
}

void target_state_idle(struct target_state *ts)
{
    ts->resumed = ts->non_stop; /* non-stop always wants events */
    ts->stopping = false;
    ts->interrupt_requested = ts->interrupt_queued = false;
    ts->report_tid = 0;
}
