/* Debug servers for lldb: qLaunchGDBServer starts `zstub gdbserver tcp://[ADDR]:PORT --pipe N`
 * (this binary), which binds, writes the port it got to the pipe, and serves the one debug
 * session lldb then connects for. ADDR is the address lldb reached the platform on, as
 * lldb-server does. Every debug server is this connection's child: it dies with the platform
 * (PR_SET_PDEATHSIG), and the platform ends the ones still running when lldb disconnects. */
#include "platform.h"

#include "log.h"
#include "options.h"
#include "packets.h"
#include "rsp_platform.h"
#include "session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SPAWNED 64
#define PORT_WAIT_MS 10000 /* lldb itself waits 10 s for the reply */
#define KILL_WAIT_MS 1000

static struct spawned {
    pid_t pid;
    int port;
} spawned[MAX_SPAWNED];
static size_t nspawned;
static int min_port, max_port;
static char self_path[PATH_MAX];

void platform_spawn_setup(const struct options *o)
{
    min_port = o->min_port;
    max_port = o->max_port;
    /* QSetWorkingDir may move us: remember this binary by its absolute path. */
    ssize_t len = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (len > 0)
        self_path[len] = 0;
    else
        snprintf(self_path, sizeof self_path, "%s", o->self);
}

/* The address of our end of the platform connection, as "[ADDR]" for the debug server's URL. */
static void local_address(int fd, char *buf, size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "127.0.0.1";
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
        else if (ss.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
    }
    snprintf(buf, cap, "[%s]", host);
}

static bool port_taken(int port)
{
    for (size_t i = 0; i < nspawned; i++)
        if (spawned[i].port == port)
            return true;
    return false;
}

/* A port from --min/--max-gdbserver-port not given to a running debug server; 0 (any free
 * port) without a range; -1 when the range is used up. */
static int pick_port(int asked)
{
    if (asked)
        return asked;
    if (!max_port)
        return 0;
    for (int p = min_port; p < max_port; p++)
        if (!port_taken(p))
            return p;
    return -1;
}

static void end_child(pid_t pid, int wait_ms)
{
    kill(pid, SIGTERM); /* a debug server cleans up on SIGTERM: its program is killed */
    for (int waited = 0; waited < wait_ms; waited += 10) {
        if (waitpid(pid, NULL, WNOHANG) != 0)
            return;
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* Reads "PORT\0" from the debug server's pipe; the port, or -1 (it failed to bind or exec). */
static int read_port(int fd)
{
    char text[16];
    size_t got = 0;
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    while (got < sizeof text - 1 && poll(&pfd, 1, PORT_WAIT_MS) > 0) {
        ssize_t r = read(fd, text + got, sizeof text - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
        if (memchr(text, 0, got))
            break;
    }
    text[got] = 0;
    char *end;
    long port = strtol(text, &end, 10);
    return got && end != text && port > 0 && port < 65536 ? (int)port : -1;
}

static pid_t start_server(const char *url, int *port)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) < 0)
        return -1;
    pid_t parent = getpid(), pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(127);
        close(pfd[0]);
        fcntl(pfd[1], F_SETFD, 0); /* the one descriptor it inherits on purpose */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        char fd_text[16];
        snprintf(fd_text, sizeof fd_text, "%d", pfd[1]);
        char *argv[] = {self_path, "gdbserver", (char *)url, "--pipe", fd_text, NULL};
        execv(self_path, argv);
        _exit(127);
    }
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        return -1;
    }
    *port = read_port(pfd[0]);
    close(pfd[0]);
    if (*port < 0) {
        end_child(pid, 0);
        return -1;
    }
    return pid;
}

int on_launch_gdbserver(struct session *s, const char *a, size_t n)
{
    struct rsp_launch_gdbserver req;
    if (!rsp_parse_launch_gdbserver(a, n, &req))
        return -EINVAL;
    platform_reap_spawned(false);
    int port = pick_port((int)req.port);
    if (port < 0 || nspawned == MAX_SPAWNED) {
        session_error(s, -EBUSY, "no port left for a debug server");
        return PACKET_OK;
    }
    /* The host lldb names is its own: lldb-server ignores it too and listens on the address
     * lldb reached it on. */
    char addr[INET6_ADDRSTRLEN + 2], url[INET6_ADDRSTRLEN + 32];
    local_address(s->in_fd, addr, sizeof addr);
    snprintf(url, sizeof url, "tcp://%s:%d", addr, port);
    pid_t pid = start_server(url, &port);
    if (pid < 0) {
        session_error(s, -EAGAIN, "the debug server did not start");
        return PACKET_OK;
    }
    spawned[nspawned++] = (struct spawned){pid, port};
    log_info("platform: debug server %d on %s, port %d", pid, addr, port);
    rsp_buf_printf(&s->reply, "pid:%d;port:%d;", pid, port);
    return PACKET_OK;
}

/* lldb asks at connect time for debug servers already waiting for it (lldb-server's
 * --gdbserver-port start-up mode); this platform starts them only on request. */
int on_query_gdbserver(struct session *s, const char *a, size_t n)
{
    session_error(s, -ENOENT, "no debug server waiting");
    return PACKET_OK;
}

static ssize_t find(pid_t pid)
{
    for (size_t i = 0; i < nspawned; i++)
        if (spawned[i].pid == pid)
            return (ssize_t)i;
    return -1;
}

int on_kill_spawned(struct session *s, const char *a, size_t n)
{
    uint64_t pid;
    if (!rsp_parse_lldb_number(a, n, &pid) || pid > INT_MAX)
        return -EINVAL;
    ssize_t i = find((pid_t)pid);
    if (i < 0) {
        session_error(s, -ESRCH, "not a debug server this platform started");
        return PACKET_OK;
    }
    end_child((pid_t)pid, KILL_WAIT_MS);
    spawned[i] = spawned[--nspawned];
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

void platform_reap_spawned(bool kill_all)
{
    for (size_t i = 0; i < nspawned;) {
        if (kill_all)
            end_child(spawned[i].pid, KILL_WAIT_MS);
        else if (waitpid(spawned[i].pid, NULL, WNOHANG) == 0) {
            i++;
            continue;
        }
        spawned[i] = spawned[--nspawned];
    }
}
