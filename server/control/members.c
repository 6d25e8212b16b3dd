/* All-stop across processes (gdb's `set schedule-multiple on`): one resume may let the threads of
 * several processes run. They then stop together, as the threads of one process do: the first
 * event of any of them interrupts every running thread of all of them, and one event is reported
 * once none runs. These sums and walks are over those processes (target_member). */
#include "target_internal.h"

#include <sys/ptrace.h>

size_t target_members_running(struct inferior *inf, const struct target_state *ts)
{
    size_t n = 0;
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        n += m->alive ? target_running_count(m) : 0;
    return n;
}

size_t target_members_awaited(struct inferior *inf, const struct target_state *ts)
{
    size_t n = 0;
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));)
        n += m->alive ? target_awaited_count(m) : 0;
    return n;
}

void target_interrupt_thread(struct thread *t)
{
    if (t->running && !t->interrupt_sent && !t->new_thread &&
        ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) == 0)
        t->interrupt_sent = true;
}

void target_interrupt_members(struct inferior *inf, const struct target_state *ts)
{
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        for (size_t i = 0; m->alive && i < m->nthreads; i++)
            target_interrupt_thread(m->threads[i]);
    }
}

struct thread *target_member_thread(struct inferior *inf, const struct target_state *ts, pid_t tid,
                                    struct inferior **owner)
{
    struct inferior *m;
    for (size_t k = 0; tid > 0 && (m = target_member(inf, ts, &k));) {
        struct thread *t = thread_find(m, tid);
        if (t) {
            *owner = m;
            return t;
        }
    }
    *owner = inf;
    return NULL;
}

/* One process: no thread runs (or it is gone) and no fork child is on its way. */
static bool quiet(struct inferior *inf)
{
    return inf->forks_in_flight == 0 && (!inf->alive || target_running_count(inf) == 0);
}

bool target_all_quiet(struct inferior *inf, const struct target_state *ts)
{
    if (!quiet(inf))
        return false;
    for (size_t p = 0; ts->procs && p < *ts->nprocs; p++)
        if (!quiet(ts->procs[p]))
            return false;
    return true;
}
