/* lldb's launch settings and its launch and attach requests, for a zstub that lldb started
 * with no program (`zstub gdbserver --fd N`, as it starts lldb-server): the program's stdin,
 * stdout and stderr files (QSetSTDIN/QSetSTDOUT/QSetSTDERR, usually lldb's pty), ASLR, the
 * architecture, then `A` + qLaunchSuccess; and attaching by name, at once or when the program
 * appears (vAttachName, vAttachWait, vAttachOrWait). */
#include "packets.h"

#include "log.h"
#include "rsp_args.h"
#include "rsp_lldb_launch.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_stdio(struct session *s, const char *a, size_t n, int fd)
{
    char path[PATH_MAX];
    if (!rsp_parse_hex_text(a, n, path, sizeof path))
        return -EINVAL;
    char *copy = strdup(path);
    if (!copy)
        return -ENOMEM;
    free(s->srv->stdio_path[fd]);
    s->srv->stdio_path[fd] = copy;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_set_stdin(struct session *s, const char *a, size_t n)
{
    return set_stdio(s, a, n, 0);
}

int on_set_stdout(struct session *s, const char *a, size_t n)
{
    return set_stdio(s, a, n, 1);
}

int on_set_stderr(struct session *s, const char *a, size_t n)
{
    return set_stdio(s, a, n, 2);
}

static int flag(const char *a, size_t n, bool *out)
{
    uint64_t v;
    if (!rsp_parse_hex_all(a, n, &v))
        return -EINVAL;
    *out = v != 0;
    return 0;
}

int on_set_disable_aslr(struct session *s, const char *a, size_t n)
{
    bool disable;
    if (flag(a, n, &disable) < 0)
        return -EINVAL;
    s->srv->run.keep_aslr = !disable;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* "Detach rather than kill if the connection is lost": lldb sends it for every launch, and
 * lldb-server on Linux kills anyway, as zstub does (a program left stopped under no debugger
 * helps nobody). Accepted so that lldb goes on. */
int on_set_detach_on_error(struct session *s, const char *a, size_t n)
{
    bool unused;
    if (flag(a, n, &unused) < 0)
        return -EINVAL;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* The architecture comes from the program's ELF header; lldb's triple is only checked for
 * being one we serve. */
int on_launch_arch(struct session *s, const char *a, size_t n)
{
    if (n == 0)
        return -EINVAL;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* A: launch now, reply OK or an error; qLaunchSuccess then says how it went (lldb asks). The
 * settings are the run configuration's, as for vRun. */
int on_lldb_launch(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    enum { MAX_ARGS = 1024 };
    char *buf = malloc(n / 2 + MAX_ARGS), **argv = calloc(MAX_ARGS + 1, sizeof *argv);
    size_t argc;
    int rc = -ENOMEM;
    char why[512] = "";
    if (buf && argv)
        rc = rsp_parse_lldb_argv(a, n, buf, n / 2 + MAX_ARGS, argv, MAX_ARGS, &argc) ? 0 : -EINVAL;
    if (rc == 0 && srv->inf->alive)
        rc = -EBUSY; /* one program per debug server, as lldb-server */
    if (rc == 0)
        rc = run_config_set_args(&srv->run, argv[0], &argv[1]);
    free(buf);
    free(argv);
    if (rc == 0) {
        server_release_inferior(srv);
        rc = server_run(srv, why, sizeof why);
    }
    if (rc < 0) {
        snprintf(srv->launch_error, sizeof srv->launch_error, "%s", why[0] ? why : strerror(-rc));
        session_error(s, rc, srv->launch_error);
        return PACKET_OK;
    }
    srv->launch_error[0] = 0;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* lldb's QEnvironment:NAME=VALUE (plain text; lldb hex-encodes values with special characters
 * in QEnvironmentHexEncoded instead). */
int on_env_set_plain(struct session *s, const char *a, size_t n)
{
    char *kv = strndup(a, n);
    if (!kv)
        return -ENOMEM;
    int rc = memchr(a, 0, n) || !strchr(kv, '=') ? -EINVAL : run_config_env_set(&s->srv->run, kv);
    free(kv);
    if (rc < 0)
        return rc;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_launch_success(struct session *s, const char *a, size_t n)
{
    if (!s->srv->launch_error[0]) {
        rsp_buf_puts(&s->reply, "OK");
        return PACKET_OK;
    }
    rsp_buf_putc(&s->reply, 'E'); /* lldb shows the text after the E */
    rsp_buf_puts(&s->reply, s->srv->launch_error);
    return PACKET_OK;
}
