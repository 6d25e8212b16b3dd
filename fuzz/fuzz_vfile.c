/* libFuzzer target: vFile (host I/O) request arguments. The path buffer is an exact-size heap
 * block like the packet, so a write past it is seen. Seeds: fuzz/corpus/vfile. */
#include "fuzz_common.h"
#include "rsp_vfile.h"

#define PATH_CAP 4096

static void vfile(const char *p, size_t n)
{
    char *path = malloc(PATH_CAP);
    if (!path)
        return;
    struct rsp_vfile v;
    if (rsp_parse_vfile(p, n, path, PATH_CAP, &v)) {
        REQUIRE(v.op >= RSP_VFILE_UNSUPPORTED && v.op <= RSP_VFILE_LAST);
        bool named = v.op == RSP_VFILE_OPEN || v.op == RSP_VFILE_READLINK ||
                     v.op == RSP_VFILE_UNLINK || v.op >= RSP_VFILE_SIZE;
        if (named)
            REQUIRE(v.path == path && strlen(path) < PATH_CAP);
        else
            REQUIRE(v.path == NULL);
        if (v.op == RSP_VFILE_SYMLINK) /* the second path follows the first in the buffer */
            REQUIRE(v.path2 == path + strlen(path) + 1 &&
                    strlen(path) + 1 + strlen(v.path2) < PATH_CAP);
        else
            REQUIRE(v.path2 == NULL);
        if (v.op == RSP_VFILE_PWRITE)
            fuzz_check_inside(p, n, v.data, v.data_len);
        else
            REQUIRE(v.data == NULL && v.data_len == 0);
    }
    free(path);
}

FUZZ_ROUTES({"vFile:", vfile})
