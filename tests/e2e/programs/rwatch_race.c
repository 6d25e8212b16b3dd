/* rwatch_race: one thread only ever writes `x` (changing it each time) while
 * the main thread keeps hitting a breakpoint in hit_me(). Nothing reads x, so
 * a read watchpoint on it must never stop, even when a write's trap is still
 * pending while the breakpoint stop of the other thread is reported. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

volatile int x;
static int rounds = 2000;

__attribute__((noinline)) void hit_me(void)
{
    asm volatile("" ::: "memory"); /* @hit_me_body */
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= rounds; i++)
        x = i; /* a store only: volatile keeps it, nothing loads x back */
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t tid;
    if (argc > 1)
        rounds = atoi(argv[1]);
    pthread_create(&tid, NULL, writer, NULL);
    for (int i = 0; i < rounds; i++)
        hit_me();
    pthread_join(tid, NULL);
    printf("rwatch_race done rounds=%d\n", rounds);
    return 0;
}
