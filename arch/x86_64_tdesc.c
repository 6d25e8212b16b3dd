/* target.xml for x86_64 GNU/Linux, generated from the register table so the XML, the regnums
 * and the `g` packet layout can never disagree. gdb needs the feature names and the types the
 * i386 features define (eflags/mxcsr flags, the vec128 union); lldb additionally reads the
 * regnum/offset/encoding/format/dwarf/generic attributes, which gdb ignores. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "x86_64.h"

/* Appends to a fixed buffer; remembers overflow instead of checking at every call. */
struct xml_out {
    char *buf;
    size_t cap;
    size_t len;
    bool overflow;
};

static void put(struct xml_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct xml_out *o, const char *fmt, ...)
{
    if (o->overflow)
        return;
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->cap - o->len;
    int n = vsnprintf(o->buf + o->len, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room) {
        o->overflow = true;
        return;
    }
    o->len += (size_t)n;
}

struct flag_bit {
    const char *name;
    int bit;
};

static const struct flag_bit eflags_bits[] = {
    {"CF", 0},  {"PF", 2},   {"AF", 4},   {"ZF", 6},  {"SF", 7},  {"TF", 8},
    {"IF", 9},  {"DF", 10},  {"OF", 11},  {"NT", 14}, {"RF", 16}, {"VM", 17},
    {"AC", 18}, {"VIF", 19}, {"VIP", 20}, {"ID", 21},
};

static const struct flag_bit mxcsr_bits[] = {
    {"IE", 0}, {"DE", 1}, {"ZE", 2}, {"OE", 3},  {"UE", 4},  {"PE", 5},  {"DAZ", 6},
    {"IM", 7}, {"DM", 8}, {"ZM", 9}, {"OM", 10}, {"UM", 11}, {"PM", 12}, {"FZ", 15},
};

static void put_flags(struct xml_out *o, const char *id, const struct flag_bit *bits, size_t n)
{
    put(o, "<flags id=\"%s\" size=\"4\">\n", id);
    for (size_t i = 0; i < n; i++)
        put(o, "  <field name=\"%s\" start=\"%d\" end=\"%d\"/>\n", bits[i].name, bits[i].bit,
            bits[i].bit);
    put(o, "</flags>\n");
}

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
        put(o, "<vector id=\"%s\" type=\"%s\" count=\"%d\"/>\n", lanes[i].id, lanes[i].elem,
            lanes[i].count);
    put(o, "<union id=\"vec128\">\n");
    for (size_t i = 0; i < n; i++)
        put(o, "  <field name=\"%s\" type=\"%s\"/>\n", lanes[i].field, lanes[i].id);
    put(o, "  <field name=\"uint128\" type=\"uint128\"/>\n</union>\n");
}

/* Type definitions a feature must carry before its first <reg>. */
static void put_feature_types(struct xml_out *o, const char *feature)
{
    if (strcmp(feature, "org.gnu.gdb.i386.core") == 0) {
        put_flags(o, "i386_eflags", eflags_bits, sizeof(eflags_bits) / sizeof(eflags_bits[0]));
    } else if (strcmp(feature, "org.gnu.gdb.i386.sse") == 0) {
        put_vec128(o);
        put_flags(o, "i386_mxcsr", mxcsr_bits, sizeof(mxcsr_bits) / sizeof(mxcsr_bits[0]));
    }
}

static const char *generic_name(enum reg_generic g)
{
    static const char *const names[] = {
        [REG_GENERIC_PC] = "pc",       [REG_GENERIC_SP] = "sp",     [REG_GENERIC_FP] = "fp",
        [REG_GENERIC_FLAGS] = "flags", [REG_GENERIC_ARG1] = "arg1", [REG_GENERIC_ARG2] = "arg2",
        [REG_GENERIC_ARG3] = "arg3",   [REG_GENERIC_ARG4] = "arg4", [REG_GENERIC_ARG5] = "arg5",
        [REG_GENERIC_ARG6] = "arg6",
    };
    if ((size_t)g >= sizeof(names) / sizeof(names[0]))
        return NULL;
    return names[g];
}

/* lldb reads `group` as the register set it lists the register under ("General Purpose
 * Registers" ...); gdb as its reggroup ("float", "vector" ...). */
static const char *group_of(const struct reg_desc *r, bool for_lldb)
{
    return for_lldb ? r->set : r->group;
}

static void put_reg(struct xml_out *o, const struct reg_desc *r, size_t regnum, bool for_lldb)
{
    put(o, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"", r->name, r->bitsize,
        r->type, regnum);
    if (group_of(r, for_lldb))
        put(o, " group=\"%s\"", group_of(r, for_lldb));
    /* lldb-only attributes below. */
    put(o, " offset=\"%u\" encoding=\"%s\" format=\"%s\"", r->offset, r->encoding, r->format);
    if (r->dwarf >= 0)
        put(o, " dwarf_regnum=\"%d\"", r->dwarf);
    if (r->ehframe >= 0)
        put(o, " ehframe_regnum=\"%d\"", r->ehframe);
    const char *gen = generic_name(r->generic);
    if (gen)
        put(o, " generic=\"%s\"", gen);
    if (r->alt_name)
        put(o, " altname=\"%s\"", r->alt_name);
    put(o, "/>\n");
}

/* A sub-register for lldb: where its bytes are (container + offset), and which registers a
 * write to it changes (the container and all its views). */
static void put_part(struct xml_out *o, size_t idx, size_t nregs)
{
    const struct reg_part *p = &x86_64_parts[idx];
    const struct reg_desc *c = &x86_64_regs[p->container];
    put(o, "<reg name=\"%s\" bitsize=\"%u\" type=\"int%u\" regnum=\"%zu\"", p->name, p->bitsize,
        p->bitsize, nregs + idx);
    if (c->set)
        put(o, " group=\"%s\"", c->set);
    put(o, " offset=\"%u\" encoding=\"uint\" format=\"hex\" value_regnums=\"%d\"",
        c->offset + p->offset, p->container);
    put(o, " invalidate_regnums=\"%d", p->container);
    for (size_t i = 0; i < X86_NPARTS; i++)
        if (x86_64_parts[i].container == p->container)
            put(o, ",%zu", nregs + i);
    put(o, "\"/>\n");
}

long x86_64_tdesc_build(char *buf, size_t cap, size_t nregs, bool for_lldb)
{
    struct xml_out o = {buf, cap, 0, cap == 0};
    put(&o, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
            "<target version=\"1.0\">\n<architecture>i386:x86-64</architecture>\n"
            "<osabi>GNU/Linux</osabi>\n");
    const char *open = NULL;
    for (size_t i = 0; i < nregs && i < X86_NREGS_AVX; i++) {
        const struct reg_desc *r = &x86_64_regs[i];
        if (!open || strcmp(open, r->feature) != 0) {
            if (open)
                put(&o, "</feature>\n");
            put(&o, "<feature name=\"%s\">\n", r->feature);
            put_feature_types(&o, r->feature);
            open = r->feature;
        }
        put_reg(&o, r, i, for_lldb);
    }
    if (open)
        put(&o, "</feature>\n");
    if (for_lldb) {
        put(&o, "<feature name=\"org.lldb.x86_64.subregs\">\n");
        for (size_t i = 0; i < X86_NPARTS; i++)
            put_part(&o, i, nregs);
        put(&o, "</feature>\n");
    }
    put(&o, "</target>\n");
    if (o.overflow)
        return -1;
    return (long)o.len;
}
