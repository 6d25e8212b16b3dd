/* Lists the file descriptors it was started with beyond stdin, stdout and stderr; exits 0 when
 * there are none, 2 otherwise (as lldb's TestFdLeak's program does). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int found = 0;
    for (int fd = 3; fd <= 256; fd++) {
        if (fcntl(fd, F_GETFD) < 0)
            continue;
        char link[64], target[256];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        printf("open fd %d: %s\n", fd, target);
        found = 1;
    }
    return found ? 2 : 0;
}
