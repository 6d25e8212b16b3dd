/* watch_stepi: one store to a watched global in plain asm, so a test can stop
 * right before it and stepi onto the store. */
#include <stdio.h>

long target = 0;

static void store(void)
{
    asm volatile("nop\n\t" /* @before_store */
                 "movq $42, target(%%rip)\n\t"
                 "nop" ::
                     : "memory");
}

int main(void)
{
    store();
    printf("target=%ld\n", target);
    return 0;
}
