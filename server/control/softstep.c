/* Software single-step, for machines the kernel cannot single-step (armhf): the arch decodes
 * where the instruction at the PC can go (arch->next_pcs), temporary traps are planted there
 * (swbreak sites owned by the stepping thread, hidden from the client like its own), and the
 * thread simply continues. Its trap at one of those addresses is the end of the step; the traps
 * are lifted whenever the thread stops. Another thread running into one of them is parked
 * (stopped, nothing reported) until the owner lifts them, then resumed where it was. */
#include "target_internal.h"

#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool softstep_wanted(const struct inferior *inf)
{
    return inf->arch->next_pcs && (inf->arch->no_hw_step || inf->soft_forced);
}

static long read_unmodified(void *opaque, uint64_t addr, void *buf, size_t len)
{
    return mem_read(opaque, addr, buf, len); /* the original bytes under any trap */
}

int softstep_begin(struct inferior *inf, struct thread *t)
{
    uint64_t addr[SOFTSTEP_MAX];
    size_t kind[SOFTSTEP_MAX];
    regcache_get_pc(inf, t); /* fills the bank the decoder reads */
    int n = inf->arch->next_pcs(t->rc.blob, read_unmodified, inf, addr, kind, SOFTSTEP_MAX);
    if (n <= 0)
        return n < 0 ? n : -EINVAL;
    t->soft_n = 0;
    t->soft_active = true;
    for (int i = 0; i < n; i++) {
        int rc = swbreak_insert_step(inf, addr[i], kind[i], t->tid);
        if (rc < 0) {
            swbreak_remove_step(inf, t->tid);
            t->soft_active = false;
            return rc;
        }
        t->soft_addr[t->soft_n++] = addr[i];
    }
    log_debug("thread %d steps in software: %d trap(s), first at 0x%llx", t->tid, n,
              (unsigned long long)addr[0]);
    return 0;
}

bool softstep_end(struct inferior *inf, struct thread *t)
{
    if (!t->soft_active)
        return false;
    t->soft_active = false;
    swbreak_remove_step(inf, t->tid);
    for (int i = 0; i < t->soft_n; i++) {
        if (inf->nsoft_retired == (int)(sizeof inf->soft_retired / sizeof inf->soft_retired[0]))
            memmove(inf->soft_retired, inf->soft_retired + 1,
                    sizeof inf->soft_retired - sizeof inf->soft_retired[0]);
        else
            inf->nsoft_retired++;
        inf->soft_retired[inf->nsoft_retired - 1] = t->soft_addr[i];
    }
    return true;
}

enum softstep_hit softstep_classify(struct inferior *inf, struct thread *t, uint64_t pc)
{
    for (int i = 0; i < t->soft_n; i++) {
        if (t->soft_addr[i] == pc) {
            t->soft_n = 0;
            return SOFTSTEP_DONE;
        }
    }
    struct sw_site *s = swbreak_find(inf, pc);
    if (s && s->inserted && s->step_tid && s->step_tid != t->tid)
        return SOFTSTEP_FOREIGN;
    for (int i = 0; i < inf->nsoft_retired; i++)
        if (inf->soft_retired[i] == pc)
            return SOFTSTEP_FOREIGN_LIFTED;
    return SOFTSTEP_NONE;
}
