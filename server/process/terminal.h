/* A launched program's process group gets the stub's terminal (see terminal.c). */
#pragma once

#include <sys/types.h>

/* Makes pgrp the foreground group of the terminal the stub was the foreground of (if any). */
void terminal_give(pid_t pgrp);
