/* main waits in pthread_join while a worker stops at a breakpoint: gdb then sends a signal to
 * main, which sits in an interrupt stop (not a signal-delivery stop). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static volatile int handled;

void on_usr1(int sig)
{
    handled = sig; /* @handler_body */
}

void *worker(void *arg)
{
    return arg; /* @worker_body */
}

int main(void)
{
    pthread_t t;
    signal(SIGUSR1, on_usr1);
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("handled=%d\n", handled);
    return handled == SIGUSR1 ? 0 : 1;
}
