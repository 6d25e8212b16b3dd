#include "elf_check.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const struct arch_ops *elf_arch_of(const char *path, char *err, size_t errcap)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, errcap, "libelf initialisation failed");
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "cannot open %s: %m", path);
        return NULL;
    }
    const struct arch_ops *a = NULL;
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr eh;
    if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
        snprintf(err, errcap, "%s is not an ELF program", path);
    } else {
        a = arch_for_elf(eh.e_machine, eh.e_ident[EI_CLASS]);
        if (!a)
            snprintf(err, errcap,
                     "%s is a %s program for machine %d: this zstub serves %s programs only", path,
                     eh.e_ident[EI_CLASS] == ELFCLASS32 ? "32-bit" : "64-bit", eh.e_machine,
                     arch_native()->name);
    }
    if (e)
        elf_end(e);
    close(fd);
    return a;
}
