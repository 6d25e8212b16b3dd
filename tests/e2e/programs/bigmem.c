/* bigmem: a 64 KiB buffer with a known pattern, larger than any packet, so
 * reading or writing all of it takes many memory packets. The program checks
 * the buffer at the end and prints whether a debugger rewrote it. */
#include <stdio.h>

#define BIG_SIZE 65536
unsigned char big[BIG_SIZE];

static unsigned char pattern(unsigned i)
{
    return (unsigned char)(i * 7 + (i >> 8));
}

static void filled(void)
{
    /* A stop after the buffer is filled. */
}

int main(void)
{
    for (unsigned i = 0; i < BIG_SIZE; i++)
        big[i] = pattern(i);
    filled();
    unsigned inverted = 0;
    for (unsigned i = 0; i < BIG_SIZE; i++)
        inverted += big[i] == (unsigned char)~pattern(i);
    printf("inverted=%u of %u\n", inverted, BIG_SIZE); /* @report */
    return 0;
}
