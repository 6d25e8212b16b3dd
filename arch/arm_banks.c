/* The ptrace side shared by the aarch64 and arm hosts: 32-bit arm registers through
 * PTRACE_GETREGSET, the same on an arm kernel and for a 32-bit tracee of an arm64 kernel
 * (NT_PRSTATUS holds r0-r15, cpsr, orig_r0; NT_ARM_VFP d0-d31 and fpscr), and which debug
 * register a trap came from. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "aarch64.h"
#include "arm.h"

#ifndef TRAP_HWBKPT
#define TRAP_HWBKPT 4
#endif

#ifndef NT_ARM_VFP
#define NT_ARM_VFP 0x400
#endif

#define GPR_WORDS 18 /* r0-r15, cpsr, orig_r0 */
#define VFP_BYTES (32 * 8 + 4)

static int regset(int req, pid_t tid, int note, void *buf, size_t len)
{
    struct iovec iov = {buf, len};
    return ptrace(req, tid, (void *)(long)note, &iov) < 0 ? -errno : 0;
}

int arm_bank_read(pid_t tid, int bank, uint8_t *blob)
{
    if (bank == ARM_BANK_GPR) {
        uint32_t r[GPR_WORDS];
        int rc = regset(PTRACE_GETREGSET, tid, NT_PRSTATUS, r, sizeof r);
        if (rc == 0)
            memcpy(blob, r, 17 * 4); /* r0-r15, cpsr: the blob's first 68 bytes */
        return rc;
    }
    return regset(PTRACE_GETREGSET, tid, NT_ARM_VFP, blob + arm_regs[ARM_D0].offset, VFP_BYTES);
}

int arm_bank_write(pid_t tid, int bank, const uint8_t *blob)
{
    if (bank == ARM_BANK_GPR) {
        uint32_t r[GPR_WORDS]; /* orig_r0 keeps the kernel's value */
        int rc = regset(PTRACE_GETREGSET, tid, NT_PRSTATUS, r, sizeof r);
        if (rc < 0)
            return rc;
        memcpy(r, blob, 17 * 4);
        return regset(PTRACE_SETREGSET, tid, NT_PRSTATUS, r, sizeof r);
    }
    uint8_t v[VFP_BYTES];
    memcpy(v, blob + arm_regs[ARM_D0].offset, VFP_BYTES);
    return regset(PTRACE_SETREGSET, tid, NT_ARM_VFP, v, VFP_BYTES);
}

/* The trap names no slot in a way both kernels share: si_addr is the breakpoint's address or
 * the data address accessed. */
int arm_hw_hit_siginfo(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit)
{
    siginfo_t si;
    memset(hit, 0, sizeof *hit);
    hit->slot = -1;
    if (ptrace(PTRACE_GETSIGINFO, tid, 0, &si) < 0)
        return -errno;
    hit->single_step = si.si_code == TRAP_TRACE;
    if (si.si_code != TRAP_HWBKPT)
        return 0;
    hit->data_addr = (uint64_t)(uintptr_t)si.si_addr;
    hit->slot = a64_hw_match(plan, hit->data_addr);
    hit->fired = hit->slot >= 0;
    hit->slot_mask = hit->fired ? 1u << hit->slot : 0;
    return 0;
}
