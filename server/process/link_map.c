/* Reading the dynamic linker's list of loaded objects from the program's memory (see link_map.h).
 * The layouts are glibc's public ones (<link.h>), counted in pointers so that they hold for
 * either pointer size: link_map is l_addr, l_name, l_ld, l_next, l_prev; r_debug is r_version
 * (an int padded to a pointer), r_map, r_brk, r_state, r_ldbase, then r_next. */
#include "link_map.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { LM_ADDR, LM_NAME, LM_LD, LM_NEXT, LM_PREV, LM_WORDS };
enum { RD_VERSION, RD_MAP, RD_NEXT = 5 };

static int read_ptr(struct inferior *inf, uint64_t addr, uint64_t *out)
{
    return mem_read_uint(inf, addr, (uint32_t)inf->arch->ptr_size * 8, out);
}

/* AT_PHDR and AT_PHNUM from /proc/PID/auxv (64-bit entries). */
static int program_headers(pid_t pid, uint64_t *phdr, uint64_t *phnum)
{
    char path[64];
    *phdr = *phnum = 0;
    snprintf(path, sizeof path, "/proc/%d/auxv", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    uint64_t av[2 * 64];
    ssize_t n = read(fd, av, sizeof av);
    close(fd);
    for (ssize_t i = 0; i + 1 < n / 8 && av[i] != AT_NULL; i += 2) {
        if (av[i] == AT_PHDR)
            *phdr = av[i + 1];
        else if (av[i] == AT_PHNUM)
            *phnum = av[i + 1];
    }
    return *phdr && *phnum ? 0 : -ENOENT;
}

/* The run-time address of PT_DYNAMIC, 0 for a program without one (static). The load bias is
 * where PT_PHDR ended up minus where it says it is. Without PT_PHDR it cannot be known: that is
 * no ordinary program (the dynamic linker run as one, `ld.so PROG`, whose DT_DEBUG is the one of
 * the program it loads): -ENOENT, and the client finds the libraries its own way. */
static int dynamic_section(struct inferior *inf, uint64_t *dyn)
{
    uint64_t phdr = 0, phnum = 0, bias = 0;
    bool have_phdr = false;
    int rc = program_headers(inf->pid, &phdr, &phnum);
    if (rc < 0)
        return rc;
    Elf64_Phdr ph[64];
    if (phnum > sizeof ph / sizeof ph[0])
        phnum = sizeof ph / sizeof ph[0];
    if (mem_read_raw(inf, phdr, ph, phnum * sizeof ph[0]) != (long)(phnum * sizeof ph[0]))
        return -EIO;
    *dyn = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        if (ph[i].p_type == PT_PHDR) {
            bias = phdr - ph[i].p_vaddr;
            have_phdr = true;
        }
    }
    for (uint64_t i = 0; i < phnum; i++)
        if (ph[i].p_type == PT_DYNAMIC)
            *dyn = ph[i].p_vaddr + bias;
    return *dyn && !have_phdr ? -ENOENT : 0;
}

int link_map_r_debug(struct inferior *inf, uint64_t *r_debug)
{
    *r_debug = 0;
    if (inf->arch->ptr_size != 8)
        return -ENOSYS; /* 64-bit program headers only, like the rest of the stub */
    uint64_t dyn;
    int rc = dynamic_section(inf, &dyn);
    if (rc < 0 || dyn == 0)
        return rc;
    Elf64_Dyn d[32];
    for (int chunk = 0; chunk < 64; chunk++, dyn += sizeof d) {
        long got = mem_read_raw(inf, dyn, d, sizeof d);
        if (got < (long)sizeof d[0])
            return -EIO;
        for (size_t i = 0; i < (size_t)got / sizeof d[0]; i++) {
            if (d[i].d_tag == DT_NULL)
                return 0;
            if (d[i].d_tag == DT_DEBUG) {
                *r_debug = d[i].d_un.d_val;
                return 0;
            }
        }
    }
    return 0;
}

int link_map_namespace(struct inferior *inf, uint64_t r_debug, struct link_map_ns *out)
{
    uint64_t p = (uint64_t)inf->arch->ptr_size, version;
    memset(out, 0, sizeof *out);
    int rc = mem_read_uint(inf, r_debug + RD_VERSION * p, 32, &version);
    if (rc == 0)
        rc = read_ptr(inf, r_debug + RD_MAP * p, &out->first);
    out->version = (int)version;
    if (rc == 0 && out->version >= 2)
        rc = read_ptr(inf, r_debug + RD_NEXT * p, &out->next);
    return rc;
}

/* Word i of the bytes b, in the program's pointer size and byte order. */
static uint64_t word_at(const struct inferior *inf, const uint8_t *b, size_t i)
{
    size_t p = (size_t)inf->arch->ptr_size;
    uint64_t v = 0;
    for (size_t k = 0; k < p; k++)
        v |= (uint64_t)b[i * p + (inf->arch->little_endian ? k : p - 1 - k)] << (8 * k);
    return v;
}

size_t link_map_walk(struct inferior *inf, uint64_t lm, uint64_t prev, link_map_visit visit,
                     void *ctx)
{
    size_t p = (size_t)inf->arch->ptr_size;
    uint8_t b[LM_WORDS * 8];
    uint64_t w[LM_WORDS];
    char name[PATH_MAX];
    size_t n = 0;
    /* A corrupt list could be circular: it cannot hold more entries than this. */
    for (; lm != 0 && n < 65536; n++) {
        if (mem_read_raw(inf, lm, b, LM_WORDS * p) != (long)(LM_WORDS * p))
            return n;
        for (size_t i = 0; i < LM_WORDS; i++)
            w[i] = word_at(inf, b, i);
        if (w[LM_PREV] != prev)
            return n;
        long got = w[LM_NAME] ? mem_read_raw(inf, w[LM_NAME], name, sizeof name - 1) : 0;
        name[got > 0 ? got : 0] = '\0';
        visit(ctx, &(struct link_map_entry){
                       .lm = lm, .l_addr = w[LM_ADDR], .l_ld = w[LM_LD], .name = name});
        prev = lm;
        lm = w[LM_NEXT];
    }
    return n;
}
