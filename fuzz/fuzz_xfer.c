/* libFuzzer target: qXfer reads, and the window the server cuts from an object of any size.
 * Seeds: fuzz/corpus/xfer. */
#include "fuzz_common.h"
#include "rsp_parse.h"

static void xfer(const char *p, size_t n)
{
    struct rsp_xfer x;
    if (!rsp_parse_xfer_read(p, n, &x))
        return;
    REQUIRE(x.object_len > 0);
    fuzz_check_inside(p, n, x.object, x.object_len);
    fuzz_check_inside(p, n, x.annex, x.annex_len);
    REQUIRE(x.annex >= x.object + x.object_len);
    struct rsp_svr4_annex a;
    (void)rsp_parse_svr4_annex(x.annex, x.annex_len, &a);
    /* The window arithmetic of handlers_xfer.c, for a few object sizes: it must stay inside. */
    static const size_t totals[] = {0, 1, 4096, 0x20000};
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        size_t total = totals[i];
        size_t off = x.offset < total ? (size_t)x.offset : total;
        size_t len = total - off;
        size_t max = x.length < 0x10000 ? (size_t)x.length : 0x10000;
        if (len > max)
            len = max;
        REQUIRE(off <= total && len <= total - off);
    }
}

FUZZ_ROUTES({"qXfer:", xfer})
