#include "elf_build_id.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

/* The build ID in one note section's data, or 0. */
static int note_build_id(Elf_Data *data, uint8_t *id, size_t cap)
{
    GElf_Nhdr nh;
    size_t off = 0, name_off, desc_off, next;
    while ((next = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
        if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
            memcmp((char *)data->d_buf + name_off, "GNU", 4) == 0 && nh.n_descsz <= cap) {
            memcpy(id, (char *)data->d_buf + desc_off, nh.n_descsz);
            return (int)nh.n_descsz;
        }
        off = next;
    }
    return 0;
}

int elf_build_id(const char *path, uint8_t *id, size_t cap)
{
    if (elf_version(EV_CURRENT) == EV_NONE)
        return -ENOSYS;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    int len = elf && elf_kind(elf) == ELF_K_ELF ? 0 : -ENOEXEC;
    for (Elf_Scn *scn = NULL; len == 0 && elf && (scn = elf_nextscn(elf, scn));) {
        GElf_Shdr sh;
        Elf_Data *data;
        if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE && (data = elf_getdata(scn, NULL)))
            len = note_build_id(data, id, cap);
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return len;
}
