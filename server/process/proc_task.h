/* What /proc says about a task that ptrace does not (proc_task.c). */
#ifndef ZSTUB_PROC_TASK_H
#define ZSTUB_PROC_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads a /proc stat file into buf; returns the fields after the command name, or NULL. */
const char *proc_stat_fields(const char *path, char *buf, size_t cap);
pid_t task_tgid(pid_t tid); /* 0 when unknown */
pid_t task_ppid(pid_t tid); /* its parent process (not the tracer); 0 when unknown */
bool task_alive(pid_t tid);
int task_exit_signal(pid_t tid);       /* the signal its exit sends its parent; -1 when unknown */
char task_state(pid_t pid, pid_t tid); /* R, S, D, T, t, Z, X...; 0 when unknown */
/* The PC and SP of a task blocked in the kernel, as /proc/PID/task/TID/syscall shows them
 * (ptrace cannot read a task that has not stopped); false if unknown. */
bool task_blocked_pc_sp(pid_t pid, pid_t tid, uint64_t *pc, uint64_t *sp);

#endif
