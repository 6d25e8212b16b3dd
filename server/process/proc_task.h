/* What /proc says about a task that ptrace does not (proc_task.c). */
#ifndef ZSTUB_PROC_TASK_H
#define ZSTUB_PROC_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Reads a /proc stat file into buf; returns the fields after the command name, or NULL. */
const char *proc_stat_fields(const char *path, char *buf, size_t cap);
pid_t task_tgid(pid_t tid); /* 0 when unknown */
bool task_alive(pid_t tid);
int task_exit_signal(pid_t tid);       /* the signal its exit sends its parent; -1 when unknown */
char task_state(pid_t pid, pid_t tid); /* R, S, D, T, t, Z, X...; 0 when unknown */

#endif
