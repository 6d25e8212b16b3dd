/* The platform's life: listen, then serve one connection (lldb-server's default) or, with
 * --server, each connection in a process of its own, as lldb-server does: a connection's state
 * (working directory, debug servers started for it) is its own, and it ends with it. */
#include "platform.h"

#include "log.h"
#include "options.h"
#include "packets.h"
#include "server.h"
#include "session.h"
#include "transport.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Handlers shared with debug sessions reach the server through s->srv: the platform's has no
 * program (qHostInfo then describes the host). */
static struct server g_platform;

static void on_closed(struct session *s)
{
    event_base_loopbreak(s->srv->base);
}

static void on_interrupt(struct session *s)
{
    (void)s; /* nothing runs on a platform connection */
}

static const struct session_ops platform_ops = {
    .dispatch = platform_dispatch,
    .interrupt = on_interrupt,
    .closed = on_closed,
};

static int serve(int fd, const struct options *o)
{
    struct server *srv = &g_platform;
    srv->opt = *o;
    srv->output_fd = -1;        /* no program here */
    server_processes_init(srv); /* none: qHostInfo and the like describe the host */
    srv->base = event_base_new();
    if (!srv->base) {
        close(fd);
        return 1;
    }
    struct session *s = session_new(srv, srv->base, fd, fd, &platform_ops);
    if (!s) {
        close(fd);
        event_base_free(srv->base);
        return 1;
    }
    log_info("platform: client connected");
    event_base_dispatch(srv->base);
    session_free(s);
    platform_reap_spawned(true);
    event_base_free(srv->base);
    log_info("platform: client gone");
    return 0;
}

int platform_run(struct options *o)
{
    struct transport tr;
    signal(SIGPIPE, SIG_IGN);
    if (transport_open(&tr, o->comm, o->baud) < 0)
        return 1;
    if (o->named_pipe && transport_tell_port(&tr, -1, o->named_pipe) < 0) {
        transport_close(&tr);
        return 1;
    }
    transport_announce(&tr);
    platform_spawn_setup(o);
    if (o->platform_server)
        signal(SIGCHLD, SIG_IGN); /* connection processes are reaped by the kernel */
    for (;;) {
        int fd = transport_accept(&tr);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            transport_close(&tr);
            return 1;
        }
        if (!o->platform_server) {
            transport_close(&tr);
            return serve(fd, o);
        }
        pid_t pid = fork();
        if (pid == 0) {
            signal(SIGCHLD, SIG_DFL); /* this one waits for its debug servers */
            close(tr.listen_fd);
            _exit(serve(fd, o));
        }
        if (pid < 0)
            log_error("platform: fork: %s", strerror(errno));
        close(fd);
    }
}
