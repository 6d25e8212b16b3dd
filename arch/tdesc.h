/* target.xml from a register table: shared by every arch so the XML, the regnums and the `g`
 * packet layout can never disagree. The arch supplies the names and the type definitions its
 * features need; lldb additionally reads the regnum/offset/encoding/format/dwarf/generic
 * attributes (gdb ignores them) and the sub-registers (parts). */
#ifndef ZSTUB_TDESC_H
#define ZSTUB_TDESC_H

#include "arch.h"

/* Appends to a fixed buffer; remembers overflow instead of checking at every call. */
struct xml_out {
    char *buf;
    size_t cap;
    size_t len;
    bool overflow;
};

void xml_put(struct xml_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct flag_bit {
    const char *name;
    int bit;
};
void xml_put_flags(struct xml_out *o, const char *id, int size, const struct flag_bit *bits,
                   size_t n);

struct tdesc_spec {
    const char *architecture; /* <architecture> */
    const char *osabi;
    const struct reg_desc *regs;
    size_t nregs;
    const struct reg_part *parts; /* lldb only, numbered from nregs */
    size_t nparts;
    const char *parts_feature; /* feature name holding the parts */
    /* Type definitions a feature must carry before its first <reg> (may be NULL). */
    void (*feature_types)(struct xml_out *o, const char *feature);
};

long tdesc_build(const struct tdesc_spec *spec, char *buf, size_t cap, bool for_lldb);

#endif
