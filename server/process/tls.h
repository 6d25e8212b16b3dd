/* Thread-local storage addresses (qGetTLSAddr). */
#ifndef ZSTUB_TLS_H
#define ZSTUB_TLS_H

#include "inferior.h"

/* The address of the byte at `offset` in the TLS block of the module whose link_map is at `lm`,
 * for thread t. 0 or -errno (-ENOENT: no glibc descriptors; -EAGAIN: block not allocated yet). */
int tls_address(struct inferior *inf, struct thread *t, uint64_t lm, uint64_t offset,
                uint64_t *out);

#endif
