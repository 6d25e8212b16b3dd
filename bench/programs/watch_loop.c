/* Touches the global `watched` N times, then bench_done().
 * mode w: writes (for `watch`), r: reads (for `rwatch`), a: reads and
 * writes alternately (for `awatch`). Each access is one watchpoint hit.
 * Usage: watch_loop N w|r|a */
#include <stdlib.h>

volatile long watched;
volatile long sink;

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    char mode = argc > 2 ? argv[2][0] : 'w';
    for (int i = 0; i < n; i++) {
        if (mode == 'w' || (mode == 'a' && (i & 1)))
            watched = i + 1; /* always a new value: `watch` stops on change */
        else
            sink = watched;
    }
    bench_done();
    return 0;
}
