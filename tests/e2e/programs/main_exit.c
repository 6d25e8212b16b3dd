/* The main thread leaves with SYS_exit (not exit_group) while a worker keeps running. */
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

static int worker_done(int v)
{
    return v + 1; /* @worker_bp */
}

static void *worker(void *arg)
{
    (void)arg;
    usleep(300 * 1000); /* let the main thread exit first */
    syscall(SYS_exit, worker_done(41));
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    syscall(SYS_exit, 47);
    return 0;
}
