/* The daemon's top-level state: one event loop, one transport, one inferior, at most one client
 * session at a time. */
#ifndef ZSTUB_SERVER_H
#define ZSTUB_SERVER_H

#include <stdbool.h>

#include "inferior.h"
#include "options.h"
#include "run_config.h"
#include "rsp_buf.h"
#include "target.h"
#include "transport.h"

struct event_base;
struct event;
struct session;

#define SERVER_MAX_PROCS 64

struct server {
    struct event_base *base;
    struct options opt;
    struct run_config run; /* the next run: program, arguments, environment... */
    bool extended;         /* extended-remote (--multi, or the client sent !): serve on when the
                            * program is gone */
    struct transport tr;
    struct inferior *inf; /* the process the client works on (never NULL: &none when none) */
    struct inferior none; /* a blank inferior of the host's architecture */
    struct inferior *procs[SERVER_MAX_PROCS]; /* every process being debugged (processes.c) */
    size_t nprocs;
    struct target_state ts;
    struct session *sess;
    struct event *ev_listen;
    struct event *ev_sigchld;
    struct event *ev_stuck_stop;    /* re-checks a stop-all that no wait status will end */
    struct event *ev_more_statuses; /* takes the wait statuses one pass left for the next */
    struct event *ev_quit[3];       /* SIGTERM, SIGHUP, SIGINT: clean exit */
    int sigchld_fd;      /* signalfd for SIGCHLD (blocked in the stub, unblocked in the program) */
    bool exit_requested; /* monitor exit, or --once after the client left */
    bool tls_off; /* `monitor set libthread-db-search-path` named no libthread_db: no qGetTLSAddr */
    struct stop_report last_stop; /* what '?' answers */
    /* Non-stop: stop reports not yet retired by the client's vStopped (notify.c). */
    struct stop_report *queued;
    size_t nqueued, cap_queued;
    bool notified;          /* the head went out as %Stop and waits for vStopped */
    struct event *ev_drain; /* reports events recorded while a packet was handled */

    /* lldb's launch settings (handlers_lldb_launch.c) and the program's terminal output, which
     * lldb gets as O packets when it gave no file for stdout (program_output.c). */
    char *stdio_path[3];    /* QSetSTDIN/QSetSTDOUT/QSetSTDERR; NULL: lldb gets the output */
    char launch_error[256]; /* qLaunchSuccess: why the last A failed; "" if it launched */
    int output_fd;          /* the program's terminal (master side); -1 */
    struct event *ev_output;
    struct rsp_buf output; /* read from it, not yet sent */
};

/* The program the command line names (nothing with --multi alone); prints gdbserver's lines. */
int server_start_inferior(struct server *srv);
/* A serial line never hangs up: once the program is gone (exited, killed, detached) and the
 * client was told, the session is over, as with gdbserver. */
bool server_line_done(const struct server *srv);
/* Launch the run configuration's program, or attach; on failure why says what went wrong. */
int server_run(struct server *srv, char *why, size_t cap);
int server_attach(struct server *srv, pid_t pid, char *why, size_t cap);
/* Kill what we launched, detach from what we attached to: one process, or every one. */
void server_end_process(struct server *srv, struct inferior *inf);
void server_end_all(struct server *srv);
/* Drops the current process from the table if it has ended. */
void server_release_inferior(struct server *srv);
/* The process table (processes.c). */
void server_processes_init(struct server *srv);
struct inferior *server_new_process(struct server *srv, const struct arch_ops *arch);
void server_free_process(struct inferior *inf);
int server_add_process(struct server *srv, struct inferior *inf); /* -1: the table is full */
struct inferior *server_find_process(struct server *srv, pid_t pid);
struct inferior *server_process_of_thread(struct server *srv, pid_t tid);
void server_forget_exited_leaders(struct server *srv);
/* Out of the table and freed; the client's current process moves to another or to none. */
void server_drop_process(struct server *srv, struct inferior *inf);
void server_select_process(struct server *srv, struct inferior *inf); /* NULL: no change */
/* A stop-all may be in flight: make sure it is re-checked even if no wait status comes. */
void server_watch_stop_all(struct server *srv);
/* A stop the client is told of: '?' answers it again; an ended process leaves the table. */
void server_note_stop(struct server *srv, const struct stop_report *rep);
/* Non-stop reports (notify.c): queue one (notified at once when none is outstanding); take
 * every event recorded in any process; do that from the event loop, after the current reply;
 * vStopped's answer (1: a stop reply in s->reply, 0: OK); '?' in non-stop (all stopped threads).
 */
void server_queue_stop(struct server *srv, const struct stop_report *rep);
void server_drain_events(struct server *srv);
void server_schedule_drain(struct server *srv);
int server_next_queued(struct server *srv, struct session *s);
void server_clear_queue(struct server *srv);
size_t server_unqueue_process(struct server *srv, struct inferior *inf, pid_t *children,
                              size_t cap);
void server_requeue_all_stopped(struct server *srv);
/* The program's terminal, when lldb gave no file for its output (program_output.c): opens one
 * and sets *tty to the side the program gets (0, or -errno); after the launch, _launched closes
 * that side here and starts reading ours; _flush sends what was read as O packets (called
 * before a stop reply); _close ends it all. */
int program_output_open(struct server *srv, int *tty);
void program_output_launched(struct server *srv, int tty);
void program_output_flush(struct server *srv);
void program_output_close(struct server *srv);
/* A stop is ready: hand it to the session. */
void server_report_stop(struct server *srv, const struct stop_report *rep);

#endif
