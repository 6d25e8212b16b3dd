/* A shared object for dlopen_many (built with -shared -fPIC). */
int lib_value(void)
{
    return 42;
}
