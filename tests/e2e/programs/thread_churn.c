/* A thread that creates eight short-lived threads and joins them, 60 times over, while main
 * does the same: threads come and go around every breakpoint hit. */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 60
#define CHILDREN 8

static void *child(void *arg)
{
    return arg;
}

static void *creator(void *arg)
{
    pthread_t t[CHILDREN];
    int round = *(int *)arg; /* @creator_entry */
    for (int j = 0; j < CHILDREN; j++)
        pthread_create(&t[j], NULL, child, NULL);
    for (int j = 0; j < CHILDREN; j++)
        pthread_join(t[j], NULL);
    return (void *)(long)round;
}

int main(void)
{
    for (int n = 0; n < ROUNDS; n++) {
        pthread_t t;
        pthread_create(&t, NULL, creator, &n);
        creator(&n);
        pthread_join(t, NULL);
    }
    puts("churn done");
    return 0;
}
