/* The arm next-PC decoder (software single-step) on a table of instructions with known
 * successors, ARM and Thumb. The code image was assembled once with arm-linux-gnueabihf-as from
 * the listing in the comments; data words sit at 0x1000 (stack) and 0x1800. */
#include <string.h>

#include "arm.h"
#include "check.h"

#define MEM_SIZE 0x2000
static uint8_t mem[MEM_SIZE];

static const uint32_t arm_code[] = {
    0xe0810002, /* 0x00 add r0, r1, r2 */
    0xea00003d, /* 0x04 b 0x100 */
    0xeb00003c, /* 0x08 bl 0x100 */
    0x0a00003b, /* 0x0c beq 0x100 */
    0xe12fff1e, /* 0x10 bx lr */
    0xe12fff33, /* 0x14 blx r3 */
    0xe49df004, /* 0x18 ldr pc, [sp], #4 */
    0xe8bd8010, /* 0x1c pop {r4, pc} */
    0xe1a0f00e, /* 0x20 mov pc, lr */
    0xe08ff100, /* 0x24 add pc, pc, r0, lsl #2 */
    0xe59ff004, /* 0x28 ldr pc, [pc, #4] (loads from 0x34) */
    0xfa0000b3, /* 0x2c blx 0x300 (Thumb) */
    0xe1901f9f, /* 0x30 ldrex r1, [r0] */
    0xe2811001, /* 0x34 add r1, r1, #1 */
    0xe1802f91, /* 0x38 strex r2, r1, [r0] */
    0xe3520000, /* 0x3c cmp r2, #0 */
    0x1afffffa, /* 0x40 bne 0x30 */
    0x11a0f00e, /* 0x44 movne pc, lr */
    0xe91ba810, /* 0x48 ldmdb r11, {r4, r11, sp, pc} */
};

static const uint16_t thumb_code[] = {
    0x3001,         /* 0x200 adds r0, #1 */
    0xe07d,         /* 0x202 b.n 0x300 */
    0xd07c,         /* 0x204 beq.n 0x300 */
    0xb100,         /* 0x206 cbz r0, 0x20a */
    0x4770,         /* 0x208 bx lr */
    0xbd10,         /* 0x20a pop {r4, pc} */
    0xf000, 0xf878, /* 0x20c bl 0x300 */
    0xf7ff, 0xef76, /* 0x210 blx 0x100 (ARM) */
    0xf000, 0xb874, /* 0x214 b.w 0x300 */
    0xf000, 0x8072, /* 0x218 beq.w 0x300 */
    0xf85d, 0xfb04, /* 0x21c ldr.w pc, [sp], #4 */
    0xf850, 0xf021, /* 0x220 ldr.w pc, [r0, r1, lsl #2] */
    0xe8bd, 0x8ff0, /* 0x224 pop.w {r4-r11, pc} */
    0xe8df, 0xf000, /* 0x228 tbb [pc, r0] */
    0x0302,         /* 0x22c the table: 2, 3 */
    0xe8d1, 0xf010, /* 0x22e tbh [r1, r0, lsl #1] */
    0xbf0c,         /* 0x232 ite eq */
    0x2001,         /* 0x234 moveq r0, #1 */
    0xf04f, 0x0002, /* 0x236 movne.w r0, #2 */
    0x46c0,         /* 0x23a nop */
    0xe850, 0x1f00, /* 0x23c ldrex r1, [r0] */
    0x3101,         /* 0x240 adds r1, #1 */
    0xe840, 0x1200, /* 0x242 strex r2, r1, [r0] */
    0x2a00,         /* 0x246 cmp r2, #0 */
    0xd1f8,         /* 0x248 bne.n 0x23c */
    0x46c0,         /* 0x24a nop */
    0x4697,         /* 0x24c mov pc, r2 */
    0xeb01, 0x0002, /* 0x24e add.w r0, r1, r2 */
    0xe850, 0x1f00, /* 0x252 ldrex r1, [r0] */
    0x4299,         /* 0x256 cmp r1, r3 */
    0xd102,         /* 0x258 bne.n 0x260 */
    0xe840, 0x4200, /* 0x25a strex r2, r4, [r0] */
    0x46c0,         /* 0x25e nop */
    0x46c0,         /* 0x260 nop */
};

