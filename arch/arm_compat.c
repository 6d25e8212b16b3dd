/* 32-bit arm programs under the aarch64 build, as gdbserver serves them: the arm64 kernel's
 * compat view of a 32-bit tracee (the same regsets as an arm kernel: arm_banks.c), its AArch32
 * breakpoint instructions, PTRACE_SINGLESTEP (which a native armhf
 * kernel lacks), and the same debug-register regsets as aarch64 with arm's pieces. Built only
 * for aarch64 hosts. */
#include <elf.h>

#include "aarch64.h"
#include "arm.h"

static int hw_plan(const struct hw_point *want, size_t n, struct hw_plan *out)
{
    return arm_hw_plan_n(want, n, a64_nbrp, a64_nwrp, out);
}

static const struct arch_ops ops = {
    ARM_OPS_COMMON, /* next_pcs used only when forced (ZSTUB_SOFT_STEP=1): tests */
    .is_sw_break_trap = a64_is_brk_trap,
    .is_step_trap = a64_is_step_trap,
    .hw_watch_slots = a64_hw_watch_slots,
    .hw_plan = hw_plan,
    .hw_apply = a64_hw_apply,
    .hw_hit = a64_hw_hit,
    .hw_clear_status = a64_hw_clear_status,
    .probe = a64_probe,
};

const struct arch_ops *arm_compat_ops(void)
{
    return &ops;
}
