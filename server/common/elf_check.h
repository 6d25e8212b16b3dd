/* Reading a program's ELF header (libelf) to pick the architecture before running it. */
#ifndef ZSTUB_ELF_CHECK_H
#define ZSTUB_ELF_CHECK_H

#include "arch.h"

/* Returns the arch for the ELF file at path, or NULL with a message in err. */
const struct arch_ops *elf_arch_of(const char *path, char *err, size_t errcap);

#endif
