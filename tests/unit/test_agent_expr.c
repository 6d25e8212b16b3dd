/* Unit tests for proto/agent_expr: every supported opcode and every error path. */
#include "agent_expr.h"
#include "check.h"

/* Opcode bytes, named as in the GDB manual, so the programs below read like assembly. */
enum {
    FLOAT = 0x01,
    ADD = 0x02,
    SUB = 0x03,
    MUL = 0x04,
    DIV_S = 0x05,
    DIV_U = 0x06,
    REM_S = 0x07,
    REM_U = 0x08,
    LSH = 0x09,
    RSH_S = 0x0a,
    RSH_U = 0x0b,
    TRACE = 0x0c,
    TRACE_QUICK = 0x0d,
    LOG_NOT = 0x0e,
    BIT_AND = 0x0f,
    BIT_OR = 0x10,
    BIT_XOR = 0x11,
    BIT_NOT = 0x12,
    EQUAL = 0x13,
    LESS_S = 0x14,
    LESS_U = 0x15,
    EXT = 0x16,
    REF8 = 0x17,
    REF16 = 0x18,
    REF32 = 0x19,
    REF64 = 0x1a,
    REF_DOUBLE = 0x1c,
    L_TO_D = 0x1e,
    IF_GOTO = 0x20,
    GOTO = 0x21,
    C8 = 0x22,
    C16 = 0x23,
    C32 = 0x24,
    C64 = 0x25,
    REG = 0x26,
    END = 0x27,
    DUP = 0x28,
    POP = 0x29,
    ZERO_EXT = 0x2a,
    SWAP = 0x2b,
    GETV = 0x2c,
    SETV = 0x2d,
    TRACEV = 0x2e,
    TRACENZ = 0x2f,
    TRACE16 = 0x30,
    PICK = 0x32,
    ROT = 0x33,
    PRINTF = 0x34,
};

/* A fake stopped thread: 64 bytes of memory at MEM_BASE and 17 registers. */
#define MEM_BASE 0x1000
struct fake {
    uint8_t mem[64];
    uint64_t regs[17];
};

static int fake_read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct fake *f = ctx;
    if (addr < MEM_BASE || addr - MEM_BASE > sizeof f->mem ||
        len > sizeof f->mem - (addr - MEM_BASE))
        return -1;
    memcpy(buf, f->mem + (addr - MEM_BASE), len);
    return 0;
}

static int fake_read_reg(void *ctx, int regnum, uint64_t *val)
{
    struct fake *f = ctx;
    if (regnum < 0 || regnum >= 17)
        return -1;
    *val = f->regs[regnum];
    return 0;
}

static struct fake fake;
static const struct ax_env env = {&fake, fake_read_mem, fake_read_reg, NULL};

static int run(const uint8_t *code, size_t n, uint64_t *out)
{
    int st = ax_eval(code, n, &env, out);
    /* Whatever ran to completion must also pass the static check, and vice versa for code
     * the validator rejects (except run-time-only errors). */
    if (st == AX_OK)
        CHECK_EQ_I64(ax_validate(code, n), AX_OK);
    return st;
}

#define CODE(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

/* The program ends with END and must give `want`. */
#define CHECK_AX(want, ...)                                                                        \
    do {                                                                                           \
        uint64_t r_ = 0xbadbadbadULL;                                                              \
        CHECK_EQ_I64(run(CODE(__VA_ARGS__), &r_), AX_OK);                                          \
        CHECK_EQ_U64(r_, (want));                                                                  \
    } while (0)

#define CHECK_AX_ERR(err, ...)                                                                     \
    do {                                                                                           \
        uint64_t r_ = 0;                                                                           \
        CHECK_EQ_I64(run(CODE(__VA_ARGS__), &r_), (err));                                          \
    } while (0)

#define NEG1 C8, 0xff, EXT, 8 /* pushes -1 */

