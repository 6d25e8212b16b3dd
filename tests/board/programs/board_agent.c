/* The board's agent: every connection to the port gets a shell whose input and output are the
 * connection, so the host can start zstub and programs in the guest and read what they print
 * (zstub's "Listening on port" line is how a test knows the stub is ready: qemu's port forward
 * accepts connections even while nothing listens in the guest). Test-only: the board is on a
 * restricted user network that only the host's port forwards reach. */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 2300;
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 8) < 0) {
        perror("board_agent");
        return 1;
    }
    signal(SIGCHLD, SIG_IGN); /* no zombies */
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            continue;
        if (fork() == 0) {
            close(ls);
            dup2(c, 0);
            dup2(c, 1);
            dup2(c, 2);
            close(c);
            signal(SIGCHLD, SIG_DFL);
            execl("/bin/sh", "sh", NULL);
            _exit(127);
        }
        close(c);
    }
}
