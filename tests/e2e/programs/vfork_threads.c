/* vfork_threads: several threads vfork at once (LLDB's TestConcurrentVFork): each child exits
 * with 10 + its index, the parent reaps them all and exits 0 if every child exited as expected.
 * With argv[1] = "fork", fork() instead of vfork(). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NTHREADS 5

static int use_fork;
static pid_t children[NTHREADS];

static void *spawn(void *arg)
{
    int index = (int)(intptr_t)arg;
    pid_t pid = use_fork ? fork() : vfork();
    if (pid == 0)
        _exit(10 + index);
    children[index] = pid;
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t threads[NTHREADS];
    use_fork = argc > 1 && strcmp(argv[1], "fork") == 0;
    int ready = 1; /* @ready */
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&threads[i], NULL, spawn, (void *)(intptr_t)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < NTHREADS; i++) {
        int status;
        if (children[i] <= 0 || waitpid(children[i], &status, 0) != children[i] ||
            !WIFEXITED(status) || WEXITSTATUS(status) != 10 + i)
            return 1;
    }
    printf("all %d children done\n", NTHREADS);
    return ready - 1;
}
