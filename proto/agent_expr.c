/* agent_expr: bounded evaluator of GDB agent-expression bytecode (see agent_expr.h).
 * Opcode numbers and stack effects follow the GDB manual's bytecode table. Multi-byte operands
 * in the bytecode are big-endian regardless of the target; memory is read in target order. */
#include "agent_expr.h"

#include "agent_printf.h"

#include <stdbool.h>
#include <string.h>

enum ax_opcode {
    OP_FLOAT = 0x01,
    OP_ADD = 0x02,
    OP_SUB = 0x03,
    OP_MUL = 0x04,
    OP_DIV_SIGNED = 0x05,
    OP_DIV_UNSIGNED = 0x06,
    OP_REM_SIGNED = 0x07,
    OP_REM_UNSIGNED = 0x08,
    OP_LSH = 0x09,
    OP_RSH_SIGNED = 0x0a,
    OP_RSH_UNSIGNED = 0x0b,
    OP_TRACE = 0x0c,
    OP_TRACE_QUICK = 0x0d,
    OP_LOG_NOT = 0x0e,
    OP_BIT_AND = 0x0f,
    OP_BIT_OR = 0x10,
    OP_BIT_XOR = 0x11,
    OP_BIT_NOT = 0x12,
    OP_EQUAL = 0x13,
    OP_LESS_SIGNED = 0x14,
    OP_LESS_UNSIGNED = 0x15,
    OP_EXT = 0x16,
    OP_REF8 = 0x17,
    OP_REF16 = 0x18,
    OP_REF32 = 0x19,
    OP_REF64 = 0x1a,
    OP_REF_FLOAT = 0x1b,
    OP_REF_DOUBLE = 0x1c,
    OP_REF_LONG_DOUBLE = 0x1d,
    OP_L_TO_D = 0x1e,
    OP_D_TO_L = 0x1f,
    OP_IF_GOTO = 0x20,
    OP_GOTO = 0x21,
    OP_CONST8 = 0x22,
    OP_CONST16 = 0x23,
    OP_CONST32 = 0x24,
    OP_CONST64 = 0x25,
    OP_REG = 0x26,
    OP_END = 0x27,
    OP_DUP = 0x28,
    OP_POP = 0x29,
    OP_ZERO_EXT = 0x2a,
    OP_SWAP = 0x2b,
    OP_GETV = 0x2c,
    OP_SETV = 0x2d,
    OP_TRACEV = 0x2e,
    OP_TRACENZ = 0x2f,
    OP_TRACE16 = 0x30,
    OP_PICK = 0x32,
    OP_ROT = 0x33,
    OP_PRINTF = 0x34,
};

/* Per opcode: bytes of immediate operand, and whether it is known / supported. */
struct ax_opinfo {
    uint8_t operand_len;
    uint8_t known;
    uint8_t supported;
};

#define SUP(len)                                                                                   \
    {                                                                                              \
        len, 1, 1                                                                                  \
    }
#define UNSUP(len)                                                                                 \
    {                                                                                              \
        len, 1, 0                                                                                  \
    }

