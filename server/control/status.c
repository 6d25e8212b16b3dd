/* Wait statuses in, stop reports out. Every status is turned into a thread state change and, if
 * the client must hear of it, a pending event on that thread. The first reportable event starts
 * stopping the other threads (PTRACE_INTERRUPT); once none runs, the chosen event is reported.
 * Events that arrive meanwhile stay pending and are reported on a later resume, never lost. */
#include "target_internal.h"

#include "log.h"
#include "proc_task.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A forked child inherits our traps but not our interest: scrub them and let it go. */
static void release_fork_child(struct inferior *inf, pid_t child)
{
    inf->forks_in_flight--; /* may go below zero for a moment if the child stopped first */
    swbreak_scrub_child(inf, child);
    if (ptrace(PTRACE_DETACH, child, 0, 0) < 0)
        log_debug("detach fork child %d: %s", child, strerror(errno));
    else
        log_debug("released fork child %d", child);
}

/* Decide what a signal-delivery stop means. Returns false if nothing is to be reported (the
 * thread was resumed again internally). */
static bool interpret_signal_stop(struct inferior *inf, struct target_state *ts, struct thread *t,
                                  int sig, struct stop_event *ev)
{
    memset(ev, 0, sizeof *ev);
    if (sig == (SIGTRAP | 0x80)) /* a system call stop (PTRACE_O_TRACESYSGOOD) */
        return target_syscall_stop(inf, ts, t, ev);
    /* A signal the client lets pass quietly, arriving under a single step for which it passes
     * none (gdb stepping over a breakpoint): after the step (see deferred_sig), or its handler
     * would return onto the breakpoint and count as a second hit. A signal the client stops or
     * prints for is reported at once, as gdbserver does: gdb wants to hear of it then
     * (gdb.threads/stepi-random-signal, signal-while-stepping-over-bp-other-thread). One it
     * lets pass now is reported at once too: the client steps over the handler. */
    if (sig != SIGTRAP && t->stepping && t->deferred_sig == 0 && !signal_is_synchronous(sig) &&
        sig < 65 && !ts->pass_signal[sig] && ts->quiet_signal[sig] && ts->resumed &&
        !ts->stopping && !ts->non_stop) {
        t->deferred_sig = sig;
        if (target_resume_thread(inf, t, true, 0) == 0)
            return false;
        t->deferred_sig = 0;
    }
    if (sig != SIGTRAP) {
        ev->kind = STOP_SIGNAL;
        ev->sig = sig;
        return true;
    }
    target_classify_sigtrap(inf, t, ev);
    if (ev->kind == STOP_NONE) {
        if (t->parked && !t->stepping)
            return false; /* resumed when the other thread's step lifts its traps */
        t->parked = false;
        /* Filtered (a read watchpoint hit by a write): unless a step also ended, go on. */
        if (!t->stepping) {
            /* While the others are being stopped it simply counts as stopped. */
            if (ts->resumed && !ts->stopping)
                target_resume_thread(inf, t, false, 0);
            return false;
        }
        ev->kind = STOP_STEP;
        ev->sig = SIGTRAP;
    }
    if (ev->kind == STOP_STEP && t->range_step && !ts->stopping)
        return ts->silent->range_step_on(inf, ts, t, ev);
    return true;
}

static void record_event(struct inferior *inf, struct target_state *ts, struct thread *t,
                         const struct stop_event *ev)
{
    t->has_pending = true;
    t->pending = *ev;
    log_debug("event kind %d sig %d on %d pending (resumed %d stopping %d)", ev->kind, ev->sig,
              t->tid, ts->resumed, ts->stopping);
    if (ts->non_stop) { /* only this thread stops; the event waits its turn to be reported */
        t->pending_seq = ++inf->event_seq;
        return;
    }
    if (!ts->resumed)
        return; /* e.g. during attach: kept for the first resume */
    if (!ts->stopping) {
        ts->stopping = true;
        ts->stop_began_ms = target_now_ms();
        ts->report_tid = t->tid;
        target_interrupt_members(inf, ts); /* every process resumed with this one stops too */
    }
}

