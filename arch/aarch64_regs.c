/* The aarch64 register table: names, sizes and `g` packet offsets as gdb 13 lays out the
 * features org.gnu.gdb.aarch64.{core,fpu,pauth}, plus the lldb facts (DWARF numbers from the
 * AArch64 DWARF ABI, generic roles, formats), and target.xml built from it. Pure data. */
#include "aarch64.h"
#include "tdesc.h"

#include <string.h>

#define F_CORE "org.gnu.gdb.aarch64.core"
#define F_FPU "org.gnu.gdb.aarch64.fpu"
#define F_PAUTH "org.gnu.gdb.aarch64.pauth"
#define SET_GPR "General Purpose Registers"
#define SET_FPR "Floating Point Registers"
#define SET_PAUTH "Pointer Authentication Registers"

#define OFF_CPSR 264
#define OFF_V 268
#define OFF_FPSR 780
#define OFF_PAUTH 788

#define X(i, gen, alt)                                                                             \
    {                                                                                              \
        "x" #i, 64, 8 * (i), A64_BANK_GPR, "int", NULL, F_CORE, "uint", "hex", SET_GPR, (i), (i),  \
            gen, alt                                                                               \
    }
#define XP(i) X(i, REG_GENERIC_NONE, NULL)
#define V(i)                                                                                       \
    {                                                                                              \
        "v" #i, 128, OFF_V + 16 * (i), A64_BANK_FPU, "aarch64v", NULL, F_FPU, "vector",            \
            "vector-uint8", SET_FPR, 64 + (i), 64 + (i), REG_GENERIC_NONE, NULL                    \
    }
#define FPCTL(nm, i)                                                                               \
    {                                                                                              \
        nm, 32, OFF_FPSR + 4 * (i), A64_BANK_FPU, "int", "float", F_FPU, "uint", "hex", SET_FPR,   \
            -1, -1, REG_GENERIC_NONE, NULL                                                         \
    }
#define PAUTH(nm, i)                                                                               \
    {                                                                                              \
        nm, 64, OFF_PAUTH + 8 * (i), A64_BANK_PAUTH, "int", NULL, F_PAUTH, "uint", "hex",          \
            SET_PAUTH, -1, -1, REG_GENERIC_NONE, NULL                                              \
    }

const struct reg_desc a64_regs[A64_NREGS_PAUTH] = {
    X(0, REG_GENERIC_ARG1, NULL),
    X(1, REG_GENERIC_ARG2, NULL),
    X(2, REG_GENERIC_ARG3, NULL),
    X(3, REG_GENERIC_ARG4, NULL),
    X(4, REG_GENERIC_ARG5, NULL),
    X(5, REG_GENERIC_ARG6, NULL),
    XP(6),
    XP(7),
    XP(8),
    XP(9),
    XP(10),
    XP(11),
    XP(12),
    XP(13),
    XP(14),
    XP(15),
    XP(16),
    XP(17),
    XP(18),
    XP(19),
    XP(20),
    XP(21),
    XP(22),
    XP(23),
    XP(24),
    XP(25),
    XP(26),
    XP(27),
    XP(28),
    X(29, REG_GENERIC_FP, "fp"),
    X(30, REG_GENERIC_RA, "lr"),
    {"sp", 64, 248, A64_BANK_GPR, "data_ptr", NULL, F_CORE, "uint", "hex", SET_GPR, 31, 31,
     REG_GENERIC_SP, NULL},
    {"pc", 64, 256, A64_BANK_GPR, "code_ptr", NULL, F_CORE, "uint", "hex", SET_GPR, 32, 32,
     REG_GENERIC_PC, NULL},
    {"cpsr", 32, OFF_CPSR, A64_BANK_GPR, "cpsr_flags", NULL, F_CORE, "uint", "hex", SET_GPR, -1, -1,
     REG_GENERIC_FLAGS, NULL},
    V(0),
    V(1),
    V(2),
    V(3),
    V(4),
    V(5),
    V(6),
    V(7),
    V(8),
    V(9),
    V(10),
    V(11),
    V(12),
    V(13),
    V(14),
    V(15),
    V(16),
    V(17),
    V(18),
    V(19),
    V(20),
    V(21),
    V(22),
    V(23),
    V(24),
    V(25),
    V(26),
    V(27),
    V(28),
    V(29),
    V(30),
    V(31),
    FPCTL("fpsr", 0),
    FPCTL("fpcr", 1),
    PAUTH("pauth_dmask", 0),
    PAUTH("pauth_cmask", 1),
};

#define W(i)                                                                                       \
    {                                                                                              \
        "w" #i, A64_X0 + (i), 32, 0, false                                                         \
    }
#define S(i)                                                                                       \
    {                                                                                              \
        "s" #i, A64_V0 + (i), 32, 0, true                                                          \
    }
#define D(i)                                                                                       \
    {                                                                                              \
        "d" #i, A64_V0 + (i), 64, 0, true                                                          \
    }
