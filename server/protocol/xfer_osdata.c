/* qXfer:osdata:read: what `info os` shows, and what attach pickers list: the types (annex ""),
 * and the processes of the machine (annex "processes": pid, user, command line, cores). */
#include "packets.h"

#include "proc_task.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put_xml_text(struct rsp_buf *doc, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
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
}

static void put_column(struct rsp_buf *doc, const char *name, const char *value, size_t n)
{
    rsp_buf_printf(doc, "<column name=\"%s\">", name);
    put_xml_text(doc, value, n);
    rsp_buf_puts(doc, "</column>");
}

/* The command line with its NULs as spaces; a kernel thread's [name] when it has none. */
static size_t command_line(pid_t pid, char *buf, size_t cap)
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
    char stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    size_t got = f ? fread(stat, 1, sizeof stat - 1, f) : 0;
    if (f)
        fclose(f);
    stat[got] = '\0';
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    if (!open_paren || !close_paren || close_paren < open_paren)
        return 0;
    return (size_t)snprintf(buf, cap, "[%.*s]", (int)(close_paren - open_paren - 1),
                            open_paren + 1);
}

/* The cores the process's threads last ran on, comma-separated, each once. */
static void cores_of(pid_t pid, char *out, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    out[0] = '\0';
    DIR *d = opendir(path);
    if (!d)
        return;
    unsigned char seen[1024] = {0};
    size_t len = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (!isdigit((unsigned char)de->d_name[0]))
            continue;
        char stat_path[320], buf[1024];
        snprintf(stat_path, sizeof stat_path, "/proc/%d/task/%s/stat", pid, de->d_name);
        const char *p = proc_stat_fields(stat_path, buf, sizeof buf);
        /* Field 39 (processor) is the 37th after the command name. */
        for (int field = 3; p && field < 39; field++) {
            p = strchr(p, ' ');
            p = p ? p + 1 : NULL;
        }
        int core = p ? atoi(p) : -1;
        if (core < 0 || core >= (int)sizeof seen || seen[core])
            continue;
        seen[core] = 1;
        len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%d", len ? "," : "", core);
    }
    closedir(d);
}

static void put_process(struct rsp_buf *doc, pid_t pid)
{
    char path[64], cmd[4096], cores[256], pidtext[16];
    snprintf(path, sizeof path, "/proc/%d", pid);
    struct stat st;
    if (stat(path, &st) < 0)
        return; /* gone meanwhile */
    struct passwd *pw = getpwuid(st.st_uid);
    char user[32];
    snprintf(user, sizeof user, "%u", (unsigned)st.st_uid);
    const char *uname = pw ? pw->pw_name : user;
    size_t n = command_line(pid, cmd, sizeof cmd);
    cores_of(pid, cores, sizeof cores);
    int plen = snprintf(pidtext, sizeof pidtext, "%d", pid);
    rsp_buf_puts(doc, "<item>");
    put_column(doc, "pid", pidtext, (size_t)plen);
    put_column(doc, "user", uname, strlen(uname));
    put_column(doc, "command", cmd, n);
    put_column(doc, "cores", cores, strlen(cores));
    rsp_buf_puts(doc, "</item>\n");
}

static int gen_processes(struct rsp_buf *doc)
{
    DIR *d = opendir("/proc");
    if (!d)
        return -errno;
    rsp_buf_puts(doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
                      "<osdata type=\"processes\">\n");
    for (struct dirent *de; (de = readdir(d));) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end == '\0' && pid > 0)
            put_process(doc, (pid_t)pid);
    }
    closedir(d);
    rsp_buf_puts(doc, "</osdata>\n");
    return 0;
}

static int gen_types(struct rsp_buf *doc)
{
    rsp_buf_puts(doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
                      "<osdata type=\"types\">\n<item>");
    put_column(doc, "Type", "processes", 9);
    put_column(doc, "Description", "Listing of all processes", 24);
    put_column(doc, "Title", "Processes", 9);
    rsp_buf_puts(doc, "</item>\n</osdata>\n");
    return 0;
}

int xfer_gen_osdata(struct rsp_buf *doc, const char *annex, size_t alen)
{
    if (alen == 0)
        return gen_types(doc);
    if (alen == 9 && memcmp(annex, "processes", 9) == 0)
        return gen_processes(doc);
    /* A type we do not list: no data, as gdbserver (gdb says "Empty data returned by target.
     * Wrong osdata type?"); an error would read as a transient "Can not fetch data now". */
    return 0;
}
