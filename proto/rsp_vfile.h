/* rsp_vfile: the arguments of the vFile (host I/O) requests, "vFile:OP:ARG,ARG,...". Numbers
 * are hex, file names hex-encoded text. Pure code: no I/O, no globals, no allocation. */
#ifndef ZSTUB_RSP_VFILE_H
#define ZSTUB_RSP_VFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rsp_vfile_op {
    RSP_VFILE_UNSUPPORTED = 0, /* an operation the stub does not implement: empty reply */
    RSP_VFILE_OPEN,            /* open:PATH,FLAGS,MODE */
    RSP_VFILE_CLOSE,           /* close:FD */
    RSP_VFILE_PREAD,           /* pread:FD,COUNT,OFFSET */
    RSP_VFILE_PWRITE,          /* pwrite:FD,OFFSET,DATA (escaped binary: the rest, commas too) */
    RSP_VFILE_UNLINK,          /* unlink:PATH */
    RSP_VFILE_FSTAT,           /* fstat:FD */
    RSP_VFILE_READLINK,        /* readlink:PATH */
    RSP_VFILE_SETFS,           /* setfs:PID */
    /* lldb's additions (lldb-server answers them on its platform and gdbserver connections) */
    RSP_VFILE_SIZE,    /* size:PATH */
    RSP_VFILE_MODE,    /* mode:PATH */
    RSP_VFILE_EXISTS,  /* exists:PATH */
    RSP_VFILE_MD5,     /* MD5:PATH */
    RSP_VFILE_SYMLINK, /* symlink:DST,SRC (the new link's target first, then its own path) */
    RSP_VFILE_LAST = RSP_VFILE_SYMLINK,
};

struct rsp_vfile {
    enum rsp_vfile_op op;
    uint64_t fd, flags, mode, count, offset, pid;
    char *path;       /* the caller's buffer, NUL-terminated, for the operations that name a file */
    char *path2;      /* symlink's second path, in the same buffer after the first one's NUL */
    const char *data; /* pwrite's data inside the packet, still escaped */
    size_t data_len;
};

/* Parses the payload after "vFile:". A path must fit in path[cap] and hold no NUL (symlink's
 * two paths share path[cap]: both must fit, each NUL-terminated). Returns
 * false when the operation is known but its arguments are malformed (every argument present,
 * nothing after the last one). */
bool rsp_parse_vfile(const char *p, size_t n, char *path, size_t cap, struct rsp_vfile *out);

#endif
