/* watch_scope: a local variable written in a loop, watched until its function
 * returns, when gdb must drop the watchpoint. */
#include <stdio.h>

static int fill(void)
{
    int local = 0; /* @local_init */
    for (int i = 1; i <= 3; i++)
        local += i;
    return local;
}

int main(void)
{
    int got = fill();         /* @call_fill */
    printf("fill=%d\n", got); /* @after_fill */
    return 0;
}
