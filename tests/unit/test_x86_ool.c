/* Unit tests for the x86_64 instruction length decoder and the out-of-line step-over planner,
 * on real instruction bytes (lengths as objdump gives them). */
#include "check.h"
#include "x86_64.h"
#include "x86_insn.h"

#include <string.h>

#define PC 0x401000ull
#define SLOT 0x400000ull

struct len_case {
    const char *what;
    uint8_t bytes[16];
    uint8_t len;
};

/* clang-format off */
static const struct len_case lengths[] = {
    {"push %rbp", {0x55}, 1},
    {"mov %rsp,%rbp", {0x48, 0x89, 0xe5}, 3},
    {"mov %edi,-0x14(%rbp)", {0x89, 0x7d, 0xec}, 3},
    {"mov 0x10(%rip),%rax", {0x48, 0x8b, 0x05, 0x10, 0, 0, 0}, 7},
    {"movl $1,0x10(%rip)", {0xc7, 0x05, 0x10, 0, 0, 0, 1, 0, 0, 0}, 10},
    {"je .+7", {0x74, 0x05}, 2},
    {"jne rel32", {0x0f, 0x85, 0, 1, 0, 0}, 6},
    {"call rel32", {0xe8, 0x10, 0, 0, 0}, 5},
    {"call *%rax", {0xff, 0xd0}, 2},
    {"call *0x8(%rsp)", {0xff, 0x54, 0x24, 0x08}, 4},
    {"call *0x1000(,%rax,8)", {0xff, 0x14, 0xc5, 0, 0x10, 0, 0}, 7},
    {"ret", {0xc3}, 1},
    {"ret $8", {0xc2, 8, 0}, 3},
    {"endbr64", {0xf3, 0x0f, 0x1e, 0xfa}, 4},
    {"movabs $imm64,%rax", {0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8}, 10},
    {"mov $imm32,%eax", {0xb8, 1, 2, 3, 4}, 5},
    {"nopw 0x0(%rax,%rax,1)", {0x66, 0x0f, 0x1f, 0x44, 0, 0}, 6},
    {"rep movsq", {0xf3, 0x48, 0xa5}, 3},
    {"test $1,%cl", {0xf6, 0xc1, 0x01}, 3},
    {"not %cl", {0xf6, 0xd1}, 2},
    {"test $imm32,%eax (f7)", {0xf7, 0xc0, 1, 0, 0, 0}, 6},
    {"test $imm16,%ax", {0x66, 0xf7, 0xc0, 1, 0}, 5},
    {"enter $0x10,$0", {0xc8, 0x10, 0, 0}, 4},
    {"movabs 0x...,%eax", {0xa1, 1, 2, 3, 4, 5, 6, 7, 8}, 9},
    {"fnstcw -0x4(%rsp)", {0xd9, 0x7c, 0x24, 0xfc}, 4},
    {"lock cmpxchg %ecx,(%rdx)", {0xf0, 0x0f, 0xb1, 0x0a}, 4},
    {"mov %fs:0x28,%rax", {0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0}, 9},
    {"pshufd $0x1b,%xmm0,%xmm1", {0x66, 0x0f, 0x70, 0xc8, 0x1b}, 5},
    {"pshufb %xmm1,%xmm0 (0f38)", {0x66, 0x0f, 0x38, 0x00, 0xc1}, 5},
    {"palignr $8,%xmm1,%xmm0 (0f3a)", {0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08}, 6},
    {"vmovdqa 0x10(%rip),%ymm0 (VEX2)", {0xc5, 0xfd, 0x6f, 0x05, 0x10, 0, 0, 0}, 8},
    {"vpalignr $8,%xmm1,%xmm0,%xmm0 (VEX3)", {0xc4, 0xe3, 0x79, 0x0f, 0xc1, 0x08}, 6},
    {"vzeroupper", {0xc5, 0xf8, 0x77}, 3},
    {"vmovdqu64 0x40(%rdi),%zmm1 (EVEX)", {0x62, 0xf1, 0xfe, 0x48, 0x6f, 0x4f, 0x01}, 7},
    {"TLS call: data16 data16 rex.W call", {0x66, 0x66, 0x48, 0xe8, 0, 0, 0, 0}, 8},
    {"shl $3,%rax", {0x48, 0xc1, 0xe0, 0x03}, 4},
    {"imul $0x64,%eax,%eax", {0x6b, 0xc0, 0x64}, 3},
    {"syscall", {0x0f, 0x05}, 2},
    {"int3", {0xcc}, 1},
};
/* clang-format on */

