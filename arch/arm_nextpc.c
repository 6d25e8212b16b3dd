/* Where execution goes after one instruction, for stepping without the kernel's help (a native
 * armhf kernel has no PTRACE_SINGLESTEP): the stub plants temporary breakpoints at every
 * address this returns and lets the thread run. Pure: registers and memory come from the
 * caller. The registers are known, so conditions and targets are evaluated exactly; more than
 * one address comes back only where the outcome cannot be known before running:
 *  - inside a Thumb IT block, a trap on an instruction whose condition fails may or may not be
 *    taken (implementation defined), so every remaining instruction of the block and the one
 *    after it get one;
 *  - an ldrex...strex sequence is stepped as a whole (a trap inside it would clear the
 *    exclusive monitor and the strex would fail forever): after the strex, and at the targets
 *    of the conditional branches inside it. */
#include <errno.h>
#include <string.h>

#include "arm.h"

#define ATOMIC_SCAN 16 /* instructions looked at for the strex ending an ldrex sequence */

static uint32_t sext(uint32_t v, int bits)
{
    uint32_t m = 1u << (bits - 1);
    return (v ^ m) - m;
}

bool arm_cond_passed(unsigned cond, uint32_t cpsr)
{
    bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, c = cpsr >> 29 & 1, v = cpsr >> 28 & 1;
    bool r;
    switch (cond >> 1) {
    case 0:
        r = z;
        break;
    case 1:
        r = c;
        break;
    case 2:
        r = n;
        break;
    case 3:
        r = v;
        break;
    case 4:
        r = c && !z;
        break;
    case 5:
        r = n == v;
        break;
    case 6:
        r = !z && n == v;
        break;
    default:
        return true; /* AL (and the unconditional space, decoded by the caller) */
    }
    return (cond & 1) ? !r : r;
}

static void add(struct arm_next_pcs *out, uint32_t addr, bool thumb)
{
    addr &= thumb ? ~1u : ~3u;
    for (int i = 0; i < out->n; i++)
        if (out->addr[i] == addr && out->thumb[i] == thumb)
            return;
    if (out->n < ARM_MAX_NEXT) {
        out->addr[out->n] = addr;
        out->thumb[out->n] = thumb;
        out->n++;
    }
}

/* A value written to the pc by a load or (ARMv7) an ARM-state ALU instruction: bit 0 picks the
 * instruction set. */
static void add_interworking(struct arm_next_pcs *out, uint32_t value)
{
    add(out, value, value & 1);
}

static int read32(const struct arm_step_ctx *c, uint32_t addr, uint32_t *v)
{
    uint8_t b[4];
    int rc = c->read(c->opaque, addr, b, 4);
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return rc;
}

static int read16(const struct arm_step_ctx *c, uint32_t addr, uint32_t *v)
{
    uint8_t b[2];
    int rc = c->read(c->opaque, addr, b, 2);
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8;
    return rc;
}

