/* signal: raises SIGUSR1 at itself; the handler records that it ran. Checks that
 * the stub reports the signal and that `continue` delivers it. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

volatile sig_atomic_t handled = 0;

static void on_usr1(int sig)
{
    handled = sig; /* @handler */
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("handled=%d\n", (int)handled); /* @after_raise */
    return handled == SIGUSR1 ? 0 : 1;
}
