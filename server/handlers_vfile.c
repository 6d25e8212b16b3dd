/* vFile: the host I/O packets. gdb's default sysroot "target:" reads the program and its shared
 * libraries through them, which is what a user debugging a remote board needs (the files exist
 * only there). Flags, modes and errno values travel in gdb's File-I/O encoding. */
#include "packets.h"

#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* gdb's File-I/O open flags. */
#define FIO_O_WRONLY 0x1
#define FIO_O_RDWR 0x2
#define FIO_O_APPEND 0x8
#define FIO_O_CREAT 0x200
#define FIO_O_TRUNC 0x400
#define FIO_O_EXCL 0x800

static int fio_errno(int e)
{
    switch (e) {
    case EPERM:
    case ENOENT:
    case EINTR:
    case EBADF:
    case EACCES:
    case EFAULT:
    case EBUSY:
    case EEXIST:
    case ENODEV:
    case ENOTDIR:
    case EISDIR:
    case EINVAL:
    case ENFILE:
    case EMFILE:
    case EFBIG:
    case ENOSPC:
    case ESPIPE:
    case EROFS:
        return e; /* the same numbers as Linux */
    case ENAMETOOLONG:
        return 91;
    default:
        return 9999; /* EUNKNOWN */
    }
}

static int reply_result(struct session *s, long rc)
{
    if (rc < 0)
        rsp_buf_printf(&s->reply, "F-1,%x", fio_errno(errno));
    else
        rsp_buf_printf(&s->reply, "F%lx", rc);
    return PACKET_OK;
}

/* Reads the next comma-separated hex number. */
static bool next_hex(const char *a, size_t n, size_t *pos, uint64_t *v)
{
    const char *f;
    size_t fl;
    size_t used;
    return rsp_next_field(a, n, ',', pos, &f, &fl) && rsp_parse_hex_u64(f, fl, v, &used) &&
           used == fl;
}

/* Reads the next comma-separated hex-encoded file name into buf. */
static bool next_path(const char *a, size_t n, size_t *pos, char *buf, size_t cap)
{
    const char *f;
    size_t fl;
    if (!rsp_next_field(a, n, ',', pos, &f, &fl) || fl % 2 || fl / 2 >= cap ||
        !rsp_hex_decode(f, fl, (uint8_t *)buf, fl / 2))
        return false;
    buf[fl / 2] = 0;
    return strlen(buf) == fl / 2;
}

static int vfile_open(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX];
    uint64_t fflags, mode;
    size_t pos = 0;
    if (!next_path(a, n, &pos, path, sizeof path) || !next_hex(a, n, &pos, &fflags) ||
        !next_hex(a, n, &pos, &mode))
        return -EINVAL;
    int flags = (fflags & FIO_O_RDWR) ? O_RDWR : (fflags & FIO_O_WRONLY) ? O_WRONLY : O_RDONLY;
    flags |= (fflags & FIO_O_APPEND ? O_APPEND : 0) | (fflags & FIO_O_CREAT ? O_CREAT : 0) |
             (fflags & FIO_O_TRUNC ? O_TRUNC : 0) | (fflags & FIO_O_EXCL ? O_EXCL : 0);
    return reply_result(s, open(path, flags | O_CLOEXEC, (mode_t)(mode & 0777)));
}

static int vfile_close(struct session *s, const char *a, size_t n)
{
    uint64_t fd;
    size_t pos = 0;
    if (!next_hex(a, n, &pos, &fd) || fd <= 2 || (int)fd == s->in_fd || (int)fd == s->out_fd)
        return -EINVAL; /* never let the client close our own descriptors */
    return reply_result(s, close((int)fd));
}

static int vfile_pread(struct session *s, const char *a, size_t n)
{
    uint64_t fd, count, offset;
    size_t pos = 0;
    if (!next_hex(a, n, &pos, &fd) || !next_hex(a, n, &pos, &count) ||
        !next_hex(a, n, &pos, &offset))
        return -EINVAL;
    if (count > SESSION_PACKET_SIZE / 2)
        count = SESSION_PACKET_SIZE / 2; /* escaping may double it */
    rsp_buf_reset(&s->scratch);
    if (!rsp_buf_reserve(&s->scratch, count + 1))
        return -ENOMEM;
    ssize_t got = pread((int)fd, s->scratch.data, count, (off_t)offset);
    if (got < 0)
        return reply_result(s, -1);
    rsp_buf_printf(&s->reply, "F%zx;", got);
    rsp_buf_escaped(&s->reply, s->scratch.data, (size_t)got);
    return PACKET_OK;
}

/* vFile:pwrite:FD,OFFSET,DATA: DATA is binary (escaped) and may hold commas, so it is the
 * whole rest of the packet. gdb's `remote put` writes a file this way. */
static int vfile_pwrite(struct session *s, const char *a, size_t n)
{
    uint64_t fd, offset;
    size_t pos = 0;
    if (!next_hex(a, n, &pos, &fd) || !next_hex(a, n, &pos, &offset) || pos > n)
        return -EINVAL;
    long len = session_unescape_to_scratch(s, a + pos, n - pos);
    if (len < 0)
        return (int)len;
    return reply_result(s, pwrite((int)fd, s->scratch.data, (size_t)len, (off_t)offset));
}

static int vfile_unlink(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX];
    size_t pos = 0;
    if (!next_path(a, n, &pos, path, sizeof path))
        return -EINVAL;
    return reply_result(s, unlink(path));
}

static void put_be(struct rsp_buf *b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        rsp_buf_putc(b, (char)(v >> (8 * i)));
}

static int vfile_fstat(struct session *s, const char *a, size_t n)
{
    uint64_t fd;
    size_t pos = 0;
    struct stat st;
    if (!next_hex(a, n, &pos, &fd))
        return -EINVAL;
    if (fstat((int)fd, &st) < 0)
        return reply_result(s, -1);
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

static int vfile_readlink(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX], target[PATH_MAX];
    size_t pos = 0;
    if (!next_path(a, n, &pos, path, sizeof path))
        return -EINVAL;
    ssize_t got = readlink(path, target, sizeof target);
    if (got < 0)
        return reply_result(s, -1);
    rsp_buf_printf(&s->reply, "F%zx;", got);
    rsp_buf_escaped(&s->reply, target, (size_t)got);
    return PACKET_OK;
}

static int vfile_setfs(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "F0"); /* one filesystem view: the stub's own */
    return PACKET_OK;
}

static const struct {
    const char *op;
    packet_fn fn;
} ops[] = {
    {"open:", vfile_open},         {"close:", vfile_close},   {"pread:", vfile_pread},
    {"pwrite:", vfile_pwrite},     {"unlink:", vfile_unlink}, {"fstat:", vfile_fstat},
    {"readlink:", vfile_readlink}, {"setfs:", vfile_setfs},
};

int on_vfile(struct session *s, const char *a, size_t n)
{
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t len = strlen(ops[i].op);
        if (n >= len && memcmp(a, ops[i].op, len) == 0)
            return ops[i].fn(s, a + len, n - len);
    }
    return PACKET_OK; /* anything else (stat ...): unsupported */
}
