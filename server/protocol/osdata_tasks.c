/* `info os` types read from /proc/PID: processes (pid, user, command line, the cores its threads
 * ran on), process groups, threads, and open file descriptors. */
#include "osdata.h"

#include "proc_task.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The numeric entries of a /proc directory (tasks, descriptors), in the kernel's (ascending)
 * order; false if it cannot be read (the process has gone, or is not ours to read). */
static bool each_number(const char *dir, void (*fn)(long n, void *ctx), void *ctx)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    for (struct dirent *de; (de = readdir(d));) {
        char *end;
        long n = strtol(de->d_name, &end, 10);
        if (isdigit((unsigned char)de->d_name[0]) && *end == '\0')
            fn(n, ctx);
    }
    closedir(d);
    return true;
}

/* Field N (1-based, as proc(5) counts) of a /proc stat file, or -1. */
static long stat_field(const char *path, int n)
{
    char buf[1024];
    const char *p = proc_stat_fields(path, buf, sizeof buf); /* field 3 on */
    for (int field = 3; p && field < n; field++) {
        p = strchr(p, ' ');
        p = p ? p + 1 : NULL;
    }
    return p ? strtol(p, NULL, 10) : -1;
}

static long task_core(pid_t pid, long tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%ld/stat", pid, tid);
    return stat_field(path, 39); /* processor: the CPU it last ran on */
}

/* processes: the cores as a comma-separated set, each once. */
struct cores {
    pid_t pid;
    unsigned char seen[1024];
    char text[256];
    size_t len;
};

static void add_core(long tid, void *ctx)
{
    struct cores *c = ctx;
    long core = task_core(c->pid, tid);
    if (core < 0 || core >= (long)sizeof c->seen || c->seen[core])
        return;
    c->seen[core] = 1;
    size_t room = c->len < sizeof c->text ? sizeof c->text - c->len : 0;
    int n = snprintf(c->text + c->len, room, "%s%ld", c->len ? "," : "", core);
    if (n > 0 && (size_t)n < room)
        c->len += (size_t)n;
}

static void put_process(pid_t pid, void *ctx)
{
    struct rsp_buf *doc = ctx;
    char path[64], cmd[4096], user[64];
    snprintf(path, sizeof path, "/proc/%d", pid);
    struct stat st;
    if (stat(path, &st) < 0)
        return; /* gone meanwhile */
    osdata_user_name(st.st_uid, user, sizeof user);
    size_t n = osdata_command_line(pid, cmd, sizeof cmd);
    struct cores cores = {.pid = pid};
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    each_number(path, add_core, &cores);
    osdata_item_begin(doc);
    osdata_column_long(doc, "pid", pid);
    osdata_column(doc, "user", user);
    osdata_column_n(doc, "command", cmd, n);
    osdata_column(doc, "cores", cores.text);
    osdata_item_end(doc);
}

int osdata_gen_processes(struct rsp_buf *doc)
{
    osdata_begin(doc, "processes");
    int rc = osdata_each_pid(put_process, doc);
    osdata_end(doc);
    return rc;
}

/* procgroups: every process in a group (kernel threads are in none), by group then pid. */
struct member {
    pid_t pgid, pid;
};

struct members {
    struct member *v;
    size_t n, cap;
};

static void add_member(pid_t pid, void *ctx)
{
    struct members *m = ctx;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    long pgid = stat_field(path, 5);
    if (pgid <= 0)
        return;
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        struct member *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = (struct member){(pid_t)pgid, pid};
}

static int by_group(const void *a, const void *b)
{
    const struct member *x = a, *y = b;
    if (x->pgid != y->pgid)
        return x->pgid < y->pgid ? -1 : 1;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

int osdata_gen_procgroups(struct rsp_buf *doc)
{
    struct members m = {0};
    int rc = osdata_each_pid(add_member, &m);
    if (m.n)
        qsort(m.v, m.n, sizeof *m.v, by_group);
    osdata_begin(doc, "process groups");
    char leader[64], cmd[4096];
    for (size_t i = 0; i < m.n; i++) {
        if (i == 0 || m.v[i].pgid != m.v[i - 1].pgid)
            osdata_command_name(m.v[i].pgid, leader, sizeof leader);
        size_t n = osdata_command_line(m.v[i].pid, cmd, sizeof cmd);
        osdata_item_begin(doc);
        osdata_column_long(doc, "pgid", m.v[i].pgid);
        osdata_column(doc, "leader command", leader);
        osdata_column_long(doc, "pid", m.v[i].pid);
        osdata_column_n(doc, "command line", cmd, n);
        osdata_item_end(doc);
    }
    osdata_end(doc);
    free(m.v);
    return rc;
}

/* threads and files: one item per task or descriptor, headed by its process and command. */
struct per_process {
    struct rsp_buf *doc;
    pid_t pid;
    char comm[64];
};

static void put_thread(long tid, void *ctx)
{
    struct per_process *p = ctx;
    osdata_item_begin(p->doc);
    osdata_column_long(p->doc, "pid", p->pid);
    osdata_column(p->doc, "command", p->comm);
    osdata_column_long(p->doc, "tid", tid);
    osdata_column_long(p->doc, "core", task_core(p->pid, tid));
    osdata_item_end(p->doc);
}

static void put_file(long fd, void *ctx)
{
    struct per_process *p = ctx;
    char link[64], target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/%d/fd/%ld", p->pid, fd);
    ssize_t n = readlink(link, target, sizeof target);
    if (n < 0)
        return; /* closed meanwhile */
    osdata_item_begin(p->doc);
    osdata_column_long(p->doc, "pid", p->pid);
    osdata_column(p->doc, "command", p->comm);
    osdata_column_long(p->doc, "file descriptor", fd);
    osdata_column_n(p->doc, "name", target, (size_t)n);
    osdata_item_end(p->doc);
}

struct walk {
    struct rsp_buf *doc;
    const char *subdir;
    void (*fn)(long n, void *ctx);
};

static void walk_process(pid_t pid, void *ctx)
{
    struct walk *w = ctx;
    struct per_process p = {.doc = w->doc, .pid = pid};
    char path[64];
    osdata_command_name(pid, p.comm, sizeof p.comm);
    snprintf(path, sizeof path, "/proc/%d/%s", pid, w->subdir);
    each_number(path, w->fn, &p);
}

static int gen_per_process(struct rsp_buf *doc, const char *type, const char *subdir,
                           void (*fn)(long n, void *ctx))
{
    struct walk w = {doc, subdir, fn};
    osdata_begin(doc, type);
    int rc = osdata_each_pid(walk_process, &w);
    osdata_end(doc);
    return rc;
}

int osdata_gen_threads(struct rsp_buf *doc)
{
    return gen_per_process(doc, "threads", "task", put_thread);
}

int osdata_gen_files(struct rsp_buf *doc)
{
    return gen_per_process(doc, "files", "fd", put_file);
}