const struct reg_part a64_parts[A64_NPARTS] = {
    W(0),  W(1),  W(2),  W(3),  W(4),  W(5),  W(6),  W(7),  W(8),  W(9),  W(10), W(11),
    W(12), W(13), W(14), W(15), W(16), W(17), W(18), W(19), W(20), W(21), W(22), W(23),
    W(24), W(25), W(26), W(27), W(28), W(29), W(30), S(0),  S(1),  S(2),  S(3),  S(4),
    S(5),  S(6),  S(7),  S(8),  S(9),  S(10), S(11), S(12), S(13), S(14), S(15), S(16),
    S(17), S(18), S(19), S(20), S(21), S(22), S(23), S(24), S(25), S(26), S(27), S(28),
    S(29), S(30), S(31), D(0),  D(1),  D(2),  D(3),  D(4),  D(5),  D(6),  D(7),  D(8),
    D(9),  D(10), D(11), D(12), D(13), D(14), D(15), D(16), D(17), D(18), D(19), D(20),
    D(21), D(22), D(23), D(24), D(25), D(26), D(27), D(28), D(29), D(30), D(31),
};

static const struct flag_bit cpsr_bits[] = {
    {"SP", 0},   {"nRW", 4},  {"F", 6},  {"I", 7},  {"A", 8},  {"D", 9},  {"SS", 21},
    {"PAN", 22}, {"UAO", 23}, {"V", 28}, {"C", 29}, {"Z", 30}, {"N", 31},
};

/* The lane views of a v register gdb offers ($v0.d.f[1], $v0.b.u[3] ...). */
static void put_aarch64v(struct xml_out *o)
{
    static const struct {
        const char *id, *elem;
        int count;
    } vecs[] = {
        {"v2d", "ieee_double", 2}, {"v2u", "uint64", 2}, {"v2i", "int64", 2},
        {"v4f", "ieee_single", 4}, {"v4u", "uint32", 4}, {"v4i", "int32", 4},
        {"v8f", "ieee_half", 8},   {"v8u", "uint16", 8}, {"v8i", "int16", 8},
        {"v16u", "uint8", 16},     {"v16i", "int8", 16}, {"v1u", "uint128", 1},
        {"v1i", "int128", 1},
    };
    static const struct {
        const char *id, *f[3][2];
    } unions[] = {
        {"vnd", {{"f", "v2d"}, {"u", "v2u"}, {"s", "v2i"}}},
        {"vns", {{"f", "v4f"}, {"u", "v4u"}, {"s", "v4i"}}},
        {"vnh", {{"f", "v8f"}, {"u", "v8u"}, {"s", "v8i"}}},
        {"vnb", {{"u", "v16u"}, {"s", "v16i"}, {NULL, NULL}}},
        {"vnq", {{"u", "v1u"}, {"s", "v1i"}, {NULL, NULL}}},
    };
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        xml_put(o, "<vector id=\"%s\" type=\"%s\" count=\"%d\"/>\n", vecs[i].id, vecs[i].elem,
                vecs[i].count);
    for (size_t i = 0; i < sizeof unions / sizeof unions[0]; i++) {
        xml_put(o, "<union id=\"%s\">\n", unions[i].id);
        for (int f = 0; f < 3 && unions[i].f[f][0]; f++)
            xml_put(o, "  <field name=\"%s\" type=\"%s\"/>\n", unions[i].f[f][0],
                    unions[i].f[f][1]);
        xml_put(o, "</union>\n");
    }
    xml_put(o,
            "<union id=\"aarch64v\">\n  <field name=\"d\" type=\"vnd\"/>\n"
            "  <field name=\"s\" type=\"vns\"/>\n  <field name=\"h\" type=\"vnh\"/>\n"
            "  <field name=\"b\" type=\"vnb\"/>\n  <field name=\"q\" type=\"vnq\"/>\n</union>\n");
}

static void put_feature_types(struct xml_out *o, const char *feature)
{
    if (strcmp(feature, F_CORE) == 0)
        xml_put_flags(o, "cpsr_flags", 4, cpsr_bits, sizeof cpsr_bits / sizeof cpsr_bits[0]);
    else if (strcmp(feature, F_FPU) == 0)
        put_aarch64v(o);
}

long a64_tdesc_build(char *buf, size_t cap, size_t nregs, bool for_lldb)
{
    const struct tdesc_spec spec = {
        .architecture = "aarch64",
        .osabi = "GNU/Linux",
        .regs = a64_regs,
        .nregs = nregs < A64_NREGS_PAUTH ? nregs : A64_NREGS_PAUTH,
        .parts = a64_parts,
        .nparts = A64_NPARTS,
        .parts_feature = "org.lldb.aarch64.subregs",
        .feature_types = put_feature_types,
    };
    return tdesc_build(&spec, buf, cap, for_lldb);
}
