/* heavy_lines() runs N times a single source line that executes about
 * 1000 instructions (a 100-iteration loop at -O0). `next` over it costs
 * one round-trip with range stepping, or ~1000 single steps without.
 * The same loop serves `stepi`. Usage: next_line N */
#include <stdlib.h>

volatile long acc;

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

/* clang-format off */
void __attribute__((noinline)) heavy_lines(int n) {
  for (int r = 0; r < n; r++) {
    for (int k = 0; k < 100; k++) acc += k; /* HEAVY_LINE */
  }
}
/* clang-format on */

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    heavy_lines(n);
    bench_done();
    return 0;
}
