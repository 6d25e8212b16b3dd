/* libFuzzer target: Z/z packets with their conditions, the way the server takes them in: the
 * parser, then each condition's bytecode decoded, validated and (when valid) evaluated against a
 * fake thread. Seeds: fuzz/corpus/zpoint (real Z packets, with and without conditions). */
#include "fuzz_common.h"
#include "agent_expr.h"
#include "rsp_buf.h"
#include "rsp_parse.h"

static void run_condition(const struct rsp_bytes *c)
{
    uint8_t *code = malloc(c->len);
    if (!code)
        return;
    REQUIRE(rsp_hex_decode(c->hex, 2 * c->len, code, c->len)); /* the parser checked the hex */
    if (ax_validate(code, c->len) == AX_OK) {
        const struct ax_env env = {NULL, fuzz_read_mem, fuzz_read_reg, NULL};
        uint64_t r;
        int st = ax_eval(code, c->len, &env, &r);
        REQUIRE(st != AX_ERR_BAD_OPCODE && st != AX_ERR_UNSUPPORTED && st != AX_ERR_TRUNCATED &&
                st != AX_ERR_BAD_JUMP);
    }
    free(code);
}

static void zpoint(const char *p, size_t n)
{
    struct rsp_zpoint z;
    if (!rsp_parse_zpoint(p, n, &z))
        return;
    REQUIRE(z.type >= 0 && z.type <= 4);
    REQUIRE(z.nconds <= RSP_ZPOINT_MAX_CONDS && z.ncmds <= RSP_ZPOINT_MAX_CONDS);
    for (size_t i = 0; i < z.nconds; i++) {
        REQUIRE(z.conds[i].len > 0);
        fuzz_check_inside(p, n, z.conds[i].hex, 2 * z.conds[i].len);
        run_condition(&z.conds[i]);
    }
    for (size_t i = 0; i < z.ncmds; i++)
        fuzz_check_inside(p, n, z.cmds[i].hex, 2 * z.cmds[i].len);
}

FUZZ_ROUTES({"Z", zpoint}, {"z", zpoint})
