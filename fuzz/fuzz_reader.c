/* libFuzzer target: random bytes, delivered in random chunk sizes, into a packet reader with a
 * small buffer. Checks the reader's contract: progress on every call, events only at the end of
 * what was consumed, payload length within the buffer. Also frames every packet it receives
 * with and without RLE and checks the RLE decoder gives the payload back. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rsp_frame.h"

static void check_rle_round_trip(const uint8_t *p, size_t n)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_frame_packet(&b, (const char *)p, n, true);
    REQUIRE(!b.oom && b.len >= 4 && b.data[0] == '$' && b.data[b.len - 3] == '#');
    /* The decoder is only defined for payloads without raw '*' (escaped data never has one). */
    if (!memchr(p, '*', n)) {
        uint8_t out[64];
        size_t olen;
        REQUIRE(rsp_rle_decode((const uint8_t *)b.data + 1, b.len - 4, out, sizeof out, &olen));
        REQUIRE(olen == n && memcmp(out, p, n) == 0);
    }
    rsp_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    /* First byte: reader mode and chunking seed; the rest is the stream. */
    uint8_t ctl = data[0];
    data++;
    size--;
    uint8_t buf[16];
    struct rsp_reader r;
    rsp_reader_init(&r, buf, sizeof buf);
    r.no_ack = ctl & 1;
    unsigned seed = ctl >> 1;
    size_t pos = 0;
    while (pos < size) {
        seed = seed * 1103515245u + 12345u;
        size_t chunk = 1 + (seed >> 16) % 9;
        if (chunk > size - pos)
            chunk = size - pos;
        size_t end = pos + chunk;
        while (pos < end) {
            enum rsp_event_kind ev;
            size_t used = rsp_reader_feed(&r, data + pos, end - pos, &ev);
            REQUIRE(used >= 1 && used <= end - pos);
            pos += used;
            REQUIRE(ev != RSP_EV_NONE || pos == end);
            REQUIRE(r.len <= r.cap);
            if (ev == RSP_EV_PACKET)
                check_rle_round_trip(r.buf, r.len);
        }
    }
    return 0;
}
