/* dlopen_main: loads the shared object named by argv[1] (dlopen_lib), calls its lib_twice, unloads
 * it, stopping at a mark before, while and after it is loaded. With "again" as argv[2] it then
 * loads it once more (the dynamic linker maps it where it was) and calls lib_twice again. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mark(int stage)
{
    __asm__ volatile("" ::: "memory"); /* @mark */
}

static int load_and_call(const char *path, int x)
{
    void *h = dlopen(path, RTLD_NOW);
    if (!h) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    int (*twice)(int) = (int (*)(int))dlsym(h, "lib_twice");
    mark(1);
    printf("twice=%d\n", twice(x));
    dlclose(h);
    mark(2);
    return 0;
}

int main(int argc, char **argv)
{
    mark(0);
    if (load_and_call(argv[1], 21))
        return 1;
    if (argc > 2 && strcmp(argv[2], "again") == 0)
        return load_and_call(argv[1], 22);
    return 0;
}
