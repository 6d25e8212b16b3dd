/* run_env: what gdb's `run` gave it: its arguments, two environment variables, its working
 * directory, and whether its address space was randomized. Exits with its argument count. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/personality.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char cwd[4096];
    const char *foo = getenv("ZSTUB_E2E_FOO"), *home = getenv("ZSTUB_E2E_UNSET_ME");
    for (int i = 1; i < argc; i++)
        printf("arg%d=[%s]\n", i, argv[i]);
    printf("foo=[%s]\n", foo ? foo : "(unset)");
    printf("unset_me=[%s]\n", home ? home : "(unset)");
    printf("cwd=[%s]\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
    printf("aslr=[%s]\n", (personality(0xffffffff) & ADDR_NO_RANDOMIZE) ? "off" : "on");
    fflush(stdout);
    return argc - 1; /* @exit */
}
