/* qMemoryRegionInfo:ADDR from /proc/PID/maps. lldb asks it to know which pages it may read
 * (stack scans, disassembly) and their names (for the vdso and loaded files). An address in no
 * mapping is answered with the unmapped gap around it and no permissions, so lldb can skip the
 * whole gap at once. */
#include "packets.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct region {
    uint64_t start, end;
    char perms[5]; /* "rwxp" as in maps */
    char name[4096];
};

/* Parses one maps line "start-end perms offset dev inode   name". */
static bool parse_maps_line(const char *line, struct region *r)
{
    int name_at = 0;
    r->name[0] = 0;
    if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %*s %*s %*s %n", &r->start, &r->end, r->perms,
               &name_at) < 3)
        return false;
    if (name_at > 0) {
        snprintf(r->name, sizeof r->name, "%s", line + name_at);
        r->name[strcspn(r->name, "\n")] = 0;
    }
    return true;
}

static void put_region(struct session *s, const struct region *r)
{
    rsp_buf_printf(&s->reply, "start:%" PRIx64 ";size:%" PRIx64 ";", r->start, r->end - r->start);
    rsp_buf_puts(&s->reply, "permissions:");
    for (int i = 0; i < 3; i++)
        if (r->perms[i] != '-')
            rsp_buf_putc(&s->reply, r->perms[i]);
    rsp_buf_putc(&s->reply, ';');
    if (r->name[0]) {
        rsp_buf_puts(&s->reply, "name:");
        rsp_buf_hex_str(&s->reply, r->name);
        rsp_buf_putc(&s->reply, ';');
    }
}

int on_qmemoryregioninfo(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    uint64_t addr;
    if (!rsp_parse_region_info(a, n, &addr))
        return -EINVAL;
    if (!inf->alive)
        return -ESRCH;
    char path[64], line[4608];
    snprintf(path, sizeof path, "/proc/%d/maps", inf->pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -errno;
    uint64_t gap_start = 0; /* end of the last mapping below addr */
    struct region r;
    while (fgets(line, sizeof line, f)) {
        if (!parse_maps_line(line, &r))
            continue;
        if (addr >= r.end) {
            gap_start = r.end;
            continue;
        }
        fclose(f);
        if (addr >= r.start) {
            put_region(s, &r);
        } else {
            rsp_buf_printf(&s->reply, "start:%" PRIx64 ";size:%" PRIx64 ";", gap_start,
                           r.start - gap_start);
        }
        return PACKET_OK;
    }
    fclose(f);
    /* Above the last mapping: the gap runs to the end of the address space. */
    rsp_buf_printf(&s->reply, "start:%" PRIx64 ";size:%" PRIx64 ";", gap_start, 0 - gap_start);
    return PACKET_OK;
}
