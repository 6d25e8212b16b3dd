/* The launched program's terminal output, for lldb. lldb-server gives a program lldb launched
 * with no stdout file a pseudo-terminal and forwards what it prints as `O` packets, which lldb
 * shows as the program's output (a platform launch gives no file: the program runs on the
 * remote machine). zstub does the same: the program gets the terminal's slave side as stdin,
 * stdout and stderr; the master side is read by the event loop. Output is sent while the client
 * waits for a stop, and what is left is flushed just before the stop reply, so it arrives in
 * order. */
#include "server.h"

#include "log.h"
#include "session.h"

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#define O_PACKET_BYTES 2048 /* program bytes per O packet (hex doubles them) */

/* Reads whatever the terminal holds into srv->output; false once the program side is gone. */
static bool drain(struct server *srv)
{
    char buf[4096];
    for (;;) {
        ssize_t got = read(srv->output_fd, buf, sizeof buf);
        if (got > 0) {
            rsp_buf_put(&srv->output, buf, (size_t)got);
            continue;
        }
        return got < 0 && (errno == EAGAIN || errno == EINTR);
    }
}

static void send_pending(struct server *srv)
{
    if (!srv->sess || srv->output.len == 0)
        return;
    struct rsp_buf pkt;
    rsp_buf_init(&pkt);
    for (size_t off = 0; off < srv->output.len; off += O_PACKET_BYTES) {
        size_t len =
            srv->output.len - off < O_PACKET_BYTES ? srv->output.len - off : O_PACKET_BYTES;
        rsp_buf_reset(&pkt);
        rsp_buf_putc(&pkt, 'O');
        rsp_buf_hex_bytes(&pkt, srv->output.data + off, len);
        session_send_packet(srv->sess, pkt.data, pkt.len);
    }
    rsp_buf_free(&pkt);
    rsp_buf_reset(&srv->output);
}

static void on_output(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    if (!drain(srv))
        event_del(srv->ev_output); /* EIO: every holder of the slave side is gone */
    if (srv->ts.resumed)
        send_pending(srv);
}

int program_output_open(struct server *srv, int *tty)
{
    program_output_close(srv);
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return -errno;
    const char *name = grantpt(master) == 0 && unlockpt(master) == 0 ? ptsname(master) : NULL;
    int slave = name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
    if (slave < 0) {
        int e = errno;
        close(master);
        return -e;
    }
    /* No echo: nothing is typed into this terminal, and lldb-server's shows none either. */
    struct termios t;
    if (tcgetattr(slave, &t) == 0) {
        t.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(slave, TCSANOW, &t);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    srv->output_fd = master;
    *tty = slave;
    return 0;
}

void program_output_launched(struct server *srv, int tty)
{
    close(tty);
    if (srv->output_fd < 0 || !srv->base)
        return;
    rsp_buf_init(&srv->output);
    srv->ev_output = event_new(srv->base, srv->output_fd, EV_READ | EV_PERSIST, on_output, srv);
    if (srv->ev_output)
        event_add(srv->ev_output, NULL);
}

void program_output_flush(struct server *srv)
{
    if (!srv->ev_output)
        return;
    if (!drain(srv) && srv->ev_output)
        event_del(srv->ev_output);
    send_pending(srv);
}

void program_output_close(struct server *srv)
{
    if (srv->ev_output) {
        event_free(srv->ev_output);
        srv->ev_output = NULL;
    }
    if (srv->output_fd >= 0)
        close(srv->output_fd);
    srv->output_fd = -1;
    rsp_buf_free(&srv->output);
}
