/* rsp_args: the small argument syntaxes of requests that have no structure of their own:
 * register numbers (p/P), thread selection (H, T, lldb's ";thread:" suffix), resume arguments
 * (c/C/s/S), signal lists (QPassSignals), hex-encoded text (qRcmd), memory writes (M/X), lldb's
 * numbers (qMemoryRegionInfo, qRegisterInfo, qThreadStopInfo, QRestoreRegisterState) and the
 * client's qSupported features. Each takes the arguments after the packet's name (what the
 * packet table hands a handler), never reads past `n`, and returns false on malformed input.
 * Pure code: no I/O, no globals, no allocation. */
#ifndef ZSTUB_RSP_ARGS_H
#define ZSTUB_RSP_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rsp_parse.h"

/* A hex number making up all of p[0..n). */
bool rsp_parse_hex_all(const char *p, size_t n, uint64_t *out);

/* Length of the arguments before an lldb ";thread:TID;" suffix (or any ';'). */
size_t rsp_args_len(const char *p, size_t n);

/* lldb's "thread:TID" suffix: a field starting at the beginning of p or after a ';'.
 * Returns 1 (found, *tid set), 0 (absent) or -1 (present but not a hex number). */
int rsp_parse_thread_suffix(const char *p, size_t n, uint64_t *tid);

/* p: "REGNUM[;thread:TID;]". */
bool rsp_parse_reg_read(const char *p, size_t n, uint64_t *regnum);

/* P: "REGNUM=HEX[;thread:TID;]". *hex points at the value's hex digits (an even, non-zero number
 * of them, all checked), *hex_len counts them; the caller checks the register's size. */
bool rsp_parse_reg_write(const char *p, size_t n, uint64_t *regnum, const char **hex,
                         size_t *hex_len);

/* H: "gTID" or "cTID" (the whole input). */
bool rsp_parse_set_thread(const char *p, size_t n, char *op, struct rsp_tid *tid);

/* T, qThreadExtraInfo: a thread id making up the whole input. */
bool rsp_parse_tid_all(const char *p, size_t n, struct rsp_tid *tid);

/* c/s: "[ADDR]"; C/S: "SIG[;ADDR]" (with_sig). SIG is at most 0xff. */
struct rsp_resume_args {
    int sig;
    bool has_addr;
    uint64_t addr;
};
bool rsp_parse_resume_args(const char *p, size_t n, bool with_sig, struct rsp_resume_args *out);

/* QPassSignals: "SIG;SIG;..." (hex, possibly none). Sets pass[SIG] for each one; a number that
 * does not fit in the table is malformed. pass[] is cleared first. */
#define RSP_MAX_SIGNAL 256
bool rsp_parse_signal_list(const char *p, size_t n, bool pass[RSP_MAX_SIGNAL]);

/* QCatchSyscalls: "0" (stop catching), "1" (every system call) or "1;SYSNO;SYSNO..." (hex
 * numbers). A number of RSP_MAX_SYSCALL or more cannot be told apart in the set: it makes the
 * set catch everything (the client still filters what it asked for). */
#define RSP_MAX_SYSCALL 1024
struct rsp_syscall_set {
    bool enable;
    bool all;
    uint8_t nr[RSP_MAX_SYSCALL / 8]; /* bit per system call number */
};
bool rsp_parse_catch_syscalls(const char *p, size_t n, struct rsp_syscall_set *out);

/* qRcmd: hex-encoded text into out[cap] as a C string. False when malformed, too long for out,
 * or when the text holds a NUL (it could not be compared as a string). */
bool rsp_parse_hex_text(const char *p, size_t n, char *out, size_t cap);

/* vRun's and vAttach-like lists: FIELD;FIELD;... where each field is hex-encoded text (possibly
 * empty). Decodes every field into out[cap] as consecutive C strings and points items[i] at
 * each; returns the number of fields (at least 1: an empty list is one empty field), or -1 when
 * a field is not hex, holds a NUL, or the fields do not fit out[] or items[max]. */
int rsp_parse_hex_list(const char *p, size_t n, char *out, size_t cap, const char **items,
                       size_t max);

/* M "ADDR,LEN:HEX" (exactly 2*LEN hex digits) and X "ADDR,LEN:BIN" (escaped data that unescapes
 * to exactly LEN bytes). data, data_len: the encoded data inside p. */
struct rsp_mem_write {
    uint64_t addr;
    uint64_t len;
    const char *data;
    size_t data_len;
};
bool rsp_parse_mem_write(const char *p, size_t n, bool binary, struct rsp_mem_write *out);

/* qMemoryRegionInfo: ":ADDR". */
bool rsp_parse_region_info(const char *p, size_t n, uint64_t *addr);

/* QRestoreRegisterState: ":ID[;thread:TID;]", ID a decimal number below 2^31. */
bool rsp_parse_restore_id(const char *p, size_t n, int *id);

/* qSupported: ":FEATURE;FEATURE..." (or nothing). The client features the stub acts on. */
struct rsp_client_features {
    bool swbreak, hwbreak, multiprocess;
    bool no_resumed; /* gdb wants an N stop reply when nothing is left running */
    bool fork_events, vfork_events, exec_events; /* it follows forks and execs itself */
    bool lldb;          /* xmlRegisters= lists several architectures: only lldb does that */
    bool xml_registers; /* xmlRegisters=: it takes the register layout from target.xml */
};
bool rsp_parse_qsupported(const char *p, size_t n, struct rsp_client_features *out);

#endif
