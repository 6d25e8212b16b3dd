/* Starting and ending the debugging of a process: launch (stopped at its first instruction, like
 * gdbserver), attach to every thread, kill, and detach leaving no trace. */
#include "target_internal.h"

#include "log.h"
#include "ool.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Why the child could not start, written to the parent through a close-on-exec pipe: nothing
 * arrives when the exec succeeds. */
struct start_failure {
    int err;
    char what[200];
};

static _Noreturn void child_fail(int fd, int err, const char *what)
{
    struct start_failure f = {.err = err};
    snprintf(f.what, sizeof f.what, "%s", what);
    if (write(fd, &f, sizeof f) < 0) {
        /* nothing more can be said */
    }
    _exit(127);
}

/* One argument for the shell. gdb splits `run` arguments at blanks and drops the quotes, so an
 * argument that holds a blank or a newline, or is empty (`run a '' b`), was quoted by the user:
 * it is quoted again here (a single argument, as with gdb's native run; gdbserver splits it).
 * Anything else reaches the shell as typed, so `run > out` redirects and `*.c` globs. */
static void append_shell_arg(char *cmd, size_t cap, const char *arg)
{
    size_t n = strlen(cmd);
    bool quote = !*arg || strpbrk(arg, " \t\n") != NULL;
    if (n + 1 < cap)
        cmd[n++] = ' ';
    if (quote && n + 1 < cap)
        cmd[n++] = '\'';
    for (const char *c = arg; *c && n + 5 < cap; c++) {
        if (*c == '\'' && quote) { /* 'it'\''s' */
            memcpy(cmd + n, "'\\''", 4);
            n += 4;
            continue;
        }
        if (*c == '\'')
            cmd[n++] = '\\';
        cmd[n++] = *c;
    }
    if (quote && n + 1 < cap)
        cmd[n++] = '\'';
    cmd[n] = '\0';
}

/* `exec [WRAPPER...] PROG ARGS` for $SHELL -c. */
static char *shell_command(const struct launch_params *lp)
{
    size_t cap = 64;
    for (char *const *w = lp->wrapper; w && *w; w++)
        cap += 4 * strlen(*w) + 4;
    for (char *const *a = lp->argv; *a; a++)
        cap += 4 * strlen(*a) + 4;
    char *cmd = calloc(1, cap);
    if (!cmd)
        return NULL;
    strcpy(cmd, "exec");
    for (char *const *w = lp->wrapper; w && *w; w++)
        append_shell_arg(cmd, cap, *w);
    for (char *const *a = lp->argv; *a; a++)
        append_shell_arg(cmd, cap, *a);
    return cmd;
}

static _Noreturn void exec_failed(int fail_fd, const char *what, const char *name)
{
    char msg[200];
    int e = errno;
    snprintf(msg, sizeof msg, "%s %s", what, name);
    child_fail(fail_fd, e, msg);
}

/* lldb's files for stdin, stdout and stderr (opened as lldb-server opens them), else the
 * terminal whose other end the stub reads. */
static void redirect_stdio(const struct launch_params *lp)
{
    for (int fd = 0; fd < 3; fd++) {
        const char *path = lp->stdio_path[fd];
        int src = lp->use_tty ? lp->tty_fd : -1;
        if (path && path[0])
            src = open(path, fd == 0 ? O_RDONLY | O_NOCTTY : O_WRONLY | O_CREAT | O_NOCTTY, 0666);
        if (src >= 0 && src != fd)
            dup2(src, fd);
    }
}

static _Noreturn void exec_child(const struct launch_params *lp, int fail_fd)
{
    redirect_stdio(lp);
    if (lp->stdio_transport) {
        /* stdin/stdout carry the protocol: the program gets /dev/null and our stderr. */
        int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0)
            dup2(fd, 0);
        dup2(2, 1);
    }
    if (lp->only_stdio) {
        /* Whatever lldb left open when it started us (its terminals, pipes) is not the program's:
         * lldb's tests check that a debugged program finds no descriptor past stderr, and
         * lldb-server closes them too. The failure pipe closes itself at the exec. */
        unsigned from = 3;
        if (fail_fd >= 3) {
            if (fail_fd > 3)
                close_range(3, (unsigned)fail_fd - 1, 0);
            from = (unsigned)fail_fd + 1;
        }
        close_range(from, ~0U, 0);
    }
    /* The stub blocks SIGCHLD (it reads it from a signalfd); the program must not inherit that. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Ignored signals survive exec: give back the defaults the stub changed for itself. */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTTOU, SIG_DFL);
    signal(SIGTTIN, SIG_DFL);
    if (lp->own_group)
        setpgid(0, 0);
    /* Like gdb and gdbserver: a fixed layout, so an address noted in one run (a breakpoint on
     * `*0x5555...`) means the same instruction in the next. The flag survives exec. */
    if (!lp->keep_aslr) {
        int cur = personality(0xffffffff);
        if (cur != -1)
            personality((unsigned long)cur | ADDR_NO_RANDOMIZE);
    }
    if (lp->cwd && chdir(lp->cwd) < 0)
        exec_failed(fail_fd, "cannot change to directory", lp->cwd);
    if (lp->envp)
        environ = (char **)lp->envp;
    /* Wait here until the parent has seized us, so that the exec is traced. */
    raise(SIGSTOP);
    if (lp->shell) {
        const char *sh = getenv("SHELL");
        if (!sh || !*sh)
            sh = "/bin/sh";
        char *cmd = shell_command(lp);
        if (!cmd)
            child_fail(fail_fd, ENOMEM, "out of memory");
        execl(sh, sh, "-c", cmd, (char *)NULL);
        exec_failed(fail_fd, "cannot run the shell", sh);
    }
    if (lp->wrapper) {
        size_t nw = 0, na = 0;
        while (lp->wrapper[nw])
            nw++;
        while (lp->argv[na])
            na++;
        char **all = calloc(nw + na + 1, sizeof *all);
        if (!all)
            child_fail(fail_fd, ENOMEM, "out of memory");
        memcpy(all, lp->wrapper, nw * sizeof *all);
        memcpy(all + nw, lp->argv, na * sizeof *all);
        execvp(all[0], all);
        exec_failed(fail_fd, "cannot run wrapper", all[0]);
    }
    execv(lp->argv[0], lp->argv);
    exec_failed(fail_fd, "cannot run", lp->argv[0]);
}

