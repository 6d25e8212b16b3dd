/* zstub: entry point and the event loop's top level (listen, accept, SIGCHLD, teardown). */
#include "elf_check.h"
#include "log.h"
#include "options.h"
#include "packets.h"
#include "platform.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct server g_server;

#define EXITING "Exiting\n"

static void on_session_closed(struct session *sess);

/* SIGCHLD arrives through a signalfd: one read per wake-up, no handler, no self-pipe. */
static void take_statuses(struct server *srv)
{
    struct stop_report rep;
    if (target_handle_events(srv->inf, &srv->ts, &rep) == 1) {
        server_report_stop(srv, &rep);
        if (srv->sess && server_line_done(srv))
            on_session_closed(srv->sess);
    } else {
        server_watch_stop_all(srv);
    }
    if (srv->ts.non_stop) /* events of every process, not only the first */
        server_drain_events(srv);
    if (srv->ts.statuses_left) { /* the rest after the loop has looked at the client */
        struct timeval now = {0, 0};
        evtimer_add(srv->ev_more_statuses, &now);
    }
}

static void on_sigchld(evutil_socket_t fd, short what, void *arg)
{
    struct signalfd_siginfo infos[16];
    while (read(fd, infos, sizeof infos) == (ssize_t)sizeof infos)
        ; /* drained; waitpid collects every status anyway */
    take_statuses(arg);
}

static void on_more_statuses(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    take_statuses(arg);
}

static void on_stuck_stop(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct server *srv = arg;
    struct stop_report rep;
    if (target_check_stuck_stop(srv->inf, &srv->ts, &rep) == 1)
        server_report_stop(srv, &rep);
    else
        server_watch_stop_all(srv);
}

/* Run control's question: which debugged process does this task belong to? */
static struct inferior *owner_of_task(void *ctx, pid_t tid)
{
    return server_process_of_thread(ctx, tid);
}

static bool session_finished(struct session *sess)
{
    return server_line_done(sess->srv);
}

static const struct session_ops packet_ops = {
    .dispatch = packets_dispatch,
    .interrupt = packets_interrupt,
    .closed = on_session_closed,
    .finished = session_finished,
};

static void start_session(struct server *srv, int in_fd, int out_fd)
{
    /* Without --multi a client always finds a program: the one of the command line again. */
    srv->extended = srv->opt.multi;
    srv->ts.non_stop = false; /* every client starts in all-stop */
    server_clear_queue(srv);
    if (!srv->inf->alive && !srv->opt.multi && server_start_inferior(srv) < 0) {
        close(in_fd);
        if (srv->opt.once)
            event_base_loopbreak(srv->base);
        return;
    }
    srv->sess = session_new(srv, srv->base, in_fd, out_fd, &packet_ops);
    if (!srv->sess) {
        log_error("out of memory for a session");
        close(in_fd);
        return;
    }
    if (srv->ev_listen)
        event_del(srv->ev_listen); /* one client at a time */
}

static void on_quit_signal(evutil_socket_t sig, short what, void *arg)
{
    struct server *srv = arg;
    log_info("signal %d: cleaning up and exiting", (int)sig);
    srv->exit_requested = true;
    event_base_loopbreak(srv->base);
}

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    int cfd = transport_accept(&srv->tr);
    if (cfd >= 0)
        start_session(srv, cfd, cfd);
}

static void on_session_closed(struct session *sess)
{
    struct server *srv = sess->srv;
    lldb_attach_wait_forget(sess);
    session_free(srv->sess);
    srv->sess = NULL;
    server_end_all(srv);
    if (srv->opt.once || srv->tr.is_stdio || srv->tr.is_serial || srv->exit_requested) {
        event_base_loopbreak(srv->base);
        return;
    }
    if (srv->ev_listen)
        event_add(srv->ev_listen, NULL);
    if (srv->opt.attach_pid && !srv->opt.multi && kill(srv->opt.attach_pid, 0) < 0) {
        fprintf(stderr, "zstub: process %d is gone; exiting\n", srv->opt.attach_pid);
        event_base_loopbreak(srv->base);
    }
}

static int open_sigchld_fd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
        return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* The transport per the command line: listen (telling lldb the port through --pipe or
 * --named-pipe when it asked), take the socket lldb made (--fd) or connect back to lldb. */
