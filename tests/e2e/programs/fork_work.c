/* fork_work: parent and child both call work(), where a test puts a
 * breakpoint. The child must run it as plain code (a trap inherited from the
 * parent's memory, or shared with it after vfork, would kill it with SIGTRAP);
 * the parent reports how the child ended. argv[1] "vfork" uses vfork, whose
 * child runs in the parent's memory: there it only calls work() and exits.
 * The fork child also writes child_only, which the parent never does. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int calls = 0;
int child_only = 0;

__attribute__((noinline)) void work(int who)
{
    calls++; /* @work_body */
    (void)who;
}

int main(int argc, char **argv)
{
    int use_vfork = argc > 1 && strcmp(argv[1], "vfork") == 0;
    setvbuf(stdout, NULL, _IONBF, 0);
    work(0);
    pid_t child = use_vfork ? vfork() : fork();
    if (child == 0) {
        work(1);
        if (!use_vfork) {
            child_only = 1;
            printf("child ran work calls=%d\n", calls);
        }
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (WIFEXITED(status))
        printf("child exited with %d\n", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("child killed by signal %d\n", WTERMSIG(status));
    work(2);
    printf("parent calls=%d child_only=%d\n", calls, child_only);
    return 0;
}
