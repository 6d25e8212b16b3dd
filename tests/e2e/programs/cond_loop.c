/* cond_loop: argv[1] threads loop over one line (@loop_line) for good. A breakpoint there whose
 * condition is never true (always_zero) makes the stub step every thread over it again and
 * again, without a word to the client: a storm of wait statuses that must never keep the stub
 * from reading the client's next packet (a Ctrl-C, a stop request). main calls all_started()
 * once every thread runs, then sleeps. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

volatile int always_zero;
volatile unsigned long dummy;
static volatile int started;

static void *loop(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    for (;;)
        dummy++; /* @loop_line */
    return NULL;
}

void all_started(void) {}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 8;
    pthread_t t;
    for (int i = 0; i < n; i++)
        pthread_create(&t, NULL, loop, NULL);
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
        usleep(1000);
    all_started();
    for (;;)
        pause();
}
