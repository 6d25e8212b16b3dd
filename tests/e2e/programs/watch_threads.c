/* watch_threads: N writer threads ("writer-0".."writer-{N-1}", N from argv[1],
 * default 4) each write the watched global `shared` ROUNDS times under a mutex.
 * Writer k writes 10 * round + k + 1: every write changes the value, and the
 * last digit names the writer, so a test can check who gdb says wrote it.
 * The threads are created after main starts, so a watchpoint set at main must
 * reach threads that do not exist yet. */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_WRITERS 8
#define ROUNDS 3

int shared = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;

static void *writer(void *arg)
{
    int k = (int)(long)arg;
    char name[16];
    snprintf(name, sizeof name, "writer-%d", k);
    pthread_setname_np(pthread_self(), name);
    /* Everyone starts together, so the writes race for the mutex. */
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS; round++) {
        pthread_mutex_lock(&lock);
        shared = 10 * round + k + 1; /* @shared_write */
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4;
    pthread_t tids[MAX_WRITERS];
    if (n < 1 || n > MAX_WRITERS)
        return 2;
    pthread_barrier_init(&start, NULL, n);
    for (long k = 0; k < n; k++)
        pthread_create(&tids[k], NULL, writer, (void *)k);
    for (int k = 0; k < n; k++)
        pthread_join(tids[k], NULL);
    printf("writers=%d shared=%d\n", n, shared);
    return 0;
}
