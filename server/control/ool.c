/* Out-of-line step over: plans a site's instruction once (the arch decides: run a copy in a
 * scratch slot, emulate, or refuse), then moves each thread that must pass the site: to the
 * slot, or straight past the instruction by emulating it. The other threads keep running and
 * keep hitting the trap, which never leaves the text. */
#include "ool.h"

#include "log.h"
#include "target_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

/* Plans s's instruction (its original bytes: mem_read hides the traps), with a slot if it runs
 * out of line. */
static int prepare(struct inferior *inf, struct target_state *ts, struct thread *t,
                   struct sw_site *s, bool may_map)
{
    if (s->ool == OOL_READY)
        return 0;
    if (s->ool == OOL_IMPOSSIBLE)
        return -ENOTSUP;
    uint8_t insn[16];
    long n = mem_read(inf, s->addr, insn, sizeof insn);
    if (n <= 0)
        return -EIO;
    struct arch_ool_plan p;
    /* Planned for a slot at the site itself first: only the kind matters here. */
    if (inf->arch->ool_plan(insn, (size_t)n, s->addr, s->addr, &p) < 0) {
        log_debug("out-of-line step over at 0x%" PRIx64 " impossible: %s", s->addr, p.why);
        s->ool = OOL_IMPOSSIBLE;
        return -ENOTSUP;
    }
    if (p.kind == ARCH_OOL_EMULATE) {
        s->plan = p;
        s->ool = OOL_READY;
        return 0;
    }
    int rc = ool_scratch_assign(inf, ts, t, s, insn, (size_t)n, may_map);
    if (rc == -ERANGE || rc == -ENOSPC) {
        log_debug("out-of-line step over at 0x%" PRIx64 ": %s", s->addr,
                  rc == -ERANGE ? "operand out of reach of every scratch page" : "no scratch slot");
        s->ool = OOL_IMPOSSIBLE;
        return -ENOTSUP;
    }
    return rc;
}

static uint64_t reg_or_zero(struct inferior *inf, struct thread *t, int regnum)
{
    return regnum >= 0 ? regcache_get_u64(inf, t, regnum) : 0;
}

/* The plan's new PC (a register, an address, or the pointer stored there), then the return
 * address pushed for a call. Registers change only once memory accepted the push. */
static int emulate(struct inferior *inf, struct thread *t, const struct arch_ool_plan *p)
{
    uint64_t to =
        p->target + reg_or_zero(inf, t, p->base_reg) + reg_or_zero(inf, t, p->index_reg) * p->scale;
    size_t word = (size_t)inf->arch->ptr_size;
    if (p->indirect) {
        uint64_t ptr = 0;
        if (mem_read(inf, to, &ptr, word) != (long)word)
            return -EFAULT; /* stepped in place, the call faults as it should */
        to = ptr;
    }
    if (p->push_return) {
        uint64_t sp = regcache_get_u64(inf, t, inf->arch->sp_regnum) - word;
        if (mem_write(inf, sp, &p->return_addr, word) < 0)
            return -EFAULT;
        uint8_t bytes[8];
        memcpy(bytes, &sp, sizeof bytes);
        regcache_write_reg(inf, t, inf->arch->sp_regnum, bytes);
    }
    return regcache_set_pc(inf, t, to);
}

int ool_step_over(struct inferior *inf, struct target_state *ts, struct thread *t, bool may_map)
{
    if (!inf->ool.enabled || !inf->arch->ool_plan)
        return -ENOTSUP;
    uint64_t pc = regcache_get_pc(inf, t);
    struct sw_site *s = swbreak_find(inf, pc);
    if (!s || !s->inserted)
        return -ENOENT;
    int rc = prepare(inf, ts, t, s, may_map);
    s = swbreak_find(inf, pc); /* a system call run to map a page may have changed the table */
    if (rc == 0 && s && s->plan.kind == ARCH_OOL_EMULATE) {
        rc = emulate(inf, t, &s->plan);
        if (rc == 0) {
            inf->ool.emulated++;
            return 1;
        }
    } else if (rc == 0 && s) {
        rc = regcache_set_pc(inf, t, s->slot);
        if (rc == 0) {
            inf->ool.ran++;
            return 0;
        }
    }
    if (rc == -EAGAIN)
        return rc; /* the caller stops everything and asks again, mapping a page */
    log_debug("step over 0x%" PRIx64 " in place, other threads stopped (%s)", pc, strerror(-rc));
    return rc < 0 ? rc : -EIO;
}
