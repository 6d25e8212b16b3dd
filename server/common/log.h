/* Leveled logging to stderr, and the packet log (--remote-debug) that makes a session
 * reproducible: every packet in and out, with a timestamp, in the order they crossed the wire. */
#ifndef ZSTUB_LOG_H
#define ZSTUB_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3, LOG_TRACE = 4 };

void log_set_level(int level);
int log_get_level(void);
/* Seconds (monotonic clock) in front of each log line: `monitor set debug-format timestamp`. */
void log_set_timestamps(bool on);
bool log_get_timestamps(void);
/* gdbserver's debug-format list: "all", "none", "timestamp", comma-separated. Applies it and
 * returns the last word's index in that order, or -1 (nothing changed) for an unknown word. */
enum log_format_word { LOG_FORMAT_ALL, LOG_FORMAT_NONE, LOG_FORMAT_TIMESTAMP };
int log_apply_format(const char *list);
/* --debug-file: log lines (and a packet log with no file of its own) go to PATH, appended. */
int log_open_file(const char *path);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)                                                                             \
    do {                                                                                           \
        if (log_get_level() >= LOG_DEBUG)                                                          \
            log_msg(LOG_DEBUG, __VA_ARGS__);                                                       \
    } while (0)

/* Packet log: path NULL or "-" means stderr. */
int packet_log_open(const char *path);
void packet_log_enable(int on);
int packet_log_enabled(void);
/* dir is "<-" (received) or "->" (sent); bytes are printed escaped. */
void packet_log(const char *dir, const void *bytes, size_t n);
/* A session event, as a "--" line: "connect", "disconnect", "interrupt", "launch PID ...".
 * scripts/packetlog.py reads them back (scripts/replay needs them to replay a session). */
void packet_log_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The "launch PID aslr=on|off argv=HEX,.. env=HEX,.." (or "attach PID aslr=...") event: which
 * program a replay must start, in which environment, and whether its addresses can repeat. */
void packet_log_launch(int pid, char *const *argv, bool attached);

#endif
