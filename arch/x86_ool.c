/* x86_64 out-of-line step over: plans how the instruction under a breakpoint runs elsewhere
 * (struct arch_ool_plan). Most instructions are copied into the slot as they are, followed by an
 * absolute jump back to the next instruction; a RIP-relative operand gets its displacement
 * adjusted to the slot's address. Conditional branches become a short branch between two
 * absolute jumps (taken, not taken). Relative jumps and calls, and indirect calls (which would
 * push the slot's address), are emulated by the caller: new PC, pushed return address. What
 * traps, enters the kernel or cannot be decoded is refused: the caller steps it in place. */
#include "x86_64.h"
#include "x86_insn.h"

#include <string.h>

#define JMP_ABS_LEN 14 /* jmp *0(%rip); .quad target */

/* ModRM/SIB register numbers (rax rcx rdx rbx rsp rbp rsi rdi r8..r15) as arch regnums. */
static const int modrm_regnum[16] = {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8,  X86_R9,  X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
};

static int64_t signed_field(const uint8_t *b, unsigned len)
{
    if (len == 1)
        return (int8_t)b[0];
    if (len == 2)
        return (int16_t)(b[0] | b[1] << 8);
    int32_t v;
    memcpy(&v, b, 4);
    return v;
}

static uint8_t put_jmp_abs(uint8_t *code, uint64_t to)
{
    static const uint8_t jmp_rip[6] = {0xFF, 0x25, 0, 0, 0, 0};
    memcpy(code, jmp_rip, sizeof jmp_rip);
    memcpy(code + sizeof jmp_rip, &to, 8);
    return JMP_ABS_LEN;
}

/* What must not run anywhere but in place (it traps, enters the kernel, or leaves the
 * process's control), or NULL. */
static const char *refusal(const struct x86_insn *in)
{
    if (in->vex)
        return NULL;
    if (in->map == X86_MAP_ONE) {
        switch (in->opcode) {
        case 0xCC:
            return "int3";
        case 0xCD:
            return "int n";
        case 0xF1:
            return "int1";
        case 0xF4:
            return "hlt";
        case 0xCF:
            return "iret";
        case 0xCA:
        case 0xCB:
            return "far return";
        }
        if (in->opcode == 0xFF && (x86_modrm_reg(in) == 3 || x86_modrm_reg(in) == 5))
            return "far call or jump";
        if (in->opcode == 0xC7 && in->modrm == 0xF8)
            return "xbegin";
    } else if (in->map == X86_MAP_0F) {
        switch (in->opcode) {
        case 0x05:
        case 0x07:
        case 0x34:
        case 0x35:
            return "system call";
        case 0x0B:
        case 0xB9:
        case 0xFF:
            return "undefined instruction";
        }
    }
    if (in->addrsize && in->rip_rel)
        return "EIP-relative operand";
    bool rel_branch = in->map == X86_MAP_ONE &&
                      ((in->opcode & 0xF0) == 0x70 || (in->opcode >= 0xE0 && in->opcode <= 0xE3) ||
                       in->opcode == 0xE8 || in->opcode == 0xE9 || in->opcode == 0xEB);
    if (in->opsize && !(in->rex & 0x08) &&
        rel_branch) /* Intel ignores 66 there, AMD truncates the target */
        return "relative branch with an operand-size prefix";
    return NULL;
}

static bool is_jcc(const struct x86_insn *in)
{
    return (in->map == X86_MAP_ONE && (in->opcode & 0xF0) == 0x70) ||
           (in->map == X86_MAP_0F && (in->opcode & 0xF0) == 0x80);
}

static uint64_t branch_target(const struct x86_insn *in, const uint8_t *b, uint64_t pc)
{
    return pc + in->len + (uint64_t)signed_field(b + in->imm_off, in->imm_len);
}

/* A branch that may or may not be taken: the slot holds a short form of it that skips the
 * not-taken exit, then the two exits. prefix_len bytes before the opcode are kept (67 selects
 * ECX for jrcxz and loop). */
static void plan_two_way(struct arch_ool_plan *p, const uint8_t *b, size_t prefix_len,
                         uint8_t short_opcode, uint64_t fallthrough, uint64_t taken)
{
    memcpy(p->code, b, prefix_len);
    size_t k = prefix_len;
    p->code[k++] = short_opcode;
    p->code[k++] = JMP_ABS_LEN;
    p->nexits = 2;
    p->exit_off[0] = (uint8_t)k;
    p->exit_to[0] = fallthrough;
    k += put_jmp_abs(p->code + k, fallthrough);
    p->exit_off[1] = (uint8_t)k;
    p->exit_to[1] = taken;
    k += put_jmp_abs(p->code + k, taken);
    p->code_len = (uint8_t)k;
    p->kind = ARCH_OOL_RUN;
}

