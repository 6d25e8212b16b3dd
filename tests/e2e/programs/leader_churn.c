/* leader_churn: main leaves with pthread_exit at once; two creator threads then each make 8
 * short-lived threads and join them, ROUNDS times, calling round_done() after each round. Threads
 * exit and are created around every breakpoint hit, while the leader is a zombie that never stops
 * again. The last thread out prints the count; the process exits 0. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ROUNDS 30
#define CHILDREN 8
#define CREATORS 2

static int rounds, remaining = CREATORS;

__attribute__((noinline)) void round_done(int creator)
{
    __atomic_fetch_add(&rounds, 1, __ATOMIC_RELAXED); /* @round_done */
    (void)creator;
}

static void *child(void *arg)
{
    return arg;
}

/* The leader's state letter from /proc ('Z' once it has exited), 0 if unreadable. */
static char leader_state(void)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", getpid(), getpid());
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] ? paren[2] : 0;
}

static void *creator(void *arg)
{
    /* The leader is gone before anything else happens (two threads may not both join it). */
    for (int i = 0; i < 5000 && leader_state() != 'Z'; i++)
        usleep(1000);
    for (int r = 0; r < ROUNDS; r++) {
        pthread_t t[CHILDREN];
        for (int j = 0; j < CHILDREN; j++)
            pthread_create(&t[j], NULL, child, NULL);
        for (int j = 0; j < CHILDREN; j++)
            pthread_join(t[j], NULL);
        round_done((int)(long)arg);
    }
    if (__atomic_sub_fetch(&remaining, 1, __ATOMIC_SEQ_CST) == 0)
        printf("leader_churn rounds=%d\n", __atomic_load_n(&rounds, __ATOMIC_RELAXED));
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    for (long i = 0; i < CREATORS; i++) {
        pthread_t t;
        pthread_create(&t, NULL, creator, (void *)i);
    }
    pthread_exit(NULL);
}