static void on_exit_status(struct inferior *inf, struct target_state *ts, pid_t tid, int status)
{
    if (tid != inf->pid) {
        swbreak_remove_step(inf, tid); /* a thread that died in a software step */
        struct thread *t = thread_find(inf, tid);
        if (t && ts->report_thread_events && inf->alive) {
            /* QThreadEvents: kept until its exit is reported ('w'), which removes it. */
            t->running = t->new_thread = t->interrupt_sent = false;
            t->exited = true;
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
            record_event(inf, ts, t,
                         &(struct stop_event){.kind = STOP_THREAD_EXITED, .exit_code = code});
            return;
        }
        thread_remove(inf, tid);
        return;
    }
    struct stop_event ev = {0};
    if (WIFEXITED(status)) {
        ev.kind = STOP_EXITED;
        ev.exit_code = WEXITSTATUS(status);
    } else {
        ev.kind = STOP_KILLED;
        ev.sig = WTERMSIG(status);
    }
    inf->alive = false;
    ool_forget(inf);
    /* Other threads are gone with the process. */
    for (size_t i = 0; i < inf->nthreads; i++)
        inf->threads[i]->running = false;
    struct thread *lead = thread_find(inf, tid);
    if (!lead)
        lead = thread_add(inf, tid);
    if (lead) {
        lead->running = false;
        lead->has_pending = true;
        lead->pending = ev;
    }
    if (lead && ts->non_stop)
        lead->pending_seq = ++inf->event_seq;
    bool was_stopping = ts->stopping;
    ts->stopping = ts->resumed && !ts->non_stop;
    /* An event of another process resumed with this one may be the reason of a stop already
     * under way (the step the client waits for): it stays the preferred one. */
    if (!was_stopping || !ts->report_tid || ts->report_tid == tid ||
        thread_find(inf, ts->report_tid)) {
        ts->report_tid = tid;
        ts->interrupt_requested = false;
    }
    if (ts->stopping && !was_stopping) {
        ts->stop_began_ms = target_now_ms();
        target_interrupt_members(inf, ts); /* the processes resumed with it stop too */
    }
}

/* The first stop of a thread we did not know (a clone's child, or a fork's child). */
/* A fork child the client will hear of stopped before its parent's fork event: it waits. */
static void keep_early_child(struct inferior *inf, pid_t child)
{
    if (inf->nearly_children < sizeof inf->early_children / sizeof inf->early_children[0])
        inf->early_children[inf->nearly_children++] = child;
    else
        release_fork_child(inf, child); /* cannot happen: one fork event per stop */
}

/* True if child is in the list (of n), and takes it out. */
static bool take_child(pid_t *list, size_t *n, pid_t child)
{
    for (size_t i = 0; i < *n; i++) {
        if (list[i] != child)
            continue;
        list[i] = list[--*n];
        return true;
    }
    return false;
}

/* A fork child whose parent's fork event is recorded but not reported yet (threads forking at
 * once, the stop-all still running): its first stop is now in, so adopting it must not wait for
 * one (the wait would never end). True if such an event was found. */
static bool note_child_stopped(struct inferior *inf, pid_t child)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        if (t->has_pending && (t->pending.kind == STOP_FORK || t->pending.kind == STOP_VFORK) &&
            t->pending.child == child) {
            t->pending.child_stopped = true;
            return true;
        }
    }
    return false;
}

/* True if child was waiting (its first stop seen), and forgets it. */
static bool take_early_child(struct inferior *inf, pid_t child)
{
    return take_child(inf->early_children, &inf->nearly_children, child);
}

/* True if child was born of a fork the client does not hear of, and forgets it. */
static bool take_unheard_child(struct inferior *inf, pid_t child)
{
    return take_child(inf->unheard_children, &inf->nunheard_children, child);
}

