/* The x86_64 GNU/Linux arch_ops. There are three flavours because the register set (and so the
 * blob size and target.xml) depends on whether the CPU/OS save AVX and AVX-512 state; arch.c
 * picks one. */
#include <signal.h>
#include <cpuid.h>

#include "x86_64.h"

#define CPUID1_ECX_OSXSAVE (1u << 27)
#define CPUID1_ECX_AVX (1u << 28)
#define XCR0_SSE_AVX 0x6u /* XMM and YMM state enabled by the OS */
#define XCR0_AVX512 0xe0u /* opmask, ZMM_Hi256 and Hi16_ZMM state */

static uint64_t read_xcr0(void)
{
    unsigned eax, ebx, ecx, edx;
    /* xgetbv faults unless the OS enabled XSAVE, so check OSXSAVE before asking XCR0. */
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & CPUID1_ECX_OSXSAVE))
        return 0;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t)hi << 32 | lo;
}

uint64_t x86_64_xcr0(void)
{
    static uint64_t cached;
    static bool known; /* the answer never changes */
    if (!known) {
        cached = read_xcr0();
        known = true;
    }
    return cached;
}

static enum x86_64_flavour detect_flavour(void)
{
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & CPUID1_ECX_AVX))
        return X86_PLAIN;
    uint64_t xcr0 = x86_64_xcr0();
    if ((xcr0 & XCR0_SSE_AVX) != XCR0_SSE_AVX)
        return X86_PLAIN;
    /* The OS enabling the AVX-512 components implies the CPU has them (AVX512F). */
    return (xcr0 & XCR0_AVX512) == XCR0_AVX512 ? X86_AVX512 : X86_AVX;
}

enum x86_64_flavour x86_64_flavour(void)
{
    static int cached = -1;
    if (cached < 0)
        cached = (int)detect_flavour();
    return (enum x86_64_flavour)cached;
}

bool x86_64_has_avx(void)
{
    return x86_64_flavour() >= X86_AVX;
}

static long target_xml_base(char *buf, size_t cap, bool for_lldb)
{
    return x86_64_tdesc_build(buf, cap, X86_NREGS_BASE, for_lldb);
}

static long target_xml_avx(char *buf, size_t cap, bool for_lldb)
{
    return x86_64_tdesc_build(buf, cap, X86_NREGS_AVX, for_lldb);
}

static long target_xml_avx512(char *buf, size_t cap, bool for_lldb)
{
    return x86_64_tdesc_build(buf, cap, X86_NREGS_AVX512, for_lldb);
}

/* int3 reports SI_KERNEL on x86 Linux; TRAP_BRKPT is what other paths (and arches) use. */
/* An int3 is reported with SI_KERNEL. */
static bool is_sw_break_trap(int si_code)
{
    return si_code == SI_KERNEL;
}

/* A step ends with TRAP_TRACE, except a step over a `syscall`: the kernel reports that one as the
 * call returns, with TRAP_BRKPT (taken for an int3 before, it lost the step's priority over
 * another thread's event: gdb.base/step-over-syscall). */
static bool is_step_trap(int si_code)
{
    return si_code == TRAP_TRACE || si_code == TRAP_BRKPT;
}

static int hw_watch_slots(void)
{
    return 4; /* DR0-DR3 */
}

#define X86_64_OPS(nregs_, blob_size_, nbanks_, xml_fn)                                            \
    {                                                                                              \
        .name = "x86_64", .gdb_arch = "i386:x86-64", .osabi = "GNU/Linux",                         \
        .lldb_triple = "x86_64-pc-linux-gnu", .elf_machine = 62 /* EM_X86_64 */,                   \
        .elf_class = 2 /* ELFCLASS64 */, .ptr_size = 8, .little_endian = true,                     \
        .regs = x86_64_regs, .nregs = (nregs_), .blob_size = (blob_size_), .nbanks = (nbanks_),    \
        .plain_blob_size = X86_BLOB_SIZE_BASE, /* gdb's amd64-linux without AVX */                 \
            .expedite = {X86_RBP, X86_RSP, X86_RIP, -1}, .pc_regnum = X86_RIP,                     \
        .sp_regnum = X86_RSP, .fp_regnum = X86_RBP, .tp_regnum = X86_FS_BASE,                      \
        .restart_regnum = X86_ORIG_RAX, .syscall_insn = {0x0f, 0x05}, .syscall_insn_len = 2,       \
        .syscall_nr_regnum = X86_RAX, .syscall_ret_regnum = X86_RAX,                               \
        .syscall_arg_regnums = {X86_RDI, X86_RSI, X86_RDX, X86_R10, X86_R8, X86_R9},               \
        .sys_mmap = 9, .sys_munmap = 11, .parts = x86_64_parts, .nparts = X86_NPARTS,              \
        .target_xml = (xml_fn), .bank_read = x86_64_bank_read, .bank_write = x86_64_bank_write,    \
        .trap = {0xCC}, .trap_len = 1, .pc_after_trap = 1, .is_sw_break_trap = is_sw_break_trap,   \
        .is_step_trap = is_step_trap, .hw_watch_slots = hw_watch_slots, .hw_plan = x86_hw_plan,    \
        .hw_apply = x86_hw_apply, .hw_hit = x86_hw_hit, .hw_clear_status = x86_hw_clear_status,    \
        .ool_plan = x86_ool_plan,                                                                  \
    }

static const struct arch_ops ops[] = {
    [X86_PLAIN] = X86_64_OPS(X86_NREGS_BASE, X86_BLOB_SIZE_BASE, 2, target_xml_base),
    [X86_AVX] = X86_64_OPS(X86_NREGS_AVX, X86_BLOB_SIZE_AVX, 3, target_xml_avx),
    [X86_AVX512] = X86_64_OPS(X86_NREGS_AVX512, X86_BLOB_SIZE_AVX512, 4, target_xml_avx512),
};

const struct arch_ops *x86_64_ops(enum x86_64_flavour flavour)
{
    return &ops[flavour <= X86_AVX512 ? flavour : X86_AVX512];
}
