/* libFuzzer target: the arguments of general queries: qSupported's feature list, QPassSignals,
 * qRcmd's hex-encoded command, lldb's qMemoryRegionInfo and qRegisterInfo.
 * Seeds: fuzz/corpus/query. */
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

static void qrcmd(const char *p, size_t n)
{
    char *cmd = malloc(256);
    if (!cmd)
        return;
    if (rsp_parse_hex_text(p, n, cmd, 256))
        REQUIRE(strlen(cmd) == n / 2);
    free(cmd);
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

FUZZ_ROUTES({"qSupported", qsupported}, {"QPassSignals:", pass_signals}, {"qRcmd,", qrcmd},
            {"qMemoryRegionInfo", region}, {"qRegisterInfo", reginfo})