static int init_leader(struct inferior *inf, pid_t pid, bool attached)
{
    inf->pid = pid;
    inf->attached = attached;
    inf->alive = true;
    inf->memfd = -1;
    if (!thread_add(inf, pid))
        return -ENOMEM;
    return mem_open(inf);
}

/* After the child ended before its exec: what it wrote to the pipe, or its status. */
static int start_failed(int fail_fd, int status, char *why, size_t cap)
{
    struct start_failure f;
    if (read(fail_fd, &f, sizeof f) == (ssize_t)sizeof f) {
        f.what[sizeof f.what - 1] = '\0';
        snprintf(why, cap, "%s: %s", f.what, strerror(f.err));
        return f.err > 0 ? -f.err : -ENOEXEC;
    }
    if (WIFEXITED(status))
        snprintf(why, cap, "the program exited with code %d before it started",
                 WEXITSTATUS(status));
    else
        snprintf(why, cap, "the program was killed by signal %d before it started",
                 WTERMSIG(status));
    return -ENOEXEC;
}

/* Seizes the stopped child and runs it to the program's own exec: the shell's and the wrapper's
 * execs come first when there are any. */
static int launch_traced(struct inferior *inf, const struct launch_params *lp, pid_t pid,
                         int fail_fd, char *why, size_t cap)
{
    int st;
    if (waitpid(pid, &st, WUNTRACED) < 0)
        return -ECHILD;
    if (!WIFSTOPPED(st))
        return start_failed(fail_fd, st, why, cap);
    if (ptrace(PTRACE_SEIZE, pid, 0, ZSTUB_PTRACE_OPTIONS | PTRACE_O_EXITKILL) < 0) {
        int e = errno;
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        return -e;
    }
    kill(pid, SIGCONT);
    int execs_wanted = 1 + (lp->wrapper != NULL) + lp->shell, execs = 0;
    for (;;) {
        if (waitpid(pid, &st, __WALL) < 0)
            return -errno;
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            log_error("program exited before it started (status 0x%x)", st);
            return start_failed(fail_fd, st, why, cap);
        }
        int event = st >> 16, sig = WSTOPSIG(st);
        if (event == PTRACE_EVENT_EXEC && ++execs == execs_wanted)
            break;
        int deliver = (event == 0 && sig != SIGSTOP && sig != SIGTRAP) ? sig : 0;
        ptrace(PTRACE_CONT, pid, 0, deliver);
    }
    int rc = init_leader(inf, pid, false);
    log_info("launched %s as process %d", lp->argv[0], pid);
    return rc;
}

int target_launch(struct inferior *inf, const struct launch_params *lp, char *why, size_t cap)
{
    snprintf(why, cap, "cannot start %s", lp->argv[0]);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return -e;
    }
    if (pid == 0) {
        close(fds[0]);
        exec_child(lp, fds[1]);
    }
    close(fds[1]);
    if (lp->own_group)
        setpgid(pid, pid); /* whichever side runs first */
    int rc = launch_traced(inf, lp, pid, fds[0], why, cap);
    close(fds[0]);
    return rc;
}

/* Seize every thread listed in /proc/PID/task; loop because threads may be created meanwhile. */
static int seize_all_tasks(struct inferior *inf, pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    for (bool found_new = true; found_new;) {
        found_new = false;
        DIR *d = opendir(path);
        if (!d)
            return -errno;
        struct dirent *de;
        while ((de = readdir(d))) {
            pid_t tid = (pid_t)atoi(de->d_name);
            if (tid <= 0 || thread_find(inf, tid))
                continue;
            if (ptrace(PTRACE_SEIZE, tid, 0, ZSTUB_PTRACE_OPTIONS) < 0) {
                if (errno == ESRCH)
                    continue; /* exited meanwhile */
                int e = errno;
                closedir(d);
                return -e;
            }
            struct thread *t = thread_add(inf, tid);
            if (!t) {
                closedir(d);
                return -ENOMEM;
            }
            t->running = true;
            found_new = true;
        }
        closedir(d);
    }
    return 0;
}

