/* vFile operations that name a file: gdb's readlink and unlink, and lldb's additions (size,
 * mode, exists, MD5, symlink), which its platform mode uses to decide whether a program must
 * be uploaded and to fetch files. Also the File-I/O reply shared with the descriptor ops. */
#include "packets.h"

#include "file_md5.h"
#include "rsp_vfile.h"
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

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

int vfile_reply_result(struct session *s, long rc)
{
    if (rc < 0)
        rsp_buf_printf(&s->reply, "F-1,%x", fio_errno(errno));
    else
        rsp_buf_printf(&s->reply, "F%lx", rc);
    return PACKET_OK;
}

static int vfile_unlink(struct session *s, const struct rsp_vfile *v)
{
    return vfile_reply_result(s, unlink(v->path));
}

static int vfile_readlink(struct session *s, const struct rsp_vfile *v)
{
    char target[PATH_MAX];
    ssize_t got = readlink(v->path, target, sizeof target);
    if (got < 0)
        return vfile_reply_result(s, -1);
    rsp_buf_printf(&s->reply, "F%zx;", got);
    rsp_buf_escaped(&s->reply, target, (size_t)got);
    return PACKET_OK;
}

static int vfile_size(struct session *s, const struct rsp_vfile *v)
{
    struct stat st;
    return vfile_reply_result(s, stat(v->path, &st) < 0 ? -1 : (long)st.st_size);
}

/* lldb keeps only the permission bits; lldb-server sends only those too. */
static int vfile_mode(struct session *s, const struct rsp_vfile *v)
{
    struct stat st;
    return vfile_reply_result(s, stat(v->path, &st) < 0 ? -1 : (long)(st.st_mode & 07777));
}

static int vfile_exists(struct session *s, const struct rsp_vfile *v)
{
    rsp_buf_puts(&s->reply, access(v->path, F_OK) == 0 ? "F,1" : "F,0");
    return PACKET_OK;
}

/* "F," then the digest as lldb reads it: two 64-bit numbers in hex, the little-endian value of
 * bytes 0-7 first, then of bytes 8-15 (lldb compares them with its own MD5's low and high
 * words). "F,x" when the file cannot be read: lldb then uploads. */
static int vfile_md5(struct session *s, const struct rsp_vfile *v)
{
    uint8_t digest[16];
    if (file_md5(v->path, digest) < 0) {
        rsp_buf_puts(&s->reply, "F,x");
        return PACKET_OK;
    }
    rsp_buf_puts(&s->reply, "F,");
    for (int half = 0; half < 2; half++)
        for (int i = 7; i >= 0; i--)
            rsp_buf_printf(&s->reply, "%02x", digest[8 * half + i]);
    return PACKET_OK;
}

/* lldb-server's order: the first path is what the link points to, the second the link. */
static int vfile_symlink(struct session *s, const struct rsp_vfile *v)
{
    return vfile_reply_result(s, symlink(v->path, v->path2));
}

typedef int (*vfile_path_fn)(struct session *s, const struct rsp_vfile *v);

static const vfile_path_fn path_ops[RSP_VFILE_LAST + 1] = {
    [RSP_VFILE_UNLINK] = vfile_unlink,   [RSP_VFILE_READLINK] = vfile_readlink,
    [RSP_VFILE_SIZE] = vfile_size,       [RSP_VFILE_MODE] = vfile_mode,
    [RSP_VFILE_EXISTS] = vfile_exists,   [RSP_VFILE_MD5] = vfile_md5,
    [RSP_VFILE_SYMLINK] = vfile_symlink,
};

int vfile_by_path(struct session *s, const struct rsp_vfile *v)
{
    if (v->op > RSP_VFILE_LAST || !path_ops[v->op])
        return PACKET_OK;
    return path_ops[v->op](s, v);
}
