/* exec_self: runs itself again through execv (with one argument), and the new image calls
 * after_exec(). Checks exec stops and breakpoints set in the new image. */
#include <stdio.h>
#include <unistd.h>

int after_exec(int argc)
{
    return argc + 40; /* @after_exec */
}

int main(int argc, char **argv)
{
    if (argc == 1) {
        char *args[] = {argv[0], "again", NULL};
        execv("/proc/self/exe", args);
        perror("execv");
        return 1;
    }
    return after_exec(argc) == 42 ? 0 : 3;
}
