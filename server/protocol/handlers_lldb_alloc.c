/* lldb's _M (allocate memory in the program) and _m (free it). lldb needs memory in the
 * program for every expression that is JIT-compiled; without _M it calls mmap through an
 * expression of its own. Here a stopped thread runs mmap/munmap itself (target_syscall.c). */
#include "packets.h"

#include "grow.h"
#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <inttypes.h>
#include <sys/mman.h>

/* The thread that runs the call: the one the client last heard about, else any. */
static struct thread *call_thread(struct session *s)
{
    struct inferior *inf = s->srv->inf;
    struct thread *t = thread_find(inf, s->srv->last_stop.tid);
    return t ? t : (inf->nthreads ? inf->threads[0] : NULL);
}

static int run_call(struct session *s, long nr, const uint64_t args[6], uint64_t *ret)
{
    struct server *srv = s->srv;
    struct thread *t = call_thread(s);
    if (!srv->inf->alive || !t)
        return -ESRCH;
    if (srv->ts.resumed)
        return -EBUSY; /* only while the program is stopped */
    int rc = target_inferior_syscall(srv->inf, &srv->ts, t, nr, args, ret);
    if (rc < 0)
        return rc;
    if (*ret > (uint64_t)-4096) /* the kernel's -errno */
        return (int)(int64_t)*ret;
    return 0;
}

/* _MSIZE,PERMS with PERMS from "rwx": the address of the new block. */
int on_alloc_memory(struct session *s, const char *a, size_t n)
{
    uint64_t size;
    size_t used;
    if (!rsp_parse_hex_u64(a, n, &size, &used) || size == 0 || used >= n || a[used] != ',')
        return -EINVAL;
    int prot = 0;
    for (size_t i = used + 1; i < n; i++) {
        switch (a[i]) {
        case 'r':
            prot |= PROT_READ;
            break;
        case 'w':
            prot |= PROT_WRITE;
            break;
        case 'x':
            prot |= PROT_EXEC;
            break;
        default:
            return -EINVAL;
        }
    }
    struct mem_alloc *grown =
        grow_for_one(s->allocs, s->nallocs, &s->allocs_cap, sizeof *s->allocs, 8);
    if (!grown)
        return -ENOMEM;
    s->allocs = grown;
    const uint64_t args[6] = {0, size, (uint64_t)prot, MAP_PRIVATE | MAP_ANONYMOUS, UINT64_MAX, 0};
    uint64_t addr;
    int rc = run_call(s, s->srv->inf->arch->sys_mmap, args, &addr);
    if (rc < 0)
        return rc;
    s->allocs[s->nallocs++] = (struct mem_alloc){addr, size};
    rsp_buf_printf(&s->reply, "%" PRIx64, addr);
    return PACKET_OK;
}

/* _mADDR: frees a block _M returned. */
int on_dealloc_memory(struct session *s, const char *a, size_t n)
{
    uint64_t addr;
    size_t used;
    if (!rsp_parse_hex_u64(a, n, &addr, &used) || used != n)
        return -EINVAL;
    for (size_t i = 0; i < s->nallocs; i++) {
        if (s->allocs[i].addr != addr)
            continue;
        const uint64_t args[6] = {addr, s->allocs[i].size, 0, 0, 0, 0};
        uint64_t ret;
        int rc = run_call(s, s->srv->inf->arch->sys_munmap, args, &ret);
        if (rc < 0)
            return rc;
        s->allocs[i] = s->allocs[--s->nallocs];
        rsp_buf_puts(&s->reply, "OK");
        return PACKET_OK;
    }
    return -ENOENT;
}
