/* Two threads run the same loop over one line: a breakpoint there is hit by both, often at the
 * same moment, while gdb steps one of them. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile int counters[2];

static void *looper(void *arg)
{
    int idx = (int)(long)arg;
    for (int i = 0; i < 100000; i++) {
        counters[idx]++; /* @shared_line */
        counters[idx]--;
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, looper, (void *)i);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}
