/* Process listings for lldb: `platform process list`, `process attach --name` through a
 * platform, `platform process info PID`. Facts come from /proc, in lldb-server's form:
 * "pid:N;ppid:N;uid:N;gid:N;euid:N;egid:N;name:HEX;args:HEX-HEX...;triple:HEX;" (decimal ids,
 * the executable's path and each argument hex-encoded). */
#include "platform.h"

#include "packets.h"
#include "proc_task.h"
#include "rsp_platform.h"
#include "session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct proc_facts {
    pid_t pid;
    long ppid, uid, euid, gid, egid;
    char state;
    char exe[PATH_MAX]; /* "" when unreadable (kernel threads, other users' processes) */
    char comm[64];      /* the Name: line, when exe is unreadable */
    char args[4096];    /* /proc/PID/cmdline: NUL-separated */
    size_t args_len;
    const char *triple; /* from the executable's ELF header; NULL when unknown */
};

/* The numbers after key: in /proc/PID/status ("Uid:" lists real then effective). */
static void status_line(const char *text, const char *key, long *first, long *second)
{
    const char *line = strstr(text, key);
    *first = *second = -1;
    if (line)
        sscanf(line + strlen(key), "%ld %ld", first, second);
}

static const char *triple_of(const char *exe)
{
    unsigned char hdr[20];
    int fd = open(exe, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    ssize_t got = read(fd, hdr, sizeof hdr);
    close(fd);
    if (got < (ssize_t)sizeof hdr || memcmp(hdr, "\177ELF", 4) != 0)
        return NULL;
    unsigned machine = hdr[18] | hdr[19] << 8; /* e_machine, little-endian on x86 */
    if (machine == 62)
        return "x86_64-pc-linux-gnu";
    if (machine == 3)
        return "i386-pc-linux-gnu";
    return NULL;
}

static bool read_facts(pid_t pid, struct proc_facts *f)
{
    char path[64], text[4096];
    memset(f, 0, sizeof *f);
    f->pid = pid;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t got = read(fd, text, sizeof text - 1);
    close(fd);
    if (got <= 0)
        return false;
    text[got] = 0;
    long unused;
    status_line(text, "PPid:", &f->ppid, &unused);
    status_line(text, "Uid:", &f->uid, &f->euid);
    status_line(text, "Gid:", &f->gid, &f->egid);
    const char *name = strstr(text, "Name:\t"), *state = strstr(text, "State:\t");
    if (name)
        sscanf(name + 6, "%63[^\n]", f->comm);
    f->state = state ? state[7] : 0;
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    ssize_t len = readlink(path, f->exe, sizeof f->exe - 1);
    f->exe[len > 0 ? len : 0] = 0;
    if (f->exe[0])
        f->triple = triple_of(path);
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        got = read(fd, f->args, sizeof f->args - 1);
        f->args_len = got > 0 ? (size_t)got : 0;
        close(fd);
    }
    return true;
}

static void put_facts(struct rsp_buf *b, const struct proc_facts *f)
{
    rsp_buf_printf(b, "pid:%d;ppid:%ld;uid:%ld;gid:%ld;euid:%ld;egid:%ld;name:", f->pid, f->ppid,
                   f->uid, f->gid, f->euid, f->egid);
    rsp_buf_hex_str(b, f->exe);
    rsp_buf_puts(b, ";args:");
    for (size_t i = 0; i < f->args_len;) {
        const char *arg = f->args + i;
        size_t len = strnlen(arg, f->args_len - i);
        if (i)
            rsp_buf_putc(b, '-');
        rsp_buf_hex_bytes(b, arg, len);
        i += len + 1;
    }
    rsp_buf_putc(b, ';');
    if (f->triple) {
        rsp_buf_puts(b, "triple:");
        rsp_buf_hex_str(b, f->triple);
        rsp_buf_putc(b, ';');
    }
}

