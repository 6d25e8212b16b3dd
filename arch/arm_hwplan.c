/* The 32-bit arm debug-register planner (pure): natural pieces, breakpoint length from Z1's
 * kind, encoded as the arm64 kernel's NT_ARM_HW_BREAK/HW_WATCH control words (aarch64.h). */
#include <errno.h>
#include <string.h>

#include "aarch64.h"
#include "arm.h"

/* Largest naturally aligned piece starting at addr that fits in len bytes. */
static uint64_t piece_len(uint64_t addr, uint64_t len)
{
    uint64_t size = 8;
    while (size > 1 && (addr % size != 0 || size > len))
        size /= 2;
    return size;
}

/* Z1 kind 2 or 3: a Thumb instruction (a breakpoint on its first halfword), 4: an ARM one. */
static uint64_t exec_len(uint64_t kind)
{
    return kind == 2 || kind == 3 ? 2 : kind == 4 ? 4 : 0;
}

int arm_hw_plan_n(const struct hw_point *want, size_t n, int nbrp, int nwrp, struct hw_plan *out)
{
    static const struct hw_piece_rules rules = {piece_len, exec_len, UINT32_MAX};
    return hw_plan_pieces(want, n, nbrp, nwrp, &rules, out);
}
