/* arch: everything machine-dependent behind one ops table. The server never names a machine
 * register; it reads and writes a per-thread register blob whose layout is the `g` packet layout
 * (registers in regnum order, each at reg_desc.offset), filled bank by bank on demand. */
#ifndef ZSTUB_ARCH_H
#define ZSTUB_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum reg_generic {
    REG_GENERIC_NONE = 0,
    REG_GENERIC_PC,
    REG_GENERIC_SP,
    REG_GENERIC_FP,
    REG_GENERIC_FLAGS,
    REG_GENERIC_ARG1,
    REG_GENERIC_ARG2,
    REG_GENERIC_ARG3,
    REG_GENERIC_ARG4,
    REG_GENERIC_ARG5,
    REG_GENERIC_ARG6,
    REG_GENERIC_RA, /* return address (aarch64 lr) */
    REG_GENERIC_TP  /* thread pointer: lldb finds thread-local variables from it */
};

/* lldb's name for a generic role ("pc", "sp", "tp" ...), NULL for none. */
const char *reg_generic_name(enum reg_generic g);

/* One register, as gdb (target.xml) and lldb (qRegisterInfo) want to see it. */
struct reg_desc {
    const char *name;
    uint16_t bitsize;
    uint16_t offset;      /* byte offset in the register blob (== in the `g` packet) */
    uint8_t bank;         /* which ptrace bank holds it (arch-defined, < ARCH_MAX_BANKS) */
    const char *type;     /* tdesc type: "int64", "code_ptr", "data_ptr", "i387_ext", "vec128",
                             "i8086_eflags" ... */
    const char *group;    /* "general", "float", "vector", "system" or NULL */
    const char *feature;  /* tdesc feature name, e.g. "org.gnu.gdb.i386.core" */
    const char *encoding; /* lldb: "uint", "sint", "ieee754", "vector" */
    const char *format;   /* lldb: "hex", "decimal", "float", "vector-uint8" */
    const char *set;      /* lldb register set name */
    int dwarf;            /* DWARF number, -1 if none */
    int ehframe;          /* eh_frame number, -1 if none */
    enum reg_generic generic;
    const char *alt_name; /* lldb alt-name or NULL */
};

/* A piece of a register that lldb shows by its own name (eax, ax, ah, al, mm0): no room in
 * the register blob, lldb reads and writes it through its container. lldb-server lists them
 * (value_regs); lldb only makes them itself when it knows the ABI, not after attaching to a pid
 * with no executable. Numbered after the real registers: nregs + index. */
struct reg_part {
    const char *name;
    int container; /* regnum of the register holding it */
    uint16_t bitsize;
    uint16_t offset; /* byte offset inside the container */
    bool is_float;   /* aarch64 s0/d0 in v0: lldb shows them as floats */
};

#define ARCH_MAX_BANKS 4
#define ARCH_MAX_HW_SLOTS 32 /* aarch64: up to 16 breakpoint + 16 watchpoint registers */
#define ARCH_MAX_TRAP 4

/* A hardware breakpoint/watchpoint the server wants in place (machine-independent intent). */
enum hw_kind { HW_EXEC = 1, HW_WRITE = 2, HW_READ = 3, HW_ACCESS = 4 }; /* = Z1..Z4 */
struct hw_point {
    enum hw_kind kind;
    uint64_t addr;
    uint64_t len;
};
/* Out-of-line step over a breakpoint: instead of lifting the trap to execute the original
 * instruction in place, a copy of it runs in a slot of a scratch page in the program, followed by
 * a jump back, so the trap never leaves the text and other threads keep running through it. A
 * plan says how: run a slot (the code to write there, and where a thread stopped at each of its
 * instructions really is), or emulate the instruction (relative jumps and calls: only registers
 * and the pushed return address change), or it cannot be done (the caller steps in place). */
