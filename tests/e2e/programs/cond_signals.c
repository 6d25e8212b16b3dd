/* A function called many times while a fast interval timer keeps interrupting the program:
 * step-overs of a breakpoint with a false target-side condition get hit by signals.
 * Setting `quiet` (from gdb) ends the storm at the next tick: a debugger that steps over a
 * breakpoint itself cannot finish the step while a signal arrives during every round trip of
 * its own. Prints how many calls and how many timer signals happened. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

static volatile long calls;
static volatile long ticks;
volatile int quiet;

static void on_alarm(int sig)
{
    (void)sig;
    ticks++;
    if (quiet) {
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
    }
}

void __attribute__((noinline)) f(int i)
{
    calls += i >= 0; /* f_body */
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 200}, {0, 200}};
    setitimer(ITIMER_REAL, &it, NULL);
    for (int i = 0; i < n; i++)
        f(i);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("calls=%ld ticks=%ld\n", calls, ticks);
    return 0;
}
