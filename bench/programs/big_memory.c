/* Fills a MiB-sized heap buffer (resident, not zero pages) and stops in
 * bench_done(), where gdb dumps it: measures bulk memory reads.
 * Usage: big_memory MIB */
#include <stdlib.h>
#include <string.h>

char *buf;
long buf_len;

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

int main(int argc, char **argv)
{
    int mib = argc > 1 ? atoi(argv[1]) : 64;
    buf_len = (long)mib << 20;
    buf = malloc(buf_len);
    if (!buf)
        return 2;
    for (long i = 0; i < buf_len; i++)
        buf[i] = (char)(i * 7);
    bench_done();
    return 0;
}