#define ARCH_OOL_SLOT 32 /* bytes of one slot */
#define ARCH_OOL_EXITS 2
enum arch_ool_kind { ARCH_OOL_NONE = 0, ARCH_OOL_RUN, ARCH_OOL_EMULATE };
struct arch_ool_plan {
    enum arch_ool_kind kind;
    uint8_t insn_len; /* the original instruction's length */
    /* ARCH_OOL_RUN: the slot's code. A thread stopped at offset 0 has not executed the copy yet
     * (its PC maps back to the breakpoint); one stopped at exit_off[i] sits on a jump with no
     * other effect, so it is really at exit_to[i]. */
    uint8_t code[ARCH_OOL_SLOT];
    uint8_t code_len;
    uint8_t nexits;
    uint8_t exit_off[ARCH_OOL_EXITS];
    uint64_t exit_to[ARCH_OOL_EXITS];
    /* ARCH_OOL_EMULATE: new PC = target + reg[base] + reg[index] * scale (regnums, -1 for none),
     * then, if indirect, the pointer stored at that address; push_return pushes return_addr. */
    uint64_t target;
    int base_reg, index_reg;
    uint8_t scale;
    bool indirect;
    bool push_return;
    uint64_t return_addr;
    const char *why; /* ARCH_OOL_NONE: why not (for the log) */
};

/* The machine's answer: what goes in each slot, ready to write. Pure data. */
struct hw_plan {
    int nslots_used;
    uint64_t slot_addr[ARCH_MAX_HW_SLOTS];
    uint64_t slot_ctrl[ARCH_MAX_HW_SLOTS]; /* per-slot control word (aarch64) or 0 */
    uint64_t slot_len[ARCH_MAX_HW_SLOTS];
    int slot_owner[ARCH_MAX_HW_SLOTS]; /* index into the `want` array of the first user */
    uint64_t control;                  /* shared control word (x86 DR7) */
};
/* What fired, decoded from the thread's status register / siginfo. */
struct hw_hit {
    bool fired;
    int slot;           /* which slot fired (the lowest if several), -1 if unknown */
    unsigned slot_mask; /* every slot that fired: one access can trip several */
    uint64_t data_addr; /* address the slot watches (or si_addr) */
    bool single_step;   /* the trap was (also) a single-step completion */
};

struct arch_ops {
    const char *name;        /* "x86_64" */
    const char *gdb_arch;    /* "i386:x86-64" for <architecture> */
    const char *osabi;       /* "GNU/Linux" */
    const char *lldb_triple; /* "x86_64-pc-linux-gnu" */
    int elf_machine;         /* EM_X86_64 */
    int elf_class;           /* ELFCLASS64 */
    int ptr_size;            /* 8 */
    bool little_endian;

    const struct reg_desc *regs;
    size_t nregs;
    size_t blob_size; /* bytes of the register blob == `g` payload bytes / 2 */
    /* A client that takes no target.xml (gdb with its target-features packet off) reads `g` in
     * its built-in layout: the blob's first plain_blob_size bytes (0: the whole blob). */
    size_t plain_blob_size;
    int nbanks;
    int expedite[8]; /* regnums to put in stop replies, terminated by -1 */
    int pc_regnum, sp_regnum, fp_regnum;
    int tp_regnum; /* the thread pointer (TLS: x86_64 fs_base), -1 if none */
    /* The register that tells the kernel to restart an interrupted system call when the
     * thread resumes (x86: orig_rax); all ones cancels the restart. -1 if none. */
    int restart_regnum;
    /* Running one system call in a stopped thread (lldb's _M/_m: memory for expressions):
     * the instruction, where the number, the six arguments and the result go, and the numbers
     * of mmap and munmap. syscall_insn_len 0: not supported. */
    uint8_t syscall_insn[ARCH_MAX_TRAP];
    size_t syscall_insn_len;
    int syscall_nr_regnum, syscall_ret_regnum, syscall_arg_regnums[6];
    long sys_mmap, sys_munmap;
    const struct reg_part *parts; /* lldb's sub-registers, regnums nregs .. nregs+nparts-1 */
    size_t nparts;

    /* Build the target description XML for this thread's machine into buf (NUL-terminated).
     * lldb's flavour adds the sub-registers (parts) and names lldb's register sets as groups.
     * Returns the length, or -1 if it does not fit. */
    long (*target_xml)(char *buf, size_t cap, bool for_lldb);

