/* Wait statuses in, stop reports out. Every status is turned into a thread state change and, if
 * the client must hear of it, a pending event on that thread. The first reportable event starts
 * stopping the other threads (PTRACE_INTERRUPT); once none runs, the chosen event is reported.
 * Events that arrive meanwhile stay pending and are reported on a later resume, never lost. */
#include "target_internal.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t task_tgid(pid_t tid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    pid_t tgid = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Tgid: %d", &tgid) == 1)
            break;
    fclose(f);
    return tgid;
}

/* Not tgkill: a clone without CLONE_THREAD is a thread to us but has a thread group of its own. */
static bool task_alive(pid_t tid)
{
    return syscall(SYS_tkill, tid, 0) == 0 || errno != ESRCH;
}

/* The fields of a /proc stat file after the command name (from field 3, the state, on), in buf;
 * NULL if unreadable. The name may hold spaces and parentheses: the last ')' ends it. */
static const char *stat_fields(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' ? paren + 2 : NULL;
}

/* The signal a task sends its parent when it exits (stat field 38), -1 if unknown. The kernel
 * reports a child as a fork exactly when that is SIGCHLD (and not a vfork), as a clone otherwise:
 * a new task whose first stop comes before its creator's event is told apart by it. */
static int task_exit_signal(pid_t tid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", tid);
    const char *p = stat_fields(path, buf, sizeof buf);
    for (int field = 3; p && field < 38; field++) {
        p = strchr(p, ' ');
        p = p ? p + 1 : NULL;
    }
    return p ? atoi(p) : -1;
}

size_t target_running_count(struct inferior *inf)
{
    size_t n = 0;
    for (size_t i = 0; i < inf->nthreads; i++)
        n += inf->threads[i]->running;
    return n;
}

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

void target_classify_sigtrap(struct inferior *inf, struct thread *t, struct stop_event *ev)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si);
    ev->kind = STOP_TRAP;
    ev->sig = SIGTRAP;

    if (inf->arch->is_sw_break_trap(si.si_code)) {
        uint64_t pc = regcache_get_pc(inf, t) - inf->arch->pc_after_trap;
        struct sw_site *s = swbreak_find(inf, pc);
        if (s && s->inserted) {
            regcache_set_pc(inf, t, pc); /* rewind before anyone looks (lldb relies on it) */
            ev->kind = STOP_SWBREAK;
            ev->pc = pc;
        }
        return;
    }
    bool step = inf->arch->is_step_trap(si.si_code);
    bool hw_step = false;
    if (si.si_code == TRAP_HWBKPT || step) {
        /* A step onto an instruction that writes a watched location sets both: the watchpoint
         * is what the user wants to hear about. */
        if (hwpoint_decode_hit(inf, t, ev, &hw_step))
            return;
        if (hw_step || step || t->stepping) {
            ev->kind = STOP_STEP;
            return;
        }
    }
    if (si.si_code <= 0 || si.si_code == SI_KERNEL) {
        ev->kind = STOP_SIGNAL; /* sent by someone (raise, kill): a plain signal */
    }
}

/* Decide what a signal-delivery stop means. Returns false if nothing is to be reported (the
 * thread was resumed again internally). */
