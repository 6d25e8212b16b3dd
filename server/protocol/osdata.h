/* qXfer:osdata:read: the pieces every `info os` table is made of (xfer_osdata.c) and the
 * generators of each type, one per file by what they read: tasks under /proc (osdata_tasks.c),
 * internet sockets (osdata_sockets.c), System V IPC objects (osdata_sysvipc.c), processors
 * (osdata_cpus.c). */
#ifndef ZSTUB_OSDATA_H
#define ZSTUB_OSDATA_H

#include "rsp_buf.h"

#include <stddef.h>
#include <sys/types.h>

/* A document: `<osdata type="TYPE">`, items of columns, `</osdata>`. gdb shows the columns in the
 * order of the first item and takes each column's title from its name. */
void osdata_begin(struct rsp_buf *doc, const char *type);
void osdata_end(struct rsp_buf *doc);
void osdata_item_begin(struct rsp_buf *doc);
void osdata_item_end(struct rsp_buf *doc);
void osdata_column(struct rsp_buf *doc, const char *name, const char *value);
void osdata_column_n(struct rsp_buf *doc, const char *name, const char *value, size_t n);
void osdata_column_long(struct rsp_buf *doc, const char *name, long value);

/* What /proc says of a process. */
size_t osdata_command_line(pid_t pid, char *buf, size_t cap); /* NULs as spaces; [comm] if none */
/* Its command name (comm); its number in decimal when it has gone (a creator that exited). */
void osdata_command_name(pid_t pid, char *buf, size_t cap);
/* A user's or group's name; the number when it has none. */
void osdata_user_name(unsigned uid, char *buf, size_t cap);
void osdata_group_name(unsigned gid, char *buf, size_t cap);

/* The processes of the machine, in ascending order; each call of fn sees one pid. */
int osdata_each_pid(void (*fn)(pid_t pid, void *ctx), void *ctx);

int osdata_gen_cpus(struct rsp_buf *doc);
int osdata_gen_processes(struct rsp_buf *doc);
int osdata_gen_procgroups(struct rsp_buf *doc);
int osdata_gen_threads(struct rsp_buf *doc);
int osdata_gen_files(struct rsp_buf *doc);
int osdata_gen_sockets(struct rsp_buf *doc);
int osdata_gen_shm(struct rsp_buf *doc);
int osdata_gen_semaphores(struct rsp_buf *doc);
int osdata_gen_msg(struct rsp_buf *doc);

#endif
