/* lldb-server's two command lines, so that lldb can start zstub wherever it starts lldb-server:
 *   zstub gdbserver [OPTIONS] [COMM] [[--] PROG ARGS...]   (lldb runs this for every launch or
 *     attach: `gdbserver --fd=N --native-regs --setsid`, or from a platform
 *     `gdbserver tcp://[HOST]:0 --native-regs --pipe N`)
 *   zstub platform --listen COMM [--server] [--gdbserver-port P] ...
 * Options take their value joined (--fd=3) or separate (--fd 3), and may follow COMM, as
 * lldb-server's do. Unknown lldb-server options are refused, zstub's shared ones accepted. */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum opt_kind {
    O_FD,
    O_PIPE,
    O_NAMED_PIPE,
    O_REVERSE,
    O_SETSID,
    O_NATIVE_REGS,
    O_ATTACH,
    O_LOG_FILE,
    O_LOG_CHANNELS,
    O_LISTEN,
    O_SERVER,
    O_PORT,
    O_MIN_PORT,
    O_MAX_PORT,
    O_SOCKET_FILE,
};

struct opt_row {
    const char *name; /* long name, without "--" */
    char short_name;  /* lldb-server's -X, or 0 */
    bool takes_value;
    unsigned modes; /* 1 << MODE_LLDB_GDBSERVER, 1 << MODE_PLATFORM */
    enum opt_kind kind;
};

#define G (1u << MODE_LLDB_GDBSERVER)
#define P (1u << MODE_PLATFORM)
static const struct opt_row rows[] = {
    {"fd", 'F', true, G, O_FD},
    {"pipe", 'U', true, G, O_PIPE},
    {"named-pipe", 'N', true, G, O_NAMED_PIPE},
    {"reverse-connect", 'R', false, G, O_REVERSE},
    {"setsid", 'S', false, G, O_SETSID},
    {"native-regs", 'r', false, G, O_NATIVE_REGS},
    {"attach", 'a', true, G, O_ATTACH},
    {"log-file", 'l', true, G | P, O_LOG_FILE},
    {"log-channels", 'c', true, G | P, O_LOG_CHANNELS},
    {"listen", 'L', true, P, O_LISTEN},
    {"server", 0, false, P, O_SERVER},
    {"gdbserver-port", 'P', true, P, O_PORT},
    {"min-gdbserver-port", 'm', true, P, O_MIN_PORT},
    {"max-gdbserver-port", 'M', true, P, O_MAX_PORT},
    {"socket-file", 'f', true, P, O_SOCKET_FILE},
};
#undef G
#undef P

/* Finds the row for argv[*i] ("--name", "--name=value", "-X", "-X value") and its value. */
static const struct opt_row *match(int argc, char **argv, int *i, unsigned mode_bit,
                                   const char **value)
{
    const char *a = argv[*i];
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const struct opt_row *row = &rows[r];
        if (!(row->modes & mode_bit))
            continue;
        size_t len = strlen(row->name);
        const char *rest = NULL;
        if (a[0] == '-' && a[1] == '-' && strncmp(a + 2, row->name, len) == 0 &&
            (a[2 + len] == 0 || a[2 + len] == '='))
            rest = a + 2 + len;
        else if (row->short_name && a[0] == '-' && a[1] == row->short_name && a[2] == 0)
            rest = a + 2;
        if (!rest)
            continue;
        *value = NULL;
        if (row->takes_value) {
            if (*rest == '=')
                *value = rest + 1;
            else if (*i + 1 < argc)
                *value = argv[++*i];
            else
                return NULL;
        } else if (*rest == '=') {
            return NULL;
        }
        return row;
    }
    return NULL;
}

static bool number(const char *v, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

static int apply(struct options *o, const struct opt_row *row, const char *v)
{
    long n = 0;
    switch (row->kind) {
    case O_FD:
    case O_PIPE:
        if (!number(v, 0, 1 << 20, &n))
            return -1;
        *(row->kind == O_FD ? &o->conn_fd : &o->pipe_fd) = (int)n;
        break;
    case O_NAMED_PIPE:
    case O_SOCKET_FILE:
        o->named_pipe = v;
        break;
    case O_REVERSE:
        o->reverse_connect = true;
        break;
    case O_SETSID:
        o->new_session = true;
        break;
    case O_NATIVE_REGS: /* our registers are always the native ones */
    case O_LOG_CHANNELS:
        break;
    case O_ATTACH:
        if (!number(v, 1, 1L << 30, &n))
            return -1; /* attaching by name: lldb sends vAttachName instead */
        o->attach_pid = (pid_t)n;
        break;
    case O_LOG_FILE: /* lldb's LLDB_DEBUGSERVER_LOG_FILE: the packets go there */
        o->packet_log_on = true;
        o->packet_log = v;
        break;
    case O_LISTEN:
        o->comm = v;
        break;
    case O_SERVER:
        o->platform_server = true;
        break;
    case O_PORT:
        if (!number(v, 0, 65535, &n))
            return -1;
        o->min_port = (int)n;
        o->max_port = n ? (int)n + 1 : 0;
        break;
    case O_MIN_PORT:
    case O_MAX_PORT:
        if (!number(v, 0, 65535, &n))
            return -1;
        *(row->kind == O_MIN_PORT ? &o->min_port : &o->max_port) = (int)n;
        break;
    }
    return 0;
}

int options_parse_lldb(int argc, char **argv, struct options *o)
{
    options_init(o);
    o->self = argv[0];
    o->mode = strcmp(argv[1], "platform") == 0 ? MODE_PLATFORM : MODE_LLDB_GDBSERVER;
    o->once = true;  /* lldb-server's gdbserver serves one connection */
    o->multi = true; /* with or without a program: lldb launches or attaches over it */
    unsigned bit = 1u << o->mode;
    int i = 2;
    for (; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-') {
            if (o->comm || o->mode == MODE_PLATFORM)
                break; /* the program (lldb-server allows it without "--") */
            o->comm = a;
            continue;
        }
        int common = options_common(a, o);
        if (common == 2)
            return 1;
        if (common < 0)
            return -1;
        if (common == 1)
            continue;
        const struct opt_row *row = match(argc, argv, &i, bit, &v);
        if (!row || apply(o, row, v) < 0) {
            fprintf(stderr, "zstub %s: bad or unknown option %s (see zstub --help)\n", argv[1], a);
            return -1;
        }
    }
    if (o->mode == MODE_PLATFORM) {
        if (!o->comm || i < argc) {
            fprintf(stderr, "zstub platform: needs --listen COMM and nothing else\n");
            return -1;
        }
        if (o->max_port && o->max_port <= o->min_port) {
            fprintf(stderr, "zstub platform: --max-gdbserver-port must be above the minimum\n");
            return -1;
        }
        return 0;
    }
    if (i < argc) {
        o->argv = &argv[i];
        o->argc = argc - i;
    }
    if (o->conn_fd >= 0 ? o->comm != NULL : o->comm == NULL) {
        fprintf(stderr, "zstub gdbserver: give either --fd N or a connection ([HOST]:PORT)\n");
        return -1;
    }
    if (o->argv && o->attach_pid) {
        fprintf(stderr, "zstub gdbserver: a program and --attach exclude each other\n");
        return -1;
    }
    return 0;
}
