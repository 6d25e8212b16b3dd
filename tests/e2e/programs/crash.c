/* crash: writes through a null pointer, so the program dies of SIGSEGV unless
 * the debugger intervenes. */
#include <stdio.h>

int *volatile target = 0;

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    puts("about to crash");
    *target = 1; /* @fault */
    puts("not reached");
    return 0;
}
