/* Non-stop stop reports: each event is queued; the first of a run of them goes to the client as
 * a %Stop notification, and the client takes the rest one vStopped at a time (each vStopped
 * retires the event it had, and is answered with the next, or OK when none is left). */
#include "server.h"

#include "log.h"
#include "packets.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>

static void send_head(struct server *srv)
{
    struct session *s = srv->sess;
    if (!s || !srv->nqueued)
        return;
    /* Built in the reply buffer (free between packets), then framed with '%'. */
    session_build_stop(s, &srv->queued[0]);
    session_send_notification(s, "Stop:");
    srv->notified = true;
}

/* The thread a queued report is about, if it is still in the table (exits name the pid); for a
 * fork, the child's thread too: a resume of every thread must not let a child go whose fork the
 * client has not heard of yet (it would run, and exit, before the client decides about it). */
static void mark_queued(struct server *srv, const struct stop_report *rep, bool queued)
{
    bool fork = rep->ev.kind == STOP_FORK || rep->ev.kind == STOP_VFORK;
    pid_t tids[2] = {rep->tid, fork ? rep->ev.child : 0};
    for (size_t i = 0; i < 2; i++) {
        struct inferior *inf = tids[i] ? server_process_of_thread(srv, tids[i]) : NULL;
        struct thread *t = inf ? thread_find(inf, tids[i]) : NULL;
        if (t)
            t->stop_queued = queued;
    }
}

void server_queue_stop(struct server *srv, const struct stop_report *rep)
{
    if (srv->nqueued == srv->cap_queued) {
        size_t cap = srv->cap_queued ? 2 * srv->cap_queued : 16;
        struct stop_report *grown = realloc(srv->queued, cap * sizeof *grown);
        if (!grown) {
            log_error("out of memory: a stop report of thread %d is lost", rep->tid);
            return;
        }
        srv->queued = grown;
        srv->cap_queued = cap;
    }
    srv->queued[srv->nqueued++] = *rep;
    mark_queued(srv, rep, true);
    if (!srv->notified)
        send_head(srv);
}

int server_next_queued(struct server *srv, struct session *s)
{
    if (srv->nqueued) { /* the one the client had is retired */
        mark_queued(srv, &srv->queued[0], false);
        memmove(&srv->queued[0], &srv->queued[1], (srv->nqueued - 1) * sizeof *srv->queued);
        srv->nqueued--;
    }
    if (!srv->nqueued) {
        srv->notified = false;
        rsp_buf_puts(&s->reply, "OK");
        return 0;
    }
    session_build_stop(s, &srv->queued[0]);
    return 1;
}

void server_clear_queue(struct server *srv)
{
    for (size_t i = 0; i < srv->nqueued; i++)
        mark_queued(srv, &srv->queued[i], false);
    srv->nqueued = 0;
    srv->notified = false;
}

/* Detach or kill of inf: its reports the client has not taken are dropped (they name threads
 * about to go), and the fork children they announce are handed back to go with it; left in
 * the table they would stay stopped, and their parent would wait for them forever
 * (gdb.threads/pending-fork-event-detach-ns). A report already sent as %Stop stays for the
 * vStopped that retires it. */
size_t server_unqueue_process(struct server *srv, struct inferior *inf, pid_t *children, size_t cap)
{
    size_t kept = 0, n = 0;
    for (size_t i = 0; i < srv->nqueued; i++) {
        struct stop_report r = srv->queued[i];
        bool ours = r.tid == inf->pid || thread_find(inf, r.tid);
        if (ours && (r.ev.kind == STOP_FORK || r.ev.kind == STOP_VFORK) && n < cap)
            children[n++] = r.ev.child;
        if (ours && !(i == 0 && srv->notified))
            continue;
        srv->queued[kept++] = r;
    }
    srv->nqueued = kept;
    srv->notified = srv->notified && kept > 0;
    return n;
}
