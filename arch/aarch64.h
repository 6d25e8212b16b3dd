/* aarch64 private interface: shared between the arch/aarch64*.c files and their unit tests. The
 * server only sees struct arch_ops (arch.h). The register table, the target description and
 * the debug-register planner are pure and build on any host (unit-tested on x86_64 too); the
 * ptrace side (aarch64.c) builds only for aarch64. */
#ifndef ZSTUB_AARCH64_H
#define ZSTUB_AARCH64_H

#include "arch.h"

/* Register numbers == gdb's remote numbers for the features org.gnu.gdb.aarch64.{core,fpu,
 * pauth}, in that order. */
enum a64_regnum {
    A64_X0 = 0,
    A64_FP = 29, /* x29 */
    A64_LR = 30, /* x30 */
    A64_SP = 31,
    A64_PC = 32,
    A64_CPSR = 33,
    A64_V0 = 34,
    A64_FPSR = 66,
    A64_FPCR = 67,
    A64_PAUTH_DMASK = 68,
    A64_PAUTH_CMASK = 69,
    A64_NREGS_PAUTH = 70,
    A64_NREGS_BASE = A64_PAUTH_DMASK,
};

/* Register banks: one ptrace regset each. */
enum a64_bank { A64_BANK_GPR = 0, A64_BANK_FPU = 1, A64_BANK_PAUTH = 2 };

#define A64_BLOB_SIZE_BASE 788 /* x0-x30 sp pc (8 each), cpsr 4, v0-v31 16, fpsr 4, fpcr 4 */
#define A64_BLOB_SIZE_PAUTH 804

extern const struct reg_desc a64_regs[A64_NREGS_PAUTH];
/* lldb's views: w0-w30 in x0-x30, s0-s31 and d0-d31 in v0-v31. */
#define A64_NPARTS (31 + 32 + 32)
extern const struct reg_part a64_parts[A64_NPARTS];

long a64_tdesc_build(char *buf, size_t cap, size_t nregs, bool for_lldb);

/* Debug registers (aarch64_hwplan.c, pure). A breakpoint slot watches one 4-byte instruction;
 * a watchpoint slot an 8-byte aligned word with a byte-address-select mask (BAS, one bit per
 * byte) that the kernel accepts only as one contiguous run of bits. A region of any length is
 * split over the words it touches; identical pieces share a slot. In the plan, breakpoint slots
 * and watchpoint slots share the arrays; the control word's type field tells them apart
 * (0 = execute) and hw_apply hands them to NT_ARM_HW_BREAK / NT_ARM_HW_WATCH in order. */
#define A64_MAX_BRPS 16
#define A64_MAX_WRPS 16
#define A64_CTRL_ENABLE 0x1u
#define A64_CTRL_EL0 (2u << 1)
#define A64_CTRL_TYPE_SHIFT 3 /* 0 execute, 1 load, 2 store, 3 load or store */
#define A64_CTRL_BAS_SHIFT 5

uint32_t a64_ctrl_encode(enum hw_kind kind, uint8_t bas);
/* Decodes a control word: enabled, kind (0 when the type is not valid), BAS. */
void a64_ctrl_decode(uint32_t ctrl, bool *enabled, enum hw_kind *kind, uint8_t *bas);
/* The BAS of the bytes [addr, addr+len) inside the aligned word at addr & ~7 (len must stay
 * inside that word). */
uint8_t a64_bas_mask(uint64_t addr, uint64_t len);
/* How an arch cuts a region into pieces one register watches, and how long an instruction a
 * breakpoint covers (from Z1's kind; 0: invalid); addresses above max_addr are invalid. */
struct hw_piece_rules {
    uint64_t (*piece)(uint64_t addr, uint64_t len);
    uint64_t (*exec_len)(uint64_t kind);
    uint64_t max_addr;
};
int hw_plan_pieces(const struct hw_point *want, size_t n, int nbrp, int nwrp,
                   const struct hw_piece_rules *rules, struct hw_plan *out);
int a64_hw_plan_n(const struct hw_point *want, size_t n, int nbrp, int nwrp, struct hw_plan *out);
/* Which slot a trap came from: the breakpoint at that address, or the watchpoint slot whose
 * bytes hold the reported data address, else the nearest one (an access wider than the watched
 * bytes, e.g. stp, reports its own start). -1 if none. */
int a64_hw_match(const struct hw_plan *plan, uint64_t trap_addr);

/* Slot counts from dbg_info (set once a thread is traced); the ops' hw_plan uses them. */
extern int a64_nbrp, a64_nwrp;

/* aarch64.c, shared with the compat arm ops (arm_compat.c): slot counts, debug registers
 * through NT_ARM_HW_BREAK/HW_WATCH, the trap's slot from si_addr, trap kinds from si_code. */
void a64_probe(pid_t tid);
int a64_hw_apply(pid_t tid, const struct hw_plan *plan);
int a64_hw_hit(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit);
int a64_hw_watch_slots(void);
int a64_hw_clear_status(pid_t tid);
bool a64_is_brk_trap(int si_code);
bool a64_is_step_trap(int si_code);

/* aarch64.c: the CPU has pointer authentication (HWCAP_PACA); the two flavours of the ops. */
bool a64_has_pauth(void);
const struct arch_ops *a64_ops(bool pauth);

#endif
