/* x86_64 instruction length decoding, table driven: one byte per opcode says whether a ModRM
 * byte follows and what immediate comes after it. Used to relocate the instruction under a
 * breakpoint (x86_ool.c), so "cannot decode" is a safe answer: the caller falls back. */
#include "x86_insn.h"

#include <string.h>

/* What follows an opcode. */
enum {
    X,   /* invalid in 64-bit mode, or not handled: refuse */
    N,   /* nothing */
    M,   /* ModRM */
    MB,  /* ModRM, imm8 */
    MZ,  /* ModRM, imm16/32 (66 selects 16) */
    B,   /* imm8 */
    W,   /* imm16 */
    Z,   /* imm16/32 */
    V,   /* imm32, or imm64 with REX.W (mov r64, imm64) */
    O,   /* moffs: 8 bytes, 4 with 67 */
    E,   /* enter: imm16, imm8 */
    J8,  /* rel8 branch */
    J32, /* rel32 branch (66 would make it vendor-dependent: refused) */
    G3B, /* F6: ModRM, imm8 only for /0 and /1 (test) */
    G3Z, /* F7: ModRM, imm16/32 only for /0 and /1 */
};

/* clang-format off */
static const uint8_t one_byte[256] = {
    /*       0   1   2   3   4   5   6   7   8   9   A   B   C   D   E   F */
    /* 0 */  M,  M,  M,  M,  B,  Z,  X,  X,  M,  M,  M,  M,  B,  Z,  X,  X,
    /* 1 */  M,  M,  M,  M,  B,  Z,  X,  X,  M,  M,  M,  M,  B,  Z,  X,  X,
    /* 2 */  M,  M,  M,  M,  B,  Z,  X,  X,  M,  M,  M,  M,  B,  Z,  X,  X,
    /* 3 */  M,  M,  M,  M,  B,  Z,  X,  X,  M,  M,  M,  M,  B,  Z,  X,  X,
    /* 4 */  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X, /* REX */
    /* 5 */  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,
    /* 6 */  X,  X,  X,  M,  X,  X,  X,  X,  Z,  MZ, B,  MB, N,  N,  N,  N,
    /* 7 */  J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8, J8,
    /* 8 */  MB, MZ, X,  MB, M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* 9 */  N,  N,  N,  N,  N,  N,  N,  N,  N,  N,  X,  N,  N,  N,  N,  N,
    /* A */  O,  O,  O,  O,  N,  N,  N,  N,  B,  Z,  N,  N,  N,  N,  N,  N,
    /* B */  B,  B,  B,  B,  B,  B,  B,  B,  V,  V,  V,  V,  V,  V,  V,  V,
    /* C */  MB, MB, W,  N,  X,  X,  MB, MZ, E,  N,  W,  N,  N,  B,  X,  N,
    /* D */  M,  M,  M,  M,  X,  X,  X,  N,  M,  M,  M,  M,  M,  M,  M,  M,
    /* E */  J8, J8, J8, J8, B,  B,  B,  B,  J32,J32,X,  J8, N,  N,  N,  N,
    /* F */  X,  N,  X,  X,  N,  N,  G3B,G3Z,N,  N,  N,  N,  N,  N,  M,  M,
};

static const uint8_t two_byte[256] = {
    /*       0   1   2   3   4   5   6   7   8   9   A   B   C   D   E   F */
    /* 0 */  M,  M,  M,  M,  X,  N,  N,  N,  N,  N,  X,  N,  X,  M,  N,  X,
    /* 1 */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* 2 */  M,  M,  M,  M,  X,  X,  X,  X,  M,  M,  M,  M,  M,  M,  M,  M,
    /* 3 */  N,  N,  N,  N,  N,  N,  X,  N,  X,  X,  X,  X,  X,  X,  X,  X,
    /* 4 */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* 5 */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* 6 */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* 7 */  MB, MB, MB, MB, M,  M,  M,  N,  M,  M,  X,  X,  M,  M,  M,  M,
    /* 8 */  J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,J32,
    /* 9 */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* A */  N,  N,  N,  M,  MB, M,  X,  X,  N,  N,  N,  M,  MB, M,  M,  M,
    /* B */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  MB, M,  M,  M,  M,  M,
    /* C */  M,  M,  MB, M,  MB, MB, MB, M,  N,  N,  N,  N,  N,  N,  N,  N,
    /* D */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* E */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
    /* F */  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,  M,
};
/* clang-format on */

static bool is_legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0xF0:
    case 0xF2:
    case 0xF3:
    case 0x2E:
    case 0x36:
    case 0x3E:
    case 0x26:
    case 0x64:
    case 0x65:
    case 0x66:
    case 0x67:
        return true;
    default:
        return false;
    }
}

/* The kind of what follows an opcode in the given map. */
static uint8_t opcode_kind(enum x86_map map, uint8_t op, bool vex)
{
    switch (map) {
    case X86_MAP_ONE:
        return one_byte[op];
    case X86_MAP_0F:
        /* VEX/EVEX map 1 has no branches or system instructions: only the ModRM/imm8 shape. */
        if (vex && two_byte[op] != MB && op != 0x77)
            return M;
        return two_byte[op];
    case X86_MAP_0F38:
        return M;
    case X86_MAP_0F3A:
        return MB;
    }
    return X;
}

