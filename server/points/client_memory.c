/* The client's view of the program's memory: reads show the original bytes under our traps, and
 * writes over a trap site update the saved bytes and keep the trap in place. */
#include "points.h"

#include <string.h>

/* Overlap of site s with [addr, addr+len): returns false if none. */
static bool site_overlap(const struct sw_site *s, uint64_t addr, size_t len, size_t *site_off,
                         size_t *buf_off, size_t *n)
{
    if (!s->inserted || s->addr + s->len <= addr || s->addr >= addr + len)
        return false;
    uint64_t lo = s->addr > addr ? s->addr : addr;
    uint64_t hi = s->addr + s->len < addr + len ? s->addr + s->len : addr + len;
    *site_off = lo - s->addr;
    *buf_off = lo - addr;
    *n = hi - lo;
    return true;
}

long mem_read(struct inferior *inf, uint64_t addr, void *buf, size_t len)
{
    long n = mem_read_raw(inf, addr, buf, len);
    if (n <= 0)
        return n;
    for (size_t i = 0; i < inf->nsites; i++) {
        size_t so, bo, cnt;
        if (site_overlap(&inf->sites[i], addr, (size_t)n, &so, &bo, &cnt))
            memcpy((char *)buf + bo, inf->sites[i].saved + so, cnt);
    }
    return n;
}

static int mem_write_keeping_traps(struct inferior *inf, uint64_t addr, const void *buf,
                                   size_t len);

int mem_write(struct inferior *inf, uint64_t addr, const void *buf, size_t len)
{
    return mem_write_keeping_traps(inf, addr, buf, len);
}

static int mem_write_keeping_traps(struct inferior *inf, uint64_t addr, const void *buf, size_t len)
{
    bool covers_site = false;
    for (size_t i = 0; i < inf->nsites && !covers_site; i++) {
        size_t so, bo, cnt;
        covers_site = site_overlap(&inf->sites[i], addr, len, &so, &bo, &cnt);
    }
    if (!covers_site)
        return mem_write_raw(inf, addr, buf, len);
    /* Keep the traps: the new bytes under a site become its saved original bytes. */
    uint8_t tmp[4096];
    for (size_t off = 0; off < len; off += sizeof tmp) {
        size_t chunk = len - off < sizeof tmp ? len - off : sizeof tmp;
        memcpy(tmp, (const char *)buf + off, chunk);
        for (size_t i = 0; i < inf->nsites; i++) {
            struct sw_site *s = &inf->sites[i];
            size_t so, bo, cnt;
            if (!site_overlap(s, addr + off, chunk, &so, &bo, &cnt))
                continue;
            memcpy(s->saved + so, tmp + bo, cnt);
            memcpy(tmp + bo, s->trap + so, cnt);
        }
        int rc = mem_write_raw(inf, addr + off, tmp, chunk);
        if (rc < 0)
            return rc;
    }
    return 0;
}
