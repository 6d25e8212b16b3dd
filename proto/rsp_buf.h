/* rsp_buf: a growable byte buffer reused across packets, plus hex helpers.
 * Pure code: no I/O, no globals. Growth uses realloc; a buffer that is reused keeps its
 * capacity, so the steady state allocates nothing. */
#ifndef ZSTUB_RSP_BUF_H
#define ZSTUB_RSP_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rsp_buf {
    char *data;
    size_t len;
    size_t cap;
    bool oom; /* set when a growth failed; later appends are ignored */
};

void rsp_buf_init(struct rsp_buf *b);
void rsp_buf_free(struct rsp_buf *b);
void rsp_buf_reset(struct rsp_buf *b); /* len = 0, keeps capacity */
bool rsp_buf_reserve(struct rsp_buf *b, size_t extra);
void rsp_buf_put(struct rsp_buf *b, const void *p, size_t n);
void rsp_buf_putc(struct rsp_buf *b, char c);
void rsp_buf_puts(struct rsp_buf *b, const char *s);
void rsp_buf_printf(struct rsp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rsp_buf_hex_bytes(struct rsp_buf *b, const void *p, size_t n); /* lower-case hex pairs */
void rsp_buf_hex_u64(struct rsp_buf *b, uint64_t v);                /* minimal hex, "0" for 0 */
void rsp_buf_hex_str(struct rsp_buf *b, const char *s);             /* hex of a C string */
void rsp_buf_xml_text(struct rsp_buf *b, const char *s); /* a C string as XML text: <>&" escaped */
/* Binary data escaped for the wire: '#', '$', '}' and '*' become '}' then (c ^ 0x20). */
void rsp_buf_escaped(struct rsp_buf *b, const void *p, size_t n);

/* Hex helpers. All return false/-1 on malformed input and never read past `n`. */
int rsp_hex_val(int c); /* 0..15, or -1 */
/* Parse a hex number from p[0..n); stops at the first non-hex char. Stores the number of chars
 * consumed in *used (0 means no digits). Returns false on overflow past 64 bits or no digits. */
bool rsp_parse_hex_u64(const char *p, size_t n, uint64_t *out, size_t *used);
/* Decode 2*len hex chars into out[len]; false if malformed or too short. */
bool rsp_hex_decode(const char *p, size_t n, uint8_t *out, size_t len);
/* Undo '}' escaping in place; returns the new length, or (size_t)-1 on a dangling '}'. */
size_t rsp_unescape(uint8_t *p, size_t n);

#endif
