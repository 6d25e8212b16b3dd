/* Live tests of the x86_64 arch against a real traced child: register banks round-trip through
 * the kernel, debug registers are written where the kernel reads them, and the trap
 * classifiers and DR6 decoding agree with what the kernel reports. */
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "check.h"
#include "x86_64.h"

static volatile uint64_t watched;

static void body_none(void) {}

static void body_write_watched(void)
{
    watched = 0x1234;
}

__attribute__((noinline)) static void exec_target(void)
{
    __asm__ volatile("nop");
}

static void body_call_exec_target(void)
{
    exec_target();
}

static void body_int3(void)
{
    __asm__ volatile("int3\n\tnop\n\tnop");
}

/* getpid, then an int3 to find the syscall instruction from: it is 2 bytes before. */
static void body_syscall(void)
{
    long nr = SYS_getpid;
    __asm__ volatile("int3\n\tsyscall\n\tnop" : "+a"(nr) : : "rcx", "r11", "memory");
}

/* Forks a child that stops itself under ptrace and then runs body. Returns its pid, stopped. */
static pid_t spawn_stopped(void (*body)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        body();
        _exit(0);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
        WSTOPSIG(status) != SIGSTOP) {
        CHECK_FAIL_AT("could not start a stopped child");
        return -1;
    }
    return pid;
}

/* Resumes (cont or single-step) and returns the stop signal, or -1 if the child exited. */
static int resume(pid_t pid, enum __ptrace_request how)
{
    int status;
    if (ptrace(how, pid, NULL, NULL) < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFSTOPPED(status) ? WSTOPSIG(status) : -1;
}

static int stop_si_code(pid_t pid)
{
    siginfo_t si;
    if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0)
        return -1;
    return si.si_code;
}

static void finish(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static uint8_t *blob_reg(uint8_t *blob, int regnum)
{
    return blob + x86_64_regs[regnum].offset;
}

static void test_gpr_bank(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_none);
    if (pid < 0)
        return;
    uint8_t blob[X86_BLOB_SIZE_AVX] = {0};
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_GPR, blob), 0);
    struct user_regs_struct u;
    CHECK_EQ_I64(ptrace(PTRACE_GETREGS, pid, NULL, &u), 0);
    uint64_t v = 0;
    memcpy(&v, blob_reg(blob, X86_RIP), 8);
    CHECK_EQ_U64(v, u.rip);
    memcpy(&v, blob_reg(blob, X86_FS_BASE), 8);
    CHECK_EQ_U64(v, u.fs_base);
    uint32_t v32;
    memcpy(&v32, blob_reg(blob, X86_EFLAGS), 4);
    CHECK_EQ_U64(v32, u.eflags);
    memcpy(&v32, blob_reg(blob, X86_CS), 4);
    CHECK_EQ_U64(v32, u.cs);

    const uint64_t r12 = 0x1122334455667788ull, rbx = 0x0102030405060708ull;
    memcpy(blob_reg(blob, X86_R12), &r12, 8);
    memcpy(blob_reg(blob, X86_RBX), &rbx, 8);
    CHECK_EQ_I64(a->bank_write(pid, X86_BANK_GPR, blob), 0);
    CHECK_EQ_I64(ptrace(PTRACE_GETREGS, pid, NULL, &u), 0);
    CHECK_EQ_U64(u.r12, r12);
    CHECK_EQ_U64(u.rbx, rbx);
    uint8_t again[X86_BLOB_SIZE_AVX] = {0};
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_GPR, again), 0);
    CHECK(memcmp(again, blob, x86_64_regs[X86_ST0].offset) == 0);
    CHECK(memcmp(blob_reg(again, X86_ORIG_RAX), blob_reg(blob, X86_ORIG_RAX), 24) == 0);
    CHECK_EQ_I64(a->bank_read(pid, 7, blob), -EINVAL);
    finish(pid);
}

static void put32(uint8_t *blob, int regnum, uint32_t v)
{
    memcpy(blob_reg(blob, regnum), &v, 4);
}