/* The children of fork events not even queued for the client yet, when their parent is
 * detached or killed: let go clean (their copies of our traps scrubbed), or killed with it.
 * Left traced, a child would stay stopped for good once the stub is gone, and its parent would
 * wait for it forever. Every thread is stopped. */
void target_end_unreported_children(struct inferior *inf, bool kill_them)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        if (!t->has_pending || (t->pending.kind != STOP_FORK && t->pending.kind != STOP_VFORK))
            continue;
        pid_t child = t->pending.child;
        t->has_pending = false;
        if (kill_them) {
            kill(child, SIGKILL);
            inf->forks_in_flight--;
            continue;
        }
        int st;
        if (!t->pending.child_stopped && !take_early_child(inf, child))
            while (waitpid(child, &st, __WALL) < 0 && errno == EINTR)
                ; /* its first stop is due at once */
        release_fork_child(inf, child);
    }
    /* Children stopped before their parent's event (not seen yet), and those of forks the client
     * does not hear of whose first stop is still due: they too would stay stopped for good. */
    while (inf->nearly_children > 0) {
        pid_t child = inf->early_children[--inf->nearly_children];
        if (kill_them)
            kill(child, SIGKILL);
        else
            release_fork_child(inf, child);
    }
    while (inf->nunheard_children > 0) {
        pid_t child = inf->unheard_children[--inf->nunheard_children];
        int st;
        pid_t w;
        if (kill_them) {
            kill(child, SIGKILL);
            continue;
        }
        while ((w = waitpid(child, &st, __WALL)) < 0 && errno == EINTR)
            ; /* its first stop is due at once */
        if (w == child && WIFSTOPPED(st))
            release_fork_child(inf, child);
    }
}

static struct thread *on_unknown_task(struct inferior *inf, struct target_state *ts, pid_t tid)
{
    if (task_tgid(tid) != inf->pid && task_exit_signal(tid) == SIGCHLD) {
        if (note_child_stopped(inf, tid))
            return NULL;
        if ((ts->report_forks || ts->report_vforks) && !take_unheard_child(inf, tid))
            keep_early_child(inf, tid);
        else
            release_fork_child(inf, tid);
        return NULL;
    }
    struct thread *t = thread_add(inf, tid);
    if (t)
        t->new_thread = true; /* its initial stop: handled below */
    return t;
}