static bool interpret_signal_stop(struct inferior *inf, struct target_state *ts, struct thread *t,
                                  int sig, struct stop_event *ev)
{
    memset(ev, 0, sizeof *ev);
    if (sig == (SIGTRAP | 0x80)) { /* syscall stop: we never ask for them */
        ptrace(PTRACE_CONT, t->tid, 0, 0);
        t->running = true;
        return false;
    }
    if (sig != SIGTRAP) {
        ev->kind = STOP_SIGNAL;
        ev->sig = sig;
        return true;
    }
    target_classify_sigtrap(inf, t, ev);
    if (ev->kind == STOP_NONE) {
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
        return target_range_step_on(inf, ts, t, ev);
    return true;
}

static void record_event(struct inferior *inf, struct target_state *ts, struct thread *t,
                         const struct stop_event *ev)
{
    t->has_pending = true;
    t->pending = *ev;
    log_debug("event kind %d sig %d on %d pending (resumed %d stopping %d)", ev->kind, ev->sig,
              t->tid, ts->resumed, ts->stopping);
    if (!ts->resumed)
        return; /* e.g. during attach: kept for the first resume */
    if (!ts->stopping) {
        ts->stopping = true;
        ts->report_tid = t->tid;
        for (size_t i = 0; i < inf->nthreads; i++) {
            struct thread *o = inf->threads[i];
            if (o->running && !o->interrupt_sent && !o->new_thread) {
                if (ptrace(PTRACE_INTERRUPT, o->tid, 0, 0) == 0)
                    o->interrupt_sent = true;
            }
        }
    }
}

static void on_exit_status(struct inferior *inf, struct target_state *ts, pid_t tid, int status)
{
    if (tid != inf->pid) {
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
    ts->stopping = ts->resumed;
    ts->report_tid = tid;
    ts->interrupt_requested = false;
}

/* The first stop of a thread we did not know (a clone's child, or a fork's child). */
static struct thread *on_unknown_task(struct inferior *inf, struct target_state *ts, pid_t tid)
{
    if (task_tgid(tid) != inf->pid && task_exit_signal(tid) == SIGCHLD) {
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
        /* The child reports its own initial stop: it is released there. */
        inf->forks_in_flight++;
        if (event == PTRACE_EVENT_VFORK) {
            /* The child shares our memory until it execs or exits: lift the traps meanwhile. */
            swbreak_remove_all(inf, false);
        }
        break;
    case PTRACE_EVENT_VFORK_DONE:
        swbreak_reinsert_all(inf);
        break;
    case PTRACE_EVENT_EXEC:
        /* A new program image: old sites and threads are meaningless. */
        mem_open(inf);
        swbreak_remove_all(inf, true);
        for (size_t i = inf->nthreads; i-- > 0;)
            if (inf->threads[i]->tid != t->tid)
                thread_remove(inf, inf->threads[i]->tid);
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
}

/* A trap the thread raised just as it was interrupted: the kernel reports the interrupt first
 * and leaves the SIGTRAP queued (a finished single step, an int3 it just executed). Left there it
 * would surface at the next resume, long after the client stopped caring: a SIGTRAP from nowhere,
 * or a breakpoint hit reported after the breakpoint was removed. */
static bool trap_queued(pid_t tid)
{
    siginfo_t q[4];
    struct __ptrace_peeksiginfo_args args = {.off = 0, .flags = 0, .nr = 4};
    long n = ptrace(PTRACE_PEEKSIGINFO, tid, &args, q);
    for (long i = 0; i < n; i++)
        if (q[i].si_signo == SIGTRAP)
            return true;
    return false;
}

static void on_event_stop(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    if (t->new_thread) {
        t->new_thread = false;
        if (ts->resumed && !ts->stopping)
            target_resume_thread(inf, t, false, 0);
        return;
    }
    if (t->interrupt_sent) {
        t->interrupt_sent = false;
        if (trap_queued(t->tid)) {
            /* Let it arrive: the signal stop comes at once, before any instruction runs, and is
             * classified like any other (and reported, or dropped if stale by then). */
            if (ptrace(PTRACE_CONT, t->tid, 0, 0) == 0) {
                t->running = true;
                return;
            }
        }
        if (ts->resumed && !ts->stopping && !t->has_pending)
            target_resume_thread(inf, t, t->stepping, 0); /* a late interrupt: ignore it */
        return;
    }
    /* A group stop (SIGSTOP/SIGTSTP to the process): keep the program running under us. */
    if (ts->resumed && !ts->stopping)
        target_resume_thread(inf, t, t->stepping, 0);
}

void target_process_status(struct inferior *inf, struct target_state *ts, pid_t tid, int status)
{
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
        on_exit_status(inf, ts, tid, status);
        return;
    }
    if (!WIFSTOPPED(status))
        return;
    struct thread *t = thread_find(inf, tid);
    if (!t && !(t = on_unknown_task(inf, ts, tid)))
        return;
    t->running = false;
    regcache_invalidate(t);
    note_stop_kind(t, status);
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
        if (interpret_signal_stop(inf, ts, t, sig, &ev) &&
            !target_filtered_silently(inf, ts, t, &ev))
            record_event(inf, ts, t, &ev);
    }
}

void target_stop_all_sync(struct inferior *inf, struct target_state *ts)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        if (t->running && !t->interrupt_sent && !t->new_thread &&
            ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) == 0)
            t->interrupt_sent = true;
    }
    bool was_resumed = ts->resumed;
    ts->resumed = false; /* nothing gets resumed while we collect */
    while (inf->alive && target_running_count(inf) > 0) {
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
}

