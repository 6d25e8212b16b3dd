/* x86_64 instruction length decoder: enough of an instruction's anatomy (prefixes, REX/VEX/EVEX,
 * opcode map, ModRM, SIB, displacement, immediate) to copy it elsewhere and fix what depends on
 * where it sits. Pure: bytes in, fields out. Only 64-bit mode. */
#ifndef ZSTUB_X86_INSN_H
#define ZSTUB_X86_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define X86_MAX_INSN 15

enum x86_map { X86_MAP_ONE = 0, X86_MAP_0F = 1, X86_MAP_0F38 = 2, X86_MAP_0F3A = 3 };

struct x86_insn {
    uint8_t len;
    uint8_t nprefix; /* legacy prefix bytes, from offset 0 */
    bool opsize;     /* 66 */
    bool addrsize;   /* 67 */
    uint8_t seg;     /* last segment override byte (26 2E 36 3E 64 65), 0 if none */
    uint8_t rep;     /* F2 or F3, 0 if none */
    uint8_t rex;     /* the REX byte, 0 if none */
    bool vex, evex;  /* C4/C5 or 62 prefix (its payload bits are not kept) */
    enum x86_map map;
    uint8_t opcode;
    uint8_t opcode_off;
    bool has_modrm;
    uint8_t modrm;
    uint8_t modrm_off;
    bool has_sib;
    uint8_t sib;
    uint8_t disp_off, disp_len; /* disp_len 0, 1 or 4 */
    uint8_t imm_off, imm_len;   /* immediate or relative branch offset */
    bool rip_rel;               /* ModRM memory operand relative to the next instruction */
};

/* Decodes the instruction at b (n bytes available). Returns 0, or -1 when the bytes are not a
 * complete, valid 64-bit instruction this decoder knows. */
int x86_insn_decode(const uint8_t *b, size_t n, struct x86_insn *out);

static inline unsigned x86_modrm_mod(const struct x86_insn *in)
{
    return in->modrm >> 6;
}
static inline unsigned x86_modrm_reg(const struct x86_insn *in)
{
    return (in->modrm >> 3) & 7;
}
static inline unsigned x86_modrm_rm(const struct x86_insn *in)
{
    return in->modrm & 7;
}

#endif
