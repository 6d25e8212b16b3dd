/* The board tests' program: one scenario per argv[1] (see main). Built for the board's own
 * architecture and, on aarch64, also as a 32-bit arm program in Thumb-2 and in ARM state. Functions
 * are noinline and variables volatile so every access is a real load or store at -O0 and -O2 alike.
 */
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

volatile int counter; /* written and read by bump */
volatile int wonly;   /* written by set_w only, read by get_w only */
volatile char region[16] __attribute__((aligned(8)));
volatile long slots[5];  /* five words: one watchpoint register each */
volatile int late_value; /* written by a thread created later */
volatile int sink, go_on;
volatile sig_atomic_t handled;

NOINLINE void bump(int x)
{
    counter = counter + x;
}
NOINLINE void set_w(int v)
{
    wonly = v;
}
NOINLINE int get_w(void)
{
    return wonly;
}
NOINLINE void poke(int idx, char v)
{
    region[idx] = v;
}
NOINLINE void tick(int i)
{
    sink = i;
}
NOINLINE int add(int a, int b)
{
    int s = a + b;
    return s * 2;
}
NOINLINE int compute(int n)
{
    int r = add(n, 1);
    r += add(r, 2);
    return r;
}
NOINLINE void before_thread(void)
{
    sink = -1;
}
NOINLINE void wait_here(void)
{
    sink = -2;
}

static void *late_writer(void *arg)
{
    late_value = 42;
    return arg;
}

static void *worker(void *arg)
{
    for (int i = 0; i < 3; i++)
        tick((int)(long)arg * 10 + i);
    return arg;
}

static void on_usr1(int sig)
{
    handled++;
}

/* Whether the loaded text still equals the file's bytes (no breakpoint left behind). */
static int text_identical(void)
{
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
    size_t n = getauxval(AT_PHNUM);
    int fd = open("/proc/self/exe", O_RDONLY);
    if (!ph || fd < 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X))
            continue;
        char *buf = malloc(ph[i].p_filesz);
        int same =
            buf &&
            pread(fd, buf, ph[i].p_filesz, (off_t)ph[i].p_offset) == (ssize_t)ph[i].p_filesz &&
            memcmp(buf, (const void *)ph[i].p_vaddr, ph[i].p_filesz) == 0;
        free(buf);
        close(fd);
        return same;
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "count";
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!strcmp(mode, "count")) {
        for (int i = 1; i <= 5; i++)
            bump(i);
        printf("counter=%d\n", counter);
    } else if (!strcmp(mode, "rw")) {
        set_w(1);
        set_w(2);
        sink = get_w();
        set_w(3);
        sink = get_w();
        printf("wonly=%d\n", sink);
    } else if (!strcmp(mode, "region")) {
        poke(3, 1); /* inside region[3..5] */
        poke(7, 2); /* outside */
        poke(5, 3); /* inside */
        poke(2, 4); /* outside */
        poke(6, 5); /* outside */
        printf("region done\n");
    } else if (!strcmp(mode, "slots")) {
        for (int i = 0; i < 5; i++)
            slots[i] = i + 1;
        printf("slots done\n");
    } else if (!strcmp(mode, "late")) {
        pthread_t t;
        before_thread();
        pthread_create(&t, NULL, late_writer, NULL);
        pthread_join(t, NULL);
        printf("late=%d\n", late_value);
    } else if (!strcmp(mode, "step")) {
        int r = compute(3);
        printf("compute=%d\n", r);
    } else if (!strcmp(mode, "cond")) {
        for (int i = 0; i < 10; i++)
            tick(i);
        printf("cond done\n");
    } else if (!strcmp(mode, "threads")) {
        pthread_t t[3];
        for (long i = 0; i < 3; i++)
            pthread_create(&t[i], NULL, worker, (void *)(i + 1));
        for (int i = 0; i < 3; i++)
            pthread_join(t[i], NULL);
        printf("threads done\n");
    } else if (!strcmp(mode, "signal")) {
        signal(SIGUSR1, on_usr1);
        for (int i = 0; i < 3; i++)
            raise(SIGUSR1);
        printf("handled=%d\n", (int)handled);
    } else if (!strcmp(mode, "bench")) { /* scripts/boards/bench: N calls of tick */
        int n = argc > 2 ? atoi(argv[2]) : 100;
        for (int i = 0; i < n; i++)
            tick(i);
        printf("bench done\n");
    } else if (!strcmp(mode, "spin")) {
        printf("spin pid=%d\n", (int)getpid());
        for (int i = 0;; i++) {
            tick(i);
            usleep(1000);
        }
    } else if (!strcmp(mode, "detach")) {
        /* The debugger sets go_on and detaches; then every point it had set is exercised:
         * a leftover trap or armed debug register would kill the program with SIGTRAP. */
        while (!go_on)
            wait_here();
        for (int i = 1; i <= 3; i++)
            bump(i);
        sink = get_w();
        printf("after-detach counter=%d text=%s\n", counter,
               text_identical() ? "identical" : "DIFFERS");
    }
    return 0;
}
