/* Logging: one process-wide sink. Kept deliberately simple: the daemon is single-threaded. */
#include "log.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

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
