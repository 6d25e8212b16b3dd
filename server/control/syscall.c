/* One system call run by a stopped thread of the program, for lldb's _M/_m (memory for
 * expressions, without lldb calling mmap through an expression of its own). The thread runs
 * the arch's syscall instruction written over the bytes at its PC, for one single step while
 * every other thread stays stopped; its registers and those bytes are then put back. */
#include "target_internal.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

static int put_u64(struct inferior *inf, struct thread *t, int regnum, uint64_t v)
{
    uint8_t bytes[8];
    memcpy(bytes, &v, sizeof bytes); /* the arches we serve are little-endian like the host */
    return regcache_write_reg(inf, t, regnum, bytes);
}

/* Loads the call into the registers: number, arguments, and no restart of an interrupted
 * system call (the kernel would back the PC up over our instruction). */
static int load_call(struct inferior *inf, struct thread *t, long nr, const uint64_t args[6],
                     uint64_t pc)
{
    const struct arch_ops *a = inf->arch;
    int rc = put_u64(inf, t, a->syscall_nr_regnum, (uint64_t)nr);
    for (int i = 0; i < 6 && rc == 0; i++)
        rc = put_u64(inf, t, a->syscall_arg_regnums[i], args[i]);
    if (rc == 0 && a->restart_regnum >= 0)
        rc = put_u64(inf, t, a->restart_regnum, UINT64_MAX);
    if (rc == 0)
        rc = regcache_set_pc(inf, t, pc);
    return rc == 0 ? regcache_flush(inf, t) : rc;
}

/* The single step. A late interrupt stop is skipped, a signal the client lets pass is owed to
 * the thread (delivered when it next runs), and the step issued again; anything else but the step's
 * trap (another signal, an exit) is recorded as the thread's pending event, to be reported like any
 * other, and the call counts as failed. */
static int step_once(struct inferior *inf, struct target_state *ts, struct thread *t)
{
    int st;
    pid_t w;
    for (;;) {
        if (ptrace(PTRACE_SINGLESTEP, t->tid, 0, 0) < 0)
            return -errno;
        t->running = true;
        while ((w = waitpid(t->tid, &st, __WALL)) < 0 && errno == EINTR)
            ;
        if (w < 0)
            return -errno;
        if (WIFSTOPPED(st) && (st >> 16) == PTRACE_EVENT_STOP) {
            /* An interrupt of a stop-all, late (it may come after another stop even when no
             * longer expected): step again. */
            t->interrupt_sent = false;
            continue;
        }
        int sig = WIFSTOPPED(st) && (st >> 16) == 0 ? WSTOPSIG(st) : 0;
        if (!(sig > 0 && sig < 65 && sig != SIGTRAP && ts->pass_signal[sig] &&
              thread_owe_signal(t, sig)))
            break;
    }
    if (WIFSTOPPED(st) && WSTOPSIG(st) == SIGTRAP && (st >> 16) == 0) {
        t->running = false;
        regcache_invalidate(t);
        return 0;
    }
    target_process_status(inf, ts, w, st);
    return -EAGAIN;
}

int target_inferior_syscall(struct inferior *inf, struct target_state *ts, struct thread *t,
                            long nr, const uint64_t args[6], uint64_t *ret)
{
    const struct arch_ops *a = inf->arch;
    size_t len = a->syscall_insn_len;
    if (len == 0)
        return -ENOSYS;
    if (t->running)
        return -EBUSY;
    /* An event still to be reported (has_pending) is zstub's record, not the thread's: the
     * step and the restore below leave it intact. */
    int rc = regcache_fetch_all(inf, t);
    if (rc < 0)
        return rc;
    uint8_t *saved = malloc(a->blob_size);
    if (!saved)
        return -ENOMEM;
    memcpy(saved, t->rc.blob, a->blob_size);
    uint64_t pc = regcache_get_pc(inf, t);
    uint8_t code[ARCH_MAX_TRAP];
    /* Raw bytes: a breakpoint trap at the PC is put back exactly as it was. */
    if (mem_read_raw(inf, pc, code, len) != (long)len) {
        free(saved);
        return -EIO;
    }
    rc = mem_write_raw(inf, pc, a->syscall_insn, len);
    /* A thread stopped inside a system call (e.g. at the exec event after a launch) finishes
     * that call first and reports the step on its way out, before running our instruction
     * (and with that call's result in the registers): then load and step again. */
    for (int tries = 0; rc == 0 && tries < 3; tries++) {
        rc = load_call(inf, t, nr, args, pc);
        if (rc == 0)
            rc = step_once(inf, ts, t);
        if (rc == 0 && regcache_get_pc(inf, t) == pc + len)
            break;
        if (rc == 0 && tries == 2)
            rc = -EAGAIN;
    }
    if (rc == 0)
        *ret = regcache_get_u64(inf, t, a->syscall_ret_regnum);
    mem_write_raw(inf, pc, code, len);
    if (inf->alive) {
        /* The thread's registers differ from the saved ones: all are written back on resume. */
        memcpy(t->rc.blob, saved, a->blob_size);
        t->rc.valid = t->rc.dirty = (1u << a->nbanks) - 1;
    }
    free(saved);
    return rc;
}
