/* sleeper: a target for attach and detach. Prints its pid, works for a given
 * number of seconds (argv[1], default 5) in 100 ms sleeps, then prints a final
 * line and exits 0, so a test can see it ran to completion on its own.
 * The seconds count ticks, not the clock: time spent stopped under a debugger
 * (however slow the debugger or the machine) does not use them up. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

volatile int ticks = 0;

static void tick(void)
{
    ticks++; /* @tick */
    usleep(100 * 1000);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 5.0;
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("pid=%d\n", (int)getpid());
    do
        tick();
    while (ticks < seconds * 10);
    printf("sleeper done after %d ticks\n", ticks);
    return 0;
}
