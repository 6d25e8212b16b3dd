/* rsp_vfile: vFile request arguments (see rsp_vfile.h). One table row per operation says which
 * arguments it takes, in order; the parser walks that list. */
#include "rsp_vfile.h"

#include <string.h>

#include "rsp_args.h"
#include "rsp_parse.h"

enum arg { A_END, A_PATH, A_PATH2, A_FD, A_FLAGS, A_MODE, A_COUNT, A_OFFSET, A_PID, A_DATA };

static const struct {
    const char *name;
    enum rsp_vfile_op op;
    enum arg args[4];
} ops[] = {
    {"open:", RSP_VFILE_OPEN, {A_PATH, A_FLAGS, A_MODE, A_END}},
    {"close:", RSP_VFILE_CLOSE, {A_FD, A_END}},
    {"pread:", RSP_VFILE_PREAD, {A_FD, A_COUNT, A_OFFSET, A_END}},
    {"pwrite:", RSP_VFILE_PWRITE, {A_FD, A_OFFSET, A_DATA, A_END}},
    {"unlink:", RSP_VFILE_UNLINK, {A_PATH, A_END}},
    {"fstat:", RSP_VFILE_FSTAT, {A_FD, A_END}},
    {"readlink:", RSP_VFILE_READLINK, {A_PATH, A_END}},
    {"setfs:", RSP_VFILE_SETFS, {A_PID, A_END}},
    {"size:", RSP_VFILE_SIZE, {A_PATH, A_END}},
    {"mode:", RSP_VFILE_MODE, {A_PATH, A_END}},
    {"exists:", RSP_VFILE_EXISTS, {A_PATH, A_END}},
    {"MD5:", RSP_VFILE_MD5, {A_PATH, A_END}},
    {"symlink:", RSP_VFILE_SYMLINK, {A_PATH, A_PATH2, A_END}},
};

static uint64_t *number_slot(struct rsp_vfile *v, enum arg a)
{
    switch (a) {
    case A_FD:
        return &v->fd;
    case A_FLAGS:
        return &v->flags;
    case A_MODE:
        return &v->mode;
    case A_COUNT:
        return &v->count;
    case A_OFFSET:
        return &v->offset;
    case A_PID:
        return &v->pid;
    default:
        return NULL;
    }
}

bool rsp_parse_vfile(const char *p, size_t n, char *path, size_t cap, struct rsp_vfile *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (!rsp_has_prefix(p, n, ops[i].name))
            continue;
        size_t len = strlen(ops[i].name), pos = 0;
        const char *a = p + len, *f;
        size_t an = n - len, fl;
        for (const enum arg *k = ops[i].args; *k != A_END; k++) {
            if (*k == A_DATA) { /* binary: the rest of the packet after a ',', possibly empty */
                if (pos > an)
                    return false;
                out->data = a + pos;
                out->data_len = an - pos;
                pos = an;
                break;
            }
            if (!rsp_next_field(a, an, ',', &pos, &f, &fl))
                return false;
            if (*k == A_PATH) {
                if (!rsp_parse_hex_text(f, fl, path, cap))
                    return false;
                out->path = path;
            } else if (*k == A_PATH2) { /* after the first path's NUL */
                size_t used = strlen(path) + 1;
                if (!rsp_parse_hex_text(f, fl, path + used, cap - used))
                    return false;
                out->path2 = path + used;
            } else if (!rsp_parse_hex_all(f, fl, number_slot(out, *k))) {
                return false;
            }
        }
        if (out->data == NULL && (pos < an || (an > 0 && a[an - 1] == ',')))
            return false; /* more arguments than the operation takes */
        out->op = ops[i].op;
        return true;
    }
    out->op = RSP_VFILE_UNSUPPORTED;
    return true;
}
