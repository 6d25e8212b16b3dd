/* The armhf (32-bit arm kernel) arch_ops: registers as for compat (arm_banks.c), the kernel's
 * breakpoint instructions, no PTRACE_SINGLESTEP (steps go through the decoder, arm_nextpc.c),
 * and the debug registers through PTRACE_GETHBPREGS/SETHBPREGS: number 0 is the resource
 * information, breakpoint i's address and control at (i << 1) + 1 and + 2, watchpoint i's at
 * the negatives. Unlike arm64's regsets, the address is the watched bytes' own and the
 * byte-address-select mask starts at bit 0; a control word of 0 is refused (length 0), so a
 * slot is switched off by clearing only its enable bit. Built only for arm hosts. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>

#include "aarch64.h"
#include "arm.h"

#ifndef PTRACE_GETHBPREGS
#define PTRACE_GETHBPREGS 29
#define PTRACE_SETHBPREGS 30
#endif
#ifndef TRAP_HWBKPT
#define TRAP_HWBKPT 4
#endif

static int nbrp, nwrp;

static long hbp_num(bool exec, int slot, int which) /* which: 1 address, 2 control */
{
    long n = ((long)slot << 1) + which;
    return exec ? n : -n;
}

static int hbp_get(pid_t tid, long num, uint32_t *v)
{
    unsigned long val = 0;
    if (ptrace(PTRACE_GETHBPREGS, tid, (void *)num, &val) < 0)
        return -errno;
    *v = (uint32_t)val;
    return 0;
}

static int hbp_set(pid_t tid, long num, uint32_t v)
{
    unsigned long val = v;
    return ptrace(PTRACE_SETHBPREGS, tid, (void *)num, &val) < 0 ? -errno : 0;
}

static void probe(pid_t tid)
{
    uint32_t info = 0;
    if (hbp_get(tid, 0, &info) == 0) {
        nbrp = (int)(info & 0xff);
        nwrp = (int)(info >> 8 & 0xff);
    }
    if (nbrp > 16)
        nbrp = 16;
    if (nwrp > 16)
        nwrp = 16;
}

static int hw_watch_slots(void)
{
    return nwrp;
}

static int hw_plan(const struct hw_point *want, size_t n, struct hw_plan *out)
{
    return arm_hw_plan_n(want, n, nbrp, nwrp, out);
}

/* Switch off every slot of one kind that is on (enable bit only), then program the plan's. */
static int apply_kind(pid_t tid, const struct hw_plan *plan, bool exec, int count)
{
    for (int i = 0; i < count; i++) {
        uint32_t ctrl = 0;
        int rc = hbp_get(tid, hbp_num(exec, i, 2), &ctrl);
        if (rc == 0 && (ctrl & A64_CTRL_ENABLE))
            rc = hbp_set(tid, hbp_num(exec, i, 2), ctrl & ~A64_CTRL_ENABLE);
        if (rc < 0)
            return rc;
    }
    int slot = 0;
    for (int i = 0; i < plan->nslots_used && slot < count; i++) {
        bool en;
        enum hw_kind kind;
        uint8_t bas;
        a64_ctrl_decode((uint32_t)plan->slot_ctrl[i], &en, &kind, &bas);
        if ((kind == HW_EXEC) != exec)
            continue;
        /* The plan's mask is relative to the aligned 8-byte word; here it starts at bit 0 and
         * the address is the first byte's. */
        uint8_t len_mask = (uint8_t)((1u << plan->slot_len[i]) - 1);
        uint32_t ctrl = a64_ctrl_encode(kind, len_mask);
        /* The kernel checks each write against the slot's other half: first a length that
         * fits any address (a byte; a halfword for an instruction), switched off, then the
         * address, then the real control word. */
        uint32_t any = a64_ctrl_encode(kind, exec ? 0x3 : 0x1) & ~A64_CTRL_ENABLE;
        int rc = hbp_set(tid, hbp_num(exec, slot, 2), any);
        if (rc == 0)
            rc = hbp_set(tid, hbp_num(exec, slot, 1), (uint32_t)plan->slot_addr[i]);
        if (rc == 0)
            rc = hbp_set(tid, hbp_num(exec, slot, 2), ctrl);
        if (rc < 0)
            return rc;
        slot++;
    }
    return 0;
}

static int hw_apply(pid_t tid, const struct hw_plan *plan)
{
    int rc = apply_kind(tid, plan, true, nbrp);
    return rc < 0 ? rc : apply_kind(tid, plan, false, nwrp);
}

static int hw_clear_status(pid_t tid)
{
    return 0;
}

static bool is_brk_trap(int si_code)
{
    return si_code == TRAP_BRKPT;
}

static bool is_step_trap(int si_code)
{
    return false; /* the kernel never steps here: steps end on our own traps */
}

static const struct arch_ops ops = {
    ARM_OPS_COMMON,       .is_sw_break_trap = is_brk_trap,  .is_step_trap = is_step_trap,
    .no_hw_step = true,   .hw_watch_slots = hw_watch_slots, .hw_plan = hw_plan,
    .hw_apply = hw_apply, .hw_hit = arm_hw_hit_siginfo,     .hw_clear_status = hw_clear_status,
    .probe = probe,
};

const struct arch_ops *arm_native_ops(void)
{
    return &ops;
}
