/* thousand_threads: 1000 threads, created and joined 100 at a time. Each calls counted() once;
 * main alone writes main_progress after each batch. Prints how many calls and writes there were,
 * for the debugger's hit counts to be compared with. */
#include <pthread.h>
#include <stdio.h>

#define BATCHES 10
#define PER_BATCH 100

int main_progress;
static long calls;

__attribute__((noinline)) void counted(void)
{
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); /* @counted_body */
}

static void *worker(void *arg)
{
    counted();
    return arg;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    int created = 0, writes = 0;
    for (int b = 0; b < BATCHES; b++) {
        pthread_t t[PER_BATCH];
        for (int i = 0; i < PER_BATCH; i++)
            if (pthread_create(&t[i], &attr, worker, NULL) == 0)
                created++;
        for (int i = 0; i < PER_BATCH; i++)
            pthread_join(t[i], NULL);
        main_progress = b + 1; /* @progress */
        writes++;
    }
    printf("thousand_threads created=%d calls=%ld writes=%d\n", created, calls, writes);
    return created == BATCHES * PER_BATCH ? 0 : 1;
}
