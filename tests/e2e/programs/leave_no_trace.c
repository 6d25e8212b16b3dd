/* leave_no_trace: stops in work() for the debugger, then waits until the file
 * argv[1] exists, so a test can look at it after the debugger has gone. Then it
 * runs every place a debugger may have marked: it writes `watched` and calls
 * work() and finish_up(). A trap instruction or debug register left behind
 * kills it with SIGTRAP; a clean run prints "done" and exits 0. */
#include <stdio.h>
#include <unistd.h>

#define GO_WAIT_MS 30000

int watched = 0;
int calls = 0;

__attribute__((noinline)) void work(int n)
{
    calls += n; /* @work_body */
}

__attribute__((noinline)) void finish_up(void)
{
    printf("leave_no_trace done watched=%d calls=%d\n", watched, calls);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("pid=%d\n", getpid());
    work(1);
    for (int ms = 0; argc > 1 && access(argv[1], F_OK) != 0; ms += 10) {
        if (ms >= GO_WAIT_MS) {
            puts("leave_no_trace: go file never came");
            return 3;
        }
        usleep(10000);
    }
    watched = 2;
    work(2);
    finish_up();
    return 0;
}
