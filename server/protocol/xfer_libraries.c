/* qXfer:libraries-svr4:read: the dynamic linker's list of loaded objects as gdb's SVR4 library
 * list, read from the program's memory (process/link_map.c), so gdb needs no symbol look-ups or
 * memory reads of its own to know the libraries. The annex gdb sends after a dynamic linker event
 * (lmid=R_DEBUG;start=LM;prev=LM, advertised by augmented-libraries-svr4-read) asks only for the
 * entries from `start` on: what was just loaded. */
#include "packets.h"

#include "link_map.h"
#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <errno.h>

struct lib_doc {
    struct rsp_buf *doc;
    uint64_t lmid;    /* the namespace: its r_debug's address, as gdb names it */
    uint64_t main_lm; /* the program's own entry: named by main-lm, not listed */
};

static void put_library(void *ctx, const struct link_map_entry *e)
{
    struct lib_doc *d = ctx;
    if (e->name[0] == '\0' || e->lm == d->main_lm)
        return; /* the program itself, or an object the linker has not named */
    rsp_buf_puts(d->doc, "<library name=\"");
    rsp_buf_xml_text(d->doc, e->name);
    rsp_buf_printf(d->doc, "\" lm=\"0x%llx\" l_addr=\"0x%llx\" l_ld=\"0x%llx\" lmid=\"0x%llx\"/>",
                   (unsigned long long)e->lm, (unsigned long long)e->l_addr,
                   (unsigned long long)e->l_ld, (unsigned long long)d->lmid);
}

/* Every namespace from the program's r_debug on. The first entry of the first namespace is the
 * program itself: named by main-lm, not listed. No r_debug yet (the dynamic linker has not run)
 * or none at all (a static program) is an empty list. */
static void put_all(struct inferior *inf, struct rsp_buf *doc, uint64_t r_debug)
{
    struct link_map_ns ns;
    if (r_debug == 0 || link_map_namespace(inf, r_debug, &ns) < 0 || ns.version < 1) {
        rsp_buf_putc(doc, '>');
        return;
    }
    if (ns.first)
        rsp_buf_printf(doc, " main-lm=\"0x%llx\"", (unsigned long long)ns.first);
    rsp_buf_putc(doc, '>');
    struct lib_doc d = {doc, r_debug, ns.first};
    link_map_walk(inf, ns.first, 0, put_library, &d);
    /* The other namespaces (dlmopen), linked from glibc 2.35's r_debug_extended. */
    for (int guard = 0; ns.next && guard < 256; guard++) {
        d.lmid = ns.next;
        if (link_map_namespace(inf, ns.next, &ns) < 0)
            break;
        link_map_walk(inf, ns.first, 0, put_library, &d);
    }
}

int xfer_gen_libraries_svr4(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen)
{
    struct rsp_svr4_annex a;
    if (!rsp_parse_svr4_annex(annex, alen, &a))
        return -EINVAL;
    struct inferior *inf = s->srv->inf;
    uint64_t r_debug = 0;
    int rc = a.start ? 0 : link_map_r_debug(inf, &r_debug);
    if (rc < 0)
        return rc; /* an error reply: gdb then reads the link map itself */
    rsp_buf_puts(doc, "<library-list-svr4 version=\"1.0\"");
    if (a.start != 0) {
        rsp_buf_putc(doc, '>');
        struct lib_doc d = {doc, a.lmid, 0};
        link_map_walk(inf, a.start, a.prev, put_library, &d);
    } else {
        put_all(inf, doc, r_debug);
    }
    rsp_buf_puts(doc, "</library-list-svr4>");
    return 0;
}
