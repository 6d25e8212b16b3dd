/* Choosing the arch_ops: the host's own, or the one matching an ELF executable. */
#include <elf.h>

#include "arch.h"
#include "x86_64.h"

const struct arch_ops *arch_native(void)
{
    return x86_64_ops(x86_64_has_avx());
}

const struct arch_ops *arch_for_elf(int machine, int elf_class)
{
    /* 32-bit i386 inferiors (EM_386 / ELFCLASS32) are future work. */
    if (machine == EM_X86_64 && elf_class == ELFCLASS64)
        return arch_native();
    return NULL;
}
