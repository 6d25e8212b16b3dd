/* Unit tests for the pure parts of arch/aarch64: the register table's layout, the control-word
 * encoding, byte-address-select masks, splitting regions over aligned words, slot limits, and
 * mapping a trap's address back to a slot. Run on any host. */
#include <errno.h>
#include <stdlib.h>

#include "aarch64.h"
#include "check.h"

static void test_register_layout(void)
{
    uint16_t off = 0;
    for (int i = 0; i < A64_NREGS_PAUTH; i++) {
        CHECK_EQ_U64(a64_regs[i].offset, off);
        off = (uint16_t)(off + a64_regs[i].bitsize / 8);
        if (i == A64_NREGS_BASE - 1)
            CHECK_EQ_U64(off, A64_BLOB_SIZE_BASE);
    }
    CHECK_EQ_U64(off, A64_BLOB_SIZE_PAUTH);
    CHECK_STR(a64_regs[A64_PC].name, "pc");
    CHECK_STR(a64_regs[A64_CPSR].name, "cpsr");
    CHECK_STR(a64_regs[A64_V0 + 31].name, "v31");
    CHECK_STR(a64_regs[A64_FPCR].name, "fpcr");
    CHECK_STR(a64_regs[A64_PAUTH_CMASK].name, "pauth_cmask");
    CHECK_STR(a64_parts[30].name, "w30");
    CHECK_STR(a64_parts[31 + 32 + 31].name, "d31");
    CHECK_EQ_I64(a64_parts[31 + 5].container, A64_V0 + 5);
}

static void test_target_xml(void)
{
    char buf[32768];
    long n = a64_tdesc_build(buf, sizeof buf, A64_NREGS_BASE, false);
    CHECK(n > 0);
    CHECK(strstr(buf, "<architecture>aarch64</architecture>") != NULL);
    CHECK(strstr(buf, "<feature name=\"org.gnu.gdb.aarch64.fpu\">") != NULL);
    CHECK(strstr(buf, "<union id=\"aarch64v\">") != NULL);
    CHECK(strstr(buf, "pauth") == NULL);
    CHECK(strstr(buf, "name=\"w0\"") == NULL); /* the views are lldb's only */
    n = a64_tdesc_build(buf, sizeof buf, A64_NREGS_PAUTH, true);
    CHECK(n > 0);
    CHECK(strstr(buf, "<reg name=\"pauth_dmask\" bitsize=\"64\"") != NULL);
    CHECK(strstr(buf, "<reg name=\"d3\" bitsize=\"64\" type=\"ieee_double\"") != NULL);
    CHECK(strstr(buf, "altname=\"lr\"") != NULL);
    CHECK_EQ_I64(a64_tdesc_build(buf, 100, A64_NREGS_BASE, false), -1);
}

static void test_ctrl_encoding(void)
{
    /* enable | EL0 (2 << 1) | type << 3 | BAS << 5 */
    CHECK_EQ_U64(a64_ctrl_encode(HW_EXEC, 0xf), 0x1e5);
    CHECK_EQ_U64(a64_ctrl_encode(HW_READ, 0xff), 0x1fed);
    CHECK_EQ_U64(a64_ctrl_encode(HW_WRITE, 0x0f), 0x1f5);
    CHECK_EQ_U64(a64_ctrl_encode(HW_ACCESS, 0x0e), 0x1dd);
    static const enum hw_kind kinds[] = {HW_EXEC, HW_READ, HW_WRITE, HW_ACCESS};
    for (size_t k = 0; k < 4; k++)
        for (unsigned bas = 1; bas < 256; bas += 37) {
            bool en;
            enum hw_kind kind;
            uint8_t b;
            a64_ctrl_decode(a64_ctrl_encode(kinds[k], (uint8_t)bas), &en, &kind, &b);
            CHECK(en);
            CHECK_EQ_I64(kind, kinds[k]);
            CHECK_EQ_U64(b, bas);
        }
}

static void test_bas_masks(void)
{
    CHECK_EQ_U64(a64_bas_mask(0x1000, 8), 0xff);
    CHECK_EQ_U64(a64_bas_mask(0x1000, 4), 0x0f);
    CHECK_EQ_U64(a64_bas_mask(0x1004, 4), 0xf0);
    CHECK_EQ_U64(a64_bas_mask(0x1003, 3), 0x38);
    CHECK_EQ_U64(a64_bas_mask(0x1007, 1), 0x80);
    CHECK_EQ_U64(a64_bas_mask(0x1007, 2), 0); /* crosses the word: the planner splits first */
    CHECK_EQ_U64(a64_bas_mask(0x1000, 0), 0);
}

static uint8_t slot_bas(const struct hw_plan *p, int i)
{
    bool en;
    enum hw_kind kind;
    uint8_t bas;
    a64_ctrl_decode((uint32_t)p->slot_ctrl[i], &en, &kind, &bas);
    return bas;
}

