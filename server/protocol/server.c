/* The server's program: starting it (launch or attach, as the command line says), ending it
 * (kill what we launched, detach from what we attached to), and reporting its stops to the
 * session. */
#include "server.h"

#include "elf_check.h"
#include "log.h"
#include "session.h"
#include "terminal.h"

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

/* A started process joins the table and becomes the client's; the run state starts afresh
 * (the client's settings, such as the signals it passes, stay). */
bool server_line_done(const struct server *srv)
{
    return srv->tr.is_serial && !srv->opt.multi && !srv->inf->alive;
}

static int adopt(struct server *srv, struct inferior *inf, char *why, size_t cap)
{
    if (server_add_process(srv, inf) < 0) {
        snprintf(why, cap, "too many processes (%d)", SERVER_MAX_PROCS);
        if (inf->attached)
            target_detach(inf, &srv->ts);
        else
            target_kill(inf, &srv->ts);
        server_free_process(inf);
        return -EAGAIN;
    }
    srv->inf = inf;
    target_state_idle(&srv->ts);
    if (inf->arch->probe) /* what the CPU offers (debug register counts), from a traced thread */
        inf->arch->probe(inf->pid);
    return 0;
}

/* What '?' answers right after a start: the first instruction (SIGTRAP), or after an attach the
 * SIGSTOP that stopped it. */
static void note_started(struct server *srv, char *const *argv)
{
    packet_log_launch(srv->inf->pid, argv, srv->inf->attached);
    memset(&srv->last_stop, 0, sizeof srv->last_stop);
    srv->last_stop.tid = srv->inf->pid;
    srv->last_stop.ev.kind = STOP_TRAP;
    srv->last_stop.ev.sig = SIGTRAP;
    if (srv->inf->attached)
        srv->last_stop.ev = (struct stop_event){.kind = STOP_SIGNAL, .sig = SIGSTOP};
    for (size_t i = 0; srv->inf->attached && i < srv->inf->nthreads; i++)
        srv->inf->threads[i]->unannounced = srv->inf->threads[i]->tid != srv->inf->pid;
}

int server_run(struct server *srv, char *why, size_t cap)
{
    struct run_config *run = &srv->run;
    if (!run->args || !run->args[0]) {
        snprintf(why, cap, "no program to run");
        return -ENOENT;
    }
    char pathbuf[4096];
    const char *path = find_in_path(run->args[0], pathbuf, sizeof pathbuf);
    if (path != run->args[0]) {
        char *full = strdup(path);
        if (!full)
            return -ENOMEM;
        free(run->args[0]);
        run->args[0] = full;
    }
    const struct arch_ops *arch = elf_arch_of(run->args[0], why, cap);
    if (!arch)
        return -ENOEXEC;
    struct inferior *inf = server_new_process(srv, arch);
    if (!inf)
        return -ENOMEM;
    /* gdb's stub launches the program in a process group of its own, with the terminal;
     * lldb-server does neither unless asked. */
    bool gdb_way = srv->opt.mode != MODE_LLDB_GDBSERVER;
    struct launch_params lp = {.argv = run->args,
                               .wrapper = srv->opt.wrapper,
                               .stdio_transport = srv->tr.is_stdio,
                               .own_group = gdb_way,
                               .keep_aslr = run->keep_aslr,
                               .shell = run->shell,
                               .envp = run->env,
                               .cwd = run->cwd,
                               .only_stdio = !gdb_way};
    for (int fd = 0; fd < 3; fd++)
        lp.stdio_path[fd] = srv->stdio_path[fd];
    /* lldb shows the output of a program it gave no stdout file (O packets). */
    if (srv->opt.mode == MODE_LLDB_GDBSERVER && !srv->stdio_path[1])
        lp.use_tty = program_output_open(srv, &lp.tty_fd) == 0;
    int rc = target_launch(inf, &lp, why, cap);
    if (lp.use_tty)
        program_output_launched(srv, lp.tty_fd);
    if (rc < 0) {
        server_free_process(inf);
        return rc;
    }
    if ((rc = adopt(srv, inf, why, cap)) < 0)
        return rc;
    if (gdb_way && !srv->tr.is_stdio)
        terminal_give(inf->pid);
    fprintf(stderr, "Process %s created; pid = %d\n", run->args[0], inf->pid);
    note_started(srv, run->args);
    return 0;
}

int server_attach(struct server *srv, pid_t pid, char *why, size_t cap)
{
    char exe[64];
    snprintf(exe, sizeof exe, "/proc/%d/exe", pid);
    if (kill(pid, 0) < 0 && errno == ESRCH) {
        snprintf(why, cap, "no process %d", pid);
        return -ESRCH;
    }
    const struct arch_ops *arch = elf_arch_of(exe, why, cap);
    if (!arch)
        return -ENOEXEC;
    struct inferior *inf = server_new_process(srv, arch);
    if (!inf)
        return -ENOMEM;
    int rc = target_attach(inf, pid);
    if (rc < 0) {
        server_free_process(inf);
        snprintf(why, cap, "cannot attach to process %d: %s%s", pid, strerror(-rc),
                 rc == -EPERM ? " (traced already, or not allowed: see ptrace_scope)" : "");
        return rc;
    }
    if ((rc = adopt(srv, inf, why, cap)) < 0)
        return rc;
    fprintf(stderr, "Attached; pid = %d\n", pid);
    note_started(srv, NULL);
    return 0;
}

