/* Scratch pages for out-of-line step overs: executable pages mapped into the program by a system
 * call one of its stopped threads runs (target_syscall.c), each cut into slots that hold one
 * site's relocated instruction and its jumps back. A page is placed just below an existing
 * mapping near the site (RIP-relative operands must stay within 2 GiB of their copy), never
 * below the main stack, which grows into the gap. */
#include "ool.h"

#include "log.h"
#include "target_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define OOL_NSLOTS (OOL_PAGE_SIZE / ARCH_OOL_SLOT)
#define OOL_REACH (1ull << 30)    /* a page this close reaches what the site's operands reach */
#define OOL_LOWEST 0x10000ull     /* below vm.mmap_min_addr */
#define OOL_USER_END (1ull << 47) /* [vsyscall] lies above */
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static uint64_t distance(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}

/* The free page closest to site right below a mapping, from /proc/PID/maps; 0 if none is within
 * reach. */
static uint64_t free_page_near(pid_t pid, uint64_t site)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    uint64_t prev_end = OOL_LOWEST, best = 0;
    while (fgets(line, sizeof line, f)) {
        uint64_t start, end;
        if (sscanf(line, "%" SCNx64 "-%" SCNx64, &start, &end) != 2 || start >= OOL_USER_END)
            continue;
        uint64_t cand = start - OOL_PAGE_SIZE;
        if (start >= prev_end + OOL_PAGE_SIZE && !strstr(line, "[stack]") &&
            distance(cand, site) < OOL_REACH &&
            (!best || distance(cand, site) < distance(best, site)))
            best = cand;
        if (end > prev_end)
            prev_end = end;
    }
    fclose(f);
    return best;
}

/* Maps one page near site with a system call run by t; every other thread must be stopped (the
 * call's instruction is written over t's PC for a moment). NULL with *err: -ENOSPC when there
 * will never be one for this site, -EBUSY when the call did not run this time (the thread met a
 * signal first: its pending event now). */
static struct ool_page *map_page(struct inferior *inf, struct target_state *ts, struct thread *t,
                                 uint64_t site, int *err)
{
    struct ool_state *o = &inf->ool;
    *err = -ENOSPC;
    if (o->cannot_map || o->npages == OOL_MAX_PAGES || inf->arch->syscall_insn_len == 0)
        return NULL;
    uint64_t want = free_page_near(inf->pid, site);
    if (!want)
        return NULL;
    struct ool_slot *slots = calloc(OOL_NSLOTS, sizeof *slots);
    if (!slots)
        return NULL;
    const uint64_t args[6] = {want,
                              OOL_PAGE_SIZE,
                              PROT_READ | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                              (uint64_t)-1,
                              0};
    uint64_t got = 0;
    /* Whatever else the thread meets meanwhile stays its pending event: nothing may resume it
     * while the system call's instruction sits at its PC. */
    bool was_resumed = ts->resumed;
    ts->resumed = false;
    int rc = target_inferior_syscall(inf, ts, t, inf->arch->sys_mmap, args, &got);
    ts->resumed = was_resumed;
    /* A kernel without MAP_FIXED_NOREPLACE takes the address as a hint: near enough will do. */
    if (rc == 0 && (int64_t)got > 0 && distance(got, site) < OOL_REACH)
        want = got;
    if (rc < 0 || got != want) {
        if (rc < 0) /* e.g. a signal came first: tried again at the next step over */
            log_debug("scratch page at 0x%" PRIx64 " not mapped this time: %s", want,
                      strerror(-rc));
        else
            log_warn("out-of-line step over: the program refused a scratch page at 0x%" PRIx64
                     " (%s)",
                     want, (int64_t)got < 0 ? strerror((int)-(int64_t)got) : "elsewhere");
        o->cannot_map = rc == 0; /* a kernel that refuses once refuses again */
        if (rc < 0)
            *err = -EBUSY;
        free(slots);
        return NULL;
    }
    log_debug("out-of-line step over: scratch page at 0x%" PRIx64 " for 0x%" PRIx64, got, site);
    struct ool_page *pg = &o->pages[o->npages++];
    pg->base = got;
    pg->nused = 0;
    pg->slots = slots;
    return pg;
}

