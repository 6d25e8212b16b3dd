/* Shared between the target_*.c files only. */
#ifndef ZSTUB_TARGET_INTERNAL_H
#define ZSTUB_TARGET_INTERNAL_H

#include "target.h"

#include <signal.h>
#include <time.h>
#include <sys/wait.h>

#define ZSTUB_PTRACE_OPTIONS                                                                       \
    (PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |         \
     PTRACE_O_TRACEVFORKDONE | PTRACE_O_TRACESYSGOOD)

/* Process one wait status. Returns true if it produced a reportable event that was recorded as
 * pending on its thread (and set ts->report_tid if none was chosen yet). */
void target_process_status(struct inferior *inf, struct target_state *ts, pid_t tid, int status);
/* Stop every running thread and wait until all are stopped (blocking). */
void target_stop_all_sync(struct inferior *inf, struct target_state *ts);
/* PTRACE_INTERRUPT for a running thread not interrupted yet (a new thread's first stop is on its
 * way anyway). */
void target_interrupt_thread(struct thread *t);
/* Detach or kill: the children of unreported fork events are let go (or killed) too. */
void target_end_unreported_children(struct inferior *inf, bool kill_them);
/* Stops one running thread and waits for it; the others run on (their statuses that arrive
 * meanwhile are taken, an event stays pending). */
void target_stop_one_sync(struct inferior *inf, struct target_state *ts, struct thread *t);
/* Resume one thread (flushes registers, syncs debug registers). */
int target_resume_thread(struct inferior *inf, struct thread *t, bool step, int sig);
/* Single-step thread t over the breakpoint site under its PC; may record a pending event.
 * client_step: the client asked t to step (a signal it sends then rides the step). */
int target_step_over(struct inferior *inf, struct target_state *ts, struct thread *t,
                     bool client_step);
/* Records which kind of ptrace stop status is: only a signal-delivery stop takes a signal. */
static inline void note_stop_kind(struct thread *t, int status)
{
    t->signal_stop =
        WIFSTOPPED(status) && (status >> 16) == 0 && WSTOPSIG(status) != (SIGTRAP | 0x80);
}
/* The action for thread tid of process pid: one naming the thread, else the first for every
 * thread (of that process, or of all); NULL when none applies. */
const struct resume_action *target_action_for(const struct resume_action *acts, size_t n, pid_t pid,
                                              pid_t tid);
/* All-stop across processes: the processes whose threads the last resume let run stop together
 * (a stop-all interrupts them all) and the reported event is drawn among all of them. inf (the
 * client's current process) always takes part; the others are the table's (ts->procs) marked
 * in_resume. Walk them with: for (size_t k = 0; (m = target_member(inf, ts, &k));) */
static inline struct inferior *target_member(struct inferior *inf, const struct target_state *ts,
                                             size_t *k)
{
    if (*k == 0) {
        *k = 1;
        return inf;
    }
    while (ts->procs && *k - 1 < *ts->nprocs) {
        struct inferior *o = ts->procs[*k - 1];
        (*k)++;
        if (o != inf && o->in_resume)
            return o;
    }
    return NULL;
}
/* Sums over those processes (the dead ones count nothing). */
size_t target_members_running(struct inferior *inf, const struct target_state *ts);
size_t target_members_awaited(struct inferior *inf, const struct target_state *ts);
/* No wait status can be on its way: no thread of inf nor of any process of the table runs, no
 * fork child's first stop is due (a process whose threads stopped was sent nothing else). */
bool target_all_quiet(struct inferior *inf, const struct target_state *ts);
/* Every running thread of those processes gets PTRACE_INTERRUPT (a stop-all begins). */
void target_interrupt_members(struct inferior *inf, const struct target_state *ts);
/* The thread tid of one of those processes (*owner says which), or NULL. */
struct thread *target_member_thread(struct inferior *inf, const struct target_state *ts, pid_t tid,
                                    struct inferior **owner);
/* An unreported event still worth reporting when its thread resumes (not a stale breakpoint hit
 * or finished step). */
bool target_pending_still_valid(struct inferior *inf, const struct target_state *ts,
                                struct thread *t);
/* A fault raised by the instruction at the PC: it means something only where it happened. */
static inline bool signal_is_synchronous(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP ||
           sig == SIGSYS;
}
/* Number of threads still running. */
size_t target_running_count(struct inferior *inf);
/* softstep.c: software single-step (see there). */
bool softstep_wanted(const struct inferior *inf);
int softstep_begin(struct inferior *inf, struct thread *t);
bool softstep_end(struct inferior *inf, struct thread *t); /* true if traps were lifted */
/* run_thread.c: softstep_end, then the threads parked on those traps go on. */
void target_softstep_end(struct inferior *inf, struct target_state *ts, struct thread *t);
enum softstep_hit {
    SOFTSTEP_NONE,
    SOFTSTEP_DONE,          /* the thread's own step ended here */
    SOFTSTEP_FOREIGN,       /* another thread's trap, still planted: park this one */
    SOFTSTEP_FOREIGN_LIFTED /* another thread's trap, lifted since: just go on */
};
enum softstep_hit softstep_classify(struct inferior *inf, struct thread *t, uint64_t pc);
/* Number of running threads a stop-all still waits for (the late ones are not). */
size_t target_awaited_count(struct inferior *inf);
/* CLOCK_MONOTONIC in milliseconds (how long a stop-all has lasted). */
static inline long long target_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}
/* Classify a SIGTRAP stop of thread t from its siginfo (breakpoint, step, watchpoint ...). */
void target_classify_sigtrap(struct inferior *inf, struct thread *t, struct stop_event *ev);
/* Non-stop resume (nonstop.c): only the named threads move; the reply is OK, events follow. */
int target_resume_nonstop(struct inferior *inf, struct target_state *ts,
                          const struct resume_action *acts, size_t nacts);
/* Non-stop: stop every running thread; then let every thread the stub stopped go again, unless
 * the client holds it or it has an event to report. */
void target_pause_all(struct inferior *inf, struct target_state *ts);
void target_unpause(struct inferior *inf);
/* A system call stop of thread t (catch_syscall.c): true with ev filled when the client asked
 * for it, false when the thread was resumed (or left stopped while the others stop). */
bool target_syscall_stop(struct inferior *inf, struct target_state *ts, struct thread *t,
                         struct stop_event *ev);
/* Whether the client catches system call nr (QCatchSyscalls). */
static inline bool syscall_caught(const struct inferior *inf, long nr)
{
    const struct syscall_catch *c = &inf->catch_sys;
    if (!c->on)
        return false;
    return c->all || (nr >= 0 && nr < SYSCALL_CATCH_MAX && (c->nr[nr / 8] & (1u << (nr % 8))));
}
/* The silent filters (silent.c). */
extern const struct silent_filters target_silent_filters;

#endif
