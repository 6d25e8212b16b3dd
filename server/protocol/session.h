/* One client connection: bytes in through the rsp_reader, acks, dispatch of each packet to the
 * packet table, and framed replies out (kept for a resend after a NAK). */
#ifndef ZSTUB_SESSION_H
#define ZSTUB_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rsp_buf.h"
#include "rsp_frame.h"
#include "target.h"

struct server;
struct event;
struct event_base;
struct session_ops;

/* The largest packet we accept and advertise (qSupported PacketSize, in hex on the wire). */
#define SESSION_PACKET_SIZE 0x20000
/* Files a client may hold open through vFile:open at once. */
#define SESSION_MAX_VFILE_FDS 32

struct saved_regs {
    int id;
    pid_t tid;
    uint8_t *blob;
};

struct mem_alloc { /* a block the client allocated in the program with _M */
    uint64_t addr, size;
};

struct session {
    struct server *srv;
    const struct session_ops *ops;
    int in_fd, out_fd;
    struct event *ev_read;
    struct rsp_reader rd;
    uint8_t *inbuf;
    struct rsp_buf reply; /* payload being built */
    struct rsp_buf wire;  /* the last framed packet, for resends */
    struct rsp_buf scratch;
    char scratch_text[SESSION_PACKET_SIZE / 2 + 1]; /* hex-decoded text arguments */
    struct rsp_buf xfer_doc;                        /* the qXfer object being read in pieces */
    size_t xfer_object;                             /* which object xfer_doc holds */
    bool no_ack;
    bool closed;

    /* What the client told us it understands. */
    bool lldb;
    bool plain_regs; /* qSupported without xmlRegisters: `g` in the client's built-in layout */
    bool swbreak, hwbreak;
    bool error_strings;
    bool thread_suffix;
    bool list_threads_in_stop;
    bool vcont_used;
    bool multiprocess;  /* thread ids as pPID.TID */
    bool exec_events;   /* the client reloads the program itself after an exec */
    bool binary_upload; /* we offered binary-upload+: `x` replies start with 'b' (gdb's form) */

    pid_t g_tid; /* Hg: thread for register/memory access (0 = any) */
    pid_t c_tid; /* Hc */

    char *target_xml;
    size_t target_xml_len;

    struct saved_regs saved[8];
    int next_save_id;

    struct mem_alloc *allocs; /* _M blocks not freed by _m yet */
    size_t nallocs, allocs_cap;

    int vfile_fds[SESSION_MAX_VFILE_FDS]; /* opened by vFile:open; closed with the session */
    size_t nvfile_fds;
};

/* What the session calls above it: it frames and acknowledges packets, the owner interprets them.
 */
struct session_ops {
    int (*dispatch)(struct session *s, const char *p, size_t n); /* PACKET_OK/DEFERRED or -errno */
    void (*interrupt)(struct session *s);                        /* Ctrl-C */
    void (*closed)(struct session *s); /* the client went away: the owner frees the session */
    /* Optional: asked after each batch of input; true ends the session as if the client went
     * away (a serial line never hangs up). */
    bool (*finished)(struct session *s);
};
#define SESSION_DEFERRED 1 /* dispatch's "no reply now" (PACKET_DEFERRED) */

/* srv is the owner's, handed back to the handlers as s->srv; the session never looks inside. */
struct session *session_new(struct server *srv, struct event_base *base, int in_fd, int out_fd,
                            const struct session_ops *ops);
void session_free(struct session *s);
/* Frames s->reply as a notification (%NAMEpayload#cs), sends it, and empties s->reply. */
void session_send_notification(struct session *s, const char *name);
/* Frames s->reply, sends it and keeps it for a resend. */
void session_send_reply(struct session *s);
/* Sends a stop reply for rep (called when the program stops). */
void session_send_stop(struct session *s, const struct stop_report *rep);
/* Frames and sends payload p[0..n) as a packet of its own, leaving s->reply alone (an `O`
 * console-output packet while the client waits for a stop). */
void session_send_packet(struct session *s, const char *p, size_t n);
/* Build an error reply: "E.msg"/"Exx;hex" where accepted, else "Exx". */
void session_error(struct session *s, int err, const char *msg);
/* Copies the escaped binary data p[0..n) into s->scratch and unescapes it there (X, vFile:pwrite).
 * Returns its length, or -EINVAL / -ENOMEM. */
long session_unescape_to_scratch(struct session *s, const char *p, size_t n);
/* Appends a thread id in the form the client negotiated ("TID" or "pPID.TID"). */

#endif
