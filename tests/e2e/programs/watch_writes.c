/* watch_writes: globals of several shapes written one after another, each write
 * on its own marked line, so a test can watch one and check every stop.
 * `packed.mid` sits at an odd address and spans 3 bytes; `array` is 16 bytes,
 * more than one debug register covers, so the stub has to split it. */
#include <stdio.h>

struct __attribute__((packed)) odd_layout {
    char head;
    char mid[3]; /* offset 1: odd address, 3 bytes */
    char tail;
};

int g = 0;
struct odd_layout packed = {'h', {1, 2, 3}, 't'};
long wide = 0;
unsigned char array[16];

int main(void)
{
    g = 1;  /* @g_first */
    g = 1;  /* @g_same */
    g = 7;  /* @g_second */
    g = -3; /* @g_third */

    packed.head = 'H';  /* @packed_head */
    packed.mid[0] = 10; /* @mid_first */
    packed.mid[2] = 30; /* @mid_last */
    packed.tail = 'T';  /* @packed_tail */

    wide = 0x1122334455667788L; /* @wide_all */
    ((char *)&wide)[7] = 0x7f;  /* @wide_top */

    array[0] = 1;   /* @array_first */
    array[9] = 9;   /* @array_middle */
    array[15] = 15; /* @array_last */

    printf("g=%d mid=%d,%d wide=%lx last=%d\n", g, packed.mid[0], packed.mid[2], wide, /* @print */
           array[15]); /* @print_last */
    return 0;
}
