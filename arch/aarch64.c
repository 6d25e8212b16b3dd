/* The aarch64 GNU/Linux arch_ops and its ptrace side: register banks through PTRACE_GETREGSET
 * (NT_PRSTATUS, NT_FPREGSET, NT_ARM_PAC_MASK) and the debug registers through NT_ARM_HW_BREAK /
 * NT_ARM_HW_WATCH. Built only for aarch64 hosts. */
#include <errno.h>
#include <elf.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <asm/hwcap.h>
#include <asm/ptrace.h>
#include <sys/auxv.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "aarch64.h"
#include "arm.h"

#ifndef NT_ARM_PAC_MASK
#define NT_ARM_PAC_MASK 0x406
#endif
#ifndef TRAP_HWBKPT
#define TRAP_HWBKPT 4
#endif

#define GPR_BYTES offsetof(struct user_pt_regs, pstate) /* x0-x30, sp, pc: the blob's layout */
#define FPU_BYTES (32 * 16 + 8)                         /* v0-v31, fpsr, fpcr */

static int regset_get(pid_t tid, int note, void *buf, size_t len)
{
    struct iovec iov = {buf, len};
    return ptrace(PTRACE_GETREGSET, tid, (void *)(long)note, &iov) < 0 ? -errno : 0;
}

static int regset_set(pid_t tid, int note, void *buf, size_t len)
{
    struct iovec iov = {buf, len};
    return ptrace(PTRACE_SETREGSET, tid, (void *)(long)note, &iov) < 0 ? -errno : 0;
}

static int bank_read(pid_t tid, int bank, uint8_t *blob)
{
    int rc;
    if (bank == A64_BANK_GPR) {
        struct user_pt_regs r;
        if ((rc = regset_get(tid, NT_PRSTATUS, &r, sizeof r)) < 0)
            return rc;
        uint32_t cpsr = (uint32_t)r.pstate;
        memcpy(blob, &r, GPR_BYTES);
        memcpy(blob + a64_regs[A64_CPSR].offset, &cpsr, 4);
    } else if (bank == A64_BANK_FPU) {
        struct user_fpsimd_state f;
        if ((rc = regset_get(tid, NT_FPREGSET, &f, sizeof f)) < 0)
            return rc;
        memcpy(blob + a64_regs[A64_V0].offset, &f, FPU_BYTES);
    } else {
        uint64_t masks[2];
        if ((rc = regset_get(tid, NT_ARM_PAC_MASK, masks, sizeof masks)) < 0)
            return rc;
        memcpy(blob + a64_regs[A64_PAUTH_DMASK].offset, masks, sizeof masks);
    }
    return 0;
}

/* Read-modify-write: pstate's upper half and the reserved words keep the kernel's values. */
static int bank_write(pid_t tid, int bank, const uint8_t *blob)
{
    int rc;
    if (bank == A64_BANK_GPR) {
        struct user_pt_regs r;
        if ((rc = regset_get(tid, NT_PRSTATUS, &r, sizeof r)) < 0)
            return rc;
        uint32_t cpsr;
        memcpy(&r, blob, GPR_BYTES);
        memcpy(&cpsr, blob + a64_regs[A64_CPSR].offset, 4);
        r.pstate = (r.pstate & ~0xffffffffull) | cpsr;
        return regset_set(tid, NT_PRSTATUS, &r, sizeof r);
    }
    if (bank == A64_BANK_FPU) {
        struct user_fpsimd_state f;
        if ((rc = regset_get(tid, NT_FPREGSET, &f, sizeof f)) < 0)
            return rc;
        memcpy(&f, blob + a64_regs[A64_V0].offset, FPU_BYTES);
        return regset_set(tid, NT_FPREGSET, &f, sizeof f);
    }
    return 0; /* the pointer-authentication masks are read-only */
}

/* Slot counts from dbg_info's low byte, once per run (every thread has the same). */
void a64_probe(pid_t tid)
{
    struct user_hwdebug_state st;
    memset(&st, 0, sizeof st);
    if (regset_get(tid, NT_ARM_HW_BREAK, &st, sizeof st) == 0)
        a64_nbrp = st.dbg_info & 0xff;
    memset(&st, 0, sizeof st);
    if (regset_get(tid, NT_ARM_HW_WATCH, &st, sizeof st) == 0)
        a64_nwrp = st.dbg_info & 0xff;
    if (a64_nbrp > A64_MAX_BRPS)
        a64_nbrp = A64_MAX_BRPS;
    if (a64_nwrp > A64_MAX_WRPS)
        a64_nwrp = A64_MAX_WRPS;
}

static int hw_plan(const struct hw_point *want, size_t n, struct hw_plan *out)
{
    return a64_hw_plan_n(want, n, a64_nbrp, a64_nwrp, out);
}

