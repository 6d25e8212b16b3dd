/* rsp_buf: growable byte buffer and hex helpers (see rsp_buf.h).
 * The buffer keeps data[len] == '\0' whenever it holds storage, so a reply built from text can
 * be handed to string functions (logging) without a copy. */
#include "rsp_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hex_digits[] = "0123456789abcdef";

void rsp_buf_init(struct rsp_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->oom = false;
}

void rsp_buf_free(struct rsp_buf *b)
{
    free(b->data);
    rsp_buf_init(b);
}

void rsp_buf_reset(struct rsp_buf *b)
{
    b->len = 0;
    b->oom = false; /* a fresh reply gets a fresh chance to grow */
    if (b->data)
        b->data[0] = '\0';
}

bool rsp_buf_reserve(struct rsp_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    /* +1 keeps room for the terminating NUL. */
    if (extra > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    char *nd = realloc(b->data, ncap);
    if (!nd) {
        b->oom = true;
        return false;
    }
    b->data = nd;
    b->cap = ncap;
    return true;
}

void rsp_buf_put(struct rsp_buf *b, const void *p, size_t n)
{
    if (!rsp_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rsp_buf_putc(struct rsp_buf *b, char c)
{
    rsp_buf_put(b, &c, 1);
}

void rsp_buf_puts(struct rsp_buf *b, const char *s)
{
    rsp_buf_put(b, s, strlen(s));
}

void rsp_buf_printf(struct rsp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !rsp_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void rsp_buf_hex_bytes(struct rsp_buf *b, const void *p, size_t n)
{
    if (n > SIZE_MAX / 2 || !rsp_buf_reserve(b, 2 * n))
        return;
    const uint8_t *s = p;
    char *d = b->data + b->len;
    for (size_t i = 0; i < n; i++) {
        *d++ = hex_digits[s[i] >> 4];
        *d++ = hex_digits[s[i] & 15];
    }
    b->len += 2 * n;
    b->data[b->len] = '\0';
}

void rsp_buf_hex_u64(struct rsp_buf *b, uint64_t v)
{
    char tmp[16];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = hex_digits[v & 15];
        v >>= 4;
    } while (v);
    rsp_buf_put(b, tmp + i, sizeof tmp - i);
}

void rsp_buf_hex_str(struct rsp_buf *b, const char *s)
{
    rsp_buf_hex_bytes(b, s, strlen(s));
}

static bool needs_escape(uint8_t c)
{
    return c == '#' || c == '$' || c == '}' || c == '*';
}

void rsp_buf_escaped(struct rsp_buf *b, const void *p, size_t n)
{
    const uint8_t *s = p;
    size_t extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += needs_escape(s[i]);
    if (!rsp_buf_reserve(b, n + extra))
        return;
    char *d = b->data + b->len;
    for (size_t i = 0; i < n; i++) {
        if (needs_escape(s[i])) {
            *d++ = '}';
            *d++ = (char)(s[i] ^ 0x20);
        } else {
            *d++ = (char)s[i];
        }
    }
    b->len += n + extra;
    b->data[b->len] = '\0';
}

int rsp_hex_val(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool rsp_parse_hex_u64(const char *p, size_t n, uint64_t *out, size_t *used)
{
    uint64_t v = 0;
    size_t i = 0;
    bool overflow = false;
    for (; i < n; i++) {
        int d = rsp_hex_val((unsigned char)p[i]);
        if (d < 0)
            break;
        if (v >> 60)
            overflow = true; /* keep scanning so *used still covers the whole number */
        v = (v << 4) | (uint64_t)d;
    }
    *used = i;
    *out = v;
    return i > 0 && !overflow;
}

bool rsp_hex_decode(const char *p, size_t n, uint8_t *out, size_t len)
{
    if (len > n / 2)
        return false;
    for (size_t i = 0; i < len; i++) {
        int hi = rsp_hex_val((unsigned char)p[2 * i]);
        int lo = rsp_hex_val((unsigned char)p[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

size_t rsp_unescape(uint8_t *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '}') {
            if (++i == n)
                return (size_t)-1;
            p[w++] = p[i] ^ 0x20;
        } else {
            p[w++] = p[i];
        }
    }
    return w;
}

void rsp_buf_xml_text(struct rsp_buf *b, const char *s)
{
    static const char *const entity[256] = {
        ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;"};
    for (; *s; s++) {
        const char *e = entity[(uint8_t)*s];
        if (e)
            rsp_buf_puts(b, e);
        else
            rsp_buf_putc(b, *s);
    }
}
