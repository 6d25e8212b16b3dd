/* Handing the stub's terminal to a launched program (see terminal.h). */
#include "terminal.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

static pid_t stub_group;    /* the foreground group found the first time: the stub's */
static bool checked, owned; /* whether the stub had the terminal in the foreground */

static void give_back(void)
{
    tcsetpgrp(STDERR_FILENO, stub_group);
}

void terminal_give(pid_t pgrp)
{
    if (!checked) {
        checked = true;
        stub_group = getpgrp();
        /* Not a terminal, or a terminal some other group (a shell, gdb on a pipe to us) has
         * in the foreground: not ours to give. */
        owned = isatty(STDERR_FILENO) && tcgetpgrp(STDERR_FILENO) == stub_group;
        if (!owned)
            return;
        /* From the background, a write with TOSTOP set or a tcsetpgrp would stop the stub. */
        signal(SIGTTOU, SIG_IGN);
        signal(SIGTTIN, SIG_IGN);
        atexit(give_back);
    }
    if (owned)
        tcsetpgrp(STDERR_FILENO, pgrp);
}
