/* Moving x86_64 registers between a stopped thread and the register blob, one ptrace bank at
 * a time: GPR (user_regs_struct), FPU/SSE (fxsave layout), AVX upper halves and AVX-512 (XSAVE
 * area).
 * Writes are read-modify-write so kernel state the blob does not cover is preserved. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <cpuid.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "x86_64.h"

/* Where each blob register lives in struct user_regs_struct. */
static const struct {
    int regnum;
    size_t off;
} gpr_map[] = {
#define U(reg, field)                                                                              \
    {                                                                                              \
        reg, offsetof(struct user_regs_struct, field)                                              \
    }
    U(X86_RAX, rax),
    U(X86_RBX, rbx),
    U(X86_RCX, rcx),
    U(X86_RDX, rdx),
    U(X86_RSI, rsi),
    U(X86_RDI, rdi),
    U(X86_RBP, rbp),
    U(X86_RSP, rsp),
    U(X86_R8, r8),
    U(X86_R9, r9),
    U(X86_R10, r10),
    U(X86_R11, r11),
    U(X86_R12, r12),
    U(X86_R13, r13),
    U(X86_R14, r14),
    U(X86_R15, r15),
    U(X86_RIP, rip),
    U(X86_EFLAGS, eflags),
    U(X86_CS, cs),
    U(X86_SS, ss),
    U(X86_DS, ds),
    U(X86_ES, es),
    U(X86_FS, fs),
    U(X86_GS, gs),
    U(X86_ORIG_RAX, orig_rax),
    U(X86_FS_BASE, fs_base),
    U(X86_GS_BASE, gs_base),
#undef U
};

static uint8_t *reg_ptr(uint8_t *blob, int regnum)
{
    return blob + x86_64_regs[regnum].offset;
}

static size_t reg_bytes(int regnum)
{
    return x86_64_regs[regnum].bitsize / 8u;
}

static void put_u32(uint8_t *blob, int regnum, uint32_t v)
{
    memcpy(reg_ptr(blob, regnum), &v, 4); /* blob is target (little-endian) order */
}

static uint32_t get_u32(const uint8_t *blob, int regnum)
{
    uint32_t v;
    memcpy(&v, blob + x86_64_regs[regnum].offset, 4);
    return v;
}

static int gpr_read(pid_t tid, uint8_t *blob)
{
    struct user_regs_struct u;
    if (ptrace(PTRACE_GETREGS, tid, NULL, &u) < 0)
        return -errno;
    for (size_t i = 0; i < sizeof(gpr_map) / sizeof(gpr_map[0]); i++) {
        uint64_t v;
        memcpy(&v, (const uint8_t *)&u + gpr_map[i].off, 8);
        /* eflags and segment selectors are 32-bit in the blob: keep the low bytes. */
        memcpy(reg_ptr(blob, gpr_map[i].regnum), &v, reg_bytes(gpr_map[i].regnum));
    }
    return 0;
}

/* Every field of the kernel's struct is a register of the blob, which the cache filled before
 * changing it: the write needs no read first (one system call per resume saved). */
_Static_assert(sizeof gpr_map / sizeof gpr_map[0] * 8 == sizeof(struct user_regs_struct),
               "every user_regs_struct field is in the blob");

static int gpr_write(pid_t tid, const uint8_t *blob)
{
    struct user_regs_struct u;
    for (size_t i = 0; i < sizeof(gpr_map) / sizeof(gpr_map[0]); i++) {
        uint64_t v = 0; /* 32-bit blob registers are zero-extended into the kernel's longs */
        int r = gpr_map[i].regnum;
        memcpy(&v, blob + x86_64_regs[r].offset, reg_bytes(r));
        memcpy((uint8_t *)&u + gpr_map[i].off, &v, 8);
    }
    if (ptrace(PTRACE_SETREGS, tid, NULL, &u) < 0)
        return -errno;
    return 0;
}

/* FXSAVE -> blob. In 64-bit mode FIP/FDP are 64-bit; like gdb's amd64 target we show the low
 * half as fioff/fooff and the high half as fiseg/foseg (fxsave bytes 8/12 and 16/20). */
static int fpu_read(pid_t tid, uint8_t *blob)
{
    struct user_fpregs_struct fp;
    if (ptrace(PTRACE_GETFPREGS, tid, NULL, &fp) < 0)
        return -errno;
    const uint8_t *st = (const uint8_t *)fp.st_space;
    for (int i = 0; i < 8; i++)
        memcpy(reg_ptr(blob, X86_ST0 + i), st + 16 * i, 10);
    put_u32(blob, X86_FCTRL, fp.cwd);
    put_u32(blob, X86_FSTAT, fp.swd);
    put_u32(blob, X86_FTAG, x87_full_tag((uint8_t)fp.ftw, fp.swd, st));
    put_u32(blob, X86_FISEG, (uint32_t)(fp.rip >> 32));
    put_u32(blob, X86_FIOFF, (uint32_t)fp.rip);
    put_u32(blob, X86_FOSEG, (uint32_t)(fp.rdp >> 32));
    put_u32(blob, X86_FOOFF, (uint32_t)fp.rdp);
    put_u32(blob, X86_FOP, fp.fop & 0x7ffu); /* the opcode is 11 bits */
    for (int i = 0; i < 16; i++)
        memcpy(reg_ptr(blob, X86_XMM0 + i), (const uint8_t *)fp.xmm_space + 16 * i, 16);
    put_u32(blob, X86_MXCSR, fp.mxcsr);
    return 0;
}

