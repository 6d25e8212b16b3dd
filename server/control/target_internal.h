/* Shared between the target_*.c files only. */
#ifndef ZSTUB_TARGET_INTERNAL_H
#define ZSTUB_TARGET_INTERNAL_H

#include "target.h"

#include <signal.h>
#include <sys/wait.h>

#define ZSTUB_PTRACE_OPTIONS                                                                       \
    (PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |         \
     PTRACE_O_TRACEVFORKDONE | PTRACE_O_TRACESYSGOOD)

/* Process one wait status. Returns true if it produced a reportable event that was recorded as
 * pending on its thread (and set ts->report_tid if none was chosen yet). */
void target_process_status(struct inferior *inf, struct target_state *ts, pid_t tid, int status);
/* Stop every running thread and wait until all are stopped (blocking). */
void target_stop_all_sync(struct inferior *inf, struct target_state *ts);
/* Resume one thread (flushes registers, syncs debug registers). */
int target_resume_thread(struct inferior *inf, struct thread *t, bool step, int sig);
/* Single-step thread t over the breakpoint site under its PC; may record a pending event. */
int target_step_over(struct inferior *inf, struct target_state *ts, struct thread *t);
/* Records which kind of ptrace stop status is: only a signal-delivery stop takes a signal. */
static inline void note_stop_kind(struct thread *t, int status)
{
    t->signal_stop =
        WIFSTOPPED(status) && (status >> 16) == 0 && WSTOPSIG(status) != (SIGTRAP | 0x80);
}
/* Number of threads still running. */
size_t target_running_count(struct inferior *inf);
/* Classify a SIGTRAP stop of thread t from its siginfo (breakpoint, step, watchpoint ...). */
void target_classify_sigtrap(struct inferior *inf, struct thread *t, struct stop_event *ev);
/* The silent filters (silent.c). */
extern const struct silent_filters target_silent_filters;

#endif