static void test_fpu_bank(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_none);
    if (pid < 0)
        return;
    uint8_t blob[X86_BLOB_SIZE_AVX] = {0};
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_FPU, blob), 0);
    /* ST0 = 1.0 in physical register 7 (TOP = 7), all other registers empty. */
    const uint64_t one = 1ull << 63;
    const uint16_t one_exp = 0x3fff;
    memcpy(blob_reg(blob, X86_ST0), &one, 8);
    memcpy(blob_reg(blob, X86_ST0) + 8, &one_exp, 2);
    put32(blob, X86_FSTAT, 7u << 11);
    put32(blob, X86_FTAG, 0x3fff);
    put32(blob, X86_FCTRL, 0x27f);
    put32(blob, X86_FIOFF, 0x12345678);
    put32(blob, X86_FISEG, 0x9abc);
    put32(blob, X86_FOOFF, 0xdeadbeef);
    put32(blob, X86_FOSEG, 0x7);
    put32(blob, X86_FOP, 0x123);
    put32(blob, X86_MXCSR, 0x7f80); /* all masked, round toward zero */
    for (int i = 0; i < 16; i++)
        blob_reg(blob, X86_XMM0 + 3)[i] = (uint8_t)(0xa0 + i);
    CHECK_EQ_I64(a->bank_write(pid, X86_BANK_FPU, blob), 0);

    struct user_fpregs_struct fp;
    CHECK_EQ_I64(ptrace(PTRACE_GETFPREGS, pid, NULL, &fp), 0);
    CHECK_EQ_U64(fp.ftw, 0x80);
    CHECK_EQ_U64(fp.swd, 0x3800);
    CHECK_EQ_U64(fp.cwd, 0x27f);
    CHECK_EQ_U64(fp.rip, 0x00009abc12345678ull);
    CHECK_EQ_U64(fp.rdp, 0x00000007deadbeefull);
    CHECK_EQ_U64(fp.fop, 0x123);
    CHECK_EQ_U64(fp.mxcsr, 0x7f80);
    CHECK(memcmp((uint8_t *)fp.xmm_space + 48, blob_reg(blob, X86_XMM0 + 3), 16) == 0);
    CHECK(memcmp(fp.st_space, blob_reg(blob, X86_ST0), 10) == 0);

    uint8_t again[X86_BLOB_SIZE_AVX] = {0};
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_FPU, again), 0);
    size_t lo = x86_64_regs[X86_ST0].offset, hi = x86_64_regs[X86_ORIG_RAX].offset;
    CHECK(memcmp(again + lo, blob + lo, hi - lo) == 0);
    finish(pid);
}

static void test_avx_bank(void)
{
    const struct arch_ops *a = arch_native();
    if (!x86_64_has_avx()) {
        CHECK_EQ_I64(a->nbanks, 2);
        return;
    }
    CHECK_EQ_I64(a->nbanks, x86_64_flavour() == X86_AVX512 ? 4 : 3);
    pid_t pid = spawn_stopped(body_none);
    if (pid < 0)
        return;
    uint8_t blob[X86_BLOB_SIZE_AVX] = {0}, fpu_before[X86_BLOB_SIZE_AVX] = {0};
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_FPU, fpu_before), 0);
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_AVX, blob), 0);
    for (int i = 0; i < 16; i++)
        blob_reg(blob, X86_YMM0H + 5)[i] = (uint8_t)(0x50 + i);
    CHECK_EQ_I64(a->bank_write(pid, X86_BANK_AVX, blob), 0);

    static uint8_t xsave[16384];
    struct iovec iov = {xsave, sizeof xsave};
    CHECK_EQ_I64(ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov), 0);
    CHECK(memcmp(xsave + 576 + 5 * 16, blob_reg(blob, X86_YMM0H + 5), 16) == 0);
    CHECK(xsave[512] & 4); /* XSTATE_BV.AVX */

    uint8_t again[X86_BLOB_SIZE_AVX] = {0};
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_AVX, again), 0);
    CHECK(memcmp(blob_reg(again, X86_YMM0H), blob_reg(blob, X86_YMM0H), 256) == 0);
    /* The XSAVE write must not disturb the legacy SSE/x87 state. */
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_FPU, again), 0);
    size_t lo = x86_64_regs[X86_ST0].offset, hi = x86_64_regs[X86_ORIG_RAX].offset;
    CHECK(memcmp(again + lo, fpu_before + lo, hi - lo) == 0);
    finish(pid);
}

/* AVX-512: k3, zmm7h and zmm20 (xmm20 + ymm20h + zmm20h) written through the blob land where
 * the CPU's XSAVE layout puts them, and read back; the AVX bank is left as it was. */
