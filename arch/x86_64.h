/* x86_64 private interface: shared between the arch/x86*.c files and their unit tests. The
 * server only sees struct arch_ops (arch.h). */
#ifndef ZSTUB_X86_64_H
#define ZSTUB_X86_64_H

#include "arch.h"

/* Register numbers == the order of <reg> elements in our target.xml == gdb's remote numbers.
 * Each extension comes after the one it builds on (AVX upper halves, then AVX-512, in gdbserver's
 * order), so every flavour's table is simply a prefix of the next. */
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
    /* org.gnu.gdb.i386.avx512, in the order of gdb's 64bit-avx512.xml. */
    X86_XMM16 = 76,  /* xmm16..xmm31 */
    X86_YMM16H = 92, /* ymm16h..ymm31h: bits 128-255 of zmm16..31 */
    X86_K0 = 108,    /* k0..k7 opmask */
    X86_ZMM0H = 116, /* zmm0h..zmm31h: bits 256-511 of zmm0..31 */
    X86_NREGS_AVX512 = 148,
    X86_NREGS_AVX = X86_XMM16,
    X86_NREGS_BASE = X86_YMM0H,
};

/* Register banks: one ptrace request each. */
enum x86_64_bank { X86_BANK_GPR = 0, X86_BANK_FPU = 1, X86_BANK_AVX = 2, X86_BANK_AVX512 = 3 };

/* Blob sizes (bytes); checked against the table by the unit tests. */
#define X86_BLOB_SIZE_BASE 560
#define X86_BLOB_SIZE_AVX 816
#define X86_BLOB_SIZE_AVX512 2416

/* The register set the CPU and OS save, smallest first: each is a prefix of the next. */
enum x86_64_flavour { X86_PLAIN = 0, X86_AVX = 1, X86_AVX512 = 2 };

/* The full register table (X86_NREGS_AVX512 entries; smaller machines use a prefix). */
extern const struct reg_desc x86_64_regs[X86_NREGS_AVX512];
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

/* x86_xsave.c (pure): where the XSAVE components live in the standard (non-compacted) format
 * that ptrace's NT_X86_XSTATE uses, from CPUID leaf 0xD (sub-leaf i: EAX size, EBX offset of
 * component i; sub-leaf 0: ECX the size of the whole area for every supported component). */
#define X86_XSAVE_NCOMP 8    /* components 0-7: x87, SSE, AVX, MPX x2, opmask, ZMM_Hi256, Hi16 */
#define X86_XSAVE_HEADER 512 /* XSTATE_BV (which components are not in their init state) */
#define X86_XSAVE_LEGACY 576 /* FXSAVE area + header: no extended component starts below */
struct x86_cpuid_leaf {
    uint32_t eax, ebx, ecx, edx;
};
struct x86_xsave_layout {
    uint32_t size;                   /* bytes of the whole area (CPUID 0xD.0 ECX) */
    uint32_t off[X86_XSAVE_NCOMP];   /* 0: unknown (components 0/1 are in the legacy area) */
    uint32_t bytes[X86_XSAVE_NCOMP]; /* each component's size */
};
/* Fills *l from CPUID 0xD sub-leaves 0..X86_XSAVE_NCOMP-1 (leaf[i] = sub-leaf i). Only the
 * components set in mask (XCR0) are taken; one that overlaps the legacy area or runs past the
 * end is an error. Returns 0 or -EINVAL. */
int x86_xsave_layout_from_cpuid(const struct x86_cpuid_leaf leaf[X86_XSAVE_NCOMP], uint64_t mask,
                                struct x86_xsave_layout *l);
/* Which components a bank's registers live in (bit i: component i); 0 for the ptrace banks
 * that are not XSAVE (GPR, FPU). */
uint64_t x86_xsave_bank_components(int bank);
/* XSAVE area (len bytes, as the kernel returned it) -> the bank's registers in the blob. A
 * component whose XSTATE_BV bit is clear is in its init state: its registers read as zero.
 * Returns 0, or -EIO if the area is too short for the bank's components. */
int x86_xsave_to_blob(const struct x86_xsave_layout *l, int bank, const uint8_t *xsave, size_t len,
                      uint8_t *blob);
/* The bank's registers -> the XSAVE area, with their components marked in use in XSTATE_BV
 * (else the kernel would load the init state). Returns 0 or -EIO as above. */
int x86_xsave_from_blob(const struct x86_xsave_layout *l, int bank, const uint8_t *blob,
                        uint8_t *xsave, size_t len);

/* x86_64.c: which register set the CPU and OS save (cpuid + XCR0); computed once. */
enum x86_64_flavour x86_64_flavour(void);
bool x86_64_has_avx(void);
/* XCR0: the XSAVE components the OS enabled (0 without OSXSAVE). */
uint64_t x86_64_xcr0(void);
/* The ops of each flavour (org.gnu.gdb.i386.avx / .avx512 features or not). */
const struct arch_ops *x86_64_ops(enum x86_64_flavour flavour);

#endif
