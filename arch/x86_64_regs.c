/* The x86_64 register table: names, sizes and `g` packet offsets exactly as gdb 13 lays out the
 * features org.gnu.gdb.i386.{core,sse,linux,segments,avx,avx512} in that order (the same order
 * gdbserver uses), plus the lldb-only facts (DWARF/eh_frame numbers, generic roles, formats).
 * Offsets are spelled out so the table stays const; the unit test checks they are contiguous. */
#include "x86_64.h"

#define F_CORE "org.gnu.gdb.i386.core"
#define F_SSE "org.gnu.gdb.i386.sse"
#define F_LINUX "org.gnu.gdb.i386.linux"
#define F_SEGS "org.gnu.gdb.i386.segments"
#define F_AVX "org.gnu.gdb.i386.avx"
#define F_AVX512 "org.gnu.gdb.i386.avx512"

#define SET_GPR "General Purpose Registers"
#define SET_FPR "Floating Point Registers"
#define SET_AVX "Advanced Vector Extensions"
#define SET_AVX512 "AVX-512 Registers"

/* Blob offsets of each group (see the enum in x86_64.h for the regnums). */
#define OFF_RIP 128
#define OFF_EFLAGS 136
#define OFF_SEG 140   /* cs ss ds es fs gs, 4 bytes each */
#define OFF_ST 164    /* st0..st7, 10 bytes each */
#define OFF_FCTRL 244 /* fctrl..fop, 4 bytes each */
#define OFF_XMM 276   /* xmm0..xmm15, 16 bytes each */
#define OFF_MXCSR 532
#define OFF_ORIG_RAX 536
#define OFF_FS_BASE 544
#define OFF_YMMH 560    /* ymm0h..ymm15h, 16 bytes each */
#define OFF_XMM16 816   /* xmm16..xmm31, 16 bytes each */
#define OFF_YMM16H 1072 /* ymm16h..ymm31h, 16 bytes each */
#define OFF_K 1328      /* k0..k7, 8 bytes each */
#define OFF_ZMMH 1392   /* zmm0h..zmm31h, 32 bytes each */

/* A 64-bit general register: index in the core feature, tdesc type, SysV DWARF number. */
#define GPR(nm, i, ty, dw, gen, alt)                                                               \
    {                                                                                              \
        nm, 64, 8 * (i), X86_BANK_GPR, ty, NULL, F_CORE, "uint", "hex", SET_GPR, dw, dw, gen, alt  \
    }
#define SEG(nm, i, dw)                                                                             \
    {                                                                                              \
        nm, 32, OFF_SEG + 4 * (i), X86_BANK_GPR, "int32", NULL, F_CORE, "uint", "hex", SET_GPR,    \
            dw, dw, REG_GENERIC_NONE, NULL                                                         \
    }
#define ST(i)                                                                                      \
    {                                                                                              \
        "st" #i, 80, OFF_ST + 10 * (i), X86_BANK_FPU, "i387_ext", NULL, F_CORE, "vector",          \
            "vector-uint8", SET_FPR, 33 + (i), 33 + (i), REG_GENERIC_NONE, NULL                    \
    }
#define FCW(nm, i, dw)                                                                             \
    {                                                                                              \
        nm, 32, OFF_FCTRL + 4 * (i), X86_BANK_FPU, "int", "float", F_CORE, "uint", "hex", SET_FPR, \
            dw, dw, REG_GENERIC_NONE, NULL                                                         \
    }
#define XMM(i)                                                                                     \
    {                                                                                              \
        "xmm" #i, 128, OFF_XMM + 16 * (i), X86_BANK_FPU, "vec128", NULL, F_SSE, "vector",          \
            "vector-uint8", SET_FPR, 17 + (i), 17 + (i), REG_GENERIC_NONE, NULL                    \
    }
#define YMMH(i)                                                                                    \
    {                                                                                              \
        "ymm" #i "h", 128, OFF_YMMH + 16 * (i), X86_BANK_AVX, "uint128", NULL, F_AVX, "vector",    \
            "vector-uint8", SET_AVX, -1, -1, REG_GENERIC_NONE, NULL                                \
    }
/* AVX-512 (org.gnu.gdb.i386.avx512); DWARF numbers per the psABI: xmm16-31 67-82, k0-7
 * 118-125. i is the number in the register's name. */
#define XMM16(i)                                                                                   \
    {                                                                                              \
        "xmm" #i, 128, OFF_XMM16 + 16 * ((i)-16), X86_BANK_AVX512, "vec128", NULL, F_AVX512,       \
            "vector", "vector-uint8", SET_AVX512, 51 + (i), 51 + (i), REG_GENERIC_NONE, NULL       \
    }
#define YMM16H(i)                                                                                  \
    {                                                                                              \
        "ymm" #i "h", 128, OFF_YMM16H + 16 * ((i)-16), X86_BANK_AVX512, "uint128", NULL, F_AVX512, \
            "vector", "vector-uint8", SET_AVX512, -1, -1, REG_GENERIC_NONE, NULL                   \
    }
