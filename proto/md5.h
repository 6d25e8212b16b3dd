/* md5: the MD5 digest (RFC 1321), incrementally. lldb asks for a file's MD5 (vFile:MD5) before
 * uploading it, and skips the upload when the remote copy already matches. Pure code. */
#ifndef ZSTUB_MD5_H
#define ZSTUB_MD5_H

#include <stddef.h>
#include <stdint.h>

struct md5 {
    uint32_t state[4];
    uint64_t total;    /* bytes fed so far */
    uint8_t block[64]; /* a partial block */
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t n);
void md5_final(struct md5 *m, uint8_t digest[16]);

#endif
