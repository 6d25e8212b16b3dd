/* x86_64 private interface: shared between the arch/x86*.c files and their unit tests. The
 * server only sees struct arch_ops (arch.h). */
#ifndef ZSTUB_X86_64_H
#define ZSTUB_X86_64_H

#include "arch.h"

/* Register numbers == the order of <reg> elements in our target.xml == gdb's remote numbers.
 * The AVX upper halves come last so the non-AVX table is simply a prefix of the AVX one. */
enum x86_64_regnum {
    X86_RAX = 0,
    X86_RBX,
    X86_RCX,
    X86_RDX,
    X86_RSI,
    X86_RDI,
    X86_RBP,
    X86_RSP,
    X86_R8,
    X86_R9,
    X86_R10,
    X86_R11,
    X86_R12,
    X86_R13,
    X86_R14,
    X86_R15,
    X86_RIP = 16,
    X86_EFLAGS,
    X86_CS,
    X86_SS,
    X86_DS,
    X86_ES,
    X86_FS,
    X86_GS,
    X86_ST0 = 24,
    X86_FCTRL = 32,
    X86_FSTAT,
    X86_FTAG,
    X86_FISEG,
    X86_FIOFF,
    X86_FOSEG,
    X86_FOOFF,
    X86_FOP,
    X86_XMM0 = 40,
    X86_MXCSR = 56,
    X86_ORIG_RAX = 57,
    X86_FS_BASE = 58,
    X86_GS_BASE = 59,
    X86_YMM0H = 60,
    X86_NREGS_AVX = 76,
    X86_NREGS_BASE = X86_YMM0H,
};

/* Register banks: one ptrace request each. */
enum x86_64_bank { X86_BANK_GPR = 0, X86_BANK_FPU = 1, X86_BANK_AVX = 2 };

/* Blob sizes (bytes); checked against the table by the unit tests. */
#define X86_BLOB_SIZE_BASE 560
#define X86_BLOB_SIZE_AVX 816

/* The full register table (X86_NREGS_AVX entries; the non-AVX machine uses the prefix). */
extern const struct reg_desc x86_64_regs[X86_NREGS_AVX];
/* lldb's sub-registers: 32/16/8-bit views of the general registers, and mm0-7 in st0-7. */
#define X86_NPARTS 60
extern const struct reg_part x86_64_parts[X86_NPARTS];

/* x86_64_tdesc.c: target.xml for the first nregs registers of x86_64_regs. */
long x86_64_tdesc_build(char *buf, size_t cap, size_t nregs, bool for_lldb);

/* x86_64_banks.c: ptrace bank transfer (blob layout from x86_64_regs). */
int x86_64_bank_read(pid_t tid, int bank, uint8_t *blob);
int x86_64_bank_write(pid_t tid, int bank, const uint8_t *blob);

/* x87_tag.c: FXSAVE keeps an abridged 8-bit tag (1 bit per physical register: 1 = not empty);
 * gdb shows the full 16-bit i387 tag word (2 bits per physical register: 0 valid, 1 zero,
 * 2 special, 3 empty). st_space holds ST(0)..ST(7) in stack order, 16 bytes per slot. */
uint16_t x87_full_tag(uint8_t abridged, uint16_t fstat, const uint8_t st_space[128]);
uint8_t x87_abridged_tag(uint16_t full);

/* x86_debugreg.c: DR0-DR3 / DR6 / DR7 handling. */
int x86_hw_plan(const struct hw_point *want, size_t n, struct hw_plan *out);
int x86_hw_apply(pid_t tid, const struct hw_plan *plan);
int x86_hw_hit(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit);
int x86_hw_clear_status(pid_t tid);
/* Out-of-line step over (x86_ool.c): see arch_ops.ool_plan. */
int x86_ool_plan(const uint8_t *insn, size_t avail, uint64_t pc, uint64_t slot,
                 struct arch_ool_plan *out);

/* x86_64.c: whether the CPU and OS save AVX state (cpuid + XCR0); computed once. */
bool x86_64_has_avx(void);
/* The two flavours of the x86_64 ops (without / with the org.gnu.gdb.i386.avx feature). */
const struct arch_ops *x86_64_ops(bool avx);

#endif