static void test_constants_big_endian(void)
{
    CHECK_AX(0x7f, C8, 0x7f, END);
    CHECK_AX(0x1234, C16, 0x12, 0x34, END);
    CHECK_AX(0x89abcdef, C32, 0x89, 0xab, 0xcd, 0xef, END);
    CHECK_AX(0x0123456789abcdefULL, C64, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, END);
    CHECK_AX(UINT64_MAX, NEG1, END);
}

static void test_arithmetic(void)
{
    CHECK_AX(7, C8, 3, C8, 4, ADD, END);
    CHECK_AX(UINT64_MAX, C8, 3, C8, 4, SUB, END);
    CHECK_AX(12, C8, 3, C8, 4, MUL, END);
    CHECK_AX(3, C8, 14, C8, 4, DIV_U, END);
    CHECK_AX(2, C8, 14, C8, 4, REM_U, END);
    CHECK_AX((uint64_t)-3, C8, 14, C8, 0xfc, EXT, 8, DIV_S, END); /* 14 / -4 */
    CHECK_AX((uint64_t)-2, C8, 0xf2, EXT, 8, C8, 4, REM_S, END);  /* -14 % 4 */
    CHECK_AX(UINT64_MAX / 2, NEG1, C8, 2, DIV_U, END);
    /* INT64_MIN / -1 is defined here: it wraps; the remainder is 0. */
    CHECK_AX(0x8000000000000000ULL, C64, 0x80, 0, 0, 0, 0, 0, 0, 0, NEG1, DIV_S, END);
    CHECK_AX(0, C64, 0x80, 0, 0, 0, 0, 0, 0, 0, NEG1, REM_S, END);
}

static void test_division_by_zero(void)
{
    CHECK_AX_ERR(AX_ERR_DIV_ZERO, C8, 1, C8, 0, DIV_S, END);
    CHECK_AX_ERR(AX_ERR_DIV_ZERO, C8, 1, C8, 0, DIV_U, END);
    CHECK_AX_ERR(AX_ERR_DIV_ZERO, C8, 1, C8, 0, REM_S, END);
    CHECK_AX_ERR(AX_ERR_DIV_ZERO, C8, 1, C8, 0, REM_U, END);
}

static void test_shifts(void)
{
    CHECK_AX(0x100, C8, 1, C8, 8, LSH, END);
    CHECK_AX(0, C8, 1, C8, 64, LSH, END);
    CHECK_AX(0, C8, 1, C8, 200, LSH, END);
    CHECK_AX(0x0fffffffffffffffULL, NEG1, C8, 4, RSH_U, END);
    CHECK_AX(0, NEG1, C8, 64, RSH_U, END);
    CHECK_AX(UINT64_MAX, NEG1, C8, 4, RSH_S, END);
    CHECK_AX(UINT64_MAX, NEG1, C8, 100, RSH_S, END);
    CHECK_AX(0x10, C16, 1, 0, C8, 4, RSH_S, END);
    CHECK_AX(0, C8, 0x70, C8, 64, RSH_S, END);
}

static void test_logic_and_compare(void)
{
    CHECK_AX(1, C8, 0, LOG_NOT, END);
    CHECK_AX(0, C8, 9, LOG_NOT, END);
    CHECK_AX(0x0c, C8, 0x0e, C8, 0x3c, BIT_AND, END);
    CHECK_AX(0x3e, C8, 0x0e, C8, 0x3c, BIT_OR, END);
    CHECK_AX(0x32, C8, 0x0e, C8, 0x3c, BIT_XOR, END);
    CHECK_AX(~(uint64_t)0x0e, C8, 0x0e, BIT_NOT, END);
    CHECK_AX(1, C8, 5, C8, 5, EQUAL, END);
    CHECK_AX(0, C8, 5, C8, 6, EQUAL, END);
    CHECK_AX(1, NEG1, C8, 1, LESS_S, END);
    CHECK_AX(0, NEG1, C8, 1, LESS_U, END);
    CHECK_AX(1, C8, 1, NEG1, LESS_U, END);
    CHECK_AX(0, C8, 1, C8, 1, LESS_S, END);
}

