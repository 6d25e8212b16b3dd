/* System call stops (QCatchSyscalls). While the client catches system calls, continuing threads
 * are resumed with PTRACE_SYSCALL (run_thread.c), so every system call stops its thread twice: at
 * entry and at return. The ones the client asked for are reported; the others are resumed here at
 * once, without a round trip to the client (gdb's `catch syscall write` in a program that makes
 * many other calls costs it nothing for those). */
#include "target_internal.h"

#include "log.h"

#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>

/* Entry or return, and which call. A thread that had an entry stop and has been resumed only with
 * PTRACE_SYSCALL since (run_thread.c forgets the entry otherwise) is at that call's return.
 * Otherwise the kernel says which stop this is (PTRACE_GET_SYSCALL_INFO): counting stops would go
 * wrong for a thread resumed with PTRACE_CONT between the two, or one that entered a call before
 * catching began and stopped inside it (a clone or exec event). The number of a return without
 * a noted entry is in the register the kernel keeps it in. */
static bool which_syscall(struct inferior *inf, struct thread *t, bool *entry, long *nr)
{
    if (t->syscall_entry > 0) {
        *entry = false;
        *nr = t->syscall_entry - 1;
        t->syscall_entry = 0;
        return true;
    }
    struct __ptrace_syscall_info info;
    memset(&info, 0, sizeof info);
    long got = ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof info, &info);
    if (got > 0 && (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_EXIT))
        *entry = info.op == PTRACE_SYSCALL_INFO_ENTRY;
    else
        *entry = true; /* an older kernel: entry and return alternate */
    if (*entry) {
        *nr = got > 0 ? (long)info.entry.nr : -1;
        if (*nr < 0 && inf->arch->restart_regnum >= 0)
            *nr = (long)regcache_get_u64(inf, t, inf->arch->restart_regnum);
        t->syscall_entry = *nr + 1;
        return true;
    }
    if (inf->arch->restart_regnum < 0)
        return false;
    *nr = (long)regcache_get_u64(inf, t, inf->arch->restart_regnum);
    return true;
}

bool target_syscall_stop(struct inferior *inf, struct target_state *ts, struct thread *t,
                         struct stop_event *ev)
{
    bool entry;
    long nr = -1;
    if (which_syscall(inf, t, &entry, &nr) && syscall_caught(inf, nr)) {
        memset(ev, 0, sizeof *ev);
        ev->kind = entry ? STOP_SYSCALL_ENTRY : STOP_SYSCALL_RETURN;
        ev->sig = SIGTRAP;
        ev->sysno = nr;
        return true;
    }
    /* Not asked for (or catching has ended): on with the next one. While the other threads are
     * being stopped this one simply counts as stopped; it resumes into its call later. */
    if (ts->resumed && !ts->stopping) {
        if (target_resume_thread(inf, t, false, 0) < 0)
            log_debug("thread %d: resume after system call %ld: %s", t->tid, nr, strerror(errno));
        else
            ts->stop_due_soon = true;
    }
    return false;
}