/* call *operand: the new PC is read from the operand (or is the register), and the return
 * address of the original place is pushed. */
static int plan_indirect_call(struct arch_ool_plan *p, const struct x86_insn *in, const uint8_t *b,
                              uint64_t pc)
{
    if (in->opsize || in->addrsize || in->seg == 0x64 || in->seg == 0x65) {
        p->why = "indirect call with a size or segment prefix";
        return -1;
    }
    unsigned rex_b = (in->rex & 1) << 3, rex_x = (in->rex & 2) << 2;
    p->kind = ARCH_OOL_EMULATE;
    p->push_return = true;
    p->return_addr = pc + in->len;
    if (x86_modrm_mod(in) == 3) {
        p->base_reg = modrm_regnum[x86_modrm_rm(in) | rex_b];
        return 0;
    }
    p->indirect = true;
    int64_t disp = in->disp_len ? signed_field(b + in->disp_off, in->disp_len) : 0;
    if (in->rip_rel) {
        p->target = pc + in->len + (uint64_t)disp;
        return 0;
    }
    p->target = (uint64_t)disp;
    if (!in->has_sib) {
        p->base_reg = modrm_regnum[x86_modrm_rm(in) | rex_b];
        return 0;
    }
    unsigned index = ((in->sib >> 3) & 7) | rex_x, base = in->sib & 7;
    if (index != 4) { /* 4 without REX.X: no index */
        p->index_reg = modrm_regnum[index];
        p->scale = (uint8_t)(1u << (in->sib >> 6));
    }
    if (!(base == 5 && x86_modrm_mod(in) == 0))
        p->base_reg = modrm_regnum[base | rex_b];
    return 0;
}

/* Anything else: the copy, its RIP-relative displacement retargeted, then the jump back. */
static int plan_copy(struct arch_ool_plan *p, const struct x86_insn *in, const uint8_t *b,
                     uint64_t pc, uint64_t slot)
{
    memcpy(p->code, b, in->len);
    if (in->rip_rel) {
        uint64_t operand = pc + in->len + (uint64_t)signed_field(b + in->disp_off, 4);
        int64_t disp = (int64_t)(operand - (slot + in->len));
        if (disp < INT32_MIN || disp > INT32_MAX) {
            p->why = "RIP-relative operand out of reach of the scratch page";
            return -1;
        }
        int32_t d32 = (int32_t)disp;
        memcpy(p->code + in->disp_off, &d32, 4);
    }
    p->nexits = 1;
    p->exit_off[0] = in->len;
    p->exit_to[0] = pc + in->len;
    p->code_len = (uint8_t)(in->len + put_jmp_abs(p->code + in->len, pc + in->len));
    p->kind = ARCH_OOL_RUN;
    return 0;
}

int x86_ool_plan(const uint8_t *b, size_t avail, uint64_t pc, uint64_t slot,
                 struct arch_ool_plan *p)
{
    memset(p, 0, sizeof *p);
    p->base_reg = p->index_reg = -1;
    struct x86_insn in;
    if (x86_insn_decode(b, avail, &in) < 0) {
        p->why = "instruction not decoded";
        return -1;
    }
    p->insn_len = in.len;
    if ((p->why = refusal(&in)) != NULL)
        return -1;
    if (in.vex)
        return plan_copy(p, &in, b, pc, slot);
    int rc = 0;
    if (is_jcc(&in)) {
        plan_two_way(p, b, 0, (uint8_t)(0x70 | (in.opcode & 0x0F)), pc + in.len,
                     branch_target(&in, b, pc));
    } else if (in.map == X86_MAP_ONE && in.opcode >= 0xE0 && in.opcode <= 0xE3) {
        /* loop, loope, loopne, jrcxz: the CPU updates RCX itself. */
        plan_two_way(p, b, in.opcode_off, in.opcode, pc + in.len, branch_target(&in, b, pc));
    } else if (in.map == X86_MAP_ONE &&
               (in.opcode == 0xEB || in.opcode == 0xE9 || in.opcode == 0xE8)) {
        p->kind = ARCH_OOL_EMULATE;
        p->target = branch_target(&in, b, pc);
        p->push_return = in.opcode == 0xE8;
        p->return_addr = pc + in.len;
    } else if (in.map == X86_MAP_ONE && in.opcode == 0xFF && x86_modrm_reg(&in) == 2) {
        rc = plan_indirect_call(p, &in, b, pc);
    } else {
        rc = plan_copy(p, &in, b, pc, slot);
    }
    if (rc < 0)
        p->kind = ARCH_OOL_NONE;
    return rc;
}
