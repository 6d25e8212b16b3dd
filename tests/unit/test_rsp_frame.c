/* Unit tests for proto/rsp_frame: the packet reader and packet framing with RLE. */
#include <stdlib.h>

#include "check.h"
#include "rsp_frame.h"

#define MAX_EVENTS 32

/* What a reader produced for a whole stream: events in order, payloads joined by '|'. */
struct trace {
    enum rsp_event_kind ev[MAX_EVENTS];
    size_t nev;
    char payloads[1024];
    size_t plen;
};

/* Feeds `s` in chunks of at most `chunk` bytes, as a transport would deliver it, and records
 * every event. */
static void run_reader(struct rsp_reader *r, const char *s, size_t n, size_t chunk, struct trace *t)
{
    memset(t, 0, sizeof *t);
    size_t pos = 0;
    while (pos < n) {
        size_t end = pos + chunk < n ? pos + chunk : n;
        while (pos < end) {
            enum rsp_event_kind ev;
            size_t used = rsp_reader_feed(r, (const uint8_t *)s + pos, end - pos, &ev);
            CHECK(used > 0 && used <= end - pos);
            if (used == 0)
                return;
            pos += used;
            if (ev == RSP_EV_NONE) {
                CHECK(pos == end); /* NONE only when the chunk is used up */
                continue;
            }
            if (t->nev < MAX_EVENTS)
                t->ev[t->nev++] = ev;
            if (ev == RSP_EV_PACKET && t->plen + r->len + 1 < sizeof t->payloads) {
                memcpy(t->payloads + t->plen, r->buf, r->len);
                t->plen += r->len;
                t->payloads[t->plen++] = '|';
            }
        }
    }
}

static void test_single_packet(void)
{
    uint8_t buf[64];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    struct trace t;
    run_reader(&r, "$qSupported#37", 14, 100, &t);
    CHECK_EQ_U64(t.nev, 1);
    CHECK(t.ev[0] == RSP_EV_PACKET);
    CHECK_MEM_STR(t.payloads, t.plen, "qSupported|");
    /* Upper-case checksum digits are accepted. */
    run_reader(&r, "$m10,2#2C", 9, 100, &t);
    CHECK_EQ_U64(t.nev, 1);
    CHECK(t.ev[0] == RSP_EV_PACKET);
    /* Empty payload. */
    run_reader(&r, "$#00", 4, 100, &t);
    CHECK(t.nev == 1 && t.ev[0] == RSP_EV_PACKET && r.len == 0);
}

/* The same stream gives the same events however it is split. */
static void test_split_at_every_boundary(void)
{
    static const char s[] = "+$g#67-\x03junk$m0,4#fd+$#00$X1,1:}]#FA";
    const size_t n = sizeof s - 1;
    const enum rsp_event_kind want[] = {RSP_EV_ACK,       RSP_EV_PACKET, RSP_EV_NAK,
                                        RSP_EV_INTERRUPT, RSP_EV_PACKET, RSP_EV_ACK,
                                        RSP_EV_PACKET,    RSP_EV_PACKET};
    for (size_t chunk = 1; chunk <= n; chunk++) {
        uint8_t buf[64];
        struct rsp_reader r;
        rsp_reader_init(&r, buf, sizeof buf);
        struct trace t;
        run_reader(&r, s, n, chunk, &t);
        CHECK_EQ_U64(t.nev, sizeof want / sizeof want[0]);
        CHECK(memcmp(t.ev, want, sizeof want) == 0);
        CHECK_MEM_STR(t.payloads, t.plen, "g|m0,4||X1,1:}]|");
    }
    /* Two-piece splits at every position. */
    for (size_t cut = 0; cut <= n; cut++) {
        uint8_t buf[64];
        struct rsp_reader r;
        rsp_reader_init(&r, buf, sizeof buf);
        struct trace t1, t2;
        run_reader(&r, s, cut, n, &t1);
        run_reader(&r, s + cut, n - cut, n, &t2);
        CHECK_EQ_U64(t1.nev + t2.nev, sizeof want / sizeof want[0]);
        CHECK(memcmp(t1.ev, want, t1.nev * sizeof want[0]) == 0);
        CHECK(memcmp(t2.ev, want + t1.nev, t2.nev * sizeof want[0]) == 0);
    }
}

static void test_feed_returns_after_each_event(void)
{
    uint8_t buf[64];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    const char *s = "$g#67$c#63";
    enum rsp_event_kind ev;
    size_t used = rsp_reader_feed(&r, (const uint8_t *)s, 10, &ev);
    CHECK_EQ_U64(used, 5);
    CHECK(ev == RSP_EV_PACKET && r.len == 1 && buf[0] == 'g');
    used = rsp_reader_feed(&r, (const uint8_t *)s + 5, 5, &ev);
    CHECK_EQ_U64(used, 5);
    CHECK(ev == RSP_EV_PACKET && r.len == 1 && buf[0] == 'c');
    used = rsp_reader_feed(&r, (const uint8_t *)"$c", 2, &ev);
    CHECK(used == 2 && ev == RSP_EV_NONE);
}

