/* ool_sites: 8 threads each run a set of small assembly functions whose instructions are the
 * ones an out-of-line step over must relocate (a RIP-relative read-modify-write, a relative
 * call, a conditional branch, a jump, a return, indirect calls), ITERS times (argv[1]). Each
 * thread counts its own calls and checks every result; main prints the per-thread counts, the
 * shared counter and "bad=N" (results that were wrong). With argv[2] = "forever", the threads
 * loop until main, which calls checkpoint() every few milliseconds, has done it ITERS times.
 * With argv[2] = "storm", a timer signal (SIGALRM) arrives every 200 us meanwhile; its handler
 * counts them ("ticks=N"). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 8

long ool_data;           /* incremented RIP-relative by ool_riprel */
volatile int ool_never;  /* 0: the false condition of the tests' breakpoints */
long (*ool_fnptr)(long); /* called through memory by ool_icall_mem */
static long counts[NTHREADS];
static long bad;
static volatile int stop_all;
static volatile long ticks;

static void on_tick(int sig)
{
    (void)sig;
    ticks++;
}

long ool_riprel(void);
long ool_call(long x);
long ool_jcc(long x);
long ool_jmp(void);
long ool_ret(void);
long ool_icall_reg(long x, long (*fn)(long));
long ool_icall_mem(long x);
long ool_callee(long x);
long ool_getpid(void);

/* Each site is a global label: `break *at_riprel`. */
__asm__(".text\n"
        ".globl ool_riprel, at_riprel\n"
        "ool_riprel:\n"
        "at_riprel: lock incq ool_data(%rip)\n"
        "    movq ool_data(%rip), %rax\n"
        "    ret\n"
        ".globl ool_callee\n"
        "ool_callee: lea 1(%rdi), %rax\n"
        "    ret\n"
        ".globl ool_call, at_call\n"
        "ool_call:\n"
        "at_call: call ool_callee\n"
        "    add $1, %rax\n"
        "    ret\n"
        ".globl ool_jcc, at_jcc\n"
        "ool_jcc: test %rdi, %rdi\n"
        "at_jcc: js 1f\n"
        "    mov $200, %eax\n"
        "    ret\n"
        "1:  mov $100, %eax\n"
        "    ret\n"
        ".globl ool_jmp, at_jmp\n"
        "ool_jmp:\n"
        "at_jmp: jmp 2f\n"
        "    mov $1, %eax\n"
        "    ret\n"
        "2:  mov $2, %eax\n"
        "    ret\n"
        ".globl ool_ret, at_ret\n"
        "ool_ret: mov $7, %eax\n"
        "at_ret: ret\n"
        ".globl ool_icall_reg, at_icall_reg\n"
        "ool_icall_reg: sub $8, %rsp\n"
        "at_icall_reg: call *%rsi\n"
        "    add $8, %rsp\n"
        "    ret\n"
        ".globl ool_icall_mem, at_icall_mem\n"
        "ool_icall_mem: sub $8, %rsp\n"
        "at_icall_mem: call *ool_fnptr(%rip)\n"
        "    add $8, %rsp\n"
        "    ret\n"
        /* A system call cannot run out of line: stepped in place. */
        ".globl ool_getpid, at_syscall\n"
        "ool_getpid: mov $39, %eax\n"
        "at_syscall: syscall\n"
        "    ret\n");

static void check(int ok)
{
    if (!ok)
        __atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
}

/* Where the thread-count test's breakpoint goes: each thread counts its own calls. */
__attribute__((noinline)) void count_me(int who)
{
    counts[who]++; /* @count_me */
}

static void one_round(int who, long i)
{
    count_me(who);
    check(ool_riprel() > 0);
    check(ool_call(i) == i + 2);
    check(ool_jcc(-i - 1) == 100 && ool_jcc(i) == 200);
    check(ool_jmp() == 2);
    check(ool_ret() == 7);
    check(ool_icall_reg(i, ool_callee) == i + 1);
    check(ool_icall_mem(i) == i + 1);
    check(ool_getpid() == getpid());
}

static long iters = 1000;
static int forever;

static void *worker(void *arg)
{
    int who = (int)(long)arg;
    for (long i = 0; forever ? !stop_all : i < iters; i++)
        one_round(who, i);
    return NULL;
}

__attribute__((noinline)) void checkpoint(int n)
{
    __asm__ volatile("" ::"r"(n)); /* @checkpoint */
}

int main(int argc, char **argv)
{
    pthread_t tids[NTHREADS];
    ool_fnptr = ool_callee;
    if (argc > 1)
        iters = atol(argv[1]);
    forever = argc > 2 && strcmp(argv[2], "forever") == 0;
    if (argc > 2 && strcmp(argv[2], "storm") == 0) {
        signal(SIGALRM, on_tick);
        struct itimerval it = {{0, 200}, {0, 200}};
        setitimer(ITIMER_REAL, &it, NULL);
    }
    for (long k = 0; k < NTHREADS; k++)
        pthread_create(&tids[k], NULL, worker, (void *)k);
    if (forever) {
        for (int n = 0; n < iters && !stop_all; n++) {
            nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
            checkpoint(n);
        }
        stop_all = 1;
    }
    long total = 0;
    for (int k = 0; k < NTHREADS; k++)
        pthread_join(tids[k], NULL);
    printf("counts="); /* @joined */
    for (int k = 0; k < NTHREADS; k++) {
        printf("%s%ld", k ? "," : "", counts[k]);
        total += counts[k];
    }
    signal(SIGALRM, SIG_IGN);
    printf(" total=%ld data=%ld bad=%ld ticks=%ld\n", total, ool_data, bad, ticks);
    return 0;
}
