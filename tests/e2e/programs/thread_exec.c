/* thread_exec: a thread execs argv[2] with the argument "from-thread". argv[1] says which, and
 * what the others do meanwhile: "exit" (a thread execs after the leader's pthread_exit: a zombie
 * until the exec), "join" (a thread execs while the leader waits in pthread_join), "leader" (the
 * leader execs while a thread waits in pause). The execing thread calls before_exec() first, once
 * the others are in that state, so a breakpoint there stops the program in it. The exec is the
 * system call instruction at my_execve_syscall, for a breakpoint on it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

#if defined(__x86_64__)
__asm__(".text\n.globl my_execve\n.type my_execve, @function\nmy_execve:\n"
        "  mov $59, %eax\n.globl my_execve_syscall\nmy_execve_syscall:\n  syscall\n  ret\n"
        ".size my_execve, .-my_execve\n");
#elif defined(__aarch64__)
__asm__(".text\n.globl my_execve\n.type my_execve, %function\nmy_execve:\n"
        "  mov x8, #221\n.globl my_execve_syscall\nmy_execve_syscall:\n  svc #0\n  ret\n"
        ".size my_execve, .-my_execve\n");
#else
#define my_execve execve
#endif
long my_execve(const char *path, char *const argv[], char *const envp[]);

static char **args;
static pid_t leader, other;

__attribute__((noinline)) void before_exec(void)
{
    __asm__ volatile("" ::: "memory"); /* @before_exec */
}

/* The state letter in /proc of thread tid (Z: exited, S: blocked), or 0. */
static char task_state(pid_t tid)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    char *p = fgets(line, sizeof line, f) ? strrchr(line, ')') : NULL;
    fclose(f);
    return p && p[1] == ' ' ? p[2] : 0;
}

static void exec_once(pid_t waiter, char want)
{
    for (int i = 0; i < 5000 && (waiter == 0 || task_state(waiter) != want); i++) /* 5 s at most */
        usleep(1000);
    before_exec();
    char *argv[] = {args[2], "from-thread", NULL};
    my_execve(args[2], argv, environ);
    perror("execve");
}

static void *thread_main(void *arg)
{
    if (strcmp(args[1], "leader") == 0) {
        __atomic_store_n(&other, gettid(), __ATOMIC_SEQ_CST);
        for (;;)
            pause();
    }
    exec_once(leader, strcmp(args[1], "exit") == 0 ? 'Z' : 'S');
    return arg;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    args = argv;
    leader = getpid();
    pthread_t t;
    if (pthread_create(&t, NULL, thread_main, NULL) != 0)
        return 3;
    if (strcmp(argv[1], "exit") == 0)
        pthread_exit(NULL);
    if (strcmp(argv[1], "leader") == 0) {
        while (__atomic_load_n(&other, __ATOMIC_SEQ_CST) == 0)
            usleep(1000);
        exec_once(other, 'S');
        return 5;
    }
    pthread_join(t, NULL);
    return 4;
}
