/* threads: main plus 8 named workers ("worker-0".."worker-7"), all alive at the
 * marked line in main. Workers loop in `worker` until main tells them to stop,
 * so each has `worker` on its stack and one of them can be stepped.
 * With the argument "wait" main keeps them running until it gets SIGUSR2
 * (a target for attach: it prints its pid once every worker runs). */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NWORKERS 8

static pthread_barrier_t ready;
static volatile int stop = 0;
static volatile unsigned long work[NWORKERS];
/* How long main lets the workers run; a test raises it to keep them going. */
static volatile int linger_ms = 300;

static void *worker(void *arg)
{
    int idx = (int)(long)arg;
    char name[16];
    snprintf(name, sizeof name, "worker-%d", idx);
    pthread_setname_np(pthread_self(), name);
    pthread_barrier_wait(&ready);
    while (!stop) {
        work[idx]++;  /* @worker_loop */
        usleep(1000); /* @worker_sleep */
    }
    return NULL;
}

static volatile sig_atomic_t release = 0;

static void on_usr2(int sig)
{
    release = sig;
}

/* A place to stop once every worker is running and named. */
static void threads_ready(void)
{
    puts("all workers running"); /* @threads_ready */
}

int main(int argc, char **argv)
{
    pthread_t tids[NWORKERS];
    int wait_for_signal = argc > 1 && strcmp(argv[1], "wait") == 0;
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGUSR2, on_usr2);
    pthread_barrier_init(&ready, NULL, NWORKERS + 1);
    for (long i = 0; i < NWORKERS; i++)
        pthread_create(&tids[i], NULL, worker, (void *)i);
    pthread_barrier_wait(&ready);
    threads_ready();
    if (wait_for_signal) {
        printf("pid=%d\n", (int)getpid());
        while (!release)
            usleep(10 * 1000);
    } else {
        usleep(linger_ms * 1000);
    }
    stop = 1;
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(tids[i], NULL);
    printf("joined %d workers\n", NWORKERS);
    return 0;
}
