/* The platform's host requests: working directory, user and group names, the shell
 * (`platform shell CMD`), directories and permissions (lldb makes an uploaded program
 * executable with qPlatform_chmod). */
#include "platform.h"

#include "packets.h"
#include "rsp_args.h"
#include "rsp_platform.h"
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* lldb-server's limit for a shell command when lldb gives none (lldb sends ffffffff). */
#define SHELL_DEFAULT_TIMEOUT_S 10
/* Output kept from a shell command: it must fit one reply, escaped. */
#define SHELL_MAX_OUTPUT (SESSION_PACKET_SIZE / 2 - 64)

int on_get_working_dir(struct session *s, const char *a, size_t n)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return -errno;
    rsp_buf_hex_str(&s->reply, cwd);
    return PACKET_OK;
}

int on_set_working_dir(struct session *s, const char *a, size_t n)
{
    char dir[PATH_MAX];
    if (!rsp_parse_hex_text(a, n, dir, sizeof dir))
        return -EINVAL;
    if (chdir(dir) < 0)
        return -errno;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

static int id_number(const char *a, size_t n, long *id)
{
    uint64_t v;
    if (!rsp_parse_lldb_number(a, n, &v) || v > UINT32_MAX)
        return -EINVAL;
    *id = (long)v;
    return 0;
}

int on_user_name(struct session *s, const char *a, size_t n)
{
    long uid;
    if (id_number(a, n, &uid) < 0)
        return -EINVAL;
    struct passwd *pw = getpwuid((uid_t)uid);
    if (!pw)
        return -ENOENT;
    rsp_buf_hex_str(&s->reply, pw->pw_name);
    return PACKET_OK;
}

int on_group_name(struct session *s, const char *a, size_t n)
{
    long gid;
    if (id_number(a, n, &gid) < 0)
        return -EINVAL;
    struct group *gr = getgrgid((gid_t)gid);
    if (!gr)
        return -ENOENT;
    rsp_buf_hex_str(&s->reply, gr->gr_name);
    return PACKET_OK;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs `/bin/sh -c cmd` in dir (if any) in a process group of its own, collecting its output
 * (stdout and stderr) into out until it ends or the time limit passes (then the group is
 * killed). Returns the wait status, or -1 if it could not start. */
static int run_shell(const char *cmd, const char *dir, long timeout_ms, struct rsp_buf *out)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        dup2(pfd[1], 1);
        dup2(pfd[1], 2);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (dir[0] && chdir(dir) < 0)
            _exit(126);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        return -1;
    }
    long deadline = now_ms() + timeout_ms;
    char buf[4096];
    for (;;) {
        long left = deadline - now_ms();
        struct pollfd p = {.fd = pfd[0], .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
            kill(-pid, SIGKILL); /* too slow: the whole group, as a Ctrl-C would */
            break;
        }
        ssize_t got = read(pfd[0], buf, sizeof buf);
        if (got <= 0)
            break;
        if (out->len + (size_t)got <= SHELL_MAX_OUTPUT)
            rsp_buf_put(out, buf, (size_t)got);
    }
    close(pfd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return status;
}

/* Reply "F,STATUS,SIGNAL,OUTPUT" (hex, output escaped), or "F,ffffffff" if it did not run. */
int on_platform_shell(struct session *s, const char *a, size_t n)
{
    char cmd[4096], dir[PATH_MAX];
    struct rsp_shell req;
    if (!rsp_parse_shell(a, n, cmd, sizeof cmd, dir, sizeof dir, &req))
        return -EINVAL;
    long timeout_s =
        req.timeout == 0 || req.timeout >= UINT32_MAX ? SHELL_DEFAULT_TIMEOUT_S : (long)req.timeout;
    rsp_buf_reset(&s->scratch);
    int status = run_shell(cmd, dir, timeout_s * 1000, &s->scratch);
    if (status < 0) {
        rsp_buf_puts(&s->reply, "F,ffffffff");
        return PACKET_OK;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    rsp_buf_printf(&s->reply, "F,%08x,%08x,", code, sig);
    rsp_buf_escaped(&s->reply, s->scratch.data, s->scratch.len);
    return PACKET_OK;
}

/* Both reply "F" and the errno in hex (0 on success), which is how lldb reads them. */
int on_platform_mkdir(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX];
    uint64_t mode;
    if (!rsp_parse_mode_path(a, n, &mode, path, sizeof path))
        return -EINVAL;
    /* lldb's `platform mkdir` sends mode 0 for "the default" */
    int rc = mkdir(path, mode ? (mode_t)mode : 0777);
    rsp_buf_printf(&s->reply, "F%x", rc < 0 ? errno : 0);
    return PACKET_OK;
}

int on_platform_chmod(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX];
    uint64_t mode;
    if (!rsp_parse_mode_path(a, n, &mode, path, sizeof path))
        return -EINVAL;
    int rc = chmod(path, (mode_t)mode);
    rsp_buf_printf(&s->reply, "F%x", rc < 0 ? errno : 0);
    return PACKET_OK;
}