static void on_ptrace_event(struct inferior *inf, struct target_state *ts, struct thread *t,
                            int event)
{
    unsigned long msg = 0;
    ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg);
    switch (event) {
    case PTRACE_EVENT_CLONE: {
        struct thread *n = thread_find(inf, (pid_t)msg);
        /* The child's own first stop, and even its exit, may have been reaped before this
         * event: a child that is already gone must not come back as a thread that never stops. */
        if (!n && task_alive((pid_t)msg)) {
            n = thread_add(inf, (pid_t)msg);
            if (n) {
                n->new_thread = true; /* its initial stop is still to come */
                n->running = true;
            }
        }
        break;
    }
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
        if (event == PTRACE_EVENT_FORK ? ts->report_forks : ts->report_vforks) {
            /* The client decides: follow, keep or detach the child (it stays stopped). */
            regcache_invalidate(t);
            record_event(
                inf, ts, t,
                &(struct stop_event){.kind = event == PTRACE_EVENT_FORK ? STOP_FORK : STOP_VFORK,
                                     .sig = SIGTRAP,
                                     .child = (pid_t)msg,
                                     .child_stopped = take_early_child(inf, (pid_t)msg)});
            return;
        }
        /* The child reports its own initial stop: it is released there. */
        inf->forks_in_flight++;
        if (event == PTRACE_EVENT_VFORK) {
            /* The child shares our memory until it execs or exits: lift the traps meanwhile. */
            swbreak_remove_all(inf, false);
        }
        /* A client that hears of the other kind of fork only (vfork events off, fork events on)
         * has children kept for it at their first stop: not this one, which waits for nobody. */
        if (take_early_child(inf, (pid_t)msg))
            release_fork_child(inf, (pid_t)msg);
        else if ((ts->report_forks || ts->report_vforks) &&
                 inf->nunheard_children <
                     sizeof inf->unheard_children / sizeof inf->unheard_children[0])
            inf->unheard_children[inf->nunheard_children++] = (pid_t)msg;
        break;
    case PTRACE_EVENT_VFORK_DONE:
        if (ts->report_vforks) { /* the client lifted its breakpoints: it puts them back */
            regcache_invalidate(t);
            record_event(inf, ts, t, &(struct stop_event){.kind = STOP_VFORK_DONE, .sig = SIGTRAP});
            return;
        }
        swbreak_reinsert_all(inf);
        break;
    case PTRACE_EVENT_EXEC:
        /* A new program image: old sites and threads are meaningless; the exec's return is
         * the call the thread is in now, whatever it entered as the old leader. */
        t->syscall_entry = 0;
        mem_open(inf);
        ool_forget(inf);         /* the scratch pages went with the old image */
        swbreak_forget_all(inf); /* never written back: the memory is another program's now */
        hwpoint_clear_all(inf);  /* the kernel has cleared the debug registers */
        for (size_t i = inf->nthreads; i-- > 0;)
            if (inf->threads[i]->tid != t->tid)
                thread_remove(inf, inf->threads[i]->tid);
        t->at_bp_hit = false;
        t->has_pending = false;
        t->new_thread = false; /* (an execing thread we never knew: it has run) */
        if (ts->report_exec) {
            /* lldb reloads the program and sets its breakpoints in the new image. */
            regcache_invalidate(t);
            record_event(inf, ts, t, &(struct stop_event){.kind = STOP_EXEC, .sig = SIGTRAP});
            return;
        }
        break;
    }
    regcache_invalidate(t);
    /* While others are being stopped this thread just stays stopped: the stop-all is done for
     * it, and the next resume lets it go like any other. */
    if (ts->resumed && !ts->stopping)
        target_resume_thread(inf, t, t->stepping, 0);
    else if (ts->resumed && t->stepping && event == PTRACE_EVENT_CLONE && !ts->non_stop)
        /* Except a client step over a clone: stopped here it is halfway, inside the call, and
         * the client (gdb's displaced stepping) waits for the step's end, one instruction on.
         * The new thread may have run into a stop of its own already (in gdb's displaced copy,
         * it aborts at once); the stop-all must not leave the step unfinished, so it goes on
         * to its trap, which ends the stop-all for it. gdbserver's stop with SIGSTOP lets the
         * step finish the same way (gdb.base/step-over-syscall). */
        target_resume_thread(inf, t, true, 0);
}

/* A trap the thread raised just as it was interrupted: the kernel reports the interrupt first
 * and leaves the SIGTRAP queued (a finished single step, an int3 it just executed). Left there it
 * would surface at the next resume, long after the client stopped caring: a SIGTRAP from nowhere,
 * or a breakpoint hit reported after the breakpoint was removed. */
static bool trap_queued(pid_t tid)
{
    siginfo_t q[4];
    memset(q, 0, sizeof q); /* what the kernel fills, memory checkers cannot see */
    struct __ptrace_peeksiginfo_args args = {.off = 0, .flags = 0, .nr = 4};
    long n = ptrace(PTRACE_PEEKSIGINFO, tid, &args, q);
    for (long i = 0; i < n; i++)
        if (q[i].si_signo == SIGTRAP)
            return true;
    return false;
}

/* Non-stop: the stop the client asked for (vCont;t: signal 0) has come. */
static void record_requested_stop(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    t->stop_requested = false;
    struct stop_event ev = {.kind = t->stop_sig ? STOP_INTERRUPT : STOP_SIGNAL, .sig = t->stop_sig};
    record_event(inf, ts, t, &ev);
}

