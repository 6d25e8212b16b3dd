#include "file_md5.h"

#include "md5.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int file_md5(const char *path, uint8_t digest[16])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct md5 m;
    uint8_t buf[65536];
    ssize_t got;
    md5_init(&m);
    while ((got = read(fd, buf, sizeof buf)) > 0)
        md5_update(&m, buf, (size_t)got);
    int e = errno;
    close(fd);
    if (got < 0)
        return -e;
    md5_final(&m, digest);
    return 0;
}