static const struct ax_opinfo opinfo[256] = {
    [OP_FLOAT] = UNSUP(0),
    [OP_ADD] = SUP(0),
    [OP_SUB] = SUP(0),
    [OP_MUL] = SUP(0),
    [OP_DIV_SIGNED] = SUP(0),
    [OP_DIV_UNSIGNED] = SUP(0),
    [OP_REM_SIGNED] = SUP(0),
    [OP_REM_UNSIGNED] = SUP(0),
    [OP_LSH] = SUP(0),
    [OP_RSH_SIGNED] = SUP(0),
    [OP_RSH_UNSIGNED] = SUP(0),
    [OP_TRACE] = SUP(0),
    [OP_TRACE_QUICK] = SUP(1),
    [OP_LOG_NOT] = SUP(0),
    [OP_BIT_AND] = SUP(0),
    [OP_BIT_OR] = SUP(0),
    [OP_BIT_XOR] = SUP(0),
    [OP_BIT_NOT] = SUP(0),
    [OP_EQUAL] = SUP(0),
    [OP_LESS_SIGNED] = SUP(0),
    [OP_LESS_UNSIGNED] = SUP(0),
    [OP_EXT] = SUP(1),
    [OP_REF8] = SUP(0),
    [OP_REF16] = SUP(0),
    [OP_REF32] = SUP(0),
    [OP_REF64] = SUP(0),
    [OP_REF_FLOAT] = UNSUP(0),
    [OP_REF_DOUBLE] = UNSUP(0),
    [OP_REF_LONG_DOUBLE] = UNSUP(0),
    [OP_L_TO_D] = UNSUP(0),
    [OP_D_TO_L] = UNSUP(0),
    [OP_IF_GOTO] = SUP(2),
    [OP_GOTO] = SUP(2),
    [OP_CONST8] = SUP(1),
    [OP_CONST16] = SUP(2),
    [OP_CONST32] = SUP(4),
    [OP_CONST64] = SUP(8),
    [OP_REG] = SUP(2),
    [OP_END] = SUP(0),
    [OP_DUP] = SUP(0),
    [OP_POP] = SUP(0),
    [OP_ZERO_EXT] = SUP(1),
    [OP_SWAP] = SUP(0),
    [OP_GETV] = UNSUP(2),
    [OP_SETV] = UNSUP(2),
    [OP_TRACEV] = UNSUP(2),
    [OP_TRACENZ] = SUP(0),
    [OP_TRACE16] = SUP(2),
    [OP_PICK] = SUP(1),
    [OP_ROT] = SUP(0),
    [OP_PRINTF] = UNSUP(3), /* numargs, 16-bit string length; then the string (see op_len) */
};

static uint64_t fetch_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Bytes of the instruction at code[pc] (its operand is known to fit). */
static size_t op_len(const uint8_t *code, size_t pc)
{
    size_t n = 1 + opinfo[code[pc]].operand_len;
    if (code[pc] == OP_PRINTF)
        n += (size_t)fetch_be(code + pc + 2, 2);
    return n;
}

/* Checks the opcode at code[pc] and that its operand fits; returns AX_OK or an error. printf is
 * allowed only where its output has somewhere to go (breakpoint commands). */
static int decode_at(const uint8_t *code, size_t len, size_t pc, bool allow_printf)
{
    const struct ax_opinfo *oi = &opinfo[code[pc]];
    if (!oi->known)
        return AX_ERR_BAD_OPCODE;
    if (!oi->supported && !(code[pc] == OP_PRINTF && allow_printf))
        return AX_ERR_UNSUPPORTED;
    if (oi->operand_len > len - pc - 1)
        return AX_ERR_TRUNCATED;
    if (code[pc] == OP_PRINTF) {
        size_t slen = (size_t)fetch_be(code + pc + 2, 2);
        if (slen == 0 || slen > len - pc - 4 || code[pc + 4 + slen - 1] != '\0')
            return AX_ERR_TRUNCATED; /* the string must fit and end with its NUL */
    }
    return AX_OK;
}

static int validate(const uint8_t *code, size_t len, bool allow_printf)
{
    if (len > AX_CODE_MAX)
        return AX_ERR_TOO_LONG;
    uint8_t starts[AX_CODE_MAX / 8 + 1] = {0}; /* bit per byte: an instruction begins here */
    size_t pc = 0;
    while (pc < len) {
        int err = decode_at(code, len, pc, allow_printf);
        if (err)
            return err;
        starts[pc / 8] |= (uint8_t)(1u << (pc % 8));
        pc += op_len(code, pc);
    }
    for (pc = 0; pc < len; pc += op_len(code, pc)) {
        if (code[pc] != OP_IF_GOTO && code[pc] != OP_GOTO)
            continue;
        size_t target = (size_t)fetch_be(code + pc + 1, 2);
        if (target >= len || !(starts[target / 8] & (1u << (target % 8))))
            return AX_ERR_BAD_JUMP;
    }
    return AX_OK;
}

