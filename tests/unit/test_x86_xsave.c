/* Unit tests for the XSAVE layout (from given CPUID leaf 0xD values) and the transfer of the AVX
 * and AVX-512 banks between an XSAVE area and the register blob, without a CPU or a kernel. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "x86_64.h"

/* CPUID 0xD sub-leaves 0..7 of an AVX-512 machine (Ice Lake class): size 0x980, AVX at 0x240,
 * opmask 0x40 bytes at 0x340, ZMM_Hi256 0x200 at 0x380, Hi16_ZMM 0x400 at 0x580; MPX absent. */
static const struct x86_cpuid_leaf avx512_leaves[X86_XSAVE_NCOMP] = {
    {0xe7, 0x980, 0x980, 0},
    {0xf, 0x9a8, 0x1800, 0},
    {0x100, 0x240, 0, 0},
    {0, 0, 0, 0},
    {0, 0, 0, 0},
    {0x40, 0x340, 0, 0},
    {0x200, 0x380, 0, 0},
    {0x400, 0x580, 0, 0},
};
#define XCR0_AVX512 0xe7u
#define XCR0_AVX 0x7u
#define AREA 0x980

static void test_layout(void)
{
    struct x86_xsave_layout l;
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(avx512_leaves, XCR0_AVX512, &l), 0);
    CHECK_EQ_U64(l.size, AREA);
    CHECK_EQ_U64(l.off[2], 576);
    CHECK_EQ_U64(l.off[5], 0x340);
    CHECK_EQ_U64(l.off[6], 0x380);
    CHECK_EQ_U64(l.off[7], 0x580);
    CHECK_EQ_U64(l.bytes[7], 0x400);
    CHECK_EQ_U64(l.off[3], 0); /* not in XCR0: unknown even if CPUID said something */

    /* Only the components the OS enabled are taken. */
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(avx512_leaves, XCR0_AVX, &l), 0);
    CHECK_EQ_U64(l.off[2], 576);
    CHECK_EQ_U64(l.off[5], 0);
    CHECK_EQ_U64(l.off[7], 0);

    /* Nonsense from CPUID is refused rather than trusted. */
    struct x86_cpuid_leaf bad[X86_XSAVE_NCOMP];
    memcpy(bad, avx512_leaves, sizeof bad);
    bad[7].ebx = 0x600; /* runs past the end of the area */
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(bad, XCR0_AVX512, &l), -EINVAL);
    memcpy(bad, avx512_leaves, sizeof bad);
    bad[5].ebx = 0x100; /* inside the legacy area */
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(bad, XCR0_AVX512, &l), -EINVAL);
    memcpy(bad, avx512_leaves, sizeof bad);
    bad[6].eax = 0;
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(bad, XCR0_AVX512, &l), -EINVAL);
    memcpy(bad, avx512_leaves, sizeof bad);
    bad[0].ecx = 0x100;
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(bad, XCR0_AVX512, &l), -EINVAL);
}

static void test_bank_components(void)
{
    CHECK_EQ_U64(x86_xsave_bank_components(X86_BANK_GPR), 0);
    CHECK_EQ_U64(x86_xsave_bank_components(X86_BANK_FPU), 0);
    CHECK_EQ_U64(x86_xsave_bank_components(X86_BANK_AVX), 0x4);
    CHECK_EQ_U64(x86_xsave_bank_components(X86_BANK_AVX512), 0xe0);
}

static uint8_t *reg(uint8_t *blob, int regnum)
{
    return blob + x86_64_regs[regnum].offset;
}

static void set_bv(uint8_t *xsave, uint64_t bv)
{
    memcpy(xsave + X86_XSAVE_HEADER, &bv, 8);
}

static uint64_t get_bv(const uint8_t *xsave)
{
    uint64_t bv;
    memcpy(&bv, xsave + X86_XSAVE_HEADER, 8);
    return bv;
}