static void test_avx512_bank(void)
{
    const struct arch_ops *a = arch_native();
    if (x86_64_flavour() != X86_AVX512) {
        CHECK_EQ_I64(a->bank_read(1, X86_BANK_AVX512, NULL), -EINVAL);
        return;
    }
    CHECK_EQ_I64(a->nregs, X86_NREGS_AVX512);
    pid_t pid = spawn_stopped(body_none);
    if (pid < 0)
        return;
    static uint8_t blob[X86_BLOB_SIZE_AVX512], again[X86_BLOB_SIZE_AVX512];
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_AVX, blob), 0);
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_AVX512, blob), 0);
    const uint64_t k3 = 0xfedcba9876543210ull;
    memcpy(blob_reg(blob, X86_K0 + 3), &k3, 8);
    for (int i = 0; i < 32; i++)
        blob_reg(blob, X86_ZMM0H + 7)[i] = (uint8_t)(0x70 + i);
    for (int i = 0; i < 16; i++) {
        blob_reg(blob, X86_XMM16 + 4)[i] = (uint8_t)(0x20 + i);
        blob_reg(blob, X86_YMM16H + 4)[i] = (uint8_t)(0x40 + i);
    }
    for (int i = 0; i < 32; i++)
        blob_reg(blob, X86_ZMM0H + 20)[i] = (uint8_t)(0x80 + i);
    CHECK_EQ_I64(a->bank_write(pid, X86_BANK_AVX512, blob), 0);

    static uint8_t xsave[16384];
    struct iovec iov = {xsave, sizeof xsave};
    CHECK_EQ_I64(ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov), 0);
    unsigned eax, ebx[8], ecx, edx;
    for (unsigned c = 5; c <= 7; c++)
        __get_cpuid_count(0xd, c, &eax, &ebx[c], &ecx, &edx);
    CHECK_EQ_U64(xsave[512] & 0xe0, 0xe0); /* XSTATE_BV: opmask, ZMM_Hi256, Hi16_ZMM */
    CHECK(memcmp(xsave + ebx[5] + 3 * 8, &k3, 8) == 0);
    CHECK(memcmp(xsave + ebx[6] + 7 * 32, blob_reg(blob, X86_ZMM0H + 7), 32) == 0);
    CHECK(memcmp(xsave + ebx[7] + 4 * 64, blob_reg(blob, X86_XMM16 + 4), 16) == 0);
    CHECK(memcmp(xsave + ebx[7] + 4 * 64 + 16, blob_reg(blob, X86_YMM16H + 4), 16) == 0);
    CHECK(memcmp(xsave + ebx[7] + 4 * 64 + 32, blob_reg(blob, X86_ZMM0H + 20), 32) == 0);

    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_AVX512, again), 0);
    size_t lo = x86_64_regs[X86_XMM16].offset;
    CHECK(memcmp(again + lo, blob + lo, X86_BLOB_SIZE_AVX512 - lo) == 0);
    CHECK_EQ_I64(a->bank_read(pid, X86_BANK_AVX, again), 0);
    lo = x86_64_regs[X86_YMM0H].offset;
    CHECK(memcmp(again + lo, blob + lo, 256) == 0);
    finish(pid);
}

static uint64_t peek_dr(pid_t pid, int i)
{
    return (uint64_t)ptrace(PTRACE_PEEKUSER, pid,
                            (void *)(offsetof(struct user, u_debugreg) + 8 * (size_t)i), NULL);
}

static void test_hw_watchpoint_hit(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_write_watched);
    if (pid < 0)
        return;
    const struct hw_point want = {HW_WRITE, (uint64_t)(uintptr_t)&watched, 8};
    struct hw_plan plan;
    CHECK_EQ_I64(a->hw_plan(&want, 1, &plan), 0);
    CHECK_EQ_I64(a->hw_apply(pid, &plan), 0);
    CHECK_EQ_U64(peek_dr(pid, 7), plan.control);
    CHECK_EQ_U64(peek_dr(pid, 0), want.addr);

    CHECK_EQ_I64(resume(pid, PTRACE_CONT), SIGTRAP);
    CHECK_EQ_I64(stop_si_code(pid), TRAP_HWBKPT);
    struct hw_hit hit;
    CHECK_EQ_I64(a->hw_hit(pid, &plan, &hit), 0);
    CHECK(hit.fired);
    CHECK_EQ_I64(hit.slot, 0);
    CHECK_EQ_U64(hit.slot_mask, 1);
    CHECK_EQ_U64(hit.data_addr, want.addr);
    CHECK(!hit.single_step);
    CHECK_EQ_I64(a->hw_clear_status(pid), 0);
    CHECK_EQ_U64(peek_dr(pid, 6) & 0xf, 0);

    struct hw_plan none;
    CHECK_EQ_I64(a->hw_plan(NULL, 0, &none), 0);
    CHECK_EQ_I64(a->hw_apply(pid, &none), 0);
    CHECK_EQ_U64(peek_dr(pid, 7), 0);
    CHECK_EQ_I64(resume(pid, PTRACE_CONT), -1); /* runs to exit */
}

