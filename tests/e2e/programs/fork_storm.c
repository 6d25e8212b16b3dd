/* fork_storm: eight threads fork (argv[1] "vfork": vfork) ten times each, every child exiting at
 * once, while another thread spins through spin_here() (a breakpoint there with a false condition
 * is hit all the time) and main goes round a loop of its own (main_loop, main_other) until the
 * forkers are through. Prints "storm done" at its end. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define FORKERS 8
#define FORKS 10

volatile int zero;
static volatile int done;
static int use_vfork;
static int rounds;

__attribute__((noinline)) void spin_here(void)
{
    usleep(1); /* @spin_here */
}

__attribute__((noinline)) void pause_a_bit(void)
{
    usleep(1000);
}

static void *forker(void *arg)
{
    for (int i = 0; i < FORKS; i++) {
        pid_t pid = use_vfork ? vfork() : fork();
        if (pid == 0)
            _exit(0);
        if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
            perror("fork");
            exit(1);
        }
    }
    return arg;
}

static void *spinner(void *arg)
{
    while (!done)
        spin_here();
    return arg;
}

int main(int argc, char **argv)
{
    use_vfork = argc > 1 && strcmp(argv[1], "vfork") == 0;
    setvbuf(stdout, NULL, _IONBF, 0);
    alarm(120); /* never outlive a test */
    pthread_t f[FORKERS], s;
    pthread_create(&s, NULL, spinner, NULL);
    for (int i = 0; i < FORKERS; i++)
        pthread_create(&f[i], NULL, forker, NULL);
    for (int i = 0; i < 30; i++) {
        pause_a_bit(); /* @main_loop */
        rounds++;      /* @main_other */
    }
    for (int i = 0; i < FORKERS; i++)
        pthread_join(f[i], NULL);
    done = 1;
    pthread_join(s, NULL);
    printf("storm done\n");
    return 0;
}
