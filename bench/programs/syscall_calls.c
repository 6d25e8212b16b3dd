/* Makes N writes to /dev/null, each after K other system calls (getppid), then bench_done().
 * `catch syscall write` stops twice per write; with K > 0 most calls are ones the client did not
 * ask for, which the stub resumes on its own (or not).
 * Usage: syscall_calls N K */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int k = argc > 2 ? atoi(argv[2]) : 0;
    int fd = open("/dev/null", O_WRONLY);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++)
            getppid();
        if (write(fd, "x", 1) != 1)
            abort();
    }
    bench_done();
    return 0;
}
