/* libFuzzer target: the arguments of general queries: qSupported's feature list, QPassSignals,
 * QProgramSignals, QCatchSyscalls, qRcmd's hex-encoded command, vRun's hex list, lldb's
 * qMemoryRegionInfo and qRegisterInfo. Seeds: fuzz/corpus/query. */
#include "fuzz_common.h"
#include "rsp_args.h"

static void qsupported(const char *p, size_t n)
{
    struct rsp_client_features f;
    (void)rsp_parse_qsupported(p, n, &f);
}

static void pass_signals(const char *p, size_t n)
{
    bool pass[RSP_MAX_SIGNAL];
    (void)rsp_parse_signal_list(p, n, pass);
}

static void catch_syscalls(const char *p, size_t n)
{
    struct rsp_syscall_set set;
    if (rsp_parse_catch_syscalls(p, n, &set))
        REQUIRE(set.enable || !set.all);
}

static void qrcmd(const char *p, size_t n)
{
    char *cmd = malloc(256);
    if (!cmd)
        return;
    if (rsp_parse_hex_text(p, n, cmd, 256))
        REQUIRE(strlen(cmd) == n / 2);
    free(cmd);
}

static void hex_list(const char *p, size_t n)
{
    char out[128];
    const char *items[8];
    int k = rsp_parse_hex_list(p, n, out, sizeof out, items, 8);
    REQUIRE(k == -1 || (k >= 1 && k <= 8));
    for (int i = 0; i < k; i++)
        REQUIRE(items[i] >= out && items[i] < out + sizeof out);
}

static void region(const char *p, size_t n)
{
    uint64_t a;
    (void)rsp_parse_region_info(p, n, &a);
}

static void reginfo(const char *p, size_t n)
{
    uint64_t r;
    (void)rsp_parse_hex_all(p, n, &r);
}

FUZZ_ROUTES({"qSupported", qsupported}, {"QPassSignals:", pass_signals},
            {"QProgramSignals:", pass_signals}, {"QCatchSyscalls:", catch_syscalls},
            {"qRcmd,", qrcmd}, {"qMemoryRegionInfo", region}, {"qRegisterInfo", reginfo},
            {"vRun;", hex_list}, {"QEnvironmentHexEncoded:", hex_list})
