/* Unit tests for proto/rsp_platform: lldb's platform request arguments. */
#include "check.h"
#include "rsp_lldb_launch.h"
#include "rsp_platform.h"

#define S(lit) lit, sizeof(lit) - 1

static void test_key_values(void)
{
    const char *k, *v;
    size_t kl, vl, pos = 0;
    const char *p = ";host:vm;;port:12;bare;";
    size_t n = strlen(p);
    CHECK(rsp_next_key_value(p, n, &pos, &k, &kl, &v, &vl));
    CHECK(kl == 4 && memcmp(k, "host", 4) == 0 && vl == 2 && memcmp(v, "vm", 2) == 0);
    CHECK(rsp_next_key_value(p, n, &pos, &k, &kl, &v, &vl));
    CHECK(kl == 4 && memcmp(k, "port", 4) == 0 && vl == 2);
    CHECK(rsp_next_key_value(p, n, &pos, &k, &kl, &v, &vl));
    CHECK(kl == 0 && vl == 4);
    CHECK(!rsp_next_key_value(p, n, &pos, &k, &kl, &v, &vl));
}

static void test_numbers(void)
{
    uint64_t v;
    CHECK(rsp_parse_lldb_number(S("1234"), &v) && v == 1234);
    CHECK(rsp_parse_lldb_number(S("0x1f"), &v) && v == 0x1f);
    CHECK(!rsp_parse_lldb_number(S(""), &v));
    CHECK(!rsp_parse_lldb_number(S("12a"), &v));
    CHECK(!rsp_parse_lldb_number(S("0x"), &v));
    CHECK(!rsp_parse_lldb_number(S("99999999999999999999"), &v));
}

static void test_launch_gdbserver(void)
{
    struct rsp_launch_gdbserver g;
    CHECK(rsp_parse_launch_gdbserver(S("host:vm;"), &g));
    CHECK_STR(g.host, "vm");
    CHECK(g.port == 0);
    CHECK(rsp_parse_launch_gdbserver(S("host:*;port:4321;"), &g) && g.port == 4321);
    CHECK_STR(g.host, "*");
    CHECK(rsp_parse_launch_gdbserver(S(""), &g) && g.host[0] == 0);
    CHECK(!rsp_parse_launch_gdbserver(S("port:65536;"), &g));
    CHECK(!rsp_parse_launch_gdbserver(S("port:x;"), &g));
}

static void test_proc_filter(void)
{
    char name[8];
    struct rsp_proc_filter f;
    CHECK(rsp_parse_proc_filter(S(""), name, sizeof name, &f));
    CHECK(f.match == RSP_NAME_ANY && f.pid == -1 && f.uid == -1 && !f.all_users);
    CHECK(rsp_parse_proc_filter(S(":name:70726f67;name_match:starts_with;pid:12;"), name,
                                sizeof name, &f));
    CHECK_STR(f.name, "prog");
    CHECK(f.match == RSP_NAME_STARTS_WITH && f.pid == 12 && f.ppid == -1);
    CHECK(rsp_parse_proc_filter(S(":name:61;"), name, sizeof name, &f));
    CHECK(f.match == RSP_NAME_EQUALS);
    CHECK(rsp_parse_proc_filter(S(":parent_pid:1;uid:0;euid:0;gid:0;egid:0;all_users:1;"
                                  "triple:7838;"),
                                name, sizeof name, &f));
    CHECK(f.ppid == 1 && f.uid == 0 && f.egid == 0 && f.all_users);
    CHECK(!rsp_parse_proc_filter(S(":name_match:sounds_like;"), name, sizeof name, &f));
    CHECK(!rsp_parse_proc_filter(S(":colour:red;"), name, sizeof name, &f));
    CHECK(!rsp_parse_proc_filter(S(":pid:-1;"), name, sizeof name, &f));
    CHECK(!rsp_parse_proc_filter(S("pid:1;"), name, sizeof name, &f));
    CHECK(!rsp_parse_proc_filter(S(":name:6161616161616161;"), name, sizeof name, &f));
}