static uint64_t slot_addr(const struct ool_page *pg, size_t i)
{
    return pg->base + i * ARCH_OOL_SLOT;
}

static int take_slot(struct inferior *inf, struct sw_site *s, struct ool_page *pg, size_t i,
                     const struct arch_ool_plan *p, bool write)
{
    struct ool_slot *sl = &pg->slots[i];
    if (write) {
        int rc = mem_write_raw(inf, slot_addr(pg, i), p->code, p->code_len);
        if (rc < 0)
            return rc;
        sl->site = s->addr;
        sl->code_len = p->code_len;
        memcpy(sl->code, p->code, p->code_len);
        sl->nexits = p->nexits;
        memcpy(sl->exit_off, p->exit_off, sizeof sl->exit_off);
        memcpy(sl->exit_to, p->exit_to, sizeof sl->exit_to);
    }
    sl->in_use = true;
    s->plan = *p;
    s->slot = slot_addr(pg, i);
    s->ool = OOL_READY;
    return 0;
}

/* A free slot that already holds exactly this site's code (gdb removes and inserts the same
 * breakpoints again and again). */
static bool reuse_slot(struct inferior *inf, struct sw_site *s, const uint8_t *insn, size_t n)
{
    for (size_t k = 0; k < inf->ool.npages; k++) {
        struct ool_page *pg = &inf->ool.pages[k];
        for (size_t i = 0; i < pg->nused; i++) {
            struct ool_slot *sl = &pg->slots[i];
            struct arch_ool_plan p;
            if (sl->in_use || sl->site != s->addr ||
                inf->arch->ool_plan(insn, n, s->addr, slot_addr(pg, i), &p) < 0 ||
                p.code_len != sl->code_len || memcmp(p.code, sl->code, p.code_len) != 0)
                continue;
            return take_slot(inf, s, pg, i, &p, false) == 0;
        }
    }
    return false;
}

/* The next never-used slot of pg, if the instruction relocates there. */
static int new_slot(struct inferior *inf, struct sw_site *s, struct ool_page *pg,
                    const uint8_t *insn, size_t n)
{
    struct arch_ool_plan p;
    if (pg->nused == OOL_NSLOTS)
        return -ENOSPC;
    if (inf->arch->ool_plan(insn, n, s->addr, slot_addr(pg, pg->nused), &p) < 0)
        return -ERANGE;
    int rc = take_slot(inf, s, pg, pg->nused, &p, true);
    if (rc == 0)
        pg->nused++;
    return rc;
}

int ool_scratch_assign(struct inferior *inf, struct target_state *ts, struct thread *t,
                       struct sw_site *s, const uint8_t *insn, size_t n, bool may_map)
{
    if (reuse_slot(inf, s, insn, n))
        return 0;
    for (size_t k = 0; k < inf->ool.npages; k++)
        if (new_slot(inf, s, &inf->ool.pages[k], insn, n) == 0)
            return 0;
    if (!may_map)
        return -EAGAIN;
    int err;
    struct ool_page *pg = map_page(inf, ts, t, s->addr, &err);
    if (!pg)
        return err;
    return new_slot(inf, s, pg, insn, n);
}

void ool_release(struct inferior *inf, struct target_state *ts)
{
    if (inf->ool.npages == 0)
        return;
    struct thread *runner = NULL;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        regcache_get_pc(inf, t); /* reading it maps it back to the text */
        if (!t->running && !runner)
            runner = t;
    }
    for (size_t k = 0; runner && k < inf->ool.npages; k++) {
        const uint64_t args[6] = {inf->ool.pages[k].base, OOL_PAGE_SIZE, 0, 0, 0, 0};
        uint64_t ret;
        if (target_inferior_syscall(inf, ts, runner, inf->arch->sys_munmap, args, &ret) < 0)
            log_warn("cannot unmap the scratch page at 0x%" PRIx64, inf->ool.pages[k].base);
    }
    ool_forget(inf);
}
