/* One thread at a time: resuming it, asking what its SIGTRAP means, and counting what runs. The
 * bottom of run control: nothing here waits or interprets a wait status. */
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
#include <unistd.h>

void target_softstep_end(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    if (!softstep_end(inf, t))
        return;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *o = inf->threads[i];
        if (!o->parked)
            continue;
        o->parked = false;
        if (ts->resumed && !ts->stopping && !o->running && !o->held && !o->has_pending)
            target_resume_thread(inf, o, false, 0);
    }
}

int target_resume_thread(struct inferior *inf, struct thread *t, bool step, int sig)
{
    t->unannounced = false; /* running now, whatever the client was told */
    /* ESRCH: the thread left its stop to die (exit_group, SIGKILL); the resume below says so.
     * Not a warning: hundreds of threads dying at once wrote enough of them to fill a terminal
     * nobody read (gdb's testsuite reads the stub's only at the end), and the stub blocked. */
    int rc = regcache_flush(inf, t);
    if (rc < 0)
        log_msg(rc == -ESRCH ? LOG_DEBUG : LOG_WARN, "thread %d: cannot write registers: %s",
                t->tid, strerror(-rc));
    rc = hwpoint_sync_thread(inf, t);
    if (rc < 0)
        log_msg(rc == -ESRCH ? LOG_DEBUG : LOG_WARN,
                "thread %d: cannot program debug registers: %s", t->tid, strerror(-rc));
    bool soft = false;
    if (step && softstep_wanted(inf)) {
        rc = softstep_begin(inf, t); /* reads the registers just written back */
        soft = rc == 0;
        if (rc < 0)
            log_warn("thread %d: cannot step in software: %s", t->tid, strerror(-rc));
    } else if (!step) {
        t->soft_n = 0; /* a trap at the last step's addresses is no step any more */
    }
    regcache_invalidate(t);
    if (t->nowed_sig > 0 && !step) { /* owed ones go first; this one waits for the next */
        int owed = thread_take_owed_signal(t);
        if (sig != 0)
            thread_owe_signal(t, sig); /* a slot was just freed */
        sig = owed;
    }
    if (sig == SIGSTOP && !t->signal_stop)
        sig = 0; /* the SIGSTOP an attach is reported with was our own stop: nothing to deliver */
    if (sig != 0 && !t->signal_stop) {
        /* Only a signal-delivery stop injects a signal; at an interrupt or event stop the
         * kernel ignores it. Queue it on the thread instead: it is delivered as it resumes. */
        if (syscall(SYS_tkill, t->tid, sig) < 0)
            log_warn("thread %d: cannot queue signal %d: %s", t->tid, sig, strerror(errno));
        else
            t->queued_sig = sig; /* its stop is ours, not news for the client */
        sig = 0;
    }
    /* Catching system calls, a continuing thread stops at each one (catch_syscall.c). Any other
     * resume lets a call it is stopped in finish unseen. */
    int req = step && !soft ? PTRACE_SINGLESTEP : inf->catch_sys.on ? PTRACE_SYSCALL : PTRACE_CONT;
    if (req != PTRACE_SYSCALL)
        t->syscall_entry = 0;
    t->reported_sig = 0;
    if (ptrace(req, t->tid, 0, sig) < 0) {
        log_debug("resume %d failed: %s", t->tid, strerror(errno));
        return -errno;
    }
    log_debug("resumed %d (%s, sig %d)", t->tid,
              step                    ? "step"
              : req == PTRACE_SYSCALL ? "syscall"
                                      : "cont",
              sig);
    t->running = true;
    t->stepping = step;
    return 0;
}

size_t target_running_count(struct inferior *inf)
{
    size_t n = 0;
    for (size_t i = 0; i < inf->nthreads; i++)
        n += inf->threads[i]->running;
    return n;
}

/* True when pc is a site the client removed lately and the trap instruction is gone from it:
 * the trap that stopped the thread was that one (a program's own int3 is still there; any other
 * SIGTRAP is not at a removed site). */
static bool trap_was_removed(struct inferior *inf, uint64_t pc)
{
    bool recent = false;
    for (size_t i = 0; i < SW_REMOVED_RING && !recent; i++)
        recent = inf->removed_sites[i] == pc && pc != 0;
    uint8_t now[SW_SITE_MAX_TRAP];
    size_t len = inf->arch->trap_len;
    return recent && len <= sizeof now && mem_read_raw(inf, pc, now, len) == (long)len &&
           memcmp(now, inf->arch->trap, len) != 0;
}

size_t target_awaited_count(struct inferior *inf)
{
    size_t n = 0;
    for (size_t i = 0; i < inf->nthreads; i++)
        n += inf->threads[i]->running && !inf->threads[i]->late;
    return n;
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
        enum softstep_hit soft = softstep_classify(inf, t, pc);
        if (soft == SOFTSTEP_DONE) { /* the end of its own software step */
            ev->kind = STOP_STEP;
        } else if (s && s->inserted && s->client) {
            regcache_set_pc(inf, t, pc); /* rewind before anyone looks (lldb relies on it) */
            ev->kind = STOP_SWBREAK;
            ev->pc = pc;
        } else if (!s && trap_was_removed(inf, pc)) {
            /* A site the client removed after this thread hit it (threads run while breakpoints
             * come and go in non-stop): the original instruction is back, run it. */
            regcache_set_pc(inf, t, pc);
            ev->kind = STOP_NONE;
        } else if (soft != SOFTSTEP_NONE) { /* another thread's step trap: not this one's news */
            regcache_set_pc(inf, t, pc);
            ev->kind = STOP_NONE;
            t->parked = soft == SOFTSTEP_FOREIGN;
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

const struct resume_action *target_action_for(const struct resume_action *acts, size_t n, pid_t pid,
                                              pid_t tid)
{
    const struct resume_action *def = NULL;
    for (size_t i = 0; i < n; i++) {
        if (acts[i].pid > 0 && acts[i].pid != pid)
            continue; /* another process's */
        if (acts[i].tid == tid)
            return &acts[i];
        if ((acts[i].tid == 0 || acts[i].tid == -1) && !def)
            def = &acts[i];
    }
    return def;
}

/* Is an unreported event still worth reporting now that the client resumes its thread? A
 * breakpoint hit whose site is gone (the client removed it meanwhile) or whose thread was moved
 * is stale: the PC was rewound, so the thread just executes the original instruction. A finished
 * single step is stale too: the client has since seen the thread stopped where the step left it
 * and asks for something new (reporting it would be a SIGTRAP from nowhere). A system call or
 * thread event is stale if the client no longer asks for those (gdb turns catchpoints off at
 * every stop and on again before it resumes: only what it wants when resuming counts). */
bool target_pending_still_valid(struct inferior *inf, const struct target_state *ts,
                                struct thread *t)
{
    switch (t->pending.kind) {
    case STOP_SYSCALL_ENTRY:
    case STOP_SYSCALL_RETURN:
        return syscall_caught(inf, t->pending.sysno);
    case STOP_THREAD_CREATED:
    case STOP_THREAD_EXITED:
        return ts->report_thread_events;
    default:
        break;
    }
    if (t->pending.kind == STOP_STEP)
        return false;
    if (t->pending.kind != STOP_SWBREAK)
        return true;
    struct sw_site *s = swbreak_find(inf, t->pending.pc);
    return s && s->inserted && s->client && regcache_get_pc(inf, t) == t->pending.pc;
}