static int popcount(uint32_t v)
{
    int n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

/* ---- ARM state ---- */

/* A register as an ARM instruction at pc reads it (pc reads as the instruction + 8). */
static uint32_t areg(const struct arm_step_ctx *c, unsigned r, uint32_t pc)
{
    return r == 15 ? pc + 8 : c->r[r];
}

static uint32_t shift_value(uint32_t v, unsigned type, unsigned amount, bool carry)
{
    switch (type) {
    case 0:
        return amount >= 32 ? 0 : v << amount;
    case 1:
        return amount >= 32 ? 0 : v >> amount;
    case 2:
        return amount >= 32 ? (uint32_t)((int32_t)v >> 31) : (uint32_t)((int32_t)v >> amount);
    default:
        amount &= 31;
        return amount ? (v >> amount | v << (32 - amount)) : v;
    }
    (void)carry;
}

/* Operand 2 of a data-processing instruction, and the immediate-shift offset of ldr. */
static uint32_t arm_shifted_reg(const struct arm_step_ctx *c, uint32_t insn, uint32_t pc)
{
    uint32_t rm = areg(c, insn & 0xf, pc);
    unsigned type = insn >> 5 & 3, amount;
    bool carry = c->cpsr >> 29 & 1;
    if (insn & 0x10) { /* shifted by a register */
        amount = c->r[insn >> 8 & 0xf] & 0xff;
        if ((insn & 0xf) == 15)
            rm += 4;
        return shift_value(rm, type, type == 3 && amount && !(amount & 31) ? 0 : amount, carry);
    }
    amount = insn >> 7 & 0x1f;
    if (amount == 0 && (type == 1 || type == 2))
        amount = 32;
    if (amount == 0 && type == 3) /* RRX */
        return (uint32_t)carry << 31 | rm >> 1;
    return shift_value(rm, type, amount, carry);
}

static uint32_t arm_dp_result(const struct arm_step_ctx *c, uint32_t insn, uint32_t pc)
{
    uint32_t op2;
    if (insn & (1u << 25)) {
        unsigned rot = (insn >> 8 & 0xf) * 2;
        uint32_t imm = insn & 0xff;
        op2 = rot ? (imm >> rot | imm << (32 - rot)) : imm;
    } else {
        op2 = arm_shifted_reg(c, insn, pc);
    }
    uint32_t rn = areg(c, insn >> 16 & 0xf, pc);
    if ((insn & 0x02000010) == 0x10 && (insn >> 16 & 0xf) == 15)
        rn += 4;
    uint32_t carry = c->cpsr >> 29 & 1;
    switch (insn >> 21 & 0xf) {
    case 0:
        return rn & op2;
    case 1:
        return rn ^ op2;
    case 2:
        return rn - op2;
    case 3:
        return op2 - rn;
    case 4:
        return rn + op2;
    case 5:
        return rn + op2 + carry;
    case 6:
        return rn - op2 - !carry;
    case 7:
        return op2 - rn - !carry;
    case 12:
        return rn | op2;
    case 13:
        return op2;
    case 14:
        return rn & ~op2;
    default:
        return ~op2; /* 15: MVN (8-11 never write a register) */
    }
}

static bool arm_is_ldrex(uint32_t insn)
{
    return (insn & 0x0f900fff) == 0x01900f9f; /* ldrex, ldrexd, ldrexb, ldrexh */
}

static bool arm_is_strex(uint32_t insn)
{
    return (insn & 0x0f900ff0) == 0x01800f90;
}

static int arm_one(const struct arm_step_ctx *c, uint32_t pc, uint32_t insn,
                   struct arm_next_pcs *out)
{
    unsigned cond = insn >> 28;
    if (cond == 0xf) {
        if ((insn & 0x0e000000) == 0x0a000000) { /* blx imm: to Thumb */
            uint32_t off = sext((insn & 0xffffff) << 2, 26) | (insn >> 24 & 1) << 1;
            add(out, pc + 8 + off, true);
        } else {
            add(out, pc + 4, false);
        }
        return 0;
    }
    if (!arm_cond_passed(cond, c->cpsr)) {
        add(out, pc + 4, false);
        return 0;
    }
    unsigned rd = insn >> 12 & 0xf;
    uint32_t v;
    int rc = 0;
    if ((insn & 0x0ffffff0) == 0x012fff10 || (insn & 0x0ffffff0) == 0x012fff30) { /* bx, blx */
        add_interworking(out, areg(c, insn & 0xf, pc));
    } else if ((insn & 0x0e000000) == 0x0a000000) { /* b, bl */
        add(out, pc + 8 + sext((insn & 0xffffff) << 2, 26), false);
    } else if ((insn & 0x0c500000) == 0x04100000 && rd == 15) { /* ldr pc, ... */
        uint32_t off = (insn & (1u << 25)) ? arm_shifted_reg(c, insn, pc) : (insn & 0xfff);
        uint32_t rn = areg(c, insn >> 16 & 0xf, pc);
        uint32_t addr = !(insn & (1u << 24)) ? rn : (insn & (1u << 23)) ? rn + off : rn - off;
        if ((rc = read32(c, addr, &v)) == 0)
            add_interworking(out, v);
    } else if ((insn & 0x0e108000) == 0x08108000) { /* ldm with pc in the list */
        uint32_t rn = c->r[insn >> 16 & 0xf];
        int n = popcount(insn & 0xffff);
        bool p = insn >> 24 & 1, u = insn >> 23 & 1;
        uint32_t addr = u ? rn + 4u * (uint32_t)(n - 1) + (p ? 4 : 0) : rn - (p ? 4 : 0);
        if ((rc = read32(c, addr, &v)) == 0)
            add_interworking(out, v);
    } else if ((insn & 0x0c000000) == 0 && rd == 15 &&
               !((insn & 0x02000090) == 0x90) &&       /* multiplies, extra loads/stores */
               !((insn & 0x01900000) == 0x01000000) && /* misc: mrs, msr, clz ... */
               !((insn >> 21 & 0xc) == 8)) {           /* tst teq cmp cmn */
        add_interworking(out, arm_dp_result(c, insn, pc));
    } else {
        add(out, pc + 4, false);
    }
    return rc;
}

/* ---- Thumb state ---- */

static uint32_t treg(const struct arm_step_ctx *c, unsigned r, uint32_t pc)
{
    return r == 15 ? pc + 4 : c->r[r];
}

static bool t_is32(uint32_t hw1)
{
    return (hw1 & 0xe000) == 0xe000 && (hw1 & 0x1800) != 0;
}

static bool t_is_ldrex(uint32_t hw1, uint32_t hw2)
{
    unsigned op = hw2 >> 4 & 0xf;
    return (hw1 & 0xfff0) == 0xe850 ||
           ((hw1 & 0xfff0) == 0xe8d0 && (op == 4 || op == 5 || op == 7));
}

static bool t_is_strex(uint32_t hw1, uint32_t hw2)
{
    unsigned op = hw2 >> 4 & 0xf;
    return (hw1 & 0xfff0) == 0xe840 ||
           ((hw1 & 0xfff0) == 0xe8c0 && (op == 4 || op == 5 || op == 7));
}

/* The target of a Thumb branch if it is one (conditional or not), for the atomic scan. */
static bool t_branch_target(uint32_t pc, uint32_t hw1, uint32_t hw2, uint32_t *target,
                            bool *conditional)
{
    *conditional = false;
    if (!t_is32(hw1)) {
        if ((hw1 & 0xf000) == 0xd000 && (hw1 >> 8 & 0xf) < 14) {
            *target = pc + 4 + sext((hw1 & 0xff) << 1, 9);
            *conditional = true;
            return true;
        }
        if ((hw1 & 0xf800) == 0xe000) {
            *target = pc + 4 + sext((hw1 & 0x7ff) << 1, 12);
            return true;
        }
        if ((hw1 & 0xf500) == 0xb100) { /* cbz, cbnz */
            *target = pc + 4 + ((hw1 >> 9 & 1) << 6 | (hw1 >> 3 & 0x1f) << 1);
            *conditional = true;
            return true;
        }
        return false;
    }
    if ((hw1 & 0xf800) != 0xf000 || !(hw2 & 0x8000))
        return false;
    uint32_t s = hw1 >> 10 & 1, j1 = hw2 >> 13 & 1, j2 = hw2 >> 11 & 1;
    if ((hw2 & 0xd000) == 0x8000 && (hw1 >> 6 & 0xf) < 14) { /* b<c>.w */
        *target = pc + 4 +
                  sext(s << 20 | j2 << 19 | j1 << 18 | (hw1 & 0x3f) << 12 | (hw2 & 0x7ff) << 1, 21);
        *conditional = true;
        return true;
    }
    if ((hw2 & 0xd000) == 0x9000) { /* b.w */
        uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
        *target =
            pc + 4 +
            sext(s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (hw2 & 0x7ff) << 1, 25);
        return true;
    }
    return false;
}

static int thumb_one(const struct arm_step_ctx *c, uint32_t pc, uint32_t hw1, uint32_t hw2,
                     bool cond_ok, struct arm_next_pcs *out)
{
    uint32_t size = t_is32(hw1) ? 4 : 2, v, target;
    bool conditional;
    int rc = 0;
    if (!cond_ok) {
        add(out, pc + size, true);
        return 0;
    }
    if (size == 2) {
        unsigned rm = hw1 >> 3 & 0xf, rdn = (hw1 & 7) | (hw1 >> 4 & 8);
        if (t_branch_target(pc, hw1, 0, &target, &conditional)) {
            bool taken = true;
            if ((hw1 & 0xf500) == 0xb100) /* cbz / cbnz */
                taken = (c->r[hw1 & 7] == 0) != ((hw1 >> 11) & 1);
            else if (conditional)
                taken = arm_cond_passed(hw1 >> 8 & 0xf, c->cpsr);
            add(out, taken ? target : pc + 2, true);
        } else if ((hw1 & 0xff00) == 0x4700) { /* bx, blx */
            add_interworking(out, treg(c, rm, pc));
        } else if ((hw1 & 0xff00) == 0x4400 && rdn == 15) { /* add pc, rm */
            add(out, treg(c, rm, pc) + pc + 4, true);
        } else if ((hw1 & 0xff00) == 0x4600 && rdn == 15) { /* mov pc, rm */
            add(out, treg(c, rm, pc), true);
        } else if ((hw1 & 0xff00) == 0xbd00) { /* pop {..., pc} */
            if ((rc = read32(c, c->r[13] + 4u * (uint32_t)popcount(hw1 & 0xff), &v)) == 0)
                add_interworking(out, v);
        } else {
            add(out, pc + 2, true);
        }
        return rc;
    }
    unsigned rn = hw1 & 0xf, rt = hw2 >> 12;
    if (t_branch_target(pc, hw1, hw2, &target, &conditional)) {
        add(out, !conditional || arm_cond_passed(hw1 >> 6 & 0xf, c->cpsr) ? target : pc + 4, true);
    } else if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0xd000) == 0xd000) { /* bl */
        uint32_t s = hw1 >> 10 & 1, i1 = !((hw2 >> 13 & 1) ^ s), i2 = !((hw2 >> 11 & 1) ^ s);
        add(out,
            pc + 4 +
                sext(s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (hw2 & 0x7ff) << 1, 25),
            true);
    } else if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0xd001) == 0xc000) { /* blx imm: to ARM */
        uint32_t s = hw1 >> 10 & 1, i1 = !((hw2 >> 13 & 1) ^ s), i2 = !((hw2 >> 11 & 1) ^ s);
        add(out,
            ((pc + 4) & ~3u) +
                sext(s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (hw2 & 0x7fe) << 1, 25),
            false);
    } else if ((hw1 & 0xff7f) == 0xf85f && rt == 15) { /* ldr pc, [pc, #+-imm12] */
        uint32_t base = (pc + 4) & ~3u, off = hw2 & 0xfff;
        if ((rc = read32(c, hw1 & 0x80 ? base + off : base - off, &v)) == 0)
            add_interworking(out, v);
    } else if ((hw1 & 0xfff0) == 0xf8d0 && rt == 15) { /* ldr.w pc, [rn, #imm12] */
        if ((rc = read32(c, c->r[rn] + (hw2 & 0xfff), &v)) == 0)
            add_interworking(out, v);
    } else if ((hw1 & 0xfff0) == 0xf850 && rt == 15) { /* ldr pc, [rn, ...] */
        uint32_t addr = c->r[rn];
        if (hw2 & 0x800) { /* #+-imm8, pre or post indexed */
            uint32_t off = hw2 & 0xff;
            if (hw2 & 0x400)
                addr = hw2 & 0x200 ? addr + off : addr - off;
        } else { /* [rn, rm, lsl #imm2] */
            addr += c->r[hw2 & 0xf] << (hw2 >> 4 & 3);
        }
        if ((rc = read32(c, addr, &v)) == 0)
            add_interworking(out, v);
    } else if ((hw1 & 0xffd0) == 0xe890 && (hw2 & 0x8000)) { /* ldmia / pop.w with pc */
        if ((rc = read32(c, c->r[rn] + 4u * (uint32_t)(popcount(hw2) - 1), &v)) == 0)
            add_interworking(out, v);
    } else if ((hw1 & 0xffd0) == 0xe910 && (hw2 & 0x8000)) { /* ldmdb with pc */
        if ((rc = read32(c, c->r[rn] - 4, &v)) == 0)
            add_interworking(out, v);
    } else if ((hw1 & 0xfff0) == 0xe8d0 && (hw2 & 0xffe0) == 0xf000) { /* tbb, tbh */
        uint32_t base = treg(c, rn, pc), idx = c->r[hw2 & 0xf];
        uint8_t b[2] = {0, 0};
        if (hw2 & 0x10)
            rc = c->read(c->opaque, base + 2 * idx, b, 2);
        else
            rc = c->read(c->opaque, base + idx, b, 1);
        if (rc == 0)
            add(out, pc + 4 + 2 * ((uint32_t)b[0] | (uint32_t)b[1] << 8), true);
    } else {
        add(out, pc + 4, true);
    }
    return rc;
}

