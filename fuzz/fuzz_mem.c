/* libFuzzer target: memory requests m/x (address, length) and M/X (with hex or escaped binary
 * data), decoded the way the server decodes them. Seeds: fuzz/corpus/mem. */
#include "fuzz_common.h"
#include "rsp_args.h"
#include "rsp_buf.h"
#include "rsp_parse.h"

static void read_req(const char *p, size_t n)
{
    uint64_t addr, len;
    (void)rsp_parse_addr_len(p, n, &addr, &len);
}

static void write_req(const char *p, size_t n, bool binary)
{
    struct rsp_mem_write w;
    if (!rsp_parse_mem_write(p, n, binary, &w))
        return;
    fuzz_check_inside(p, n, w.data, w.data_len);
    REQUIRE(w.len <= w.data_len);
    uint8_t *buf = malloc(w.data_len + 1);
    if (!buf)
        return;
    if (binary) {
        memcpy(buf, w.data, w.data_len);
        REQUIRE(rsp_unescape(buf, w.data_len) == w.len);
    } else {
        REQUIRE(rsp_hex_decode(w.data, w.data_len, buf, w.len));
    }
    free(buf);
}

static void hex_write(const char *p, size_t n)
{
    write_req(p, n, false);
}

static void bin_write(const char *p, size_t n)
{
    write_req(p, n, true);
}

FUZZ_ROUTES({"m", read_req}, {"x", read_req}, {"M", hex_write}, {"X", bin_write})
