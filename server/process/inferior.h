/* The debugged process as the server sees it: its threads, their stop state and register caches,
 * its software breakpoint sites and hardware debug-point intent. Machine-independent: register
 * contents are opaque blobs interpreted by arch/. */
#ifndef ZSTUB_INFERIOR_H
#define ZSTUB_INFERIOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch.h"

enum stop_kind {
    STOP_NONE = 0,      /* nothing to report (an internal stop) */
    STOP_SIGNAL,        /* a signal arrived: sig */
    STOP_SWBREAK,       /* a trap at one of our sites; PC already rewound to the site */
    STOP_HWBREAK,       /* a Z1 hardware breakpoint */
    STOP_WATCH,         /* a Z2/Z3/Z4 watchpoint: watch_kind, watch_addr */
    STOP_STEP,          /* a single step (or range step) completed */
    STOP_TRAP,          /* some other SIGTRAP (the program's own int3, ...) */
    STOP_INTERRUPT,     /* the client asked (Ctrl-C): reported as SIGINT */
    STOP_EXEC,          /* the program exec'd a new image (when the client asked for exec events) */
    STOP_FORK,          /* it forked: child (when the client follows forks itself) */
    STOP_VFORK,         /* it vforked: child, which shares its memory until vforkdone */
    STOP_VFORK_DONE,    /* the vfork child exec'd or exited: the parent's memory is its own again */
    STOP_EXITED,        /* process exited: exit_code */
    STOP_KILLED,        /* process terminated by signal: sig */
    STOP_NO_RESUMED,    /* every thread the client resumed is gone, the others stay stopped: 'N' */
    STOP_SYSCALL_ENTRY, /* a caught system call (QCatchSyscalls) starts: sysno */
    STOP_SYSCALL_RETURN, /* a caught system call returns: sysno */
    STOP_THREAD_CREATED, /* a new thread's first stop (QThreadEvents) */
    STOP_THREAD_EXITED,  /* a thread other than the leader exited (QThreadEvents): exit_code */
};

struct stop_event {
    enum stop_kind kind;
    int sig; /* host signal number */
    int exit_code;
    enum hw_kind watch_kind;
    uint64_t watch_addr; /* the address the client asked to watch */
    uint64_t pc;         /* PC at the stop (for pending breakpoint hits) */
    pid_t child;         /* STOP_FORK, STOP_VFORK: the new process */
    bool child_stopped;  /* its first stop has been seen already */
    long sysno;          /* the system call of a STOP_SYSCALL_* */
};

struct regcache {
    uint8_t *blob;  /* arch->blob_size bytes, g-packet layout */
    unsigned valid; /* bit per bank */
    unsigned dirty; /* bit per bank: write back before resuming */
};

#define THREAD_OWED_SIGS 4
#define SOFTSTEP_MAX 8
struct thread {
    pid_t tid;
    bool running;
    bool interrupt_sent; /* PTRACE_INTERRUPT outstanding: expect a PTRACE_EVENT_STOP */
    bool late;        /* blocked in the kernel past a stop-all's bound: reported without it, still
                       * running until its stop arrives (then it is an ordinary stopped thread) */
    bool new_thread;  /* created by clone, has not run yet */
    bool has_pending; /* an event seen while stopping others, not yet reported */
    bool stop_queued; /* non-stop: its stop report waits in the notification queue (sent or not,
                       * not yet retired by a vStopped): the client still counts it as running */
    struct stop_event pending;
    bool at_bp_hit; /* last reported stop was a sw breakpoint at bp_hit_pc */
    uint64_t bp_hit_pc;
    bool stepping;    /* resumed with a single step */
    bool signal_stop; /* stopped in a signal-delivery stop: a signal can be injected at resume */
    int queued_sig;   /* a signal the client gave at a resume that we queued with tkill */
    bool held;        /* the client left it stopped (no action or 't') */
    /* Stopped by an --attach and not reported since: in non-stop the client takes it for
     * running until it asks it to stop ('t'), as gdbserver's (gdb 13 cannot take more than one
     * stop in the '?' that starts a non-stop session: it asserts). */
    bool unannounced;
    bool stop_requested;       /* non-stop: the client asked it to stop (vCont;t, vCtrlC) */
    int stop_sig;              /* ... reported with this signal (0, or SIGINT for vCtrlC) */
    unsigned long pending_seq; /* non-stop: order of the pending events, oldest reported first */
    bool range_step; /* resumed with vCont;r: keep stepping inside [range_start, range_end) */
    uint64_t range_start, range_end;
    int resume_sig; /* host signal to deliver on the next resume */
    /* Signals owed to the thread, oldest first, delivered one per continue (never with a single
     * step: the handler would return onto the stepped-over breakpoint, and the client, which
     * counts them as delivered, would see a second hit): a passed signal that arrived during a
     * step, one the client resumed it with while another thread's event was reported instead
     * or while it stepped over a breakpoint. */
    int owed_sig[THREAD_OWED_SIGS];
    /* A signal that arrived under a single step, before the instruction ran: reported (or, if
     * the client lets it pass by then, owed) once the step is done. Delivered where it arrived,
     * its handler would return onto the breakpoint being stepped over: a second hit (gdb takes
     * it for one, with gdbserver too). */
    int deferred_sig;
    unsigned nowed_sig;
    /* The number plus one of the system call whose entry stop the thread had and that has not
     * returned yet, 0 if none or unknown (control/catch_syscall.c). */
    long syscall_entry;
    bool exited;      /* gone: kept only until its exit (a 'w' reply) is reported */
    int reported_sig; /* the signal its last reported stop was, until it resumes (detach) */
    unsigned hw_gen;  /* generation of the hw plan in this thread's debug registers */
    int stat_fd;      /* /proc/PID/task/TID/stat kept open, plus one (0: none) */
    /* Software single-step (softstep.c): the temporary traps of the step in flight, and the
     * addresses of the last one (kept after they are lifted, to recognise its trap). */
    bool soft_active;
    int soft_n;
    uint64_t soft_addr[SOFTSTEP_MAX];
    bool parked; /* stopped on another thread's temporary trap, until that one is lifted */
    struct regcache rc;
};