static void test_extend(void)
{
    CHECK_AX(0xffffffffffffff80ULL, C8, 0x80, EXT, 8, END);
    CHECK_AX(0x7f, C8, 0x7f, EXT, 8, END);
    CHECK_AX(0xffffffff80000000ULL, C32, 0x80, 0, 0, 0, EXT, 32, END);
    CHECK_AX(UINT64_MAX, C8, 1, EXT, 1, END);
    CHECK_AX(0x1ff, C16, 0x01, 0xff, EXT, 64, END); /* n >= width: no effect */
    CHECK_AX(0x1ff, C16, 0x01, 0xff, EXT, 200, END);
    CHECK_AX_ERR(AX_ERR_BAD_OPERAND, C8, 1, EXT, 0, END);
    CHECK_AX(0xff, NEG1, ZERO_EXT, 8, END);
    CHECK_AX(0, NEG1, ZERO_EXT, 0, END);
    CHECK_AX(UINT64_MAX, NEG1, ZERO_EXT, 64, END);
    CHECK_AX(0x7fffffffffffffffULL, NEG1, ZERO_EXT, 63, END);
}

static void test_memory_refs(void)
{
    for (int i = 0; i < 64; i++)
        fake.mem[i] = (uint8_t)(0x10 + i);
    uint64_t want64;
    uint32_t want32;
    uint16_t want16;
    memcpy(&want64, fake.mem + 3, 8); /* unaligned, host order */
    memcpy(&want32, fake.mem + 3, 4);
    memcpy(&want16, fake.mem + 3, 2);
    CHECK_AX(0x13, C16, 0x10, 0x03, REF8, END);
    CHECK_AX(want16, C16, 0x10, 0x03, REF16, END);
    CHECK_AX(want32, C16, 0x10, 0x03, REF32, END);
    CHECK_AX(want64, C16, 0x10, 0x03, REF64, END);
    CHECK_AX(0x4f, C16, 0x10, 0x3f, REF8, END); /* last byte */
    CHECK_AX_ERR(AX_ERR_MEMORY, C16, 0x10, 0x3f, REF16, END);
    CHECK_AX_ERR(AX_ERR_MEMORY, C8, 0, REF8, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, REF32, END);

    static const uint8_t code[] = {C8, 0, REF8, END};
    struct ax_env none = {NULL, NULL, NULL, NULL};
    uint64_t r;
    CHECK_EQ_I64(ax_eval(code, sizeof code, &none, &r), AX_ERR_MEMORY);
    CHECK_EQ_I64(ax_eval(code, sizeof code, NULL, &r), AX_ERR_MEMORY);
}

static void test_registers(void)
{
    fake.regs[6] = 0x7ffe0000;
    fake.regs[16] = 0x401000;
    CHECK_AX(0x7ffe0000, REG, 0, 6, END);
    CHECK_AX(0x401000, REG, 0, 16, END);
    CHECK_AX_ERR(AX_ERR_REGISTER, REG, 0, 17, END);
    CHECK_AX_ERR(AX_ERR_REGISTER, REG, 0xff, 0xff, END);
    static const uint8_t code[] = {REG, 0, 0, END};
    struct ax_env none = {NULL, NULL, NULL, NULL};
    uint64_t r;
    CHECK_EQ_I64(ax_eval(code, sizeof code, &none, &r), AX_ERR_REGISTER);
}

static void test_stack_ops(void)
{
    CHECK_AX(5, C8, 5, DUP, POP, END);
    CHECK_AX(10, C8, 5, DUP, ADD, END);
    CHECK_AX(1, C8, 1, C8, 2, SWAP, END);
    CHECK_AX(2, C8, 1, C8, 2, SWAP, POP, END);
    CHECK_AX(1, C8, 1, C8, 2, POP, END);
    CHECK_AX(3, C8, 1, C8, 2, C8, 3, PICK, 0, END);
    CHECK_AX(1, C8, 1, C8, 2, C8, 3, PICK, 2, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, C8, 1, C8, 2, C8, 3, PICK, 3, END);
    /* rot: a b c => c a b, so the stack reads 3 1 2 from bottom to top. */
    CHECK_AX(2, C8, 1, C8, 2, C8, 3, ROT, END);
    CHECK_AX(1, C8, 1, C8, 2, C8, 3, ROT, POP, END);
    CHECK_AX(3, C8, 1, C8, 2, C8, 3, ROT, POP, POP, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, C8, 1, C8, 2, ROT, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, POP, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, DUP, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, C8, 1, SWAP, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, C8, 1, ADD, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, LOG_NOT, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, END);
}

