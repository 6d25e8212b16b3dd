/* exitcode: exits with a distinctive status so tests can check it is reported. */
#include <stdio.h>

int main(void)
{
    puts("exiting with 7");
    return 7;
}
