/* siginfo_write: raises SIGUSR1 at itself; the SA_SIGINFO handler prints the si_errno and
 * si_code it was given, so a debugger's change to $_siginfo shows in the output. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("sig=%d errno=%d code=%d\n", sig, si->si_errno, si->si_code); /* @handler */
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    puts("done");
    return 0;
}
