/* fork_at_hit: a thread forks just as main reaches hit() (a barrier lets both go, main spins a
 * few microseconds so that the fork is under way when it gets there), five times over. Every
 * child prints "child N ran" and exits; the parent waits for each, then prints "all children
 * ran". A child left stopped by its debugger keeps that line from ever coming. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5

static pthread_barrier_t go;

__attribute__((noinline)) void hit(int round)
{
    __asm__ volatile("" ::"r"(round) : "memory"); /* @hit */
}

static void spin_us(long us)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while ((b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000 < us);
}

static void *forker(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        pthread_barrier_wait(&go);
        pid_t p = fork();
        if (p == 0) {
            printf("child %d ran\n", i);
            _exit(0);
        }
        waitpid(p, NULL, 0);
    }
    return arg;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    alarm(60); /* never outlive a test */
    pthread_barrier_init(&go, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, forker, NULL);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_barrier_wait(&go);
        spin_us(30);
        hit(i);
    }
    pthread_join(t, NULL);
    printf("all children ran\n");
    return 0;
}
