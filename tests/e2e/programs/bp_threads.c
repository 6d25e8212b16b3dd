/* bp_threads: 8 threads each call hit_me() HITS times (argv[1], default 500).
 * The program counts the calls itself and prints the total, so a test can
 * compare it with the number of breakpoint hits gdb saw. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 8

static int hits_per_thread = 500;
static long calls = 0;

/* noinline: every call must execute the breakpointed instruction. */
__attribute__((noinline)) void hit_me(int who)
{
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); /* @hit_me_body */
    (void)who;
}

static void *caller(void *arg)
{
    for (int i = 0; i < hits_per_thread; i++)
        hit_me((int)(long)arg);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tids[NTHREADS];
    if (argc > 1)
        hits_per_thread = atoi(argv[1]);
    for (long k = 0; k < NTHREADS; k++)
        pthread_create(&tids[k], NULL, caller, (void *)k);
    for (int k = 0; k < NTHREADS; k++)
        pthread_join(tids[k], NULL);
    printf("calls=%ld\n", calls);
    return 0;
}
