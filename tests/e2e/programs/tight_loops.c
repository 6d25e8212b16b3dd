/* Two threads spin on a one-instruction loop: a breakpoint there is hit by both at once on every
 * continue, so which one gdb hears of shows whether the stub is fair (gdb's
 * continue-pending-status). */
#include <pthread.h>
#include <unistd.h>

static pthread_barrier_t barrier;

static void *spinner(void *arg)
{
    pthread_barrier_wait(&barrier);
    while (1) /* @tight_loop */
        ;
    return arg;
}

int main(void)
{
    pthread_t t;
    alarm(300);
    pthread_barrier_init(&barrier, NULL, 2);
    for (int i = 0; i < 2; i++)
        pthread_create(&t, NULL, spinner, NULL);
    for (;;)
        sleep(1);
}
