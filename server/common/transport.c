#include "transport.h"

#include "log.h"
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int open_unix(struct transport *t, const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sa.sun_path) {
        fprintf(stderr, "zstub: unix socket path too long: %s\n", path);
        return -1;
    }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    /* Create the socket with no access for others: nobody but the owner may debug through it. */
    mode_t old = umask(0177);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
    umask(old);
    if (rc < 0 || listen(fd, 1) < 0) {
        fprintf(stderr, "Can't bind address: %s.\n", strerror(errno));
        close(fd);
        return -1;
    }
    t->listen_fd = fd;
    snprintf(t->unix_path, sizeof t->unix_path, "%s", path);
    return 0;
}

/* Splits HOST:PORT, [V6]:PORT or :PORT. An empty host means loopback: unlike gdbserver we never
 * listen on every interface unless asked to with 0.0.0.0, [::] or lldb-server's *. gdbserver's
 * unbracketed IPv6 form (::1:PORT) works too: the port is what follows the last colon. */
static int split_host_port(const char *comm, char *host, size_t hcap, char *port, size_t pcap)
{
    const char *colon;
    if (comm[0] == '[') {
        const char *close_br = strchr(comm, ']');
        if (!close_br || close_br[1] != ':')
            return -1;
        snprintf(host, hcap, "%.*s", (int)(close_br - comm - 1), comm + 1);
        colon = close_br + 1;
    } else {
        colon = strrchr(comm, ':');
        if (!colon)
            return -1;
        snprintf(host, hcap, "%.*s", (int)(colon - comm), comm);
    }
    if (!host[0])
        snprintf(host, hcap, "127.0.0.1");
    else if (strcmp(host, "*") == 0) /* lldb-server's "every interface" */
        snprintf(host, hcap, "0.0.0.0");
    snprintf(port, pcap, "%s", colon + 1);
    return port[0] ? 0 : -1;
}

/* gdb's own connection prefixes, so that one spec works for both ends: tcp: any family, tcp4:
 * and tcp6: one family; lldb's URL form tcp://. Anything else before the host (udp:, tcp8: ...) is
 * left in the host name, where resolving it fails as it does in gdbserver. */
static const char *strip_tcp_prefix(const char *comm, int *family)
{
    static const struct {
        const char *prefix;
        int family;
    } prefixes[] = {
        {"tcp://", AF_UNSPEC}, {"tcp4:", AF_INET}, {"tcp6:", AF_INET6}, {"tcp:", AF_UNSPEC}};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t len = strlen(prefixes[i].prefix);
        if (strncmp(comm, prefixes[i].prefix, len) == 0) {
            *family = prefixes[i].family;
            return comm + len;
        }
    }
    *family = AF_UNSPEC;
    return comm;
}

