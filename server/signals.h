/* gdb numbers signals its own way (GDB_SIGNAL_*); lldb on Linux uses the host's numbers. */
#ifndef ZSTUB_SIGNALS_H
#define ZSTUB_SIGNALS_H

int signal_host_to_gdb(int host);
int signal_gdb_to_host(int gdb); /* 0 when gdb's signal has no host equivalent */

#endif
