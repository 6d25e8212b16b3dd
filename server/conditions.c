/* Target-side breakpoint conditions: gdb's agent-expression bytecode (the ";X" parts of Z0/Z1),
 * stored per site and evaluated at a hit by proto/'s bounded evaluator. A false condition means
 * the hit is never reported: the thread is stepped over the trap and resumed, with no round trip
 * to the client. */
#include "conditions.h"

#include "agent_expr.h"
#include "log.h"
#include "rsp_buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void conds_free(struct cond_set *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->code[i]);
    c->n = 0;
}

int conds_from_request(struct cond_set *out, const struct rsp_zpoint *z, const char **why)
{
    struct cond_set tmp = {0};
    for (size_t i = 0; i < z->nconds && i < COND_MAX; i++) {
        size_t len = z->conds[i].len;
        uint8_t *code = malloc(len ? len : 1);
        if (!code) {
            conds_free(&tmp);
            return -ENOMEM;
        }
        int st = rsp_hex_decode(z->conds[i].hex, len * 2, code, len) ? ax_validate(code, len)
                                                                     : AX_ERR_TRUNCATED;
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

struct eval_ctx {
    struct inferior *inf;
    struct thread *t;
};

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
