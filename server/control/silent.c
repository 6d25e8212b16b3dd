/* What the stub handles without telling the client: breakpoint hits whose target-side
 * condition is false, signals the client lets pass (QPassSignals), and the steps of a range step
 * that stay inside the range. Each saves a round trip to the client per event. */
#include "target_internal.h"

#include "conditions.h"
#include "log.h"
#include "ool.h"

#include <sched.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

static bool in_range(struct inferior *inf, struct thread *t)
{
    uint64_t pc = regcache_get_pc(inf, t);
    return pc >= t->range_start && pc < t->range_end;
}

/* Range stepping (vCont;r): keep single-stepping while the PC stays inside the line, without
 * telling the client. A step takes microseconds, so the next status is polled for briefly
 * instead of going back through the event loop; a step that does not finish quickly (a blocking
 * system call) falls back to the asynchronous path. Returns true when ev must be reported. */
static bool range_step_on(struct inferior *inf, struct target_state *ts, struct thread *t,
                          struct stop_event *ev)
{
    /* While the stub stops every thread (all-stop's stop-all, a non-stop pause) a thread inside
     * its range stays where it is, unreported: stepping it on would keep the stop from ever
     * ending (a loop on one line never leaves the range). Its next resume goes on stepping. */
    if (in_range(inf, t) && (ts->collecting || ts->stopping))
        return false;
    while (in_range(inf, t)) {
        if (target_resume_thread(inf, t, true, 0) < 0)
            return true;
        int st = 0;
        pid_t w = 0;
        /* Yield between polls: when the stub and the program share a CPU, spinning would only
         * delay the very step being waited for. */
        for (int spin = 0; spin < 200 && (w = waitpid(t->tid, &st, __WALL | WNOHANG)) == 0; spin++)
            sched_yield();
        if (w <= 0)
            return false; /* still running: its status arrives through SIGCHLD */
        t->running = false;
        regcache_invalidate(t);
        note_stop_kind(t, st);
        target_softstep_end(inf, ts, t);
        if (!WIFSTOPPED(st) || (st >> 16) != 0 || WSTOPSIG(st) != SIGTRAP) {
            target_process_status(inf, ts, t->tid, st); /* an exit, a signal, an event */
            return false;
        }
        target_classify_sigtrap(inf, t, ev);
        if (ev->kind != STOP_STEP)
            return true; /* a breakpoint or watchpoint inside the range */
    }
    return true;
}

/* All-stop: tid's event is to be reported; inf's threads are stopped, those of the processes
 * resumed with it are stopped now too. */
static void begin_stop(struct inferior *inf, struct target_state *ts, pid_t tid)
{
    ts->stopping = true;
    ts->stop_began_ms = target_now_ms();
    ts->report_tid = tid;
    target_interrupt_members(inf, ts);
}

/* A breakpoint whose target-side condition is false, hit while the program runs: step the
 * thread over it with every other thread stopped (so none can pass the lifted trap unseen),
 * then let everything go again. If another thread had something to report meanwhile, report
 * that instead; this thread steps over its site when next resumed. */
