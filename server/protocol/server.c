/* The server's program: starting it (launch or attach, as the command line says), ending it
 * (kill what we launched, detach from what we attached to), and reporting its stops to the
 * session. */
#include "server.h"

#include "elf_check.h"
#include "log.h"
#include "session.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* gdbserver's lines when a program cannot be launched, and before it gives up at start-up;
 * gdb's testsuite (gdb.server/non-existing-program.exp) looks for them. */
#define CREATE_FAILED "Error creating process\n\n"

static const char *find_in_path(const char *prog, char *buf, size_t cap)
{
    if (strchr(prog, '/'))
        return prog;
    const char *path = getenv("PATH");
    for (const char *p = path; p && *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        snprintf(buf, cap, "%.*s/%s", (int)len, p, prog);
        if (access(buf, X_OK) == 0)
            return buf;
        p = colon ? colon + 1 : NULL;
    }
    return prog;
}

int server_start_inferior(struct server *srv)
{
    char err[512], pathbuf[4096], exe[64];
    const char *path;
    if (srv->opt.attach_pid) {
        snprintf(exe, sizeof exe, "/proc/%d/exe", srv->opt.attach_pid);
        path = exe;
    } else {
        path = find_in_path(srv->opt.argv[0], pathbuf, sizeof pathbuf);
        srv->opt.argv[0] = (char *)path;
    }
    const struct arch_ops *arch = elf_arch_of(path, err, sizeof err);
    if (!arch) {
        fprintf(stderr, "zstub: %s\n", err);
        if (!srv->opt.attach_pid)
            fputs(CREATE_FAILED, stderr);
        return -ENOEXEC;
    }
    memset(&srv->inf, 0, sizeof srv->inf);
    target_state_init(&srv->ts);
    srv->inf.arch = arch;
    srv->inf.memfd = -1;
    srv->inf.agent_out_fd = srv->tr.is_stdio ? 2 : 1;
    int rc;
    if (srv->opt.attach_pid) {
        rc = target_attach(&srv->inf, srv->opt.attach_pid);
        if (rc < 0) {
            fprintf(stderr, "Cannot attach to process %d: %s\n", srv->opt.attach_pid,
                    strerror(-rc));
            return rc;
        }
        fprintf(stderr, "Attached; pid = %d\n", srv->opt.attach_pid);
    } else {
        struct launch_params lp = {.argv = srv->opt.argv,
                                   .wrapper = srv->opt.wrapper,
                                   .stdio_transport = srv->tr.is_stdio,
                                   .keep_aslr = srv->opt.keep_aslr};
        rc = target_launch(&srv->inf, &lp);
        if (rc < 0) {
            fprintf(stderr, "zstub: cannot start %s: %s\n", srv->opt.argv[0], strerror(-rc));
            fputs(CREATE_FAILED, stderr);
            return rc;
        }
        fprintf(stderr, "Process %s created; pid = %d\n", srv->opt.argv[0], srv->inf.pid);
    }
    packet_log_launch(srv->inf.pid, srv->opt.attach_pid ? NULL : srv->opt.argv, srv->inf.attached);
    memset(&srv->last_stop, 0, sizeof srv->last_stop);
    srv->last_stop.tid = srv->inf.pid;
    srv->last_stop.ev.kind = STOP_TRAP;
    srv->last_stop.ev.sig = SIGTRAP;
    /* After an attach, a thread that was stopped by a signal reports that first. */
    if (srv->inf.attached)
        srv->last_stop.ev = (struct stop_event){.kind = STOP_SIGNAL, .sig = SIGSTOP};
    return 0;
}

void server_end_inferior(struct server *srv)
{
    if (!srv->inf.alive)
        return;
    if (srv->inf.attached)
        target_detach(&srv->inf, &srv->ts);
    else
        target_kill(&srv->inf, &srv->ts);
}

void server_report_stop(struct server *srv, const struct stop_report *rep)
{
    srv->last_stop = *rep;
    if (srv->sess)
        session_send_stop(srv->sess, rep);
}

/* A stop-all normally ends within microseconds, with the last thread's wait status. When it has
 * not after this long, one of the threads may never stop (a leader that called pthread_exit). */
#define STUCK_STOP_CHECK_USEC 20000

void server_watch_stop_all(struct server *srv)
{
    if (!srv->ev_stuck_stop || evtimer_pending(srv->ev_stuck_stop, NULL) ||
        !(srv->ts.stopping || target_only_leader_runs(&srv->inf, &srv->ts)))
        return;
    struct timeval tv = {0, STUCK_STOP_CHECK_USEC};
    evtimer_add(srv->ev_stuck_stop, &tv);
}
