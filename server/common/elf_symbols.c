#include "elf_symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The mapping of file offset 0 of the first object whose base name starts with prefix, or whose
 * whole path is `exact` when that is not NULL. */
static int find_mapping(pid_t pid, const char *prefix, const char *exact, char *path, size_t cap,
                        uint64_t *start)
{
    char maps[64], line[PATH_MAX + 128];
    snprintf(maps, sizeof maps, "/proc/%d/maps", (int)pid);
    FILE *f = fopen(maps, "re");
    if (!f)
        return -errno;
    int rc = -ENOENT;
    while (fgets(line, sizeof line, f)) {
        uint64_t lo, off;
        int name_at = 0;
        if (sscanf(line, "%" SCNx64 "-%*x %*s %" SCNx64 " %*s %*s %n", &lo, &off, &name_at) < 2 ||
            name_at == 0 || line[name_at] != '/' || off != 0)
            continue;
        char *name = line + name_at;
        name[strcspn(name, "\n")] = '\0';
        const char *base = strrchr(name, '/') + 1;
        bool match = exact ? strcmp(name, exact) == 0 : strncmp(base, prefix, strlen(prefix)) == 0;
        if (!match || strlen(name) >= cap)
            continue;
        memcpy(path, name, strlen(name) + 1);
        *start = lo;
        rc = 0;
        break;
    }
    fclose(f);
    return rc;
}

/* Lowest PT_LOAD address (page-aligned) and the values of the n symbols `names` (dynamic or
 * static symbol table), in one pass over the file. -ENOENT unless every one is found. */
static int lookup_in_file(const char *path, const char *const *names, size_t n,
                          uint64_t *first_load, uint64_t *values)
{
    if (elf_version(EV_CURRENT) == EV_NONE)
        return -EINVAL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    size_t nphdr = 0, found = 0;
    uint64_t found_mask = 0; /* n <= 64 */
    *first_load = UINT64_MAX;
    if (e && elf_getphdrnum(e, &nphdr) == 0) {
        for (size_t i = 0; i < nphdr; i++) {
            GElf_Phdr ph;
            if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && ph.p_vaddr < *first_load)
                *first_load = ph.p_vaddr & ~(uint64_t)0xfff;
        }
    }
    for (Elf_Scn *scn = e ? elf_nextscn(e, NULL) : NULL; scn && found < n;
         scn = elf_nextscn(e, scn)) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_DYNSYM && sh.sh_type != SHT_SYMTAB) ||
            sh.sh_entsize == 0)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        for (size_t i = 0; data && found < n && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            const char *sname;
            if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
                !(sname = elf_strptr(e, sh.sh_link, sym.st_name)))
                continue;
            for (size_t k = 0; k < n; k++) {
                if (!(found_mask & (UINT64_C(1) << k)) && strcmp(sname, names[k]) == 0) {
                    values[k] = sym.st_value;
                    found_mask |= UINT64_C(1) << k;
                    found++;
                }
            }
        }
    }
    if (e)
        elf_end(e);
    close(fd);
    return found == n && *first_load != UINT64_MAX ? 0 : -ENOENT;
}

int elf_loaded_symbols(pid_t pid, const char *soname_prefix, const char *const *names, size_t n,
                       uint64_t *addrs)
{
    char path[PATH_MAX], exe[PATH_MAX], link[64];
    uint64_t start = 0, first_load = 0;
    if (n == 0 || n > 64)
        return -EINVAL;
    int rc = find_mapping(pid, soname_prefix, NULL, path, sizeof path, &start);
    if (rc == -ENOENT) { /* a static program: its own file holds what libc would */
        snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
        ssize_t len = readlink(link, exe, sizeof exe - 1);
        if (len > 0) {
            exe[len] = '\0';
            rc = find_mapping(pid, NULL, exe, path, sizeof path, &start);
        }
    }
    if (rc == 0)
        rc = lookup_in_file(path, names, n, &first_load, addrs);
    for (size_t k = 0; rc == 0 && k < n; k++)
        addrs[k] = start - first_load + addrs[k];
    return rc;
}
