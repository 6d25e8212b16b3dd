/* The terminal the stub was started from, if any. A launched program runs in a process group of
 * its own, made the terminal's foreground group (as under gdbserver): it reads the keyboard, a
 * Ctrl-C typed there interrupts it (gdb hears of a SIGINT stop), and when the stub's terminal
 * session ends (the stub was its leader) the hang-up goes to the stub's group, not to a program
 * that was detached and lives on. The stub takes the terminal back when it exits. */
#include "terminal.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

static int term_fd = -1; /* the terminal whose foreground group the stub was */
static pid_t stub_pgrp;

/* tcsetpgrp from a background group raises SIGTTOU: blocked for the call. */
static void set_foreground(pid_t pgrp)
{
    sigset_t ttou, old;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    sigprocmask(SIG_BLOCK, &ttou, &old);
    (void)tcsetpgrp(term_fd, pgrp);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void take_back(void)
{
    if (term_fd >= 0)
        set_foreground(stub_pgrp);
}

void terminal_give(pid_t pgrp)
{
    if (term_fd < 0) {
        for (int fd = 0; fd <= 2 && term_fd < 0; fd++) {
            if (isatty(fd) && tcgetpgrp(fd) == getpgrp()) {
                term_fd = fd;
                stub_pgrp = getpgrp();
                atexit(take_back);
            }
        }
    }
    if (term_fd >= 0)
        set_foreground(pgrp);
}
