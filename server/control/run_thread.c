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

int target_resume_thread(struct inferior *inf, struct thread *t, bool step, int sig)
{
    int rc = regcache_flush(inf, t);
    if (rc < 0)
        log_warn("thread %d: cannot write registers: %s", t->tid, strerror(-rc));
    rc = hwpoint_sync_thread(inf, t);
    if (rc < 0)
        log_warn("thread %d: cannot program debug registers: %s", t->tid, strerror(-rc));
    regcache_invalidate(t);
    if (t->nowed_sig > 0) { /* owed signals go first; this one waits for the next resume */
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
    if (ptrace(step ? PTRACE_SINGLESTEP : PTRACE_CONT, t->tid, 0, sig) < 0) {
        log_debug("resume %d failed: %s", t->tid, strerror(errno));
        return -errno;
    }
    log_debug("resumed %d (%s, sig %d)", t->tid, step ? "step" : "cont", sig);
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
