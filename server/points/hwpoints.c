/* Hardware breakpoints and watchpoints: one per-process table of intent; arch/ turns it into a
 * register plan. The plan is computed on a copy and committed only if everything fits; threads
 * converge to it lazily, right before each resumes, and only when its generation changed. */
#include "points.h"
#include "grow.h"

#include "conditions.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#define HW_MAX_ENTRIES (ARCH_MAX_HW_SLOTS * 4) /* more points than this never fit a plan */

static int build_plan(struct inferior *inf, const struct hw_entry *entries, size_t n,
                      struct hw_plan *plan)
{
    struct hw_point want[HW_MAX_ENTRIES];
    if (n > sizeof want / sizeof want[0])
        return -ENOSPC;
    for (size_t i = 0; i < n; i++)
        want[i] = entries[i].pt;
    memset(plan, 0, sizeof *plan);
    if (n == 0)
        return 0;
    return inf->arch->hw_plan(want, n, plan);
}

struct hw_entry *hwpoint_find(struct inferior *inf, enum hw_kind kind, uint64_t addr, uint64_t len)
{
    for (size_t i = 0; i < inf->nhw; i++)
        if (inf->hw[i].pt.kind == kind && inf->hw[i].pt.addr == addr && inf->hw[i].pt.len == len)
            return &inf->hw[i];
    return NULL;
}

/* Program one stopped thread now so that a plan the kernel refuses is an error of the Z packet,
 * not a surprise at the next resume. */
static int validate_on_thread(struct inferior *inf, const struct hw_plan *plan,
                              struct thread **programmed)
{
    *programmed = NULL;
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        if (t->running || t->new_thread)
            continue;
        int rc = inf->arch->hw_apply(t->tid, plan);
        if (rc < 0) {
            inf->arch->hw_apply(t->tid, &inf->hw_plan); /* put the old set back */
            return rc;
        }
        *programmed = t; /* already holds the new plan: no second write at resume */
        return 0;
    }
    return 0;
}

static void snapshot_value(struct inferior *inf, struct hw_entry *e)
{
    e->last_len = e->pt.len < sizeof e->last ? e->pt.len : sizeof e->last;
    if (mem_read(inf, e->pt.addr, e->last, e->last_len) != (long)e->last_len)
        e->last_len = 0;
}

void hwpoint_note_client_write(struct inferior *inf, uint64_t addr, uint64_t len)
{
    /* Only the client's writes need this: the program's own writes trap (x86 watches reads
     * together with writes) and refresh the copy when they are classified. Refreshing at
     * resume instead would race with traps already queued in the kernel. */
    for (size_t i = 0; i < inf->nhw; i++) {
        struct hw_entry *e = &inf->hw[i];
        if (e->pt.kind == HW_READ && addr < e->pt.addr + e->pt.len && e->pt.addr < addr + len)
            snapshot_value(inf, e);
    }
}

int hwpoint_insert(struct inferior *inf, enum hw_kind kind, uint64_t addr, uint64_t len)
{
    struct hw_entry *e = hwpoint_find(inf, kind, addr, len);
    if (e) {
        e->refs++;
        return 0;
    }
    struct hw_entry *grown = grow_for_one(inf->hw, inf->nhw, &inf->cap_hw, sizeof *grown, 8);
    if (!grown)
        return -ENOMEM;
    inf->hw = grown;
    struct hw_entry *ne = &inf->hw[inf->nhw];
    memset(ne, 0, sizeof *ne);
    ne->pt = (struct hw_point){.kind = kind, .addr = addr, .len = len};
    ne->refs = 1;
    struct hw_plan plan;
    struct thread *programmed = NULL;
    int rc = build_plan(inf, inf->hw, inf->nhw + 1, &plan);
    if (rc == 0)
        rc = validate_on_thread(inf, &plan, &programmed);
    if (rc < 0)
        return rc; /* the table and the committed plan are untouched */
    snapshot_value(inf, ne);
    inf->nhw++;
    inf->hw_plan = plan;
    inf->hw_gen++;
    if (programmed)
        programmed->hw_gen = inf->hw_gen;
    return 0;
}

int hwpoint_remove(struct inferior *inf, enum hw_kind kind, uint64_t addr, uint64_t len)
{
    struct hw_entry *e = hwpoint_find(inf, kind, addr, len);
    if (!e)
        return -ENOENT;
    if (--e->refs > 0)
        return 0;
    struct hw_entry keep = *e;
    size_t idx = (size_t)(e - inf->hw);
    conds_free(&e->conds);
    conds_free(&e->cmds);
    memmove(&inf->hw[idx], &inf->hw[idx + 1], (inf->nhw - idx - 1) * sizeof *e);
    inf->nhw--;
    struct hw_plan plan;
    int rc = build_plan(inf, inf->hw, inf->nhw, &plan);
    if (rc < 0) { /* cannot happen (fewer points), but never lose the old state */
        memmove(&inf->hw[idx + 1], &inf->hw[idx], (inf->nhw - idx) * sizeof *e);
        inf->hw[idx] = keep;
        inf->nhw++;
        return rc;
    }
    inf->hw_plan = plan;
    inf->hw_gen++;
    return 0;
}

int hwpoint_sync_thread(struct inferior *inf, struct thread *t)
{
    if (t->hw_gen == inf->hw_gen)
        return 0; /* nothing changed since this thread was last programmed: no syscalls */
    int rc = inf->arch->hw_apply(t->tid, &inf->hw_plan);
    if (rc == 0)
        t->hw_gen = inf->hw_gen;
    return rc;
}

