/* exec_points: calls before_exec(), then execs argv[1] with argv[2] as its argument (another
 * program, whose code lies at the addresses this one's had: the breakpoints set here must not
 * follow into it). never_after() is a breakpoint site that never runs. */
#include <stdio.h>
#include <unistd.h>

int marks;

__attribute__((noinline)) void before_exec(void)
{
    marks++; /* @before_exec_body */
}

__attribute__((noinline)) void never_after(void)
{
    marks += 100;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 3)
        return 2;
    before_exec();
    char *args[] = {argv[1], argv[2], NULL};
    execv(argv[1], args);
    perror("execv");
    never_after();
    return 1;
}
