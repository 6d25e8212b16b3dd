/* zstub-cflags: -shared -fPIC */
/* dlopen_lib: a shared object that dlopen_main loads at run time (built as a .so, not run). */
int lib_twice(int x)
{
    return 2 * x; /* @lib_twice */
}
