/* Non-stop mode: an event stops only its own thread, and is reported on its own (the session
 * sends it as a %Stop notification); the client resumes and stops threads one by one while the
 * others run. Stepping a thread over a breakpoint it sits on lifts the trap, so the other
 * threads are paused for that moment and let go afterwards. */
#include "target_internal.h"

#include "log.h"
#include "ool.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

void target_set_non_stop(struct inferior *inf, struct target_state *ts, bool on)
{
    ts->non_stop = on;
    ts->stopping = false;
    if (on) {
        ts->resumed = true; /* events are always wanted, one thread at a time */
        for (size_t i = 0; i < inf->nthreads; i++) /* the client sees them stopped */
            if (!inf->threads[i]->running && !inf->threads[i]->unannounced)
                inf->threads[i]->held = true;
        return;
    }
    /* Back to all-stop: everything stops; events wait for the next resume, as in all-stop. */
    if (inf->alive)
        target_stop_all_sync(inf, ts);
    ts->resumed = false;
}

int target_take_event(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    for (;;) {
        struct thread *t = NULL;
        for (size_t i = 0; i < inf->nthreads; i++) {
            struct thread *o = inf->threads[i];
            if (o->has_pending && !o->running && (!t || o->pending_seq < t->pending_seq))
                t = o;
        }
        if (!t)
            return 0;
        t->has_pending = false;
        if (inf->alive && !target_pending_still_valid(inf, ts, t) && t->pending.kind != STOP_STEP) {
            /* A breakpoint hit whose site the client removed meanwhile: the thread just runs
             * the original instruction, as if it had never hit. */
            target_resume_thread(inf, t, t->stepping, 0);
            continue;
        }
        memset(out, 0, sizeof *out);
        out->tid = t->tid;
        out->ev = t->pending;
        t->stop_requested = false;
        t->held = true; /* stopped until the client resumes it */
        t->unannounced = false;
        if (out->ev.kind == STOP_SWBREAK) {
            t->at_bp_hit = true;
            t->bp_hit_pc = out->ev.pc;
        }
        if (t->exited) { /* its exit is reported now: nothing is left of it (the client would
                          * see it listed again, and ask for its registers) */
            out->pid = inf->pid;
            thread_remove(inf, t->tid);
        }
        return 1;
    }
}

void target_pause_all(struct inferior *inf, struct target_state *ts)
{
    target_stop_all_sync(inf, ts);
}

void target_unpause(struct inferior *inf)
{
    /* Every thread the stub stopped goes again: the ones it paused, and those born during the
     * pause (their first stop came while nothing was being resumed). A thread the client holds
     * stopped, or with an event to report, stays. */
    for (size_t i = 0; i < inf->nthreads && inf->alive; i++) {
        struct thread *t = inf->threads[i];
        if (!t->running && !t->has_pending && !t->held)
            target_resume_thread(inf, t, t->stepping, 0);
    }
}

void target_sync_running(struct inferior *inf, struct target_state *ts)
{
    /* One thread at a time, each stopped only while its debug registers are written: the
     * others keep running. A thread whose stop brought an event keeps it for the client. */
    size_t n = inf->nthreads;
    pid_t *tids = malloc((n ? n : 1) * sizeof *tids);
    if (!tids) { /* each thread still takes them when it next resumes */
        log_error("out of memory: running threads take the new debug registers late");
        return;
    }
    for (size_t i = 0; i < n; i++)
        tids[i] = inf->threads[i]->tid;
    for (size_t i = 0; i < n && inf->alive; i++) {
        struct thread *t = thread_find(inf, tids[i]);
        if (!t || t->new_thread) /* a new thread is programmed when it first runs */
            continue;
        bool was_running = t->running;
        target_stop_one_sync(inf, ts, t);
        t = thread_find(inf, tids[i]);
        if (!t || t->running)
            continue;
        hwpoint_sync_thread(inf, t);
        if (was_running)
            target_unpause(inf); /* it, and any thread stopped by an event it need not report */
    }
    free(tids);
}

