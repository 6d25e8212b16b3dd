/* x86 debug registers: DR0-DR3 hold addresses, DR7 says what each one watches, DR6 says which
 * fired. The planner is pure (unit-tested); apply/hit/clear go through PTRACE_{PEEK,POKE}USER,
 * which the kernel validates and maps onto its own hw_breakpoint machinery. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "x86_64.h"

#define X86_DR_SLOTS 4
#define DR6_BS (1u << 14) /* single-step completed */

/* DR7 R/W field values. x86 cannot trap on reads alone: reads use read-or-write and the server
 * tells a read hit from a write hit itself. */
enum { RW_EXEC = 0, RW_WRITE = 1, RW_ACCESS = 3 };

/* DR7 LEN field encoding for 1, 2, 4, 8 bytes (8 is the odd one out). */
static unsigned len_bits(uint64_t len)
{
    switch (len) {
    case 2:
        return 1;
    case 4:
        return 3;
    case 8:
        return 2;
    default:
        return 0;
    }
}

static int rw_bits(enum hw_kind kind)
{
    switch (kind) {
    case HW_EXEC:
        return RW_EXEC;
    case HW_WRITE:
        return RW_WRITE;
    case HW_READ:
    case HW_ACCESS:
        return RW_ACCESS;
    default:
        return -1;
    }
}

/* Largest naturally aligned piece starting at addr that fits in len bytes. */
static uint64_t piece_len(uint64_t addr, uint64_t len)
{
    uint64_t size = 8;
    while (size > 1 && (addr % size != 0 || size > len))
        size /= 2;
    return size;
}

/* Put (addr, len, rw) in a slot, sharing an identical existing one. -ENOSPC when full. */
static int add_piece(struct hw_plan *out, int *slot_rw, uint64_t addr, uint64_t len, int rw,
                     int owner)
{
    for (int i = 0; i < out->nslots_used; i++)
        if (out->slot_addr[i] == addr && out->slot_len[i] == len && slot_rw[i] == rw)
            return 0;
    if (out->nslots_used == X86_DR_SLOTS)
        return -ENOSPC;
    int i = out->nslots_used++;
    out->slot_addr[i] = addr;
    out->slot_len[i] = len;
    out->slot_owner[i] = owner;
    slot_rw[i] = rw;
    out->control |= 1ull << (2 * i);                         /* L<i>: local enable */
    out->control |= (uint64_t)rw << (16 + 4 * i);            /* R/W<i> */
    out->control |= (uint64_t)len_bits(len) << (18 + 4 * i); /* LEN<i> */
    return 0;
}

int x86_hw_plan(const struct hw_point *want, size_t n, struct hw_plan *out)
{
    int slot_rw[X86_DR_SLOTS] = {0};
    memset(out, 0, sizeof(*out));
    for (size_t w = 0; w < n; w++) {
        int rw = rw_bits(want[w].kind);
        uint64_t addr = want[w].addr, len = want[w].len;
        int rc = 0;
        if (rw < 0 || len == 0 || addr + len - 1 < addr)
            rc = -EINVAL;
        else if (want[w].kind == HW_EXEC && len != 1)
            rc = -EINVAL;
        /* Exec breakpoints use LEN=00 at any address; data regions split into aligned pieces. */
        while (rc == 0 && len > 0) {
            uint64_t piece = want[w].kind == HW_EXEC ? 1 : piece_len(addr, len);
            rc = add_piece(out, slot_rw, addr, piece, rw, (int)w);
            addr += piece;
            len -= piece;
        }
        if (rc < 0) {
            memset(out, 0, sizeof(*out));
            return rc;
        }
    }
    return 0;
}

static long dr_offset(int i)
{
    return (long)(offsetof(struct user, u_debugreg) + sizeof(unsigned long long) * (size_t)i);
}

static int dr_write(pid_t tid, int i, uint64_t value)
{
    if (ptrace(PTRACE_POKEUSER, tid, (void *)dr_offset(i), (void *)(uintptr_t)value) < 0)
        return -errno;
    return 0;
}

int x86_hw_apply(pid_t tid, const struct hw_plan *plan)
{
    /* Disable first so the kernel never sees a half-updated address/control combination
     * (it rejects e.g. an enabled slot whose new address is misaligned for its old length). */
    int rc = dr_write(tid, 7, 0);
    for (int i = 0; rc == 0 && i < plan->nslots_used && i < X86_DR_SLOTS; i++)
        rc = dr_write(tid, i, plan->slot_addr[i]);
    if (rc == 0 && plan->control != 0)
        rc = dr_write(tid, 7, plan->control);
    return rc;
}

int x86_hw_hit(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit)
{
    memset(hit, 0, sizeof(*hit));
    hit->slot = -1;
    errno = 0;
    long dr6 = ptrace(PTRACE_PEEKUSER, tid, (void *)dr_offset(6), NULL);
    if (dr6 == -1 && errno != 0)
        return -errno;
    hit->single_step = (dr6 & DR6_BS) != 0;
    for (int i = 0; i < X86_DR_SLOTS && i < plan->nslots_used; i++) {
        bool enabled = (plan->control >> (2 * i)) & 1;
        if (enabled && ((unsigned long)dr6 & (1ul << i))) {
            hit->slot_mask |= 1u << i;
            if (hit->fired)
                continue;
            hit->fired = true;
            hit->slot = i;
            hit->data_addr = plan->slot_addr[i];
        }
    }
    return 0;
}

int x86_hw_clear_status(pid_t tid)
{
    return dr_write(tid, 6, 0);
}
