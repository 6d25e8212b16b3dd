#include "options.h"
#include "serial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("Usage: zstub [OPTIONS] COMM PROG [ARGS...]\n"
          "       zstub [OPTIONS] --attach COMM PID\n"
          "       zstub [OPTIONS] --multi COMM [PROG [ARGS...]]\n"
          "       zstub gdbserver [LLDB-SERVER OPTIONS] [COMM] [-- PROG ARGS...]\n"
          "       zstub platform --listen COMM [--server] [--gdbserver-port PORT]\n"
          "\n"
          "Serve the GDB Remote Serial Protocol to gdb or lldb for a program it launches or\n"
          "attaches to (x86_64, aarch64 and 32-bit arm Linux).\n"
          "\n"
          "COMM:\n"
          "  HOST:PORT        listen on HOST (IPv4 name/address, or [IPv6] e.g. [::1]:2345)\n"
          "  :PORT            listen on 127.0.0.1 only (use 0.0.0.0:PORT for every interface)\n"
          "  tcp:, tcp4:, tcp6: before HOST:PORT  gdb's prefixes (tcp4/tcp6: one family)\n"
          "  unix:PATH        listen on a Unix socket (created mode 0600)\n"
          "  - | stdio        speak on stdin/stdout (target remote | zstub - PROG)\n"
          "  /dev/ttyS1 ...   a serial line (any tty path: no ':'), raw at --baud\n"
          "\n"
          "Options:\n"
          "  --attach PID     attach to a running process (every thread)\n"
          "  --no-disable-randomization  keep PROG's address space layout random (by\n"
          "                   default it is fixed, as in gdb and gdbserver)\n"
          "  --multi          extended-remote (gdb: target extended-remote): serve with or\n"
          "                   without a program; the client runs (run) or attaches\n"
          "                   (attach PID) and the stub serves on when a program ends;\n"
          "                   monitor exit ends it\n"
          "  --once           exit after the first client disconnects\n"
          "  --startup-with-shell  start PROG through $SHELL -c \"exec PROG ARGS\" (globbing,\n"
          "                   redirection); off by default on the command line (your\n"
          "                   shell has expanded ARGS already); gdb's run sets it itself\n"
          "  --no-startup-with-shell  start PROG directly (the default)\n"
          "  --disable-randomization  fix PROG's address space layout (the default)\n"
          "  --baud=N         serial line speed in bits/s (default 115200; gdb: set serial baud)\n"
          "  --wrapper CMD... --  launch PROG through CMD (e.g. env, taskset)\n"
          "  --no-displaced-stepping  step over breakpoints in place with every thread\n"
          "                   stopped, instead of running a copy of the instruction out of\n"
          "                   line while the other threads run on (for comparison)\n"
          "  --disable-packet=LIST  comma-separated: vCont,T,Tthread,qC,qfThreadInfo,\n"
          "                   threads (the four thread packets but T)\n"
          "  --debug[=LEVEL]  log to stderr (1 info, 2 debug, 3 trace; default 2)\n"
          "  --remote-debug[=FILE]  log every packet (to stderr, or append to FILE)\n"
          "  --debug-file=FILE      log to FILE (appended) instead of stderr\n"
          "  --debug-format=LIST    all, none or timestamp: seconds on each log line\n"
          "  --help, --version\n"
          "\n"
          "lldb-server's command lines (lldb starts its debug server with them; e.g.\n"
          "LLDB_DEBUGSERVER_PATH=zstub lldb PROG):\n"
          "  gdbserver        no program: lldb launches (vRun, A) or attaches (vAttach...) over\n"
          "                   the connection. --fd N (connected socket), --pipe N or\n"
          "                   --named-pipe PATH (the port bound is written there),\n"
          "                   --reverse-connect (connect to COMM), --setsid, --native-regs,\n"
          "                   --attach PID, --log-file FILE (packet log); COMM may be\n"
          "                   tcp://HOST:PORT, [HOST]:PORT, HOST:PORT or unix://PATH\n"
          "  platform         lldb's platform mode (platform connect connect://HOST:PORT):\n"
          "                   --listen COMM, --server (serve connections one after another,\n"
          "                   each in its own process), --gdbserver-port PORT,\n"
          "                   --min-gdbserver-port/--max-gdbserver-port (range for debug\n"
          "                   servers; default any free port)\n",
          f);
}

static int parse_disable(const char *list, unsigned *bits)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"vCont", DISABLE_VCONT},
                 {"T", DISABLE_T},
                 {"Tthread", DISABLE_TTHREAD},
                 {"qC", DISABLE_QC},
                 {"qfThreadInfo", DISABLE_QFTHREADINFO},
                 /* gdbserver's "all the thread packets" (T replies stay, without thread:) */
                 {"threads", DISABLE_VCONT | DISABLE_TTHREAD | DISABLE_QC | DISABLE_QFTHREADINFO}};
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        return -1;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++) {
            if (strcmp(tok, names[i].name) == 0) {
                *bits |= names[i].bit;
                break;
            }
        }
        if (i == sizeof names / sizeof names[0]) {
            fprintf(stderr,
                    "zstub: unknown packet '%s' for --disable-packet "
                    "(known: vCont, T, Tthread, qC, qfThreadInfo, threads)\n",
                    tok);
            free(copy);
            return -1;
        }
    }
    free(copy);
    return 0;
}

