/* Unit tests for the x86_64 register table, target.xml generation, arch selection and the
 * pure x87 tag-word conversions. (Live ptrace tests are in test_x86_ptrace.c.) */
#include <stdlib.h>

#include "check.h"
#include "x86_64.h"

static void check_table(const struct arch_ops *a, size_t nregs, size_t blob_size)
{
    CHECK_EQ_U64(a->nregs, nregs);
    CHECK_EQ_U64(a->blob_size, blob_size);
    size_t off = 0;
    for (size_t i = 0; i < a->nregs; i++) {
        const struct reg_desc *r = &a->regs[i];
        CHECK_EQ_U64(r->offset, off); /* contiguous, in regnum order */
        CHECK_EQ_U64(r->bitsize % 8, 0);
        CHECK(r->bank < a->nbanks);
        CHECK(r->name && r->type && r->feature && r->encoding && r->format && r->set);
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->regs[j].name, r->name) == 0)
                CHECK_FAIL_AT("duplicate %s", r->name);
        off += r->bitsize / 8u;
    }
    CHECK_EQ_U64(off, blob_size);
}

static void test_tables(void)
{
    check_table(x86_64_ops(X86_PLAIN), X86_NREGS_BASE, X86_BLOB_SIZE_BASE);
    check_table(x86_64_ops(X86_AVX), X86_NREGS_AVX, X86_BLOB_SIZE_AVX);
    check_table(x86_64_ops(X86_AVX512), X86_NREGS_AVX512, X86_BLOB_SIZE_AVX512);
    CHECK_EQ_I64(x86_64_ops(X86_PLAIN)->nbanks, 2);
    CHECK_EQ_I64(x86_64_ops(X86_AVX)->nbanks, 3);
    CHECK_EQ_I64(x86_64_ops(X86_AVX512)->nbanks, 4);
    /* A client without target.xml reads the plain amd64 layout whatever the flavour. */
    for (int f = X86_PLAIN; f <= X86_AVX512; f++)
        CHECK_EQ_U64(x86_64_ops((enum x86_64_flavour)f)->plain_blob_size, X86_BLOB_SIZE_BASE);
    /* Spot checks against gdbserver's `g` layout (maint print remote-registers). */
    CHECK_EQ_U64(x86_64_regs[X86_RIP].offset, 128);
    CHECK_EQ_U64(x86_64_regs[X86_ST0].offset, 164);
    CHECK_EQ_U64(x86_64_regs[X86_XMM0].offset, 276);
    CHECK_EQ_U64(x86_64_regs[X86_ORIG_RAX].offset, 536);
    CHECK_EQ_U64(x86_64_regs[X86_YMM0H].offset, 560);
    CHECK_STR(x86_64_regs[X86_GS_BASE].name, "gs_base");
    CHECK_STR(x86_64_regs[X86_YMM0H + 15].name, "ymm15h");
    /* org.gnu.gdb.i386.avx512 in gdb's order: xmm16-31, ymm16h-31h, k0-7, zmm0h-31h. */
    static const struct {
        int regnum;
        const char *name, *type;
        unsigned bits;
    } avx512[] = {
        {X86_XMM16, "xmm16", "vec128", 128},
        {X86_XMM16 + 15, "xmm31", "vec128", 128},
        {X86_YMM16H, "ymm16h", "uint128", 128},
        {X86_YMM16H + 15, "ymm31h", "uint128", 128},
        {X86_K0, "k0", "uint64", 64},
        {X86_K0 + 7, "k7", "uint64", 64},
        {X86_ZMM0H, "zmm0h", "v2ui128", 256},
        {X86_ZMM0H + 31, "zmm31h", "v2ui128", 256},
        {X86_NREGS_AVX512 - 1, "zmm31h", "v2ui128", 256},
    };
    for (size_t i = 0; i < sizeof avx512 / sizeof avx512[0]; i++) {
        const struct reg_desc *r = &x86_64_regs[avx512[i].regnum];
        CHECK_STR(r->name, avx512[i].name);
        CHECK_STR(r->type, avx512[i].type);
        CHECK_EQ_U64(r->bitsize, avx512[i].bits);
        CHECK_STR(r->feature, "org.gnu.gdb.i386.avx512");
        CHECK_EQ_I64(r->bank, X86_BANK_AVX512);
    }
    CHECK_EQ_U64(x86_64_regs[X86_XMM16].offset, X86_BLOB_SIZE_AVX);
    CHECK_EQ_I64(x86_64_regs[X86_XMM16 + 15].dwarf, 82);
    CHECK_EQ_I64(x86_64_regs[X86_K0].dwarf, 118);
}

