#include "session.h"

#include "log.h"

#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_all(struct session *s, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0 && !s->closed) {
        ssize_t w = write(s->out_fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            log_info("client write failed: %s", strerror(errno));
            s->closed = true;
            return;
        }
        c += w;
        n -= (size_t)w;
    }
}

void session_send_notification(struct session *s, const char *name)
{
    struct rsp_buf framed;
    rsp_buf_init(&framed);
    size_t nlen = strlen(name);
    struct rsp_buf body;
    rsp_buf_init(&body);
    rsp_buf_put(&body, name, nlen);
    rsp_buf_put(&body, s->reply.data ? s->reply.data : "", s->reply.len);
    rsp_frame_notification(&framed, body.data, body.len);
    packet_log("->", body.data, body.len);
    write_all(s, framed.data, framed.len);
    rsp_buf_free(&framed);
    rsp_buf_free(&body);
    rsp_buf_reset(&s->reply);
}

void session_send_packet(struct session *s, const char *p, size_t n)
{
    rsp_buf_reset(&s->wire);
    rsp_frame_packet(&s->wire, p, n, true);
    packet_log("->", p, n);
    write_all(s, s->wire.data, s->wire.len);
}

void session_send_reply(struct session *s)
{
    session_send_packet(s, s->reply.data ? s->reply.data : "", s->reply.len);
}

void session_error(struct session *s, int err, const char *msg)
{
    rsp_buf_reset(&s->reply);
    int code = err < 0 ? -err : err;
    if (code <= 0 || code > 0xff)
        code = 1;
    rsp_buf_printf(&s->reply, "E%02x", code);
    if (s->error_strings && msg) {
        rsp_buf_putc(&s->reply, ';');
        rsp_buf_hex_str(&s->reply, msg);
    }
    if (msg)
        log_debug("error reply E%02x: %s", code, msg);
}

long session_unescape_to_scratch(struct session *s, const char *p, size_t n)
{
    rsp_buf_reset(&s->scratch);
    if (!rsp_buf_reserve(&s->scratch, n + 1))
        return -ENOMEM;
    memcpy(s->scratch.data, p, n);
    size_t len = rsp_unescape((uint8_t *)s->scratch.data, n);
    return len == (size_t)-1 ? -EINVAL : (long)len;
}

static void handle_packet(struct session *s, const uint8_t *p, size_t n)
{
    packet_log("<-", p, n);
    rsp_buf_reset(&s->reply);
    int rc = s->ops->dispatch(s, (const char *)p, n);
    if (rc == SESSION_DEFERRED)
        return; /* the program runs; the stop reply comes later */
    if (rc < 0 && s->reply.len == 0)
        session_error(s, rc, strerror(-rc));
    session_send_reply(s);
}

static void on_readable(evutil_socket_t fd, short what, void *arg)
{
    struct session *s = arg;
    uint8_t buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        packet_log_event("disconnect");
        log_info("client disconnected");
        s->closed = true;
    }
    size_t off = 0;
    while (!s->closed && off < (size_t)n) {
        enum rsp_event_kind ev;
        off += rsp_reader_feed(&s->rd, buf + off, (size_t)n - off, &ev);
        switch (ev) {
        case RSP_EV_PACKET:
            if (!s->no_ack)
                write_all(s, "+", 1);
            handle_packet(s, s->rd.buf, s->rd.len);
            break;
        case RSP_EV_BAD_CHECKSUM:
            packet_log_event("bad-checksum");
            log_debug("bad checksum: asking for a resend");
            write_all(s, "-", 1);
            break;
        case RSP_EV_NAK:
            packet_log_event("nak");
            log_debug("NAK: resending the last reply");
            write_all(s, s->wire.data, s->wire.len);
            break;
        case RSP_EV_INTERRUPT:
            packet_log_event("interrupt");
            s->ops->interrupt(s);
            break;
        case RSP_EV_OVERSIZE:
            packet_log_event("oversize");
            if (!s->no_ack)
                write_all(s, "+", 1);
            session_error(s, -EMSGSIZE, "packet larger than PacketSize");
            session_send_reply(s);
            break;
        case RSP_EV_ACK:
        case RSP_EV_NONE:
            break;
        }
    }
    if (s->closed || (s->ops->finished && s->ops->finished(s)))
        s->ops->closed(s);
}

struct session *session_new(struct server *srv, struct event_base *base, int in_fd, int out_fd,
                            const struct session_ops *ops)
{
    struct session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->srv = srv;
    s->ops = ops;
    s->in_fd = in_fd;
    s->out_fd = out_fd;
    s->inbuf = malloc(SESSION_PACKET_SIZE);
    if (!s->inbuf) {
        free(s);
        return NULL;
    }
    rsp_reader_init(&s->rd, s->inbuf, SESSION_PACKET_SIZE);
    rsp_buf_init(&s->reply);
    rsp_buf_init(&s->wire);
    rsp_buf_init(&s->scratch);
    rsp_buf_init(&s->xfer_doc);
    packet_log_event("connect");
    s->ev_read = event_new(base, in_fd, EV_READ | EV_PERSIST, on_readable, s);
    if (!s->ev_read || event_add(s->ev_read, NULL) < 0) {
        session_free(s);
        return NULL;
    }
    return s;
}

void session_free(struct session *s)
{
    if (!s)
        return;
    if (s->ev_read)
        event_free(s->ev_read);
    if (s->in_fd > 2)
        close(s->in_fd);
    if (s->out_fd > 2 && s->out_fd != s->in_fd)
        close(s->out_fd);
    while (s->nvfile_fds) /* files the client opened with vFile:open */
        close(s->vfile_fds[--s->nvfile_fds]);
    rsp_buf_free(&s->reply);
    rsp_buf_free(&s->wire);
    rsp_buf_free(&s->scratch);
    rsp_buf_free(&s->xfer_doc);
    free(s->inbuf);
    free(s->target_xml);
    free(s->allocs);
    for (size_t i = 0; i < sizeof s->saved / sizeof s->saved[0]; i++)
        free(s->saved[i].blob);
    free(s);
}
