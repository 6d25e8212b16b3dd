/* The MD5 digest of a file's contents (lldb's vFile:MD5 and qModuleInfo for files without a
 * build ID). */
#ifndef ZSTUB_FILE_MD5_H
#define ZSTUB_FILE_MD5_H

#include <stdint.h>

/* 0, or -errno when the file cannot be read. */
int file_md5(const char *path, uint8_t digest[16]);

#endif
