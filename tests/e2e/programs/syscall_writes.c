/* syscall_writes: N writes to /dev/null (N = argv[1], default 10), each between other system
 * calls the client does not catch (getpid, kill(pid, 0)), then a mark. With "threads" as argv[2],
 * two workers do the same N writes each and call `worker_done` when finished; main joins them and
 * waits 0.3 s before it ends. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int devnull;
static int count = 10;

static void writes(void)
{
    for (int i = 0; i < count; i++) {
        getpid();
        if (write(devnull, "x", 1) != 1) /* @write_call */
            abort();
        kill(getpid(), 0);
    }
}

void worker_done(void)
{
    __asm__ volatile("" ::: "memory"); /* @worker_done */
}

static void *worker(void *arg)
{
    writes();
    worker_done();
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        count = atoi(argv[1]);
    devnull = open("/dev/null", O_WRONLY);
    if (argc > 2 && strcmp(argv[2], "threads") == 0) {
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            pthread_create(&t[i], NULL, worker, NULL);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        /* pthread_join returns as the kernel clears the thread id, a moment before the thread
         * is gone for its tracer: give its exit time to be seen before the process ends. */
        usleep(300000);
    } else {
        writes();
    }
    close(devnull); /* @after_writes */
    return 0;
}
