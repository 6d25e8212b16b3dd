/* rsp_json: the JSON lldb sends in a request (jModulesInfo), and JSON string bodies for replies.
 * Pure code: no I/O, no globals, nothing read past the given length. */
#ifndef ZSTUB_RSP_JSON_H
#define ZSTUB_RSP_JSON_H

#include "rsp_buf.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    RSP_JSON_OK = 0,
    RSP_JSON_BAD = -1,       /* not JSON (lldb-server answers E01) */
    RSP_JSON_NOT_ARRAY = -2, /* JSON, but not an array (E02) */
};

/* One module lldb asks about: its path and triple, decoded, NUL-terminated. */
typedef void (*rsp_json_module_fn)(void *ctx, const char *file, const char *triple);

/* jModulesInfo:[{"file":"PATH","triple":"TRIPLE"}, ...] (the part after the colon, unescaped).
 * The whole text is checked first; then fn is called for each element that is an object with
 * string members "file" and "triple", in order, with them decoded into file[file_cap] and
 * triple[triple_cap]. Other elements, and those with a member too long for its buffer, are
 * skipped, as lldb-server skips what it cannot answer. Nesting deeper than 32 counts as bad. */
int rsp_json_modules_request(const char *p, size_t n, char *file, size_t file_cap, char *triple,
                             size_t triple_cap, rsp_json_module_fn fn, void *ctx);

/* A C string as a JSON string's body: quotes, backslashes and control bytes escaped. */
void rsp_buf_json_text(struct rsp_buf *b, const char *s);

#endif
