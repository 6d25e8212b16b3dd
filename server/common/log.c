/* Logging: one process-wide sink. Kept deliberately simple: the daemon is single-threaded. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/personality.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int g_level = LOG_WARN;
static FILE *g_packet_log;
static int g_packet_log_on;
static bool g_timestamps;
static FILE *g_log_file; /* NULL: stderr */

void log_set_level(int level)
{
    g_level = level;
}

int log_get_level(void)
{
    return g_level;
}

void log_set_timestamps(bool on)
{
    g_timestamps = on;
}

bool log_get_timestamps(void)
{
    return g_timestamps;
}

int log_apply_format(const char *list)
{
    static const char *const words[] = {"all", "none", "timestamp"};
    bool stamps = g_timestamps;
    int last = -1;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        last = -1;
        for (int i = 0; i < (int)(sizeof words / sizeof words[0]); i++)
            if (strlen(words[i]) == len && strncmp(p, words[i], len) == 0)
                last = i;
        if (last < 0)
            return -1;
        stamps = last != LOG_FORMAT_NONE;
        p += len + (p[len] == ',');
    }
    if (last >= 0)
        g_timestamps = stamps;
    return last;
}

int log_open_file(const char *path)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return -1;
    setvbuf(f, NULL, _IOLBF, 0);
    g_log_file = f;
    return 0;
}

static FILE *log_sink(void)
{
    return g_log_file ? g_log_file : stderr;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *names[] = {"error", "warn", "info", "debug", "trace"};
    if ((int)level > g_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    FILE *out = log_sink();
    if (g_timestamps)
        fprintf(out, "%.6f ", now_seconds());
    fprintf(out, "zstub: %s: ", names[level]);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    va_end(ap);
}

int packet_log_open(const char *path)
{
    if (!path || !*path || strcmp(path, "-") == 0) {
        g_packet_log = log_sink();
    } else {
        FILE *f = fopen(path, "a");
        if (!f)
            return -1;
        setvbuf(f, NULL, _IOLBF, 0);
        g_packet_log = f;
    }
    g_packet_log_on = 1;
    return 0;
}

void packet_log_enable(int on)
{
    if (on && !g_packet_log)
        g_packet_log = log_sink();
    g_packet_log_on = on;
}

int packet_log_enabled(void)
{
    return g_packet_log_on;
}

void packet_log_event(const char *fmt, ...)
{
    if (!g_packet_log_on || !g_packet_log)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(g_packet_log, "%.6f -- ", now_seconds());
    vfprintf(g_packet_log, fmt, ap);
    fputc('\n', g_packet_log);
    va_end(ap);
}

/* Address-space randomization as the launched program gets it: off when the stub runs with
 * ADDR_NO_RANDOMIZE (setarch -R), which children inherit, or when the system disables it. */
static bool aslr_on(void)
{
    int pers = personality(0xffffffff);
    if (pers != -1 && (pers & ADDR_NO_RANDOMIZE))
        return false;
    FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "re");
    int level = 2;
    if (f) {
        if (fscanf(f, "%d", &level) != 1)
            level = 2;
        fclose(f);
    }
    return level != 0;
}

/* " key=HEX,HEX,...": a string list hex-encoded, since its strings may hold any byte. */
static void put_hex_list(const char *key, char *const *list)
{
    fprintf(g_packet_log, " %s=", key);
    for (size_t i = 0; list && list[i]; i++) {
        if (i)
            fputc(',', g_packet_log);
        for (const unsigned char *c = (const unsigned char *)list[i]; *c; c++)
            fprintf(g_packet_log, "%02x", *c);
    }
}

void packet_log_launch(int pid, char *const *argv, bool attached)
{
    if (!g_packet_log_on || !g_packet_log)
        return;
    fprintf(g_packet_log, "%.6f -- %s %d aslr=%s", now_seconds(), attached ? "attach" : "launch",
            pid, aslr_on() ? "on" : "off");
    /* The program's stack layout depends on its arguments and environment (the launched
     * program inherits ours): a replay needs both to see the same addresses. */
    if (!attached) {
        put_hex_list("argv", argv);
        put_hex_list("env", environ);
    }
    fputc('\n', g_packet_log);
}

void packet_log(const char *dir, const void *bytes, size_t n)
{
    if (!g_packet_log_on || !g_packet_log)
        return;
    const unsigned char *p = bytes;
    fprintf(g_packet_log, "%.6f %s ", now_seconds(), dir);
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
            fputc(p[i], g_packet_log);
        else
            fprintf(g_packet_log, "\\x%02x", p[i]);
    }
    fputc('\n', g_packet_log);
}