    /* Fill / write back one bank of the blob for thread tid. Return 0 or -errno. */
    int (*bank_read)(pid_t tid, int bank, uint8_t *blob);
    int (*bank_write)(pid_t tid, int bank, const uint8_t *blob);

    /* Software breakpoints. */
    uint8_t trap[ARCH_MAX_TRAP];
    size_t trap_len;
    /* Optional, for arches with several instruction sets (arm: Z0 kind 2 Thumb, 3 Thumb-2,
     * 4 ARM): the trap for a breakpoint kind, its length in *len; NULL for a kind it does not
     * know. Without it a kind must be 0 or trap_len, and trap is used. */
    const uint8_t *(*trap_for_kind)(size_t kind, size_t *len);
    size_t pc_after_trap; /* how far the PC is past the breakpoint address after a hit */
    /* True if siginfo of a SIGTRAP says a software breakpoint instruction trapped. */
    bool (*is_sw_break_trap)(int si_code);
    /* True if the SIGTRAP came from a single-step (hardware trace). */
    bool (*is_step_trap)(int si_code);
    /* Software single-step (arm): where the instruction at the PC can go, from the register
     * blob (its bank holding the PC filled) and the program's memory as the client sees it
     * (no traps). Fills up to max addresses with the breakpoint kind to plant at each; returns
     * their number or -errno. NULL: the arch has no decoder. */
    int (*next_pcs)(const uint8_t *blob,
                    long (*read)(void *opaque, uint64_t addr, void *buf, size_t len), void *opaque,
                    uint64_t *addr, size_t *kind, int max);
    /* The kernel cannot single-step this machine (armhf): steps go through next_pcs. */
    bool no_hw_step;

    /* Hardware debug points. */
    /* Watchpoint slots (lldb's qWatchpointSupportInfo); may be known only after probe. */
    int (*hw_watch_slots)(void);
    /* Pure: assign `want` to slots. Returns 0, or -ENOSPC if they do not fit, -EINVAL if one
     * cannot be represented. Identical pieces share a slot. */
    int (*hw_plan)(const struct hw_point *want, size_t n, struct hw_plan *out);
    /* Write a plan into thread tid's debug registers (disable, addresses, enable). 0/-errno. */
    int (*hw_apply)(pid_t tid, const struct hw_plan *plan);
    /* Read the status of thread tid after a SIGTRAP (x86: DR6) and decode it. 0/-errno. */
    int (*hw_hit)(pid_t tid, const struct hw_plan *plan, struct hw_hit *hit);
    /* Clear the status after a hit was consumed (x86: DR6 = 0). */
    int (*hw_clear_status)(pid_t tid);

    /* Out-of-line step over (see struct arch_ool_plan); NULL if unsupported. Pure: plans the
     * instruction at pc (its bytes in insn, avail of them readable) for a slot at slot. Always
     * fills out; returns 0 when kind is not ARCH_OOL_NONE. */
    int (*ool_plan)(const uint8_t *insn, size_t avail, uint64_t pc, uint64_t slot,
                    struct arch_ool_plan *out);
    /* The debug hardware watches reads alone (aarch64, arm): Z3 is programmed as is and a hit
     * is never filtered by value. false: reads are watched with writes (x86) and told apart. */
    bool hw_read_native;
    /* Hardware traps are taken before the instruction or access (arm): the PC is at it and a
     * resume re-triggers it unless the point is lifted for one step. The client steps over a
     * reported watchpoint itself (gdb's non-steppable watchpoints, lldb's "before"); the stub
     * must for what it does not report (a breakpoint whose condition is false). false: x86
     * (data traps after the access, the resume flag skips an instruction breakpoint). */
    bool hw_traps_before;
    /* Z1's kind is the instruction's length and the planner needs it (arm: Thumb or ARM);
     * false: hardware breakpoints are recorded with length 1. */
    bool hw_exec_len_is_kind;
    /* Optional: learn what the CPU offers from the first traced thread (slot counts). */
    void (*probe)(pid_t tid);
};

/* The architecture zstub serves on this host. */
const struct arch_ops *arch_native(void);
/* Find the arch for an ELF machine/class pair, or NULL when unsupported. */
const struct arch_ops *arch_for_elf(int machine, int elf_class);

#endif
