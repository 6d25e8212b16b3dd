/* rsp_lldb_launch: lldb's launch request `A` (lldb-server's form of gdb's old argv packet):
 * "LEN,INDEX,HEX,LEN,INDEX,HEX..." where LEN (decimal) counts HEX's digits and INDEX (decimal)
 * is the argument's position. Pure code: no I/O, no globals, no allocation. */
#ifndef ZSTUB_RSP_LLDB_LAUNCH_H
#define ZSTUB_RSP_LLDB_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes the arguments into buf[cap] (each NUL-terminated, one after the other) and points
 * argv[0..*argc) at them, argv[*argc] = NULL; at most max_args arguments (argv has room for
 * max_args + 1). False when malformed: a length that is not the digits' count, indexes out of
 * order, an argument holding a NUL, no argument at all, or too little room. */
bool rsp_parse_lldb_argv(const char *p, size_t n, char *buf, size_t cap, char **argv,
                         size_t max_args, size_t *argc);

#endif
