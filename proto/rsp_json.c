/* A small JSON reader for what lldb sends: a checker for any JSON value (nesting bounded), and a
 * walk over jModulesInfo's array of objects. Strings are decoded with their escapes (\uXXXX as
 * UTF-8, surrogate pairs joined). */
#include "rsp_json.h"

#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 32

struct cursor {
    const char *p;
    size_t n, i;
};

static void skip_ws(struct cursor *c)
{
    while (c->i < c->n && strchr(" \t\r\n", c->p[c->i]) && c->p[c->i])
        c->i++;
}

static bool at(struct cursor *c, char ch)
{
    return c->i < c->n && c->p[c->i] == ch;
}

static int hex4(struct cursor *c)
{
    if (c->n - c->i < 4)
        return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        int d = rsp_hex_val((unsigned char)c->p[c->i++]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Appends one byte to out[cap] while it fits (keeping room for the NUL); *len counts them all. */
static void put(char *out, size_t cap, size_t *len, unsigned char byte)
{
    if (out && *len + 1 < cap)
        out[*len] = (char)byte;
    (*len)++;
}

static void put_utf8(char *out, size_t cap, size_t *len, uint32_t cp)
{
    if (cp < 0x80) {
        put(out, cap, len, (unsigned char)cp);
    } else if (cp < 0x800) {
        put(out, cap, len, (unsigned char)(0xc0 | cp >> 6));
        put(out, cap, len, (unsigned char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        put(out, cap, len, (unsigned char)(0xe0 | cp >> 12));
        put(out, cap, len, (unsigned char)(0x80 | ((cp >> 6) & 0x3f)));
        put(out, cap, len, (unsigned char)(0x80 | (cp & 0x3f)));
    } else {
        put(out, cap, len, (unsigned char)(0xf0 | cp >> 18));
        put(out, cap, len, (unsigned char)(0x80 | ((cp >> 12) & 0x3f)));
        put(out, cap, len, (unsigned char)(0x80 | ((cp >> 6) & 0x3f)));
        put(out, cap, len, (unsigned char)(0x80 | (cp & 0x3f)));
    }
}

/* A string at the cursor, decoded into out[cap] when out is given. Returns its decoded length
 * (it fitted if that is below cap), or -1 if malformed. */
static long string(struct cursor *c, char *out, size_t cap)
{
    if (!at(c, '"'))
        return -1;
    c->i++;
    size_t len = 0;
    while (c->i < c->n) {
        unsigned char ch = (unsigned char)c->p[c->i++];
        if (ch == '"') {
            if (out && cap)
                out[len < cap ? len : cap - 1] = '\0';
            return (long)len;
        }
        if (ch < 0x20)
            return -1;
        if (ch != '\\') {
            put(out, cap, &len, ch);
            continue;
        }
        if (c->i >= c->n)
            return -1;
        static const char escaped[] = "\"\\/bfnrt", decoded[] = "\"\\/\b\f\n\r\t";
        const char *simple = c->p[c->i] ? strchr(escaped, c->p[c->i]) : NULL;
        if (simple) {
            put(out, cap, &len, (unsigned char)decoded[simple - escaped]);
            c->i++;
            continue;
        }
        if (c->p[c->i++] != 'u')
            return -1;
        int cp = hex4(c);
        if (cp < 0)
            return -1;
        if (cp >= 0xd800 && cp < 0xdc00 && c->n - c->i >= 6 && c->p[c->i] == '\\' &&
            c->p[c->i + 1] == 'u') {
            size_t back = c->i;
            c->i += 2;
            int low = hex4(c);
            if (low >= 0xdc00 && low < 0xe000)
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            else
                c->i = back; /* a lone high half: kept as it is */
        }
        put_utf8(out, cap, &len, (uint32_t)cp);
    }
    return -1;
}

static bool digits(struct cursor *c)
{
    size_t start = c->i;
    while (c->i < c->n && c->p[c->i] >= '0' && c->p[c->i] <= '9')
        c->i++;
    return c->i > start;
}

static bool number(struct cursor *c)
{
    if (at(c, '-'))
        c->i++;
    if (!digits(c))
        return false;
    if (at(c, '.')) {
        c->i++;
        if (!digits(c))
            return false;
    }
    if (at(c, 'e') || at(c, 'E')) {
        c->i++;
        if (at(c, '+') || at(c, '-'))
            c->i++;
        if (!digits(c))
            return false;
    }
    return true;
}

static bool word(struct cursor *c, const char *w)
{
    size_t len = strlen(w);
    if (c->n - c->i < len || memcmp(c->p + c->i, w, len) != 0)
        return false;
    c->i += len;
    return true;
}

static bool value(struct cursor *c, int depth);

/* The members of an array or an object, the opening bracket already taken. */
static bool members(struct cursor *c, int depth, bool object)
{
    char close = object ? '}' : ']';
    skip_ws(c);
    if (at(c, close)) {
        c->i++;
        return true;
    }
    for (;;) {
        skip_ws(c);
        if (object) {
            if (string(c, NULL, 0) < 0)
                return false;
            skip_ws(c);
            if (!at(c, ':'))
                return false;
            c->i++;
            skip_ws(c);
        }
        if (!value(c, depth + 1))
            return false;
        skip_ws(c);
        if (at(c, close)) {
            c->i++;
            return true;
        }
        if (!at(c, ','))
            return false;
        c->i++;
    }
}

static bool value(struct cursor *c, int depth)
{
    if (depth > MAX_DEPTH || c->i >= c->n)
        return false;
    switch (c->p[c->i]) {
    case '"':
        return string(c, NULL, 0) >= 0;
    case '[':
    case '{':
        c->i++;
        return members(c, depth, c->p[c->i - 1] == '{');
    case 't':
        return word(c, "true");
    case 'f':
        return word(c, "false");
    case 'n':
        return word(c, "null");
    default:
        return number(c);
    }
}

/* One element of the array, known to be valid JSON: its "file" and "triple" when it is an
 * object that has both as strings that fit. */
static void module(struct cursor *c, char *file, size_t file_cap, char *triple, size_t triple_cap,
                   rsp_json_module_fn fn, void *ctx)
{
    if (!at(c, '{')) {
        value(c, 1);
        return;
    }
    c->i++;
    bool have_file = false, have_triple = false;
    skip_ws(c);
    while (!at(c, '}')) {
        char key[8];
        long klen = string(c, key, sizeof key);
        skip_ws(c);
        c->i++; /* ':' */
        skip_ws(c);
        bool is_file = klen == 4 && strcmp(key, "file") == 0;
        bool is_triple = klen == 6 && strcmp(key, "triple") == 0;
        if ((is_file || is_triple) && at(c, '"')) {
            long len = is_file ? string(c, file, file_cap) : string(c, triple, triple_cap);
            bool fits = (size_t)len < (is_file ? file_cap : triple_cap);
            *(is_file ? &have_file : &have_triple) = fits;
        } else {
            value(c, 1);
        }
        skip_ws(c);
        if (at(c, ','))
            c->i++;
        skip_ws(c);
    }
    c->i++;
    if (have_file && have_triple)
        fn(ctx, file, triple);
}

int rsp_json_modules_request(const char *p, size_t n, char *file, size_t file_cap, char *triple,
                             size_t triple_cap, rsp_json_module_fn fn, void *ctx)
{
    struct cursor c = {p, n, 0};
    skip_ws(&c);
    size_t start = c.i;
    if (!value(&c, 0))
        return RSP_JSON_BAD;
    skip_ws(&c);
    if (c.i != n)
        return RSP_JSON_BAD;
    if (p[start] != '[')
        return RSP_JSON_NOT_ARRAY;
    if (!file_cap || !triple_cap)
        return RSP_JSON_OK;
    c.i = start + 1;
    skip_ws(&c);
    while (!at(&c, ']')) {
        module(&c, file, file_cap, triple, triple_cap, fn, ctx);
        skip_ws(&c);
        if (at(&c, ','))
            c.i++;
        skip_ws(&c);
    }
    return RSP_JSON_OK;
}

void rsp_buf_json_text(struct rsp_buf *b, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            rsp_buf_printf(b, "\\%c", *c);
        else if (*c < 0x20)
            rsp_buf_printf(b, "\\u%04x", *c);
        else
            rsp_buf_putc(b, (char)*c);
    }
}
