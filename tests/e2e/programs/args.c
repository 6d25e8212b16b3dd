/* args: prints its arguments and one environment variable, to check that the
 * stub passes PROG ARGS through unchanged and that --wrapper takes effect. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const char *value = getenv("ZSTUB_E2E_VALUE");
    for (int i = 1; i < argc; i++)
        printf("arg%d=[%s]\n", i, argv[i]);
    printf("env=[%s]\n", value ? value : "(unset)");
    return argc - 1;
}