/* Picks the stop to report once nothing runs, and clears it from its thread. */
static int finish_stop(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    ts->stopping = false;
    ts->resumed = false;
    memset(out, 0, sizeof *out);
    log_debug("all stopped: reporting %d", ts->report_tid);
    struct thread *t = thread_find(inf, ts->report_tid);
    if (ts->interrupt_requested) {
        ts->interrupt_requested = false;
        if (!t || !t->has_pending) {
            t = thread_find(inf, inf->last_resumed_tid);
            if (!t && inf->nthreads)
                t = inf->threads[0];
            out->tid = t ? t->tid : inf->pid;
            out->ev.kind = STOP_INTERRUPT;
            out->ev.sig = SIGINT;
            return 1;
        }
    }
    if (!t || !t->has_pending || t->pending.kind != STOP_STEP) {
        /* Unless the first event is the end of a step the client asked for (it waits for that
         * one), draw among every thread with an event: always reporting the first to arrive
         * would starve the others (gdb's continue-pending-status). A thread the client holds
         * stopped is left out while it can be (gdb stepping one thread over a breakpoint expects
         * that thread's event, not a held one's). */
        size_t n = 0;
        for (size_t i = 0; i < inf->nthreads; i++)
            n += inf->threads[i]->has_pending && !inf->threads[i]->held;
        bool any = n == 0;
        for (size_t i = 0; any && i < inf->nthreads; i++)
            n += inf->threads[i]->has_pending;
        if (n == 0)
            return 0;
        size_t pick = (size_t)random() % n;
        t = NULL;
        for (size_t i = 0; i < inf->nthreads && !t; i++)
            if (inf->threads[i]->has_pending && (any || !inf->threads[i]->held) && pick-- == 0)
                t = inf->threads[i];
    }
    out->tid = t->tid;
    out->ev = t->pending;
    t->has_pending = false;
    if (out->ev.kind == STOP_SWBREAK) { /* cleared when the thread next resumes */
        t->at_bp_hit = true;
        t->bp_hit_pc = out->ev.pc;
    }
    return 1;
}

int target_handle_events(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    for (;;) {
        int st;
        pid_t w = waitpid(-1, &st, __WALL | WNOHANG);
        if (w <= 0)
            break;
        if (packet_log_enabled() || log_get_level() >= LOG_DEBUG)
            log_debug("wait: tid %d status 0x%x", w, st);
        target_process_status(inf, ts, w, st);
        /* The stop the client waits for is complete and no fork child is on its way: no
         * status can be waiting, so spare the call that would only say so (one per stop).
         * While the client is not waiting, statuses are rare (threads dying under a SIGKILL from
         * outside, whose SIGCHLDs merge into one): drain them all. */
        if (ts->resumed && inf->forks_in_flight == 0 &&
            (!inf->alive || target_running_count(inf) == 0))
            break;
    }
    if (ts->stopping && (!inf->alive || target_running_count(inf) == 0))
        return finish_stop(inf, ts, out);
    if (ts->resumed && !ts->stopping && ts->report_no_resumed && inf->alive && inf->nthreads > 0 &&
        target_running_count(inf) == 0) {
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

/* The state letter of a task in /proc ('R', 'S', 't', 'Z' ...), or 0 if it is gone. */
static char task_state(pid_t pid, pid_t tid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
    const char *p = stat_fields(path, buf, sizeof buf);
    return p ? p[0] : 0;
}

/* A leader that called pthread_exit while other threads live stays a zombie until the last one
 * exits: it never stops again, so waiting for it would hang the stop-all. Like gdb, forget it;
 * its exit status still ends the process (on_exit_status brings it back for that). */
static void forget_zombie_leader(struct inferior *inf)
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

int target_check_stuck_stop(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    if (!ts->stopping && !target_only_leader_runs(inf, ts))
        return 0;
    forget_zombie_leader(inf);
    return target_handle_events(inf, ts, out);
}

int target_interrupt(struct inferior *inf, struct target_state *ts, struct stop_report *out)
{
    if (!inf->alive)
        return 0;
    if (!ts->resumed) {
        ts->interrupt_queued = true;
        return 0;
    }
    ts->interrupt_requested = true;
    if (!ts->stopping) {
        ts->stopping = true;
        ts->report_tid = 0;
        for (size_t i = 0; i < inf->nthreads; i++) {
            struct thread *o = inf->threads[i];
            if (o->running && !o->interrupt_sent && !o->new_thread &&
                ptrace(PTRACE_INTERRUPT, o->tid, 0, 0) == 0)
                o->interrupt_sent = true;
        }
    }
    if (target_running_count(inf) == 0)
        return finish_stop(inf, ts, out);
    return 0;
}
