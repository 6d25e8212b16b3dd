/* Copies the shared object LIB to N files in a new directory, then (timed) dlopens each copy, so
 * the dynamic linker reports N loads to the debugger, then bench_done(). The copies are removed
 * at the end. Usage: dlopen_many LIB N */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void __attribute__((noinline)) ready(void)
{
    __asm__ volatile("");
}

void __attribute__((noinline)) bench_done(void)
{
    __asm__ volatile("");
}

static int copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t got;
    while (in && out && (got = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, got, out);
    int ok = in && out;
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    int n = atoi(argv[2]);
    char dir[] = "/tmp/zstub-bench-dlopen-XXXXXX", path[256];
    if (!mkdtemp(dir))
        return 1;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/libcopy%03d.so", dir, i);
        if (copy(argv[1], path) < 0)
            return 1;
    }
    ready();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/libcopy%03d.so", dir, i);
        if (!dlopen(path, RTLD_NOW))
            return 1;
    }
    bench_done();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/libcopy%03d.so", dir, i);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