#define KREG(i)                                                                                    \
    {                                                                                              \
        "k" #i, 64, OFF_K + 8 * (i), X86_BANK_AVX512, "uint64", NULL, F_AVX512, "uint", "hex",     \
            SET_AVX512, 118 + (i), 118 + (i), REG_GENERIC_NONE, NULL                               \
    }
#define ZMMH(i)                                                                                    \
    {                                                                                              \
        "zmm" #i "h", 256, OFF_ZMMH + 32 * (i), X86_BANK_AVX512, "v2ui128", NULL, F_AVX512,        \
            "vector", "vector-uint8", SET_AVX512, -1, -1, REG_GENERIC_NONE, NULL                   \
    }

const struct reg_desc x86_64_regs[X86_NREGS_AVX512] = {
    /* org.gnu.gdb.i386.core; DWARF numbers per the x86_64 SysV psABI (rdx=1, rcx=2 ...). */
    GPR("rax", 0, "int64", 0, REG_GENERIC_NONE, NULL),
    GPR("rbx", 1, "int64", 3, REG_GENERIC_NONE, NULL),
    GPR("rcx", 2, "int64", 2, REG_GENERIC_ARG4, NULL),
    GPR("rdx", 3, "int64", 1, REG_GENERIC_ARG3, NULL),
    GPR("rsi", 4, "int64", 4, REG_GENERIC_ARG2, NULL),
    GPR("rdi", 5, "int64", 5, REG_GENERIC_ARG1, NULL),
    GPR("rbp", 6, "data_ptr", 6, REG_GENERIC_FP, "fp"),
    GPR("rsp", 7, "data_ptr", 7, REG_GENERIC_SP, "sp"),
    GPR("r8", 8, "int64", 8, REG_GENERIC_ARG5, NULL),
    GPR("r9", 9, "int64", 9, REG_GENERIC_ARG6, NULL),
    GPR("r10", 10, "int64", 10, REG_GENERIC_NONE, NULL),
    GPR("r11", 11, "int64", 11, REG_GENERIC_NONE, NULL),
    GPR("r12", 12, "int64", 12, REG_GENERIC_NONE, NULL),
    GPR("r13", 13, "int64", 13, REG_GENERIC_NONE, NULL),
    GPR("r14", 14, "int64", 14, REG_GENERIC_NONE, NULL),
    GPR("r15", 15, "int64", 15, REG_GENERIC_NONE, NULL),
    GPR("rip", 16, "code_ptr", 16, REG_GENERIC_PC, "pc"),
    {"eflags", 32, OFF_EFLAGS, X86_BANK_GPR, "i386_eflags", NULL, F_CORE, "uint", "hex", SET_GPR,
     49, 49, REG_GENERIC_FLAGS, NULL},
    SEG("cs", 0, 51),
    SEG("ss", 1, 52),
    SEG("ds", 2, 53),
    SEG("es", 3, 50),
    SEG("fs", 4, 54),
    SEG("gs", 5, 55),
    ST(0),
    ST(1),
    ST(2),
    ST(3),
    ST(4),
    ST(5),
    ST(6),
    ST(7),
    /* psABI numbers fcw=65, fsw=66; the rest of the x87 control state has none. */
    FCW("fctrl", 0, 65),
    FCW("fstat", 1, 66),
    FCW("ftag", 2, -1),
    FCW("fiseg", 3, -1),
    FCW("fioff", 4, -1),
    FCW("foseg", 5, -1),
    FCW("fooff", 6, -1),
    FCW("fop", 7, -1),
    /* org.gnu.gdb.i386.sse */
    XMM(0),
    XMM(1),
    XMM(2),
    XMM(3),
    XMM(4),
    XMM(5),
    XMM(6),
    XMM(7),
    XMM(8),
    XMM(9),
    XMM(10),
    XMM(11),
    XMM(12),
    XMM(13),
    XMM(14),
    XMM(15),
    {"mxcsr", 32, OFF_MXCSR, X86_BANK_FPU, "i386_mxcsr", "vector", F_SSE, "uint", "hex", SET_FPR,
     64, 64, REG_GENERIC_NONE, NULL},
    /* org.gnu.gdb.i386.linux: the syscall number the kernel restarts with. */
    {"orig_rax", 64, OFF_ORIG_RAX, X86_BANK_GPR, "int", NULL, F_LINUX, "uint", "hex", SET_GPR, -1,
     -1, REG_GENERIC_NONE, NULL},
    /* org.gnu.gdb.i386.segments */
    {"fs_base", 64, OFF_FS_BASE, X86_BANK_GPR, "int", NULL, F_SEGS, "uint", "hex", SET_GPR, 58, 58,
     REG_GENERIC_TP, NULL},
    {"gs_base", 64, OFF_FS_BASE + 8, X86_BANK_GPR, "int", NULL, F_SEGS, "uint", "hex", SET_GPR, 59,
     59, REG_GENERIC_NONE, NULL},
    /* org.gnu.gdb.i386.avx: only present when the CPU/OS saves AVX state. */
    YMMH(0),
    YMMH(1),
    YMMH(2),
    YMMH(3),
    YMMH(4),
    YMMH(5),
    YMMH(6),
    YMMH(7),
    YMMH(8),
    YMMH(9),
    YMMH(10),
    YMMH(11),
    YMMH(12),
    YMMH(13),
    YMMH(14),
    YMMH(15),
    /* org.gnu.gdb.i386.avx512: only present when the CPU/OS save opmask and ZMM state. */
    XMM16(16),
    XMM16(17),
    XMM16(18),
    XMM16(19),
    XMM16(20),
    XMM16(21),
    XMM16(22),
    XMM16(23),
    XMM16(24),
    XMM16(25),
    XMM16(26),
    XMM16(27),
    XMM16(28),
    XMM16(29),
    XMM16(30),
    XMM16(31),
    YMM16H(16),
    YMM16H(17),
    YMM16H(18),
    YMM16H(19),
    YMM16H(20),
    YMM16H(21),
    YMM16H(22),
    YMM16H(23),
    YMM16H(24),
    YMM16H(25),
    YMM16H(26),
    YMM16H(27),
    YMM16H(28),
    YMM16H(29),
    YMM16H(30),
    YMM16H(31),
    KREG(0),
    KREG(1),
    KREG(2),
    KREG(3),
    KREG(4),
    KREG(5),
    KREG(6),
    KREG(7),
    ZMMH(0),
    ZMMH(1),
    ZMMH(2),
    ZMMH(3),
    ZMMH(4),
    ZMMH(5),
    ZMMH(6),
    ZMMH(7),
    ZMMH(8),
    ZMMH(9),
    ZMMH(10),
    ZMMH(11),
    ZMMH(12),
    ZMMH(13),
    ZMMH(14),
    ZMMH(15),
    ZMMH(16),
    ZMMH(17),
    ZMMH(18),
    ZMMH(19),
    ZMMH(20),
    ZMMH(21),
    ZMMH(22),
    ZMMH(23),
    ZMMH(24),
    ZMMH(25),
    ZMMH(26),
    ZMMH(27),
    ZMMH(28),
    ZMMH(29),
    ZMMH(30),
    ZMMH(31),
};

