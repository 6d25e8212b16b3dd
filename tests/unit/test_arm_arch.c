/* Unit tests for the pure parts of arch/arm: register layout and target description, the
 * breakpoint instructions per kind, and the debug-register planner (natural pieces, Thumb and
 * ARM breakpoints, slot limits). Run on any host. */
#include <errno.h>

#include "aarch64.h"
#include "arm.h"
#include "check.h"

static void test_register_layout(void)
{
    uint16_t off = 0;
    for (int i = 0; i < ARM_NREGS; i++) {
        CHECK_EQ_U64(arm_regs[i].offset, off);
        off = (uint16_t)(off + arm_regs[i].bitsize / 8);
    }
    CHECK_EQ_U64(off, ARM_BLOB_SIZE);
    CHECK_STR(arm_regs[ARM_PC].name, "pc");
    CHECK_STR(arm_regs[ARM_CPSR].name, "cpsr");
    CHECK_STR(arm_regs[ARM_D0 + 31].name, "d31");
    CHECK_STR(arm_regs[ARM_FPSCR].name, "fpscr");
    CHECK_STR(arm_parts[3].name, "s3");
    CHECK_EQ_I64(arm_parts[3].container, ARM_D0 + 1);
    CHECK_EQ_U64(arm_parts[3].offset, 4);
    char buf[16384];
    CHECK(arm_tdesc_build(buf, sizeof buf, false) > 0);
    CHECK(strstr(buf, "<architecture>arm</architecture>") != NULL);
    CHECK(strstr(buf, "<feature name=\"org.gnu.gdb.arm.vfp\">") != NULL);
    CHECK(strstr(buf, "<reg name=\"cpsr\" bitsize=\"32\" type=\"uint32\" regnum=\"16\"") != NULL);
    CHECK(strstr(buf, "name=\"s0\"") == NULL);
    CHECK(arm_tdesc_build(buf, sizeof buf, true) > 0);
    CHECK(strstr(buf, "<reg name=\"s31\" bitsize=\"32\" type=\"ieee_single\"") != NULL);
}

static void test_trap_kinds(void)
{
    size_t len = 0;
    const uint8_t *t = arm_trap_for_kind(2, &len);
    CHECK(t && len == 2 && t[0] == 0x01 && t[1] == 0xde);
    t = arm_trap_for_kind(3, &len);
    CHECK(t && len == 4 && t[0] == 0xf0 && t[1] == 0xf7 && t[2] == 0x00 && t[3] == 0xa0);
    t = arm_trap_for_kind(4, &len);
    CHECK(t && len == 4 && t[0] == 0xf0 && t[1] == 0x01 && t[2] == 0xf0 && t[3] == 0xe7);
    CHECK(arm_trap_for_kind(0, &len) == NULL);
    CHECK(arm_trap_for_kind(1, &len) == NULL);
}

static uint8_t bas(const struct hw_plan *p, int i)
{
    bool en;
    enum hw_kind kind;
    uint8_t b;
    a64_ctrl_decode((uint32_t)p->slot_ctrl[i], &en, &kind, &b);
    return b;
}

static void test_natural_pieces(void)
{
    struct hw_plan p;
    /* 3 bytes at an odd address: 1 + 2 (AArch32 takes no 3-byte run at offset 1). */
    const struct hw_point odd = {HW_WRITE, 0x20001, 3};
    CHECK_EQ_I64(arm_hw_plan_n(&odd, 1, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    CHECK_EQ_U64(p.slot_addr[0], 0x20001);
    CHECK_EQ_U64(bas(&p, 0), 0x02);
    CHECK_EQ_U64(p.slot_addr[1], 0x20002);
    CHECK_EQ_U64(bas(&p, 1), 0x0c);
    /* 8 aligned bytes: one register. */
    const struct hw_point dword = {HW_ACCESS, 0x20008, 8};
    CHECK_EQ_I64(arm_hw_plan_n(&dword, 1, 6, 4, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 1);
    CHECK_EQ_U64(bas(&p, 0), 0xff);
    /* A word in the second half of an 8-byte word. */
    const struct hw_point word = {HW_READ, 0x2000c, 4};
    CHECK_EQ_I64(arm_hw_plan_n(&word, 1, 6, 4, &p), 0);
    CHECK_EQ_U64(bas(&p, 0), 0xf0);
    /* Addresses past 32 bits do not exist here. */
    const struct hw_point high = {HW_WRITE, 0x100000000ull, 4};
    CHECK_EQ_I64(arm_hw_plan_n(&high, 1, 6, 4, &p), -EINVAL);
}

static void test_breakpoints_by_kind(void)
{
    struct hw_plan p;
    const struct hw_point thumb = {HW_EXEC, 0x10452, 2}, thumb2 = {HW_EXEC, 0x10456, 3},
                          arm = {HW_EXEC, 0x10454, 4}, arm_odd = {HW_EXEC, 0x10456, 4},
                          nokind = {HW_EXEC, 0x10450, 1};
    CHECK_EQ_I64(arm_hw_plan_n(&thumb, 1, 6, 4, &p), 0);
    CHECK_EQ_U64(bas(&p, 0), 0x0c);
    CHECK_EQ_I64(arm_hw_plan_n(&thumb2, 1, 6, 4, &p), 0);
    CHECK_EQ_U64(bas(&p, 0), 0xc0);
    CHECK_EQ_I64(arm_hw_plan_n(&arm, 1, 6, 4, &p), 0);
    CHECK_EQ_U64(bas(&p, 0), 0xf0);
    CHECK_EQ_U64(p.slot_ctrl[0] & 0x18, 0); /* type: execute */
    CHECK_EQ_I64(arm_hw_plan_n(&arm_odd, 1, 6, 4, &p), -EINVAL);
    CHECK_EQ_I64(arm_hw_plan_n(&nokind, 1, 6, 4, &p), -EINVAL);
    struct hw_point six[6];
    for (int i = 0; i < 6; i++)
        six[i] = (struct hw_point){HW_EXEC, 0x10000 + 4u * (unsigned)i, 4};
    CHECK_EQ_I64(arm_hw_plan_n(six, 6, 6, 4, &p), 0);
    CHECK_EQ_I64(arm_hw_plan_n(six, 6, 5, 4, &p), -ENOSPC); /* an armhf board's 5 */
}

CHECK_MAIN(T(test_register_layout), T(test_trap_kinds), T(test_natural_pieces),
           T(test_breakpoints_by_kind))
