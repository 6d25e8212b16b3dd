/* sleeper: a target for attach and detach. Prints its pid, works for a given
 * number of seconds (argv[1], default 5) in short sleeps, then prints a final
 * line and exits 0, so a test can see it ran to completion on its own. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
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
    struct timespec start, now;
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("pid=%d\n", (int)getpid());
    clock_gettime(CLOCK_MONOTONIC, &start);
    do {
        tick();
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
    printf("sleeper done after %d ticks\n", ticks);
    return 0;
}
