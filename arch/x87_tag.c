/* x87 tag word conversions between the FXSAVE abridged form the kernel hands out and the full
 * 16-bit form debuggers display (and gdb sends back on writes). Pure functions. */
#include <string.h>

#include "x86_64.h"

enum x87_tag { TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3 };

/* Classify one 80-bit register the way the FPU itself would tag it (Intel SDM, FSTENV). */
static enum x87_tag classify(const uint8_t *reg80)
{
    uint64_t mantissa;
    memcpy(&mantissa, reg80, 8); /* little-endian host: bytes 0..7 are the significand */
    unsigned exponent = ((unsigned)reg80[8] | (unsigned)reg80[9] << 8) & 0x7fff;
    bool integer_bit = (mantissa >> 63) != 0;

    if (exponent == 0x7fff)
        return TAG_SPECIAL; /* infinity / NaN */
    if (exponent == 0)
        return mantissa == 0 ? TAG_ZERO : TAG_SPECIAL; /* zero / denormal */
    return integer_bit ? TAG_VALID : TAG_SPECIAL;      /* normal / unnormal */
}

uint16_t x87_full_tag(uint8_t abridged, uint16_t fstat, const uint8_t st_space[128])
{
    /* Tags are indexed by physical register; st_space by stack position. ST(i) is physical
     * register (TOP + i) mod 8, so physical p is ST((p - TOP) mod 8). */
    unsigned top = (fstat >> 11) & 7;
    uint16_t full = 0;
    for (unsigned phys = 0; phys < 8; phys++) {
        enum x87_tag tag = TAG_EMPTY;
        if (abridged & (1u << phys))
            tag = classify(st_space + 16 * ((phys - top) & 7));
        full |= (uint16_t)(tag << (2 * phys));
    }
    return full;
}

uint8_t x87_abridged_tag(uint16_t full)
{
    uint8_t abridged = 0;
    for (unsigned phys = 0; phys < 8; phys++)
        if (((full >> (2 * phys)) & 3) != TAG_EMPTY)
            abridged |= (uint8_t)(1u << phys);
    return abridged;
}
