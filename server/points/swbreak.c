/* Software breakpoints, kprobe style: one site per address with the original bytes saved; the
 * trap is written through /proc/PID/mem (text is read-only to process_vm_writev) and read back
 * to verify. Inserting an existing site again is how gdb updates its conditions: it is accepted
 * and does not stack. */
#include "points.h"
#include "grow.h"

#include "conditions.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sw_site *swbreak_find(struct inferior *inf, uint64_t addr)
{
    for (size_t i = 0; i < inf->nsites; i++)
        if (inf->sites[i].addr == addr)
            return &inf->sites[i];
    return NULL;
}

static int write_trap(struct inferior *inf, struct sw_site *s)
{
    int rc = mem_write_raw(inf, s->addr, s->trap, s->len);
    if (rc < 0)
        return rc;
    uint8_t check[SW_SITE_MAX_TRAP];
    if (mem_read_raw(inf, s->addr, check, s->len) != (long)s->len ||
        memcmp(check, s->trap, s->len) != 0)
        return -EIO;
    s->inserted = true;
    return 0;
}

static bool trap_still_there(struct inferior *inf, const struct sw_site *s)
{
    uint8_t now[SW_SITE_MAX_TRAP];
    return mem_read_raw(inf, s->addr, now, s->len) == (long)s->len &&
           memcmp(now, s->trap, s->len) == 0;
}

int swbreak_lift(struct inferior *inf, struct sw_site *s)
{
    if (!s->inserted)
        return 0;
    int rc = mem_write_raw(inf, s->addr, s->saved, s->len);
    if (rc == 0)
        s->inserted = false;
    return rc;
}

int swbreak_relay(struct inferior *inf, struct sw_site *s)
{
    /* Putting a trap back after a step over it: the first insert already proved the page takes
     * the write, so skip the read-back here (this runs on every silent condition check). */
    if (s->inserted)
        return 0;
    int rc = mem_write_raw(inf, s->addr, s->trap, s->len);
    if (rc == 0)
        s->inserted = true;
    return rc;
}

static void free_conds(struct sw_site *s)
{
    conds_free(&s->conds);
    conds_free(&s->cmds);
}

/* A new site with the trap of that kind, saved bytes read first. */
static struct sw_site *new_site(struct inferior *inf, uint64_t addr, size_t kind, int *err)
{
    const struct arch_ops *a = inf->arch;
    size_t trap_len = a->trap_len;
    const uint8_t *trap = a->trap;
    if (a->trap_for_kind)
        trap = a->trap_for_kind(kind, &trap_len);
    else if (kind != 0 && kind != a->trap_len)
        trap = NULL;
    *err = -EINVAL;
    if (!trap)
        return NULL;
    struct sw_site *grown =
        grow_for_one(inf->sites, inf->nsites, &inf->cap_sites, sizeof *grown, 32);
    *err = -ENOMEM;
    if (!grown)
        return NULL;
    inf->sites = grown;
    struct sw_site *s = &inf->sites[inf->nsites];
    memset(s, 0, sizeof *s);
    s->addr = addr;
    s->trap = trap;
    s->len = (uint8_t)trap_len;
    s->refs = 1;
    /* Save what is there now; mem_read would hide other sites, but sites never overlap. */
    *err = -EFAULT;
    if (mem_read_raw(inf, addr, s->saved, s->len) != (long)s->len)
        return NULL;
    *err = write_trap(inf, s);
    if (*err < 0) {
        mem_write_raw(inf, addr, s->saved, s->len); /* undo a partial write */
        return NULL;
    }
    inf->nsites++;
    return s;
}

int swbreak_insert_step(struct inferior *inf, uint64_t addr, size_t kind, pid_t tid)
{
    struct sw_site *s = swbreak_find(inf, addr);
    if (s) { /* the client's, in place (or lifted for a step over: left as it is) */
        s->step_tid = tid;
        return 0;
    }
    int err;
    s = new_site(inf, addr, kind, &err);
    if (s)
        s->step_tid = tid;
    return s ? 0 : err;
}