static int fetch_thumb(const struct arm_step_ctx *c, uint32_t pc, uint32_t *hw1, uint32_t *hw2)
{
    int rc = read16(c, pc, hw1);
    *hw2 = 0;
    if (rc == 0 && t_is32(*hw1))
        rc = read16(c, pc + 2, hw2);
    return rc;
}

/* ldrex...strex stepped as one: true (and out filled) if the sequence was recognised. */
static bool atomic_sequence(const struct arm_step_ctx *c, uint32_t pc, bool thumb,
                            struct arm_next_pcs *out)
{
    struct arm_next_pcs seq = {0};
    uint32_t at = pc;
    for (int i = 0; i < ATOMIC_SCAN; i++) {
        uint32_t insn, hw1 = 0, hw2 = 0, size, target;
        bool conditional = false, branch = false;
        if (thumb) {
            if (fetch_thumb(c, at, &hw1, &hw2) < 0)
                return false;
            size = t_is32(hw1) ? 4 : 2;
            branch = t_branch_target(at, hw1, hw2, &target, &conditional);
        } else {
            if (read32(c, at, &insn) < 0)
                return false;
            size = 4;
            if ((insn & 0x0e000000) == 0x0a000000 && insn >> 28 != 0xf) {
                branch = true;
                conditional = insn >> 28 != 0xe;
                target = at + 8 + sext((insn & 0xffffff) << 2, 26);
            }
        }
        if (i > 0 && (thumb ? t_is_ldrex(hw1, hw2) : arm_is_ldrex(insn)))
            return false; /* nested: not a sequence we understand */
        if (branch) {
            if (!conditional)
                return false;
            add(&seq, target, thumb);
        }
        if (thumb ? t_is_strex(hw1, hw2) : arm_is_strex(insn)) {
            add(&seq, at + size, thumb);
            *out = seq;
            return true;
        }
        at += size;
    }
    return false;
}