static void test_lengths(void)
{
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        struct x86_insn in;
        uint8_t buf[32];
        memset(buf, 0x90, sizeof buf); /* what follows must not change the answer */
        memcpy(buf, lengths[i].bytes, lengths[i].len);
        int rc = x86_insn_decode(buf, sizeof buf, &in);
        if (rc != 0 || in.len != lengths[i].len)
            CHECK_FAIL_AT("%s: rc %d len %u, want %u", lengths[i].what, rc, in.len, lengths[i].len);
        /* Cut one byte short, the same bytes are incomplete. */
        CHECK(x86_insn_decode(lengths[i].bytes, lengths[i].len - 1u, &in) == -1);
    }
}

static void test_not_decoded(void)
{
    static const uint8_t invalid[][4] = {
        {0x06},                   /* push %es: not in 64-bit mode */
        {0x66, 0xe9, 0xdd, 0x00}, /* jmp rel16: vendor-dependent */
        {0x0f, 0x0f, 0xc1, 0x00}, /* 3DNow! */
        {0xc4, 0xe8, 0x78, 0x00}, /* VEX map 8 (XOP-like) */
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        struct x86_insn in;
        CHECK(x86_insn_decode(invalid[i], 4, &in) == -1);
    }
}

static void test_rip_relative_fields(void)
{
    static const uint8_t movl[] = {0xc7, 0x05, 0x10, 0, 0, 0, 1, 0, 0, 0};
    struct x86_insn in;
    CHECK(x86_insn_decode(movl, sizeof movl, &in) == 0);
    CHECK(in.rip_rel);
    CHECK_EQ_U64(in.disp_off, 2);
    CHECK_EQ_U64(in.imm_off, 6);
    CHECK_EQ_U64(in.imm_len, 4);
}

static struct arch_ool_plan plan_of(const uint8_t *b, size_t n, uint64_t slot)
{
    struct arch_ool_plan p;
    uint8_t buf[32];
    memset(buf, 0x90, sizeof buf);
    memcpy(buf, b, n);
    x86_ool_plan(buf, sizeof buf, PC, slot, &p);
    return p;
}

/* jmp *0(%rip); .quad to */
static void check_jmp_abs(const uint8_t *code, uint64_t to)
{
    static const uint8_t head[6] = {0xff, 0x25, 0, 0, 0, 0};
    uint64_t got;
    memcpy(&got, code + 6, 8);
    CHECK(memcmp(code, head, 6) == 0);
    CHECK_EQ_U64(got, to);
}

static void test_plain_copy_jumps_back(void)
{
    static const uint8_t mov[] = {0x89, 0x7d, 0xec};
    struct arch_ool_plan p = plan_of(mov, sizeof mov, SLOT);
    CHECK(p.kind == ARCH_OOL_RUN);
    CHECK_EQ_U64(p.insn_len, 3);
    CHECK(memcmp(p.code, mov, 3) == 0);
    check_jmp_abs(p.code + 3, PC + 3);
    CHECK_EQ_U64(p.code_len, 3 + 14);
    CHECK_EQ_U64(p.nexits, 1);
    CHECK_EQ_U64(p.exit_off[0], 3);
    CHECK_EQ_U64(p.exit_to[0], PC + 3);
    /* ret and jmp *%rax go wherever they go: the copy is all that matters. */
    static const uint8_t ret[] = {0xc3}, jmp_rax[] = {0xff, 0xe0};
    CHECK(plan_of(ret, 1, SLOT).kind == ARCH_OOL_RUN);
    CHECK(plan_of(jmp_rax, 2, SLOT).kind == ARCH_OOL_RUN);
}

