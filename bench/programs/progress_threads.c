/* T threads count in a loop; one of them (the hitter) also calls tick() H times, one call per
 * GAP_US microseconds of its own counting. The others' progress during the hitter's calls, in
 * counts per second, goes to OUTFILE ("rate=R hits=H seconds=S"), so that a run under a
 * debugger that stops at tick() can be compared with a run without one: what stopping one
 * thread costs all the others (non-stop should cost them nothing; all-stop stops them all).
 * Usage: progress_threads T H GAP_US OUTFILE */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_THREADS 256

struct counter {
    volatile unsigned long n;
    char pad[64 - sizeof(unsigned long)]; /* one cache line each: no false sharing */
};

static struct counter counters[MAX_THREADS];
static atomic_int started;
static atomic_int stop;
static int nthreads, hits;
static long gap_ns;
static double rate, seconds;

void __attribute__((noinline)) tick(int i)
{
    __asm__ volatile("" ::"r"(i));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long others_total(void)
{
    unsigned long sum = 0;
    for (int i = 1; i < nthreads; i++)
        sum += counters[i].n;
    return sum;
}

static void *counting(void *arg)
{
    struct counter *c = arg;
    atomic_fetch_add(&started, 1);
    while (!atomic_load_explicit(&stop, memory_order_relaxed))
        c->n++;
    return NULL;
}

/* Thread 0: counts too, and calls tick() once per gap of its own counting time. */
static void *hitter(void *arg)
{
    (void)arg;
    atomic_fetch_add(&started, 1);
    while (atomic_load(&started) < nthreads)
        counters[0].n++;
    double t0 = now();
    unsigned long base = others_total();
    for (int i = 0; i < hits; i++) {
        struct timespec from;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &from);
        for (;;) {
            for (int k = 0; k < 1024; k++)
                counters[0].n++;
            struct timespec at;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &at);
            if ((at.tv_sec - from.tv_sec) * 1000000000L + (at.tv_nsec - from.tv_nsec) >= gap_ns)
                break;
        }
        tick(i);
    }
    seconds = now() - t0;
    rate = (others_total() - base) / seconds;
    atomic_store(&stop, 1);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    nthreads = atoi(argv[1]);
    hits = atoi(argv[2]);
    gap_ns = atol(argv[3]) * 1000L;
    if (nthreads < 2 || nthreads > MAX_THREADS || hits < 1)
        return 2;
    pthread_t tids[MAX_THREADS];
    pthread_create(&tids[0], NULL, hitter, NULL);
    for (int i = 1; i < nthreads; i++)
        pthread_create(&tids[i], NULL, counting, &counters[i]);
    for (int i = 0; i < nthreads; i++)
        pthread_join(tids[i], NULL);
    FILE *f = fopen(argv[4], "w");
    if (!f)
        return 1;
    fprintf(f, "rate=%.0f hits=%d seconds=%.3f\n", rate, hits, seconds);
    return fclose(f) ? 1 : 0;
}