static void test_region_splitting(void)
{
    struct hw_plan p;
    /* 3 bytes at an odd address inside one word: one slot, contiguous BAS. */
    const struct hw_point odd = {HW_WRITE, 0x20003, 3};
    CHECK_EQ_I64(a64_hw_plan_n(&odd, 1, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 1);
    CHECK_EQ_U64(p.slot_addr[0], 0x20003);
    CHECK_EQ_U64(slot_bas(&p, 0), 0x38);
    /* 3 bytes across a word boundary: two pieces. */
    const struct hw_point across = {HW_ACCESS, 0x20007, 3};
    CHECK_EQ_I64(a64_hw_plan_n(&across, 1, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    CHECK_EQ_U64(p.slot_addr[0], 0x20007);
    CHECK_EQ_U64(slot_bas(&p, 0), 0x80);
    CHECK_EQ_U64(p.slot_addr[1], 0x20008);
    CHECK_EQ_U64(slot_bas(&p, 1), 0x03);
    CHECK_EQ_I64(p.slot_owner[1], 0);
    /* 20 bytes from 0x...04: 4 + 8 + 8, the last word full. */
    const struct hw_point longer = {HW_READ, 0x30004, 20};
    CHECK_EQ_I64(a64_hw_plan_n(&longer, 1, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 3);
    CHECK_EQ_U64(slot_bas(&p, 0), 0xf0);
    CHECK_EQ_U64(slot_bas(&p, 1), 0xff);
    CHECK_EQ_U64(slot_bas(&p, 2), 0xff);
    CHECK_EQ_U64(p.slot_len[2], 8);
    /* 40 bytes need 5 words: more than 4 watchpoint registers. */
    const struct hw_point too_long = {HW_WRITE, 0x40000, 40};
    CHECK_EQ_I64(a64_hw_plan_n(&too_long, 1, 6, 4, &p), -ENOSPC);
    CHECK_EQ_I64(p.nslots_used, 0);
}

static void test_slot_limits_and_sharing(void)
{
    struct hw_point want[8];
    for (int i = 0; i < 8; i++)
        want[i] = (struct hw_point){HW_WRITE, 0x50000 + 8u * (unsigned)i, 4};
    struct hw_plan p;
    CHECK_EQ_I64(a64_hw_plan_n(want, 4, 6, 4, &p), 0);
    CHECK_EQ_I64(a64_hw_plan_n(want, 5, 6, 4, &p), -ENOSPC); /* the 5th watchpoint */
    /* Breakpoints use the other registers: 4 watchpoints + 6 breakpoints fit. */
    struct hw_point mixed[10];
    memcpy(mixed, want, 4 * sizeof want[0]);
    for (int i = 0; i < 6; i++)
        mixed[4 + i] = (struct hw_point){HW_EXEC, 0x400000 + 4u * (unsigned)i, 1};
    CHECK_EQ_I64(a64_hw_plan_n(mixed, 10, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 10);
    CHECK_EQ_U64(p.slot_ctrl[8], 0x1e5);  /* 0x400010: the word's first half */
    CHECK_EQ_U64(p.slot_ctrl[9], 0x1e05); /* 0x400014: its second half, BAS 0xf0 */
    CHECK_EQ_I64(a64_hw_plan_n(mixed, 10, 5, 4, &p), -ENOSPC); /* armhf-like 5 BRPs */
    /* Identical pieces share; the same bytes watched for another kind do not. */
    const struct hw_point same[3] = {
        {HW_WRITE, 0x60000, 4}, {HW_WRITE, 0x60000, 4}, {HW_READ, 0x60000, 4}};
    CHECK_EQ_I64(a64_hw_plan_n(same, 3, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    CHECK_EQ_I64(p.slot_owner[1], 2);
    /* No registers known (not probed): nothing fits. */
    CHECK_EQ_I64(a64_hw_plan_n(same, 1, 0, 0, &p), -ENOSPC);
}

static void test_invalid(void)
{
    struct hw_plan p;
    const struct hw_point bad[] = {
        {HW_EXEC, 0x400002, 1}, /* not an A64 instruction address */
        {HW_WRITE, 0x1000, 0},
        {HW_WRITE, UINT64_MAX, 2},
        {(enum hw_kind)9, 0x1000, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_I64(a64_hw_plan_n(&bad[i], 1, 6, 4, &p), -EINVAL);
}

static void test_trap_address_to_slot(void)
{
    const struct hw_point want[3] = {
        {HW_EXEC, 0x400100, 1}, {HW_WRITE, 0x70004, 4}, {HW_READ, 0x70013, 3}};
    struct hw_plan p;
    CHECK_EQ_I64(a64_hw_plan_n(want, 3, 6, 4, &p), 0);
    CHECK_EQ_I64(a64_hw_match(&p, 0x400100), 0);
    CHECK_EQ_I64(a64_hw_match(&p, 0x70004), 1);
    CHECK_EQ_I64(a64_hw_match(&p, 0x70007), 1);
    CHECK_EQ_I64(a64_hw_match(&p, 0x70000), 1); /* an stp from the word's start */
    CHECK_EQ_I64(a64_hw_match(&p, 0x70014), 2);
    CHECK_EQ_I64(a64_hw_match(&p, 0x70010), 2); /* nearer the read watchpoint */
    struct hw_plan none = {0};
    CHECK_EQ_I64(a64_hw_match(&none, 0x70004), -1);
}

CHECK_MAIN(T(test_register_layout), T(test_target_xml), T(test_ctrl_encoding), T(test_bas_masks),
           T(test_region_splitting), T(test_slot_limits_and_sharing), T(test_invalid),
           T(test_trap_address_to_slot))
