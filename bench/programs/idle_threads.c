/* Starts T threads that block (not spin: 2 cores cannot carry 500
 * spinners fairly), then either
 *   mode calls:  main calls hit() N times and bench_done(), so every
 *                stop makes the stub stop and resume all T+1 threads;
 *   mode attach: main prints "ready" and blocks, waiting for a stub to
 *                attach to a process that already has T+1 threads.
 * Usage: idle_threads T calls N | idle_threads T attach */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile long sum;
static int block_pipe[2];

void __attribute__((noinline)) hit(int i)
{
    sum += i;
}

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

static void *idle(void *arg)
{
    char c;
    (void)arg;
    /* Nobody ever writes: the thread sleeps in read() until killed. */
    while (read(block_pipe[0], &c, 1) != 0)
        ;
    return NULL;
}

int main(int argc, char **argv)
{
    int t = argc > 1 ? atoi(argv[1]) : 500;
    const char *mode = argc > 2 ? argv[2] : "calls";
    int n = argc > 3 ? atoi(argv[3]) : 100;
    pthread_attr_t attr;
    pthread_t tid;
    if (pipe(block_pipe) != 0)
        return 2;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024); /* 500 threads, little memory */
    for (int i = 0; i < t; i++)
        if (pthread_create(&tid, &attr, idle, NULL) != 0)
            return 3;
    if (strcmp(mode, "attach") == 0) {
        printf("ready\n");
        fflush(stdout);
        for (;;)
            pause();
    }
    for (int i = 0; i < n; i++)
        hit(i);
    bench_done();
    return 0;
}
