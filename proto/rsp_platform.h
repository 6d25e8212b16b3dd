/* rsp_platform: the arguments of lldb's platform requests (lldb-server's `platform` mode; see
 * lldb/docs/resources/lldbgdbremote.md): launching a debug server, process listings, the shell,
 * directories and permissions. Each takes the arguments after the packet's name, never reads past
 * `n`, and returns false on malformed input. Pure code: no I/O, no globals, no allocation. */
#ifndef ZSTUB_RSP_PLATFORM_H
#define ZSTUB_RSP_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "key:value;key:value;...": the next pair from *pos. A field without ':' has an empty key and
 * the field as its value. Returns false when no field is left. */
bool rsp_next_key_value(const char *p, size_t n, size_t *pos, const char **key, size_t *key_len,
                        const char **val, size_t *val_len);

/* A number as lldb writes one in key:value lists: decimal, or hex after "0x". All of p[0..n). */
bool rsp_parse_lldb_number(const char *p, size_t n, uint64_t *out);

/* qLaunchGDBServer: ";host:NAME;port:N;" (both optional; a port of 0 or none: any). */
struct rsp_launch_gdbserver {
    char host[256]; /* empty when absent; "*" is lldb's "any host" */
    uint64_t port;
};
bool rsp_parse_launch_gdbserver(const char *p, size_t n, struct rsp_launch_gdbserver *out);

/* qfProcessInfo: "" or ":key:value;..." with name (hex), name_match, pid, parent_pid, uid, gid,
 * euid, egid, all_users, triple. Numbers left out are -1 (any). */
enum rsp_name_match {
    RSP_NAME_ANY, /* no name given */
    RSP_NAME_EQUALS,
    RSP_NAME_STARTS_WITH,
    RSP_NAME_ENDS_WITH,
    RSP_NAME_CONTAINS,
    RSP_NAME_REGEX,
};
struct rsp_proc_filter {
    char *name; /* the caller's buffer; "" when no name was given */
    enum rsp_name_match match;
    int64_t pid, ppid, uid, gid, euid, egid;
    bool all_users;
};
bool rsp_parse_proc_filter(const char *p, size_t n, char *name, size_t cap,
                           struct rsp_proc_filter *out);

/* qPlatform_shell: "HEXCMD,TIMEOUT[,HEXDIR]" (timeout in hex seconds; lldb sends ffffffff for
 * none). dir is "" when absent. */
struct rsp_shell {
    uint64_t timeout;
};
bool rsp_parse_shell(const char *p, size_t n, char *cmd, size_t cmd_cap, char *dir, size_t dir_cap,
                     struct rsp_shell *out);

/* qPlatform_mkdir, qPlatform_chmod: "MODE,HEXPATH" (mode in hex). */
bool rsp_parse_mode_path(const char *p, size_t n, uint64_t *mode, char *path, size_t cap);

#endif
