/* The top of event handling: once nothing runs, pick the stop to report; notice a stop-all that
 * no wait status will end (a zombie leader); Ctrl-C. Wait statuses themselves are status.c's. */
#include "target_internal.h"

#include "log.h"
#include "proc_task.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The thread whose event the draw picks among the processes that stop together: every thread
 * with one, leaving out those the client holds stopped while any other has one (gdb stepping one
 * thread over a breakpoint expects that thread's event, not a held one's). NULL: none. */
static struct thread *draw_event(struct inferior *inf, struct target_state *ts,
                                 struct inferior **owner)
{
    size_t n = 0;
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        for (size_t i = 0; i < m->nthreads; i++)
            n += m->threads[i]->has_pending && !m->threads[i]->held;
    bool any = n == 0;
    for (size_t k = 0; any && (m = target_member(inf, ts, &k));)
        for (size_t i = 0; i < m->nthreads; i++)
            n += m->threads[i]->has_pending;
    if (n == 0)
        return NULL;
    size_t pick = (size_t)random() % n;
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        for (size_t i = 0; i < m->nthreads; i++) {
            struct thread *t = m->threads[i];
            if (t->has_pending && (any || !t->held) && pick-- == 0) {
                *owner = m;
                return t;
            }
        }
    }
    return NULL;
}

/* A thread whose step, asked for by the client, has ended: the client waits for that one, and
 * another thread's event that came first is reported later (gdbserver prefers a stepped thread
 * too). Stepping over a clone with gdb's displaced stepping, the new thread runs gdb's copy and
 * aborts at once: drawn at random, half the time the step seemed to land in the new thread
 * (gdb.base/step-over-syscall). */
static struct thread *finished_step(struct inferior *inf, struct target_state *ts,
                                    struct inferior **owner)
{
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        for (size_t i = 0; i < m->nthreads; i++) {
            struct thread *t = m->threads[i];
            if (t->has_pending && !t->held && t->pending.kind == STOP_STEP) {
                *owner = m;
                return t;
            }
        }
    }
    return NULL;
}

/* Picks the stop to report once nothing runs, and clears it from its thread. */
static int finish_stop(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    ts->stopping = false;
    ts->resumed = false;
    memset(out, 0, sizeof *out);
    log_debug("all stopped: reporting %d", ts->report_tid);
    struct inferior *owner;
    struct thread *t = target_member_thread(inf, ts, ts->report_tid, &owner);
    if (ts->interrupt_requested) {
        ts->interrupt_requested = false;
        if (!t || !t->has_pending) {
            /* A terminal's SIGINT goes to the process, and the kernel hands it to the main thread
             * first: report it there when the client let that thread run, as gdbserver (which
             * signals the process) does. The last thread resumed was always the same one, and a
             * thread spinning on a breakpoint then hit it at every step gdb made over it
             * (gdb.threads/continue-pending-status: one thread starved). */
            t = thread_find(inf, inf->pid);
            if (!t || t->held || t->exited)
                t = thread_find(inf, inf->last_resumed_tid);
            if (!t && inf->nthreads)
                t = inf->threads[0];
            out->tid = t ? t->tid : inf->pid;
            out->ev.kind = STOP_INTERRUPT;
            out->ev.sig = SIGINT;
            return 1;
        }
    }
    /* Unless an event is the end of a step the client asked for (it waits for that one), draw
     * among every thread with an event: always reporting the first to arrive would starve
     * the others (gdb's continue-pending-status). */
    if (!t || !t->has_pending || t->pending.kind != STOP_STEP) {
        struct thread *stepped = finished_step(inf, ts, &owner);
        t = stepped ? stepped : draw_event(inf, ts, &owner);
    }
    if (!t)
        return 0;
    out->tid = t->tid;
    out->ev = t->pending;
    t->has_pending = false;
    if (out->ev.kind == STOP_SWBREAK ||
        (out->ev.kind == STOP_HWBREAK && owner->arch->hw_traps_before)) {
        /* cleared when the thread next resumes */
        t->at_bp_hit = true;
        t->bp_hit_pc = out->ev.pc;
    }
    if (out->ev.kind == STOP_SIGNAL) /* delivered at a detach if the client lets it pass */
        t->reported_sig = out->ev.sig;
    if (t->exited) { /* its exit is reported now: nothing is left of it */
        out->pid = owner->pid;
        thread_remove(owner, t->tid);
    }
    return 1;
}

/* A thread that called exit_group has woken every other thread with SIGKILL before its own exit
 * is seen: the held ones leave their ptrace stop and the process's exit follows. Until it does,
 * "nothing left running" is not the answer (gdb's non-ldr-exit: scheduler-locking, the thread it
 * resumed calls exit; gdbserver reports the exit). A held thread still in its tracing stop stays.
 */
static bool group_exiting(struct inferior *inf)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        const struct thread *t = inf->threads[i];
        if (t->running)
            continue;
        char st = task_state(inf->pid, t->tid);
        if (st != 't' && st != 'T') {
            log_debug("thread %d is leaving its stop (state %c): the process is exiting", t->tid,
                      st ? st : '-');
            return true;
        }
    }
    return false;
}

/* How many times to yield and look again for the next status when one is due soon (a thread
 * resumed past a system call the client did not ask for makes its next one microseconds later):
 * cheaper than going back to sleep in the event loop and being woken for it. */
