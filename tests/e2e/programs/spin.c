/* spin: loops forever, so only an interrupt (Ctrl-C in gdb) can stop it. */
volatile unsigned long spins = 0;
int never_written; /* for a watchpoint that never triggers */

int main(void)
{
    for (;;)
        spins++; /* @spin */
}
