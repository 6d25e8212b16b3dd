/* qModuleInfo:PATH;TRIPLE (both hex): lldb asks what a file on the target is, to use its own
 * copy when the UUIDs match and download the file (vFile) otherwise. Answered as lldb-server
 * does: "uuid:HEX;triple:HEX;file_path:HEX;file_offset:N;file_size:N;", the UUID being the GNU
 * build ID in upper-case hex (hex-encoded again), or "md5:" of the file when it has none. */
#include "packets.h"

#include "elf_build_id.h"
#include "file_md5.h"
#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int md5_hex(const char *path, char out[33])
{
    uint8_t digest[16];
    int rc = file_md5(path, digest);
    for (int i = 0; rc == 0 && i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return rc;
}

int on_qmoduleinfo(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX], real[PATH_MAX], text[2 * 64 + 1];
    const char *semi = memchr(a, ';', n);
    if (!semi || !rsp_parse_hex_text(a, (size_t)(semi - a), path, sizeof path))
        return -EINVAL;
    struct stat st;
    if (!realpath(path, real) || stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
        rsp_buf_puts(&s->reply, "E03"); /* lldb-server's "no such module" */
        return PACKET_OK;
    }
    uint8_t id[64];
    int len = elf_build_id(real, id, sizeof id);
    if (len > 0) {
        for (int i = 0; i < len; i++)
            snprintf(text + 2 * i, 3, "%02X", id[i]);
        rsp_buf_puts(&s->reply, "uuid:");
    } else if (len == 0 && md5_hex(real, text) == 0) {
        rsp_buf_puts(&s->reply, "md5:");
    } else {
        rsp_buf_puts(&s->reply, "E03");
        return PACKET_OK;
    }
    rsp_buf_hex_str(&s->reply, text);
    const struct arch_ops *arch = s->srv->inf->arch ? s->srv->inf->arch : arch_native();
    rsp_buf_puts(&s->reply, ";triple:");
    rsp_buf_hex_str(&s->reply, arch->lldb_triple);
    rsp_buf_puts(&s->reply, ";file_path:");
    rsp_buf_hex_str(&s->reply, real);
    rsp_buf_printf(&s->reply, ";file_offset:%016x;file_size:%016llx;", 0,
                   (unsigned long long)st.st_size);
    return PACKET_OK;
}