static void test_jumps(void)
{
    /* if (1) push 7 else push 9 */
    CHECK_AX(7, C8, 1, IF_GOTO, 0, 10, C8, 9, GOTO, 0, 12, C8, 7, END);
    CHECK_AX(9, C8, 0, IF_GOTO, 0, 10, C8, 9, GOTO, 0, 12, C8, 7, END);
    /* A counting loop: n = 10; do n = n - 1 while (n); result n == 0 after 10 rounds. */
    CHECK_AX(0, C8, 10, C8, 1, SUB, DUP, IF_GOTO, 0, 2, END);
    CHECK_AX_ERR(AX_ERR_BAD_JUMP, GOTO, 0, 4, END);
    CHECK_AX_ERR(AX_ERR_BAD_JUMP, GOTO, 0xff, 0xff, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, IF_GOTO, 0, 0, END);
}

static void test_limits(void)
{
    uint64_t r;
    /* An endless loop is stopped by the step budget. */
    static const uint8_t spin[] = {GOTO, 0, 0};
    CHECK_EQ_I64(ax_eval(spin, sizeof spin, &env, &r), AX_ERR_STEP_LIMIT);
    /* A loop that pushes forever overflows the stack first. */
    static const uint8_t grow[] = {C8, 1, GOTO, 0, 0};
    CHECK_EQ_I64(ax_eval(grow, sizeof grow, &env, &r), AX_ERR_OVERFLOW);
    /* Exactly AX_STACK_MAX entries are fine: dup 1023 times via a counted loop is long, so
     * build it flat. */
    static uint8_t flat[2 + (AX_STACK_MAX - 1) + 1];
    flat[0] = C8;
    flat[1] = 4;
    memset(flat + 2, DUP, AX_STACK_MAX - 1);
    flat[sizeof flat - 1] = END;
    CHECK_EQ_I64(ax_eval(flat, sizeof flat, &env, &r), AX_OK);
    CHECK_EQ_U64(r, 4);
    flat[sizeof flat - 1] = DUP;
    CHECK_EQ_I64(ax_eval(flat, sizeof flat, &env, &r), AX_ERR_OVERFLOW);
    /* Too long. */
    static uint8_t big[AX_CODE_MAX + 1];
    CHECK_EQ_I64(ax_eval(big, sizeof big, &env, &r), AX_ERR_TOO_LONG);
    CHECK_EQ_I64(ax_validate(big, sizeof big), AX_ERR_TOO_LONG);
}

static void test_bad_code(void)
{
    CHECK_AX_ERR(AX_ERR_NO_END, C8, 1);
    CHECK_AX_ERR(AX_ERR_NO_END, C8, 1, C8, 0, IF_GOTO, 0, 0);
    uint64_t r;
    CHECK_EQ_I64(ax_eval(NULL, 0, &env, &r), AX_ERR_NO_END);
    CHECK_AX_ERR(AX_ERR_BAD_OPCODE, 0x00, END);
    CHECK_AX_ERR(AX_ERR_BAD_OPCODE, 0x31, END);
    CHECK_AX_ERR(AX_ERR_BAD_OPCODE, 0x35, END);
    CHECK_AX_ERR(AX_ERR_BAD_OPCODE, 0xff, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, FLOAT, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, C8, 0, REF_DOUBLE, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, C8, 0, L_TO_D, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, GETV, 0, 0, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, C8, 0, SETV, 0, 0, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, TRACEV, 0, 0, END);
    CHECK_AX_ERR(AX_ERR_UNSUPPORTED, PRINTF, 0, 0, 1, 0, END);
    CHECK_AX_ERR(AX_ERR_TRUNCATED, C8);
    CHECK_AX_ERR(AX_ERR_TRUNCATED, C16, 1);
    CHECK_AX_ERR(AX_ERR_TRUNCATED, C64, 1, 2, 3, 4, 5, 6, 7);
    CHECK_AX_ERR(AX_ERR_TRUNCATED, C8, 1, IF_GOTO, 0);
    CHECK_AX_ERR(AX_ERR_TRUNCATED, REG, 0);
}

