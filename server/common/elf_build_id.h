/* An ELF file's GNU build ID (the NT_GNU_BUILD_ID note), which lldb takes as the module's UUID
 * to tell whether a file on the target is the one it has locally (qModuleInfo). */
#ifndef ZSTUB_ELF_BUILD_ID_H
#define ZSTUB_ELF_BUILD_ID_H

#include <stddef.h>
#include <stdint.h>

/* Copies the build ID into id[cap]; its length, 0 when the file has none, or -errno. */
int elf_build_id(const char *path, uint8_t *id, size_t cap);

#endif
