/* Transports: where the client's bytes come from. A listening socket (TCP v4/v6 or Unix) that
 * hands out one connection at a time, or stdin/stdout. */
#ifndef ZSTUB_TRANSPORT_H
#define ZSTUB_TRANSPORT_H

#include <stdbool.h>

struct transport {
    bool is_stdio;
    bool is_serial; /* COMM is a tty's path: a serial line */
    int serial_fd;  /* the line until a session owns it, or -1 */
    char serial_path[256];
    int listen_fd;       /* -1 for stdio */
    int port;            /* the TCP port actually bound (COMM may say 0) */
    char unix_path[108]; /* removed at exit */
    int conn_fd;         /* a connection made before the loop (--fd, --reverse-connect); -1 */
};

/* Opens COMM: binds and listens, so that a port in use is found before a program is launched.
 * Returns 0, or -1 after printing why (e.g. "Can't bind address: Address already in use."). */
int transport_open(struct transport *t, const char *comm, int baud);
/* lldb-server's ways: a socket lldb already connected (--fd N), or a connection zstub makes
 * itself to COMM (--reverse-connect). Both set t->conn_fd. 0, or -1 after printing why. */
int transport_adopt(struct transport *t, int fd);
int transport_connect(struct transport *t, const char *comm);
/* Tells whoever started us the port bound (port 0 picks one): "PORT\0" written to the pipe fd
 * (--pipe) and/or the named file or FIFO (--named-pipe, --socket-file). 0 or -1. */
int transport_tell_port(const struct transport *t, int pipe_fd, const char *named_pipe);
/* Prints gdbserver's "Listening on port N" (or the Unix path) to stderr. Clients (gdb's
 * testsuite among them) take it to mean the program exists: call it once the program has been
 * launched or attached. */
void transport_announce(const struct transport *t);
/* Accepts one client; sets TCP_NODELAY. Returns the connection fd or -1. */
int transport_accept(struct transport *t);
void transport_close(struct transport *t);

#endif