int on_process_info_pid(struct session *s, const char *a, size_t n)
{
    uint64_t pid;
    struct proc_facts f;
    if (!rsp_parse_lldb_number(a, n, &pid) || pid == 0 || pid > INT_MAX)
        return -EINVAL;
    if (!read_facts((pid_t)pid, &f)) {
        session_error(s, -ESRCH, "no such process");
        return PACKET_OK;
    }
    put_facts(&s->reply, &f);
    return PACKET_OK;
}

/* lldb matches the executable's file name (not its path). */
static bool name_matches(const struct rsp_proc_filter *flt, const regex_t *re,
                         const struct proc_facts *f)
{
    if (flt->match == RSP_NAME_ANY)
        return true;
    const char *slash = strrchr(f->exe, '/');
    const char *name = f->exe[0] ? (slash ? slash + 1 : f->exe) : f->comm;
    size_t nl = strlen(name), pl = strlen(flt->name);
    switch (flt->match) {
    case RSP_NAME_EQUALS:
        return strcmp(name, flt->name) == 0;
    case RSP_NAME_STARTS_WITH:
        return strncmp(name, flt->name, pl) == 0;
    case RSP_NAME_ENDS_WITH:
        return nl >= pl && strcmp(name + nl - pl, flt->name) == 0;
    case RSP_NAME_CONTAINS:
        return strstr(name, flt->name) != NULL;
    case RSP_NAME_REGEX:
        return regexec(re, name, 0, NULL, 0) == 0;
    default:
        return true;
    }
}

static bool id_matches(int64_t want, long have)
{
    return want < 0 || want == have;
}

static bool matches(const struct rsp_proc_filter *flt, const regex_t *re,
                    const struct proc_facts *f)
{
    uid_t me = getuid();
    if (f->state == 'Z' || f->state == 'X')
        return false;
    if (!flt->all_users && me != 0 && f->uid != (long)me)
        return false;
    return id_matches(flt->pid, f->pid) && id_matches(flt->ppid, f->ppid) &&
           id_matches(flt->uid, f->uid) && id_matches(flt->euid, f->euid) &&
           id_matches(flt->gid, f->gid) && id_matches(flt->egid, f->egid) &&
           name_matches(flt, re, f);
}

/* The listing qfProcessInfo made; qsProcessInfo hands it out one process at a time. */
static pid_t *listed;
static size_t nlisted, next_listed;

static int list_next(struct session *s)
{
    struct proc_facts f;
    while (next_listed < nlisted) {
        if (read_facts(listed[next_listed++], &f)) {
            put_facts(&s->reply, &f);
            return PACKET_OK;
        }
    }
    rsp_buf_puts(&s->reply, "E04"); /* lldb-server's end of the list */
    return PACKET_OK;
}

int on_first_process_info(struct session *s, const char *a, size_t n)
{
    char name[PATH_MAX];
    struct rsp_proc_filter flt;
    regex_t re;
    if (!rsp_parse_proc_filter(a, n, name, sizeof name, &flt))
        return -EINVAL;
    if (flt.match == RSP_NAME_REGEX && regcomp(&re, flt.name, REG_EXTENDED | REG_NOSUB) != 0) {
        session_error(s, -EINVAL, "bad regular expression");
        return PACKET_OK;
    }
    nlisted = next_listed = 0;
    DIR *d = opendir("/proc");
    size_t cap = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        struct proc_facts f;
        if (*end || pid <= 0 || !read_facts((pid_t)pid, &f) || !matches(&flt, &re, &f))
            continue;
        if (nlisted == cap) {
            pid_t *grown = realloc(listed, (cap = cap ? 2 * cap : 256) * sizeof *listed);
            if (!grown)
                break;
            listed = grown;
        }
        listed[nlisted++] = (pid_t)pid;
    }
    if (d)
        closedir(d);
    if (flt.match == RSP_NAME_REGEX)
        regfree(&re);
    if (nlisted == 0) {
        rsp_buf_puts(&s->reply, "E03"); /* lldb-server's "nothing matched" */
        return PACKET_OK;
    }
    return list_next(s);
}

int on_next_process_info(struct session *s, const char *a, size_t n)
{
    return list_next(s);
}
