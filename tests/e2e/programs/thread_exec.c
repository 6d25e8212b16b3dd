/* thread_exec: a thread other than the leader execs argv[2] with the argument "from-thread".
 * argv[1] says what the leader does meanwhile: "exit" (pthread_exit: a zombie until the exec),
 * "join" (waits in pthread_join). The thread calls before_exec() first, once the leader is in
 * that state, so a breakpoint there stops the program with the leader exited or blocked. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char **args;
static pid_t leader;

__attribute__((noinline)) void before_exec(void)
{
    __asm__ volatile("" ::: "memory"); /* @before_exec */
}

/* The leader's state letter in /proc (Z: exited, S: blocked), or 0. */
static char leader_state(void)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)leader);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    char *p = fgets(line, sizeof line, f) ? strrchr(line, ')') : NULL;
    fclose(f);
    return p && p[1] == ' ' ? p[2] : 0;
}

static void *execer(void *arg)
{
    char want = strcmp(args[1], "exit") == 0 ? 'Z' : 'S';
    for (int i = 0; i < 5000 && leader_state() != want; i++) /* at most 5 s */
        usleep(1000);
    before_exec();
    execl(args[2], args[2], "from-thread", (char *)NULL);
    perror("execl");
    return arg;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    args = argv;
    leader = getpid();
    pthread_t t;
    if (pthread_create(&t, NULL, execer, NULL) != 0)
        return 3;
    if (strcmp(argv[1], "exit") == 0)
        pthread_exit(NULL);
    pthread_join(t, NULL);
    return 4;
}
