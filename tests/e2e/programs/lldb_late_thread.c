/* lldb_late_thread: a global written by a thread that only starts after the
 * debugger reached `before_threads`, so a watchpoint set there must reach a
 * thread created later. The writer stores two values; main prints the last. */
#include <pthread.h>
#include <stdio.h>

volatile int shared_value = 0;

static void *writer(void *arg)
{
    shared_value = 5;  /* @first_write */
    shared_value = 11; /* @second_write */
    return arg;
}

/* A place to stop while only main exists. */
void before_threads(void)
{
    puts("starting writer"); /* @before_threads */
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IONBF, 0);
    before_threads();
    pthread_create(&t, NULL, writer, NULL);
    pthread_join(t, NULL);
    printf("shared_value=%d\n", shared_value);
    return 0;
}
