/* Choosing the arch_ops: the host's own, or the one matching an ELF executable. */
#include <elf.h>

#include "arch.h"
#if defined(__x86_64__)
#include "x86_64.h"
#elif defined(__aarch64__)
#include "aarch64.h"
#include "arm.h"
#elif defined(__arm__)
#include "arm.h"
#else
#error "zstub serves x86_64, aarch64 and arm hosts"
#endif

const struct arch_ops *arch_native(void)
{
#if defined(__x86_64__)
    return x86_64_ops(x86_64_flavour());
#elif defined(__aarch64__)
    return a64_ops(a64_has_pauth());
#else
    return arm_native_ops();
#endif
}

const struct arch_ops *arch_for_elf(int machine, int elf_class)
{
    const struct arch_ops *a = arch_native();
    if (machine == a->elf_machine && elf_class == a->elf_class)
        return a;
#if defined(__aarch64__)
    /* 32-bit arm programs through the kernel's compat ptrace (i386 on x86_64: future work). */
    if (machine == EM_ARM && elf_class == ELFCLASS32)
        return arm_compat_ops();
#endif
    return NULL;
}
