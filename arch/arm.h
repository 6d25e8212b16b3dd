/* 32-bit arm private interface: the register table and target description, the breakpoint
 * kinds, and the debug-register planner are pure and build on any host (unit-tested there);
 * arm_compat.c serves 32-bit arm programs from the aarch64 build (the arm64 kernel's compat
 * ptrace, where PTRACE_SINGLESTEP works). */
#ifndef ZSTUB_ARM_H
#define ZSTUB_ARM_H

#include "arch.h"

/* Register numbers == the order of target.xml: org.gnu.gdb.arm.core, org.gnu.gdb.arm.vfp. */
enum arm_regnum {
    ARM_R0 = 0,
    ARM_FP = 11, /* r11, the ARM-state frame pointer */
    ARM_SP = 13,
    ARM_LR = 14,
    ARM_PC = 15,
    ARM_CPSR = 16,
    ARM_D0 = 17,
    ARM_FPSCR = 49,
    ARM_NREGS = 50,
};

enum arm_bank { ARM_BANK_GPR = 0, ARM_BANK_VFP = 1 };

#define ARM_BLOB_SIZE 328    /* r0-r15 and cpsr (4 each), d0-d31 (8 each), fpscr 4 */
#define ARM_CPSR_T (1u << 5) /* Thumb state */

extern const struct reg_desc arm_regs[ARM_NREGS];
#define ARM_NPARTS 32 /* lldb's s0-s31 in d0-d15 */
extern const struct reg_part arm_parts[ARM_NPARTS];

long arm_tdesc_build(char *buf, size_t cap, bool for_lldb);

/* The Linux kernel's breakpoint instructions (Z0 kinds 2: Thumb, 3: Thumb-2, 4: ARM), in the
 * target's (little-endian) byte order. NULL for another kind. */
const uint8_t *arm_trap_for_kind(size_t kind, size_t *len);

/* Debug registers, in the aarch64 form the arm64 kernel takes for compat tasks too (address of
 * the aligned word, control word with BAS): a watched region is split into naturally aligned
 * 1/2/4/8-byte pieces (the only offset/length pairs AArch32 accepts); a breakpoint covers the
 * instruction: Z1 kind 2 or 3 a Thumb halfword, 4 an ARM word. */
int arm_hw_plan_n(const struct hw_point *want, size_t n, int nbrp, int nwrp, struct hw_plan *out);

/* arm_nextpc.c: software single-step (pure). The thread's registers (r[15] = the address of
 * the instruction about to run) and a reader of its memory; out gets the addresses a temporary
 * breakpoint must be planted at, each with its instruction set. 0 or -errno (memory). */
struct arm_step_ctx {
    uint32_t r[16];
    uint32_t cpsr;
    int (*read)(void *opaque, uint32_t addr, void *buf, size_t len);
    void *opaque;
};
#define ARM_MAX_NEXT 8
struct arm_next_pcs {
    int n;
    uint32_t addr[ARM_MAX_NEXT];
    bool thumb[ARM_MAX_NEXT];
};
int arm_next_pcs(const struct arm_step_ctx *c, struct arm_next_pcs *out);
bool arm_cond_passed(unsigned cond, uint32_t cpsr);
/* The ops' next_pcs (arch.h) on top of it: kinds 2 (Thumb) or 4 (ARM). */
int arm_next_pcs_blob(const uint8_t *blob,
                      long (*read)(void *opaque, uint64_t addr, void *buf, size_t len),
                      void *opaque, uint64_t *addr, size_t *kind, int max);

/* arm_banks.c (aarch64 and arm hosts): the register banks. */
int arm_bank_read(pid_t tid, int bank, uint8_t *blob);
int arm_bank_write(pid_t tid, int bank, const uint8_t *blob);
/* Which slot of the plan a SIGTRAP came from (arm64 and arm kernels alike: si_addr). */
int arm_hw_hit_siginfo(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit);

/* What the armhf and compat ops share (arm_native.c, arm_compat.c): everything but the
 * debug-register and stepping functions. */
#define ARM_OPS_COMMON                                                                             \
    .name = "arm", .gdb_arch = "arm", .osabi = "GNU/Linux",                                        \
    .lldb_triple = "armv7-unknown-linux-gnueabihf", .elf_machine = 40 /* EM_ARM */,                \
    .elf_class = 1 /* ELFCLASS32 */, .ptr_size = 4, .little_endian = true, .regs = arm_regs,       \
    .nregs = ARM_NREGS, .blob_size = ARM_BLOB_SIZE, .nbanks = 2,                                   \
    .expedite = {ARM_FP, ARM_SP, ARM_PC, -1}, .pc_regnum = ARM_PC, .sp_regnum = ARM_SP,            \
    .fp_regnum = ARM_FP, .tp_regnum = -1, .restart_regnum = -1,                                    \
    .syscall_insn_len = 0 /* ARM or Thumb depends on the thread: lldb's _M is not offered */,      \
    .parts = arm_parts, .nparts = ARM_NPARTS, .target_xml = arm_target_xml,                        \
    .bank_read = arm_bank_read, .bank_write = arm_bank_write, .trap = {0xf0, 0x01, 0xf0, 0xe7},    \
    .trap_len = 4, .trap_for_kind = arm_trap_for_kind, .pc_after_trap = 0,                         \
    .next_pcs = arm_next_pcs_blob, .hw_read_native = true, .hw_traps_before = true,                \
    .hw_exec_len_is_kind = true
long arm_target_xml(char *buf, size_t cap, bool for_lldb);

/* arm_native.c (arm hosts): the ops of the armhf build. */
const struct arch_ops *arm_native_ops(void);

/* arm_compat.c (aarch64 hosts): the ops for a 32-bit arm program. */
const struct arch_ops *arm_compat_ops(void);

#endif
