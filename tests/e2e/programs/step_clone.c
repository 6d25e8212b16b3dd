/* A raw clone whose new thread raises a signal at once, over and over: a single step over the
 * clone instruction (gdb's displaced stepping does one) races with the new thread's stop. The
 * client waits for its step; the new thread's signal is news for later. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ROUNDS 12
#define STACK_SIZE (64 * 1024)

static volatile int done_rounds;

/* The new thread starts on its own stack at the instruction after the clone, with rax == 0: it
 * signals itself (SIGUSR1, ignored by the program, so only the debugger sees it) and exits. */
static long clone_and_signal(void *stack_top)
{
    long ret;
    __asm__ volatile(
        "mov %[flags], %%rdi\n\t"
        "mov %[stack], %%rsi\n\t"
        "xor %%edx, %%edx\n\t"
        "xor %%r10d, %%r10d\n\t"
        "xor %%r8d, %%r8d\n\t"
        "mov %[nr_clone], %%eax\n\t"
        ".globl clone_insn\n"
        "clone_insn:\n\t"
        "syscall\n\t"
        ".globl after_clone\n"
        "after_clone:\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "mov %[nr_gettid], %%eax\n\t"
        "syscall\n\t"
        "mov %%rax, %%rdi\n\t"
        "mov %[sig], %%esi\n\t"
        "mov %[nr_tkill], %%eax\n\t"
        "syscall\n\t"
        "xor %%edi, %%edi\n\t"
        "mov %[nr_exit], %%eax\n\t"
        "syscall\n"
        "1:"
        : "=a"(ret)
        : [flags] "i"(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                      CLONE_SYSVSEM),
          [stack] "r"(stack_top), [nr_clone] "i"(SYS_clone), [nr_gettid] "i"(SYS_gettid),
          [nr_tkill] "i"(SYS_tkill), [sig] "i"(SIGUSR1), [nr_exit] "i"(SYS_exit)
        : "rdi", "rsi", "rdx", "r10", "r8", "rcx", "r11", "memory");
    return ret;
}

int main(void)
{
    signal(SIGUSR1, SIG_IGN);
    for (int i = 0; i < ROUNDS; i++) {
        char *stack = malloc(STACK_SIZE);
        if (!stack || clone_and_signal(stack + STACK_SIZE) < 0)
            return 2;
        usleep(20000); /* the thread has exited; its stack is left to leak */
        done_rounds = i + 1;
    }
    return 0;
}
