/* basic: the everyday debugging scenario. A function called several times with
 * arguments, globals and locals to print and change, a loop, and a known value
 * held in r12 at a marked line so register reads can be checked.
 * Lines the tests refer to carry a marker comment; see harness/programs.py. */
#include <stdio.h>

int counter = 0;
long global_value = 42;
int global_array[4] = {10, 20, 30, 40};
char greeting[16] = "hello";

int add(int a, int b)
{
    int sum = a + b; /* @add_body */
    counter++;
    return sum; /* @add_return */
}

static void hold_r12(void)
{
    /* The register variable keeps the value in r12 across the nop, so at the
     * marked line the stub must report exactly this value. */
    register long r12 asm("r12") = 0x1122334455667788L;
    asm volatile("nop" : : "r"(r12)); /* @r12_set */
    asm volatile("nop" : : "r"(r12)); /* @r12_hold */
}

int main(void)
{
    int local_total = 0; /* @main_first */
    int i;
    hold_r12();
    for (i = 0; i < 5; i++) {
        local_total = add(local_total, i); /* @loop_call */
    }
    printf("total=%d counter=%d global=%ld greeting=%s\n", local_total, counter, /* @after_loop */
           global_value, greeting);
    return 0;
}