/* One regset's slots from the plan: breakpoints (exec) or watchpoints, in plan order. */
static int fill_state(const struct hw_plan *plan, bool exec, struct user_hwdebug_state *st)
{
    int n = 0;
    memset(st, 0, sizeof *st);
    for (int i = 0; i < plan->nslots_used; i++) {
        bool slot_exec = ((plan->slot_ctrl[i] >> A64_CTRL_TYPE_SHIFT) & 3) == 0;
        if (slot_exec != exec || n >= 16)
            continue;
        st->dbg_regs[n].addr = plan->slot_addr[i] & ~7ull; /* BAS says which bytes */
        st->dbg_regs[n].ctrl = (uint32_t)plan->slot_ctrl[i];
        n++;
    }
    return n;
}

static int apply_one(pid_t tid, const struct hw_plan *plan, bool exec, int count)
{
    if (count <= 0)
        return 0;
    int note = exec ? NT_ARM_HW_BREAK : NT_ARM_HW_WATCH;
    size_t len = offsetof(struct user_hwdebug_state, dbg_regs) + (size_t)count * 16;
    struct user_hwdebug_state st;
    /* Everything disabled first: the kernel checks each new address against the slot's old
     * length, which may no longer fit. */
    memset(&st, 0, sizeof st);
    int rc = regset_set(tid, note, &st, len);
    if (rc == 0 && fill_state(plan, exec, &st) > 0)
        rc = regset_set(tid, note, &st, len);
    return rc;
}

int a64_hw_apply(pid_t tid, const struct hw_plan *plan)
{
    int rc = apply_one(tid, plan, true, a64_nbrp);
    return rc < 0 ? rc : apply_one(tid, plan, false, a64_nwrp);
}

int a64_hw_hit(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit)
{
    return arm_hw_hit_siginfo(tid, plan, hit);
}

int a64_hw_watch_slots(void)
{
    return a64_nwrp;
}

int a64_hw_clear_status(pid_t tid)
{
    return 0; /* nothing latched: the siginfo is per trap */
}

bool a64_is_brk_trap(int si_code)
{
    return si_code == TRAP_BRKPT; /* brk #0 */
}

bool a64_is_step_trap(int si_code)
{
    return si_code == TRAP_TRACE;
}

static long target_xml_base(char *buf, size_t cap, bool for_lldb)
{
    return a64_tdesc_build(buf, cap, A64_NREGS_BASE, for_lldb);
}

static long target_xml_pauth(char *buf, size_t cap, bool for_lldb)
{
    return a64_tdesc_build(buf, cap, A64_NREGS_PAUTH, for_lldb);
}

#define A64_OPS(nregs_, blob_size_, nbanks_, xml_fn)                                               \
    {                                                                                              \
        .name = "aarch64", .gdb_arch = "aarch64", .osabi = "GNU/Linux",                            \
        .lldb_triple = "aarch64-unknown-linux-gnu", .elf_machine = 183 /* EM_AARCH64 */,           \
        .elf_class = 2 /* ELFCLASS64 */, .ptr_size = 8, .little_endian = true, .regs = a64_regs,   \
        .nregs = (nregs_), .blob_size = (blob_size_), .nbanks = (nbanks_),                         \
        .expedite = {A64_FP, A64_SP, A64_PC, -1}, .pc_regnum = A64_PC, .sp_regnum = A64_SP,        \
        .fp_regnum = A64_FP, .tp_regnum = -1, .restart_regnum = -1,                                \
        .syscall_insn = {0x01, 0x00, 0x00, 0xd4} /* svc #0 */, .syscall_insn_len = 4,              \
        .syscall_nr_regnum = 8, .syscall_ret_regnum = 0,                                           \
        .syscall_arg_regnums = {0, 1, 2, 3, 4, 5}, .sys_mmap = 222, .sys_munmap = 215,             \
        .parts = a64_parts, .nparts = A64_NPARTS, .target_xml = (xml_fn), .bank_read = bank_read,  \
        .bank_write = bank_write, .trap = {0x00, 0x00, 0x20, 0xd4} /* brk #0 */, .trap_len = 4,    \
        .pc_after_trap = 0, .is_sw_break_trap = a64_is_brk_trap, .is_step_trap = a64_is_step_trap, \
        .hw_watch_slots = a64_hw_watch_slots, .hw_plan = hw_plan, .hw_apply = a64_hw_apply,        \
        .hw_hit = a64_hw_hit, .hw_clear_status = a64_hw_clear_status, .probe = a64_probe,          \
        .hw_read_native = true, .hw_traps_before = true,                                           \
    }

static const struct arch_ops ops_base =
    A64_OPS(A64_NREGS_BASE, A64_BLOB_SIZE_BASE, 2, target_xml_base);
static const struct arch_ops ops_pauth =
    A64_OPS(A64_NREGS_PAUTH, A64_BLOB_SIZE_PAUTH, 3, target_xml_pauth);

const struct arch_ops *a64_ops(bool pauth)
{
    return pauth ? &ops_pauth : &ops_base;
}

bool a64_has_pauth(void)
{
    return (getauxval(AT_HWCAP) & HWCAP_PACA) != 0;
}
