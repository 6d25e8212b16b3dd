/* lldb's register extras: qRegisterInfoN (the register table, for an lldb that does not read
 * target.xml) and QSaveRegisterState/QRestoreRegisterState, which lldb wraps around every
 * expression it runs in the program so the thread comes back exactly as it was. */
#include "packets.h"

#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A sub-register: read and written by lldb through its container (container-regs); a write
 * changes the container and all its views (invalidate-regs). */
static void put_part_info(struct session *s, const struct arch_ops *arch, size_t idx)
{
    const struct reg_part *p = &arch->parts[idx];
    const struct reg_desc *c = &arch->regs[p->container];
    rsp_buf_printf(&s->reply, "name:%s;bitsize:%u;offset:%u;encoding:uint;format:hex;", p->name,
                   p->bitsize, c->offset + p->offset);
    if (c->set)
        rsp_buf_printf(&s->reply, "set:%s;", c->set);
    rsp_buf_printf(&s->reply, "container-regs:%x;invalidate-regs:%x", p->container, p->container);
    for (size_t i = 0; i < arch->nparts; i++)
        if (arch->parts[i].container == p->container)
            rsp_buf_printf(&s->reply, ",%zx", arch->nregs + i);
    rsp_buf_putc(&s->reply, ';');
}

int on_qregisterinfo(struct session *s, const char *a, size_t n)
{
    const struct arch_ops *arch = s->srv->inf->arch ? s->srv->inf->arch : arch_native();
    uint64_t r;
    s->lldb = true;
    if (!rsp_parse_hex_all(a, n, &r))
        return -EINVAL;
    if (r >= arch->nregs + arch->nparts) {
        rsp_buf_puts(&s->reply, "E45"); /* lldb's "no more registers" */
        return PACKET_OK;
    }
    if (r >= arch->nregs) {
        put_part_info(s, arch, (size_t)r - arch->nregs);
        return PACKET_OK;
    }
    const struct reg_desc *d = &arch->regs[r];
    rsp_buf_printf(&s->reply, "name:%s;", d->name);
    if (d->alt_name)
        rsp_buf_printf(&s->reply, "alt-name:%s;", d->alt_name);
    rsp_buf_printf(&s->reply, "bitsize:%u;offset:%u;", d->bitsize, d->offset);
    if (d->encoding)
        rsp_buf_printf(&s->reply, "encoding:%s;", d->encoding);
    if (d->format)
        rsp_buf_printf(&s->reply, "format:%s;", d->format);
    if (d->set)
        rsp_buf_printf(&s->reply, "set:%s;", d->set);
    if (d->ehframe >= 0)
        rsp_buf_printf(&s->reply, "ehframe:%d;", d->ehframe);
    if (d->dwarf >= 0)
        rsp_buf_printf(&s->reply, "dwarf:%d;", d->dwarf);
    const char *g = reg_generic_name(d->generic);
    if (g)
        rsp_buf_printf(&s->reply, "generic:%s;", g);
    return PACKET_OK;
}

#define NSAVED (sizeof((struct session *)0)->saved / sizeof((struct session *)0)->saved[0])

int on_save_register_state(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    struct thread *t;
    int rc = session_thread_with_regs(s, a, n, &t);
    if (rc < 0)
        return rc;
    /* Reuse a free slot, else the oldest one: lldb restores what it saved right after the
     * expression, so only a client that never restores can lose a save. */
    struct saved_regs *slot = &s->saved[0];
    for (size_t i = 1; i < NSAVED && slot->blob; i++)
        if (!s->saved[i].blob || s->saved[i].id < slot->id)
            slot = &s->saved[i];
    if (!slot->blob)
        slot->blob = malloc(inf->arch->blob_size);
    if (!slot->blob)
        return -ENOMEM;
    memcpy(slot->blob, t->rc.blob, inf->arch->blob_size);
    /* lldb saves before it calls a function in the program. If the thread sits in an
     * interrupted system call, resuming would restart it: the kernel backs the PC up over the
     * syscall instruction, which is then in the middle of the called function. Cancel the
     * restart meanwhile (as lldb-server does); the restore brings it back. */
    int rr = inf->arch->restart_regnum;
    if (rr >= 0) {
        uint8_t none[16];
        memset(none, 0xff, sizeof none);
        rc = regcache_write_reg(inf, t, rr, none);
        if (rc < 0)
            return rc;
    }
    slot->tid = t->tid;
    slot->id = ++s->next_save_id;
    rsp_buf_printf(&s->reply, "%d", slot->id);
    return PACKET_OK;
}

int on_restore_register_state(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    int id;
    /* Not strtol: the packet is not NUL-terminated, and the bytes after it are stale. */
    if (!rsp_parse_restore_id(a, n, &id))
        return -EINVAL;
    struct thread *t = session_thread_for(s, a, n, 'g');
    if (!t || !inf->alive)
        return -ESRCH;
    for (size_t i = 0; i < NSAVED; i++) {
        struct saved_regs *slot = &s->saved[i];
        if (!slot->blob || slot->id != id)
            continue;
        memcpy(t->rc.blob, slot->blob, inf->arch->blob_size);
        /* Every bank is now both known and different from the thread's: write all back. */
        t->rc.valid = t->rc.dirty = (1u << inf->arch->nbanks) - 1;
        free(slot->blob);
        slot->blob = NULL;
        rsp_buf_puts(&s->reply, "OK");
        return PACKET_OK;
    }
    return -ENOENT;
}
