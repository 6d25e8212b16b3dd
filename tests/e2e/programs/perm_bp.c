/* perm_bp: a breakpoint instruction compiled into the code (gdb's "permanent breakpoint",
 * gdb.base/bp-permanent); the user sets a breakpoint on it too. The SIGUSR1 handler counts its
 * runs, so a test sees whether a signal was delivered, and how often. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

volatile sig_atomic_t usr1_runs = 0;

static void count_usr1(int sig)
{
    (void)sig;
    usr1_runs++; /* @handler */
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count_usr1;
    sigaction(SIGUSR1, &sa, NULL);
#if defined(__x86_64__)
    __asm__ volatile(".globl perm_site\nperm_site: int3\n");
#elif defined(__aarch64__)
    __asm__ volatile(".globl perm_site\nperm_site: brk #0\n");
#else
#error "perm_bp: no breakpoint instruction for this architecture"
#endif
    printf("usr1_runs=%d\n", (int)usr1_runs); /* @after */
    return 0;
}
