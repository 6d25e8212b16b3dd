/* What the next run of the program looks like: its arguments, environment, working directory,
 * whether a shell starts it and whether its address space is randomized. The command line sets
 * the first values; gdb's extended-remote packets (vRun, QEnvironment*, QSetWorkingDir,
 * QStartupWithShell, QDisableRandomization) and lldb's change them between runs. */
#ifndef ZSTUB_RUN_CONFIG_H
#define ZSTUB_RUN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct run_config {
    char **args; /* program path and arguments, NULL-terminated (owned); NULL: none yet */
    char **env;  /* the program's environment, NULL-terminated (owned) */
    size_t nenv;
    char *cwd;  /* NULL: the stub's own */
    bool shell; /* start as `$SHELL -c "exec PROG ARGS"` (globbing, redirection) */
    bool keep_aslr;
};

/* argv may be NULL (no program yet). The environment starts as the stub's. 0 or -ENOMEM. */
int run_config_init(struct run_config *rc, char *const *argv, bool shell, bool keep_aslr);
void run_config_free(struct run_config *rc);
/* Replaces the arguments, keeping the program when prog is NULL; args is NULL-terminated. */
int run_config_set_args(struct run_config *rc, const char *prog, char *const *args);
int run_config_env_set(struct run_config *rc, const char *var_eq_value); /* VAR=VALUE */
int run_config_env_unset(struct run_config *rc, const char *var);
int run_config_env_reset(struct run_config *rc);                /* back to the stub's environment */
int run_config_set_cwd(struct run_config *rc, const char *dir); /* "" or NULL: the stub's */

#endif