static void test_roles(void)
{
    const struct arch_ops *a = arch_native();
    CHECK_STR(a->regs[a->pc_regnum].name, "rip");
    CHECK_STR(a->regs[a->sp_regnum].name, "rsp");
    CHECK_STR(a->regs[a->fp_regnum].name, "rbp");
    CHECK_EQ_I64(a->expedite[0], X86_RBP);
    CHECK_EQ_I64(a->expedite[1], X86_RSP);
    CHECK_EQ_I64(a->expedite[2], X86_RIP);
    CHECK_EQ_I64(a->expedite[3], -1);
    static const char *const args[] = {"rdi", "rsi", "rdx", "rcx", "r8", "r9"};
    for (int g = REG_GENERIC_ARG1; g <= REG_GENERIC_ARG6; g++) {
        int found = 0;
        for (size_t i = 0; i < a->nregs; i++)
            if (a->regs[i].generic == (enum reg_generic)g) {
                found++;
                CHECK_STR(a->regs[i].name, args[g - REG_GENERIC_ARG1]);
            }
        CHECK_EQ_I64(found, 1);
    }
    CHECK_EQ_I64(a->regs[X86_RDX].dwarf, 1);
    CHECK_EQ_I64(a->regs[X86_XMM0 + 15].dwarf, 32);
    CHECK_EQ_I64(a->regs[X86_ST0 + 7].dwarf, 40);
    CHECK_EQ_I64(a->regs[X86_EFLAGS].dwarf, 49);
    CHECK_EQ_U64(a->trap[0], 0xCC);
    CHECK_EQ_U64(a->trap_len, 1);
    CHECK_EQ_U64(a->pc_after_trap, 1);
    CHECK_EQ_I64(a->hw_watch_slots(), 4);
    CHECK(a->is_sw_break_trap(0x80) && !a->is_sw_break_trap(1) && !a->is_sw_break_trap(2));
    CHECK(a->is_step_trap(2) && a->is_step_trap(1) && !a->is_step_trap(0x80));
}

static void test_arch_select(void)
{
    CHECK(arch_for_elf(62 /* EM_X86_64 */, 2 /* ELFCLASS64 */) == arch_native());
    CHECK(arch_for_elf(62, 1) == NULL);
    CHECK(arch_for_elf(3 /* EM_386 */, 1) == NULL);
    CHECK(arch_native() == x86_64_ops(x86_64_flavour()));
    CHECK(x86_64_has_avx() == (x86_64_flavour() >= X86_AVX));
    CHECK_STR(arch_native()->gdb_arch, "i386:x86-64");
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void check_xml(const struct arch_ops *a)
{
    static char xml[65536];
    long len = a->target_xml(xml, sizeof xml, false);
    CHECK(len > 0);
    if (len <= 0)
        return;
    CHECK_EQ_U64(strlen(xml), (uint64_t)len);
    CHECK(strncmp(xml, "<?xml version=\"1.0\"?>", 21) == 0);
    CHECK(strstr(xml, "<architecture>i386:x86-64</architecture>") != NULL);
    CHECK(strstr(xml, "<osabi>GNU/Linux</osabi>") != NULL);
    CHECK(strcmp(xml + len - 10, "</target>\n") == 0);
    CHECK_EQ_U64(count(xml, "<reg "), a->nregs);
    CHECK_EQ_U64(count(xml, "<feature "), count(xml, "</feature>"));
    CHECK_EQ_U64(count(xml, "<"), count(xml, ">")); /* no stray or cut-off tags */
    const char *p = xml;
    for (size_t i = 0; i < a->nregs; i++) { /* every register, in regnum order */
        char want[64];
        snprintf(want, sizeof want, "<reg name=\"%s\" bitsize=\"%u\"", a->regs[i].name,
                 a->regs[i].bitsize);
        p = strstr(p, want);
        if (!p) {
            CHECK_FAIL_AT("%s missing or out of order", a->regs[i].name);
            return;
        }
    }
    /* Too small a buffer is an error, never a truncated document. */
    CHECK_EQ_I64(a->target_xml(xml, (size_t)len, false), -1);
    CHECK_EQ_I64(a->target_xml(xml, (size_t)len + 1, false), len);
}

static void test_target_xml(void)
{
    check_xml(x86_64_ops(X86_PLAIN));
    check_xml(x86_64_ops(X86_AVX));
    check_xml(x86_64_ops(X86_AVX512));
    static char xml[65536];
    CHECK(x86_64_ops(X86_AVX)->target_xml(xml, sizeof xml, false) > 0);
    CHECK(strstr(xml, "org.gnu.gdb.i386.avx\"") != NULL);
    CHECK(strstr(xml, "org.gnu.gdb.i386.avx512") == NULL);
    /* gdb finds a register's type in its own feature only: avx512 carries vec128 and v2ui128
     * after its opening tag and before its first register. */
    CHECK(x86_64_ops(X86_AVX512)->target_xml(xml, sizeof xml, false) > 0);
    const char *f = strstr(xml, "<feature name=\"org.gnu.gdb.i386.avx512\">");
    CHECK(f != NULL);
    if (f) {
        const char *first = strstr(f, "<reg ");
        const char *u = strstr(f, "<union id=\"vec128\">");
        const char *v = strstr(f, "<vector id=\"v2ui128\" type=\"uint128\" count=\"2\"/>");
        CHECK(first && u && v && u < first && v < first);
        CHECK(strstr(f, "<reg name=\"xmm16\" bitsize=\"128\" type=\"vec128\" regnum=\"76\""));
        CHECK(strstr(f, "<reg name=\"k1\" bitsize=\"64\" type=\"uint64\" regnum=\"109\""));
        CHECK(strstr(f, "<reg name=\"zmm31h\" bitsize=\"256\" type=\"v2ui128\" regnum=\"147\""));
    }
    /* lldb's flavour fits the server's buffer too (sub-registers numbered after zmm31h). */
    long lldb_len = x86_64_ops(X86_AVX512)->target_xml(xml, sizeof xml, true);
    CHECK(lldb_len > 0);
    CHECK(strstr(xml, "<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"148\""));
    CHECK(x86_64_ops(X86_PLAIN)->target_xml(xml, sizeof xml, false) > 0);
    CHECK(strstr(xml, "org.gnu.gdb.i386.avx") == NULL);
    CHECK(strstr(xml, "<union id=\"vec128\">") != NULL);
    CHECK(strstr(xml, "<flags id=\"i386_mxcsr\" size=\"4\">") != NULL);
    CHECK(strstr(xml, "name=\"fctrl\" bitsize=\"32\" type=\"int\" regnum=\"32\" group=\"float\""));
}

/* lldb's sub-registers: inside a real register of the base table, names unique. */
static void test_parts(void)
{
    const struct arch_ops *a = x86_64_ops(X86_AVX);
    CHECK_EQ_U64(a->nparts, X86_NPARTS);
    for (size_t i = 0; i < a->nparts; i++) {
        const struct reg_part *p = &a->parts[i];
        CHECK(p->container >= 0 && p->container < X86_NREGS_BASE);
        CHECK(p->offset * 8u + p->bitsize <= a->regs[p->container].bitsize);
        for (size_t j = 0; j < a->nregs; j++)
            if (strcmp(a->regs[j].name, p->name) == 0)
                CHECK_FAIL_AT("part %s is also a register", p->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->parts[j].name, p->name) == 0)
                CHECK_FAIL_AT("duplicate part %s", p->name);
    }
    static char xml[65536];
    CHECK(a->target_xml(xml, sizeof xml, false) > 0);
    CHECK(strstr(xml, "name=\"eax\"") == NULL); /* gdb's description has none */
    CHECK(a->target_xml(xml, sizeof xml, true) > 0);
    CHECK(strstr(xml, "name=\"rax\" bitsize=\"64\" type=\"int64\" regnum=\"0\" "
                      "group=\"General Purpose Registers\""));
    CHECK(strstr(xml, "<reg name=\"ah\" bitsize=\"8\" type=\"int8\" regnum=\"108\" "
                      "group=\"General Purpose Registers\" offset=\"1\" "
                      "encoding=\"uint\" format=\"hex\" value_regnums=\"0\" "
                      "invalidate_regnums=\"0,76,92,108,112\"/>"));
}

