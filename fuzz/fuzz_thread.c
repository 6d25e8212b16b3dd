/* libFuzzer target: thread ids in H, T, qThreadExtraInfo and lldb's qThreadStopInfo.
 * Seeds: fuzz/corpus/thread. */
#include "fuzz_common.h"
#include "rsp_args.h"

static void set_thread(const char *p, size_t n)
{
    char op;
    struct rsp_tid t;
    if (rsp_parse_set_thread(p, n, &op, &t))
        REQUIRE((op == 'g' || op == 'c') && t.tid >= -1 && t.pid >= -1);
}

static void tid_all(const char *p, size_t n)
{
    struct rsp_tid t;
    if (rsp_parse_tid_all(p, n, &t))
        REQUIRE(t.tid >= -1 && t.pid >= -1);
}

static void hex_all(const char *p, size_t n)
{
    uint64_t v;
    (void)rsp_parse_hex_all(p, n, &v);
}

FUZZ_ROUTES({"H", set_thread}, {"T", tid_all}, {"qThreadExtraInfo,", tid_all},
            {"qThreadStopInfo", hex_all})
