/* Shared by the libFuzzer targets. */
#ifndef ZSTUB_FUZZ_COMMON_H
#define ZSTUB_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Not assert(): release builds define NDEBUG, and a fuzzer must check in every build. */
#define REQUIRE(c)                                                                                 \
    do {                                                                                           \
        if (!(c))                                                                                  \
            abort();                                                                               \
    } while (0)

/* p[0..len) lies inside base[0..n). */
static inline void fuzz_check_inside(const char *base, size_t n, const char *p, size_t len)
{
    REQUIRE(p >= base && len <= n && (size_t)(p - base) <= n - len);
}

/* One request parser under test: it gets the arguments after the packet's name, as the
 * server's packet table hands them to a handler. */
struct fuzz_route {
    const char *name;
    void (*fn)(const char *args, size_t n);
};

/* Copies the input to an exact-size heap block (so ASan sees a read past the packet), then
 * runs the route whose name starts it (first match wins, as in the packet table), or every
 * route on the whole input when none does, so bytes without a known name still reach each
 * parser. The seed corpora are whole packets, as the packet log shows them. */
static inline void fuzz_route_packet(const struct fuzz_route *routes, size_t nroutes,
                                     const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);
    if (!p)
        return;
    memcpy(p, data, size);
    for (size_t i = 0; i < nroutes; i++) {
        size_t len = strlen(routes[i].name);
        if (size >= len && memcmp(p, routes[i].name, len) == 0) {
            routes[i].fn(p + len, size - len);
            free(p);
            return;
        }
    }
    for (size_t i = 0; i < nroutes; i++)
        routes[i].fn(p, size);
    free(p);
}

#define FUZZ_ROUTES(...)                                                                           \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        static const struct fuzz_route routes[] = {__VA_ARGS__};                                   \
        fuzz_route_packet(routes, sizeof routes / sizeof routes[0], data, size);                   \
        return 0;                                                                                  \
    }

/* A fake stopped thread for the agent-expression evaluator: memory reads succeed below 1 MiB
 * with a pattern; registers 0..31 exist. */
static inline int fuzz_read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
    (void)ctx;
    if (addr >= (1u << 20) || len > 8)
        return -1;
    memset(buf, (int)(addr & 0xff), len);
    return 0;
}

static inline int fuzz_read_reg(void *ctx, int regnum, uint64_t *val)
{
    (void)ctx;
    if (regnum < 0 || regnum > 31)
        return -1;
    *val = (uint64_t)regnum * 0x1000;
    return 0;
}

#endif
