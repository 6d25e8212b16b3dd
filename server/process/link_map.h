/* The dynamic linker's list of loaded objects, read from the program's memory: r_debug (found
 * through the auxiliary vector's program headers, PT_DYNAMIC and DT_DEBUG) and its link_map
 * entries, for qXfer:libraries-svr4:read. */
#ifndef ZSTUB_LINK_MAP_H
#define ZSTUB_LINK_MAP_H

#include "inferior.h"

/* The address of the program's r_debug: 0 when there is none (a static program, or the dynamic
 * linker has not filled DT_DEBUG in yet). 0 or -errno (-ENOENT: it cannot be found from the
 * program headers, as when the dynamic linker itself is the program). */
int link_map_r_debug(struct inferior *inf, uint64_t *r_debug);

/* One namespace's r_debug (r_debug_extended from version 2 on: r_next links the namespaces). */
struct link_map_ns {
    int version;
    uint64_t first; /* r_map */
    uint64_t next;  /* r_next, 0 before version 2 */
};
int link_map_namespace(struct inferior *inf, uint64_t r_debug, struct link_map_ns *out);

struct link_map_entry {
    uint64_t lm, l_addr, l_ld;
    const char *name; /* "" for entries with no name (the program, the vDSO at times) */
};
typedef void (*link_map_visit)(void *ctx, const struct link_map_entry *e);
/* Calls visit for each entry from lm on, while each one's l_prev is the previous one (prev for
 * the first): a list changing under us ends the walk instead of looping. Returns how many
 * entries were visited. */
size_t link_map_walk(struct inferior *inf, uint64_t lm, uint64_t prev, link_map_visit visit,
                     void *ctx);

#endif