/* The remaining instructions of an IT block: their number from ITSTATE's mask. */
static int it_remaining(uint32_t itstate)
{
    unsigned mask = itstate & 0xf;
    if (!mask)
        return 0;
    int n = 0;
    while (!(mask & 1)) {
        mask >>= 1;
        n++;
    }
    return 3 - n; /* after the current one */
}

int arm_next_pcs(const struct arm_step_ctx *c, struct arm_next_pcs *out)
{
    memset(out, 0, sizeof *out);
    uint32_t pc = c->r[15];
    bool thumb = c->cpsr & ARM_CPSR_T;
    if (!thumb) {
        uint32_t insn;
        int rc = read32(c, pc, &insn);
        if (rc < 0)
            return rc;
        if (arm_is_ldrex(insn) && arm_cond_passed(insn >> 28, c->cpsr) &&
            atomic_sequence(c, pc, false, out))
            return 0;
        return arm_one(c, pc, insn, out);
    }
    uint32_t hw1, hw2;
    int rc = fetch_thumb(c, pc, &hw1, &hw2);
    if (rc < 0)
        return rc;
    uint32_t it = (c->cpsr >> 8 & 0xfc) | (c->cpsr >> 25 & 3);
    int after; /* IT-block instructions after this one */
    bool cond_ok = true;
    if ((hw1 & 0xff00) == 0xbf00 && (hw1 & 0xf)) { /* the it instruction itself */
        after = it_remaining(hw1 & 0xff) + 1;
    } else {
        after = it_remaining(it);
        if (it & 0xf)
            cond_ok = arm_cond_passed(it >> 4, c->cpsr);
        if (t_is_ldrex(hw1, hw2) && cond_ok && atomic_sequence(c, pc, true, out))
            return 0;
        if ((rc = thumb_one(c, pc, hw1, hw2, cond_ok, out)) < 0)
            return rc;
        if (after == 0)
            return 0;
    }
    /* Every later instruction of the block, and the first one after it. */
    uint32_t at = pc + (t_is32(hw1) ? 4 : 2);
    for (int i = 0; i <= after; i++) {
        add(out, at, true);
        uint32_t h1, h2;
        if (fetch_thumb(c, at, &h1, &h2) < 0)
            break;
        at += t_is32(h1) ? 4 : 2;
    }
    return 0;
}

