/* Z/z: breakpoints and watchpoints. Z0 goes to the trap-site table, Z1..Z4 to the hardware
 * intent table; a watchpoint that does not fit fails here, at insert time, with a clear error. */
#include "packets.h"

#include "conditions.h"
#include "log.h"
#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <errno.h>

static int zpoint(struct session *s, const char *a, size_t n, bool insert)
{
    struct inferior *inf = s->srv->inf;
    struct rsp_zpoint z;
    if (!rsp_parse_zpoint(a, n, &z))
        return -EINVAL;
    if (z.type < 0 || z.type > 4)
        return PACKET_OK; /* unknown type: unsupported */
    if (!inf->alive)
        return -ESRCH;
    struct cond_set conds = {0}, cmds = {0};
    const char *why = NULL;
    if (insert && (z.type == 0 || z.type == 1) &&
        ((z.nconds > 0 && conds_from_request(&conds, &z, &why) < 0) ||
         (z.ncmds > 0 && cmds_from_request(&cmds, &z, &why) < 0))) {
        conds_free(&conds);
        session_error(s, -EINVAL, why ? why : "bad condition or command bytecode");
        return -EINVAL;
    }
    int rc;
    if (z.type == 0) {
        rc = insert ? swbreak_insert(inf, z.addr, z.kind) : swbreak_remove(inf, z.addr);
        struct sw_site *site = rc == 0 && insert ? swbreak_find(inf, z.addr) : NULL;
        if (site) { /* a re-insert replaces conditions and commands: how gdb updates them */
            conds_free(&site->conds);
            site->conds = conds;
            conds.n = 0;
            conds_free(&site->cmds);
            site->cmds = cmds;
            cmds.n = 0;
        }
    } else {
        enum hw_kind kind = (enum hw_kind)z.type; /* Z1..Z4 == HW_EXEC..HW_ACCESS */
        uint64_t len = z.type == 1 && !inf->arch->hw_exec_len_is_kind ? 1 : z.kind;
        rc = insert ? hwpoint_insert(inf, kind, z.addr, len)
                    : hwpoint_remove(inf, kind, z.addr, len);
        struct hw_entry *e = rc == 0 && insert ? hwpoint_find(inf, kind, z.addr, len) : NULL;
        if (e && kind == HW_EXEC) {
            conds_free(&e->conds);
            e->conds = conds;
            conds.n = 0;
            conds_free(&e->cmds);
            e->cmds = cmds;
            cmds.n = 0;
        }
        if (rc == 0 && s->srv->ts.non_stop && target_running_count_of(inf) > 0) {
            /* Running threads take the new debug registers now, paused for a moment. */
            target_sync_running(inf, &s->srv->ts);
            server_schedule_drain(s->srv);
        }
        if (rc == -ENOSPC) {
            conds_free(&conds);
            conds_free(&cmds);
            session_error(s, rc, "not enough hardware debug registers for this watchpoint");
            return rc;
        }
    }
    conds_free(&conds);
    conds_free(&cmds);
    if (rc == -ENOENT && !insert)
        rc = 0; /* removing what is not there is harmless (gdb retries after errors) */
    if (rc < 0) {
        log_debug("%c%d at 0x%llx failed: %d", insert ? 'Z' : 'z', z.type,
                  (unsigned long long)z.addr, rc);
        return rc;
    }
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_zpoint_insert(struct session *s, const char *a, size_t n)
{
    return zpoint(s, a, n, true);
}

int on_zpoint_remove(struct session *s, const char *a, size_t n)
{
    return zpoint(s, a, n, false);
}