void hwpoint_clear_all(struct inferior *inf)
{
    for (size_t i = 0; i < inf->nhw; i++) {
        conds_free(&inf->hw[i].conds);
        conds_free(&inf->hw[i].cmds);
    }
    inf->nhw = 0;
    memset(&inf->hw_plan, 0, sizeof inf->hw_plan);
    inf->hw_gen++;
    for (size_t i = 0; i < inf->nthreads; i++)
        if (!inf->threads[i]->running)
            hwpoint_sync_thread(inf, inf->threads[i]);
}

int hwpoint_free_slots(struct inferior *inf)
{
    return inf->arch->hw_watch_slots() - inf->hw_plan.nslots_used;
}

struct hw_entry *hwpoint_find_exec(struct inferior *inf, uint64_t pc)
{
    for (size_t i = 0; i < inf->nhw; i++)
        if (inf->hw[i].pt.kind == HW_EXEC && inf->hw[i].pt.addr == pc)
            return &inf->hw[i];
    return NULL;
}

bool hwpoint_exec_at(struct inferior *inf, uint64_t pc)
{
    return hwpoint_find_exec(inf, pc) != NULL;
}

void hwpoint_lift_for_step(struct inferior *inf, struct thread *t)
{
    struct hw_plan none;
    memset(&none, 0, sizeof none);
    inf->arch->hw_apply(t->tid, &none);
    t->hw_gen = inf->hw_gen; /* so the step's own resume does not program them again */
}

void hwpoint_put_back(struct inferior *inf, struct thread *t)
{
    if (inf->arch->hw_apply(t->tid, &inf->hw_plan) < 0)
        t->hw_gen = inf->hw_gen - 1; /* try again when it next resumes */
}

/* Read-watchpoint emulation: x86 watches reads only together with writes, so a read
 * watchpoint whose bytes changed was hit by a write. Every read watchpoint's copy is brought up
 * to date at each hit, whichever slot fired; changed[i] says whether entry i's bytes moved.
 * Plain write and access watchpoints cost no memory read. */
static void refresh_read_copies(struct inferior *inf, bool *changed)
{
    for (size_t i = 0; i < inf->nhw; i++) {
        struct hw_entry *r = &inf->hw[i];
        uint8_t now[sizeof r->last];
        size_t n = r->last_len;
        changed[i] = false;
        if (r->pt.kind != HW_READ || !n || mem_read(inf, r->pt.addr, now, n) != (long)n)
            continue;
        changed[i] = memcmp(now, r->last, n) != 0;
        memcpy(r->last, now, n);
    }
}

static bool overlaps(const struct hw_entry *e, uint64_t addr, uint64_t len)
{
    return e->pt.addr < addr + len && addr < e->pt.addr + e->pt.len;
}

/* The watchpoint to report for a fired data slot: its owner, unless that is a read watchpoint
 * hit by a write; then any other watchpoint on those bytes that wants the stop (a write
 * watchpoint on the same variable has its own slot, which fired too; an access watchpoint may
 * share the read one's slot). NULL when the hit is only a write under read watchpoints. */
static const struct hw_entry *slot_report(struct inferior *inf, int slot, const bool *changed)
{
    int owner = inf->hw_plan.slot_owner[slot];
    if (owner < 0 || (size_t)owner >= inf->nhw)
        return NULL;
    if (inf->hw[owner].pt.kind != HW_READ || !changed[owner])
        return &inf->hw[owner];
    uint64_t addr = inf->hw_plan.slot_addr[slot], len = inf->hw_plan.slot_len[slot];
    for (size_t i = 0; i < inf->nhw; i++) {
        const struct hw_entry *e = &inf->hw[i];
        if (e->pt.kind != HW_EXEC && overlaps(e, addr, len) &&
            !(e->pt.kind == HW_READ && changed[i]))
            return e;
    }
    return NULL;
}

bool hwpoint_decode_hit(struct inferior *inf, struct thread *t, struct stop_event *ev,
                        bool *single_step)
{
    *single_step = false;
    if (inf->hw_plan.nslots_used == 0 && t->hw_gen == 0)
        return false;
    struct hw_hit hit = {0};
    if (inf->arch->hw_hit(t->tid, &inf->hw_plan, &hit) < 0)
        return false;
    *single_step = hit.single_step;
    if (hit.fired || hit.single_step)
        inf->arch->hw_clear_status(t->tid);
    if (!hit.fired || hit.slot < 0 || hit.slot >= inf->hw_plan.nslots_used)
        return false;
    int owner = inf->hw_plan.slot_owner[hit.slot];
    if (owner < 0 || (size_t)owner >= inf->nhw)
        return false;
    memset(ev, 0, sizeof *ev);
    ev->sig = SIGTRAP;
    if (inf->hw[owner].pt.kind == HW_EXEC) {
        ev->kind = STOP_HWBREAK;
        ev->pc = inf->hw[owner].pt.addr;
        return true;
    }
    bool changed[HW_MAX_ENTRIES] = {false};
    if (!inf->arch->hw_read_native) /* native read watchpoints are never hit by a write */
        refresh_read_copies(inf, changed);
    unsigned fired = hit.slot_mask ? hit.slot_mask : 1u << hit.slot;
    ev->kind = STOP_NONE; /* a write under read watchpoints only: nothing to report */
    for (int s = 0; s < inf->hw_plan.nslots_used; s++) {
        const struct hw_entry *e = (fired >> s) & 1 ? slot_report(inf, s, changed) : NULL;
        if (e && e->pt.kind != HW_EXEC) {
            ev->kind = STOP_WATCH;
            ev->watch_kind = e->pt.kind;
            ev->watch_addr = e->pt.addr;
            break;
        }
    }
    return true;
}