int ax_validate(const uint8_t *code, size_t len)
{
    return validate(code, len, false);
}

int ax_validate_commands(const uint8_t *code, size_t len)
{
    return validate(code, len, true);
}

/* Evaluation state; the stack grows upwards and sp is the number of entries. */
struct ax_vm {
    uint64_t stack[AX_STACK_MAX];
    size_t sp;
};

#define NEED(n)                                                                                    \
    do {                                                                                           \
        if (vm->sp < (n))                                                                          \
            return AX_ERR_UNDERFLOW;                                                               \
    } while (0)
#define ROOM()                                                                                     \
    do {                                                                                           \
        if (vm->sp == AX_STACK_MAX)                                                                \
            return AX_ERR_OVERFLOW;                                                                \
    } while (0)
#define TOP (vm->stack[vm->sp - 1])
#define NEXT (vm->stack[vm->sp - 2])

/* Two-operand opcodes: a (next-to-top) op b (top) replaces both with the result. */
static int binary_op(struct ax_vm *vm, uint8_t op)
{
    NEED(2);
    uint64_t a = NEXT, b = TOP, r;
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    switch (op) {
    case OP_ADD:
        r = a + b;
        break;
    case OP_SUB:
        r = a - b;
        break;
    case OP_MUL:
        r = a * b;
        break;
    case OP_DIV_SIGNED:
    case OP_REM_SIGNED:
        if (b == 0)
            return AX_ERR_DIV_ZERO;
        if (sa == INT64_MIN && sb == -1) /* the one signed division C leaves undefined */
            r = op == OP_DIV_SIGNED ? a : 0;
        else
            r = op == OP_DIV_SIGNED ? (uint64_t)(sa / sb) : (uint64_t)(sa % sb);
        break;
    case OP_DIV_UNSIGNED:
    case OP_REM_UNSIGNED:
        if (b == 0)
            return AX_ERR_DIV_ZERO;
        r = op == OP_DIV_UNSIGNED ? a / b : a % b;
        break;
    case OP_LSH:
        r = b >= 64 ? 0 : a << b;
        break;
    case OP_RSH_UNSIGNED:
        r = b >= 64 ? 0 : a >> b;
        break;
    case OP_RSH_SIGNED: {
        /* Arithmetic shift written without relying on implementation-defined >> of negatives. */
        unsigned s = b >= 63 ? 63 : (unsigned)b;
        uint64_t fill = (a >> 63) ? ~(UINT64_MAX >> s) : 0;
        r = (a >> s) | fill;
        break;
    }
    case OP_BIT_AND:
        r = a & b;
        break;
    case OP_BIT_OR:
        r = a | b;
        break;
    case OP_BIT_XOR:
        r = a ^ b;
        break;
    case OP_EQUAL:
        r = a == b;
        break;
    case OP_LESS_SIGNED:
        r = sa < sb;
        break;
    case OP_LESS_UNSIGNED:
        r = a < b;
        break;
    default:
        return AX_ERR_BAD_OPCODE;
    }
    vm->sp--;
    TOP = r;
    return AX_OK;
}

/* refN: replaces the address on top with the N-byte value found there. */
static int ref_op(struct ax_vm *vm, const struct ax_env *env, size_t size)
{
    NEED(1);
    if (!env || !env->read_mem)
        return AX_ERR_MEMORY;
    /* The stub debugs programs on its own machine, so target order is host order. */
    union {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
    } v;
    memset(&v, 0, sizeof v);
    if (env->read_mem(env->ctx, TOP, &v, size) != 0)
        return AX_ERR_MEMORY;
    switch (size) {
    case 1:
        TOP = v.u8;
        break;
    case 2:
        TOP = v.u16;
        break;
    case 4:
        TOP = v.u32;
        break;
    default:
        TOP = v.u64;
        break;
    }
    return AX_OK;
}