#define DUE_SOON_POLLS 100

/* Statuses taken in one call at most. Threads that trap again as soon as they are resumed (a
 * false target-side condition in a loop run by 20 threads) never let waitpid say "nothing
 * left": without a bound the event loop would never read the client's next packet (Ctrl-C,
 * vCont;t) again. The caller calls again when ts->statuses_left says so. */
#define STATUSES_PER_CALL 128

int target_handle_events(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    ts->statuses_left = false;
    for (int polls = 0, taken = 0;;) {
        if (taken++ == STATUSES_PER_CALL) {
            ts->statuses_left = true;
            break;
        }
        int st;
        pid_t w = waitpid(-1, &st, __WALL | WNOHANG);
        if (w == 0 && ts->stop_due_soon && polls++ < DUE_SOON_POLLS) {
            sched_yield();
            continue;
        }
        ts->stop_due_soon = false;
        polls = 0;
        if (w <= 0)
            break;
        if (packet_log_enabled() || log_get_level() >= LOG_DEBUG)
            log_debug("wait: tid %d status 0x%x", w, st);
        target_process_status(inf, ts, w, st);
        /* The stop the client waits for is complete and no fork child is on its way: no
         * status can be waiting, so spare the call that would only say so (one per stop).
         * While the client is not waiting, statuses are rare (threads dying under a SIGKILL from
         * outside, whose SIGCHLDs merge into one): drain them all. */
        if (ts->resumed && target_all_quiet(inf, ts))
            break;
    }
    if (ts->non_stop)
        return target_take_event(inf, ts, out);
    if (ts->stopping && target_members_awaited(inf, ts) == 0)
        return finish_stop(inf, ts, out);
    if (ts->resumed && !ts->stopping && ts->report_no_resumed && inf->alive && inf->nthreads > 0 &&
        target_members_running(inf, ts) == 0 && !group_exiting(inf)) {
        /* The threads the client let run have all exited and the held ones stay stopped:
         * nothing will ever report. Say so, as gdb asked (scheduler-locking and exits). */
        ts->resumed = false;
        memset(out, 0, sizeof *out);
        out->tid = inf->threads[0]->tid;
        out->ev.kind = STOP_NO_RESUMED;
        return 1;
    }
    return 0;
}

/* A leader that called pthread_exit while other threads live stays a zombie until the last one
 * exits: it never stops again, so waiting for it would hang the stop-all. Like gdb, forget it;
 * its exit status still ends the process (on_exit_status brings it back for that). */
void target_forget_zombie_leader(struct inferior *inf)
{
    struct thread *lead = thread_find(inf, inf->pid);
    if (!lead || !lead->running || inf->nthreads < 2)
        return;
    char st = task_state(inf->pid, inf->pid);
    if (st == 'Z' || st == 'X') {
        log_debug("leader %d exited before its threads: no longer a thread", inf->pid);
        thread_remove(inf, inf->pid);
    }
}

bool target_only_leader_runs(struct inferior *inf, struct target_state *ts)
{
    struct thread *lead = thread_find(inf, inf->pid);
    return ts->resumed && !ts->stopping && ts->report_no_resumed && lead && lead->running &&
           inf->nthreads > 1 && target_running_count(inf) == 1;
}

/* Past the bound, threads blocked in the kernel are reported without: the client is answered,
 * and such a thread stops when it leaves the kernel (its interrupt is still outstanding). */
static void leave_blocked_threads(struct inferior *inf, struct target_state *ts)
{
    if (!ts->stopping || target_now_ms() - ts->stop_began_ms < STOP_ALL_BOUND_MS)
        return;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        if (t->running && !t->late && task_state(inf->pid, t->tid) == 'D') {
            t->late = true;
            log_info("thread %d is blocked in the kernel: stop reported without it", t->tid);
        }
    }
}

int target_check_stuck_stop(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    if (!ts->stopping && !target_only_leader_runs(inf, ts))
        return 0;
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        if (!m->alive)
            continue;
        target_forget_zombie_leader(m);
        leave_blocked_threads(m, ts);
    }
    return target_handle_events(inf, ts, out);
}

/* Non-stop Ctrl-C (vCtrlC): one running thread stops and reports SIGINT. */
static int interrupt_one(struct inferior *inf)
{
    struct thread *pick = thread_find(inf, inf->last_resumed_tid);
    for (size_t i = 0; (!pick || !pick->running) && i < inf->nthreads; i++)
        pick = inf->threads[i];
    if (!pick || !pick->running)
        return 0;
    pick->stop_requested = true;
    pick->stop_sig = SIGINT;
    if (!pick->interrupt_sent && ptrace(PTRACE_INTERRUPT, pick->tid, 0, 0) == 0)
        pick->interrupt_sent = true;
    return 0;
}

int target_interrupt(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    if (!inf->alive)
        return 0;
    if (ts->non_stop)
        return interrupt_one(inf);
    if (!ts->resumed) {
        ts->interrupt_queued = true;
        return 0;
    }
    ts->interrupt_requested = true;
    if (!ts->stopping) {
        ts->stopping = true;
        ts->stop_began_ms = target_now_ms();
        ts->report_tid = 0;
        target_interrupt_members(inf, ts);
    }
    if (target_members_awaited(inf, ts) == 0)
        return finish_stop(inf, ts, out);
    return 0;
}