static void test_bad_checksum(void)
{
    uint8_t buf[64];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    struct trace t;
    run_reader(&r, "$g#68$g#67", 10, 1, &t);
    CHECK(t.nev == 2 && t.ev[0] == RSP_EV_BAD_CHECKSUM && t.ev[1] == RSP_EV_PACKET);
    /* Non-hex checksum digits. */
    run_reader(&r, "$g#zz$g#6x$g#67", 15, 3, &t);
    CHECK(t.nev == 3 && t.ev[0] == RSP_EV_BAD_CHECKSUM && t.ev[1] == RSP_EV_BAD_CHECKSUM &&
          t.ev[2] == RSP_EV_PACKET);
    /* In no-ack mode the checksum is consumed but not checked. */
    r.no_ack = true;
    run_reader(&r, "$g#00$m#zz", 10, 2, &t);
    CHECK(t.nev == 2 && t.ev[0] == RSP_EV_PACKET && t.ev[1] == RSP_EV_PACKET);
    CHECK_MEM_STR(t.payloads, t.plen, "g|m|");
}

static void test_dollar_restarts_packet(void)
{
    uint8_t buf[64];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    struct trace t;
    run_reader(&r, "$mXXXX$g#67", 11, 4, &t);
    CHECK(t.nev == 1 && t.ev[0] == RSP_EV_PACKET);
    CHECK_MEM_STR(t.payloads, t.plen, "g|");
    /* A '$' where the checksum should be also restarts (ack mode). */
    run_reader(&r, "$m#$g#67", 8, 1, &t);
    CHECK(t.nev == 1 && t.ev[0] == RSP_EV_PACKET);
}

static void test_garbage_and_interrupt_between_packets(void)
{
    uint8_t buf[64];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    struct trace t;
    const char s[] = "abc#12\r\n\x03\xff$g#67\x00 +";
    run_reader(&r, s, sizeof s - 1, 5, &t);
    CHECK(t.nev == 3 && t.ev[0] == RSP_EV_INTERRUPT && t.ev[1] == RSP_EV_PACKET &&
          t.ev[2] == RSP_EV_ACK);
    /* 0x03 and '+' inside a packet are payload bytes. */
    run_reader(&r, "$\x03+-#5b", 7, 1, &t);
    CHECK(t.nev == 1 && t.ev[0] == RSP_EV_PACKET);
    CHECK_MEM_STR(t.payloads, t.plen, "\x03+-|");
}

static void test_oversize_then_good_packet(void)
{
    uint8_t buf[4];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    struct trace t;
    /* "abcdef" sums to 0x55; the reader must drain it, report OVERSIZE, and stay in sync. An
     * oversize packet with a bad checksum is reported as a bad checksum (a resend may fix it). */
    const char s[] = "$abcdef#55$abcd#8a$abcdef#00";
    for (size_t chunk = 1; chunk < sizeof s; chunk++) {
        run_reader(&r, s, sizeof s - 1, chunk, &t);
        CHECK(t.nev == 3 && t.ev[0] == RSP_EV_OVERSIZE && t.ev[1] == RSP_EV_PACKET &&
              t.ev[2] == RSP_EV_BAD_CHECKSUM);
        CHECK_MEM_STR(t.payloads, t.plen, "abcd|");
    }
}

/* Builds the checksum the way a peer would, independently of rsp_frame_packet. */
static unsigned sum_of(const char *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s += (uint8_t)p[i];
    return s & 0xff;
}

/* Checks that `framed` is "$body#cs" with a correct checksum; returns the body via p/n. */
static void check_framed(const struct rsp_buf *b, char lead, const char **body, size_t *n)
{
    CHECK(b->len >= 4);
    CHECK(b->data[0] == lead);
    CHECK(b->data[b->len - 3] == '#');
    *body = b->data + 1;
    *n = b->len - 4;
    unsigned want = sum_of(*body, *n);
    int hi = rsp_hex_val(b->data[b->len - 2]), lo = rsp_hex_val(b->data[b->len - 1]);
    CHECK_EQ_U64((unsigned)(hi * 16 + lo), want);
}

static void test_frame_plain_and_notification(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_frame_packet(&b, "OK", 2, false);
    CHECK_STR(b.data, "$OK#9a");
    rsp_buf_reset(&b);
    rsp_frame_packet(&b, "", 0, true);
    CHECK_STR(b.data, "$#00");
    rsp_buf_reset(&b);
    rsp_frame_notification(&b, "Stop:T05", 8);
    const char *body;
    size_t n;
    check_framed(&b, '%', &body, &n);
    CHECK_MEM_STR(body, n, "Stop:T05");
    /* A framed packet goes through the reader unchanged. */
    rsp_buf_reset(&b);
    rsp_frame_packet(&b, "T05thread:p1.1;", 15, false);
    uint8_t buf[64];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    struct trace t;
    run_reader(&r, b.data, b.len, 1, &t);
    CHECK(t.nev == 1 && t.ev[0] == RSP_EV_PACKET);
    CHECK_MEM_STR(t.payloads, t.plen, "T05thread:p1.1;|");
    rsp_buf_free(&b);
}