static int open_tcp(struct transport *t, const char *comm)
{
    char host[256], port[32];
    int family;
    const char *spec = strip_tcp_prefix(comm, &family);
    if (split_host_port(spec, host, sizeof host, port, sizeof port) < 0) {
        fprintf(stderr,
                "zstub: bad address '%s' (expected HOST:PORT, :PORT, [::1]:PORT, "
                "unix:PATH or -)\n",
                comm);
        return -1;
    }
    struct addrinfo hints = {.ai_family = family,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE},
                    *ai;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc != 0) {
        /* gdbserver's wording: gdb's testsuite waits for ": cannot resolve name: ". */
        fprintf(stderr, "%s: cannot resolve name: %s\n", comm, gai_strerror(rc));
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 1) < 0) {
        fprintf(stderr, "Can't bind address: %s.\n", strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    int actual = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                          : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    t->listen_fd = fd;
    t->port = actual;
    return 0;
}

static void transport_init(struct transport *t)
{
    memset(t, 0, sizeof *t);
    t->listen_fd = -1;
    t->conn_fd = -1;
    t->serial_fd = -1;
}

int transport_open(struct transport *t, const char *comm, int baud)
{
    transport_init(t);
    if (strncmp(comm, "unix://", 7) == 0) /* lldb's URL for a Unix socket */
        return open_unix(t, comm + 7);
    if (strcmp(comm, "-") == 0 || strcmp(comm, "stdio") == 0) {
        t->is_stdio = true;
        return 0;
    }
    if (!strchr(comm, ':')) { /* gdbserver's rule: no port, so a tty */
        snprintf(t->serial_path, sizeof t->serial_path, "%s", comm);
        t->serial_fd = serial_open(comm, baud);
        t->is_serial = t->serial_fd >= 0;
        return t->serial_fd < 0 ? -1 : 0;
    }
    if (strncmp(comm, "unix:", 5) == 0)
        return open_unix(t, comm + 5);
    return open_tcp(t, comm);
}

static void set_nodelay(int fd)
{
    /* Every stop is a tiny packet: Nagle plus delayed ACK would add tens of ms per round trip. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int transport_adopt(struct transport *t, int fd)
{
    transport_init(t);
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        fprintf(stderr, "zstub: --fd %d: %s\n", fd, strerror(errno));
        return -1;
    }
    set_nodelay(fd); /* fails harmlessly on a socketpair */
    t->conn_fd = fd;
    return 0;
}

int transport_connect(struct transport *t, const char *comm)
{
    char host[256], port[32];
    int family;
    transport_init(t);
    const char *spec = strip_tcp_prefix(comm, &family);
    if (split_host_port(spec, host, sizeof host, port, sizeof port) < 0) {
        fprintf(stderr, "zstub: bad address to connect to '%s' (expected HOST:PORT)\n", comm);
        return -1;
    }
    struct addrinfo hints = {.ai_family = family, .ai_socktype = SOCK_STREAM}, *ai, *it;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot resolve name: %s\n", comm, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (it = ai; it && fd < 0; it = it->ai_next) {
        fd = socket(it->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, it->ai_addr, it->ai_addrlen) < 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if (fd < 0) {
        fprintf(stderr, "zstub: cannot connect to %s: %s\n", comm, strerror(errno));
        return -1;
    }
    set_nodelay(fd);
    t->conn_fd = fd;
    return 0;
}

static int write_port(int fd, int port)
{
    char text[16];
    int len = snprintf(text, sizeof text, "%d", port) + 1; /* with its NUL, as lldb reads it */
    return write(fd, text, (size_t)len) == len ? 0 : -1;
}

int transport_tell_port(const struct transport *t, int pipe_fd, const char *named_pipe)
{
    int rc = 0;
    if (pipe_fd >= 0) {
        rc |= write_port(pipe_fd, t->port);
        close(pipe_fd);
    }
    if (named_pipe) {
        int fd = open(named_pipe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        rc |= fd < 0 ? -1 : write_port(fd, t->port);
        if (fd >= 0)
            close(fd);
    }
    if (rc < 0)
        fprintf(stderr, "zstub: cannot tell the port bound: %s\n", strerror(errno));
    return rc;
}

void transport_announce(const struct transport *t)
{
    if (t->unix_path[0])
        fprintf(stderr, "Listening on unix socket %s\n", t->unix_path);
    else if (t->is_serial)
        fprintf(stderr, "Remote debugging using %s\n", t->serial_path);
    else if (!t->is_stdio && t->conn_fd < 0)
        fprintf(stderr, "Listening on port %d\n", t->port);
}

int transport_accept(struct transport *t)
{
    if (t->is_stdio)
        return 0;
    int fd;
    do
        fd = accept4(t->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        log_error("accept: %s", strerror(errno));
        return -1;
    }
    set_nodelay(fd);
    log_info("client connected");
    return fd;
}

void transport_close(struct transport *t)
{
    if (t->listen_fd >= 0)
        close(t->listen_fd);
    t->listen_fd = -1;
    if (t->serial_fd >= 0)
        close(t->serial_fd);
    t->serial_fd = -1;
    if (t->unix_path[0])
        unlink(t->unix_path);
    t->unix_path[0] = 0;
}
