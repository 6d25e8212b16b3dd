/* Per-thread register cache over the arch's banks. Only the banks a request touches are read,
 * so a stop that needs just PC/SP/FP costs one ptrace call. */
#include "inferior.h"

#include <errno.h>
#include <string.h>

int regcache_fetch(struct inferior *inf, struct thread *t, int bank)
{
    if (t->rc.valid & (1u << bank))
        return 0;
    int rc = inf->arch->bank_read(t->tid, bank, t->rc.blob);
    if (rc < 0)
        return rc;
    t->rc.valid |= 1u << bank;
    if (inf->ool.npages > 0 && bank == inf->arch->regs[inf->arch->pc_regnum].bank)
        ool_map_pc(inf, t);
    return 0;
}

int regcache_fetch_all(struct inferior *inf, struct thread *t)
{
    for (int b = 0; b < inf->arch->nbanks; b++) {
        int rc = regcache_fetch(inf, t, b);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int regcache_read_reg(struct inferior *inf, struct thread *t, int regnum, uint8_t *out)
{
    if (regnum < 0 || (size_t)regnum >= inf->arch->nregs)
        return -EINVAL;
    const struct reg_desc *r = &inf->arch->regs[regnum];
    int rc = regcache_fetch(inf, t, r->bank);
    if (rc < 0)
        return rc;
    memcpy(out, t->rc.blob + r->offset, r->bitsize / 8);
    return 0;
}

int regcache_write_reg(struct inferior *inf, struct thread *t, int regnum, const uint8_t *val)
{
    if (regnum < 0 || (size_t)regnum >= inf->arch->nregs)
        return -EINVAL;
    const struct reg_desc *r = &inf->arch->regs[regnum];
    int rc = regcache_fetch(inf, t, r->bank); /* the rest of the bank must be current */
    if (rc < 0)
        return rc;
    memcpy(t->rc.blob + r->offset, val, r->bitsize / 8);
    t->rc.dirty |= 1u << r->bank;
    return 0;
}

int regcache_flush(struct inferior *inf, struct thread *t)
{
    for (int b = 0; b < inf->arch->nbanks; b++) {
        if (!(t->rc.dirty & (1u << b)))
            continue;
        int rc = inf->arch->bank_write(t->tid, b, t->rc.blob);
        if (rc < 0)
            return rc;
        t->rc.dirty &= ~(1u << b);
    }
    return 0;
}

void regcache_invalidate(struct thread *t)
{
    t->rc.valid = 0;
    t->rc.dirty = 0;
}

uint64_t regcache_get_u64(struct inferior *inf, struct thread *t, int regnum)
{
    uint8_t buf[16] = {0};
    uint64_t v = 0;
    if (regcache_read_reg(inf, t, regnum, buf) == 0) {
        size_t n = inf->arch->regs[regnum].bitsize / 8;
        memcpy(&v, buf, n < 8 ? n : 8); /* little-endian host and target */
    }
    return v;
}

uint64_t regcache_get_pc(struct inferior *inf, struct thread *t)
{
    return regcache_get_u64(inf, t, inf->arch->pc_regnum);
}

int regcache_set_pc(struct inferior *inf, struct thread *t, uint64_t pc)
{
    uint8_t buf[8];
    memcpy(buf, &pc, sizeof buf);
    return regcache_write_reg(inf, t, inf->arch->pc_regnum, buf);
}
