/* Growing a dynamic array by doubling: the one helper behind the thread, site and
 * hardware-point tables. */
#ifndef ZSTUB_GROW_H
#define ZSTUB_GROW_H

#include <stddef.h>
#include <stdlib.h>

/* Room for one more element in arr (count used, *cap allocated, elem bytes each): returns arr
 * itself when it has room, else a doubled copy (updating *cap), or NULL with arr untouched when
 * memory runs out. */
static inline void *grow_for_one(void *arr, size_t count, size_t *cap, size_t elem, size_t first)
{
    if (count < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : first;
    void *n = realloc(arr, ncap * elem);
    if (n)
        *cap = ncap;
    return n;
}

#endif