/* ext / zero_ext: keep the low n bits, then sign- or zero-extend them. */
static int extend_op(struct ax_vm *vm, unsigned n, bool sign)
{
    NEED(1);
    if (n >= 64)
        return AX_OK; /* the manual: no effect when n covers the whole stack element */
    if (n == 0) {
        if (sign)
            return AX_ERR_BAD_OPERAND; /* there is no sign bit to extend */
        TOP = 0;
        return AX_OK;
    }
    uint64_t mask = (UINT64_C(1) << n) - 1;
    uint64_t v = TOP & mask;
    if (sign && (v >> (n - 1)) & 1)
        v |= ~mask;
    TOP = v;
    return AX_OK;
}

/* Stack shuffling and constants; `imm` is the opcode's immediate operand. */
static int stack_op(struct ax_vm *vm, uint8_t op, uint64_t imm)
{
    uint64_t t;
    switch (op) {
    case OP_CONST8:
    case OP_CONST16:
    case OP_CONST32:
    case OP_CONST64:
        ROOM();
        vm->stack[vm->sp++] = imm;
        return AX_OK;
    case OP_DUP: /* dup is pick 0 */
    case OP_PICK:
        if (op == OP_DUP)
            imm = 0;
        NEED(imm + 1);
        ROOM();
        t = vm->stack[vm->sp - 1 - imm];
        vm->stack[vm->sp++] = t;
        return AX_OK;
    case OP_POP:
        NEED(1);
        vm->sp--;
        return AX_OK;
    case OP_SWAP:
        NEED(2);
        t = TOP;
        TOP = NEXT;
        NEXT = t;
        return AX_OK;
    case OP_ROT: /* a b c => c a b */
        NEED(3);
        t = TOP;
        TOP = NEXT;
        NEXT = vm->stack[vm->sp - 3];
        vm->stack[vm->sp - 3] = t;
        return AX_OK;
    default:
        return AX_ERR_BAD_OPCODE;
    }
}

/* Trace opcodes collect data for tracepoints. The stub keeps no trace buffer, so they only
 * have their stack effect; gdb does not emit them in breakpoint conditions anyway. */
static int trace_op(struct ax_vm *vm, uint8_t op)
{
    if (op == OP_TRACE || op == OP_TRACENZ) {
        NEED(2);
        vm->sp -= 2;
        return AX_OK;
    }
    NEED(1); /* trace_quick / trace16 leave the address in place */
    return AX_OK;
}

/* printf: numargs, a string (16-bit length, NUL included), then pops function, channel and the
 * arguments (the first argument is the highest); the text goes to env->print. */
static int printf_op(struct ax_vm *vm, const uint8_t *insn, size_t *pc, const struct ax_env *env)
{
    size_t nargs = insn[1];
    size_t slen = (size_t)fetch_be(insn + 2, 2);
    *pc += 4 + slen;
    NEED(nargs + 2);
    vm->sp -= 2; /* function and channel: the stub always prints to its own output */
    uint64_t args[256];
    for (size_t i = 0; i < nargs; i++)
        args[i] = vm->stack[--vm->sp];
    char text[AX_PRINTF_OUT_MAX];
    size_t n = 0;
    int err = ax_format((const char *)insn + 4, slen, args, nargs, env, text, sizeof text, &n);
    if (err)
        return err;
    return env->print(env->ctx, text, n) == 0 ? AX_OK : AX_ERR_MEMORY;
}

