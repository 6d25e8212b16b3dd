/* The agent-expression printf opcode's formatting: a C format string (with its escapes still
 * written as in C source, as gdb sends it) and integer arguments, %s arguments being addresses of
 * strings in the program. Pure: the program's memory is reached through the ax_env callback. */
#ifndef ZSTUB_AGENT_PRINTF_H
#define ZSTUB_AGENT_PRINTF_H

#include <stddef.h>
#include <stdint.h>

#include "agent_expr.h"

#define AX_PRINTF_STRING_MAX 4096 /* bytes read for one %s */

/* Formats into out[0..cap) (always NUL-terminated when cap > 0; output beyond is cut) and stores
 * the length in *out_len. args[0] is the first argument. Returns AX_OK, AX_ERR_BAD_OPERAND
 * (a malformed format, too few arguments, an unsupported conversion such as %f or %n) or
 * AX_ERR_MEMORY (a %s whose string cannot be read). */
int ax_format(const char *fmt, size_t fmt_len, const uint64_t *args, size_t nargs,
              const struct ax_env *env, char *out, size_t cap, size_t *out_len);

#endif