/* Where each AVX-512 register is in the area (Intel SDM vol. 1, 13.x: the component layouts). */
static void test_avx512_places(void)
{
    struct x86_xsave_layout l;
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(avx512_leaves, XCR0_AVX512, &l), 0);
    static uint8_t xsave[AREA], blob[X86_BLOB_SIZE_AVX512];
    for (size_t i = 0; i < sizeof xsave; i++)
        xsave[i] = (uint8_t)(i * 7 + i / 256);
    set_bv(xsave, 0xe7);
    memset(blob, 0xee, sizeof blob);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX512, xsave, sizeof xsave, blob), 0);
    CHECK(memcmp(reg(blob, X86_K0 + 3), xsave + 0x340 + 3 * 8, 8) == 0);
    CHECK(memcmp(reg(blob, X86_ZMM0H + 5), xsave + 0x380 + 5 * 32, 32) == 0);
    CHECK(memcmp(reg(blob, X86_XMM16 + 2), xsave + 0x580 + 2 * 64, 16) == 0);
    CHECK(memcmp(reg(blob, X86_YMM16H + 2), xsave + 0x580 + 2 * 64 + 16, 16) == 0);
    CHECK(memcmp(reg(blob, X86_ZMM0H + 18), xsave + 0x580 + 2 * 64 + 32, 32) == 0);
    /* Only the bank's registers are touched. */
    CHECK_EQ_U64(reg(blob, X86_YMM0H)[0], 0xee);
    CHECK_EQ_U64(blob[X86_BLOB_SIZE_AVX - 1], 0xee);

    /* The AVX bank from the same area. */
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX, xsave, sizeof xsave, blob), 0);
    CHECK(memcmp(reg(blob, X86_YMM0H + 15), xsave + 576 + 15 * 16, 16) == 0);

    /* A component in its init state (XSTATE_BV bit clear) reads as zeros, whatever the area. */
    set_bv(xsave, 0xa7); /* ZMM_Hi256 (6) clear */
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX512, xsave, sizeof xsave, blob), 0);
    static const uint8_t zero[32];
    CHECK(memcmp(reg(blob, X86_ZMM0H + 5), zero, 32) == 0);
    CHECK(memcmp(reg(blob, X86_ZMM0H + 20), xsave + 0x580 + 4 * 64 + 32, 32) == 0);
    CHECK(memcmp(reg(blob, X86_K0), xsave + 0x340, 8) == 0);
}

/* The banks cover their components whole: the blob round trip reproduces every byte of them,
 * and a write marks exactly the bank's components in use. */
static void test_round_trip(void)
{
    struct x86_xsave_layout l;
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(avx512_leaves, XCR0_AVX512, &l), 0);
    static uint8_t src[AREA], dst[AREA], blob[X86_BLOB_SIZE_AVX512];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (uint8_t)(i * 13 + 5);
    set_bv(src, 0xff);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX, src, sizeof src, blob), 0);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX512, src, sizeof src, blob), 0);
    memset(dst, 0, sizeof dst);
    set_bv(dst, 0x3); /* x87 and SSE only */
    CHECK_EQ_I64(x86_xsave_from_blob(&l, X86_BANK_AVX512, blob, dst, sizeof dst), 0);
    CHECK_EQ_U64(get_bv(dst), 0xe3);
    CHECK_EQ_I64(x86_xsave_from_blob(&l, X86_BANK_AVX, blob, dst, sizeof dst), 0);
    CHECK_EQ_U64(get_bv(dst), 0xe7);
    CHECK(memcmp(dst + 576, src + 576, 256) == 0);
    CHECK(memcmp(dst + 0x340, src + 0x340, AREA - 0x340) == 0);
    /* Nothing outside the components was written (the legacy area stays as the kernel gave). */
    for (size_t i = 0; i < X86_XSAVE_HEADER; i++)
        if (dst[i] != 0) {
            CHECK_FAIL_AT("legacy byte %zu written", i);
            break;
        }
}

/* An area too short for the bank's components, or a layout without them, is an error. */
static void test_short_area(void)
{
    struct x86_xsave_layout l;
    static uint8_t xsave[AREA], blob[X86_BLOB_SIZE_AVX512];
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(avx512_leaves, XCR0_AVX512, &l), 0);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX512, xsave, AREA - 1, blob), -EIO);
    CHECK_EQ_I64(x86_xsave_from_blob(&l, X86_BANK_AVX512, blob, xsave, AREA - 1), -EIO);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX, xsave, 576 + 255, blob), -EIO);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX, xsave, 576 + 256, blob), 0);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_GPR, xsave, AREA, blob), -EIO);
    CHECK_EQ_I64(x86_xsave_layout_from_cpuid(avx512_leaves, XCR0_AVX, &l), 0);
    CHECK_EQ_I64(x86_xsave_to_blob(&l, X86_BANK_AVX512, xsave, AREA, blob), -EIO);
}

CHECK_MAIN(T(test_layout), T(test_bank_components), T(test_avx512_places), T(test_round_trip),
           T(test_short_area))
