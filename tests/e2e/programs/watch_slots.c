/* watch_slots: five 8-byte longs, each written twice, in order. Watching all
 * five needs five x86 debug registers and there are four: the fifth cannot be
 * inserted, and the first four must keep working once it is deleted. */
#include <stdio.h>

long slot1, slot2, slot3, slot4, slot5;

int main(void)
{
    for (long round = 1; round <= 2; round++) {
        slot1 = round * 10 + 1; /* @write_slot1 */
        slot2 = round * 10 + 2;
        slot3 = round * 10 + 3;
        slot4 = round * 10 + 4;
        slot5 = round * 10 + 5;
    }
    printf("slots=%ld,%ld,%ld,%ld,%ld\n", slot1, slot2, slot3, slot4, slot5); /* @print_slots */
    return 0;
}
