/* The daemon's top-level state: one event loop, one transport, one inferior, at most one client
 * session at a time. */
#ifndef ZSTUB_SERVER_H
#define ZSTUB_SERVER_H

#include <stdbool.h>

#include "inferior.h"
#include "options.h"
#include "run_config.h"
#include "target.h"
#include "transport.h"

struct event_base;
struct event;
struct session;

struct server {
    struct event_base *base;
    struct options opt;
    struct run_config run; /* the next run: program, arguments, environment... */
    bool extended;         /* extended-remote (--multi, or the client sent !): serve on when the
                            * program is gone */
    struct transport tr;
    struct inferior inf;
    struct target_state ts;
    struct session *sess;
    struct event *ev_listen;
    struct event *ev_sigchld;
    struct event *ev_stuck_stop; /* re-checks a stop-all that no wait status will end */
    struct event *ev_quit[3];    /* SIGTERM, SIGHUP, SIGINT: clean exit */
    int sigchld_fd;      /* signalfd for SIGCHLD (blocked in the stub, unblocked in the program) */
    bool exit_requested; /* monitor exit, or --once after the client left */
    bool tls_off; /* `monitor set libthread-db-search-path` named no libthread_db: no qGetTLSAddr */
    struct stop_report last_stop; /* what '?' answers */
};

/* (Re)starts the inferior per the command line: launch or attach. 0 or -errno. */
/* The program the command line names (nothing with --multi alone); prints gdbserver's lines. */
int server_start_inferior(struct server *srv);
/* Launch the run configuration's program, or attach; on failure why says what went wrong. */
int server_run(struct server *srv, char *why, size_t cap);
int server_attach(struct server *srv, pid_t pid, char *why, size_t cap);
/* The client went away: kill or detach, then wait for the next client or exit. */
void server_end_inferior(struct server *srv); /* kill what we launched, detach the rest */
/* Frees what an ended program left in srv->inf (thread table, sites), ready for the next. */
void server_release_inferior(struct server *srv);
/* A stop-all may be in flight: make sure it is re-checked even if no wait status comes. */
void server_watch_stop_all(struct server *srv);
/* A stop is ready: hand it to the session. */
void server_report_stop(struct server *srv, const struct stop_report *rep);

#endif
