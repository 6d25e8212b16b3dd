/* Unit tests for proto/agent_printf and the printf opcode of proto/agent_expr (dprintf-style
 * agent): escapes as written in C source, conversions and their casts, %s read from the
 * program's memory, and every refusal. */
#include "agent_expr.h"
#include "agent_printf.h"
#include "check.h"

#define MEM_BASE 0x2000
static char mem[64] = "hello\0world";

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    (void)ctx;
    if (addr < MEM_BASE || addr - MEM_BASE + len > sizeof mem)
        return -1;
    memcpy(buf, mem + (addr - MEM_BASE), len);
    return 0;
}

static char printed[256];
static size_t printed_len;

static int print(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    memcpy(printed + printed_len, text, len);
    printed_len += len;
    printed[printed_len] = '\0';
    return 0;
}

static const struct ax_env env = {NULL, read_mem, NULL, print};

static const char *fmt1(const char *fmt, const uint64_t *args, size_t nargs, int *err)
{
    static char out[256];
    size_t n;
    *err = ax_format(fmt, strlen(fmt) + 1, args, nargs, &env, out, sizeof out, &n);
    return *err ? "" : out;
}

#define CHECK_FMT(expect, fmt, ...)                                                                \
    do {                                                                                           \
        const uint64_t a_[] = {0, __VA_ARGS__};                                                    \
        int e_;                                                                                    \
        const char *got_ = fmt1(fmt, a_ + 1, sizeof a_ / sizeof a_[0] - 1, &e_);                   \
        CHECK_EQ_I64(e_, AX_OK);                                                                   \
        CHECK_STR(got_, expect);                                                                   \
    } while (0)

#define CHECK_FMT_ERR(err, fmt, ...)                                                               \
    do {                                                                                           \
        const uint64_t a_[] = {0, __VA_ARGS__};                                                    \
        int e_;                                                                                    \
        fmt1(fmt, a_ + 1, sizeof a_ / sizeof a_[0] - 1, &e_);                                      \
        CHECK_EQ_I64(e_, err);                                                                     \
    } while (0)

static void test_escapes(void)
{
    CHECK_FMT("a\tb\n", "a\\tb\\n", 0);
    CHECK_FMT("q\"\\", "q\\\"\\\\", 0);
    CHECK_FMT("A!", "\\101\\x21", 0);
    CHECK_FMT("100%", "100%%", 0);
}

static void test_integers(void)
{
    CHECK_FMT("-1 4294967295", "%d %u", UINT64_MAX, UINT64_MAX);
    CHECK_FMT("-1 18446744073709551615", "%ld %llu", UINT64_MAX, UINT64_MAX);
    CHECK_FMT("-128 255 -1", "%hhd %hhu %hd", 0x180, 0x1ff, 0xffff);
    CHECK_FMT("ff 0XFF 0377", "%x %#X %#o", 255, 255, 255);
    CHECK_FMT("[   42] [42   ] [00042]", "[%5d] [%-5d] [%05d]", 42, 42, 42);
    CHECK_FMT("x=Z", "x=%c", 'Z');
    CHECK_FMT("0x1234", "%p", 0x1234);
    CHECK_FMT("arg=7 done", "arg=%d done", 7);
}

static void test_strings(void)
{
    CHECK_FMT("<hello> <wor>", "<%s> <%.3s>", MEM_BASE, MEM_BASE + 6);
    CHECK_FMT("[ hello]", "[%6s]", MEM_BASE);
    CHECK_FMT("(null)", "%s", 0);
    CHECK_FMT_ERR(AX_ERR_MEMORY, "%s", 0x10);
}

static void test_refusals(void)
{
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "%d %d", 1);
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "%f", 1);
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "%n", 1);
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "%*d", 1, 2);
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "%99999d", 1);
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "%ls", MEM_BASE);
    CHECK_FMT_ERR(AX_ERR_BAD_OPERAND, "trailing %", 1);
}

static void test_output_is_cut_not_overrun(void)
{
    char out[8];
    size_t n;
    const uint64_t args[] = {123456789};
    CHECK_EQ_I64(ax_format("%d%d", 5, args, 1, &env, out, sizeof out, &n), AX_ERR_BAD_OPERAND);
    CHECK_EQ_I64(ax_format("abc %d xyz", 11, args, 1, &env, out, sizeof out, &n), AX_OK);
    CHECK_STR(out, "abc 123");
    CHECK_EQ_U64(n, 7);
}

/* The opcode as gdb emits it for `dprintf LOC,"x=%d s=%s\n",x,s`: the arguments pushed last to
 * first, then function and channel, printf with its count and string, end. */
static void test_printf_opcode(void)
{
    static const uint8_t code[] = {0x23, 0x20, 0x00, 0x22, 0x07, 0x22, 0,   0x22, 0,
                                   0x34, 2,    0,    12,   'x',  '=',  '%', 'd',  ' ',
                                   's',  '=',  '%',  's',  '\\', 'n',  0,   0x27};
    uint64_t r = 99;
    printed_len = 0;
    CHECK_EQ_I64(ax_validate_commands(code, sizeof code), AX_OK);
    CHECK_EQ_I64(ax_validate(code, sizeof code), AX_ERR_UNSUPPORTED); /* not in a condition */
    CHECK_EQ_I64(ax_eval(code, sizeof code, &env, &r), AX_OK);
    CHECK_STR(printed, "x=7 s=hello\n");
    CHECK_EQ_U64(r, 99); /* nothing left on the stack: the result is untouched */
    const struct ax_env cond_env = {NULL, read_mem, NULL, NULL};
    CHECK_EQ_I64(ax_eval(code, sizeof code, &cond_env, &r), AX_ERR_UNSUPPORTED);
}

static void test_printf_opcode_refusals(void)
{
    uint64_t r;
    static const uint8_t no_nul[] = {0x22, 0, 0x22, 0, 0x34, 0, 0, 2, 'a', 'b', 0x27};
    static const uint8_t too_long[] = {0x22, 0, 0x22, 0, 0x34, 0, 0, 9, 'a', 0, 0x27};
    static const uint8_t empty[] = {0x22, 0, 0x22, 0, 0x34, 0, 0, 0, 0x27};
    static const uint8_t few_args[] = {0x22, 0, 0x22, 0, 0x34, 3, 0, 1, 0, 0x27};
    CHECK_EQ_I64(ax_validate_commands(no_nul, sizeof no_nul), AX_ERR_TRUNCATED);
    CHECK_EQ_I64(ax_validate_commands(too_long, sizeof too_long), AX_ERR_TRUNCATED);
    CHECK_EQ_I64(ax_validate_commands(empty, sizeof empty), AX_ERR_TRUNCATED);
    CHECK_EQ_I64(ax_eval(few_args, sizeof few_args, &env, &r), AX_ERR_UNDERFLOW);
}

CHECK_MAIN(T(test_escapes), T(test_integers), T(test_strings), T(test_refusals),
           T(test_output_is_cut_not_overrun), T(test_printf_opcode), T(test_printf_opcode_refusals))
