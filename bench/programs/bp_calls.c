/* Calls hit() N times, then bench_done().
 * Breakpoint workloads: `break hit` with a huge ignore count makes gdb
 * take one real stop round-trip per call; `break bench_done` ends the run.
 * Usage: bp_calls N */
#include <stdlib.h>

volatile long sum;

void __attribute__((noinline)) hit(int i)
{
    sum += i;
}

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    for (int i = 0; i < n; i++)
        hit(i);
    bench_done();
    return 0;
}
