#include "signals.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GDB_SIGNAL_UNKNOWN 143

/* Host signals whose gdb number differs or must be listed; the rest map by the realtime rules. */
static const struct {
    int host, gdb;
} sigmap[] = {
    {SIGHUP, 1},     {SIGINT, 2},   {SIGQUIT, 3},   {SIGILL, 4},   {SIGTRAP, 5},  {SIGABRT, 6},
    {SIGBUS, 10},    {SIGFPE, 8},   {SIGKILL, 9},   {SIGUSR1, 30}, {SIGSEGV, 11}, {SIGUSR2, 31},
    {SIGPIPE, 13},   {SIGALRM, 14}, {SIGTERM, 15},  {SIGCHLD, 20}, {SIGCONT, 19}, {SIGSTOP, 17},
    {SIGTSTP, 18},   {SIGTTIN, 21}, {SIGTTOU, 22},  {SIGURG, 16},  {SIGXCPU, 24}, {SIGXFSZ, 25},
    {SIGVTALRM, 26}, {SIGPROF, 27}, {SIGWINCH, 28}, {SIGIO, 23},   {SIGPWR, 32},  {SIGSYS, 12},
};

int signal_host_to_gdb(int host)
{
    if (host == 0)
        return 0;
    for (size_t i = 0; i < sizeof sigmap / sizeof sigmap[0]; i++)
        if (sigmap[i].host == host)
            return sigmap[i].gdb;
    /* Real-time signals: gdb's block is not contiguous (32 sits apart from 33..63). */
    if (host == 32)
        return 77;
    if (host >= 33 && host <= 63)
        return host + 12;
    if (host >= 64 && host <= 127)
        return host + 14;
    return GDB_SIGNAL_UNKNOWN;
}

int signal_gdb_to_host(int gdb)
{
    if (gdb == 0)
        return 0;
    for (size_t i = 0; i < sizeof sigmap / sizeof sigmap[0]; i++)
        if (sigmap[i].gdb == gdb)
            return sigmap[i].host;
    if (gdb == 77)
        return 32;
    if (gdb >= 45 && gdb <= 75)
        return gdb - 12;
    if (gdb >= 78 && gdb <= 141)
        return gdb - 14;
    return 0;
}

/* The si_code meanings of sigaction(2), for the signals the hardware raises. */
static const struct {
    int sig, code;
    const char *name, *text;
    bool has_addr;
} faults[] = {
    {SIGSEGV, SEGV_MAPERR, "SIGSEGV", "address not mapped to object", true},
    {SIGSEGV, SEGV_ACCERR, "SIGSEGV", "invalid permissions for mapped object", true},
    {SIGSEGV, SEGV_BNDERR, "SIGSEGV", "failed address bounds checks", false},
    {SIGSEGV, SI_KERNEL, "SIGSEGV", "invalid address", true}, /* e.g. a general protection */
    {SIGBUS, BUS_ADRALN, "SIGBUS", "illegal alignment", false},
    {SIGBUS, BUS_ADRERR, "SIGBUS", "illegal address", false},
    {SIGBUS, BUS_OBJERR, "SIGBUS", "hardware error", false},
    {SIGFPE, FPE_INTDIV, "SIGFPE", "integer divide by zero", false},
    {SIGFPE, FPE_INTOVF, "SIGFPE", "integer overflow", false},
    {SIGFPE, FPE_FLTDIV, "SIGFPE", "floating point divide by zero", false},
    {SIGFPE, FPE_FLTOVF, "SIGFPE", "floating point overflow", false},
    {SIGFPE, FPE_FLTUND, "SIGFPE", "floating point underflow", false},
    {SIGFPE, FPE_FLTRES, "SIGFPE", "floating point inexact result", false},
    {SIGFPE, FPE_FLTINV, "SIGFPE", "floating point invalid operation", false},
    {SIGFPE, FPE_FLTSUB, "SIGFPE", "subscript out of range", false},
    {SIGILL, ILL_ILLOPC, "SIGILL", "illegal opcode", false},
    {SIGILL, ILL_ILLOPN, "SIGILL", "illegal operand", false},
    {SIGILL, ILL_ILLADR, "SIGILL", "illegal addressing mode", false},
    {SIGILL, ILL_ILLTRP, "SIGILL", "illegal trap", false},
    {SIGILL, ILL_PRVOPC, "SIGILL", "privileged opcode", false},
    {SIGILL, ILL_PRVREG, "SIGILL", "privileged register", false},
    {SIGILL, ILL_COPROC, "SIGILL", "coprocessor error", false},
    {SIGILL, ILL_BADSTK, "SIGILL", "internal stack error", false},
};

bool signal_describe_fault(const siginfo_t *si, char *buf, size_t n)
{
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        if (faults[i].sig != si->si_signo || faults[i].code != si->si_code)
            continue;
        int len = snprintf(buf, n, "signal %s: %s", faults[i].name, faults[i].text);
        if (faults[i].has_addr && len > 0 && (size_t)len < n)
            snprintf(buf + len, n - (size_t)len, " (fault address: 0x%lx)",
                     (unsigned long)(uintptr_t)si->si_addr);
        return true;
    }
    return false;
}
