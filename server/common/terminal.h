/* The stub's terminal and the programs it launches (gdbserver's way): each program leads a
 * process group of its own and is made the terminal's foreground group, so what it does with
 * the terminal (read it, change its settings, get its Ctrl-C) is as when run from a shell. Of
 * two programs launched one after the other, the first is then in the background, and changing
 * the terminal's settings stops it with SIGTTOU (gdb.multi/multi-term-settings.exp). */
#ifndef ZSTUB_TERMINAL_H
#define ZSTUB_TERMINAL_H

#include <sys/types.h>

/* Hands the terminal on stderr to process group pgrp, when the stub itself had it in the
 * foreground the first time; the stub then ignores SIGTTOU and SIGTTIN (it still writes its
 * log there), and gives the terminal back to its own group when it exits. */
void terminal_give(pid_t pgrp);

#endif