static void on_event_stop(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    if (t->new_thread) {
        t->new_thread = false;
        if (ts->report_thread_events) { /* QThreadEvents: it stays stopped, reported as created */
            record_event(inf, ts, t,
                         &(struct stop_event){.kind = STOP_THREAD_CREATED, .sig = SIGTRAP});
        } else if (t->stop_requested) { /* non-stop: this first stop is the one asked for */
            record_requested_stop(inf, ts, t);
        } else if (ts->resumed && !ts->stopping) {
            target_resume_thread(inf, t, false, 0);
        }
        return;
    }
    /* Ours, or one sent while the thread sat in another stop, which survives that stop. */
    if (t->interrupt_sent || t->stop_requested) {
        t->interrupt_sent = false;
        if (trap_queued(t->tid)) {
            /* Let it arrive: the signal stop comes at once, before any instruction runs, and is
             * classified like any other (and reported, or dropped if stale by then). */
            if (ptrace(PTRACE_CONT, t->tid, 0, 0) == 0) {
                t->running = true;
                return;
            }
        }
        if (t->stop_requested && !t->has_pending) { /* non-stop: the stop the client asked for */
            record_requested_stop(inf, ts, t);
            return;
        }
        if (ts->resumed && !ts->stopping && !t->has_pending)
            target_resume_thread(inf, t, t->stepping, 0); /* a late interrupt: ignore it */
        return;
    }
    /* A group stop (SIGSTOP/SIGTSTP to the process): keep the program running under us. */
    if (ts->resumed && !ts->stopping)
        target_resume_thread(inf, t, t->stepping, 0);
}

/* The process a task we have not seen yet belongs to: a new thread's (its thread group), or a
 * new process's parent (a fork child whose first stop came before its parent's event). */
static struct inferior *owner_of_new_task(struct target_state *ts, pid_t tid)
{
    pid_t tgid = task_tgid(tid);
    struct inferior *o = tgid > 0 ? ts->owner_of(ts->owner_ctx, tgid) : NULL;
    if (!o && tgid == tid) {
        pid_t parent = task_ppid(tid);
        o = parent > 0 ? ts->owner_of(ts->owner_ctx, parent) : NULL;
    }
    return o;
}

/* A status for a task of another process the stub debugs is handled there: with the run state
 * when that process runs with this one (all-stop across processes, or non-stop), else quietly
 * (all-stop reports only the processes the client resumed; the others' events wait for their
 * own resume). */
static bool routed_elsewhere(struct inferior *inf, struct target_state *ts, pid_t tid, int status)
{
    if (!ts->owner_of || tid == inf->pid || thread_find(inf, tid))
        return false;
    struct inferior *other = ts->owner_of(ts->owner_ctx, tid);
    if (!other && WIFSTOPPED(status))
        other = owner_of_new_task(ts, tid);
    if (!other || other == inf)
        return false;
    if (ts->non_stop || other->in_resume) {
        target_process_status(other, ts, tid, status);
        return true;
    }
    struct target_state quiet = *ts;
    quiet.resumed = quiet.stopping = quiet.interrupt_requested = false;
    target_process_status(other, &quiet, tid, status);
    return true;
}

/* An exec by a thread other than the leader is reported under the leader's tid: the kernel gave
 * the execing thread that tid, and the leader went without an exit status (ptrace(2), "execve(2)
 * under ptrace"). The execing thread's record (resumed, stepping, its owed signals) goes on under
 * the new tid, the leader's is dropped: found under the leader's tid, the event would otherwise
 * land on the leader's record, or on a new one taken for a thread that has not run yet. */
static void exec_renumber(struct inferior *inf, pid_t tid)
{
    unsigned long former = 0;
    if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &former) == 0 && (pid_t)former != tid &&
        thread_renumber(inf, (pid_t)former, tid))
        log_debug("thread %d exec'd: it is thread %d now", (int)former, tid);
}

