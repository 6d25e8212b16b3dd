/* `info os shm`, `semaphores`, `msg`: the System V IPC objects, from /proc/sysvipc/{shm,sem,msg}.
 * Each is a table of columns naming the field of the kernel's file it shows (found by the file's
 * heading, not by position) and how: as written, a pid as its command, an id as a user or group
 * name, a time in seconds as a date. */
#include "osdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum shown { AS_IS, COMMAND, USER, GROUP, DATE };

struct column {
    const char *name, *field;
    enum shown shown;
};

#define MAX_FIELDS 24

static const struct column shm_columns[] = {
    {"key", "key", AS_IS},
    {"shmid", "shmid", AS_IS},
    {"permissions", "perms", AS_IS}, /* the kernel writes them in octal already */
    {"size", "size", AS_IS},
    {"creator command", "cpid", COMMAND},
    {"last op. command", "lpid", COMMAND},
    {"num attached", "nattch", AS_IS},
    {"user", "uid", USER},
    {"group", "gid", GROUP},
    {"creator user", "cuid", USER},
    {"creator group", "cgid", GROUP},
    {"last shmat() time", "atime", DATE},
    {"last shmdt() time", "dtime", DATE},
    {"last shmctl() time", "ctime", DATE},
    {NULL, NULL, AS_IS},
};

static const struct column sem_columns[] = {
    {"key", "key", AS_IS},
    {"semid", "semid", AS_IS},
    {"permissions", "perms", AS_IS},
    {"num semaphores", "nsems", AS_IS},
    {"user", "uid", USER},
    {"group", "gid", GROUP},
    {"creator user", "cuid", USER},
    {"creator group", "cgid", GROUP},
    {"last semop() time", "otime", DATE},
    {"last semctl() time", "ctime", DATE},
    {NULL, NULL, AS_IS},
};

static const struct column msg_columns[] = {
    {"key", "key", AS_IS},
    {"msqid", "msqid", AS_IS},
    {"permissions", "perms", AS_IS},
    {"num used bytes", "cbytes", AS_IS},
    {"num messages", "qnum", AS_IS},
    {"last msgsnd() command", "lspid", COMMAND},
    {"last msgrcv() command", "lrpid", COMMAND},
    {"user", "uid", USER},
    {"group", "gid", GROUP},
    {"creator user", "cuid", USER},
    {"creator group", "cgid", GROUP},
    {"last msgsnd() time", "stime", DATE},
    {"last msgrcv() time", "rtime", DATE},
    {"last msgctl() time", "ctime", DATE},
    {NULL, NULL, AS_IS},
};

/* Splits a line into its blank-separated words, in place; returns how many (at most max). */
static size_t split(char *line, char **words, size_t max)
{
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(line, " \t\n", &save); w && n < max;
         w = strtok_r(NULL, " \t\n", &save))
        words[n++] = w;
    return n;
}

/* A time as ctime() writes it, without its newline; nothing for 0 (never happened). */
static void date_text(const char *seconds, char *buf, size_t cap)
{
    time_t t = (time_t)strtoll(seconds, NULL, 10);
    struct tm tm;
    buf[0] = '\0';
    if (t != 0 && localtime_r(&t, &tm))
        strftime(buf, cap, "%a %b %e %H:%M:%S %Y", &tm);
}

static void put_value(struct rsp_buf *doc, const struct column *c, const char *raw)
{
    char text[128];
    switch (c->shown) {
    case AS_IS:
        osdata_column(doc, c->name, raw);
        return;
    case COMMAND:
        osdata_command_name((pid_t)atoi(raw), text, sizeof text);
        break;
    case USER:
        osdata_user_name((unsigned)strtoul(raw, NULL, 10), text, sizeof text);
        break;
    case GROUP:
        osdata_group_name((unsigned)strtoul(raw, NULL, 10), text, sizeof text);
        break;
    case DATE:
        date_text(raw, text, sizeof text);
        break;
    }
    osdata_column(doc, c->name, text);
}

static int gen_ipc(struct rsp_buf *doc, const char *type, const char *path,
                   const struct column *columns)
{
    osdata_begin(doc, type);
    FILE *f = fopen(path, "re");
    char heading[512], line[512];
    char *names[MAX_FIELDS], *values[MAX_FIELDS];
    size_t nnames = f && fgets(heading, sizeof heading, f) ? split(heading, names, MAX_FIELDS) : 0;
    int at[MAX_FIELDS]; /* where each column's field is in a line; -1: this kernel has none */
    for (size_t c = 0; columns[c].name; c++) {
        at[c] = -1;
        for (size_t i = 0; i < nnames; i++)
            if (strcmp(names[i], columns[c].field) == 0)
                at[c] = (int)i;
    }
    while (nnames && fgets(line, sizeof line, f)) {
        size_t n = split(line, values, MAX_FIELDS);
        osdata_item_begin(doc);
        for (size_t c = 0; columns[c].name; c++)
            put_value(doc, &columns[c], at[c] >= 0 && (size_t)at[c] < n ? values[at[c]] : "");
        osdata_item_end(doc);
    }
    if (f)
        fclose(f);
    osdata_end(doc);
    return 0;
}

int osdata_gen_shm(struct rsp_buf *doc)
{
    return gen_ipc(doc, "shared memory", "/proc/sysvipc/shm", shm_columns);
}

int osdata_gen_semaphores(struct rsp_buf *doc)
{
    return gen_ipc(doc, "semaphores", "/proc/sysvipc/sem", sem_columns);
}

int osdata_gen_msg(struct rsp_buf *doc)
{
    return gen_ipc(doc, "message queues", "/proc/sysvipc/msg", msg_columns);
}
