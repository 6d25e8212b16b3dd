/* Forks N children, one at a time; each child exits at once and the
 * parent reaps it, then calls hit(). Measures fork events: with gdb's
 * default detach-on-fork on, every fork is a stop the stub reports and
 * gdb answers by cleaning the child's copy of the breakpoints and
 * detaching it. `break hit` with a huge ignore count adds one ordinary
 * stop per child, counted to prove no fork was lost.
 * Usage: fork_calls N */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

volatile long sum;

void __attribute__((noinline)) hit(int i)
{
    sum += i;
}

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0)
            _exit(0);
        if (waitpid(pid, NULL, 0) != pid)
            return 2;
        hit(i);
    }
    bench_done();
    return 0;
}
