/* fork_exec: argv[1] says what to do: "fork" (the child calls in_child and exits 7; the
 * parent reports it), "vfork-exec PROG" (the vfork child execs PROG with the argument
 * "from-vfork"), "exec PROG" (execs PROG with "from-exec"). The parent prints how each child
 * ended, so a test sees both sides ran to completion. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int child_calls = 0;

__attribute__((noinline)) void in_child(int n)
{
    child_calls += n; /* @in_child */
}

__attribute__((noinline)) void in_parent(int n)
{
    printf("parent: child status %d\n", n); /* @in_parent */
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *what = argc > 1 ? argv[1] : "fork";
    int status = 0;
    if (strcmp(what, "fork") == 0) {
        pid_t c = fork();
        if (c == 0) {
            in_child(1);
            printf("child: calls %d\n", child_calls);
            _exit(7);
        }
        waitpid(c, &status, 0);
    } else if (strcmp(what, "vfork-exec") == 0 && argc > 2) {
        pid_t c = vfork();
        if (c == 0) {
            execl(argv[2], argv[2], "from-vfork", (char *)NULL);
            _exit(127);
        }
        waitpid(c, &status, 0);
    } else if (strcmp(what, "exec") == 0 && argc > 2) {
        execl(argv[2], argv[2], "from-exec", (char *)NULL);
        return 127;
    }
    in_parent(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