/* Views of a general register: low 32, 16 and 8 bits, and bits 8-15 for the first four. */
#define W32(r, nm)                                                                                 \
    {                                                                                              \
        nm, X86_##r, 32, 0, false                                                                  \
    }
#define W16(r, nm)                                                                                 \
    {                                                                                              \
        nm, X86_##r, 16, 0, false                                                                  \
    }
#define LO8(r, nm)                                                                                 \
    {                                                                                              \
        nm, X86_##r, 8, 0, false                                                                   \
    }
#define HI8(r, nm)                                                                                 \
    {                                                                                              \
        nm, X86_##r, 8, 1, false                                                                   \
    }
#define MMX(i)                                                                                     \
    {                                                                                              \
        "mm" #i, X86_ST0 + (i), 64, 0, false                                                       \
    } /* the mantissa of st(i) */

const struct reg_part x86_64_parts[X86_NPARTS] = {
    W32(RAX, "eax"),  W32(RBX, "ebx"),  W32(RCX, "ecx"),  W32(RDX, "edx"),  W32(RDI, "edi"),
    W32(RSI, "esi"),  W32(RBP, "ebp"),  W32(RSP, "esp"),  W32(R8, "r8d"),   W32(R9, "r9d"),
    W32(R10, "r10d"), W32(R11, "r11d"), W32(R12, "r12d"), W32(R13, "r13d"), W32(R14, "r14d"),
    W32(R15, "r15d"), W16(RAX, "ax"),   W16(RBX, "bx"),   W16(RCX, "cx"),   W16(RDX, "dx"),
    W16(RDI, "di"),   W16(RSI, "si"),   W16(RBP, "bp"),   W16(RSP, "sp"),   W16(R8, "r8w"),
    W16(R9, "r9w"),   W16(R10, "r10w"), W16(R11, "r11w"), W16(R12, "r12w"), W16(R13, "r13w"),
    W16(R14, "r14w"), W16(R15, "r15w"), HI8(RAX, "ah"),   HI8(RBX, "bh"),   HI8(RCX, "ch"),
    HI8(RDX, "dh"),   LO8(RAX, "al"),   LO8(RBX, "bl"),   LO8(RCX, "cl"),   LO8(RDX, "dl"),
    LO8(RDI, "dil"),  LO8(RSI, "sil"),  LO8(RBP, "bpl"),  LO8(RSP, "spl"),  LO8(R8, "r8l"),
    LO8(R9, "r9l"),   LO8(R10, "r10l"), LO8(R11, "r11l"), LO8(R12, "r12l"), LO8(R13, "r13l"),
    LO8(R14, "r14l"), LO8(R15, "r15l"), MMX(0),           MMX(1),           MMX(2),
    MMX(3),           MMX(4),           MMX(5),           MMX(6),           MMX(7),
};