/* vCont;t: the thread stops and reports signal 0; one stopped already says so at once. */
static void stop_thread(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    if (t->running) {
        t->stop_requested = true;
        t->stop_sig = 0;
        /* A new thread's first stop, still to come, is the stop asked for: an interrupt sent
         * now merges with it, and the flag then waited for good for a stop that had come (the
         * next vCont;t of the thread sent none, and gdb waited for its stop forever). */
        if (!t->new_thread && !t->interrupt_sent && ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) == 0)
            t->interrupt_sent = true;
        return;
    }
    if (!t->has_pending && !t->held) {
        t->has_pending = true;
        t->pending = (struct stop_event){.kind = STOP_SIGNAL, .sig = 0};
        t->pending_seq = ++inf->event_seq;
    }
}

/* A thread resumed from the breakpoint it reported steps over it first: out of line while the
 * others run on, or in place with them paused. True when that was the instruction's execution
 * (a client's single step ends there); false when the thread still has to be resumed (it sits
 * at the instruction's copy, or there was nothing to step over). */
static bool step_off_breakpoint(struct inferior *inf, struct target_state *ts, struct thread *t,
                                bool client_step)
{
    pid_t tid = t->tid;
    t->at_bp_hit = false;
    int rc = ool_step_over(inf, ts, t, false);
    if (rc < 0) {
        t->held = true; /* the pause's end must not let it go: its resume is the caller's */
        target_pause_all(inf, ts);
        t = thread_find(inf, tid);
        rc = t ? target_step_over(inf, ts, t, client_step) : 0;
        target_unpause(inf);
        t = thread_find_after_exec(inf, tid);
        if (t)
            t->held = false;
    }
    t = inf->alive ? thread_find_after_exec(inf, tid) : NULL;
    if (t && rc == 1 && !t->has_pending && client_step) {
        t->has_pending = true; /* the client's single step ended with the step over */
        t->pending = (struct stop_event){.kind = STOP_STEP, .sig = SIGTRAP};
        t->pending_seq = ++inf->event_seq;
    }
    return rc == 1;
}

int target_resume_nonstop(struct inferior *inf, struct target_state *ts,
                          const struct resume_action *acts, size_t nacts)
{
    if (!inf->alive)
        return -ESRCH;
    /* The table changes under the loop (a thread that runs again may exit while another steps
     * off its breakpoint with the others paused): walk a copy of the ids. */
    size_t n = inf->nthreads;
    pid_t *tids = malloc((n ? n : 1) * sizeof *tids);
    if (!tids)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++)
        tids[i] = inf->threads[i]->tid;
    for (size_t i = 0; i < n && inf->alive; i++) {
        struct thread *t = thread_find(inf, tids[i]);
        const struct resume_action *a = t ? target_action_for(acts, nacts, inf->pid, t->tid) : NULL;
        if (!a)
            continue;
        if (a->kind == 't') {
            stop_thread(inf, ts, t);
            continue;
        }
        /* Running already, or an event still to report (in the thread, or queued for the client,
         * which counts the thread as running until it has taken that report): it stays. */
        if (t->running || t->has_pending || t->stop_queued || t->new_thread)
            continue;
        bool step = a->kind == 's' || a->kind == 'r';
        t->held = false;
        t->resume_sig = a->sig;
        t->range_step = a->kind == 'r';
        t->range_start = a->start;
        t->range_end = a->end;
        inf->last_resumed_tid = t->tid;
        if (t->at_bp_hit && regcache_get_pc(inf, t) == t->bp_hit_pc) {
            bool stepped = step_off_breakpoint(inf, ts, t, a->kind == 's');
            t = thread_find(inf, tids[i]);
            if (!t || t->running || t->has_pending || (a->kind == 's' && stepped))
                continue;
        }
        int sig = t->resume_sig;
        t->resume_sig = 0;
        int rc = target_resume_thread(inf, t, step, sig);
        if (rc < 0)
            log_warn("resume thread %d: %s", t->tid, strerror(-rc));
    }
    free(tids);
    return 0;
}

size_t target_running_count_of(struct inferior *inf)
{
    return target_running_count(inf);
}