void swbreak_remove_step(struct inferior *inf, pid_t tid)
{
    for (size_t i = 0; i < inf->nsites;) {
        struct sw_site *s = &inf->sites[i];
        if (s->step_tid != tid) {
            i++;
            continue;
        }
        s->step_tid = 0;
        if (s->client) {
            i++;
            continue;
        }
        swbreak_lift(inf, s);
        *s = inf->sites[--inf->nsites];
    }
}

int swbreak_insert(struct inferior *inf, uint64_t addr, size_t kind)
{
    struct sw_site *s = swbreak_find(inf, addr);
    if (s && s->inserted && !trap_still_there(inf, s)) {
        /* The memory under the trap was replaced: a library was unloaded (gdb forgets its
         * breakpoints without removing them) and another one loaded at the same address. What
         * is there now is the original. */
        if (mem_read_raw(inf, addr, s->saved, s->len) != (long)s->len)
            return -EFAULT;
        s->inserted = false;
    }
    if (s) {
        s->client = true; /* perhaps a software step's trap until now */
        return s->inserted ? 0 : write_trap(inf, s);
    }
    int err;
    s = new_site(inf, addr, kind, &err);
    if (s)
        s->client = true;
    return s ? 0 : err;
}

int swbreak_adopt_copy(struct inferior *inf, const struct sw_site *from)
{
    if (!from->client) /* a software step's trap: nobody's in the child, put the bytes back */
        return mem_write_raw(inf, from->addr, from->saved, from->len);
    struct sw_site *grown =
        grow_for_one(inf->sites, inf->nsites, &inf->cap_sites, sizeof *grown, 32);
    if (!grown)
        return -ENOMEM;
    inf->sites = grown;
    struct sw_site *s = &inf->sites[inf->nsites++];
    memset(s, 0, sizeof *s); /* no conditions: the client gives its own for this process */
    s->addr = from->addr;
    s->trap = from->trap;
    s->len = from->len;
    s->client = true;
    memcpy(s->saved, from->saved, sizeof s->saved);
    s->refs = 1;
    s->inserted = true;
    return 0;
}

int swbreak_remove(struct inferior *inf, uint64_t addr)
{
    struct sw_site *s = swbreak_find(inf, addr);
    if (!s)
        return -ENOENT;
    if (s->step_tid) { /* a software step still needs the trap: it goes with the step */
        free_conds(s);
        s->client = false;
        return 0;
    }
    int rc = swbreak_lift(inf, s);
    if (rc < 0 && inf->alive)
        return rc;
    inf->removed_sites[inf->removed_next++ % SW_REMOVED_RING] = addr;
    free_conds(s);
    ool_site_gone(inf, s);
    *s = inf->sites[--inf->nsites];
    return 0;
}

void swbreak_forget_all(struct inferior *inf)
{
    for (size_t i = 0; i < inf->nsites; i++)
        inf->sites[i].inserted = false;
    swbreak_remove_all(inf, true);
}

void swbreak_remove_all(struct inferior *inf, bool forget)
{
    for (size_t i = 0; i < inf->nsites; i++) {
        if (inf->alive && inf->memfd >= 0)
            swbreak_lift(inf, &inf->sites[i]);
        else
            inf->sites[i].inserted = false;
        if (forget) {
            free_conds(&inf->sites[i]);
            ool_site_gone(inf, &inf->sites[i]);
        }
    }
    if (forget)
        inf->nsites = 0;
}

void swbreak_reinsert_all(struct inferior *inf)
{
    for (size_t i = 0; i < inf->nsites; i++)
        if (!inf->sites[i].inserted && write_trap(inf, &inf->sites[i]) < 0)
            log_warn("cannot re-insert breakpoint at 0x%llx",
                     (unsigned long long)inf->sites[i].addr);
}

void swbreak_scrub_child(struct inferior *inf, pid_t child)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", child);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        log_warn("fork child %d: cannot open memory: %s", child, strerror(errno));
        return;
    }
    for (size_t i = 0; i < inf->nsites; i++) {
        struct sw_site *s = &inf->sites[i];
        if (s->inserted && pwrite(fd, s->saved, s->len, (off_t)s->addr) != (ssize_t)s->len)
            log_warn("fork child %d: cannot remove trap at 0x%llx", child,
                     (unsigned long long)s->addr);
    }
    close(fd);
}
