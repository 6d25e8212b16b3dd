/* clone() without CLONE_THREAD and without SIGCHLD as its exit signal: the kernel reports it to
 * the tracer as a new thread (PTRACE_EVENT_CLONE), though it is a thread group of its own. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(void *arg)
{
    syscall(SYS_tkill, (pid_t)syscall(SYS_gettid), SIGUSR1); /* @child_signals */
    return 0;
}

int main(void)
{
    size_t size = 64 * 1024;
    char *stack = malloc(size);
    int pid = clone(child, stack + size, CLONE_FILES, NULL);
    if (pid < 0)
        return 2;
    for (int i = 0; i < 500; i++) { /* the child has no exit signal: wait by polling */
        if (waitpid(pid, NULL, __WALL | WNOHANG) == pid)
            return 0;
        usleep(10000);
    }
    return 1;
}
