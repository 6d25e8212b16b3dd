#include "run_config.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void free_vec(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* A deep copy of a NULL-terminated vector, with room for one more entry. */
static char **copy_vec(char *const *v, size_t *count)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    char **out = calloc(n + 2, sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        out[i] = strdup(v[i]);
        if (!out[i]) {
            free_vec(out);
            return NULL;
        }
    }
    if (count)
        *count = n;
    return out;
}

int run_config_init(struct run_config *rc, char *const *argv, bool shell, bool keep_aslr)
{
    memset(rc, 0, sizeof *rc);
    rc->shell = shell;
    rc->keep_aslr = keep_aslr;
    if (argv && argv[0] && !(rc->args = copy_vec(argv, NULL)))
        return -ENOMEM;
    return run_config_env_reset(rc);
}

void run_config_free(struct run_config *rc)
{
    free_vec(rc->args);
    free_vec(rc->env);
    free(rc->cwd);
    memset(rc, 0, sizeof *rc);
}

int run_config_set_args(struct run_config *rc, const char *prog, char *const *args)
{
    if (!prog && !(rc->args && rc->args[0]))
        return -ENOENT; /* no program given and none from an earlier run */
    size_t n = 0;
    while (args && args[n])
        n++;
    char **out = calloc(n + 2, sizeof *out);
    if (!out)
        return -ENOMEM;
    out[0] = strdup(prog ? prog : rc->args[0]);
    for (size_t i = 0; out[0] && i < n; i++)
        if (!(out[i + 1] = strdup(args[i])))
            break;
    if (!out[0] || (n && !out[n])) {
        free_vec(out);
        return -ENOMEM;
    }
    free_vec(rc->args);
    rc->args = out;
    return 0;
}

/* Index of VAR in the environment, or nenv. */
static size_t env_find(const struct run_config *rc, const char *var, size_t len)
{
    for (size_t i = 0; i < rc->nenv; i++)
        if (strncmp(rc->env[i], var, len) == 0 && rc->env[i][len] == '=')
            return i;
    return rc->nenv;
}

int run_config_env_set(struct run_config *rc, const char *var_eq_value)
{
    const char *eq = strchr(var_eq_value, '=');
    if (!eq || eq == var_eq_value)
        return -EINVAL;
    char *copy = strdup(var_eq_value);
    if (!copy)
        return -ENOMEM;
    size_t i = env_find(rc, var_eq_value, (size_t)(eq - var_eq_value));
    if (i < rc->nenv) {
        free(rc->env[i]);
        rc->env[i] = copy;
        return 0;
    }
    char **grown = realloc(rc->env, (rc->nenv + 2) * sizeof *grown);
    if (!grown) {
        free(copy);
        return -ENOMEM;
    }
    rc->env = grown;
    rc->env[rc->nenv++] = copy;
    rc->env[rc->nenv] = NULL;
    return 0;
}

int run_config_env_unset(struct run_config *rc, const char *var)
{
    size_t i = env_find(rc, var, strlen(var));
    if (i == rc->nenv)
        return 0;
    free(rc->env[i]);
    memmove(&rc->env[i], &rc->env[i + 1], (rc->nenv - i) * sizeof *rc->env);
    rc->nenv--;
    return 0;
}

int run_config_env_reset(struct run_config *rc)
{
    size_t n = 0;
    char **env = copy_vec(environ, &n);
    if (!env)
        return -ENOMEM;
    free_vec(rc->env);
    rc->env = env;
    rc->nenv = n;
    return 0;
}

/* dir with a leading `~` or `~USER` replaced by that home directory, as a shell would: gdb sends
 * `set cwd ~/x` as typed and leaves the expansion to the target (gdbserver does it too). */
static char *tilde_expand(const char *dir)
{
    if (dir[0] != '~')
        return strdup(dir);
    const char *rest = strchr(dir, '/'), *home = NULL;
    if (!rest)
        rest = dir + strlen(dir);
    if (rest == dir + 1) {
        home = getenv("HOME");
        struct passwd *pw = home && *home ? NULL : getpwuid(getuid());
        if (pw)
            home = pw->pw_dir;
    } else {
        char user[256];
        size_t n = (size_t)(rest - dir - 1);
        struct passwd *pw = NULL;
        if (n < sizeof user) {
            memcpy(user, dir + 1, n);
            user[n] = '\0';
            pw = getpwnam(user);
        }
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home || !*home) /* no such user: the shell leaves it as typed too */
        return strdup(dir);
    char *out = malloc(strlen(home) + strlen(rest) + 1);
    if (out)
        strcat(strcpy(out, home), rest);
    return out;
}

int run_config_set_cwd(struct run_config *rc, const char *dir)
{
    char *copy = NULL;
    if (dir && *dir && !(copy = tilde_expand(dir)))
        return -ENOMEM;
    free(rc->cwd);
    rc->cwd = copy;
    return 0;
}
