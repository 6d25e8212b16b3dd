/* A __thread variable with a different value in each of two threads, both stopped at
 * the same line. */
#include <pthread.h>

__thread int tls_value = 5;
static pthread_barrier_t barrier;

static void *worker(void *arg)
{
    tls_value = 2000;
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier); /* @worker_waits */
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_barrier_init(&barrier, NULL, 2);
    tls_value = 1000;
    pthread_create(&t, NULL, worker, NULL);
    pthread_barrier_wait(&barrier);
    tls_value += 1; /* @main_ready */
    pthread_barrier_wait(&barrier);
    pthread_join(t, NULL);
    return 0;
}