static void put32(uint32_t addr, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        mem[addr + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}

static void load_image(void)
{
    memset(mem, 0, sizeof mem);
    for (size_t i = 0; i < sizeof arm_code / sizeof arm_code[0]; i++)
        put32(4 * (uint32_t)i, arm_code[i]);
    for (size_t i = 0; i < sizeof thumb_code / sizeof thumb_code[0]; i++) {
        mem[0x200 + 2 * i] = (uint8_t)thumb_code[i];
        mem[0x201 + 2 * i] = (uint8_t)(thumb_code[i] >> 8);
    }
    put32(0x34, 0x1501);   /* what ldr pc, [pc, #4] loads (the add's encoding is overwritten
                             only for that case; see below) */
    put32(0x1000, 0x8101); /* the stack, sp = 0x1000 */
    put32(0x1004, 0xb000);
    put32(0x1020, 0x9001);
    put32(0x1800 + 8, 0xa0a1); /* [r0 + r1 * 4] with r0 = 0x1800, r1 = 2 */
    mem[0x1900] = 0x10;        /* tbh table at r1 = 0x1900: entry 0 = 0x10 */
    put32(0x17fc, 0xc0c0);     /* ldmdb r11 with r11 = 0x1800 */
}

static int reader(void *opaque, uint32_t addr, void *buf, size_t len)
{
    if (addr >= MEM_SIZE || len > MEM_SIZE - addr)
        return -14; /* EFAULT */
    memcpy(buf, mem + addr, len);
    return 0;
}

#define Z (1u << 30)
#define TH ARM_CPSR_T
#define MAXR 4

struct step_case {
    const char *what;
    uint32_t pc, cpsr;
    struct {
        int r;
        uint32_t v;
    } regs[MAXR];
    int n;
    uint32_t addr[4];
    bool thumb[4];
};

/* Registers not named are 0, except sp = 0x1000. */
static const struct step_case cases[] = {
    {"add", 0x00, 0, {{-1, 0}}, 1, {0x04}, {false}},
    {"b", 0x04, 0, {{-1, 0}}, 1, {0x100}, {false}},
    {"bl", 0x08, 0, {{-1, 0}}, 1, {0x100}, {false}},
    {"beq taken", 0x0c, Z, {{-1, 0}}, 1, {0x100}, {false}},
    {"beq not taken", 0x0c, 0, {{-1, 0}}, 1, {0x10}, {false}},
    {"bx lr to Thumb", 0x10, 0, {{14, 0x9001}, {-1, 0}}, 1, {0x9000}, {true}},
    {"blx r3 to ARM", 0x14, 0, {{3, 0xa000}, {-1, 0}}, 1, {0xa000}, {false}},
    {"ldr pc, [sp], #4", 0x18, 0, {{-1, 0}}, 1, {0x8100}, {true}},
    {"pop {r4, pc}", 0x1c, 0, {{-1, 0}}, 1, {0xb000}, {false}},
    {"mov pc, lr", 0x20, 0, {{14, 0xc000}, {-1, 0}}, 1, {0xc000}, {false}},
    {"add pc, pc, r0, lsl #2", 0x24, 0, {{0, 1}, {-1, 0}}, 1, {0x24 + 8 + 4}, {false}},
    {"ldr pc, [pc, #4]", 0x28, 0, {{-1, 0}}, 1, {0x1500}, {true}},
    {"blx imm to Thumb", 0x2c, 0, {{-1, 0}}, 1, {0x300}, {true}},
    {"ldrex...strex as one", 0x30, 0, {{0, 0x1800}, {-1, 0}}, 1, {0x3c}, {false}},
    {"movne pc, lr, Z set", 0x44, Z, {{14, 0xc000}, {-1, 0}}, 1, {0x48}, {false}},
    {"movne pc, lr, Z clear", 0x44, 0, {{14, 0xc000}, {-1, 0}}, 1, {0xc000}, {false}},
    {"ldmdb r11, {..., pc}", 0x48, 0, {{11, 0x1800}, {-1, 0}}, 1, {0xc0c0}, {false}},
    {"adds (16-bit)", 0x200, TH, {{-1, 0}}, 1, {0x202}, {true}},
    {"b.n", 0x202, TH, {{-1, 0}}, 1, {0x300}, {true}},
    {"beq.n not taken", 0x204, TH, {{-1, 0}}, 1, {0x206}, {true}},
    {"beq.n taken", 0x204, TH | Z, {{-1, 0}}, 1, {0x300}, {true}},
    {"cbz taken", 0x206, TH, {{-1, 0}}, 1, {0x20a}, {true}},
    {"cbz not taken", 0x206, TH, {{0, 5}, {-1, 0}}, 1, {0x208}, {true}},
    {"bx lr to ARM", 0x208, TH, {{14, 0x8000}, {-1, 0}}, 1, {0x8000}, {false}},
    {"pop {r4, pc}", 0x20a, TH, {{-1, 0}}, 1, {0xb000}, {false}},
    {"bl", 0x20c, TH, {{-1, 0}}, 1, {0x300}, {true}},
    {"blx imm to ARM", 0x210, TH, {{-1, 0}}, 1, {0x100}, {false}},
    {"b.w", 0x214, TH, {{-1, 0}}, 1, {0x300}, {true}},
    {"beq.w not taken", 0x218, TH, {{-1, 0}}, 1, {0x21c}, {true}},
    {"beq.w taken", 0x218, TH | Z, {{-1, 0}}, 1, {0x300}, {true}},
    {"ldr.w pc, [sp], #4", 0x21c, TH, {{-1, 0}}, 1, {0x8100}, {true}},
    {"ldr.w pc, [r0, r1, lsl #2]", 0x220, TH, {{0, 0x1800}, {1, 2}, {-1, 0}}, 1, {0xa0a0}, {true}},
    {"pop.w {r4-r11, pc}", 0x224, TH, {{13, 0x1000}, {-1, 0}}, 1, {0x9000}, {true}},
    {"tbb [pc, r0]", 0x228, TH, {{0, 1}, {-1, 0}}, 1, {0x228 + 4 + 2 * 3}, {true}},
    {"tbh [r1, r0, lsl #1]", 0x22e, TH, {{1, 0x1900}, {-1, 0}}, 1, {0x22e + 4 + 2 * 0x10}, {true}},
    {"ite eq: both arms and after",
     0x232,
     TH,
     {{-1, 0}},
     3,
     {0x234, 0x236, 0x23a},
     {true, true, true}},
    /* Inside the block (ITSTATE for "ite eq" after the it: firstcond eq, mask 0b1100 -> the
     * moveq, one more after it): ITSTATE 0x0c, bits 7-2 in cpsr 15-10. */
    {"moveq in an it block",
     0x234,
     TH | (0x3u << 10) | (0u << 25),
     {{-1, 0}},
     2,
     {0x236, 0x23a},
     {true, true}},
    {"ldrex...strex as one (Thumb)", 0x23c, TH, {{0, 0x1800}, {-1, 0}}, 1, {0x246}, {true}},
    {"compare-and-swap: the branch out of it too",
     0x252,
     TH,
     {{0, 0x1800}, {-1, 0}},
     2,
     {0x260, 0x25e},
     {true, true}},
    {"mov pc, r2", 0x24c, TH, {{2, 0x701}, {-1, 0}}, 1, {0x700}, {true}},
    {"add.w", 0x24e, TH, {{-1, 0}}, 1, {0x252}, {true}},
};

static void test_table(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct step_case *k = &cases[i];
        load_image();
        if (k->pc == 0x28)
            put32(0x34, 0x1501);
        else
            put32(0x34, arm_code[0x34 / 4]);
        struct arm_step_ctx c = {.cpsr = k->cpsr, .read = reader, .opaque = NULL};
        c.r[13] = 0x1000;
        for (int j = 0; j < MAXR && k->regs[j].r >= 0; j++)
            c.r[k->regs[j].r] = k->regs[j].v;
        c.r[15] = k->pc;
        struct arm_next_pcs out;
        int rc = arm_next_pcs(&c, &out);
        if (rc != 0 || out.n != k->n) {
            CHECK_FAIL_AT("%s: rc %d, %d successors (want %d)", k->what, rc, out.n, k->n);
            continue;
        }
        for (int j = 0; j < k->n; j++)
            if (out.addr[j] != k->addr[j] || out.thumb[j] != k->thumb[j])
                CHECK_FAIL_AT("%s: successor %d is 0x%x%s, want 0x%x%s", k->what, j, out.addr[j],
                              out.thumb[j] ? " (Thumb)" : "", k->addr[j],
                              k->thumb[j] ? " (Thumb)" : "");
    }
}

