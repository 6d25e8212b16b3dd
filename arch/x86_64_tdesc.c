/* target.xml for x86_64 GNU/Linux through the shared writer (tdesc.c): gdb needs the feature
 * names and the types the i386 features define (eflags/mxcsr flags, the vec128 union). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tdesc.h"
#include "x86_64.h"

static const struct flag_bit eflags_bits[] = {
    {"CF", 0},  {"PF", 2},   {"AF", 4},   {"ZF", 6},  {"SF", 7},  {"TF", 8},
    {"IF", 9},  {"DF", 10},  {"OF", 11},  {"NT", 14}, {"RF", 16}, {"VM", 17},
    {"AC", 18}, {"VIF", 19}, {"VIP", 20}, {"ID", 21},
};

static const struct flag_bit mxcsr_bits[] = {
    {"IE", 0}, {"DE", 1}, {"ZE", 2}, {"OE", 3},  {"UE", 4},  {"PE", 5},  {"DAZ", 6},
    {"IM", 7}, {"DM", 8}, {"ZM", 9}, {"OM", 10}, {"UM", 11}, {"PM", 12}, {"FZ", 15},
};

/* The vec128 union gdb shows for xmm registers: every lane interpretation of 128 bits. */
static void put_vec128(struct xml_out *o)
{
    static const struct {
        const char *id, *elem, *field;
        int count;
    } lanes[] = {
        {"v8bf16", "bfloat16", "v8_bfloat16", 8}, {"v8h", "ieee_half", "v8_half", 8},
        {"v4f", "ieee_single", "v4_float", 4},    {"v2d", "ieee_double", "v2_double", 2},
        {"v16i8", "int8", "v16_int8", 16},        {"v8i16", "int16", "v8_int16", 8},
        {"v4i32", "int32", "v4_int32", 4},        {"v2i64", "int64", "v2_int64", 2},
    };
    size_t n = sizeof(lanes) / sizeof(lanes[0]);
    for (size_t i = 0; i < n; i++)
        xml_put(o, "<vector id=\"%s\" type=\"%s\" count=\"%d\"/>\n", lanes[i].id, lanes[i].elem,
                lanes[i].count);
    xml_put(o, "<union id=\"vec128\">\n");
    for (size_t i = 0; i < n; i++)
        xml_put(o, "  <field name=\"%s\" type=\"%s\"/>\n", lanes[i].field, lanes[i].id);
    xml_put(o, "  <field name=\"uint128\" type=\"uint128\"/>\n</union>\n");
}

/* Type definitions a feature must carry before its first <reg>: gdb looks a register's type up
 * in its own feature only, so avx512 defines vec128 again (for xmm16-31) and the pair of
 * 128-bit lanes of a zmm upper half. */
static void put_feature_types(struct xml_out *o, const char *feature)
{
    if (strcmp(feature, "org.gnu.gdb.i386.core") == 0) {
        xml_put_flags(o, "i386_eflags", 4, eflags_bits,
                      sizeof(eflags_bits) / sizeof(eflags_bits[0]));
    } else if (strcmp(feature, "org.gnu.gdb.i386.sse") == 0) {
        put_vec128(o);
        xml_put_flags(o, "i386_mxcsr", 4, mxcsr_bits, sizeof(mxcsr_bits) / sizeof(mxcsr_bits[0]));
    } else if (strcmp(feature, "org.gnu.gdb.i386.avx512") == 0) {
        put_vec128(o);
        xml_put(o, "<vector id=\"v2ui128\" type=\"uint128\" count=\"2\"/>\n");
    }
}

long x86_64_tdesc_build(char *buf, size_t cap, size_t nregs, bool for_lldb)
{
    const struct tdesc_spec spec = {
        .architecture = "i386:x86-64",
        .osabi = "GNU/Linux",
        .regs = x86_64_regs,
        .nregs = nregs < X86_NREGS_AVX512 ? nregs : X86_NREGS_AVX512,
        .parts = x86_64_parts,
        .nparts = X86_NPARTS,
        .parts_feature = "org.lldb.x86_64.subregs",
        .feature_types = put_feature_types,
    };
    return tdesc_build(&spec, buf, cap, for_lldb);
}