static void resume_past_false_condition(struct inferior *inf, struct target_state *ts,
                                        struct thread *t, uint64_t pc)
{
    t->at_bp_hit = true;
    t->bp_hit_pc = pc;
    /* A non-stop pause is collecting every thread's stop: this one stays stopped on its site,
     * unreported. Resumed at the pause's end, it hits the site again and is judged again; let go
     * now, it would keep the pause from ever ending (threads looping through the site). */
    if (ts->non_stop && ts->collecting)
        return;
    /* Out of line, the trap stays in place: nobody else needs to stop or pause. Not under a
     * client's step, whose end must come from the step itself. */
    if (!t->stepping && (ts->non_stop || (ts->resumed && !ts->stopping)) &&
        ool_step_over(inf, ts, t, false) >= 0) {
        t->at_bp_hit = false;
        target_resume_thread(inf, t, false, 0);
        return;
    }
    if (ts->non_stop) { /* step it over with the others paused for that moment, then all go */
        pid_t tid = t->tid;
        target_pause_all(inf, ts);
        t = thread_find(inf, tid);
        if (t && !t->has_pending && regcache_get_pc(inf, t) == pc) {
            t->at_bp_hit = false;
            target_step_over(inf, ts, t, false);
        }
        t = inf->alive ? thread_find_after_exec(inf, tid) : NULL;
        if (t && !t->running && !t->has_pending)
            target_resume_thread(inf, t, t->stepping, 0);
        target_unpause(inf);
        return;
    }
    if (!ts->resumed || ts->stopping)
        return; /* everything is stopping anyway */
    if (target_running_count(inf) > 0)
        target_stop_all_sync(inf, ts);
    /* An event that came meanwhile, here or in a process resumed with this one (recorded, but
     * nothing stopped for it while the stub collected): report that instead. */
    struct inferior *m;
    for (size_t k = 0; (m = target_member(inf, ts, &k));) {
        for (size_t i = 0; i < m->nthreads; i++) {
            if (m->threads[i]->has_pending) {
                begin_stop(inf, ts, m->threads[i]->tid);
                return;
            }
        }
    }
    /* Step every thread that sits on a hit with a false condition (others may have joined
     * while stopping) before anything runs again. */
    for (size_t i = 0; i < inf->nthreads && inf->alive; i++) {
        struct thread *o = inf->threads[i];
        if (!o->at_bp_hit || o->running || o->exited || regcache_get_pc(inf, o) != o->bp_hit_pc)
            continue;
        pid_t tid = o->tid;
        o->at_bp_hit = false;
        target_step_over(inf, ts, o, false);
        o = inf->alive ? thread_find_after_exec(inf, tid) : NULL; /* it may have exited meanwhile */
        if (!inf->alive || (o && o->has_pending)) {
            begin_stop(inf, ts, o ? o->tid : inf->pid);
            return;
        }
        if (!o)
            i = (size_t)-1; /* the table changed: look again from the start */
    }
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *o = inf->threads[i];
        if (!o->running && !o->held && !o->new_thread && !o->exited)
            target_resume_thread(inf, o, o->stepping, 0);
    }
}

/* A fault the client may have caused on purpose: gdb calls functions with the return address on
 * the stack, whose breakpoint faults (SIGSEGV) instead of trapping. The client must see these
 * to recognise its breakpoint, even for a signal it otherwise lets pass (so does gdbserver). */
static bool may_be_a_breakpoint(int sig)
{
    return sig == SIGSEGV || sig == SIGILL || sig == SIGTRAP;
}

/* Conditions and passed signals: true if the event must not be reported. */
static bool filtered_silently(struct inferior *inf, struct target_state *ts, struct thread *t,
                              const struct stop_event *ev)
{
    if (ev->kind == STOP_SWBREAK) {
        struct sw_site *s = swbreak_find(inf, ev->pc);
        if (s && conds_hit_is_silent(inf, t, &s->conds, &s->cmds)) {
            resume_past_false_condition(inf, ts, t, ev->pc);
            return true;
        }
    } else if (ev->kind == STOP_HWBREAK) {
        struct hw_entry *e = hwpoint_find_exec(inf, ev->pc);
        if (e && conds_hit_is_silent(inf, t, &e->conds, &e->cmds)) {
            if (inf->arch->hw_traps_before) { /* the PC is at it: step over it lifted */
                resume_past_false_condition(inf, ts, t, ev->pc);
                return true;
            }
            if (ts->resumed && !ts->stopping)
                target_resume_thread(inf, t, false, 0); /* the CPU's resume flag skips it */
            return true;
        }
    } else if (ev->kind == STOP_SIGNAL && ev->sig > 0 && ev->sig < 65 && ts->pass_signal[ev->sig] &&
               ts->resumed && !ts->stopping && !t->stepping && !may_be_a_breakpoint(ev->sig)) {
        /* Not while the client steps the thread: delivered under a single step, the signal
         * would end the step at the handler's first instruction, and the client could not
         * tell that from a step. Reported, it lets the client step over the handler. */
        target_resume_thread(inf, t, false, ev->sig);
        return true;
    }
    return false;
}

const struct silent_filters target_silent_filters = {
    .range_step_on = range_step_on,
    .filtered = filtered_silently,
};