static void test_hw_exec_breakpoint(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_call_exec_target);
    if (pid < 0)
        return;
    const uint64_t target = (uint64_t)(uintptr_t)exec_target;
    const struct hw_point want[2] = {{HW_WRITE, (uint64_t)(uintptr_t)&watched, 8},
                                     {HW_EXEC, target, 1}};
    struct hw_plan plan;
    CHECK_EQ_I64(a->hw_plan(want, 2, &plan), 0);
    CHECK_EQ_I64(a->hw_apply(pid, &plan), 0);
    CHECK_EQ_U64(peek_dr(pid, 1), target);
    CHECK_EQ_I64(resume(pid, PTRACE_CONT), SIGTRAP);
    CHECK_EQ_I64(stop_si_code(pid), TRAP_HWBKPT);
    struct hw_hit hit;
    CHECK_EQ_I64(a->hw_hit(pid, &plan, &hit), 0);
    CHECK(hit.fired);
    CHECK_EQ_I64(hit.slot, 1);
    CHECK_EQ_U64(hit.slot_mask, 2);
    struct user_regs_struct u;
    CHECK_EQ_I64(ptrace(PTRACE_GETREGS, pid, NULL, &u), 0);
    CHECK_EQ_U64(u.rip, target); /* exec breakpoints trap before the instruction */
    finish(pid);
}

/* A read-or-write slot and a write slot on the same bytes: one store trips both, and the decoder
 * must say so (the server picks which watchpoint to report from every slot that fired). */
static void test_hw_one_store_fires_two_slots(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_write_watched);
    if (pid < 0)
        return;
    const uint64_t addr = (uint64_t)(uintptr_t)&watched;
    const struct hw_point want[2] = {{HW_READ, addr, 8}, {HW_WRITE, addr, 8}};
    struct hw_plan plan;
    CHECK_EQ_I64(a->hw_plan(want, 2, &plan), 0);
    CHECK_EQ_I64(plan.nslots_used, 2);
    CHECK_EQ_I64(a->hw_apply(pid, &plan), 0);
    CHECK_EQ_I64(resume(pid, PTRACE_CONT), SIGTRAP);
    struct hw_hit hit;
    CHECK_EQ_I64(a->hw_hit(pid, &plan, &hit), 0);
    CHECK(hit.fired);
    CHECK_EQ_I64(hit.slot, 0);
    CHECK_EQ_U64(hit.slot_mask, 3);
    finish(pid);
}

static void test_sw_break_and_step(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_int3);
    if (pid < 0)
        return;
    CHECK_EQ_I64(resume(pid, PTRACE_CONT), SIGTRAP);
    int code = stop_si_code(pid);
    CHECK(a->is_sw_break_trap(code));
    CHECK(!a->is_step_trap(code));
    struct user_regs_struct u;
    CHECK_EQ_I64(ptrace(PTRACE_GETREGS, pid, NULL, &u), 0);
    errno = 0;
    long word = ptrace(PTRACE_PEEKTEXT, pid, (void *)(u.rip - a->pc_after_trap), NULL);
    CHECK_EQ_U64(word & 0xff, a->trap[0]); /* the PC sits just past the int3 */

    CHECK_EQ_I64(resume(pid, PTRACE_SINGLESTEP), SIGTRAP);
    code = stop_si_code(pid);
    CHECK(a->is_step_trap(code));
    CHECK(!a->is_sw_break_trap(code));
    struct hw_plan none;
    CHECK_EQ_I64(a->hw_plan(NULL, 0, &none), 0);
    struct hw_hit hit;
    CHECK_EQ_I64(a->hw_hit(pid, &none, &hit), 0);
    CHECK(!hit.fired);
    CHECK_EQ_I64(hit.slot, -1);
    CHECK(hit.single_step);
    finish(pid);
}

/* A single step over `syscall` ends as the call returns, and the kernel reports it with another
 * si_code than other steps: it is still the end of a step, not a breakpoint. */
static void test_step_over_syscall(void)
{
    const struct arch_ops *a = arch_native();
    pid_t pid = spawn_stopped(body_syscall);
    if (pid < 0)
        return;
    CHECK_EQ_I64(resume(pid, PTRACE_CONT), SIGTRAP); /* the int3, just before the syscall */
    struct user_regs_struct u;
    CHECK_EQ_I64(ptrace(PTRACE_GETREGS, pid, NULL, &u), 0);
    const uint64_t syscall_pc = u.rip;
    CHECK_EQ_I64(resume(pid, PTRACE_SINGLESTEP), SIGTRAP);
    int code = stop_si_code(pid);
    CHECK(a->is_step_trap(code));
    CHECK(!a->is_sw_break_trap(code));
    CHECK_EQ_I64(ptrace(PTRACE_GETREGS, pid, NULL, &u), 0);
    CHECK_EQ_U64(u.rip, syscall_pc + 2);
    CHECK_EQ_I64((long)u.rax, pid); /* getpid ran */
    finish(pid);
}

CHECK_MAIN(T(test_gpr_bank), T(test_fpu_bank), T(test_avx_bank), T(test_avx512_bank),
           T(test_hw_watchpoint_hit), T(test_hw_exec_breakpoint),
           T(test_hw_one_store_fires_two_slots), T(test_sw_break_and_step),
           T(test_step_over_syscall))
