/* qRcmd: gdb's `monitor CMD`. Output travels in O packets before the final OK; a command that
 * is unknown or badly used ends with an Exx reply, which gdb shows as "Protocol error with Rcmd"
 * (gdbserver does the same, and gdb's testsuite checks for it). The texts gdb's testsuite
 * matches ("Debug output enabled." ...) are gdbserver's. */
#include "packets.h"

#include "log.h"
#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <event2/event.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MONITOR_OK = 0, MONITOR_BAD = -1 };

static void monitor_output(struct session *s, const char *text)
{
    rsp_buf_reset(&s->reply);
    rsp_buf_putc(&s->reply, 'O');
    rsp_buf_hex_str(&s->reply, text);
    session_send_reply(s);
    rsp_buf_reset(&s->reply);
}

/* "1"/"on" or "0"/"off"; -1 for anything else. */
static int parse_switch(const char *arg)
{
    if (strcmp(arg, "1") == 0 || strcmp(arg, "on") == 0)
        return 1;
    if (strcmp(arg, "0") == 0 || strcmp(arg, "off") == 0)
        return 0;
    return -1;
}

static int mon_help(struct session *s, const char *arg);

static int mon_exit(struct session *s, const char *arg)
{
    s->srv->exit_requested = true;
    event_base_loopbreak(s->srv->base);
    return MONITOR_OK;
}

static int mon_debug(struct session *s, const char *arg)
{
    int on = parse_switch(arg);
    if (on < 0)
        return MONITOR_BAD;
    log_set_level(on ? LOG_DEBUG : LOG_WARN);
    monitor_output(s, on ? "Debug output enabled.\n" : "Debug output disabled.\n");
    return MONITOR_OK;
}

static int mon_remote_debug(struct session *s, const char *arg)
{
    int on = parse_switch(arg);
    if (on < 0)
        return MONITOR_BAD;
    packet_log_enable(on);
    monitor_output(s,
                   on ? "Protocol debug output enabled.\n" : "Protocol debug output disabled.\n");
    return MONITOR_OK;
}

static int mon_debug_format(struct session *s, const char *arg)
{
    static const char *const said[] = {
        [LOG_FORMAT_ALL] = "All extra debug format options enabled.\n",
        [LOG_FORMAT_NONE] = "All extra debug format options disabled.\n",
        [LOG_FORMAT_TIMESTAMP] = "Timestamps added to debug output.\n",
    };
    int last = log_apply_format(arg);
    if (last < 0)
        return MONITOR_BAD;
    monitor_output(s, said[last]);
    return MONITOR_OK;
}

/* Does a gdbserver-style search path (DIR:DIR..., with $pdir and $sdir for the program's and the
 * system's libraries) name a place that holds a libthread_db? An empty one means the default. */
static bool path_has_thread_db(const char *path)
{
    if (!*path)
        return true;
    char dir[PATH_MAX];
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, ":");
        if ((len == 5 && (strncmp(p, "$pdir", 5) == 0 || strncmp(p, "$sdir", 5) == 0)))
            return true;
        if (len > 0 && len + sizeof "/libthread_db.so.1" <= sizeof dir) {
            snprintf(dir, sizeof dir, "%.*s/libthread_db.so.1", (int)len, p);
            if (access(dir, R_OK) == 0)
                return true;
        }
        p += len + (p[len] == ':');
    }
    return false;
}

/* zstub finds TLS blocks from glibc's own layout descriptors, without libthread_db. A search path
 * with no libthread_db in it turns TLS lookups off, as it does in gdbserver (whose only way to
 * them is libthread_db): scripts and gdb's testsuite use that to test the failure. */
static int mon_thread_db_path(struct session *s, const char *arg)
{
    char msg[320];
    s->srv->tls_off = !path_has_thread_db(arg);
    snprintf(msg, sizeof msg, "libthread-db-search-path set to `%s'\n", arg);
    monitor_output(s, msg);
    return MONITOR_OK;
}

/* How the stub's step overs went (docs/architecture.md, out-of-line step over). */
static int mon_displaced(struct session *s, const char *arg)
{
    const struct ool_state *o = &s->srv->inf->ool;
    char text[256];
    snprintf(text, sizeof text,
             "Displaced stepping: %s\n  out of line %lu, emulated %lu, in place (other threads "
             "stopped) %lu\n",
             o->enabled ? "on" : "off", o->ran, o->emulated, o->in_place);
    monitor_output(s, text);
    return MONITOR_OK;
}

static const struct monitor_cmd {
    const char *name; /* matched as whole words; the rest of the line is the argument */
    const char *usage;
    const char *help;
    int (*fn)(struct session *s, const char *arg);
} cmds[] = {
    {"set debug-format", "set debug-format all|none|timestamp[,...]",
     "Timestamps on debug messages, or not", mon_debug_format},
    {"set debug", "set debug <0|1>", "Enable general debugging messages", mon_debug},
    {"set remote-debug", "set remote-debug <0|1>", "Enable the packet log", mon_remote_debug},
    {"set libthread-db-search-path", "set libthread-db-search-path PATH",
     "No libthread_db there: thread-local variables cannot be looked up", mon_thread_db_path},
    {"show displaced-stepping", "show displaced-stepping",
     "How breakpoint step overs went: out of line, emulated, in place", mon_displaced},
    {"exit", "exit", "Quit zstub (the program is killed or detached)", mon_exit},
    {"help", "help", "This list", mon_help},
};

static int mon_help(struct session *s, const char *arg)
{
    char text[2048];
    size_t len =
        (size_t)snprintf(text, sizeof text, "The following monitor commands are supported:\n");
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0] && len < sizeof text; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "  %s\n    %s\n", cmds[i].usage,
                                cmds[i].help);
    monitor_output(s, text);
    return MONITOR_OK;
}

/* The command whose words start the line; *arg is what follows them (blanks skipped). */
static const struct monitor_cmd *find_cmd(const char *line, const char **arg)
{
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        size_t len = strlen(cmds[i].name);
        if (strncmp(line, cmds[i].name, len) == 0 && (line[len] == ' ' || line[len] == 0)) {
            *arg = line + len + strspn(line + len, " ");
            return &cmds[i];
        }
    }
    return NULL;
}

int on_qrcmd(struct session *s, const char *a, size_t n)
{
    char line[256];
    if (!rsp_parse_hex_text(a, n, line, sizeof line))
        return -22;
    const char *arg = "";
    const struct monitor_cmd *cmd = find_cmd(line, &arg);
    if (!cmd) {
        monitor_output(s, "Unknown monitor command.\n\n");
        mon_help(s, "");
        session_error(s, 1, "unknown monitor command");
        return PACKET_OK;
    }
    if (cmd->fn(s, arg) == MONITOR_BAD) {
        char msg[128];
        snprintf(msg, sizeof msg, "Usage: monitor %s\n", cmd->usage);
        monitor_output(s, msg);
        session_error(s, 1, "bad monitor command arguments");
        return PACKET_OK;
    }
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}
