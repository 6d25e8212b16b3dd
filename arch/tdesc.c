/* The target description writer behind every arch's target_xml (see tdesc.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tdesc.h"

void xml_put(struct xml_out *o, const char *fmt, ...)
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

void xml_put_flags(struct xml_out *o, const char *id, int size, const struct flag_bit *bits,
                   size_t n)
{
    xml_put(o, "<flags id=\"%s\" size=\"%d\">\n", id, size);
    for (size_t i = 0; i < n; i++)
        xml_put(o, "  <field name=\"%s\" start=\"%d\" end=\"%d\"/>\n", bits[i].name, bits[i].bit,
                bits[i].bit);
    xml_put(o, "</flags>\n");
}

const char *reg_generic_name(enum reg_generic g)
{
    static const char *const names[] = {
        [REG_GENERIC_PC] = "pc",     [REG_GENERIC_SP] = "sp",       [REG_GENERIC_FP] = "fp",
        [REG_GENERIC_RA] = "ra",     [REG_GENERIC_FLAGS] = "flags", [REG_GENERIC_ARG1] = "arg1",
        [REG_GENERIC_ARG2] = "arg2", [REG_GENERIC_ARG3] = "arg3",   [REG_GENERIC_ARG4] = "arg4",
        [REG_GENERIC_ARG5] = "arg5", [REG_GENERIC_ARG6] = "arg6",   [REG_GENERIC_TP] = "tp",
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
    xml_put(o, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"", r->name, r->bitsize,
            r->type, regnum);
    if (group_of(r, for_lldb))
        xml_put(o, " group=\"%s\"", group_of(r, for_lldb));
    /* lldb-only attributes below. */
    xml_put(o, " offset=\"%u\" encoding=\"%s\" format=\"%s\"", r->offset, r->encoding, r->format);
    if (r->dwarf >= 0)
        xml_put(o, " dwarf_regnum=\"%d\"", r->dwarf);
    if (r->ehframe >= 0)
        xml_put(o, " ehframe_regnum=\"%d\"", r->ehframe);
    const char *gen = reg_generic_name(r->generic);
    if (gen)
        xml_put(o, " generic=\"%s\"", gen);
    if (r->alt_name)
        xml_put(o, " altname=\"%s\"", r->alt_name);
    xml_put(o, "/>\n");
}

/* A sub-register for lldb: where its bytes are (container + offset), and which registers a
 * write to it changes (the container and all its views). */
static void put_part(struct xml_out *o, const struct tdesc_spec *sp, size_t idx)
{
    const struct reg_part *p = &sp->parts[idx];
    const struct reg_desc *c = &sp->regs[p->container];
    bool fp = p->is_float;
    char type[16];
    if (fp)
        snprintf(type, sizeof type, "%s", p->bitsize == 32 ? "ieee_single" : "ieee_double");
    else
        snprintf(type, sizeof type, "int%u", p->bitsize);
    xml_put(o, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"", p->name, p->bitsize,
            type, sp->nregs + idx);
    if (c->set)
        xml_put(o, " group=\"%s\"", c->set);
    xml_put(o, " offset=\"%u\" encoding=\"%s\" format=\"%s\" value_regnums=\"%d\"",
            c->offset + p->offset, fp ? "ieee754" : "uint", fp ? "float" : "hex", p->container);
    xml_put(o, " invalidate_regnums=\"%d", p->container);
    for (size_t i = 0; i < sp->nparts; i++)
        if (sp->parts[i].container == p->container)
            xml_put(o, ",%zu", sp->nregs + i);
    xml_put(o, "\"/>\n");
}

long tdesc_build(const struct tdesc_spec *sp, char *buf, size_t cap, bool for_lldb)
{
    struct xml_out o = {buf, cap, 0, cap == 0};
    xml_put(&o,
            "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
            "<target version=\"1.0\">\n<architecture>%s</architecture>\n"
            "<osabi>%s</osabi>\n",
            sp->architecture, sp->osabi);
    const char *open = NULL;
    for (size_t i = 0; i < sp->nregs; i++) {
        const struct reg_desc *r = &sp->regs[i];
        if (!open || strcmp(open, r->feature) != 0) {
            if (open)
                xml_put(&o, "</feature>\n");
            xml_put(&o, "<feature name=\"%s\">\n", r->feature);
            if (sp->feature_types)
                sp->feature_types(&o, r->feature);
            open = r->feature;
        }
        put_reg(&o, r, i, for_lldb);
    }
    if (open)
        xml_put(&o, "</feature>\n");
    if (for_lldb && sp->nparts) {
        xml_put(&o, "<feature name=\"%s\">\n", sp->parts_feature);
        for (size_t i = 0; i < sp->nparts; i++)
            put_part(&o, sp, i);
        xml_put(&o, "</feature>\n");
    }
    xml_put(&o, "</target>\n");
    if (o.overflow)
        return -1;
    return (long)o.len;
}
