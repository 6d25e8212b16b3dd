/* busy_threads: argv[1] worker threads keep calling hit() (every 2 ms), until the file argv[2]
 * exists; one more thread meanwhile sleeps argv[3] ms at a time in a raw nanosleep system call
 * whose instruction is labelled sleep_syscall. Then every worker writes `watched`, calls
 * hw_site() and hit() once more and exits; main joins them all and prints "busy_threads done".
 * Every place a debugger may have marked runs after it is gone: a trap left in the code, a debug
 * register left armed or a trap signal left pending kills the program with SIGTRAP. Prints
 * "pid=N" first and "ready threads=N" once every thread runs. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define GO_WAIT_TICKS 12000 /* of 10 ms of the program's own running time: 2 minutes */
#define MAX_THREADS 1000

int watched;
static long calls;
static int go;
static struct timespec nap;

__attribute__((noinline)) void hit(void)
{
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); /* @hit_body */
}

__attribute__((noinline)) void hw_site(void)
{
    __asm__ volatile("" ::: "memory");
}

/* One nanosleep, by hand, so that a breakpoint can sit on the system call instruction itself. */
__attribute__((noinline)) static long sleep_once(void)
{
    long ret;
    __asm__ volatile(".globl sleep_syscall\nsleep_syscall:\n\tsyscall"
                     : "=a"(ret)
                     : "a"((long)SYS_nanosleep), "D"(&nap), "S"(0L)
                     : "rcx", "r11", "memory");
    return ret;
}

static void *worker(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE)) {
        hit();
        for (volatile int i = 0; i < 200; i++)
            ;
        usleep(2000); /* busy, but leaving the machine to the debugger and the test */
    }
    __atomic_fetch_add(&watched, 1, __ATOMIC_RELAXED);
    hw_site();
    hit();
    return NULL;
}

static void *sleeper(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
        sleep_once();
    return NULL;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 4)
        return 2;
    int n = atoi(argv[1]);
    if (n < 1 || n > MAX_THREADS)
        return 2;
    long ms = atol(argv[3]);
    nap.tv_sec = ms / 1000;
    nap.tv_nsec = (ms % 1000) * 1000000L;
    printf("pid=%d\n", getpid());
    static pthread_t threads[MAX_THREADS + 1];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 0; i < n; i++)
        if (pthread_create(&threads[i], &attr, worker, NULL) != 0)
            return 4;
    if (pthread_create(&threads[n], &attr, sleeper, NULL) != 0)
        return 4;
    printf("ready threads=%d\n", n + 1); /* @ready */
    for (int tick = 0; access(argv[2], F_OK) != 0; tick++) {
        if (tick >= GO_WAIT_TICKS) {
            puts("busy_threads: go file never came");
            return 3;
        }
        usleep(10000);
    }
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    for (int i = 0; i <= n; i++)
        pthread_join(threads[i], NULL);
    printf("busy_threads done threads=%d watched=%d\n", n + 1, watched);
    return 0;
}