static void test_rip_relative_retargeted(void)
{
    /* movl $1,0x10(%rip): operand at PC+10+0x10, seen from the slot's copy. */
    static const uint8_t movl[] = {0xc7, 0x05, 0x10, 0, 0, 0, 1, 0, 0, 0};
    struct arch_ool_plan p = plan_of(movl, sizeof movl, SLOT);
    CHECK(p.kind == ARCH_OOL_RUN);
    int32_t disp;
    memcpy(&disp, p.code + 2, 4);
    CHECK_EQ_I64(disp, (int64_t)((PC + 10 + 0x10) - (SLOT + 10)));
    CHECK(p.code[6] == 1 && p.code[7] == 0); /* the immediate is untouched */
    check_jmp_abs(p.code + 10, PC + 10);
    /* lea -0x20(%rip),%rdi with the slot 3 GiB away: out of reach, refused. */
    static const uint8_t lea[] = {0x48, 0x8d, 0x3d, 0xe0, 0xff, 0xff, 0xff};
    p = plan_of(lea, sizeof lea, PC + (3ull << 30));
    CHECK(p.kind == ARCH_OOL_NONE);
    CHECK(p.why != NULL);
    /* VEX with a RIP-relative operand: vmovdqa 0x10(%rip),%ymm0. */
    static const uint8_t vmov[] = {0xc5, 0xfd, 0x6f, 0x05, 0x10, 0, 0, 0};
    p = plan_of(vmov, sizeof vmov, SLOT);
    CHECK(p.kind == ARCH_OOL_RUN);
    memcpy(&disp, p.code + 4, 4);
    CHECK_EQ_I64(disp, (int64_t)((PC + 8 + 0x10) - (SLOT + 8)));
}

static void test_conditional_branches_two_exits(void)
{
    static const uint8_t je[] = {0x74, 0x05};
    struct arch_ool_plan p = plan_of(je, sizeof je, SLOT);
    CHECK(p.kind == ARCH_OOL_RUN);
    CHECK(p.code[0] == 0x74 && p.code[1] == 14);
    CHECK_EQ_U64(p.nexits, 2);
    CHECK_EQ_U64(p.exit_off[0], 2);
    CHECK_EQ_U64(p.exit_to[0], PC + 2);
    CHECK_EQ_U64(p.exit_off[1], 16);
    CHECK_EQ_U64(p.exit_to[1], PC + 7);
    check_jmp_abs(p.code + 2, PC + 2);
    check_jmp_abs(p.code + 16, PC + 7);
    /* jne rel32 backwards becomes the short jne between the same two exits. */
    static const uint8_t jne[] = {0x0f, 0x85, 0x00, 0xff, 0xff, 0xff};
    p = plan_of(jne, sizeof jne, SLOT);
    CHECK(p.code[0] == 0x75 && p.code[1] == 14);
    CHECK_EQ_U64(p.exit_to[0], PC + 6);
    CHECK_EQ_U64(p.exit_to[1], PC + 6 - 0x100);
    /* jecxz keeps its address-size prefix (ECX, not RCX). */
    static const uint8_t jecxz[] = {0x67, 0xe3, 0x05};
    p = plan_of(jecxz, sizeof jecxz, SLOT);
    CHECK(p.code[0] == 0x67 && p.code[1] == 0xe3 && p.code[2] == 14);
    CHECK_EQ_U64(p.exit_off[0], 3);
    CHECK_EQ_U64(p.exit_to[1], PC + 8);
}

static void test_jumps_and_calls_emulated(void)
{
    static const uint8_t jmp[] = {0xeb, 0xfe}, call[] = {0xe8, 0x10, 0, 0, 0};
    struct arch_ool_plan p = plan_of(jmp, sizeof jmp, SLOT);
    CHECK(p.kind == ARCH_OOL_EMULATE);
    CHECK_EQ_U64(p.target, PC);
    CHECK(!p.push_return && !p.indirect && p.base_reg == -1 && p.index_reg == -1);
    p = plan_of(call, sizeof call, SLOT);
    CHECK(p.kind == ARCH_OOL_EMULATE);
    CHECK_EQ_U64(p.target, PC + 5 + 0x10);
    CHECK(p.push_return);
    CHECK_EQ_U64(p.return_addr, PC + 5);
    static const uint8_t tls_call[] = {0x66, 0x66, 0x48, 0xe8, 0x10, 0, 0, 0};
    p = plan_of(tls_call, sizeof tls_call, SLOT);
    CHECK(p.kind == ARCH_OOL_EMULATE);
    CHECK_EQ_U64(p.return_addr, PC + 8);
}