#define SW_SITE_MAX_TRAP 4
#define COND_MAX 8
/* Agent-expression conditions of one breakpoint location (owned copies of the bytecode). */
struct cond_set {
    size_t n;
    uint8_t *code[COND_MAX];
    size_t len[COND_MAX];
};
/* Out-of-line step over (ool.c, ool_scratch.c): where a site's instruction runs, as planned. */
enum ool_site_state { OOL_UNKNOWN = 0, OOL_READY, OOL_IMPOSSIBLE };

struct sw_site {
    uint64_t addr;
    uint8_t saved[SW_SITE_MAX_TRAP]; /* original bytes under the trap */
    const uint8_t *trap;             /* the trap written there (the arch's, for the kind) */
    uint8_t len;
    bool client;    /* the client's breakpoint (Z0); false: only a software step's trap */
    pid_t step_tid; /* the thread whose software single-step planted (or shares) it, or 0 */
    int refs;
    bool inserted;
    struct cond_set conds; /* target-side conditions */
    struct cond_set cmds;  /* commands (dprintf-style agent): run instead of reporting a hit */
    enum ool_site_state ool;
    struct arch_ool_plan plan; /* OOL_READY: how it steps over out of line */
    uint64_t slot;             /* the slot of a run plan, 0 if none */
};

/* One slot of a scratch page: which site it serves, and where a thread stopped inside it really
 * is. Kept after its site goes (a thread may still be there, or a signal frame may return there):
 * a slot is only ever rewritten with the same code, for the same site. */
struct ool_slot {
    uint64_t site;
    bool in_use;
    uint8_t code_len;
    uint8_t code[ARCH_OOL_SLOT];
    uint8_t nexits;
    uint8_t exit_off[ARCH_OOL_EXITS];
    uint64_t exit_to[ARCH_OOL_EXITS];
};
#define OOL_MAX_PAGES 8
#define OOL_PAGE_SIZE 4096u
struct ool_page {
    uint64_t base;
    size_t nused; /* slots ever handed out, from the start of the page */
    struct ool_slot *slots;
};
struct ool_state {
    bool enabled; /* --no-displaced-stepping turns it off */
    struct ool_page pages[OOL_MAX_PAGES];
    size_t npages;
    bool cannot_map; /* an mmap was refused: do not try again for this process */
    /* How step overs went: run out of line, emulated, or stepped in place with the other
     * threads stopped (turned off, the instruction cannot be relocated, or no scratch slot was
     * to be had). */
    unsigned long ran, emulated, in_place;
};

struct hw_entry {
    struct hw_point pt;
    int refs;
    struct cond_set conds; /* target-side conditions (Z1) */
    struct cond_set cmds;  /* commands, as for a trap site */
    /* last value seen, for read-watchpoint emulation (x86 has no read-only condition) */
    uint8_t last[64];
    size_t last_len;
};

#define SW_REMOVED_RING 16
/* QCatchSyscalls: while `on`, continuing threads stop at every system call's entry and return;
 * those in `nr` (or all, with `all`) are reported (control/catch_syscall.c). */
#define SYSCALL_CATCH_MAX 1024
struct syscall_catch {
    bool on;
    bool all;
    uint8_t nr[SYSCALL_CATCH_MAX / 8]; /* bit per system call number */
};

struct inferior {
    pid_t pid;
    bool attached; /* detach (not kill) when the client goes away */
    bool alive;
    /* All-stop: the last resume let some of its threads run (with others' under gdb's
     * schedule-multiple): its events stop every such process, and are reported at once. */
    bool in_resume;
    int memfd; /* /proc/PID/mem */
    const struct arch_ops *arch;

