/* Writes to a pipe nobody reads: with the default disposition the program gets SIGPIPE. If the
 * stub let its own "ignore SIGPIPE" leak into the program, write() fails with EPIPE instead. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int fds[2];
    if (pipe(fds) < 0)
        return 2;
    close(fds[0]);
    if (write(fds[1], "x", 1) < 0)
        puts("EPIPE: SIGPIPE was ignored");
    return 3;
}
