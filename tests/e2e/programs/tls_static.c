/* zstub-cflags: -static */
/* tls_vars.c linked statically: no libc.so, no link map; the TLS lookup uses the program's own
 * symbols and module 1. */
#include "tls_vars.c"
