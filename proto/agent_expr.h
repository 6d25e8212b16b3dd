/* agent_expr: a bounded, safe evaluator of GDB agent-expression bytecode (GDB manual, appendix
 * "The GDB Agent Expression Mechanism"). The stub uses it to test breakpoint conditions on the
 * target side (Z packets carrying ";X len,bytes" conditions) instead of stopping and asking gdb.
 *
 * The bytecode comes from the network, so nothing in it is trusted: every operand fetch and jump
 * is bounds-checked, the stack has a fixed depth, a step budget ends loops, and division by zero,
 * unknown opcodes and unsupported features (floating point, trace state variables) are errors;
 * printf is accepted in breakpoint commands only (dprintf-style agent), where env->print takes
 * its output. Integer semantics are 64-bit two's complement with defined results for every input
 * (shifts by >= 64, INT64_MIN / -1). Pure code: no I/O, no globals, no allocation. */
#ifndef ZSTUB_AGENT_EXPR_H
#define ZSTUB_AGENT_EXPR_H

#include <stddef.h>
#include <stdint.h>

#define AX_STACK_MAX 1024      /* stack entries */
#define AX_STEP_MAX 100000     /* instructions executed per evaluation */
#define AX_CODE_MAX 8192       /* bytes of bytecode accepted */
#define AX_PRINTF_OUT_MAX 8192 /* bytes of output of one printf (the rest is cut) */

enum ax_status {
    AX_OK = 0,
    AX_ERR_BAD_OPCODE = -1,  /* unknown opcode */
    AX_ERR_UNSUPPORTED = -2, /* known but not supported here: float, getv/setv/tracev, printf */
    AX_ERR_TRUNCATED = -3,   /* an operand runs past the end of the code */
    AX_ERR_BAD_JUMP = -4,    /* jump target outside the code (or mid-instruction: validator) */
    AX_ERR_UNDERFLOW = -5,   /* popped an empty stack, or pick beyond the bottom */
    AX_ERR_OVERFLOW = -6,    /* more than AX_STACK_MAX entries */
    AX_ERR_DIV_ZERO = -7,
    AX_ERR_STEP_LIMIT = -8,   /* AX_STEP_MAX instructions without reaching end */
    AX_ERR_NO_END = -9,       /* ran off the end of the code without an end opcode */
    AX_ERR_MEMORY = -10,      /* read_mem failed or is missing */
    AX_ERR_REGISTER = -11,    /* read_reg failed or is missing */
    AX_ERR_BAD_OPERAND = -12, /* e.g. ext 0 */
    AX_ERR_TOO_LONG = -13,    /* code longer than AX_CODE_MAX */
};

/* How the evaluator reaches the stopped thread. Both callbacks return 0 on success. read_mem
 * fills buf with len bytes (1, 2, 4 or 8) in target byte order; read_reg gets a register by gdb
 * number. Either may be NULL, which makes ref / reg opcodes fail. */
struct ax_env {
    void *ctx;
    int (*read_mem)(void *ctx, uint64_t addr, void *buf, size_t len);
    int (*read_reg)(void *ctx, int regnum, uint64_t *val);
    /* Breakpoint commands only: receives printf output; NULL for conditions (printf is then
     * refused, and `end` needs a value on the stack). */
    int (*print)(void *ctx, const char *text, size_t len);
};

/* Runs code[0..len) and stores the top of the stack at `end` in *result (a condition is true
 * when it is non-zero). Returns AX_OK or a negative enum ax_status; *result is untouched then. */
int ax_eval(const uint8_t *code, size_t len, const struct ax_env *env, uint64_t *result);

/* Checks code statically, without running it: every opcode known and supported, operands
 * complete, jump targets on instruction starts inside the code. Lets the server refuse a bad
 * condition when the Z packet arrives rather than when the breakpoint is hit. ax_eval does not
 * depend on it: it performs its own checks at run time. */
int ax_validate(const uint8_t *code, size_t len);

/* The same for breakpoint commands (Z packets' ";cmds:"): printf allowed. */
int ax_validate_commands(const uint8_t *code, size_t len);

/* A short English description of an enum ax_status value (never NULL). */
const char *ax_error_string(int status);

#endif
