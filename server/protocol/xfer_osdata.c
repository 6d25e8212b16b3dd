/* qXfer:osdata:read: what `info os` shows, and what attach pickers list. The annex names the
 * type; annex "" lists the types. One row of `types` per type: its name, its description and
 * title (the list gdb shows for plain `info os`), and its generator. Also the pieces every
 * generator shares: the document's markup and what /proc says of a process. */
#include "packets.h"

#include "osdata.h"
#include "proc_task.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *type, *description, *title;
    int (*gen)(struct rsp_buf *doc);
} types[] = {
    {"cpus", "Listing of all cpus/cores on the system", "CPUs", osdata_gen_cpus},
    {"files", "Listing of all file descriptors", "File descriptors", osdata_gen_files},
    {"msg", "Listing of all message queues", "Message queues", osdata_gen_msg},
    {"processes", "Listing of all processes", "Processes", osdata_gen_processes},
    {"procgroups", "Listing of all process groups", "Process groups", osdata_gen_procgroups},
    {"semaphores", "Listing of all semaphores", "Semaphores", osdata_gen_semaphores},
    {"shm", "Listing of all shared-memory regions", "Shared-memory regions", osdata_gen_shm},
    {"sockets", "Listing of all internet-domain sockets", "Sockets", osdata_gen_sockets},
    {"threads", "Listing of all threads", "Threads", osdata_gen_threads},
};

void osdata_begin(struct rsp_buf *doc, const char *type)
{
    rsp_buf_printf(doc,
                   "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
                   "<osdata type=\"%s\">\n",
                   type);
}

void osdata_end(struct rsp_buf *doc)
{
    rsp_buf_puts(doc, "</osdata>\n");
}

void osdata_item_begin(struct rsp_buf *doc)
{
    rsp_buf_puts(doc, "<item>");
}

void osdata_item_end(struct rsp_buf *doc)
{
    rsp_buf_puts(doc, "</item>\n");
}

/* Markup escaped; control characters (a command line's newline) become spaces: gdb prints each
 * item on one line. */
void osdata_column_n(struct rsp_buf *doc, const char *name, const char *value, size_t n)
{
    rsp_buf_puts(doc, "<column name=\"");
    rsp_buf_xml_text(doc, name); /* a name from a kernel file (cpus) */
    rsp_buf_puts(doc, "\">");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c == '<')
            rsp_buf_puts(doc, "&lt;");
        else if (c == '>')
            rsp_buf_puts(doc, "&gt;");
        else if (c == '&')
            rsp_buf_puts(doc, "&amp;");
        else if (c == '"')
            rsp_buf_puts(doc, "&quot;");
        else if (c < 0x20 || c == 0x7f)
            rsp_buf_putc(doc, ' ');
        else
            rsp_buf_putc(doc, (char)c);
    }
    rsp_buf_puts(doc, "</column>");
}

void osdata_column(struct rsp_buf *doc, const char *name, const char *value)
{
    osdata_column_n(doc, name, value, strlen(value));
}

void osdata_column_long(struct rsp_buf *doc, const char *name, long value)
{
    char text[24];
    snprintf(text, sizeof text, "%ld", value);
    osdata_column(doc, name, text);
}

/* The name between the parentheses of /proc/PID/stat; false if the process has gone. */
static bool stat_comm(pid_t pid, char *buf, size_t cap)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (!proc_stat_fields(path, stat, sizeof stat))
        return false;
    const char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    snprintf(buf, cap, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
    return true;
}

size_t osdata_command_line(pid_t pid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, cap - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n > 0) {
        while (n > 0 && buf[n - 1] == '\0')
            n--;
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] == '\0')
                buf[i] = ' ';
        return (size_t)n;
    }
    char comm[64]; /* a kernel thread has no command line */
    if (!stat_comm(pid, comm, sizeof comm))
        return 0;
    int len = snprintf(buf, cap, "[%s]", comm);
    return len < 0 ? 0 : (size_t)len < cap ? (size_t)len : cap - 1;
}

void osdata_command_name(pid_t pid, char *buf, size_t cap)
{
    if (pid <= 0 || !stat_comm(pid, buf, cap))
        snprintf(buf, cap, "%d", pid);
}

void osdata_user_name(unsigned uid, char *buf, size_t cap)
{
    struct passwd *pw = getpwuid(uid);
    if (pw)
        snprintf(buf, cap, "%s", pw->pw_name);
    else
        snprintf(buf, cap, "%u", uid);
}

void osdata_group_name(unsigned gid, char *buf, size_t cap)
{
    struct group *gr = getgrgid(gid);
    if (gr)
        snprintf(buf, cap, "%s", gr->gr_name);
    else
        snprintf(buf, cap, "%u", gid);
}

int osdata_each_pid(void (*fn)(pid_t pid, void *ctx), void *ctx)
{
    DIR *d = opendir("/proc");
    if (!d)
        return -errno;
    for (struct dirent *de; (de = readdir(d));) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end == '\0' && pid > 0)
            fn((pid_t)pid, ctx);
    }
    closedir(d);
    return 0;
}

static int gen_types(struct rsp_buf *doc)
{
    osdata_begin(doc, "types");
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        osdata_item_begin(doc);
        osdata_column(doc, "Type", types[i].type);
        osdata_column(doc, "Description", types[i].description);
        osdata_column(doc, "Title", types[i].title);
        osdata_item_end(doc);
    }
    osdata_end(doc);
    return 0;
}

int xfer_gen_osdata(struct rsp_buf *doc, const char *annex, size_t alen)
{
    if (alen == 0)
        return gen_types(doc);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].type) == alen && memcmp(annex, types[i].type, alen) == 0)
            return types[i].gen(doc);
    /* A type we do not list: no data, as gdbserver (gdb says "Empty data returned by target.
     * Wrong osdata type?"); an error would read as a transient "Can not fetch data now". */
    return 0;
}
