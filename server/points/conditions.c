/* Target-side breakpoint conditions: gdb's agent-expression bytecode (the ";X" parts of Z0/Z1),
 * stored per site and evaluated at a hit by proto/'s bounded evaluator. A false condition means
 * the hit is never reported: the thread is stepped over the trap and resumed, with no round trip
 * to the client. Commands (";cmds:", gdb's dprintf-style agent) run here the same way. */
#include "conditions.h"
#include "points.h"

#include "agent_expr.h"
#include "log.h"
#include "rsp_buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void conds_free(struct cond_set *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->code[i]);
    c->n = 0;
}

/* Decodes and validates bytecodes; *out is replaced only if every one is good. */
static int bytecodes_from(struct cond_set *out, const struct rsp_bytes *b, size_t n,
                          int (*validate)(const uint8_t *, size_t), const char **why)
{
    struct cond_set tmp = {0};
    for (size_t i = 0; i < n && i < COND_MAX; i++) {
        size_t len = b[i].len;
        uint8_t *code = malloc(len ? len : 1);
        if (!code) {
            conds_free(&tmp);
            return -ENOMEM;
        }
        int st =
            rsp_hex_decode(b[i].hex, len * 2, code, len) ? validate(code, len) : AX_ERR_TRUNCATED;
        if (st != AX_OK) {
            free(code);
            conds_free(&tmp);
            *why = ax_error_string(st);
            return -EINVAL;
        }
        tmp.code[tmp.n] = code;
        tmp.len[tmp.n] = len;
        tmp.n++;
    }
    conds_free(out);
    *out = tmp;
    return 0;
}

int conds_from_request(struct cond_set *out, const struct rsp_zpoint *z, const char **why)
{
    return bytecodes_from(out, z->conds, z->nconds, ax_validate, why);
}

int cmds_from_request(struct cond_set *out, const struct rsp_zpoint *z, const char **why)
{
    return bytecodes_from(out, z->cmds, z->ncmds, ax_validate_commands, why);
}

struct eval_ctx {
    struct inferior *inf;
    struct thread *t;
};

static int eval_print(void *ctx, const char *text, size_t len)
{
    struct eval_ctx *c = ctx;
    while (len > 0) {
        ssize_t w = write(c->inf->agent_out_fd, text, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        text += w;
        len -= (size_t)w;
    }
    return 0;
}

static int eval_read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct eval_ctx *c = ctx;
    return mem_read(c->inf, addr, buf, len) == (long)len ? 0 : -1;
}

static int eval_read_reg(void *ctx, int regnum, uint64_t *val)
{
    struct eval_ctx *c = ctx;
    if (regnum < 0 || (size_t)regnum >= c->inf->arch->nregs)
        return -1;
    *val = regcache_get_u64(c->inf, c->t, regnum);
    return 0;
}

bool conds_say_stop(struct inferior *inf, struct thread *t, const struct cond_set *c)
{
    if (c->n == 0)
        return true;
    struct eval_ctx ctx = {inf, t};
    struct ax_env env = {.ctx = &ctx, .read_mem = eval_read_mem, .read_reg = eval_read_reg};
    for (size_t i = 0; i < c->n; i++) {
        uint64_t v = 0;
        int st = ax_eval(c->code[i], c->len[i], &env, &v);
        if (st != AX_OK) {
            /* An error is the client's business: report the hit and let gdb decide. */
            log_debug("condition error: %s", ax_error_string(st));
            return true;
        }
        if (v != 0)
            return true; /* gdb's rule: any true condition of the location stops */
    }
    return false;
}

bool conds_hit_is_silent(struct inferior *inf, struct thread *t, const struct cond_set *conds,
                         const struct cond_set *cmds)
{
    if (!conds_say_stop(inf, t, conds))
        return true;
    if (cmds->n == 0)
        return false;
    struct eval_ctx ctx = {inf, t};
    struct ax_env env = {
        .ctx = &ctx, .read_mem = eval_read_mem, .read_reg = eval_read_reg, .print = eval_print};
    for (size_t i = 0; i < cmds->n; i++) {
        uint64_t ignored;
        int st = ax_eval(cmds->code[i], cmds->len[i], &env, &ignored);
        if (st != AX_OK) {
            log_debug("breakpoint command error: %s", ax_error_string(st));
            return false; /* let the client see the hit and deal with it */
        }
    }
    return true;
}