int options_common(const char *a, struct options *o)
{
    if (strcmp(a, "--help") == 0) {
        usage(stdout);
        return 2;
    } else if (strcmp(a, "--version") == 0) {
        printf("zstub %s\n", ZSTUB_VERSION);
        return 2;
    } else if (strcmp(a, "--no-disable-randomization") == 0) {
        o->keep_aslr = true;
    } else if (strcmp(a, "--disable-randomization") == 0) {
        o->keep_aslr = false;
    } else if (strcmp(a, "--no-displaced-stepping") == 0) {
        o->no_displaced_stepping = true;
    } else if (strcmp(a, "--debug") == 0) {
        o->debug_level = 3;
    } else if (strncmp(a, "--debug=", 8) == 0) {
        o->debug_level = 1 + atoi(a + 8);
    } else if (strcmp(a, "--remote-debug") == 0) {
        o->packet_log_on = true;
    } else if (strncmp(a, "--remote-debug=", 15) == 0) {
        o->packet_log_on = true;
        o->packet_log = a + 15;
    } else if (strncmp(a, "--debug-file=", 13) == 0) {
        o->debug_file = a + 13;
    } else if (strncmp(a, "--debug-format=", 15) == 0) {
        o->debug_format = a + 15;
    } else if (strncmp(a, "--disable-packet=", 17) == 0) {
        if (parse_disable(a + 17, &o->disabled) < 0)
            return -1;
    } else {
        return 0;
    }
    return 1;
}

void options_init(struct options *o)
{
    memset(o, 0, sizeof *o);
    o->debug_level = -1;
    o->conn_fd = -1;
    o->pipe_fd = -1;
    o->baud = SERIAL_DEFAULT_BAUD;
}

int options_parse(int argc, char **argv, struct options *o)
{
    options_init(o);
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *a = argv[i];
        int common = options_common(a, o);
        if (common != 0) {
            if (common < 0 || common == 2)
                return common < 0 ? -1 : 1;
        } else if (strncmp(a, "--baud=", 7) == 0 || strcmp(a, "--baud") == 0) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : "");
            char *end;
            long baud = strtol(v, &end, 10);
            if (!*v || *end || baud <= 0 || baud > 100000000) {
                fprintf(stderr, "zstub: --baud needs a speed in bits/s, e.g. --baud=115200\n");
                return -1;
            }
            o->baud = (int)baud;
        } else if (strcmp(a, "--once") == 0) {
            o->once = true;
        } else if (strcmp(a, "--attach") == 0) {
            o->attach_pid = -1; /* PID follows COMM */
        } else if (strcmp(a, "--selftest") == 0) {
            /* gdbserver's words for "no built-in tests", which gdb's testsuite recognises. */
            printf("zstub's unit tests are separate programs (ctest in the build directory).\n"
                   "Selftests have been disabled for this build.\n");
            return 1;
        } else if (strcmp(a, "--multi") == 0) {
            o->multi = true;
        } else if (strcmp(a, "--startup-with-shell") == 0) {
            o->startup_with_shell = true;
        } else if (strcmp(a, "--no-startup-with-shell") == 0) {
            o->startup_with_shell = false;
        } else if (strcmp(a, "--wrapper") == 0) {
            int start = ++i;
            while (i < argc && strcmp(argv[i], "--") != 0)
                i++;
            if (i >= argc || i == start) {
                fprintf(stderr, "zstub: --wrapper needs a command ended by --\n");
                return -1;
            }
            argv[i] = NULL; /* the wrapper list is NULL-terminated in place */
            o->wrapper = &argv[start];
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "zstub: unknown option %s (see --help)\n", a);
            return -1;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return -1;
    }
    o->comm = argv[i++];
    if (i < argc && strcmp(argv[i], "--attach") == 0) { /* gdbserver's COMM --attach PID */
        o->attach_pid = -1;
        i++;
    }
    if (o->attach_pid) {
        char *end;
        long pid = i < argc ? strtol(argv[i], &end, 10) : 0;
        if (i >= argc || *end || pid <= 0) {
            fprintf(stderr, "zstub: --attach needs a process id after COMM\n");
            return -1;
        }
        o->attach_pid = (pid_t)pid;
        return 0;
    }
    if (i >= argc && o->multi)
        return 0; /* the client runs or attaches to one */
    if (i >= argc) {
        fprintf(stderr, "zstub: no program to run (see --help)\n");
        return -1;
    }
    o->argv = &argv[i];
    o->argc = argc - i;
    return 0;
}
