/* thread_pile: creates argv[1] threads, one every argv[2] microseconds; each waits for good on a
 * pipe that is never written. Prints "pile done" once all exist, then waits too. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int never[2];

static void *waiter(void *arg)
{
    char c;
    while (read(never[0], &c, 1) < 0)
        ;
    return arg;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    int gap = argc > 2 ? atoi(argv[2]) : 1000;
    if (pipe(never) < 0)
        return 1;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, waiter, NULL) != 0)
            return 2;
        usleep(gap);
    }
    printf("pile done\n");
    fflush(stdout);
    waiter(NULL);
    return 0;
}