/* Writes one 80-bit value (significand, sign|exponent) into ST(i) of an FXSAVE st_space. */
static void set_st(uint8_t *st_space, int i, uint64_t mantissa, uint16_t sign_exp)
{
    memcpy(st_space + 16 * i, &mantissa, 8);
    memcpy(st_space + 16 * i + 8, &sign_exp, 2);
}

static void test_x87_tags(void)
{
    uint8_t st[128] = {0};
    set_st(st, 0, 1ull << 63, 0x3fff); /* 1.0: valid */
    set_st(st, 1, 0, 0);               /* +0: zero */
    set_st(st, 2, 1ull << 63, 0x7fff); /* inf: special */
    set_st(st, 3, 1, 0);               /* denormal: special */
    set_st(st, 4, 1, 0x0001);          /* unnormal (integer bit clear): special */
    /* TOP=0: ST(i) is physical register i; ST5..7 empty. */
    CHECK_EQ_U64(x87_full_tag(0x1f, 0, st), 0xFEA4);
    /* TOP=5: ST0..ST4 are physical 5,6,7,0,1. */
    CHECK_EQ_U64(x87_full_tag(0xE3, 5u << 11, st), 0x93FA);
    CHECK_EQ_U64(x87_full_tag(0, 5u << 11, st), 0xFFFF);
    CHECK_EQ_U64(x87_abridged_tag(0x93FA), 0xE3);
    CHECK_EQ_U64(x87_abridged_tag(0xFFFF), 0);
    CHECK_EQ_U64(x87_abridged_tag(0), 0xFF);
    CHECK_EQ_U64(x87_abridged_tag(0x3FFF), 0x80);
}

CHECK_MAIN(T(test_tables), T(test_roles), T(test_arch_select), T(test_target_xml), T(test_parts),
           T(test_x87_tags))
