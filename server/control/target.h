/* Process and thread control with ptrace, in all-stop mode. The session calls these; the event
 * loop calls target_handle_events() whenever SIGCHLD arrives. Nothing here blocks while the
 * program runs: stopping the other threads after an event is asynchronous too (each stop arrives
 * as its own wait status). The only synchronous waits are for a single thread's single step over
 * a breakpoint and for stopping everything before a detach or kill. */
#ifndef ZSTUB_TARGET_H
#define ZSTUB_TARGET_H

#include "inferior.h"
#include "points.h"

struct stop_report {
    pid_t tid; /* the thread the stop is about (the pid for exits) */
    pid_t pid; /* its process, when the thread is gone already (STOP_THREAD_EXITED), else 0 */
    struct stop_event ev;
};

struct resume_action {
    char kind;           /* 'c', 's', 'r' or 't' (stay stopped) */
    int sig;             /* host signal to deliver, 0 for none */
    pid_t pid;           /* the process the action is for, or 0 for any */
    pid_t tid;           /* the thread, or 0 for every thread (of pid) */
    uint64_t start, end; /* range for 'r' */
};

/* The silent filters (silent.c): what status interpretation (status.c) asks before an event
 * reaches the client. A table, so that status.c does not depend on the layer above it that steps
 * threads and waits (which itself interprets statuses). */
struct target_state;
struct silent_filters {
    /* Range stepping: keep stepping while inside the range; true when ev must be reported. */
    bool (*range_step_on)(struct inferior *inf, struct target_state *ts, struct thread *t,
                          struct stop_event *ev);
    /* Conditions and passed signals: true if the event was handled without the client. */
    bool (*filtered)(struct inferior *inf, struct target_state *ts, struct thread *t,
                     const struct stop_event *ev);
};

struct target_state {
    const struct silent_filters *silent; /* set by target_state_init */
    bool non_stop; /* QNonStop:1: an event stops its own thread only, the others run on */
    bool resumed;  /* the client is waiting for a stop reply (always, in non-stop) */
    bool stopping; /* a stop is being reported: waiting for the other threads to stop */
    bool interrupt_requested; /* Ctrl-C: report SIGINT once everything is stopped */
    bool interrupt_queued;  /* Ctrl-C that came while nothing ran (gdb sends it as soon as the user
                             * presses it, even before its resume packet): for the next resume */
    pid_t report_tid;       /* the thread whose event will be reported */
    bool report_no_resumed; /* the client takes 'N' (qSupported no-resumed+) */
    bool pass_signal[65];   /* QPassSignals: deliver these without a stop (host numbers) */
    bool quiet_signal[65];  /* the last QPassSignals that named any: gdb sends an empty list for
                             * each step over a breakpoint, and these are still the signals it
                             * neither stops nor prints for */
    bool report_exec;       /* the client wants exec stops (gdb: exec-events, lldb: reason:exec) */
    bool report_forks;      /* ... fork stops (fork-events): the child stays for the client */
    bool report_vforks;     /* ... vfork and vforkdone stops (vfork-events) */
    /* Another process the stub debugs that owns tid, or NULL: a wait status for it is recorded
     * there (quietly: only the process the client resumed reports). */
    struct inferior *(*owner_of)(void *ctx, pid_t tid);
    void *owner_ctx;
    /* Every process the stub debugs (the server's table; NULL: the one passed in only). A resume
     * may let threads of several run (gdb's schedule-multiple); in all-stop they then stop
     * together, and one event of any of them is reported (see target_member). */
    struct inferior *const *procs;
    const size_t *nprocs;
    bool report_thread_events; /* QThreadEvents: thread creation and exit are stops */
    bool collecting;    /* a stop-all (or a one-thread stop) is taking statuses; its caller resumes
                         * what it stopped: a silent event must leave its thread stopped */
    bool statuses_left; /* target_handle_events stopped at its budget: call it again soon */
    bool stop_due_soon; /* a thread was let go past a system call nobody asked for: its next one
                         * is likely microseconds away (target_handle_events polls for it) */
    /* QProgramSignals: the signals the program may receive when the client detaches from a
     * thread stopped by one (program_signals_set: the client said; else all but SIGTRAP and
     * SIGINT, gdb's defaults). Host numbers. */
    bool program_signals_set;
    bool program_signal[65];
    long long stop_began_ms; /* when the current stop-all began (CLOCK_MONOTONIC) */
};

