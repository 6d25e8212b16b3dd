/* The scratch pages' bookkeeping (the pages and slots themselves are made in control/
 * ool_scratch.c): where a thread stopped inside a slot really is, freeing a slot, forgetting the
 * pages. Pure data about the process: no system call. */
#include "inferior.h"

#include "log.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void ool_map_pc(struct inferior *inf, struct thread *t)
{
    const struct reg_desc *r = &inf->arch->regs[inf->arch->pc_regnum];
    uint64_t pc;
    memcpy(&pc, t->rc.blob + r->offset, sizeof pc);
    for (size_t k = 0; k < inf->ool.npages; k++) {
        const struct ool_page *pg = &inf->ool.pages[k];
        if (pc < pg->base || pc >= pg->base + OOL_PAGE_SIZE)
            continue;
        size_t off = (pc - pg->base) % ARCH_OOL_SLOT;
        const struct ool_slot *sl = &pg->slots[(pc - pg->base) / ARCH_OOL_SLOT];
        uint64_t to = 0;
        if (off == 0) {
            /* The copy has not run: the thread is at the breakpoint, and when resumed it must
             * step over it, not hit it again. */
            to = sl->site;
            t->at_bp_hit = true;
            t->bp_hit_pc = to;
        }
        for (size_t i = 0; i < sl->nexits && !to; i++)
            if (sl->exit_off[i] == off)
                to = sl->exit_to[i];
        if (!to) {
            log_warn("thread %d stopped inside a scratch slot at 0x%" PRIx64, t->tid, pc);
            return;
        }
        log_debug("thread %d: PC 0x%" PRIx64 " in a scratch slot is 0x%" PRIx64, t->tid, pc, to);
        memcpy(t->rc.blob + r->offset, &to, sizeof to);
        t->rc.dirty |= 1u << r->bank;
        return;
    }
}

void ool_scratch_free(struct inferior *inf, uint64_t slot)
{
    for (size_t k = 0; slot && k < inf->ool.npages; k++) {
        struct ool_page *pg = &inf->ool.pages[k];
        if (slot >= pg->base && slot < pg->base + OOL_PAGE_SIZE)
            pg->slots[(slot - pg->base) / ARCH_OOL_SLOT].in_use = false;
    }
}

void ool_forget(struct inferior *inf)
{
    for (size_t k = 0; k < inf->ool.npages; k++)
        free(inf->ool.pages[k].slots);
    inf->ool.npages = 0;
    inf->ool.cannot_map = false;
}

void ool_site_gone(struct inferior *inf, struct sw_site *s)
{
    ool_scratch_free(inf, s->slot);
    s->slot = 0;
    s->ool = OOL_UNKNOWN;
}
