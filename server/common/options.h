/* The command line, parsed into one struct (gdbserver's conventions, safer defaults). */
#ifndef ZSTUB_OPTIONS_H
#define ZSTUB_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

/* Packets that --disable-packet can turn off (gdbserver's names). */
enum disabled_packet {
    DISABLE_VCONT = 1 << 0,
    DISABLE_T = 1 << 1,       /* T stop replies: plain S replies instead */
    DISABLE_TTHREAD = 1 << 2, /* "thread:" in T replies */
    DISABLE_QC = 1 << 3,
    DISABLE_QFTHREADINFO = 1 << 4,
};

enum run_mode {
    MODE_GDB = 0,        /* gdbserver's command line */
    MODE_LLDB_GDBSERVER, /* `zstub gdbserver ...`: lldb-server's, started by lldb itself */
    MODE_PLATFORM,       /* `zstub platform ...`: lldb's platform mode */
};

struct options {
    enum run_mode mode;
    const char *comm; /* HOST:PORT, :PORT, unix:PATH, - or stdio, or a tty's path */
    char **argv;      /* program and its arguments (launch mode) */
    int argc;
    char **wrapper;   /* --wrapper CMD... -- (NULL-terminated) or NULL */
    pid_t attach_pid; /* --attach PID, 0 if launching */
    bool once;
    int baud;                /* --baud=N for a serial line (default SERIAL_DEFAULT_BAUD) */
    bool multi;              /* --multi: extended-remote, serve with or without a program */
    bool startup_with_shell; /* --startup-with-shell: start PROG through $SHELL -c */
    bool keep_aslr;          /* --no-disable-randomization */
    int debug_level;         /* --debug[=N] */
    const char *packet_log;  /* --remote-debug[=FILE]; "-" for stderr */
    bool packet_log_on;
    const char *debug_file;     /* --debug-file=FILE: log there instead of stderr */
    const char *debug_format;   /* --debug-format=LIST (all, none, timestamp) */
    unsigned disabled;          /* enum disabled_packet bits */
    bool no_displaced_stepping; /* step over breakpoints in place, every thread stopped */

    /* lldb-server's gdbserver (options_lldb.c) */
    int conn_fd;            /* --fd N: a socket already connected to lldb; -1 */
    int pipe_fd;            /* --pipe N: write the bound port there; -1 */
    const char *named_pipe; /* --named-pipe PATH: the same through a FIFO */
    bool reverse_connect;   /* --reverse-connect: connect to COMM instead of listening */
    bool new_session;       /* --setsid */
    /* lldb-server's platform */
    bool platform_server;   /* --server: keep accepting connections */
    int min_port, max_port; /* debug servers' ports, [min, max); 0: any free port */
    char *self;             /* argv[0]: the binary the platform starts debug servers with */
};

void options_init(struct options *o);
/* One option shared by every command line (--debug, --remote-debug, --disable-packet...):
 * 1 handled, 0 not one of them, -1 bad (printed), 2 done (--help/--version printed). */
int options_common(const char *arg, struct options *o);
/* `zstub gdbserver ...` and `zstub platform ...` (options_lldb.c); same returns as below. */
int options_parse_lldb(int argc, char **argv, struct options *o);

/* Parses argv. On --help/--version/--selftest prints and returns 1 (exit 0); on error prints a
 * message and returns -1 (exit 2); 0 when the stub should run. */
int options_parse(int argc, char **argv, struct options *out);

#endif
