/* Starting and ending the debugging of a process: launch (stopped at its first instruction, like
 * gdbserver), attach to every thread, kill, and detach leaving no trace. */
#include "target_internal.h"

#include "log.h"

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

static void exec_child(const struct launch_params *lp)
{
    if (lp->stdio_transport) {
        /* stdin/stdout carry the protocol: the program gets /dev/null and our stderr. */
        int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0)
            dup2(fd, 0);
        dup2(2, 1);
    }
    /* The stub blocks SIGCHLD (it reads it from a signalfd); the program must not inherit that. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Ignored signals survive exec: give back the defaults the stub changed for itself. */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    /* Like gdb and gdbserver: a fixed layout, so an address noted in one run (a breakpoint on
     * `*0x5555...`) means the same instruction in the next. The flag survives exec. */
    if (!lp->keep_aslr) {
        int cur = personality(0xffffffff);
        if (cur != -1)
            personality((unsigned long)cur | ADDR_NO_RANDOMIZE);
    }
    /* Wait here until the parent has seized us, so that the exec is traced. */
    raise(SIGSTOP);
    if (lp->wrapper) {
        size_t nw = 0, na = 0;
        while (lp->wrapper[nw])
            nw++;
        while (lp->argv[na])
            na++;
        char **all = calloc(nw + na + 1, sizeof *all);
        if (!all)
            _exit(127);
        memcpy(all, lp->wrapper, nw * sizeof *all);
        memcpy(all + nw, lp->argv, na * sizeof *all);
        execvp(all[0], all);
        fprintf(stderr, "zstub: cannot run wrapper %s: %s\n", all[0], strerror(errno));
    } else {
        execv(lp->argv[0], lp->argv);
        fprintf(stderr, "zstub: cannot run %s: %s\n", lp->argv[0], strerror(errno));
    }
    _exit(127);
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

int target_launch(struct inferior *inf, const struct launch_params *lp)
{
    pid_t pid = fork();
    if (pid < 0)
        return -errno;
    if (pid == 0)
        exec_child(lp);

    int st;
    if (waitpid(pid, &st, WUNTRACED) < 0 || !WIFSTOPPED(st))
        return -ECHILD;
    if (ptrace(PTRACE_SEIZE, pid, 0, ZSTUB_PTRACE_OPTIONS | PTRACE_O_EXITKILL) < 0) {
        int e = errno;
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        return -e;
    }
    kill(pid, SIGCONT);
    /* Run until the program's own exec (the wrapper's exec comes first when there is one). */
    int execs_wanted = lp->wrapper ? 2 : 1, execs = 0;
    for (;;) {
        if (waitpid(pid, &st, __WALL) < 0)
            return -errno;
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            log_error("program exited before it started (status 0x%x)", st);
            return -ENOEXEC;
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

void target_kill(struct inferior *inf, struct target_state *ts)
{
    if (!inf->alive)
        return;
    kill(inf->pid, SIGKILL);
    reap_all(inf);
    inf->alive = false;
    ts->resumed = ts->stopping = false;
    if (inf->memfd >= 0)
        close(inf->memfd);
    inf->memfd = -1;
    threads_clear(inf);
    swbreak_remove_all(inf, true);
    hwpoint_clear_all(inf);
    log_info("killed process %d", inf->pid);
}

int target_detach(struct inferior *inf, struct target_state *ts)
{
    if (!inf->alive)
        return -ESRCH;
    target_stop_all_sync(inf, ts);
    swbreak_remove_all(inf, true);
    hwpoint_clear_all(inf);
    for (size_t i = 0; i < inf->nthreads; i++) {
        struct thread *t = inf->threads[i];
        regcache_flush(inf, t);
        /* A signal that arrived but was never reported, or is owed, is delivered, not lost. */
        int sig = (t->has_pending && t->pending.kind == STOP_SIGNAL) ? t->pending.sig
                                                                     : thread_take_owed_signal(t);
        ptrace(PTRACE_DETACH, t->tid, 0, sig);
        while ((sig = thread_take_owed_signal(t)) != 0) /* the kernel queues the rest */
            tgkill(inf->pid, t->tid, sig);
    }
    if (inf->memfd >= 0)
        close(inf->memfd);
    inf->memfd = -1;
    threads_clear(inf);
    inf->alive = false;
    ts->resumed = ts->stopping = false;
    log_info("detached from process %d", inf->pid);
    return 0;
}
