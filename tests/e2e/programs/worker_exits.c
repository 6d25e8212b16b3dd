/* A worker thread ends the whole process with exit() while main waits in pthread_join: under
 * scheduler-locking only the worker runs, and the process's exit must still be reported. */
#include <pthread.h>
#include <stdlib.h>

static void *worker(void *arg)
{
    exit(7); /* @worker_exit */
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    return 0;
}
