/* T threads each call hit() N/T times at once, then main calls
 * bench_done(). Measures breakpoint hits that race in several threads:
 * the stub must stop all threads and report one event at a time.
 * Usage: threads_calls N T */
#include <pthread.h>
#include <stdlib.h>

volatile long sum;
static int per_thread;

void __attribute__((noinline)) hit(int i)
{
    sum += i;
}

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < per_thread; i++)
        hit(i);
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int t = argc > 2 ? atoi(argv[2]) : 8;
    pthread_t tids[256];
    if (t < 1 || t > 256)
        return 2;
    per_thread = n / t;
    for (int i = 0; i < t; i++)
        pthread_create(&tids[i], NULL, worker, NULL);
    for (int i = 0; i < t; i++)
        pthread_join(tids[i], NULL);
    bench_done();
    return 0;
}
