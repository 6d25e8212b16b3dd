/* The XSAVE-area side of the x86_64 register banks, pure (no ptrace): where each component is,
 * from CPUID leaf 0xD values the caller supplies, and which registers of the blob live where in
 * it. The offsets are read from CPUID rather than written down because the standard format only
 * fixes the legacy area and the header; the components after them are placed by the CPU. */
#include <errno.h>
#include <string.h>

#include "x86_64.h"

/* A run of registers (regnum .. regnum+count-1) stored in one component at comp_off, stride
 * bytes apart, len bytes each (the register's own size). */
struct xsave_piece {
    uint8_t bank;
    uint8_t comp;
    int regnum;
    uint8_t count;
    uint16_t comp_off;
    uint16_t stride;
};

enum { COMP_AVX = 2, COMP_OPMASK = 5, COMP_ZMM_HI256 = 6, COMP_HI16_ZMM = 7 };

static const struct xsave_piece pieces[] = {
    /* AVX: bits 128-255 of ymm0..15. */
    {X86_BANK_AVX, COMP_AVX, X86_YMM0H, 16, 0, 16},
    /* Opmask: k0..k7, 8 bytes each. */
    {X86_BANK_AVX512, COMP_OPMASK, X86_K0, 8, 0, 8},
    /* ZMM_Hi256: bits 256-511 of zmm0..15. */
    {X86_BANK_AVX512, COMP_ZMM_HI256, X86_ZMM0H, 16, 0, 32},
    /* Hi16_ZMM: the whole of zmm16..31, 64 bytes each, which gdb sees in three registers. */
    {X86_BANK_AVX512, COMP_HI16_ZMM, X86_XMM16, 16, 0, 64},
    {X86_BANK_AVX512, COMP_HI16_ZMM, X86_YMM16H, 16, 16, 64},
    {X86_BANK_AVX512, COMP_HI16_ZMM, X86_ZMM0H + 16, 16, 32, 64},
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

int x86_xsave_layout_from_cpuid(const struct x86_cpuid_leaf leaf[X86_XSAVE_NCOMP], uint64_t mask,
                                struct x86_xsave_layout *l)
{
    memset(l, 0, sizeof *l);
    l->size = leaf[0].ecx;
    if (l->size < X86_XSAVE_LEGACY)
        return -EINVAL;
    for (int c = 2; c < X86_XSAVE_NCOMP; c++) {
        if (!(mask & (1ull << c)))
            continue;
        uint32_t off = leaf[c].ebx, bytes = leaf[c].eax;
        if (off < X86_XSAVE_LEGACY || bytes == 0 || bytes > l->size || off > l->size - bytes)
            return -EINVAL;
        l->off[c] = off;
        l->bytes[c] = bytes;
    }
    return 0;
}

uint64_t x86_xsave_bank_components(int bank)
{
    uint64_t comps = 0;
    for (size_t i = 0; i < NPIECES; i++)
        if (pieces[i].bank == bank)
            comps |= 1ull << pieces[i].comp;
    return comps;
}

/* Does every piece of the bank fit in its component, and the component in the area? */
static bool bank_fits(const struct x86_xsave_layout *l, int bank, size_t len)
{
    bool any = false;
    for (size_t i = 0; i < NPIECES; i++) {
        const struct xsave_piece *p = &pieces[i];
        if (p->bank != bank)
            continue;
        any = true;
        size_t reg_len = x86_64_regs[p->regnum].bitsize / 8u;
        size_t end = p->comp_off + (size_t)p->stride * (p->count - 1u) + reg_len;
        if (l->off[p->comp] == 0 || end > l->bytes[p->comp] || l->off[p->comp] + end > len)
            return false;
    }
    return any;
}

static uint64_t xstate_bv(const uint8_t *xsave)
{
    uint64_t bv;
    memcpy(&bv, xsave + X86_XSAVE_HEADER, 8);
    return bv;
}

int x86_xsave_to_blob(const struct x86_xsave_layout *l, int bank, const uint8_t *xsave, size_t len,
                      uint8_t *blob)
{
    if (len < X86_XSAVE_LEGACY || !bank_fits(l, bank, len))
        return -EIO;
    uint64_t bv = xstate_bv(xsave);
    for (size_t i = 0; i < NPIECES; i++) {
        const struct xsave_piece *p = &pieces[i];
        if (p->bank != bank)
            continue;
        bool in_use = bv & (1ull << p->comp); /* the init state of these components is zero */
        for (int k = 0; k < p->count; k++) {
            const struct reg_desc *r = &x86_64_regs[p->regnum + k];
            const uint8_t *src = xsave + l->off[p->comp] + p->comp_off + (size_t)p->stride * k;
            if (in_use)
                memcpy(blob + r->offset, src, r->bitsize / 8u);
            else
                memset(blob + r->offset, 0, r->bitsize / 8u);
        }
    }
    return 0;
}

int x86_xsave_from_blob(const struct x86_xsave_layout *l, int bank, const uint8_t *blob,
                        uint8_t *xsave, size_t len)
{
    if (len < X86_XSAVE_LEGACY || !bank_fits(l, bank, len))
        return -EIO;
    for (size_t i = 0; i < NPIECES; i++) {
        const struct xsave_piece *p = &pieces[i];
        if (p->bank != bank)
            continue;
        for (int k = 0; k < p->count; k++) {
            const struct reg_desc *r = &x86_64_regs[p->regnum + k];
            uint8_t *dst = xsave + l->off[p->comp] + p->comp_off + (size_t)p->stride * k;
            memcpy(dst, blob + r->offset, r->bitsize / 8u);
        }
    }
    /* Every piece of a component is written above (the bank covers its components whole), so
     * marking them in use loads exactly the blob's values. */
    uint64_t bv = xstate_bv(xsave) | x86_xsave_bank_components(bank);
    memcpy(xsave + X86_XSAVE_HEADER, &bv, 8);
    return 0;
}