    struct thread **threads;
    size_t nthreads, cap_threads;
    pid_t exec_former;       /* the thread whose exec made it the leader (thread_renumber), or 0 */
    pid_t last_resumed_tid;  /* the thread a Ctrl-C stop is reported for */
    int stat_fds;            /* how many threads keep their stat file open */
    int forks_in_flight;     /* fork events minus released children: nonzero, a stop may be due */
    unsigned long event_seq; /* non-stop: numbers the pending events in arrival order */
    /* Fork children the client will hear of whose first stop came before the parent's fork
     * event: they wait, stopped, for the event that names them. */
    pid_t early_children[8];
    size_t nearly_children;
    /* Children of forks the client does not hear of (their kind of fork event is off) whose
     * first stop is still to come: released at that stop. */
    pid_t unheard_children[8];
    size_t nunheard_children;

    struct sw_site *sites;
    size_t nsites, cap_sites;
    /* The last sites the client removed: a thread that hit one just before may report its trap
     * after (non-stop), to be taken back silently. */
    uint64_t removed_sites[SW_REMOVED_RING];
    unsigned removed_next;
    /* Software single-step: lifted temporary traps whose hits may still be queued in other
     * threads (recognised, not reported; forgotten at the next resume), and whether steps go
     * through the decoder even where the kernel could step (ZSTUB_SOFT_STEP=1, for tests). */
    uint64_t soft_retired[16];
    int nsoft_retired;
    bool soft_forced;

    struct hw_entry *hw;
    size_t nhw, cap_hw;
    struct hw_plan hw_plan; /* the committed plan every thread converges to */
    unsigned hw_gen;        /* bumped on every committed change */
    int agent_out_fd; /* where breakpoint commands print (stdout; stderr when it is the link) */
    struct ool_state ool;
    struct syscall_catch catch_sys;
};

/* threads.c */
struct thread *thread_find(struct inferior *inf, pid_t tid);
struct thread *thread_add(struct inferior *inf, pid_t tid);
void thread_remove(struct inferior *inf, pid_t tid);
/* The thread from becomes thread to (its state kept), replacing any thread to: a thread other
 * than the leader that execs takes the leader's tid. Returns it, or NULL if from is unknown. */
struct thread *thread_renumber(struct inferior *inf, pid_t from, pid_t to);
/* The thread tid, or the leader if tid exec'd and took the leader's tid: for code that held the
 * tid across a wait in which the thread may have exec'd. */
struct thread *thread_find_after_exec(struct inferior *inf, pid_t tid);
/* Owe t the host signal sig (see struct thread); false when its queue is full. A standard
 * signal already owed is merged with it. */
bool thread_owe_signal(struct thread *t, int sig);
/* The oldest signal owed to t, removed from its queue; 0 when none. */
int thread_take_owed_signal(struct thread *t);
void threads_clear(struct inferior *inf);
/* Thread name from /proc (comm); buf gets "" when unknown. */
void thread_name(struct inferior *inf, pid_t tid, char *buf, size_t cap);
int thread_core(struct inferior *inf, pid_t tid); /* -1 when unknown */

/* regcache.c: lazily filled per bank, written back before resume. */
int regcache_fetch(struct inferior *inf, struct thread *t, int bank);
int regcache_fetch_all(struct inferior *inf, struct thread *t);
int regcache_read_reg(struct inferior *inf, struct thread *t, int regnum, uint8_t *out);
int regcache_write_reg(struct inferior *inf, struct thread *t, int regnum, const uint8_t *val);
int regcache_flush(struct inferior *inf, struct thread *t); /* write dirty banks */
void regcache_invalidate(struct thread *t);
uint64_t regcache_get_pc(struct inferior *inf, struct thread *t);
int regcache_set_pc(struct inferior *inf, struct thread *t, uint64_t pc);
uint64_t regcache_get_u64(struct inferior *inf, struct thread *t, int regnum);
/* ool_pc.c, the scratch pages' bookkeeping. A PC just read that lies in a scratch slot is put
 * back where the thread really is in the program's text (no client ever sees a scratch
 * address). */
void ool_map_pc(struct inferior *inf, struct thread *t);
/* The slot at address slot (0: none) is free again; its contents stay. */
void ool_scratch_free(struct inferior *inf, uint64_t slot);
/* A site is going: its slot is free again (kept for the same site if it comes back). */
void ool_site_gone(struct inferior *inf, struct sw_site *s);
/* The image is gone (exec, kill, exit): forget the pages without touching the process. */
void ool_forget(struct inferior *inf);

/* memory.c: raw access through /proc/PID/mem that sees and writes trap bytes as they are (the
 * breakpoint code; the client's view that hides them is points/client_memory.c). */
long mem_read_raw(struct inferior *inf, uint64_t addr, void *buf, size_t len);
int mem_write_raw(struct inferior *inf, uint64_t addr, const void *buf, size_t len);
int mem_open(struct inferior *inf);
/* An unsigned field of `bits` bits (8..64) at addr, in the program's byte order. 0 or -errno. */
int mem_read_uint(struct inferior *inf, uint64_t addr, uint32_t bits, uint64_t *out);

#endif
