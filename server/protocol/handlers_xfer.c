/* qXfer:OBJECT:read: one generator per object, then the requested window of the document. */
#include "packets.h"

#include "rsp_args.h"
#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each generator fills `doc` with the whole object. */
typedef int (*xfer_gen)(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen);
/* A writer stores len bytes at offset into the object; returns the count stored or -errno. */
typedef long (*xfer_put)(struct session *s, uint64_t offset, const uint8_t *data, size_t len);

static int gen_features(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    if (!(alen == 10 && memcmp(annex, "target.xml", 10) == 0))
        return -ENOENT;
    if (!s->target_xml) {
        size_t cap = 64 * 1024;
        char *buf = malloc(cap);
        if (!buf)
            return -ENOMEM;
        long len = s->srv->inf->arch->target_xml(buf, cap, s->lldb);
        if (len < 0) {
            free(buf);
            return -EOVERFLOW;
        }
        s->target_xml = buf;
        s->target_xml_len = (size_t)len;
    }
    rsp_buf_put(doc, s->target_xml, s->target_xml_len);
    return 0;
}

/* The threads of one process, as <thread> elements. */
static void put_threads_of(struct session *s, struct rsp_buf *doc, struct inferior *inf)
{
    for (size_t i = 0; i < inf->nthreads; i++) {
        char name[64];
        pid_t tid = inf->threads[i]->tid;
        thread_name(inf, tid, name, sizeof name);
        rsp_buf_puts(doc, "<thread id=\"");
        session_put_tid(s, doc, tid);
        rsp_buf_printf(doc, "\" core=\"%d\" name=\"", thread_core(inf, tid));
        rsp_buf_xml_text(doc, name); /* names are user data */
        rsp_buf_puts(doc, "\"/>\n");
    }
}

/* Every thread of every process, as qfThreadInfo: gdb forgets the threads a list leaves out, so
 * listing only the current process lost another inferior's threads at its next update. With no
 * process left the list is empty (gdb asks after the last exit of several, like gdbserver). */
static int gen_threads(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    struct server *srv = s->srv;
    server_forget_exited_leaders(srv);
    rsp_buf_puts(doc, "<?xml version=\"1.0\"?>\n<threads>\n");
    for (size_t p = 0; p < srv->nprocs; p++) {
        struct inferior *inf = srv->procs[p];
        if (inf->alive && (s->multiprocess || inf == srv->inf))
            put_threads_of(s, doc, inf);
    }
    rsp_buf_puts(doc, "</threads>\n");
    return 0;
}

static int gen_proc_file(struct session *s, struct rsp_buf *doc, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", s->srv->inf->pid, what);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    char buf[4096];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0)
        rsp_buf_put(doc, buf, (size_t)r);
    close(fd);
    return 0;
}

static int gen_auxv(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    return gen_proc_file(s, doc, "auxv");
}

/* The program's path; the annex names a process (hex) when gdb attaches to one. */
static int gen_exec_file(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    char path[64], target[4096];
    uint64_t pid = (uint64_t)s->srv->inf->pid;
    if (alen && (!rsp_parse_hex_all(annex, alen, &pid) || pid == 0 || pid > INT32_MAX))
        return -EINVAL;
    if (!alen && !s->srv->inf->alive)
        return -ESRCH;
    snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
    ssize_t n = readlink(path, target, sizeof target);
    if (n < 0)
        return -errno;
    rsp_buf_put(doc, target, (size_t)n);
    return 0;
}

/* The signal the selected thread stopped with, as the kernel's raw siginfo ($_siginfo). */
static int gen_siginfo(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    struct thread *t = session_thread_for(s, "", 0, 'g');
    siginfo_t si;
    if (!t || ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) < 0)
        return -ESRCH;
    rsp_buf_put(doc, &si, sizeof si);
    return 0;
}

/* `set $_siginfo.FIELD = V`: patch the selected thread's siginfo. The kernel delivers the patched
 * one if the thread is resumed with that same signal. Returns the bytes written or -errno. */
static long put_siginfo(struct session *s, uint64_t offset, const uint8_t *data, size_t len)
{
    struct thread *t = session_thread_for(s, "", 0, 'g');
    siginfo_t si;
    if (!t || ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) < 0)
        return -ESRCH;
    if (offset > sizeof si || len > sizeof si - offset)
        return -EINVAL;
    memcpy((uint8_t *)&si + offset, data, len);
    if (ptrace(PTRACE_SETSIGINFO, t->tid, 0, &si) < 0)
        return -errno;
    return (long)len;
}

