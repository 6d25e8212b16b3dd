/* Raw memory access through /proc/PID/mem: one syscall per request whatever its size, and writes
 * reach read-only text (process_vm_writev cannot). Trap bytes are seen as they are here; the
 * client's view that hides them is points/client_memory.c. */
#include "inferior.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int mem_open(struct inferior *inf)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", inf->pid);
    if (inf->memfd >= 0)
        close(inf->memfd);
    inf->memfd = open(path, O_RDWR | O_CLOEXEC);
    return inf->memfd < 0 ? -errno : 0;
}

long mem_read_raw(struct inferior *inf, uint64_t addr, void *buf, size_t len)
{
    if (inf->memfd < 0)
        return -ESRCH;
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(inf->memfd, (char *)buf + done, len - done, (off_t)(addr + done));
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        /* A fault inside the range: retry up to the end of this page, so a read that crosses
         * into an unmapped page still returns the readable part. */
        uint64_t cur = addr + done, page_end = (cur | 4095) + 1;
        size_t chunk = page_end - cur;
        if (chunk >= len - done)
            break;
        n = pread(inf->memfd, (char *)buf + done, chunk, (off_t)cur);
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done == 0 && len > 0)
        return -EIO;
    return (long)done;
}

int mem_write_raw(struct inferior *inf, uint64_t addr, const void *buf, size_t len)
{
    if (inf->memfd < 0)
        return -ESRCH;
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(inf->memfd, (const char *)buf + done, len - done, (off_t)(addr + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        done += (size_t)n;
    }
    return 0;
}

int mem_read_uint(struct inferior *inf, uint64_t addr, uint32_t bits, uint64_t *out)
{
    size_t n = bits / 8;
    uint8_t b[8] = {0};
    if (n == 0 || n > sizeof b)
        return -EINVAL;
    if (mem_read_raw(inf, addr, b, n) != (long)n)
        return -EIO;
    *out = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = inf->arch->little_endian ? i : n - 1 - i;
        *out |= (uint64_t)b[k] << (8 * i);
    }
    return 0;
}
