/* Unit tests for the x86 debug-register planner: slot splitting, sharing and exact DR7 words. */
#include <errno.h>

#include "check.h"
#include "x86_64.h"

/* DR7 bits for one slot: local enable, R/W and LEN fields (LEN: 1->00, 2->01, 4->11, 8->10). */
static uint64_t dr7_slot(int i, unsigned rw, unsigned len_code)
{
    return (1ull << (2 * i)) | (uint64_t)rw << (16 + 4 * i) | (uint64_t)len_code << (18 + 4 * i);
}

static void check_slot(const struct hw_plan *p, int i, uint64_t addr, uint64_t len, int owner)
{
    CHECK_EQ_U64(p->slot_addr[i], addr);
    CHECK_EQ_U64(p->slot_len[i], len);
    CHECK_EQ_I64(p->slot_owner[i], owner);
}

static void test_one_to_four_then_enospc(void)
{
    const struct hw_point want[5] = {
        {HW_WRITE, 0x1000, 8}, {HW_WRITE, 0x2000, 4}, {HW_ACCESS, 0x3002, 2},
        {HW_READ, 0x4001, 1},  {HW_WRITE, 0x5000, 1},
    };
    const uint64_t dr7[4] = {
        0x90001, /* write, 8 bytes */
        0x90001 | 0xD00004, 0x90001 | 0xD00004 | 0x7000010,
        0x90001 | 0xD00004 | 0x7000010 | 0x30000040, /* read encodes as RW=11 */
    };
    struct hw_plan p;
    for (size_t n = 1; n <= 4; n++) {
        CHECK_EQ_I64(x86_hw_plan(want, n, &p), 0);
        CHECK_EQ_I64(p.nslots_used, (int64_t)n);
        CHECK_EQ_U64(p.control, dr7[n - 1]);
        for (size_t i = 0; i < n; i++)
            check_slot(&p, (int)i, want[i].addr, want[i].len, (int)i);
    }
    CHECK_EQ_U64(dr7[3],
                 dr7_slot(0, 1, 2) | dr7_slot(1, 1, 3) | dr7_slot(2, 3, 1) | dr7_slot(3, 3, 0));
    CHECK_EQ_I64(x86_hw_plan(want, 5, &p), -ENOSPC);
    CHECK_EQ_I64(p.nslots_used, 0);
    CHECK_EQ_U64(p.control, 0);
}

static void test_unaligned_region_splits(void)
{
    const struct hw_point want = {HW_WRITE, 0x1001, 3};
    struct hw_plan p;
    CHECK_EQ_I64(x86_hw_plan(&want, 1, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    check_slot(&p, 0, 0x1001, 1, 0);
    check_slot(&p, 1, 0x1002, 2, 0);
    CHECK_EQ_U64(p.control, 0x510005);
}

static void test_aligned_long_and_array(void)
{
    struct hw_plan p;
    const struct hw_point lng = {HW_WRITE, 0x601040, 8};
    CHECK_EQ_I64(x86_hw_plan(&lng, 1, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 1);
    check_slot(&p, 0, 0x601040, 8, 0);
    CHECK_EQ_U64(p.control, 0x90001);

    const struct hw_point arr = {HW_WRITE, 0x2000, 16};
    CHECK_EQ_I64(x86_hw_plan(&arr, 1, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    check_slot(&p, 0, 0x2000, 8, 0);
    check_slot(&p, 1, 0x2008, 8, 0);
    CHECK_EQ_U64(p.control, 0x990005);
}

static void test_greedy_pieces_and_limits(void)
{
    struct hw_plan p;
    const struct hw_point seven = {HW_ACCESS, 0x1000, 7}; /* 4 + 2 + 1 */
    CHECK_EQ_I64(x86_hw_plan(&seven, 1, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 3);
    check_slot(&p, 0, 0x1000, 4, 0);
    check_slot(&p, 1, 0x1004, 2, 0);
    check_slot(&p, 2, 0x1006, 1, 0);

    const struct hw_point fifteen = {HW_WRITE, 0x1001, 15}; /* 1 + 2 + 4 + 8 */
    CHECK_EQ_I64(x86_hw_plan(&fifteen, 1, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 4);
    check_slot(&p, 3, 0x1008, 8, 0);

    const struct hw_point sixteen = {HW_WRITE, 0x1001, 16}; /* needs 5 pieces */
    CHECK_EQ_I64(x86_hw_plan(&sixteen, 1, &p), -ENOSPC);
}

static void test_identical_pieces_share(void)
{
    struct hw_plan p;
    const struct hw_point twice[2] = {{HW_WRITE, 0x3000, 4}, {HW_WRITE, 0x3000, 4}};
    CHECK_EQ_I64(x86_hw_plan(twice, 2, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 1);
    check_slot(&p, 0, 0x3000, 4, 0);
    CHECK_EQ_U64(p.control, dr7_slot(0, 1, 3));

    /* Read and access both encode as read-or-write, so they share too ... */
    const struct hw_point rd_acc[2] = {{HW_READ, 0x3000, 4}, {HW_ACCESS, 0x3000, 4}};
    CHECK_EQ_I64(x86_hw_plan(rd_acc, 2, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 1);
    /* ... but a write and an access watch on the same bytes do not. */
    const struct hw_point wr_acc[2] = {{HW_WRITE, 0x3000, 4}, {HW_ACCESS, 0x3000, 4}};
    CHECK_EQ_I64(x86_hw_plan(wr_acc, 2, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    CHECK_EQ_I64(p.slot_owner[1], 1);
    /* Overlapping but different pieces (0x3000/8 vs 0x3004/4) each need a slot. */
    const struct hw_point overlap[2] = {{HW_WRITE, 0x3000, 8}, {HW_WRITE, 0x3004, 4}};
    CHECK_EQ_I64(x86_hw_plan(overlap, 2, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
}

static void test_exec_breakpoints(void)
{
    struct hw_plan p;
    const struct hw_point bp[2] = {{HW_EXEC, 0x401003, 1}, {HW_EXEC, 0x401010, 1}};
    CHECK_EQ_I64(x86_hw_plan(bp, 2, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 2);
    check_slot(&p, 0, 0x401003, 1, 0);
    check_slot(&p, 1, 0x401010, 1, 1);
    CHECK_EQ_U64(p.control, 0x5); /* enables only: RW=00 exec, LEN=00 */
}

static void test_invalid(void)
{
    struct hw_plan p;
    const struct hw_point exec4 = {HW_EXEC, 0x401000, 4};
    CHECK_EQ_I64(x86_hw_plan(&exec4, 1, &p), -EINVAL);
    const struct hw_point empty = {HW_WRITE, 0x1000, 0};
    CHECK_EQ_I64(x86_hw_plan(&empty, 1, &p), -EINVAL);
    const struct hw_point wraps = {HW_WRITE, UINT64_MAX, 2};
    CHECK_EQ_I64(x86_hw_plan(&wraps, 1, &p), -EINVAL);
    const struct hw_point bad_kind = {(enum hw_kind)9, 0x1000, 1};
    CHECK_EQ_I64(x86_hw_plan(&bad_kind, 1, &p), -EINVAL);
    CHECK_EQ_I64(x86_hw_plan(NULL, 0, &p), 0);
    CHECK_EQ_I64(p.nslots_used, 0);
    CHECK_EQ_U64(p.control, 0);
}

CHECK_MAIN(T(test_one_to_four_then_enospc), T(test_unaligned_region_splits),
           T(test_aligned_long_and_array), T(test_greedy_pieces_and_limits),
           T(test_identical_pieces_share), T(test_exec_breakpoints), T(test_invalid))