/* Every run length 1..200 of several chars, embedded between other text, survives RLE. */
static void test_rle_round_trip_every_run_length(void)
{
    static const char chars[] = "0 fxA]~";
    struct rsp_buf b;
    rsp_buf_init(&b);
    char payload[256];
    uint8_t out[512];
    for (const char *c = chars; *c; c++) {
        for (size_t run = 1; run <= 200; run++) {
            size_t n = 0;
            payload[n++] = 'T';
            memset(payload + n, *c, run);
            n += run;
            payload[n++] = 'z';
            rsp_buf_reset(&b);
            rsp_frame_packet(&b, payload, n, true);
            const char *body;
            size_t bn;
            check_framed(&b, '$', &body, &bn);
            for (size_t i = 0; i < bn; i++) {
                if (body[i] != '*')
                    continue;
                CHECK(i + 1 < bn);
                uint8_t cnt = (uint8_t)body[++i];
                CHECK(cnt >= 32 && cnt <= 126);
                CHECK(cnt != '#' && cnt != '$');
            }
            size_t olen;
            CHECK(rsp_rle_decode((const uint8_t *)body, bn, out, sizeof out, &olen));
            CHECK_EQ_U64(olen, n);
            CHECK(memcmp(out, payload, n) == 0);
            if (run >= 4 && *c == '0') /* encoding must pay off */
                CHECK(bn < n);
        }
    }
    rsp_buf_free(&b);
}

/* An escape pair is never the start of a run; the run after it still round-trips. */
static void test_rle_after_escape(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    const char payload[] = "}]]]]]]]]]]";
    rsp_frame_packet(&b, payload, sizeof payload - 1, true);
    const char *body;
    size_t bn;
    check_framed(&b, '$', &body, &bn);
    CHECK(bn >= 3 && body[0] == '}' && body[1] == ']' && body[2] == ']');
    uint8_t out[64];
    size_t olen;
    CHECK(rsp_rle_decode((const uint8_t *)body, bn, out, sizeof out, &olen));
    CHECK_EQ_U64(olen, sizeof payload - 1);
    CHECK(memcmp(out, payload, olen) == 0);
    rsp_buf_free(&b);
}

/* Runs of '*' (and of the framing chars) are never encoded: "X**..." would be ambiguous. */
static void test_rle_skips_star_runs(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_frame_packet(&b, "a********b", 10, true);
    CHECK_STR(b.data, "$a********b#13");
    rsp_buf_reset(&b);
    rsp_frame_packet(&b, "00000000", 8, true); /* 7 more would be '$': split as 6 + 2 */
    CHECK_STR(b.data, "$0*\"00#dc");
    rsp_buf_reset(&b);
    rsp_frame_packet(&b, "0000000", 7, true); /* 6 more would be '#': split as 6 + 1 */
    CHECK_STR(b.data, "$0*\"0#ac");
    rsp_buf_free(&b);
}

static void test_rle_decode_errors(void)
{
    uint8_t out[8];
    size_t olen;
    CHECK(rsp_rle_decode((const uint8_t *)"0* ", 3, out, sizeof out, &olen));
    CHECK_EQ_U64(olen, 4);
    CHECK(!rsp_rle_decode((const uint8_t *)"*  ", 3, out, sizeof out, &olen)); /* no char */
    CHECK(!rsp_rle_decode((const uint8_t *)"0*", 2, out, sizeof out, &olen));  /* no count */
    CHECK(!rsp_rle_decode((const uint8_t *)"0*\x10", 3, out, sizeof out, &olen));
    CHECK(!rsp_rle_decode((const uint8_t *)"0*~", 3, out, sizeof out, &olen)); /* too big */
    CHECK(!rsp_rle_decode((const uint8_t *)"012345678", 9, out, sizeof out, &olen));
    CHECK(rsp_rle_decode((const uint8_t *)"", 0, out, 0, &olen) && olen == 0);
}

CHECK_MAIN(T(test_single_packet), T(test_split_at_every_boundary),
           T(test_feed_returns_after_each_event), T(test_bad_checksum),
           T(test_dollar_restarts_packet), T(test_garbage_and_interrupt_between_packets),
           T(test_oversize_then_good_packet), T(test_frame_plain_and_notification),
           T(test_rle_round_trip_every_run_length), T(test_rle_after_escape),
           T(test_rle_skips_star_runs), T(test_rle_decode_errors))
