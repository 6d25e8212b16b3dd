/* What /proc says about a task (a thread or a process) that ptrace does not: its thread group,
 * its state letter, whether it still exists, the signal its exit sends. */
#include "proc_task.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The fields of a /proc stat file after the command name (from field 3, the state, on), in buf;
 * NULL if unreadable. The name may hold spaces and parentheses: the last ')' ends it. */
const char *proc_stat_fields(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' ? paren + 2 : NULL;
}

/* A pid-valued field of /proc/TID/status ("Tgid: %d"), 0 when unknown. */
static pid_t status_pid_field(pid_t tid, const char *format)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    pid_t val = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, format, &val) == 1)
            break;
    fclose(f);
    return val;
}

pid_t task_tgid(pid_t tid)
{
    return status_pid_field(tid, "Tgid: %d");
}

pid_t task_ppid(pid_t tid)
{
    return status_pid_field(tid, "PPid: %d");
}

/* Not tgkill: a clone without CLONE_THREAD is a thread to us but has a thread group of its own. */
bool task_alive(pid_t tid)
{
    return syscall(SYS_tkill, tid, 0) == 0 || errno != ESRCH;
}

/* The signal a task sends its parent when it exits (stat field 38), -1 if unknown. The kernel
 * reports a child as a fork exactly when that is SIGCHLD (and not a vfork), as a clone otherwise:
 * a new task whose first stop comes before its creator's event is told apart by it. */
int task_exit_signal(pid_t tid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", tid);
    const char *p = proc_stat_fields(path, buf, sizeof buf);
    for (int field = 3; p && field < 38; field++) {
        p = strchr(p, ' ');
        p = p ? p + 1 : NULL;
    }
    return p ? atoi(p) : -1;
}

/* The state letter of a task in /proc ('R', 'S', 't', 'Z' ...), or 0 if it is gone. */
char task_state(pid_t pid, pid_t tid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
    const char *p = proc_stat_fields(path, buf, sizeof buf);
    return p ? p[0] : 0;
}

bool task_blocked_pc_sp(pid_t pid, pid_t tid, uint64_t *pc, uint64_t *sp)
{
    /* "NR ARG1 .. ARG6 SP PC" in a system call, "-1 SP PC" blocked elsewhere in the kernel. */
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", pid, tid);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *field[9];
    int nf = 0;
    for (char *save = NULL, *w = strtok_r(buf, " \n", &save); w && nf < 9;
         w = strtok_r(NULL, " \n", &save))
        field[nf++] = w;
    if (nf != 9 && nf != 3)
        return false;
    *sp = strtoull(field[nf - 2], NULL, 0);
    *pc = strtoull(field[nf - 1], NULL, 0);
    return true;
}
