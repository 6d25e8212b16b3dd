/* rsp_frame: the wire layer of the GDB Remote Serial Protocol.
 *  - struct rsp_reader: a state machine fed whatever bytes the transport delivers (packets may be
 *    split or coalesced). It recognises '$payload#cs' packets, '+'/'-' acks and the 0x03
 *    interrupt byte between packets, checks checksums and enforces the packet size limit.
 *  - rsp_frame_packet(): builds '$...#cs' around a reply, optionally run-length encoded.
 * Pure code: no I/O, no globals, no allocation (the reader works in a caller-provided buffer). */
#ifndef ZSTUB_RSP_FRAME_H
#define ZSTUB_RSP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsp_buf.h"

enum rsp_event_kind {
    RSP_EV_NONE = 0,     /* need more bytes */
    RSP_EV_PACKET,       /* a complete packet with a good checksum: payload in r->buf[0..len) */
    RSP_EV_ACK,          /* '+' */
    RSP_EV_NAK,          /* '-' : resend the last reply */
    RSP_EV_INTERRUPT,    /* 0x03 outside a packet */
    RSP_EV_BAD_CHECKSUM, /* complete packet, checksum mismatch: answer '-' */
    RSP_EV_OVERSIZE,     /* complete packet longer than the buffer: payload dropped, answer error */
};

enum rsp_reader_state { RSP_RD_IDLE, RSP_RD_BODY, RSP_RD_CSUM1, RSP_RD_CSUM2 };

struct rsp_reader {
    enum rsp_reader_state state;
    uint8_t *buf;     /* payload storage, provided by the caller */
    size_t cap;       /* capacity of buf; payloads longer than this give RSP_EV_OVERSIZE */
    size_t len;       /* payload length so far */
    bool overflow;    /* current packet exceeded cap: keep draining up to the checksum */
    uint8_t sum;      /* running checksum of the raw payload */
    uint8_t want_sum; /* checksum read from the wire */
    bool no_ack;      /* after QStartNoAckMode: checksums are not verified */
};

void rsp_reader_init(struct rsp_reader *r, uint8_t *buf, size_t cap);

/* Consume bytes from data[0..n) until one event is complete or the input is exhausted.
 * Returns the number of bytes consumed; *ev receives the event (RSP_EV_NONE if none completed).
 * Call again with the remaining bytes until everything is consumed. Bytes outside a packet that
 * are not '$', '+', '-' or 0x03 are ignored (garbage resynchronises at the next '$').
 * The payload of RSP_EV_PACKET is raw (still escaped/RLE-coded as sent) and is valid until the
 * next call. A '$' inside a packet body restarts the packet (the sender gave up on the old one). */
size_t rsp_reader_feed(struct rsp_reader *r, const uint8_t *data, size_t n,
                       enum rsp_event_kind *ev);

/* Expand run-length encoding ("X*c": repeat X (c - 29) more times) from in[0..n) into out.
 * Returns false on malformed input (a '*' with no preceding char or count) or if the expansion
 * does not fit in out_cap; *out_len receives the expanded length. */
bool rsp_rle_decode(const uint8_t *in, size_t n, uint8_t *out, size_t out_cap, size_t *out_len);

/* Append '$' + payload (run-length encoded when rle is true) + '#' + two hex checksum digits.
 * The payload must already be escaped where it carries binary data. RLE never emits a count
 * character of '#' or '$' (runs of 7 or 8 are split) and stays printable (max 97 repeats). */
void rsp_frame_packet(struct rsp_buf *out, const char *payload, size_t n, bool rle);

/* Same for a notification ('%' instead of '$'), used by non-stop mode. */
void rsp_frame_notification(struct rsp_buf *out, const char *payload, size_t n);

#endif
