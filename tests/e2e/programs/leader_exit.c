/* The main thread leaves with pthread_exit while another thread lives on and then stops at a
 * breakpoint: the leader is a zombie that never stops again. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_t main_thread;
static volatile int survivor_done;

static void *survivor(void *arg)
{
    pthread_join(main_thread, NULL);
    survivor_done = 1; /* @after_leader_gone */
    for (int i = 0; i < 600 && survivor_done; i++)
        usleep(100000); /* @survivor_sleeps */
    return arg;
}

int main(void)
{
    pthread_t t;
    main_thread = pthread_self();
    pthread_create(&t, NULL, survivor, NULL);
    pthread_exit(NULL);
}