static int fpu_write(pid_t tid, const uint8_t *blob)
{
    struct user_fpregs_struct fp;
    if (ptrace(PTRACE_GETFPREGS, tid, NULL, &fp) < 0)
        return -errno;
    uint8_t *st = (uint8_t *)fp.st_space;
    for (int i = 0; i < 8; i++)
        memcpy(st + 16 * i, blob + x86_64_regs[X86_ST0 + i].offset, 10);
    fp.cwd = (uint16_t)get_u32(blob, X86_FCTRL);
    fp.swd = (uint16_t)get_u32(blob, X86_FSTAT);
    fp.ftw = x87_abridged_tag((uint16_t)get_u32(blob, X86_FTAG));
    fp.rip = (uint64_t)get_u32(blob, X86_FISEG) << 32 | get_u32(blob, X86_FIOFF);
    fp.rdp = (uint64_t)get_u32(blob, X86_FOSEG) << 32 | get_u32(blob, X86_FOOFF);
    fp.fop = (uint16_t)(get_u32(blob, X86_FOP) & 0x7ffu);
    for (int i = 0; i < 16; i++)
        memcpy((uint8_t *)fp.xmm_space + 16 * i, blob + x86_64_regs[X86_XMM0 + i].offset, 16);
    fp.mxcsr = get_u32(blob, X86_MXCSR);
    if (ptrace(PTRACE_SETFPREGS, tid, NULL, &fp) < 0)
        return -errno;
    return 0;
}

/* The XSAVE banks (AVX, AVX-512) through NT_X86_XSTATE, standard (non-compacted) format; which
 * register is where in it is x86_xsave.c's business. The kernel's SETREGSET insists on exactly
 * the size its GETREGSET returns, so we keep one buffer sized by CPUID's upper bound and use
 * what the kernel actually filled. */
static uint8_t *xsave_buf;
static size_t xsave_cap;
static struct x86_xsave_layout xsave_layout;

static int xsave_setup(void)
{
    if (xsave_buf)
        return 0;
    struct x86_cpuid_leaf leaf[X86_XSAVE_NCOMP] = {{0}};
    for (unsigned i = 0; i < X86_XSAVE_NCOMP; i++)
        if (!__get_cpuid_count(0xd, i, &leaf[i].eax, &leaf[i].ebx, &leaf[i].ecx, &leaf[i].edx))
            return -EIO;
    int rc = x86_xsave_layout_from_cpuid(leaf, x86_64_xcr0(), &xsave_layout);
    if (rc < 0)
        return rc;
    size_t cap = xsave_layout.size > 4096 ? xsave_layout.size : 4096;
    xsave_buf = calloc(1, cap);
    if (!xsave_buf)
        return -ENOMEM;
    xsave_cap = cap;
    return 0;
}

static int xstate_get(pid_t tid, struct iovec *iov)
{
    int rc = xsave_setup();
    if (rc < 0)
        return rc;
    iov->iov_base = xsave_buf;
    iov->iov_len = xsave_cap;
    if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_X86_XSTATE, iov) < 0)
        return -errno;
    return 0;
}

static int xsave_read(pid_t tid, int bank, uint8_t *blob)
{
    struct iovec iov;
    int rc = xstate_get(tid, &iov);
    if (rc < 0)
        return rc;
    return x86_xsave_to_blob(&xsave_layout, bank, xsave_buf, iov.iov_len, blob);
}

static int xsave_write(pid_t tid, int bank, const uint8_t *blob)
{
    struct iovec iov;
    int rc = xstate_get(tid, &iov);
    if (rc < 0)
        return rc;
    rc = x86_xsave_from_blob(&xsave_layout, bank, blob, xsave_buf, iov.iov_len);
    if (rc < 0)
        return rc;
    if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_X86_XSTATE, &iov) < 0)
        return -errno;
    return 0;
}

static int avx_read(pid_t tid, uint8_t *blob)
{
    return xsave_read(tid, X86_BANK_AVX, blob);
}

static int avx_write(pid_t tid, const uint8_t *blob)
{
    return xsave_write(tid, X86_BANK_AVX, blob);
}

static int avx512_read(pid_t tid, uint8_t *blob)
{
    return xsave_read(tid, X86_BANK_AVX512, blob);
}

static int avx512_write(pid_t tid, const uint8_t *blob)
{
    return xsave_write(tid, X86_BANK_AVX512, blob);
}

/* Bank number -> transfer functions; the XSAVE banks only exist when the CPU/OS save them. */
static const struct {
    int (*read)(pid_t tid, uint8_t *blob);
    int (*write)(pid_t tid, const uint8_t *blob);
    enum x86_64_flavour needs;
} banks[] = {
    [X86_BANK_GPR] = {gpr_read, gpr_write, X86_PLAIN},
    [X86_BANK_FPU] = {fpu_read, fpu_write, X86_PLAIN},
    [X86_BANK_AVX] = {avx_read, avx_write, X86_AVX},
    [X86_BANK_AVX512] = {avx512_read, avx512_write, X86_AVX512},
};

static bool bank_ok(int bank)
{
    if (bank < 0 || (size_t)bank >= sizeof(banks) / sizeof(banks[0]))
        return false;
    return x86_64_flavour() >= banks[bank].needs;
}

int x86_64_bank_read(pid_t tid, int bank, uint8_t *blob)
{
    return bank_ok(bank) ? banks[bank].read(tid, blob) : -EINVAL;
}

int x86_64_bank_write(pid_t tid, int bank, const uint8_t *blob)
{
    return bank_ok(bank) ? banks[bank].write(tid, blob) : -EINVAL;
}