void target_process_status(struct inferior *inf, struct target_state *ts, pid_t tid, int status)
{
    if (routed_elsewhere(inf, ts, tid, status))
        return;
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
        on_exit_status(inf, ts, tid, status);
        return;
    }
    if (!WIFSTOPPED(status))
        return;
    if ((status >> 16) == PTRACE_EVENT_EXEC && tid == inf->pid)
        exec_renumber(inf, tid);
    struct thread *t = thread_find(inf, tid);
    if (!t && !(t = on_unknown_task(inf, ts, tid)))
        return;
    t->running = false;
    t->late = false;
    regcache_invalidate(t);
    note_stop_kind(t, status);
    target_softstep_end(inf, ts, t); /* whatever stopped it, its temporary traps go */
    int event = status >> 16, sig = WSTOPSIG(status);
    /* The kernel drops a pending interrupt when the thread enters any other ptrace stop, unless
     * the interrupt came after it stopped: from here on, one may or may not follow. A late one
     * is recognised and ignored by on_event_stop; fresh interrupts are sent when needed. */
    if (event != PTRACE_EVENT_STOP)
        t->interrupt_sent = false;
    if (event == PTRACE_EVENT_STOP) {
        on_event_stop(inf, ts, t);
    } else if (event != 0) {
        on_ptrace_event(inf, ts, t, event);
    } else if (t->queued_sig && sig == t->queued_sig) {
        /* The signal the client asked to deliver, queued by us: deliver it now, silently. */
        t->queued_sig = 0;
        if (ts->resumed && !ts->stopping)
            target_resume_thread(inf, t, t->stepping, sig);
        else if (!thread_owe_signal(t, sig)) /* delivered when it next runs */
            log_warn("thread %d: too many owed signals, %d dropped", t->tid, sig);
    } else {
        struct stop_event ev;
        if (interpret_signal_stop(inf, ts, t, sig, &ev) && !ts->silent->filtered(inf, ts, t, &ev))
            record_event(inf, ts, t, &ev);
    }
    /* Non-stop: the kernel drops an interrupt when the thread enters another stop first (a
     * false condition's trap, a passed signal), and that stop let it go again, silently. The
     * client's stop request (vCont;t) still stands: ask again. */
    t = ts->non_stop ? thread_find(inf, tid) : NULL;
    if (t && t->stop_requested && t->running && !t->interrupt_sent && !t->new_thread &&
        ptrace(PTRACE_INTERRUPT, tid, 0, 0) == 0)
        t->interrupt_sent = true;
}

/* Takes wait statuses until nothing runs (only == 0) or thread `only` has stopped; statuses of
 * other threads are taken too, with nothing resumed meanwhile (an event stays pending). */
static void collect_stops(struct inferior *inf, struct target_state *ts, pid_t only)
{
    bool was_resumed = ts->resumed, was_collecting = ts->collecting;
    ts->resumed = false; /* nothing gets resumed while we collect */
    ts->collecting = true;
    while (inf->alive) {
        struct thread *t = only ? thread_find(inf, only) : NULL;
        if (only ? !t || !t->running : target_running_count(inf) == 0)
            break;
        int st;
        pid_t w = waitpid(-1, &st, __WALL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        target_process_status(inf, ts, w, st);
    }
    ts->resumed = was_resumed;
    ts->collecting = was_collecting;
}

void target_stop_all_sync(struct inferior *inf, struct target_state *ts)
{
    for (size_t i = 0; i < inf->nthreads; i++)
        target_interrupt_thread(inf->threads[i]);
    collect_stops(inf, ts, 0);
}

void target_stop_one_sync(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    if (!t->running || t->new_thread)
        return;
    target_interrupt_thread(t);
    collect_stops(inf, ts, t->tid);
}
