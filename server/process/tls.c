/* TLS addresses without libthread_db: glibc exports, for libthread_db's sake, descriptors of its
 * private layouts (_thread_db_STRUCT_FIELD: three 32-bit words, the field's size in bits, an
 * element count and its byte offset). With them the lookup is libthread_db's own: the module id
 * from the module's link_map, the thread's DTV from its thread descriptor, the block from the DTV
 * entry. Reading the descriptors instead of hard-coding offsets keeps this right across glibc
 * versions; doing it in the stub spares loading libthread_db and serving its callbacks. */
#include "tls.h"

#include "elf_symbols.h"

#include <errno.h>
#include <string.h>

struct db_desc {
    uint32_t bits, count, offset;
};

/* The descriptors tls_address needs, in this order. */
enum { D_MODID, D_DTVP, D_DTV, D_VAL, D_COUNT };
static const char *const desc_names[D_COUNT] = {
    "_thread_db_link_map_l_tls_modid",
    "_thread_db_pthread_dtvp",
    "_thread_db_dtv_dtv",
    "_thread_db_dtv_t_pointer_val",
};

static int read_descs(struct inferior *inf, struct db_desc *d)
{
    uint64_t addr[D_COUNT];
    int rc = elf_loaded_symbols(inf->pid, "libc.so.", desc_names, D_COUNT, addr);
    for (size_t i = 0; rc == 0 && i < D_COUNT; i++) {
        uint32_t w[3];
        if (mem_read_raw(inf, addr[i], w, sizeof w) != (long)sizeof w)
            return -EIO;
        d[i] = (struct db_desc){w[0], w[1], w[2]};
    }
    return rc;
}

int tls_address(struct inferior *inf, struct thread *t, uint64_t lm, uint64_t offset, uint64_t *out)
{
    if (inf->arch->tp_regnum < 0)
        return -ENOSYS;
    struct db_desc d[D_COUNT];
    int rc = read_descs(inf, d);
    if (rc < 0)
        return rc;
    const struct db_desc modid_d = d[D_MODID], dtvp_d = d[D_DTVP], dtv_d = d[D_DTV],
                         val_d = d[D_VAL];
    uint64_t modid, dtv, block;
    /* The thread descriptor sits at the thread pointer (TLS variant II, x86_64). */
    uint64_t tp = regcache_get_u64(inf, t, inf->arch->tp_regnum);
    uint32_t ptr_bits = (uint32_t)inf->arch->ptr_size * 8;
    /* A static program has no link map (gdb sends 0): its TLS is module 1. */
    if (lm == 0)
        modid = 1;
    else if ((rc = mem_read_uint(inf, lm + modid_d.offset, modid_d.bits, &modid)) < 0)
        return rc;
    if ((rc = mem_read_uint(inf, tp + dtvp_d.offset, dtvp_d.bits, &dtv)) < 0)
        return rc;
    if (modid == 0 || dtv_d.bits == 0)
        return -EINVAL;
    uint64_t entry = dtv + modid * (dtv_d.bits / 8) + val_d.offset;
    if ((rc = mem_read_uint(inf, entry, val_d.bits ? val_d.bits : ptr_bits, &block)) < 0)
        return rc;
    /* glibc marks a block not allocated yet (dynamic TLS never touched) with -1. */
    if (block == 0 || block == UINT64_MAX || (ptr_bits == 32 && block == UINT32_MAX))
        return -EAGAIN;
    *out = block + offset;
    return 0;
}
