/* libFuzzer target: every request parser on the same input. The parsers must never read past
 * the input (ASan sees that, since the input is copied to an exact-size heap block) and what they
 * return must point inside it. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rsp_buf.h"
#include "rsp_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);
    if (!p)
        return 0;
    memcpy(p, data, size);

    struct rsp_tid tid;
    size_t used;
    if (rsp_parse_tid(p, size, &tid, &used))
        REQUIRE(used >= 1 && used <= size);

    struct rsp_zpoint z;
    if (rsp_parse_zpoint(p, size, &z)) {
        REQUIRE(z.type >= 0 && z.type <= 4);
        REQUIRE(z.nconds <= RSP_ZPOINT_MAX_CONDS && z.ncmds <= RSP_ZPOINT_MAX_CONDS);
        for (size_t i = 0; i < z.nconds; i++) {
            fuzz_check_inside(p, size, z.conds[i].hex, 2 * z.conds[i].len);
            uint8_t tmp[256];
            if (z.conds[i].len <= sizeof tmp)
                REQUIRE(rsp_hex_decode(z.conds[i].hex, 2 * z.conds[i].len, tmp, z.conds[i].len));
        }
        for (size_t i = 0; i < z.ncmds; i++)
            fuzz_check_inside(p, size, z.cmds[i].hex, 2 * z.cmds[i].len);
    }

    struct rsp_vcont_action acts[4];
    size_t count;
    if (rsp_parse_vcont(p, size, acts, 4, &count))
        REQUIRE(count >= 1 && count <= 4);

    uint64_t addr, len;
    size_t off;
    (void)rsp_parse_addr_len(p, size, &addr, &len);
    if (rsp_parse_addr_len_data(p, size, &addr, &len, &off))
        REQUIRE(off >= 4 && off <= size);

    struct rsp_xfer x;
    if (rsp_parse_xfer_read(p, size, &x)) {
        fuzz_check_inside(p, size, x.object, x.object_len);
        fuzz_check_inside(p, size, x.annex, x.annex_len);
    }
    if (rsp_parse_xfer_write(p, size, &x, &off)) {
        fuzz_check_inside(p, size, x.object, x.object_len);
        fuzz_check_inside(p, size, x.annex, x.annex_len);
        REQUIRE(off <= size);
    }

    size_t pos = 0, fl;
    const char *f;
    while (rsp_next_field(p, size, ';', &pos, &f, &fl))
        fuzz_check_inside(p, size, f, fl);

    /* The hex and escape helpers on the same bytes. */
    uint64_t v;
    (void)rsp_parse_hex_u64(p, size, &v, &used);
    REQUIRE(used <= size);
    uint8_t out[32];
    (void)rsp_hex_decode(p, size, out, size / 2 < sizeof out ? size / 2 : sizeof out);
    size_t un = rsp_unescape((uint8_t *)p, size);
    REQUIRE(un == (size_t)-1 || un <= size);

    free(p);
    return 0;
}
