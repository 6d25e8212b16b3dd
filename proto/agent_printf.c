#include "agent_printf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct outbuf {
    char *p;
    size_t cap, len;
};

static void put(struct outbuf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, o->len++)
        if (o->len + 1 < o->cap)
            o->p[o->len] = s[i];
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* One C escape starting after the backslash at fmt[*i]; advances *i past it. */
static char unescape(const char *fmt, size_t n, size_t *i)
{
    char c = fmt[(*i)++];
    static const char from[] = "ntrabfve\\\"'?", to[] = "\n\t\r\a\b\f\v\033\\\"'?";
    const char *k = memchr(from, c, sizeof from - 1);
    if (k)
        return to[k - from];
    if (c >= '0' && c <= '7') {
        int v = c - '0';
        for (int d = 0; d < 2 && *i < n && fmt[*i] >= '0' && fmt[*i] <= '7'; d++)
            v = v * 8 + (fmt[(*i)++] - '0');
        return (char)v;
    }
    if (c == 'x') {
        int v = 0;
        while (*i < n && hexval(fmt[*i]) >= 0)
            v = (v * 16 + hexval(fmt[(*i)++])) & 0xff;
        return (char)v;
    }
    return c; /* unknown escape: the character itself, as C compilers warn and do */
}

/* Reads a NUL-terminated string of at most max bytes at addr into buf. */
static int read_string(const struct ax_env *env, uint64_t addr, char *buf, size_t max, size_t *len)
{
    if (!env || !env->read_mem)
        return AX_ERR_MEMORY;
    *len = 0;
    while (*len < max) {
        char c;
        if (env->read_mem(env->ctx, addr + *len, &c, 1) != 0)
            return AX_ERR_MEMORY;
        if (c == '\0')
            break;
        buf[(*len)++] = c;
    }
    return AX_OK;
}

/* One integer or character conversion through snprintf, with the argument cast to what the
 * length modifier and the conversion promise (so the C library sees the right type). */
static void put_number(struct outbuf *o, const char *spec, const char *len, char conv, uint64_t v)
{
    char tmp[128];
    int n;
    bool is_signed = conv == 'd' || conv == 'i';
    if (conv == 'c')
        n = snprintf(tmp, sizeof tmp, spec, (int)(unsigned char)v);
    else if (conv == 'p')
        n = snprintf(tmp, sizeof tmp, spec, (void *)(uintptr_t)v);
    else if (!strcmp(len, "hh"))
        n = is_signed ? snprintf(tmp, sizeof tmp, spec, (int)(signed char)v)
                      : snprintf(tmp, sizeof tmp, spec, (unsigned)(unsigned char)v);
    else if (!strcmp(len, "h"))
        n = is_signed ? snprintf(tmp, sizeof tmp, spec, (int)(short)v)
                      : snprintf(tmp, sizeof tmp, spec, (unsigned)(unsigned short)v);
    else if (len[0] == '\0')
        n = is_signed ? snprintf(tmp, sizeof tmp, spec, (int)v)
                      : snprintf(tmp, sizeof tmp, spec, (unsigned)v);
    else /* l, ll, j, z, t: 64 bits on every target the stub serves, printed as long long */
        n = is_signed ? snprintf(tmp, sizeof tmp, spec, (long long)v)
                      : snprintf(tmp, sizeof tmp, spec, (unsigned long long)v);
    if (n > 0)
        put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Parses the conversion at fmt[*i] (just after '%') into spec (a printf spec with a normalised
 * length modifier) and emits it. */
static int conversion(struct outbuf *o, const char *fmt, size_t n, size_t *i, const uint64_t *args,
                      size_t nargs, size_t *argi, const struct ax_env *env)
{
    char spec[32] = "%", len[3] = "";
    size_t sl = 1, start = *i;
    while (*i < n && strchr("-+ #0", fmt[*i]) && sl < 8)
        spec[sl++] = fmt[(*i)++];
    for (int d = 0; *i < n && fmt[*i] >= '0' && fmt[*i] <= '9'; d++) {
        if (d == 4)
            return AX_ERR_BAD_OPERAND; /* widths of 10000 and more are not formatting */
        spec[sl++] = fmt[(*i)++];
    }
    long prec = -1;
    if (*i < n && fmt[*i] == '.') {
        spec[sl++] = fmt[(*i)++];
        prec = 0;
        for (int d = 0; *i < n && fmt[*i] >= '0' && fmt[*i] <= '9'; d++) {
            if (d == 4)
                return AX_ERR_BAD_OPERAND;
            prec = prec * 10 + (fmt[*i] - '0');
            spec[sl++] = fmt[(*i)++];
        }
    }
    size_t ll = 0;
    while (*i < n && strchr("hljztLq", fmt[*i]) && ll < 2)
        len[ll++] = fmt[(*i)++];
    if (*i >= n)
        return AX_ERR_BAD_OPERAND;
    char conv = fmt[(*i)++];
    if (conv == '%' && *i - start == 1) {
        put(o, "%", 1);
        return AX_OK;
    }
    if (!strchr("diouxXcsp", conv))
        return AX_ERR_BAD_OPERAND; /* floats, %n, %m, wide strings: not for the agent */
    if (*argi >= nargs)
        return AX_ERR_BAD_OPERAND;
    uint64_t v = args[(*argi)++];
    if (conv == 's') {
        if (len[0])
            return AX_ERR_BAD_OPERAND;
        char str[AX_PRINTF_STRING_MAX + 1];
        size_t slen = 0;
        size_t max =
            prec >= 0 && (size_t)prec < AX_PRINTF_STRING_MAX ? (size_t)prec : AX_PRINTF_STRING_MAX;
        if (v == 0) {
            memcpy(str, "(null)", 7);
            slen = 6;
        } else {
            int err = read_string(env, v, str, max, &slen);
            if (err)
                return err;
        }
        str[slen] = '\0';
        spec[sl++] = 's';
        spec[sl] = '\0';
        char tmp[AX_PRINTF_STRING_MAX + 16];
        int w = snprintf(tmp, sizeof tmp, spec, str);
        if (w > 0)
            put(o, tmp, (size_t)w < sizeof tmp ? (size_t)w : sizeof tmp - 1);
        return AX_OK;
    }
    if (len[0] && strcmp(len, "hh") && strcmp(len, "h")) {
        memcpy(spec + sl, "ll", 2);
        sl += 2;
    } else {
        memcpy(spec + sl, len, ll);
        sl += ll;
    }
    spec[sl++] = conv;
    spec[sl] = '\0';
    put_number(o, spec, len, conv, v);
    return AX_OK;
}

int ax_format(const char *fmt, size_t fmt_len, const uint64_t *args, size_t nargs,
              const struct ax_env *env, char *out, size_t cap, size_t *out_len)
{
    struct outbuf o = {out, cap, 0};
    size_t argi = 0;
    for (size_t i = 0; i < fmt_len && fmt[i] != '\0';) {
        char c = fmt[i++];
        if (c == '\\' && i < fmt_len && fmt[i] != '\0') {
            c = unescape(fmt, fmt_len, &i);
            put(&o, &c, 1);
        } else if (c == '%') {
            int err = conversion(&o, fmt, fmt_len, &i, args, nargs, &argi, env);
            if (err)
                return err;
        } else {
            put(&o, &c, 1);
        }
    }
    if (cap > 0)
        out[o.len < cap ? o.len : cap - 1] = '\0';
    *out_len = o.len < cap ? o.len : (cap ? cap - 1 : 0);
    return AX_OK;
}
