#include "signals.h"

#include <signal.h>
#include <stddef.h>

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