/* Trace opcodes only have their stack effect (no trace buffer in the stub). */
static void test_trace_ops(void)
{
    CHECK_AX(9, C8, 9, C16, 0x10, 0, C8, 4, TRACE, END);
    CHECK_AX(0x1000, C16, 0x10, 0, TRACE_QUICK, 4, END);
    CHECK_AX(0x1000, C16, 0x10, 0, TRACE16, 0, 4, END);
    CHECK_AX(9, C8, 9, C16, 0x10, 0, C8, 4, TRACENZ, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, C8, 4, TRACE, END);
    CHECK_AX_ERR(AX_ERR_UNDERFLOW, TRACE_QUICK, 4, END);
}

static void test_validate(void)
{
    static const uint8_t good[] = {C8, 1, IF_GOTO, 0, 7, C8, 2, END};
    CHECK_EQ_I64(ax_validate(good, sizeof good), AX_OK);
    /* Jump into the middle of const8's operand. */
    static const uint8_t mid[] = {C8, END, GOTO, 0, 1};
    CHECK_EQ_I64(ax_validate(mid, sizeof mid), AX_ERR_BAD_JUMP);
    static const uint8_t out[] = {GOTO, 0, 3};
    CHECK_EQ_I64(ax_validate(out, sizeof out), AX_ERR_BAD_JUMP);
    static const uint8_t trunc[] = {C32, 1, 2};
    CHECK_EQ_I64(ax_validate(trunc, sizeof trunc), AX_ERR_TRUNCATED);
    static const uint8_t unknown[] = {C8, 1, 0x31};
    CHECK_EQ_I64(ax_validate(unknown, sizeof unknown), AX_ERR_BAD_OPCODE);
    static const uint8_t fl[] = {FLOAT};
    CHECK_EQ_I64(ax_validate(fl, sizeof fl), AX_ERR_UNSUPPORTED);
    CHECK_EQ_I64(ax_validate(NULL, 0), AX_OK);
}

/* What gdb sends for `break f if x == 5` with x an int at rbp-4 (x86_64: rbp is reg 6). */
static void test_gdb_style_condition(void)
{
    fake.regs[6] = MEM_BASE + 0x20;
    int32_t x = 5;
    memcpy(fake.mem + 0x1c, &x, 4);
    /* reg 6; const8 0xfc; ext 8; add; ref32; ext 32; const8 5; equal; end */
#define COND REG, 0, 6, C8, 0xfc, EXT, 8, ADD, REF32, EXT, 32, C8, 5, EQUAL, END
    CHECK_AX(1, COND);
    x = -5;
    memcpy(fake.mem + 0x1c, &x, 4);
    CHECK_AX(0, COND);
#undef COND
}

static void test_error_strings(void)
{
    for (int st = AX_OK; st >= AX_ERR_TOO_LONG; st--) {
        const char *s = ax_error_string(st);
        CHECK(s != NULL && strcmp(s, "unknown error") != 0);
    }
    CHECK_STR(ax_error_string(1), "unknown error");
    CHECK_STR(ax_error_string(-1000), "unknown error");
}

CHECK_MAIN(T(test_constants_big_endian), T(test_arithmetic), T(test_division_by_zero),
           T(test_shifts), T(test_logic_and_compare), T(test_extend), T(test_memory_refs),
           T(test_registers), T(test_stack_ops), T(test_jumps), T(test_limits), T(test_bad_code),
           T(test_trace_ops), T(test_validate), T(test_gdb_style_condition), T(test_error_strings))
