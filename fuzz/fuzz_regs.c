/* libFuzzer target: register requests (p, P, g, G) and lldb's register-state packets, each
 * with lldb's optional ";thread:TID;" suffix. Seeds: fuzz/corpus/regs. */
#include "fuzz_common.h"
#include "rsp_args.h"
#include "rsp_buf.h"

static void suffix(const char *p, size_t n)
{
    uint64_t tid;
    int r = rsp_parse_thread_suffix(p, n, &tid);
    REQUIRE(r >= -1 && r <= 1);
    REQUIRE(rsp_args_len(p, n) <= n);
}

static void reg_read(const char *p, size_t n)
{
    uint64_t r;
    (void)rsp_parse_reg_read(p, n, &r);
    suffix(p, n);
}

static void reg_write(const char *p, size_t n)
{
    uint64_t r;
    const char *hex;
    size_t hl;
    if (rsp_parse_reg_write(p, n, &r, &hex, &hl)) {
        fuzz_check_inside(p, n, hex, hl);
        REQUIRE(hl > 0 && hl % 2 == 0);
        uint8_t val[64];
        if (hl / 2 <= sizeof val)
            REQUIRE(rsp_hex_decode(hex, hl, val, hl / 2));
    }
    suffix(p, n);
}

/* G: as many bytes as the hex gives, up to the register blob (here 64 bytes). */
static void regs_write(const char *p, size_t n)
{
    size_t len = rsp_args_len(p, n);
    uint8_t blob[64];
    size_t bytes = len / 2 < sizeof blob ? len / 2 : sizeof blob;
    (void)rsp_hex_decode(p, bytes * 2, blob, bytes);
    suffix(p, n);
}

static void restore(const char *p, size_t n)
{
    int id;
    if (rsp_parse_restore_id(p, n, &id))
        REQUIRE(id >= 0);
    suffix(p, n);
}

FUZZ_ROUTES({"QSaveRegisterState", suffix}, {"QRestoreRegisterState", restore}, {"p", reg_read},
            {"P", reg_write}, {"g", suffix}, {"G", regs_write})
