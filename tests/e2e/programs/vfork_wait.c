/* vfork_wait: a worker thread calls tick() every 20 ms while main vforks a child that sleeps
 * argv[1] ms before it exits: main is blocked in the kernel all that time (a vfork parent cannot
 * be stopped until its child execs or exits). The child prints its pid first. Once main is back,
 * the worker stops and the program exits 0. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int back;

__attribute__((noinline)) void tick(void)
{
    __asm__ volatile("" ::: "memory"); /* @tick */
}

static void *worker(void *arg)
{
    struct timespec ts = {0, 20 * 1000000L};
    while (!__atomic_load_n(&back, __ATOMIC_ACQUIRE)) {
        tick();
        nanosleep(&ts, NULL);
    }
    return arg;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    long ms = argc > 1 ? atol(argv[1]) : 3000;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pid_t child = vfork();
    if (child == 0) {
        /* Only system calls in a vfork child: it shares main's stack. */
        char line[64];
        int n = snprintf(line, sizeof line, "child pid=%ld\n", (long)syscall(SYS_getpid));
        if (write(1, line, (size_t)n) < 0)
            _exit(2);
        struct timespec nap = {ms / 1000, (ms % 1000) * 1000000L};
        syscall(SYS_nanosleep, &nap, NULL);
        _exit(0);
    }
    printf("main back from vfork (child %d)\n", (int)child); /* @back */
    __atomic_store_n(&back, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    puts("vfork_wait done");
    return 0;
}