static int open_transport(struct server *srv)
{
    const struct options *o = &srv->opt;
    if (o->conn_fd >= 0)
        return transport_adopt(&srv->tr, o->conn_fd);
    if (o->reverse_connect)
        return transport_connect(&srv->tr, o->comm);
    if (transport_open(&srv->tr, o->comm, o->baud) < 0)
        return -1;
    if ((o->pipe_fd >= 0 || o->named_pipe) &&
        transport_tell_port(&srv->tr, o->pipe_fd, o->named_pipe) < 0) {
        transport_close(&srv->tr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct server *srv = &g_server;
    srv->output_fd = -1;
    bool lldb_form =
        argc > 1 && (strcmp(argv[1], "gdbserver") == 0 || strcmp(argv[1], "platform") == 0);
    int rc = lldb_form ? options_parse_lldb(argc, argv, &srv->opt)
                       : options_parse(argc, argv, &srv->opt);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    if (srv->opt.debug_level >= 0)
        log_set_level(srv->opt.debug_level);
    if (srv->opt.debug_format && log_apply_format(srv->opt.debug_format) < 0) {
        fprintf(stderr, "zstub: --debug-format takes all, none or timestamp (comma-separated)\n");
        return 2;
    }
    if (srv->opt.debug_file && log_open_file(srv->opt.debug_file) < 0) {
        fprintf(stderr, "zstub: cannot open debug file %s: %s\n", srv->opt.debug_file,
                strerror(errno));
        return 2;
    }
    if (srv->opt.packet_log_on && packet_log_open(srv->opt.packet_log) < 0) {
        fprintf(stderr, "zstub: cannot open packet log %s: %s\n", srv->opt.packet_log,
                strerror(errno));
        return 2;
    }
    if (srv->opt.mode == MODE_PLATFORM)
        return platform_run(&srv->opt);
    if (srv->opt.new_session)
        setsid(); /* lldb's --setsid: a terminal's signals for lldb are not the stub's */
    if (run_config_init(&srv->run, srv->opt.argv, srv->opt.startup_with_shell, srv->opt.keep_aslr) <
        0) {
        fprintf(stderr, "zstub: out of memory\n");
        return 1;
    }
    srv->extended = srv->opt.multi;
    server_processes_init(srv);
    target_state_init(&srv->ts);
    srv->ts.owner_of = owner_of_task;
    srv->ts.owner_ctx = srv;
    srv->ts.procs = srv->procs;
    srv->ts.nprocs = &srv->nprocs;
    signal(SIGPIPE, SIG_IGN);
    /* Listen first (a port in use is no reason to launch a program), launch or attach, and only
     * then say "Listening": a client that saw it may rely on the program being there. */
    if (open_transport(srv) < 0) {
        fputs(EXITING, stderr);
        return 1;
    }
    if (server_start_inferior(srv) < 0) {
        transport_close(&srv->tr);
        fputs(EXITING, stderr);
        return 1;
    }
    transport_announce(&srv->tr);
    srv->base = event_base_new();
    if (!srv->base) {
        fprintf(stderr, "zstub: cannot create the event loop\n");
        return 1;
    }
    srv->sigchld_fd = open_sigchld_fd();
    if (srv->sigchld_fd < 0) {
        fprintf(stderr, "zstub: signalfd: %s\n", strerror(errno));
        return 1;
    }
    srv->ev_sigchld = event_new(srv->base, srv->sigchld_fd, EV_READ | EV_PERSIST, on_sigchld, srv);
    event_add(srv->ev_sigchld, NULL);
    srv->ev_stuck_stop = evtimer_new(srv->base, on_stuck_stop, srv);
    srv->ev_more_statuses = evtimer_new(srv->base, on_more_statuses, srv);
    /* Being told to stop is no reason to leave traps behind: end the loop and clean up (an
     * attached program is detached with its code restored). In stdio mode gdb's own Ctrl-C
     * reaches us too, and must not end the session. */
    static const int quit_signals[] = {SIGTERM, SIGHUP, SIGINT};
    for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++) {
        if (quit_signals[i] == SIGINT && srv->tr.is_stdio) {
            signal(SIGINT, SIG_IGN);
            continue;
        }
        srv->ev_quit[i] = evsignal_new(srv->base, quit_signals[i], on_quit_signal, srv);
        event_add(srv->ev_quit[i], NULL);
    }
    if (srv->tr.is_stdio) {
        start_session(srv, 0, 1);
    } else if (srv->tr.conn_fd >= 0) {
        start_session(srv, srv->tr.conn_fd, srv->tr.conn_fd);
    } else if (srv->tr.is_serial) {
        start_session(srv, srv->tr.serial_fd, srv->tr.serial_fd); /* the line is the client */
        srv->tr.serial_fd = -1;                                   /* closed with the session */
    } else {
        srv->ev_listen =
            event_new(srv->base, srv->tr.listen_fd, EV_READ | EV_PERSIST, on_accept, srv);
        event_add(srv->ev_listen, NULL);
    }
    event_base_dispatch(srv->base);

    if (srv->sess) {
        session_free(srv->sess);
        srv->sess = NULL;
    }
    server_end_all(srv);
    transport_close(&srv->tr);
    if (srv->ev_listen)
        event_free(srv->ev_listen);
    event_free(srv->ev_sigchld);
    event_free(srv->ev_stuck_stop);
    event_free(srv->ev_more_statuses);
    if (srv->ev_drain)
        event_free(srv->ev_drain);
    free(srv->queued);
    for (size_t i = 0; i < sizeof srv->ev_quit / sizeof srv->ev_quit[0]; i++)
        if (srv->ev_quit[i])
            event_free(srv->ev_quit[i]);
    close(srv->sigchld_fd);
    event_base_free(srv->base);
    return 0;
}