/* ---- the ops' next_pcs: the register blob and the server's memory reader ---- */

struct blob_reader {
    long (*read)(void *opaque, uint64_t addr, void *buf, size_t len);
    void *opaque;
};

static int read_through(void *opaque, uint32_t addr, void *buf, size_t len)
{
    const struct blob_reader *br = opaque;
    return br->read(br->opaque, addr, buf, len) == (long)len ? 0 : -EFAULT;
}

int arm_next_pcs_blob(const uint8_t *blob,
                      long (*read)(void *opaque, uint64_t addr, void *buf, size_t len),
                      void *opaque, uint64_t *addr, size_t *kind, int max)
{
    struct blob_reader br = {read, opaque};
    struct arm_step_ctx c = {.read = read_through, .opaque = &br};
    memcpy(c.r, blob + arm_regs[ARM_R0].offset, sizeof c.r);
    memcpy(&c.cpsr, blob + arm_regs[ARM_CPSR].offset, sizeof c.cpsr);
    struct arm_next_pcs out;
    int rc = arm_next_pcs(&c, &out);
    if (rc < 0)
        return rc;
    int n = out.n < max ? out.n : max;
    for (int i = 0; i < n; i++) {
        addr[i] = out.addr[i];
        kind[i] = out.thumb[i] ? 2 : 4; /* a 16-bit Thumb trap stops a 32-bit one too */
    }
    return n;
}
