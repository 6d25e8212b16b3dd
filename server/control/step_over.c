/* Stepping one thread over the breakpoint site it sits on: out of line when the instruction can
 * be relocated (ool.c), else in place: the trap is lifted, the thread steps, the trap goes back,
 * only while every other thread is stopped, so none runs past the site unseen. */
#include "target_internal.h"

#include "log.h"
#include "ool.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* True if status, of the leader, is the exec of thread t (not the leader): its new tid. */
static bool is_exec_of(struct inferior *inf, const struct thread *t, pid_t w, int status)
{
    unsigned long former = 0;
    return w == inf->pid && t->tid != inf->pid && WIFSTOPPED(status) &&
           (status >> 16) == PTRACE_EVENT_EXEC && ptrace(PTRACE_GETEVENTMSG, w, 0, &former) == 0 &&
           (pid_t)former == t->tid;
}

/* Waits for the single step of thread t to finish; *tid is whose status it is (the leader's when
 * t exec'd). A stale interrupt stop (PTRACE_EVENT_STOP) may come first: the step is simply issued
 * again. Every other task's status goes the normal way, recorded, nothing resumed: the other
 * threads are stopped, so these are exits, and an exec (the step over a system call) cannot
 * finish before the threads it kills are reaped. */
static int wait_step(struct inferior *inf, struct target_state *ts, struct thread *t, int *status,
                     pid_t *tid)
{
    for (;;) {
        int st;
        pid_t w = waitpid(-1, &st, __WALL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (w != t->tid && !is_exec_of(inf, t, w, st)) {
            bool was_resumed = ts->resumed;
            ts->resumed = false;
            target_process_status(inf, ts, w, st);
            ts->resumed = was_resumed;
            if (!inf->alive)
                return -ESRCH;
            continue;
        }
        *tid = w;
        if (WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_STOP) {
            t->interrupt_sent = false;
            if (ptrace(t->soft_active ? PTRACE_CONT : PTRACE_SINGLESTEP, t->tid, 0, 0) == 0)
                continue; /* (a software step's traps are still planted) */
        }
        /* A signal the client lets pass (QPassSignals) is delivered right after the step, at
         * the next resume, instead of interrupting the step over the breakpoint. */
        int sig = WIFSTOPPED(st) && (st >> 16) == 0 ? WSTOPSIG(st) : 0;
        if (sig > 0 && sig < 65 && sig != SIGTRAP && ts->pass_signal[sig] &&
            thread_owe_signal(t, sig)) {
            if (ptrace(t->soft_active ? PTRACE_CONT : PTRACE_SINGLESTEP, t->tid, 0, 0) == 0)
                continue; /* (a software step's traps are still planted) */
        }
        /* Any other that is not a fault of the instruction is reported after the step (see
         * deferred_sig; all-stop: a non-stop client hears of each thread's events on their own). */
        if (sig > 0 && !signal_is_synchronous(sig) && t->deferred_sig == 0 && !ts->non_stop) {
            t->deferred_sig = sig;
            if (ptrace(PTRACE_SINGLESTEP, t->tid, 0, 0) == 0)
                continue;
            t->deferred_sig = 0;
        }
        note_stop_kind(t, st);
        *status = st;
        return 0;
    }
}

int target_step_over(struct inferior *inf, struct target_state *ts, struct thread *t,
                     bool client_step)
{
    uint64_t pc = regcache_get_pc(inf, t);
    struct sw_site *s = swbreak_find(inf, pc);
    /* A hardware breakpoint taken before its instruction fires again unless lifted. */
    bool hw = inf->arch->hw_traps_before && hwpoint_exec_at(inf, pc);
    if ((!s || !s->inserted) && !hw)
        return 0;
    int rc;
    if (s && s->inserted) {
        /* Out of line when possible: the trap stays, t is moved to the copy (0: resume it as
         * any thread) or past the emulated instruction (1: as after this step). */
        rc = ool_step_over(inf, ts, t, true);
        if (rc >= 0)
            return rc;
        s = swbreak_find(inf, pc);
        if ((!s || !s->inserted) && !hw)
            return 0;
    }
    bool lifted = s && s->inserted;
    rc = lifted ? swbreak_lift(inf, s) : 0;
    if (rc < 0)
        return rc;
    if (lifted)
        inf->ool.in_place++;
    if (hw)
        hwpoint_lift_for_step(inf, t);
    bool was_stepping = t->stepping; /* the step over is ours, not the client's */
    /* A signal delivered with the step would run its handler from the site, and the handler
     * would return onto the restored trap: a second hit for one execution. Asynchronous ones are
     * delivered at the next continue, one instruction later; a fault must be delivered where it
     * happened (stepping the instruction again would only fault again). A client's own step
     * with a signal is the exception: it must end at the handler's first instruction, before
     * the site's instruction ran (gdb's "stepi" after "queue-signal"), and the handler's return
     * onto the trap is then the site's first hit (gdb.base/bp-permanent). */
    int sig = t->resume_sig;
    t->resume_sig = 0;
    if (sig != 0 && !client_step && !signal_is_synchronous(sig) && thread_owe_signal(t, sig))
        sig = 0;
    rc = target_resume_thread(inf, t, true, sig);
    t->stepping = was_stepping;
    int st = 0;
    pid_t tid = t->tid;
    if (rc == 0)
        rc = wait_step(inf, ts, t, &st, &tid);
    target_softstep_end(inf, ts, t);
    /* An exec (the step was over a system call): the site and the debug registers were the old
     * program's; the new one must get nothing of them (the event forgets them). */
    bool exec = rc == 0 && WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_EXEC;
    /* The site may have been freed by an exit; look it up again. */
    s = swbreak_find(inf, pc);
    if (s && inf->alive && !exec)
        swbreak_relay(inf, s);
    if (hw && inf->alive && rc == 0 && !exec)
        hwpoint_put_back(inf, t);
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
    ts->resumed = false;
    target_process_status(inf, ts, tid, st); /* may free t if the thread exited */
    ts->resumed = was_resumed;
    t = inf->alive ? thread_find(inf, tid) : NULL;
    if (t && !exec && regcache_get_pc(inf, t) == pc) {
        t->at_bp_hit = true;
        t->bp_hit_pc = pc;
    }
    return 1;
}
