/* 1000 threads meet at a barrier and each calls _exit: the first to get there ends the process
 * while the stub may still be resuming the others (gdb.threads/process-dies-while-detaching). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define NTHREADS 1000

static pthread_barrier_t barrier;
int watched = 1; /* watched by gdb: each resume also programs the debug registers */

static void *dier(void *arg)
{
    pthread_barrier_wait(&barrier);
    _exit(0);
    return arg;
}

int main(void)
{
    pthread_t t;
    alarm(300);
    pthread_barrier_init(&barrier, NULL, NTHREADS + 1);
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t, NULL, dier, NULL);
    pthread_barrier_wait(&barrier);
    exit(0);
}