int target_attach(struct inferior *inf, pid_t pid)
{
    inf->pid = pid;
    inf->attached = true;
    inf->memfd = -1;
    int rc = seize_all_tasks(inf, pid);
    if (rc < 0) {
        for (size_t i = 0; i < inf->nthreads; i++)
            ptrace(PTRACE_DETACH, inf->threads[i]->tid, 0, 0);
        threads_clear(inf);
        return rc;
    }
    inf->alive = true;
    struct target_state ts = {0};
    target_stop_all_sync(inf, &ts);
    /* Stops that were real events (a signal) stay pending and are reported on the first resume.*/
    rc = mem_open(inf);
    log_info("attached to process %d (%zu threads)", pid, inf->nthreads);
    return rc;
}

static void reap_all(struct inferior *inf)
{
    int st;
    for (;;) {
        pid_t w = waitpid(-1, &st, __WALL);
        if (w < 0)
            break;
        if (w == inf->pid && (WIFEXITED(st) || WIFSIGNALED(st)))
            break;
    }
}

/* One process is gone (killed, detached). All-stop: nothing runs until the next resume. Non-stop:
 * the other processes' threads run on, and their events are wanted as ever (left false, a stray
 * interrupt stop of theirs would leave a thread stopped for good, nobody told). */
static void end_of_one(struct target_state *ts)
{
    ts->stopping = false;
    if (!ts->non_stop)
        ts->resumed = false;
}

void target_kill(struct inferior *inf, struct target_state *ts)
{
    if (!inf->alive)
        return;
    target_end_unreported_children(inf, true);
    kill(inf->pid, SIGKILL);
    reap_all(inf);
    inf->alive = false;
    end_of_one(ts);
    if (inf->memfd >= 0)
        close(inf->memfd);
    inf->memfd = -1;
    threads_clear(inf);
    ool_forget(inf);
    swbreak_remove_all(inf, true);
    hwpoint_clear_all(inf);
    log_info("killed process %d", inf->pid);
}

/* The signal a thread stopped with (reported, or seen and not reported yet) goes on to the
 * program at a detach if the client lets the program have it (QProgramSignals; without it, gdb's
 * defaults: not SIGTRAP or SIGINT, which are the debugger's). */
static int detach_signal(const struct target_state *ts, const struct thread *t)
{
    int sig = t->has_pending && t->pending.kind == STOP_SIGNAL ? t->pending.sig : t->reported_sig;
    if (sig <= 0 || sig >= 65)
        return 0;
    if (ts->program_signals_set)
        return ts->program_signal[sig] ? sig : 0;
    return sig == SIGTRAP || sig == SIGINT ? 0 : sig;
}

int target_detach(struct inferior *inf, struct target_state *ts)
{
    if (!inf->alive)
        return -ESRCH;
    target_stop_all_sync(inf, ts);
    target_end_unreported_children(inf, false); /* before the sites go: it scrubs their copies */
    ool_release(inf, ts); /* every PC back in the text, the scratch pages unmapped */
    swbreak_remove_all(inf, true);
    hwpoint_clear_all(inf);
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        regcache_flush(inf, t);
        if (t->deferred_sig != 0)
            thread_owe_signal(t, t->deferred_sig);
        /* A signal owed to the thread (the client resumed it with one) is delivered, not lost;
         * so is the one it stopped with, if the program may have it. */
        int sig = detach_signal(ts, t);
        if (sig == 0)
            sig = thread_take_owed_signal(t);
        ptrace(PTRACE_DETACH, t->tid, 0, sig);
        while ((sig = thread_take_owed_signal(t)) != 0) /* the kernel queues the rest */
            tgkill(inf->pid, t->tid, sig);
    }
    if (inf->memfd >= 0)
        close(inf->memfd);
    inf->memfd = -1;
    threads_clear(inf);
    inf->alive = false;
    end_of_one(ts);
    log_info("detached from process %d", inf->pid);
    return 0;
}

int target_adopt_fork_child(struct inferior *parent, struct inferior *child, pid_t pid,
                            bool stopped, bool vfork)
{
    child->pid = pid;
    child->attached = parent->attached; /* ended as its parent would be */
    child->alive = true;
    struct thread *t = thread_add(child, pid);
    if (!t)
        return -ENOMEM;
    /* Its first stop is due at once (a new child starts stopped): take it now, so that the
     * client finds the child stopped whatever it asks first. */
    int st;
    while (!stopped && waitpid(pid, &st, __WALL) == pid) {
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            child->alive = false;
            return -ESRCH;
        }
        stopped = WIFSTOPPED(st);
    }
    if (!vfork) {
        /* The fork copied the parent's memory, traps included: the child owns copies. */
        for (size_t i = 0; i < parent->nsites; i++) {
            const struct sw_site *ps = &parent->sites[i];
            if (ps->inserted && swbreak_adopt_copy(child, ps) < 0)
                return -ENOMEM;
        }
    }
    return mem_open(child);
}
