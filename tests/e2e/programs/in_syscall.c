/* in_syscall: blocks in a system call (nanosleep, or with argument "read" a read on an empty
 * pipe) until the debugger calls wake() in it; exits 0 if woken by wake(41). Checks functions
 * called by an expression while the thread is inside an interrupted system call. */
#include <string.h>
#include <unistd.h>

static int fds[2];
static volatile int woken = 0;

int wake(int v)
{
    woken = v;
    if (write(fds[1], "x", 1) != 1)
        return -1;
    return v + 1;
}

int main(int argc, char **argv)
{
    if (pipe(fds) < 0)
        return 2;
    if (argc > 1 && strcmp(argv[1], "read") == 0) {
        char c = 0;
        ssize_t n = read(fds[0], &c, 1); /* restarted after the call: reads wake()'s byte */
        return n == 1 && c == 'x' && woken == 41 ? 0 : 1;
    }
    for (int i = 0; i < 300 && !woken; i++)
        usleep(100 * 1000);
    return woken == 41 ? 0 : 1;
}
