/* The thread table: a flat array. Lookups are linear; with hundreds of threads that is still far
 * cheaper than the ptrace call that produced the tid. */
#include "inferior.h"
#include "grow.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

/* Descriptors kept open for /proc/.../stat, at most this many per process. */
#define STAT_FD_BUDGET 512

static void drop_stat_fd(struct inferior *inf, struct thread *t)
{
    if (t->stat_fd > 0) {
        close(t->stat_fd - 1);
        inf->stat_fds--;
    }
    t->stat_fd = 0;
}

struct thread *thread_find(struct inferior *inf, pid_t tid)
{
    for (size_t i = 0; i < inf->nthreads; i++)
        if (inf->threads[i]->tid == tid)
            return inf->threads[i];
    return NULL;
}

struct thread *thread_add(struct inferior *inf, pid_t tid)
{
    struct thread *t = thread_find(inf, tid);
    if (t)
        return t;
    struct thread **grown =
        grow_for_one(inf->threads, inf->nthreads, &inf->cap_threads, sizeof *grown, 16);
    if (!grown)
        return NULL;
    inf->threads = grown;
    t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->rc.blob = calloc(1, inf->arch->blob_size);
    if (!t->rc.blob) {
        free(t);
        return NULL;
    }
    t->tid = tid;
    inf->threads[inf->nthreads++] = t;
    return t;
}

void thread_remove(struct inferior *inf, pid_t tid)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        if (inf->threads[i]->tid == tid) {
            drop_stat_fd(inf, inf->threads[i]);
            free(inf->threads[i]->rc.blob);
            free(inf->threads[i]);
            inf->threads[i] = inf->threads[--inf->nthreads];
            return;
        }
    }
}

struct thread *thread_renumber(struct inferior *inf, pid_t from, pid_t to)
{
    struct thread *t = thread_find(inf, from);
    if (!t || from == to)
        return t;
    thread_remove(inf, to);
    drop_stat_fd(inf, t); /* /proc/PID/task/FROM/stat: another task's file now */
    t->tid = to;
    inf->exec_former = from;
    return t;
}

struct thread *thread_find_after_exec(struct inferior *inf, pid_t tid)
{
    struct thread *t = thread_find(inf, tid);
    return t || tid != inf->exec_former ? t : thread_find(inf, inf->pid);
}

bool thread_owe_signal(struct thread *t, int sig)
{
    /* A standard signal merges with the same one still owed, as the kernel merges it with a
     * pending one; real-time signals queue. */
    for (unsigned i = 0; i < t->nowed_sig && sig < SIGRTMIN; i++)
        if (t->owed_sig[i] == sig)
            return true;
    if (t->nowed_sig == THREAD_OWED_SIGS)
        return false;
    t->owed_sig[t->nowed_sig++] = sig;
    return true;
}

int thread_take_owed_signal(struct thread *t)
{
    if (t->nowed_sig == 0)
        return 0;
    int sig = t->owed_sig[0];
    memmove(t->owed_sig, t->owed_sig + 1, --t->nowed_sig * sizeof t->owed_sig[0]);
    return sig;
}

void threads_clear(struct inferior *inf)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        free(inf->threads[i]->rc.blob);
        free(inf->threads[i]);
    }
    free(inf->threads);
    inf->threads = NULL;
    inf->nthreads = inf->cap_threads = 0;
}

void thread_name(struct inferior *inf, pid_t tid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/comm", inf->pid, tid);
    buf[0] = 0;
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    if (fgets(buf, (int)cap, f))
        buf[strcspn(buf, "\n")] = 0;
    fclose(f);
}

int thread_core(struct inferior *inf, pid_t tid)
{
    char path[64], line[1024];
    /* This runs for every stop reply: keep the file open per thread (up to a budget of
     * descriptors) and re-read it with one pread. */
    struct thread *t = thread_find(inf, tid);
    int fd = t ? t->stat_fd - 1 : -1;
    bool cached = fd >= 0;
    if (!cached) {
        snprintf(path, sizeof path, "/proc/%d/task/%d/stat", inf->pid, tid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return -1;
        if (t && inf->stat_fds < STAT_FD_BUDGET) {
            t->stat_fd = fd + 1;
            inf->stat_fds++;
            cached = true;
        }
    }
    ssize_t n = pread(fd, line, sizeof line - 1, 0);
    if (!cached)
        close(fd);
    if (n <= 0)
        return -1;
    line[n] = 0;
    /* Field 39 ("processor"), counted after the ")" that ends the command name. */
    char *p = strrchr(line, ')');
    if (!p)
        return -1;
    int field = 2;
    for (; *p && field < 39; p++)
        if (*p == ' ')
            field++;
    return *p ? atoi(p) : -1;
}