struct launch_params {
    char **argv;
    char **wrapper;       /* NULL-terminated or NULL */
    bool stdio_transport; /* the client is on our stdin/stdout: keep the program off them */
    bool own_group;       /* the program leads a process group of its own (common/terminal.h) */
    bool keep_aslr;       /* leave address space randomization on */
    bool shell;           /* start as $SHELL -c "exec [WRAPPER] PROG ARGS" */
    char *const *envp;    /* the program's environment; NULL: the stub's */
    const char *cwd;      /* its working directory; NULL: the stub's */
    /* lldb's QSetSTDIN/QSetSTDOUT/QSetSTDERR: files (often lldb's pty) for fds 0-2, or NULL */
    const char *stdio_path[3];
    bool use_tty; /* tty_fd, a terminal, stands in for the fds with no path (lldb's O packets) */
    int tty_fd;
    bool only_stdio; /* the program gets fds 0-2 and no other of the stub's (lldb's way) */
};

/* Zeroes ts and wires it to the silent filters. */
void target_state_init(struct target_state *ts);
/* Nothing resumed, nothing being stopped: a new process starts; the client's settings stay. */
void target_state_idle(struct target_state *ts);

/* On failure why says what went wrong (a missing program, a bad directory...). */
int target_launch(struct inferior *inf, const struct launch_params *lp, char *why, size_t cap);
int target_attach(struct inferior *inf, pid_t pid);
/* The child of a fork (or vfork) the client keeps: child is a blank inferior of the parent's
 * architecture. A fork child's memory holds the parent's traps, which it takes over; a vfork
 * child shares the parent's memory and takes none. */
int target_adopt_fork_child(struct inferior *parent, struct inferior *child, pid_t pid,
                            bool stopped, bool vfork);
/* Kill the process and reap it. */
void target_kill(struct inferior *inf, struct target_state *ts);
/* Remove every trace of the debugger (traps, debug registers) and let the process run on. */
int target_detach(struct inferior *inf, struct target_state *ts);

/* Resume per the actions, in every process they name (inf, the client's current process, and the
 * others of ts->procs). Returns 1 when a stop is reported at once (a pending event, or a step
 * that completed synchronously) in *out, 0 when the program now runs, or -errno. */
int target_resume(struct inferior *inf, struct target_state *ts, const struct resume_action *acts,
                  size_t nacts, struct stop_report *out);
/* Ctrl-C from the client. Returns 1 when a stop is ready at once in *out. */
int target_interrupt(struct inferior *inf, struct target_state *ts, struct stop_report *out);
/* Non-stop (nonstop.c). Entering stops nothing; leaving stops every thread. */
void target_set_non_stop(struct inferior *inf, struct target_state *ts, bool on);
/* The oldest unreported event of a stopped thread, taken: 1, or 0 when there is none. */
int target_take_event(struct inferior *inf, struct target_state *ts, struct stop_report *out);
/* Every thread's debug registers up to date, running ones paused for a moment. */
void target_sync_running(struct inferior *inf, struct target_state *ts);
size_t target_running_count_of(struct inferior *inf); /* threads running now */
/* The client let only the leader run, and it may exit without a wait status (pthread_exit while
 * the other, held threads live): worth the same check as a stop-all that lasts. */
bool target_only_leader_runs(struct inferior *inf, struct target_state *ts);
/* A stop-all that has lasted long: forget threads that will never stop (a zombie leader), and
 * past STOP_ALL_BOUND_MS report without those blocked in the kernel (a vfork parent waiting for
 * its child, an uninterruptible sleep): they are late, and stop when they can.
 * Returns 1 when a stop is ready to be reported in *out, else 0. */
#define STOP_ALL_BOUND_MS 500
int target_check_stuck_stop(struct inferior *inf, struct target_state *ts, struct stop_report *out);
/* Drain wait statuses. Returns 1 when a stop is ready to be reported in *out, else 0. */
int target_handle_events(struct inferior *inf, struct target_state *ts, struct stop_report *out);
/* A leader that called pthread_exit while its threads live is a zombie: no thread any more. */
void target_forget_zombie_leader(struct inferior *inf);

/* Run system call nr with args in stopped thread t (target_syscall.c); *ret is its raw result
 * (-errno values included). Returns 0, or -errno if it could not be run. */
int target_inferior_syscall(struct inferior *inf, struct target_state *ts, struct thread *t,
                            long nr, const uint64_t args[6], uint64_t *ret);

#endif
