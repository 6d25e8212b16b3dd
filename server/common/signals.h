/* gdb numbers signals its own way (GDB_SIGNAL_*); lldb on Linux uses the host's numbers. */
#ifndef ZSTUB_SIGNALS_H
#define ZSTUB_SIGNALS_H

#include <stdbool.h>

int signal_host_to_gdb(int host);
int signal_gdb_to_host(int gdb); /* 0 when gdb's signal has no host equivalent */

#include <signal.h>
#include <stddef.h>

/* Why a fault signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL) was raised, in lldb's words:
 * "signal SIGSEGV: address not mapped to object (fault address: 0x10)". Returns false (buf
 * untouched) for other signals and codes. */
bool signal_describe_fault(const siginfo_t *si, char *buf, size_t n);

#endif
