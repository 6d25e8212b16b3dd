/* bp_calls: one function called a known number of times with arguments that
 * identify each call, so a test can count breakpoint stops and check each one. */
#include <stdio.h>

#define NCALLS 5

int calls = 0;

int work(int round, int square)
{
    calls++; /* @work_body */
    return round + square;
}

int main(void)
{
    int total = 0;
    for (int i = 0; i < NCALLS; i++)
        total += work(i, i * i);
    printf("calls=%d total=%d\n", calls, total);
    return 0;
}
