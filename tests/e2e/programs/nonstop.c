/* nonstop: threads that keep working while another sits at a breakpoint. A spinner counts as
 * fast as it can; a hitter calls hit() and writes `watched` every 20 ms; a signaller sends
 * itself SIGUSR1 once `send_signal` is set. Everything ends when a test sets `stop_all` (or
 * after a minute, so nothing outlives a broken test). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long counter = 0;
volatile int watched = 0;
volatile int stop_all = 0;
volatile int send_signal = 0;
volatile int usr1_seen = 0;

__attribute__((noinline)) void hit(int i)
{
    watched = i; /* @hit */
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1_seen++;
}

static void *spinner(void *arg)
{
    (void)arg;
    while (!stop_all)
        counter++;
    return NULL;
}

static void *hitter(void *arg)
{
    (void)arg;
    for (int i = 0; !stop_all; i++) {
        hit(i);
        usleep(20 * 1000);
    }
    return NULL;
}

static void *signaller(void *arg)
{
    (void)arg;
    while (!stop_all) {
        if (send_signal) {
            send_signal = 0;
            pthread_kill(pthread_self(), SIGUSR1);
        }
        usleep(10 * 1000);
    }
    return NULL;
}

__attribute__((noinline)) void all_started(void)
{
    __asm__ volatile("" ::: "memory"); /* @all_started */
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t[3];
    pthread_create(&t[0], NULL, spinner, NULL);
    pthread_create(&t[1], NULL, hitter, NULL);
    pthread_create(&t[2], NULL, signaller, NULL);
    all_started();
    for (int s = 0; s < 600 && !stop_all; s++)
        usleep(100 * 1000);
    stop_all = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("nonstop done usr1=%d\n", usr1_seen);
    return 0;
}