/* VEX (C4, C5) and EVEX (62) prefixes: always these in 64-bit mode. Sets map, returns the
 * number of prefix bytes, or 0 if invalid. */
static size_t vex_prefix(const uint8_t *b, size_t n, struct x86_insn *out)
{
    unsigned map;
    size_t plen;
    if (b[0] == 0xC5) {
        plen = 2;
        map = 1;
    } else if (b[0] == 0xC4) {
        if (n < 3)
            return 0;
        plen = 3;
        map = b[1] & 0x1f;
    } else {
        if (n < 4 || !(b[2] & 0x04)) /* EVEX P1 bit 2 is always 1 */
            return 0;
        plen = 4;
        map = b[1] & 0x07;
        out->evex = true;
    }
    if (n < plen + 1 || map < 1 || map > 3) /* maps 4-7 (APX, FP16): not handled */
        return 0;
    out->vex = true;
    out->map = (enum x86_map)map;
    return plen;
}

static int decode_modrm(const uint8_t *b, size_t n, size_t *i, struct x86_insn *out)
{
    if (*i >= n)
        return -1;
    out->has_modrm = true;
    out->modrm_off = (uint8_t)*i;
    out->modrm = b[(*i)++];
    unsigned mod = out->modrm >> 6, rm = out->modrm & 7;
    if (mod == 3)
        return 0;
    if (rm == 4) {
        if (*i >= n)
            return -1;
        out->has_sib = true;
        out->sib = b[(*i)++];
        if (mod == 0 && (out->sib & 7) == 5)
            out->disp_len = 4;
    } else if (mod == 0 && rm == 5) {
        out->rip_rel = true;
        out->disp_len = 4;
    }
    if (mod == 1)
        out->disp_len = 1;
    else if (mod == 2)
        out->disp_len = 4;
    out->disp_off = (uint8_t)*i;
    *i += out->disp_len;
    return 0;
}

static int imm_size(uint8_t kind, const struct x86_insn *in)
{
    bool size16 = in->opsize && !(in->rex & 0x08); /* REX.W overrides 66 */
    unsigned z = size16 ? 2 : 4;
    switch (kind) {
    case MB:
    case B:
    case J8:
        return 1;
    case W:
        return 2;
    case MZ:
    case Z:
        return (int)z;
    case V:
        return (in->rex & 0x08) ? 8 : (int)z;
    case O:
        return in->addrsize ? 4 : 8;
    case E:
        return 3;
    case J32:
        return size16 ? -1 : 4;
    case G3B:
        return x86_modrm_reg(in) < 2 ? 1 : 0;
    case G3Z:
        return x86_modrm_reg(in) < 2 ? (int)z : 0;
    default:
        return 0;
    }
}

int x86_insn_decode(const uint8_t *b, size_t n, struct x86_insn *out)
{
    memset(out, 0, sizeof *out);
    if (n > X86_MAX_INSN)
        n = X86_MAX_INSN;
    size_t i = 0;
    while (i < n && is_legacy_prefix(b[i])) {
        uint8_t p = b[i++];
        if (p == 0x66)
            out->opsize = true;
        else if (p == 0x67)
            out->addrsize = true;
        else if (p == 0xF2 || p == 0xF3)
            out->rep = p;
        else if (p != 0xF0)
            out->seg = p;
    }
    out->nprefix = (uint8_t)i;
    if (i < n && (b[i] & 0xF0) == 0x40)
        out->rex = b[i++];
    if (i >= n)
        return -1;
    if (b[i] == 0xC4 || b[i] == 0xC5 || b[i] == 0x62) {
        if (out->rex || out->opsize || out->rep) /* #UD before VEX/EVEX */
            return -1;
        size_t plen = vex_prefix(b + i, n - i, out);
        if (plen == 0)
            return -1;
        i += plen;
    } else if (b[i] == 0x0F) {
        i++;
        out->map = X86_MAP_0F;
        if (i < n && (b[i] == 0x38 || b[i] == 0x3A)) {
            out->map = b[i] == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
            i++;
        }
    }
    if (i >= n)
        return -1;
    out->opcode_off = (uint8_t)i;
    out->opcode = b[i++];
    uint8_t kind = opcode_kind(out->map, out->opcode, out->vex);
    if (kind == X)
        return -1;
    if (kind == M || kind == MB || kind == MZ || kind == G3B || kind == G3Z) {
        if (decode_modrm(b, n, &i, out) < 0)
            return -1;
    }
    int imm = imm_size(kind, out);
    if (imm < 0)
        return -1;
    out->imm_off = (uint8_t)i;
    out->imm_len = (uint8_t)imm;
    i += (size_t)imm;
    if (i > n)
        return -1;
    out->len = (uint8_t)i;
    return 0;
}
