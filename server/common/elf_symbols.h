/* Dynamic symbols of a shared object loaded in the program: where it is mapped and what a symbol's
 * run-time address is. Reads the file with libelf and /proc/PID/maps; no ptrace. */
#ifndef ZSTUB_ELF_SYMBOLS_H
#define ZSTUB_ELF_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Finds the object of process pid whose file name starts with `soname_prefix` (e.g. "libc.so."),
 * or the program itself when no such object is loaded (a static program), and the run-time
 * addresses of its symbols names[0..n) (dynamic or static symbol table; n <= 64), reading the
 * file once. 0 or -errno (-ENOENT: no such object, or a symbol missing). */
int elf_loaded_symbols(pid_t pid, const char *soname_prefix, const char *const *names, size_t n,
                       uint64_t *addrs);

#endif
