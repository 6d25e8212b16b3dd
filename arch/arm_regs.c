/* The 32-bit arm register table: gdb's features org.gnu.gdb.arm.core (r0-r15, cpsr) and
 * org.gnu.gdb.arm.vfp (d0-d31, fpscr), numbered in that order, plus lldb's facts (DWARF numbers
 * of the ARM DWARF ABI: r0-r15 0-15, d0-d31 256-287) and its s0-s31 views; target.xml from it;
 * the breakpoint instructions. Pure data. */
#include <string.h>

#include "arm.h"
#include "tdesc.h"

#define F_CORE "org.gnu.gdb.arm.core"
#define F_VFP "org.gnu.gdb.arm.vfp"
#define SET_GPR "General Purpose Registers"
#define SET_FPR "Floating Point Registers"

#define R(i, ty, gen, alt)                                                                         \
    {                                                                                              \
        "r" #i, 32, 4 * (i), ARM_BANK_GPR, ty, NULL, F_CORE, "uint", "hex", SET_GPR, (i), (i),     \
            gen, alt                                                                               \
    }
#define RP(i) R(i, "uint32", REG_GENERIC_NONE, NULL)
#define D(i)                                                                                       \
    {                                                                                              \
        "d" #i, 64, 68 + 8 * (i), ARM_BANK_VFP, "ieee_double", "float", F_VFP, "ieee754", "float", \
            SET_FPR, 256 + (i), 256 + (i), REG_GENERIC_NONE, NULL                                  \
    }

const struct reg_desc arm_regs[ARM_NREGS] = {
    R(0, "uint32", REG_GENERIC_ARG1, NULL),
    R(1, "uint32", REG_GENERIC_ARG2, NULL),
    R(2, "uint32", REG_GENERIC_ARG3, NULL),
    R(3, "uint32", REG_GENERIC_ARG4, NULL),
    RP(4),
    RP(5),
    RP(6),
    RP(7),
    RP(8),
    RP(9),
    RP(10),
    R(11, "uint32", REG_GENERIC_FP, "fp"),
    RP(12),
    {"sp", 32, 52, ARM_BANK_GPR, "data_ptr", NULL, F_CORE, "uint", "hex", SET_GPR, 13, 13,
     REG_GENERIC_SP, "r13"},
    {"lr", 32, 56, ARM_BANK_GPR, "uint32", NULL, F_CORE, "uint", "hex", SET_GPR, 14, 14,
     REG_GENERIC_RA, "r14"},
    {"pc", 32, 60, ARM_BANK_GPR, "code_ptr", NULL, F_CORE, "uint", "hex", SET_GPR, 15, 15,
     REG_GENERIC_PC, "r15"},
    {"cpsr", 32, 64, ARM_BANK_GPR, "uint32", NULL, F_CORE, "uint", "hex", SET_GPR, -1, -1,
     REG_GENERIC_FLAGS, NULL},
    D(0),
    D(1),
    D(2),
    D(3),
    D(4),
    D(5),
    D(6),
    D(7),
    D(8),
    D(9),
    D(10),
    D(11),
    D(12),
    D(13),
    D(14),
    D(15),
    D(16),
    D(17),
    D(18),
    D(19),
    D(20),
    D(21),
    D(22),
    D(23),
    D(24),
    D(25),
    D(26),
    D(27),
    D(28),
    D(29),
    D(30),
    D(31),
    {"fpscr", 32, 324, ARM_BANK_VFP, "uint32", "float", F_VFP, "uint", "hex", SET_FPR, -1, -1,
     REG_GENERIC_NONE, NULL},
};

/* s(2i) is the low half of d(i), s(2i+1) the high half. */
#define S(i)                                                                                       \
    {                                                                                              \
        "s" #i, ARM_D0 + (i) / 2, 32, 4 * ((i) % 2), true                                          \
    }

const struct reg_part arm_parts[ARM_NPARTS] = {
    S(0),  S(1),  S(2),  S(3),  S(4),  S(5),  S(6),  S(7),  S(8),  S(9),  S(10),
    S(11), S(12), S(13), S(14), S(15), S(16), S(17), S(18), S(19), S(20), S(21),
    S(22), S(23), S(24), S(25), S(26), S(27), S(28), S(29), S(30), S(31),
};

long arm_tdesc_build(char *buf, size_t cap, bool for_lldb)
{
    const struct tdesc_spec spec = {
        .architecture = "arm",
        .osabi = "GNU/Linux",
        .regs = arm_regs,
        .nregs = ARM_NREGS,
        .parts = arm_parts,
        .nparts = ARM_NPARTS,
        .parts_feature = "org.lldb.arm.subregs",
        .feature_types = NULL,
    };
    return tdesc_build(&spec, buf, cap, for_lldb);
}

long arm_target_xml(char *buf, size_t cap, bool for_lldb)
{
    return arm_tdesc_build(buf, cap, for_lldb);
}

/* The undefined instructions Linux treats as breakpoints (arch/arm/kernel/ptrace.c and the
 * arm64 kernel's AArch32 handler): ARM 0xe7f001f0, Thumb 0xde01, Thumb-2 0xf7f0 0xa000. */
static const uint8_t trap_thumb[2] = {0x01, 0xde};
static const uint8_t trap_thumb2[4] = {0xf0, 0xf7, 0x00, 0xa0};
static const uint8_t trap_arm[4] = {0xf0, 0x01, 0xf0, 0xe7};

const uint8_t *arm_trap_for_kind(size_t kind, size_t *len)
{
    switch (kind) {
    case 2:
        *len = 2;
        return trap_thumb;
    case 3:
        *len = 4;
        return trap_thumb2;
    case 4:
        *len = 4;
        return trap_arm;
    default:
        return NULL;
    }
}
