/* detach_signal: raises SIGUSR1 once, then waits up to 30 s. The handler writes "handled" to the
 * file argv[1] and ends the program: whether a debugger that detached let it have the signal. */
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static const char *path;

static void on_usr1(int sig)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && write(fd, "handled\n", 8) == 8)
        close(fd);
    _exit(0);
}

int main(int argc, char **argv)
{
    path = argv[1];
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1); /* @raise */
    for (int i = 0; i < 300; i++)
        usleep(100000);
    return 0;
}
