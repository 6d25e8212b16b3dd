/* The main thread calls f and g three times while a worker idles: gdb steps main over the
 * breakpoint in g by displaced stepping, writing main's PC without naming the thread again. */
#include <pthread.h>
#include <unistd.h>

static volatile int stop_worker;
static volatile int counter;

void f(void)
{
    counter += 1;
}

void g(void)
{
    counter += 10;
}

static void *worker(void *arg)
{
    while (!stop_worker)
        usleep(1000);
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (int i = 0; i < 3; i++) {
        f();
        g();
    }
    stop_worker = 1;
    pthread_join(t, NULL);
    return counter == 33 ? 0 : 1;
}
