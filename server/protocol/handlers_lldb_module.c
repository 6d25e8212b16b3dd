/* What a file on the target is, for lldb, which uses its own copy when the UUIDs match and
 * downloads the file (vFile) otherwise. Answered as lldb-server does:
 *   qModuleInfo:PATH;TRIPLE (both hex): "uuid:HEX;triple:HEX;file_path:HEX;file_offset:N;
 *     file_size:N;", the UUID being the GNU build ID in upper-case hex (hex-encoded again), or
 *     "md5:" of the file when it has none;
 *   jModulesInfo:[{"file":PATH,"triple":TRIPLE}, ...]: the same for many files at once, as a
 *     JSON array of {"file_offset","file_path","file_size","triple","uuid"}; a file that is
 *     missing or has no build ID is left out (lldb then asks qModuleInfo, and gets its MD5). */
#include "packets.h"

#include "elf_build_id.h"
#include "file_md5.h"
#include "rsp_args.h"
#include "rsp_json.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct module {
    char path[PATH_MAX]; /* resolved */
    char id[2 * 64 + 1]; /* upper-case hex of the build ID, or lower-case hex of the MD5 */
    bool md5;
    long long size;
};

/* A regular file's identity; false if there is no such file or it cannot be read. */
static bool identify(const char *path, struct module *m, bool md5_too)
{
    struct stat st;
    if (!realpath(path, m->path) || stat(m->path, &st) < 0 || !S_ISREG(st.st_mode))
        return false;
    m->size = (long long)st.st_size;
    uint8_t id[64];
    int len = elf_build_id(m->path, id, sizeof id);
    m->md5 = len == 0;
    if (len > 0) {
        for (int i = 0; i < len; i++)
            snprintf(m->id + 2 * i, 3, "%02X", id[i]);
        return true;
    }
    uint8_t digest[16];
    if (len < 0 || !md5_too || file_md5(m->path, digest) != 0)
        return false;
    for (int i = 0; i < 16; i++)
        snprintf(m->id + 2 * i, 3, "%02x", digest[i]);
    return true;
}

static const char *triple(struct session *s)
{
    const struct arch_ops *arch = s->srv->inf->arch ? s->srv->inf->arch : arch_native();
    return arch->lldb_triple;
}

int on_qmoduleinfo(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX];
    struct module m;
    const char *semi = memchr(a, ';', n);
    if (!semi || !rsp_parse_hex_text(a, (size_t)(semi - a), path, sizeof path))
        return -EINVAL;
    if (!identify(path, &m, true)) {
        rsp_buf_puts(&s->reply, "E03"); /* lldb-server's "no such module" */
        return PACKET_OK;
    }
    rsp_buf_puts(&s->reply, m.md5 ? "md5:" : "uuid:");
    rsp_buf_hex_str(&s->reply, m.id);
    rsp_buf_puts(&s->reply, ";triple:");
    rsp_buf_hex_str(&s->reply, triple(s));
    rsp_buf_puts(&s->reply, ";file_path:");
    rsp_buf_hex_str(&s->reply, m.path);
    rsp_buf_printf(&s->reply, ";file_offset:%016x;file_size:%016llx;", 0, m.size);
    return PACKET_OK;
}

struct answer {
    struct session *s;
    struct rsp_buf *json;
    size_t count;
};

static void put_module(void *ctx, const char *file, const char *asked_triple)
{
    struct answer *ans = ctx;
    struct module m;
    if (!identify(file, &m, false))
        return;
    rsp_buf_puts(ans->json, ans->count++ ? ",{" : "{");
    /* The path as asked, not resolved: lldb files the answer under it. */
    rsp_buf_puts(ans->json, "\"file_offset\":0,\"file_path\":\"");
    rsp_buf_json_text(ans->json, file);
    rsp_buf_printf(ans->json, "\",\"file_size\":%lld,\"triple\":\"", m.size);
    rsp_buf_json_text(ans->json, triple(ans->s));
    rsp_buf_puts(ans->json, "\",\"uuid\":\"");
    rsp_buf_puts(ans->json, m.id);
    rsp_buf_puts(ans->json, "\"}");
}

int on_jmodulesinfo(struct session *s, const char *a, size_t n)
{
    long len = session_unescape_to_scratch(s, a, n);
    if (len < 0)
        return (int)len;
    /* The request is in scratch: the answer is built apart, then escaped into the reply. */
    struct rsp_buf json;
    char file[PATH_MAX], asked_triple[256];
    rsp_buf_init(&json);
    rsp_buf_putc(&json, '[');
    struct answer ans = {s, &json, 0};
    int rc = rsp_json_modules_request(s->scratch.data, (size_t)len, file, sizeof file, asked_triple,
                                      sizeof asked_triple, put_module, &ans);
    rsp_buf_putc(&json, ']');
    if (rc != RSP_JSON_OK)
        rsp_buf_puts(&s->reply, rc == RSP_JSON_NOT_ARRAY ? "E02" : "E01"); /* as lldb-server */
    else if (!json.oom) /* JSON is full of '}', the escape byte: sent escaped like binary data */
        rsp_buf_escaped(&s->reply, json.data, json.len);
    bool oom = json.oom;
    rsp_buf_free(&json);
    return oom ? -ENOMEM : PACKET_OK;
}
