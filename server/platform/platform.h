/* lldb's platform mode (`zstub platform --listen COMM`): lldb connects with
 * `platform connect connect://HOST:PORT`, uploads programs and fetches files through vFile,
 * lists processes, runs shell commands, and for each debug session asks for a debug server
 * (qLaunchGDBServer), which is a `zstub gdbserver` started here on a free port. */
#ifndef ZSTUB_PLATFORM_H
#define ZSTUB_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct options;
struct session;

/* Serves lldb's platform connections on o->comm until the one connection (or, with --server,
 * every connection) is done. Returns the process exit code. */
int platform_run(struct options *o);

/* The platform session's packet table (platform_packets.c). */
int platform_dispatch(struct session *s, const char *p, size_t n);

/* Debug servers started for lldb (platform_spawn.c). */
void platform_spawn_setup(const struct options *o);
int on_launch_gdbserver(struct session *s, const char *a, size_t n);
int on_query_gdbserver(struct session *s, const char *a, size_t n);
int on_kill_spawned(struct session *s, const char *a, size_t n);
/* Reaps the debug servers that ended; with kill_all, ends the others first (the connection
 * closed: nothing started for it may outlive it). */
void platform_reap_spawned(bool kill_all);

/* Processes (platform_procinfo.c). */
int on_process_info_pid(struct session *s, const char *a, size_t n);
int on_first_process_info(struct session *s, const char *a, size_t n);
int on_next_process_info(struct session *s, const char *a, size_t n);

/* The host: directories, users, the shell (platform_host.c). */
int on_get_working_dir(struct session *s, const char *a, size_t n);
int on_set_working_dir(struct session *s, const char *a, size_t n);
int on_user_name(struct session *s, const char *a, size_t n);
int on_group_name(struct session *s, const char *a, size_t n);
int on_platform_shell(struct session *s, const char *a, size_t n);
int on_platform_mkdir(struct session *s, const char *a, size_t n);
int on_platform_chmod(struct session *s, const char *a, size_t n);

#endif
