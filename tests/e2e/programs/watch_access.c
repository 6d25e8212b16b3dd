/* watch_access: an int read and written on separate marked lines, for rwatch and
 * awatch. `sink` takes the reads so the compiler keeps them. */
#include <stdio.h>

int x = 5;
volatile int sink;

int main(void)
{
    sink = x;                          /* @read_one */
    x = 6;                             /* @write_change */
    sink = x + 1;                      /* @read_two */
    x = 6;                             /* @write_same */
    printf("x=%d sink=%d\n", x, sink); /* @final_read */
    return 0;
}
