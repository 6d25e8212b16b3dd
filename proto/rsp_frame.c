/* rsp_frame: packet reader state machine and packet framing (see rsp_frame.h). */
#include "rsp_frame.h"

#include <string.h>

void rsp_reader_init(struct rsp_reader *r, uint8_t *buf, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->state = RSP_RD_IDLE;
    r->buf = buf;
    r->cap = cap;
}

static void start_packet(struct rsp_reader *r)
{
    r->state = RSP_RD_BODY;
    r->len = 0;
    r->sum = 0;
    r->want_sum = 0;
    r->overflow = false;
}

/* Called after the second checksum digit: decides which event the packet produces. */
static enum rsp_event_kind finish_packet(struct rsp_reader *r, bool digits_ok)
{
    r->state = RSP_RD_IDLE;
    if (!r->no_ack && (!digits_ok || r->sum != r->want_sum))
        return RSP_EV_BAD_CHECKSUM; /* a retransmission may fix it, so this comes first */
    if (r->overflow)
        return RSP_EV_OVERSIZE;
    return RSP_EV_PACKET;
}

/* One checksum digit. Returns false when the digit is not hex. */
static bool take_digit(struct rsp_reader *r, uint8_t c)
{
    int v = rsp_hex_val(c);
    if (v < 0)
        return false;
    r->want_sum = (uint8_t)(r->want_sum << 4 | v);
    return true;
}

size_t rsp_reader_feed(struct rsp_reader *r, const uint8_t *data, size_t n, enum rsp_event_kind *ev)
{
    *ev = RSP_EV_NONE;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = data[i];
        switch (r->state) {
        case RSP_RD_IDLE:
            if (c == '$') {
                start_packet(r);
            } else if (c == '+') {
                *ev = RSP_EV_ACK;
                return i + 1;
            } else if (c == '-') {
                *ev = RSP_EV_NAK;
                return i + 1;
            } else if (c == 0x03) {
                *ev = RSP_EV_INTERRUPT;
                return i + 1;
            }
            /* anything else between packets is line noise: skip it */
            break;
        case RSP_RD_BODY:
            if (c == '$') {
                start_packet(r); /* the sender abandoned the old packet */
            } else if (c == '#') {
                r->state = RSP_RD_CSUM1;
            } else {
                r->sum = (uint8_t)(r->sum + c);
                if (r->len < r->cap)
                    r->buf[r->len++] = c;
                else
                    r->overflow = true; /* keep draining so the stream stays in sync */
            }
            break;
        case RSP_RD_CSUM1:
            if (c == '$' && !r->no_ack) {
                start_packet(r);
                break;
            }
            r->want_sum = 0;
            if (!take_digit(r, c) && !r->no_ack) {
                /* Not a checksum: report it now so the sender retransmits. */
                r->state = RSP_RD_IDLE;
                *ev = RSP_EV_BAD_CHECKSUM;
                return i + 1;
            }
            r->state = RSP_RD_CSUM2;
            break;
        case RSP_RD_CSUM2:
            if (c == '$' && !r->no_ack) {
                start_packet(r);
                break;
            }
            *ev = finish_packet(r, take_digit(r, c));
            return i + 1;
        }
    }
    return n;
}

bool rsp_rle_decode(const uint8_t *in, size_t n, uint8_t *out, size_t out_cap, size_t *out_len)
{
    size_t w = 0;
    *out_len = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] != '*') {
            if (w == out_cap)
                return false;
            out[w++] = in[i];
            continue;
        }
        /* "X*c": X is the last output byte, c - 29 more copies follow. */
        if (w == 0 || i + 1 == n || in[i + 1] < 30)
            return false;
        size_t more = (size_t)in[++i] - 29;
        if (more > out_cap - w)
            return false;
        memset(out + w, out[w - 1], more);
        w += more;
    }
    *out_len = w;
    return true;
}

static uint8_t put_plain(struct rsp_buf *out, const char *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + (uint8_t)p[i]);
    rsp_buf_put(out, p, n);
    return sum;
}

/* Chars whose runs are never encoded: '*' would read as a second run marker, and '#' and '$'
 * cannot appear raw in a payload anyway. ('}' is handled as an escape pair, see put_rle.) */
static bool rle_forbidden(char c)
{
    return c == '*' || c == '#' || c == '$';
}

/* Appends p[0..n) run-length encoded; returns the checksum of what was appended. Encoding never
 * makes the text longer, so the output is written straight into one reservation (this runs over
 * every byte of a large memory reply). */
static uint8_t put_rle(struct rsp_buf *out, const char *p, size_t n)
{
    if (!rsp_buf_reserve(out, n))
        return 0;
    char *start = out->data + out->len, *d = start;
    size_t i = 0;
    while (i < n) {
        char c = p[i];
        if (c == '}') {
            /* An escape pair stays literal: a run must never start on an escaped char, or
             * decoders that unescape before expanding would repeat the wrong byte. */
            *d++ = c;
            if (i + 1 < n)
                *d++ = p[i + 1];
            i += 2;
            continue;
        }
        size_t run = 1;
        while (i + run < n && p[i + run] == c)
            run++;
        i += run;
        if (run < 4 || rle_forbidden(c)) { /* "X*c" costs 3 chars: shorter runs stay literal */
            memset(d, c, run);
            d += run;
            continue;
        }
        while (run > 0) {
            /* One literal char followed by up to 97 more encoded as '*' + (more + 29). */
            size_t more = run - 1;
            if (more > 97)
                more = 97;
            if (more == 6 || more == 7)
                more = 5; /* counts 35 '#' and 36 '$' would break framing */
            if (more < 3) {
                memset(d, c, more + 1);
                d += more + 1;
            } else {
                d[0] = c;
                d[1] = '*';
                d[2] = (char)(more + 29);
                d += 3;
            }
            run -= more + 1;
        }
    }
    uint8_t sum = 0;
    for (const char *q = start; q < d; q++)
        sum = (uint8_t)(sum + (uint8_t)*q);
    out->len += (size_t)(d - start);
    out->data[out->len] = '\0';
    return sum;
}

static void put_trailer(struct rsp_buf *out, uint8_t sum)
{
    static const char hex[] = "0123456789abcdef";
    char t[3] = {'#', hex[sum >> 4], hex[sum & 15]};
    rsp_buf_put(out, t, 3);
}

void rsp_frame_packet(struct rsp_buf *out, const char *payload, size_t n, bool rle)
{
    rsp_buf_reserve(out, n + 4);
    rsp_buf_putc(out, '$');
    put_trailer(out, rle ? put_rle(out, payload, n) : put_plain(out, payload, n));
}

void rsp_frame_notification(struct rsp_buf *out, const char *payload, size_t n)
{
    rsp_buf_reserve(out, n + 4);
    rsp_buf_putc(out, '%');
    put_trailer(out, put_plain(out, payload, n));
}
