/* usr1_count: NWORKERS threads call hit_me() HITS times each (argv[1], default 200) while a
 * sender thread signals the process with SIGUSR1 every 2 ms, the next one only once the handler
 * counted the previous one, so two are never pending at once and none can merge with another.
 * Prints how many were sent and how many the handler counted: a signal the debugger lost
 * shows as handled < sent (then the sender stops, waiting for it). The last one may still be
 * on its way at the end: main waits up to argv[2] ms (default 5000) for it. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NWORKERS 4

static int hits_per_thread = 200;
static long calls, handled, sent;
static int done;

static void on_usr1(int sig)
{
    (void)sig;
    __atomic_fetch_add(&handled, 1, __ATOMIC_SEQ_CST);
}

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

__attribute__((noinline)) void hit_me(void)
{
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); /* @hit_me_body */
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < hits_per_thread; i++) {
        hit_me();
        pause_us(200);
    }
    return NULL;
}

static void *sender(void *arg)
{
    (void)arg;
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* the signal goes to the other threads */
    while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST)) {
        if (__atomic_load_n(&handled, __ATOMIC_SEQ_CST) == sent) {
            sent++;
            kill(getpid(), SIGUSR1);
        }
        pause_us(2000);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t workers[NWORKERS], snd;
    int last_wait_ms = argc > 2 ? atoi(argv[2]) : 5000;
    if (argc > 1)
        hits_per_thread = atoi(argv[1]);
    signal(SIGUSR1, on_usr1);
    pthread_create(&snd, NULL, sender, NULL);
    for (int k = 0; k < NWORKERS; k++)
        pthread_create(&workers[k], NULL, worker, NULL);
    for (int k = 0; k < NWORKERS; k++)
        pthread_join(workers[k], NULL);
    __atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
    pthread_join(snd, NULL);
    for (int k = 0; k < last_wait_ms && __atomic_load_n(&handled, __ATOMIC_SEQ_CST) != sent; k++)
        pause_us(1000);
    printf("calls=%ld sent=%ld handled=%ld\n", calls, sent, handled);
    return handled == sent ? 0 : 1;
}