int server_start_inferior(struct server *srv)
{
    char why[512];
    if (srv->opt.attach_pid) {
        int rc = server_attach(srv, srv->opt.attach_pid, why, sizeof why);
        if (rc < 0)
            fprintf(stderr, "Cannot attach to process %d: %s\n", srv->opt.attach_pid, why);
        return rc;
    }
    if (!srv->run.args)
        return 0; /* --multi with no program: the client runs one */
    int rc = server_run(srv, why, sizeof why);
    if (rc < 0) {
        fprintf(stderr, "zstub: %s\n", why);
        fputs(CREATE_FAILED, stderr);
    }
    return rc;
}

void server_end_process(struct server *srv, struct inferior *inf)
{
    if (inf->alive && inf->attached)
        target_detach(inf, &srv->ts);
    else if (inf->alive)
        target_kill(inf, &srv->ts);
    server_drop_process(srv, inf);
}

void server_end_all(struct server *srv)
{
    program_output_close(srv);
    while (srv->nprocs)
        server_end_process(srv, srv->procs[srv->nprocs - 1]);
}

void server_release_inferior(struct server *srv)
{
    if (srv->inf != &srv->none && !srv->inf->alive)
        server_drop_process(srv, srv->inf);
}

/* A fork the client heard of: the child joins the table, stopped, for the client to follow, keep
 * or detach (it says which with Hg, D;PID...). */
static void adopt_fork_child(struct server *srv, const struct stop_report *rep)
{
    struct inferior *parent = server_process_of_thread(srv, rep->tid);
    struct inferior *child = parent ? server_new_process(srv, parent->arch) : NULL;
    if (!child)
        return;
    int rc = target_adopt_fork_child(parent, child, rep->ev.child, rep->ev.child_stopped,
                                     rep->ev.kind == STOP_VFORK);
    if (rc < 0 || server_add_process(srv, child) < 0) {
        log_error("cannot keep fork child %d: %s", rep->ev.child, strerror(rc < 0 ? -rc : EAGAIN));
        target_detach(child, &srv->ts);
        server_free_process(child);
    }
}

void server_note_stop(struct server *srv, const struct stop_report *rep)
{
    srv->last_stop = *rep;
    /* The client turns to the process that stopped (in all-stop; a non-stop notification
     * leaves its selection alone). */
    if (!srv->ts.non_stop)
        server_select_process(srv, server_process_of_thread(srv, rep->tid));
    if (rep->ev.kind == STOP_FORK || rep->ev.kind == STOP_VFORK)
        adopt_fork_child(srv, rep);
    if (rep->ev.kind != STOP_EXITED && rep->ev.kind != STOP_KILLED)
        return;
    /* The client has heard the end of the process: it leaves the table. */
    struct inferior *inf = server_find_process(srv, rep->tid);
    if (inf && !inf->alive)
        server_drop_process(srv, inf);
}

void server_report_stop(struct server *srv, const struct stop_report *rep)
{
    if (srv->ts.non_stop) {
        server_note_stop(srv, rep);
        server_queue_stop(srv, rep);
        server_drain_events(srv);
        return;
    }
    srv->last_stop = *rep;     /* the reply's lldb keys compare with it */
    program_output_flush(srv); /* what the program printed comes before its stop */
    if (srv->sess)
        session_send_stop(srv->sess, rep);
    server_note_stop(srv, rep);
}

/* A stop-all normally ends within microseconds, with the last thread's wait status. When it has
 * not after this long, one of the threads may never stop (a leader that called pthread_exit). */
#define STUCK_STOP_CHECK_USEC 20000

void server_watch_stop_all(struct server *srv)
{
    if (!srv->ev_stuck_stop || evtimer_pending(srv->ev_stuck_stop, NULL) ||
        !(srv->ts.stopping || target_only_leader_runs(srv->inf, &srv->ts)))
        return;
    struct timeval tv = {0, STUCK_STOP_CHECK_USEC};
    evtimer_add(srv->ev_stuck_stop, &tv);
}

/* Non-stop: the events every process has recorded, queued for the client in arrival order. */
void server_drain_events(struct server *srv)
{
    struct stop_report rep;
    for (size_t p = 0; p < srv->nprocs; p++) {
        struct inferior *inf = srv->procs[p];
        while (target_take_event(inf, &srv->ts, &rep) == 1) {
            server_note_stop(srv, &rep);
            server_queue_stop(srv, &rep);
            if (p >= srv->nprocs || srv->procs[p] != inf)
                return; /* an exit took the process out of the table */
        }
    }
}

static void on_drain(evutil_socket_t fd, short what, void *arg)
{
    server_drain_events(arg);
}

void server_schedule_drain(struct server *srv)
{
    if (!srv->ev_drain)
        srv->ev_drain = evtimer_new(srv->base, on_drain, srv);
    struct timeval now = {0, 0};
    if (srv->ev_drain)
        evtimer_add(srv->ev_drain, &now);
}

/* '?' in non-stop: every stopped thread's report, the pending events first. */
void server_requeue_all_stopped(struct server *srv)
{
    server_drain_events(srv); /* the pending events first */
    struct stop_report rep;
    for (size_t p = 0; p < srv->nprocs; p++) {
        struct inferior *inf = srv->procs[p];
        for (size_t i = 0; inf->alive && i < inf->nthreads; i++) {
            struct thread *t = inf->threads[i];
            if (t->running || t->unannounced)
                continue;
            rep = (struct stop_report){.tid = t->tid, .ev = {.kind = STOP_SIGNAL}};
            /* The start's trap, as gdbserver; an attach's SIGSTOP is no event for gdb here. */
            if (srv->last_stop.tid == t->tid && srv->last_stop.ev.sig != SIGSTOP)
                rep.ev = srv->last_stop.ev;
            bool dup = false;
            for (size_t q = 0; q < srv->nqueued && !dup; q++)
                dup = srv->queued[q].tid == t->tid;
            if (!dup)
                server_queue_stop(srv, &rep);
        }
    }
}
