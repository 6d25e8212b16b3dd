/* aarch64 debug registers, the pure part: control-word encoding, byte-address-select masks,
 * the planner that splits regions over aligned words, and mapping a trap's address back to a
 * slot. No ptrace here: unit-tested on any host. */
#include <errno.h>
#include <string.h>

#include "aarch64.h"

int a64_nbrp, a64_nwrp;

static unsigned type_bits(enum hw_kind kind)
{
    switch (kind) {
    case HW_READ:
        return 1; /* load: reads alone are native here, no emulation */
    case HW_WRITE:
        return 2;
    case HW_ACCESS:
        return 3;
    default:
        return 0; /* execute */
    }
}

uint32_t a64_ctrl_encode(enum hw_kind kind, uint8_t bas)
{
    return A64_CTRL_ENABLE | A64_CTRL_EL0 | type_bits(kind) << A64_CTRL_TYPE_SHIFT |
           (uint32_t)bas << A64_CTRL_BAS_SHIFT;
}

void a64_ctrl_decode(uint32_t ctrl, bool *enabled, enum hw_kind *kind, uint8_t *bas)
{
    static const enum hw_kind kinds[4] = {HW_EXEC, HW_READ, HW_WRITE, HW_ACCESS};
    *enabled = ctrl & A64_CTRL_ENABLE;
    *kind = kinds[(ctrl >> A64_CTRL_TYPE_SHIFT) & 3];
    *bas = (uint8_t)(ctrl >> A64_CTRL_BAS_SHIFT);
}

uint8_t a64_bas_mask(uint64_t addr, uint64_t len)
{
    unsigned off = (unsigned)(addr & 7);
    if (len == 0 || off + len > 8)
        return 0;
    return (uint8_t)(((1u << len) - 1) << off);
}

struct counts {
    int brp, wrp;
};

/* Put one piece in a slot, sharing an identical one. -ENOSPC when its kind of slot is full. */
static int add_piece(struct hw_plan *out, struct counts *used, const struct counts *have,
                     uint64_t addr, uint64_t len, uint32_t ctrl, int owner)
{
    for (int i = 0; i < out->nslots_used; i++)
        if (out->slot_addr[i] == addr && out->slot_len[i] == len && out->slot_ctrl[i] == ctrl)
            return 0;
    bool exec = ((ctrl >> A64_CTRL_TYPE_SHIFT) & 3) == 0;
    int *n = exec ? &used->brp : &used->wrp;
    if (*n >= (exec ? have->brp : have->wrp) || out->nslots_used == ARCH_MAX_HW_SLOTS)
        return -ENOSPC;
    (*n)++;
    int i = out->nslots_used++;
    out->slot_addr[i] = addr;
    out->slot_len[i] = len;
    out->slot_ctrl[i] = ctrl;
    out->slot_owner[i] = owner;
    return 0;
}

static int plan_one(struct hw_plan *out, struct counts *used, const struct counts *have,
                    const struct hw_point *w, int owner, const struct hw_piece_rules *rules)
{
    uint64_t addr = w->addr, len = w->len;
    if (len == 0 || addr + len - 1 < addr || addr + len - 1 > rules->max_addr ||
        w->kind < HW_EXEC || w->kind > HW_ACCESS)
        return -EINVAL;
    if (w->kind == HW_EXEC) { /* one instruction, aligned to its length */
        len = rules->exec_len(w->len);
        if (len == 0 || addr % len != 0)
            return -EINVAL;
        return add_piece(out, used, have, addr, len,
                         a64_ctrl_encode(HW_EXEC, a64_bas_mask(addr, len)), owner);
    }
    while (len > 0) {
        uint64_t piece = rules->piece(addr, len);
        uint32_t ctrl = a64_ctrl_encode(w->kind, a64_bas_mask(addr, piece));
        int rc = add_piece(out, used, have, addr, piece, ctrl, owner);
        if (rc < 0)
            return rc;
        addr += piece;
        len -= piece;
    }
    return 0;
}

int hw_plan_pieces(const struct hw_point *want, size_t n, int nbrp, int nwrp,
                   const struct hw_piece_rules *rules, struct hw_plan *out)
{
    struct counts used = {0, 0}, have = {nbrp, nwrp};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        int rc = plan_one(out, &used, &have, &want[i], (int)i, rules);
        if (rc < 0) {
            memset(out, 0, sizeof *out);
            return rc;
        }
    }
    return 0;
}

/* aarch64: the rest of the aligned word the region starts in (any contiguous run of bytes is a
 * valid mask); A64 instructions are 4 bytes. */
static uint64_t a64_piece(uint64_t addr, uint64_t len)
{
    uint64_t room = 8 - (addr & 7);
    return len < room ? len : room;
}

static uint64_t a64_exec_len(uint64_t kind)
{
    return 4;
}

int a64_hw_plan_n(const struct hw_point *want, size_t n, int nbrp, int nwrp, struct hw_plan *out)
{
    static const struct hw_piece_rules rules = {a64_piece, a64_exec_len, UINT64_MAX};
    return hw_plan_pieces(want, n, nbrp, nwrp, &rules, out);
}

int a64_hw_match(const struct hw_plan *plan, uint64_t trap_addr)
{
    int best = -1;
    uint64_t best_dist = UINT64_MAX;
    for (int i = 0; i < plan->nslots_used; i++) {
        uint64_t lo = plan->slot_addr[i], hi = lo + plan->slot_len[i] - 1;
        bool exec = ((plan->slot_ctrl[i] >> A64_CTRL_TYPE_SHIFT) & 3) == 0;
        if (exec) {
            if (trap_addr == lo)
                return i;
            continue;
        }
        uint64_t dist = trap_addr < lo ? lo - trap_addr : trap_addr > hi ? trap_addr - hi : 0;
        if (dist < best_dist) {
            best_dist = dist;
            best = i;
        }
    }
    return best;
}