static int gen_osdata(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    return xfer_gen_osdata(doc, annex, alen);
}

static const struct {
    const char *object;
    const char *feature;
    xfer_gen gen;
    xfer_put put;  /* NULL: read-only */
    bool gdb_only; /* not offered to lldb */
} objects[] = {
    {"features", "qXfer:features:read+", gen_features, NULL, false},
    {"threads", "qXfer:threads:read+", gen_threads, NULL, false},
    {"auxv", "qXfer:auxv:read+", gen_auxv, NULL, false},
    {"exec-file", "qXfer:exec-file:read+", gen_exec_file, NULL, false},
    /* lldb's dynamic loader plug-in, once told of this list, stops finding libraries loaded
     * after its first read (no libc frames in a backtrace): it keeps reading them itself. */
    {"libraries-svr4", "qXfer:libraries-svr4:read+;augmented-libraries-svr4-read+",
     xfer_gen_libraries_svr4, NULL, true},
    {"siginfo", "qXfer:siginfo:read+;qXfer:siginfo:write+", gen_siginfo, put_siginfo, false},
    {"osdata", "qXfer:osdata:read+", gen_osdata, NULL, false},
};

void xfer_append_features(struct session *s)
{
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        if (objects[i].gdb_only && s->lldb)
            continue;
        rsp_buf_putc(&s->reply, ';');
        rsp_buf_puts(&s->reply, objects[i].feature);
    }
}

static int find_object(const struct rsp_xfer *x)
{
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        if (strlen(objects[i].object) == x->object_len &&
            memcmp(objects[i].object, x->object, x->object_len) == 0)
            return (int)i;
    return -1;
}

/* qXfer:OBJECT:write:ANNEX:OFFSET:DATA; the reply is the number of bytes written, in hex. */
static int xfer_write(struct session *s, const char *a, size_t n)
{
    struct rsp_xfer x;
    size_t off;
    if (!rsp_parse_xfer_write(a, n, &x, &off))
        return PACKET_OK; /* unknown forms: unsupported */
    int i = find_object(&x);
    if (i < 0 || !objects[i].put)
        return PACKET_OK;
    if (!s->srv->inf->alive)
        return -ESRCH;
    long len = session_unescape_to_scratch(s, a + off, n - off);
    if (len < 0)
        return (int)len;
    long done = objects[i].put(s, x.offset, (const uint8_t *)s->scratch.data, (size_t)len);
    if (done < 0)
        return (int)done;
    rsp_buf_reset(&s->xfer_doc); /* a cached copy of the object is stale now */
    rsp_buf_printf(&s->reply, "%lx", (unsigned long)done);
    return PACKET_OK;
}

int on_xfer(struct session *s, const char *a, size_t n)
{
    struct rsp_xfer x;
    if (!rsp_parse_xfer_read(a, n, &x))
        return xfer_write(s, a, n);
    int found = find_object(&x);
    if (found < 0)
        return PACKET_OK;
    size_t i = (size_t)found;
    /* What needs no process: the register layout, the machine's processes, a named program, the
     * threads of every process (none, or those of processes other than the current one). */
    bool any_time = objects[i].gen == gen_features || objects[i].gen == gen_osdata ||
                    objects[i].gen == gen_exec_file || objects[i].gen == gen_threads;
    if (!s->srv->inf->alive && !any_time)
        return -ESRCH;
    /* gdb reads a long object in pieces: generate it at offset 0 and serve the later
     * pieces from that copy (a thread list of 500 threads costs 1000 /proc reads). */
    if (x.offset == 0 || s->xfer_object != i || s->xfer_doc.len == 0) {
        rsp_buf_reset(&s->xfer_doc);
        int rc = objects[i].gen(s, &s->xfer_doc, x.annex, x.annex_len);
        if (rc < 0)
            return rc;
        s->xfer_object = i;
    }
    size_t total = s->xfer_doc.len;
    size_t off = x.offset < total ? (size_t)x.offset : total;
    size_t len = total - off;
    size_t max = x.length < SESSION_PACKET_SIZE / 2 ? (size_t)x.length : SESSION_PACKET_SIZE / 2;
    bool last = len <= max;
    if (!last)
        len = max;
    rsp_buf_putc(&s->reply, last ? 'l' : 'm');
    rsp_buf_escaped(&s->reply, s->xfer_doc.data + off, len);
    return PACKET_OK;
}
