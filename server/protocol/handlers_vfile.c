/* vFile: the host I/O packets on descriptors (the ones naming a file are in
 * handlers_vfile_path.c). gdb's default sysroot "target:" reads the program and its shared
 * libraries through them, which is what a user debugging a remote board needs (the files exist
 * only there). Flags, modes and errno values travel in gdb's File-I/O encoding. */
#include "packets.h"

#include "rsp_vfile.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* gdb's File-I/O open flags (lldb sends the same values, plus its own bits above 0x10000000:
 * close-on-exec, which every descriptor here gets anyway, and the like). */
#define FIO_O_WRONLY 0x1
#define FIO_O_RDWR 0x2
#define FIO_O_APPEND 0x8
#define FIO_O_CREAT 0x200
#define FIO_O_TRUNC 0x400
#define FIO_O_EXCL 0x800

/* Only descriptors the client opened may be used or closed: a number picked at random must not
 * reach the stub's own sockets, the program's memory file or the event loop's descriptors. */
static bool own_fd(struct session *s, uint64_t fd, size_t *slot)
{
    for (size_t i = 0; i < s->nvfile_fds; i++) {
        if ((uint64_t)s->vfile_fds[i] == fd) {
            if (slot)
                *slot = i;
            return true;
        }
    }
    return false;
}

static int vfile_open(struct session *s, const struct rsp_vfile *v)
{
    int flags = (v->flags & FIO_O_RDWR) ? O_RDWR : (v->flags & FIO_O_WRONLY) ? O_WRONLY : O_RDONLY;
    flags |= (v->flags & FIO_O_APPEND ? O_APPEND : 0) | (v->flags & FIO_O_CREAT ? O_CREAT : 0) |
             (v->flags & FIO_O_TRUNC ? O_TRUNC : 0) | (v->flags & FIO_O_EXCL ? O_EXCL : 0);
    if (s->nvfile_fds == SESSION_MAX_VFILE_FDS) {
        errno = EMFILE;
        return vfile_reply_result(s, -1);
    }
    int fd = open(v->path, flags | O_CLOEXEC, (mode_t)(v->mode & 0777));
    if (fd >= 0)
        s->vfile_fds[s->nvfile_fds++] = fd;
    return vfile_reply_result(s, fd);
}

static int vfile_close(struct session *s, const struct rsp_vfile *v)
{
    size_t i;
    if (!own_fd(s, v->fd, &i)) {
        errno = EBADF;
        return vfile_reply_result(s, -1);
    }
    s->vfile_fds[i] = s->vfile_fds[--s->nvfile_fds];
    return vfile_reply_result(s, close((int)v->fd));
}

static int vfile_pread(struct session *s, const struct rsp_vfile *v)
{
    uint64_t count = v->count;
    if (!own_fd(s, v->fd, NULL)) {
        errno = EBADF;
        return vfile_reply_result(s, -1);
    }
    if (v->offset > INT64_MAX)
        return -EINVAL;
    if (count > SESSION_PACKET_SIZE / 2)
        count = SESSION_PACKET_SIZE / 2; /* escaping may double it */
    rsp_buf_reset(&s->scratch);
    if (!rsp_buf_reserve(&s->scratch, count + 1))
        return -ENOMEM;
    ssize_t got = pread((int)v->fd, s->scratch.data, count, (off_t)v->offset);
    if (got < 0)
        return vfile_reply_result(s, -1);
    rsp_buf_printf(&s->reply, "F%zx;", got);
    rsp_buf_escaped(&s->reply, s->scratch.data, (size_t)got);
    return PACKET_OK;
}

/* vFile:pwrite:FD,OFFSET,DATA: DATA is binary (escaped) and may hold commas, so it is the
 * whole rest of the packet. gdb's `remote put` writes a file this way. */
static int vfile_pwrite(struct session *s, const struct rsp_vfile *v)
{
    if (!own_fd(s, v->fd, NULL)) {
        errno = EBADF;
        return vfile_reply_result(s, -1);
    }
    if (v->offset > INT64_MAX)
        return -EINVAL;
    long len = session_unescape_to_scratch(s, v->data, v->data_len);
    if (len < 0)
        return (int)len;
    return vfile_reply_result(s,
                              pwrite((int)v->fd, s->scratch.data, (size_t)len, (off_t)v->offset));
}

static void put_be(struct rsp_buf *b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        rsp_buf_putc(b, (char)(v >> (8 * i)));
}

static int vfile_fstat(struct session *s, const struct rsp_vfile *v)
{
    struct stat st;
    if (!own_fd(s, v->fd, NULL)) {
        errno = EBADF;
        return vfile_reply_result(s, -1);
    }
    if (fstat((int)v->fd, &st) < 0)
        return vfile_reply_result(s, -1);
    /* gdb's struct stat: big-endian, 32-bit fields except size/blksize/blocks. */
    rsp_buf_reset(&s->scratch);
    put_be(&s->scratch, st.st_dev, 4);
    put_be(&s->scratch, st.st_ino, 4);
    put_be(&s->scratch, st.st_mode, 4);
    put_be(&s->scratch, st.st_nlink, 4);
    put_be(&s->scratch, st.st_uid, 4);
    put_be(&s->scratch, st.st_gid, 4);
    put_be(&s->scratch, st.st_rdev, 4);
    put_be(&s->scratch, (uint64_t)st.st_size, 8);
    put_be(&s->scratch, (uint64_t)st.st_blksize, 8);
    put_be(&s->scratch, (uint64_t)st.st_blocks, 8);
    put_be(&s->scratch, (uint64_t)st.st_atime, 4);
    put_be(&s->scratch, (uint64_t)st.st_mtime, 4);
    put_be(&s->scratch, (uint64_t)st.st_ctime, 4);
    rsp_buf_printf(&s->reply, "F%zx;", s->scratch.len);
    rsp_buf_escaped(&s->reply, s->scratch.data, s->scratch.len);
    return PACKET_OK;
}

static int vfile_setfs(struct session *s, const struct rsp_vfile *v)
{
    rsp_buf_puts(&s->reply, "F0"); /* one filesystem view: the stub's own */
    return PACKET_OK;
}

typedef int (*vfile_fn)(struct session *s, const struct rsp_vfile *v);

static const vfile_fn ops[] = {
    [RSP_VFILE_OPEN] = vfile_open,        [RSP_VFILE_CLOSE] = vfile_close,
    [RSP_VFILE_PREAD] = vfile_pread,      [RSP_VFILE_FSTAT] = vfile_fstat,
    [RSP_VFILE_SETFS] = vfile_setfs,      [RSP_VFILE_PWRITE] = vfile_pwrite,
    [RSP_VFILE_READLINK] = vfile_by_path, [RSP_VFILE_UNLINK] = vfile_by_path,
    [RSP_VFILE_SIZE] = vfile_by_path,     [RSP_VFILE_MODE] = vfile_by_path,
    [RSP_VFILE_EXISTS] = vfile_by_path,   [RSP_VFILE_MD5] = vfile_by_path,
    [RSP_VFILE_SYMLINK] = vfile_by_path,
};

int on_vfile(struct session *s, const char *a, size_t n)
{
    char path[2 * PATH_MAX]; /* symlink's two paths */
    struct rsp_vfile v;
    if (!rsp_parse_vfile(a, n, path, sizeof path, &v))
        return -EINVAL;
    if (v.op == RSP_VFILE_UNSUPPORTED || !ops[v.op])
        return PACKET_OK; /* anything else (stat ...): unsupported */
    return ops[v.op](s, &v);
}