/* Executes one instruction at *pc; sets *done when `end` was reached. */
static int step(struct ax_vm *vm, const uint8_t *code, size_t len, size_t *pc,
                const struct ax_env *env, bool *done)
{
    int err = decode_at(code, len, *pc, env && env->print);
    if (err)
        return err;
    uint8_t op = code[*pc];
    size_t olen = opinfo[op].operand_len;
    uint64_t imm = fetch_be(code + *pc + 1, olen);
    if (op == OP_PRINTF)
        return printf_op(vm, code + *pc, pc, env);
    *pc += 1 + olen;
    switch (op) {
    case OP_END:
        if (!env || !env->print) /* a condition's value; commands leave none */
            NEED(1);
        *done = true;
        return AX_OK;
    case OP_LOG_NOT:
        NEED(1);
        TOP = TOP == 0;
        return AX_OK;
    case OP_BIT_NOT:
        NEED(1);
        TOP = ~TOP;
        return AX_OK;
    case OP_EXT:
    case OP_ZERO_EXT:
        return extend_op(vm, (unsigned)imm, op == OP_EXT);
    case OP_REF8:
        return ref_op(vm, env, 1);
    case OP_REF16:
        return ref_op(vm, env, 2);
    case OP_REF32:
        return ref_op(vm, env, 4);
    case OP_REF64:
        return ref_op(vm, env, 8);
    case OP_REG: {
        uint64_t v;
        ROOM();
        if (!env || !env->read_reg || env->read_reg(env->ctx, (int)imm, &v) != 0)
            return AX_ERR_REGISTER;
        vm->stack[vm->sp++] = v;
        return AX_OK;
    }
    case OP_IF_GOTO:
    case OP_GOTO: {
        bool taken = true;
        if (op == OP_IF_GOTO) {
            NEED(1);
            taken = vm->stack[--vm->sp] != 0;
        }
        if (taken) {
            if (imm >= len)
                return AX_ERR_BAD_JUMP;
            *pc = (size_t)imm;
        }
        return AX_OK;
    }
    case OP_TRACE:
    case OP_TRACE_QUICK:
    case OP_TRACE16:
    case OP_TRACENZ:
        return trace_op(vm, op);
    case OP_CONST8:
    case OP_CONST16:
    case OP_CONST32:
    case OP_CONST64:
    case OP_DUP:
    case OP_PICK:
    case OP_POP:
    case OP_SWAP:
    case OP_ROT:
        return stack_op(vm, op, imm);
    default:
        return binary_op(vm, op);
    }
}

int ax_eval(const uint8_t *code, size_t len, const struct ax_env *env, uint64_t *result)
{
    if (len > AX_CODE_MAX)
        return AX_ERR_TOO_LONG;
    struct ax_vm vm;
    vm.sp = 0;
    size_t pc = 0;
    for (unsigned long steps = 0; steps < AX_STEP_MAX; steps++) {
        if (pc >= len)
            return AX_ERR_NO_END;
        bool done = false;
        int err = step(&vm, code, len, &pc, env, &done);
        if (err)
            return err;
        if (done) {
            if (vm.sp > 0)
                *result = vm.stack[vm.sp - 1];
            return AX_OK;
        }
    }
    return AX_ERR_STEP_LIMIT;
}

const char *ax_error_string(int status)
{
    switch (status) {
    case AX_OK:
        return "ok";
    case AX_ERR_BAD_OPCODE:
        return "unknown opcode";
    case AX_ERR_UNSUPPORTED:
        return "unsupported opcode";
    case AX_ERR_TRUNCATED:
        return "operand past end of bytecode";
    case AX_ERR_BAD_JUMP:
        return "jump target outside bytecode";
    case AX_ERR_UNDERFLOW:
        return "stack underflow";
    case AX_ERR_OVERFLOW:
        return "stack overflow";
    case AX_ERR_DIV_ZERO:
        return "division by zero";
    case AX_ERR_STEP_LIMIT:
        return "step limit reached";
    case AX_ERR_NO_END:
        return "ran off the end of bytecode";
    case AX_ERR_MEMORY:
        return "memory read failed";
    case AX_ERR_REGISTER:
        return "register read failed";
    case AX_ERR_BAD_OPERAND:
        return "invalid operand";
    case AX_ERR_TOO_LONG:
        return "bytecode too long";
    default:
        return "unknown error";
    }
}