static void test_shell(void)
{
    char cmd[16], dir[16];
    struct rsp_shell sh;
    CHECK(rsp_parse_shell(S("6563686f206869,ffffffff"), cmd, sizeof cmd, dir, sizeof dir, &sh));
    CHECK_STR(cmd, "echo hi");
    CHECK(sh.timeout == 0xffffffff && dir[0] == 0);
    CHECK(rsp_parse_shell(S("6c73,a,2f746d70"), cmd, sizeof cmd, dir, sizeof dir, &sh));
    CHECK_STR(dir, "/tmp");
    CHECK(sh.timeout == 10);
    CHECK(!rsp_parse_shell(S("6c73"), cmd, sizeof cmd, dir, sizeof dir, &sh));
    CHECK(!rsp_parse_shell(S(",a"), cmd, sizeof cmd, dir, sizeof dir, &sh));
    CHECK(!rsp_parse_shell(S("6c73,a,"), cmd, sizeof cmd, dir, sizeof dir, &sh));
    CHECK(!rsp_parse_shell(S("6c73,a,2f,2f"), cmd, sizeof cmd, dir, sizeof dir, &sh));
    CHECK(!rsp_parse_shell(S("6c7,a"), cmd, sizeof cmd, dir, sizeof dir, &sh));
}

static void test_mode_path(void)
{
    char path[16];
    uint64_t mode;
    CHECK(rsp_parse_mode_path(S("000001c0,2f746d70"), &mode, path, sizeof path));
    CHECK(mode == 0700);
    CHECK_STR(path, "/tmp");
    CHECK(!rsp_parse_mode_path(S("1c0"), &mode, path, sizeof path));
    CHECK(!rsp_parse_mode_path(S("1c0,"), &mode, path, sizeof path));
    CHECK(!rsp_parse_mode_path(S("10000,2f"), &mode, path, sizeof path));
    CHECK(!rsp_parse_mode_path(S("1c0,2f,2f"), &mode, path, sizeof path));
}

static void test_lldb_argv(void)
{
    char buf[16], *argv[3];
    size_t argc;
    /* "/bin/ls" "-l" */
    CHECK(rsp_parse_lldb_argv(S("14,0,2f62696e2f6c73,4,1,2d6c"), buf, sizeof buf, argv, 2, &argc));
    CHECK(argc == 2 && argv[2] == NULL);
    CHECK_STR(argv[0], "/bin/ls");
    CHECK_STR(argv[1], "-l");
    CHECK(rsp_parse_lldb_argv(S("0,0,"), buf, sizeof buf, argv, 2, &argc) == false);
    CHECK(rsp_parse_lldb_argv(S("2,0,61"), buf, sizeof buf, argv, 2, &argc) && argc == 1);
    CHECK(!rsp_parse_lldb_argv(S("4,0,61"), buf, sizeof buf, argv, 2, &argc)); /* length */
    CHECK(!rsp_parse_lldb_argv(S("2,1,61"), buf, sizeof buf, argv, 2, &argc)); /* index */
    CHECK(!rsp_parse_lldb_argv(S("2,0,61,"), buf, sizeof buf, argv, 2, &argc));
    CHECK(!rsp_parse_lldb_argv(S("2,0,00"), buf, sizeof buf, argv, 2, &argc)); /* NUL */
    CHECK(!rsp_parse_lldb_argv(S(""), buf, sizeof buf, argv, 2, &argc));
    CHECK(!rsp_parse_lldb_argv(S("2,0,61,2,1,62,2,2,63"), buf, sizeof buf, argv, 2, &argc));
    /* room: 8 + 1 + 8 + 1 bytes > 16 */
    CHECK(!rsp_parse_lldb_argv(S("16,0,6161616161616161,16,1,6161616161616161"), buf, sizeof buf,
                               argv, 2, &argc));
}

CHECK_MAIN(T(test_key_values), T(test_numbers), T(test_launch_gdbserver), T(test_proc_filter),
           T(test_shell), T(test_mode_path), T(test_lldb_argv))
