/* step_signal: a one-shot real-time timer fires while the debugger holds the program at a
 * breakpoint, so the signal is pending when the user next steps. The handler sets `done`, which
 * ends the loop at @loop. */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>

static volatile int done;
static volatile int dummy;

static void on_alarm(int sig)
{
    done = sig; /* @handler */
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGALRM, on_alarm);
    struct itimerval once = {{0, 0}, {0, 200 * 1000}};
    setitimer(ITIMER_REAL, &once, NULL);
    dummy = 1;    /* @before */
    dummy = 2;    /* @after */
    while (!done) /* @loop */
        ;
    printf("done=%d\n", done);
    return 0;
}
