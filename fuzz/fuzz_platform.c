/* libFuzzer target: lldb's platform requests (proto/rsp_platform.c), its `A`
 * launch (proto/rsp_lldb_launch.c) and jModulesInfo's JSON (proto/rsp_json.c). Name buffers are
 * exact-size heap blocks, so a write past one is seen. Seeds: fuzz/corpus/platform. */
#include "fuzz_common.h"
#include "rsp_json.h"
#include "rsp_lldb_launch.h"
#include "rsp_platform.h"

#define CAP 256

static void launch_gdbserver(const char *p, size_t n)
{
    struct rsp_launch_gdbserver g;
    if (rsp_parse_launch_gdbserver(p, n, &g))
        REQUIRE(strlen(g.host) < sizeof g.host && g.port <= 65535);
}

static void proc_filter(const char *p, size_t n)
{
    char *name = malloc(CAP);
    struct rsp_proc_filter f;
    if (name && rsp_parse_proc_filter(p, n, name, CAP, &f)) {
        REQUIRE(f.name == name && strlen(name) < CAP);
        REQUIRE((f.match == RSP_NAME_ANY) == (name[0] == 0));
        REQUIRE(f.pid >= -1 && f.ppid >= -1 && f.uid >= -1 && f.euid >= -1);
    }
    free(name);
}

static void shell(const char *p, size_t n)
{
    char *cmd = malloc(CAP), *dir = malloc(CAP);
    struct rsp_shell sh;
    if (cmd && dir && rsp_parse_shell(p, n, cmd, CAP, dir, CAP, &sh))
        REQUIRE(cmd[0] && strlen(cmd) < CAP && strlen(dir) < CAP);
    free(cmd);
    free(dir);
}

static void mode_path(const char *p, size_t n)
{
    char *path = malloc(CAP);
    uint64_t mode;
    if (path && rsp_parse_mode_path(p, n, &mode, path, CAP))
        REQUIRE(mode <= 07777 && path[0] && strlen(path) < CAP);
    free(path);
}

static void lldb_argv(const char *p, size_t n)
{
    char *buf = malloc(CAP), *argv[9];
    size_t argc;
    if (buf && rsp_parse_lldb_argv(p, n, buf, CAP, argv, 8, &argc)) {
        REQUIRE(argc >= 1 && argc <= 8 && argv[argc] == NULL);
        for (size_t i = 0; i < argc; i++)
            REQUIRE(argv[i] >= buf && argv[i] + strlen(argv[i]) < buf + CAP);
    }
    free(buf);
}

static void module_seen(void *ctx, const char *file, const char *triple)
{
    REQUIRE(strlen(file) < CAP && strlen(triple) < CAP);
    ++*(size_t *)ctx;
}

static void modules_info(const char *p, size_t n)
{
    char *file = malloc(CAP), *triple = malloc(CAP);
    size_t count = 0;
    if (file && triple) {
        int rc = rsp_json_modules_request(p, n, file, CAP, triple, CAP, module_seen, &count);
        REQUIRE(rc == RSP_JSON_OK || count == 0);
    }
    free(file);
    free(triple);
}

FUZZ_ROUTES({"qLaunchGDBServer;", launch_gdbserver}, {"qfProcessInfo", proc_filter},
            {"qPlatform_shell:", shell}, {"qPlatform_mkdir:", mode_path},
            {"qPlatform_chmod:", mode_path}, {"A", lldb_argv}, {"jModulesInfo:", modules_info})