static void test_indirect_calls_emulated(void)
{
    static const uint8_t call_r11[] = {0x41, 0xff, 0xd3};
    struct arch_ool_plan p = plan_of(call_r11, sizeof call_r11, SLOT);
    CHECK(p.kind == ARCH_OOL_EMULATE && !p.indirect && p.push_return);
    CHECK_EQ_I64(p.base_reg, X86_R11);
    CHECK_EQ_U64(p.return_addr, PC + 3);
    static const uint8_t call_rip[] = {0xff, 0x15, 0x08, 0, 0, 0};
    p = plan_of(call_rip, sizeof call_rip, SLOT);
    CHECK(p.kind == ARCH_OOL_EMULATE && p.indirect && p.base_reg == -1);
    CHECK_EQ_U64(p.target, PC + 6 + 8);
    static const uint8_t call_rsp[] = {0xff, 0x54, 0x24, 0x08};
    p = plan_of(call_rsp, sizeof call_rsp, SLOT);
    CHECK(p.indirect && p.base_reg == X86_RSP && p.index_reg == -1);
    CHECK_EQ_U64(p.target, 8);
    static const uint8_t call_table[] = {0xff, 0x14, 0xc5, 0, 0x10, 0, 0};
    p = plan_of(call_table, sizeof call_table, SLOT);
    CHECK(p.indirect && p.base_reg == -1 && p.index_reg == X86_RAX && p.scale == 8);
    CHECK_EQ_U64(p.target, 0x1000);
    static const uint8_t call_r12_r9[] = {0x43, 0xff, 0x54, 0x8c, 0xf8}; /* -8(%r12,%r9,4) */
    p = plan_of(call_r12_r9, sizeof call_r12_r9, SLOT);
    CHECK(p.base_reg == X86_R12 && p.index_reg == X86_R9 && p.scale == 4);
    CHECK_EQ_U64(p.target, (uint64_t)-8);
    static const uint8_t call_fs[] = {0x64, 0xff, 0x14, 0x25, 0x10, 0, 0, 0};
    CHECK(plan_of(call_fs, sizeof call_fs, SLOT).kind == ARCH_OOL_NONE);
}

static void test_refused(void)
{
    static const struct {
        uint8_t b[4];
        uint8_t n;
    } refused[] = {
        {{0x0f, 0x05}, 2},          /* syscall */
        {{0xcc}, 1},                /* int3 */
        {{0xcd, 0x80}, 2},          /* int $0x80 */
        {{0x0f, 0x0b}, 2},          /* ud2 */
        {{0xf4}, 1},                /* hlt */
        {{0xff, 0x2c, 0x24}, 3},    /* ljmp *(%rsp) */
        {{0x67, 0x8b, 0x05, 0}, 4}, /* mov 0x0(%eip),%eax: truncated */
        {{0x06}, 1},                /* not an instruction */
        {{0x66, 0x74, 0x05}, 3},    /* je with 66 */
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct arch_ool_plan p = plan_of(refused[i].b, refused[i].n, SLOT);
        CHECK(p.kind == ARCH_OOL_NONE);
        CHECK(p.why != NULL);
    }
    static const uint8_t eip_rel[] = {0x67, 0x8b, 0x05, 0x10, 0, 0, 0};
    CHECK(plan_of(eip_rel, sizeof eip_rel, SLOT).kind == ARCH_OOL_NONE);
}

static void test_ops_table_has_it(void)
{
    CHECK(x86_64_ops(X86_PLAIN)->ool_plan == x86_ool_plan);
}

CHECK_MAIN(T(test_lengths), T(test_not_decoded), T(test_rip_relative_fields),
           T(test_plain_copy_jumps_back), T(test_rip_relative_retargeted),
           T(test_conditional_branches_two_exits), T(test_jumps_and_calls_emulated),
           T(test_indirect_calls_emulated), T(test_refused), T(test_ops_table_has_it))
