/* signal_wait: sleeps until a SIGUSR1 from outside runs its handler (at most ~30 s); exits 0
 * if the handler ran. Checks signals sent to a running program (lldb's `process signal`). */
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t handled = 0;

static void on_usr1(int sig)
{
    handled = sig;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    for (int i = 0; i < 300 && !handled; i++)
        usleep(100 * 1000); /* @sleeping */
    return handled == SIGUSR1 ? 0 : 1;
}