static void test_conditions(void)
{
    /* N Z C V in bits 31-28; a few of the fourteen conditions. */
    CHECK(arm_cond_passed(0x0, Z));               /* eq */
    CHECK(!arm_cond_passed(0x1, Z));              /* ne */
    CHECK(arm_cond_passed(0x8, 1u << 29));        /* hi: C and not Z */
    CHECK(!arm_cond_passed(0x8, (1u << 29) | Z)); /* hi */
    CHECK(arm_cond_passed(0xa, 0x90000000));      /* ge: N == V */
    CHECK(arm_cond_passed(0xb, 0x80000000));      /* lt: N != V */
    CHECK(arm_cond_passed(0xd, Z));               /* le */
    CHECK(arm_cond_passed(0xe, 0));               /* al */
}

static void test_unreadable_memory(void)
{
    load_image();
    struct arm_step_ctx c = {.read = reader};
    c.r[15] = 0x18; /* ldr pc, [sp], #4 with sp out of the image */
    c.r[13] = 0x7ffffff0;
    struct arm_next_pcs out;
    CHECK(arm_next_pcs(&c, &out) < 0);
    c.r[15] = MEM_SIZE + 0x100;
    CHECK(arm_next_pcs(&c, &out) < 0);
}

CHECK_MAIN(T(test_table), T(test_conditions), T(test_unreadable_memory))
