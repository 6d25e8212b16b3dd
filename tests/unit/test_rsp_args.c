/* Unit tests for proto/rsp_args and proto/rsp_vfile: the small request arguments. */
#include <stdlib.h>

#include "check.h"
#include "rsp_args.h"
#include "rsp_vfile.h"

#define S(lit) lit, sizeof(lit) - 1

static void test_thread_suffix(void)
{
    uint64_t t;
    CHECK(rsp_parse_thread_suffix(S(";thread:1a2b;"), &t) == 1 && t == 0x1a2b);
    CHECK(rsp_parse_thread_suffix(S("10;thread:7"), &t) == 1 && t == 7);
    CHECK(rsp_parse_thread_suffix(S("thread:7;"), &t) == 1 && t == 7);
    CHECK(rsp_parse_thread_suffix(S("10"), &t) == 0);
    CHECK(rsp_parse_thread_suffix(S("10;xthread:7;"), &t) == 0); /* not at a field start */
    CHECK(rsp_parse_thread_suffix(S(";thread:;"), &t) == -1);
    CHECK(rsp_parse_thread_suffix(S(";thread:7x;"), &t) == -1);
    CHECK(rsp_parse_thread_suffix(S(";thread:10000000000000000;"), &t) == -1);
    CHECK(rsp_parse_thread_suffix(";thread:7", 8, &t) == -1); /* stops at n */
}

static void test_registers(void)
{
    uint64_t r;
    const char *hex;
    size_t hl;
    CHECK(rsp_parse_reg_read(S("10"), &r) && r == 0x10);
    CHECK(rsp_parse_reg_read(S("10;thread:5;"), &r) && r == 0x10);
    CHECK(!rsp_parse_reg_read(S(""), &r));
    CHECK(!rsp_parse_reg_read(S("1g"), &r));
    CHECK(!rsp_parse_reg_read(S(";thread:5;"), &r));
    CHECK(rsp_parse_reg_write(S("10=0011;thread:5;"), &r, &hex, &hl));
    CHECK(r == 0x10 && hl == 4);
    CHECK_MEM_STR(hex, hl, "0011");
    CHECK(!rsp_parse_reg_write(S("10="), &r, &hex, &hl));
    CHECK(!rsp_parse_reg_write(S("10=001"), &r, &hex, &hl));
    CHECK(!rsp_parse_reg_write(S("10=00xx"), &r, &hex, &hl));
    CHECK(!rsp_parse_reg_write(S("=00"), &r, &hex, &hl));
    CHECK(!rsp_parse_reg_write(S("10"), &r, &hex, &hl));
}

static void test_threads(void)
{
    char op;
    struct rsp_tid t;
    CHECK(rsp_parse_set_thread(S("gp1.2"), &op, &t) && op == 'g' && t.pid == 1 && t.tid == 2);
    CHECK(rsp_parse_set_thread(S("c-1"), &op, &t) && op == 'c' && t.tid == -1);
    CHECK(!rsp_parse_set_thread(S("g"), &op, &t));
    CHECK(!rsp_parse_set_thread(S("x1"), &op, &t));
    CHECK(!rsp_parse_set_thread(S("g1zz"), &op, &t)); /* trailing junk */
    CHECK(rsp_parse_tid_all(S("p10.11"), &t) && t.tid == 0x11);
    CHECK(!rsp_parse_tid_all(S("11;"), &t));
}

static void test_resume_args(void)
{
    struct rsp_resume_args ra;
    CHECK(rsp_parse_resume_args(S(""), false, &ra) && !ra.has_addr);
    CHECK(rsp_parse_resume_args(S("401000"), false, &ra) && ra.has_addr && ra.addr == 0x401000);
    CHECK(rsp_parse_resume_args(S("0b"), true, &ra) && ra.sig == 11 && !ra.has_addr);
    CHECK(rsp_parse_resume_args(S("0b;401000"), true, &ra) && ra.sig == 11 && ra.addr == 0x401000);
    CHECK(!rsp_parse_resume_args(S(""), true, &ra));
    CHECK(!rsp_parse_resume_args(S("100"), true, &ra));
    CHECK(!rsp_parse_resume_args(S("0b;"), true, &ra));
    CHECK(!rsp_parse_resume_args(S("0bx"), true, &ra));
    CHECK(!rsp_parse_resume_args(S("40x"), false, &ra));
}

static void test_signal_list(void)
{
    bool pass[RSP_MAX_SIGNAL];
    CHECK(rsp_parse_signal_list(S(""), pass) && !pass[0] && !pass[14]);
    CHECK(rsp_parse_signal_list(S("e;1e;ff"), pass) && pass[14] && pass[30] && pass[255]);
    CHECK(!pass[1]);
    CHECK(!rsp_parse_signal_list(S("100"), pass));
    CHECK(!rsp_parse_signal_list(S("e;;f"), pass));
    CHECK(!rsp_parse_signal_list(S("e;x"), pass));
}

static void test_hex_list(void)
{
    char out[64];
    const char *items[4];
    /* vRun;/tmp/p;a;;b c */
    CHECK(rsp_parse_hex_list(S("2f746d702f70;61;;622063"), out, sizeof out, items, 4) == 4);
    CHECK(strcmp(items[0], "/tmp/p") == 0 && strcmp(items[1], "a") == 0);
    CHECK(items[2][0] == 0 && strcmp(items[3], "b c") == 0);
    CHECK(rsp_parse_hex_list(S(""), out, sizeof out, items, 4) == 1 && items[0][0] == 0);
    CHECK(rsp_parse_hex_list(S(";61"), out, sizeof out, items, 4) == 2 && items[0][0] == 0);
    CHECK(rsp_parse_hex_list(S("6"), out, sizeof out, items, 4) == -1);              /* odd */
    CHECK(rsp_parse_hex_list(S("zz"), out, sizeof out, items, 4) == -1);             /* not hex */
    CHECK(rsp_parse_hex_list(S("6100"), out, sizeof out, items, 4) == -1);           /* a NUL */
    CHECK(rsp_parse_hex_list(S("61;61;61;61;61"), out, sizeof out, items, 4) == -1); /* items */
    CHECK(rsp_parse_hex_list(S("61626364"), out, 4, items, 4) == -1);                /* no room */
    CHECK(rsp_parse_hex_list(S("616263"), out, 4, items, 4) == 1);
}

static void test_hex_text(void)
{
    char out[8];
    CHECK(rsp_parse_hex_text(S("68656c70"), out, sizeof out));
    CHECK_STR(out, "help");
    CHECK(rsp_parse_hex_text(S(""), out, sizeof out) && out[0] == 0);
    CHECK(!rsp_parse_hex_text(S("686"), out, sizeof out));
    CHECK(!rsp_parse_hex_text(S("6800"), out, sizeof out)); /* embedded NUL */
    CHECK(!rsp_parse_hex_text(S("zz"), out, sizeof out));
    CHECK(!rsp_parse_hex_text(S("6868686868686868"), out, sizeof out)); /* no room for NUL */
}

static void test_mem_write(void)
{
    struct rsp_mem_write w;
    CHECK(rsp_parse_mem_write(S("1000,2:abcd"), false, &w));
    CHECK(w.addr == 0x1000 && w.len == 2 && w.data_len == 4);
    CHECK(rsp_parse_mem_write(S("1000,0:"), false, &w) && w.len == 0);
    CHECK(!rsp_parse_mem_write(S("1000,2:abc"), false, &w));
    CHECK(!rsp_parse_mem_write(S("1000,2:abcdef"), false, &w));
    CHECK(!rsp_parse_mem_write(S("1000,2:abzz"), false, &w));
    CHECK(!rsp_parse_mem_write(S("1000,ffffffffffffffff:ab"), false, &w)); /* 2*len overflows */
    CHECK(rsp_parse_mem_write(S("1000,2:}\x03x"), true, &w) && w.len == 2 && w.data_len == 3);
    CHECK(!rsp_parse_mem_write(S("1000,2:x}"), true, &w)); /* dangling escape */
    CHECK(!rsp_parse_mem_write(S("1000,3:ab"), true, &w));
    CHECK(!rsp_parse_mem_write(S("1000,2"), true, &w));
}

static void test_lldb_numbers(void)
{
    uint64_t a;
    int id;
    CHECK(rsp_parse_region_info(S(":7ffff000"), &a) && a == 0x7ffff000);
    CHECK(!rsp_parse_region_info(S(":"), &a));
    CHECK(!rsp_parse_region_info(S("7ffff000"), &a));
    CHECK(rsp_parse_restore_id(S(":12;thread:1a;"), &id) && id == 12);
    CHECK(rsp_parse_restore_id(S(":2147483647"), &id) && id == INT32_MAX);
    CHECK(!rsp_parse_restore_id(S(":2147483648"), &id));
    CHECK(!rsp_parse_restore_id(S(":"), &id));
    CHECK(!rsp_parse_restore_id(S(":-1"), &id));
    CHECK(!rsp_parse_restore_id(S(":;thread:1;"), &id));
}

/* The bug this parser replaced: strtol read the stale digits after a short packet. */
static void test_restore_id_stops_at_n(void)
{
    char *buf = malloc(16);
    memcpy(buf, ":1234567890123456", 16); /* no NUL anywhere */
    int id = -1;
    CHECK(rsp_parse_restore_id(buf, 2, &id) && id == 1);
    CHECK(!rsp_parse_restore_id(buf, 16, &id)); /* too big, and read only up to n */
    free(buf);
}

static bool caught(const struct rsp_syscall_set *s, unsigned nr)
{
    return s->nr[nr / 8] & (1u << (nr % 8));
}

static void test_catch_syscalls(void)
{
    struct rsp_syscall_set s;
    CHECK(rsp_parse_catch_syscalls(S("0"), &s) && !s.enable && !s.all);
    CHECK(rsp_parse_catch_syscalls(S("1"), &s) && s.enable && s.all);
    CHECK(rsp_parse_catch_syscalls(S("1;1;e7"), &s) && s.enable && !s.all);
    CHECK(caught(&s, 1) && caught(&s, 0xe7) && !caught(&s, 0) && !caught(&s, 2));
    CHECK(rsp_parse_catch_syscalls(S("1;3ff"), &s) && !s.all && caught(&s, 0x3ff));
    CHECK(rsp_parse_catch_syscalls(S("1;400"), &s) && s.all); /* beyond the set: everything */
    CHECK(!rsp_parse_catch_syscalls(S(""), &s));
    CHECK(!rsp_parse_catch_syscalls(S("2"), &s));
    CHECK(!rsp_parse_catch_syscalls(S("0;1"), &s));
    CHECK(!rsp_parse_catch_syscalls(S("1;x"), &s));
    CHECK(!rsp_parse_catch_syscalls(S("1;1;;2"), &s));
    CHECK(!rsp_parse_catch_syscalls(S("1;10000000000000000"), &s));
    CHECK(!rsp_parse_catch_syscalls(S("10"), &s));
    CHECK(rsp_parse_catch_syscalls("1;12", 3, &s) && caught(&s, 1) && !caught(&s, 0x12));
}

static void test_qsupported(void)
{
    struct rsp_client_features f;
    CHECK(rsp_parse_qsupported(S(""), &f) && !f.multiprocess);
    CHECK(rsp_parse_qsupported(S(":multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386"), &f));
    CHECK(f.multiprocess && f.swbreak && f.hwbreak && !f.lldb && f.xml_registers);
    CHECK(rsp_parse_qsupported(S(":multiprocess+"), &f) && !f.xml_registers);
    CHECK(rsp_parse_qsupported(S(":xmlRegisters=i386,arm,mips"), &f) && f.lldb);
    CHECK(rsp_parse_qsupported(S(":fork-events+;vfork-events+;exec-events+"), &f));
    CHECK(f.fork_events && f.vfork_events && f.exec_events && !f.multiprocess);
    CHECK(rsp_parse_qsupported(S(":fork-events-;exec-events"), &f));
    CHECK(!f.fork_events && !f.exec_events);
    CHECK(!rsp_parse_qsupported(S("X"), &f));
}

static void test_vfile(void)
{
    char path[16];
    struct rsp_vfile v;
    CHECK(rsp_parse_vfile(S("open:2f746d70,0,1c0"), path, sizeof path, &v));
    CHECK(v.op == RSP_VFILE_OPEN && v.flags == 0 && v.mode == 0x1c0);
    CHECK_STR(v.path, "/tmp");
    CHECK(rsp_parse_vfile(S("pread:5,1000,0"), path, sizeof path, &v));
    CHECK(v.op == RSP_VFILE_PREAD && v.fd == 5 && v.count == 0x1000 && v.offset == 0);
    CHECK(rsp_parse_vfile(S("close:5"), path, sizeof path, &v) && v.op == RSP_VFILE_CLOSE);
    CHECK(rsp_parse_vfile(S("setfs:0"), path, sizeof path, &v) && v.op == RSP_VFILE_SETFS);
    CHECK(rsp_parse_vfile(S("stat:2f"), path, sizeof path, &v));
    CHECK(v.op == RSP_VFILE_UNSUPPORTED);
    CHECK(rsp_parse_vfile(S("unlink:2f"), path, sizeof path, &v) && v.op == RSP_VFILE_UNLINK);
    CHECK_STR(v.path, "/");
    CHECK(rsp_parse_vfile(S("pwrite:5,10,a,b}]"), path, sizeof path, &v));
    CHECK(v.op == RSP_VFILE_PWRITE && v.fd == 5 && v.offset == 0x10);
    CHECK_MEM_STR(v.data, v.data_len, "a,b}]"); /* commas belong to the data */
    CHECK(rsp_parse_vfile(S("pwrite:5,10,"), path, sizeof path, &v) && v.data_len == 0);
    CHECK(!rsp_parse_vfile(S("pwrite:5,10"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("pwrite:5"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("close:"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("close:5,"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("close:5,6"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("pread:5,1000"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("pread:5,,0"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("open:2f00,0,0"), path, sizeof path, &v)); /* NUL in the name */
    CHECK(!rsp_parse_vfile(S("open:2f7,0,0"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("readlink:2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f"), path, sizeof path,
                           &v)); /* does not fit */
}

/* lldb's additions: size, mode, exists, MD5 name one file; symlink names two in one buffer. */
static void test_vfile_lldb(void)
{
    char path[16];
    struct rsp_vfile v;
    CHECK(rsp_parse_vfile(S("size:2f746d70"), path, sizeof path, &v) && v.op == RSP_VFILE_SIZE);
    CHECK_STR(v.path, "/tmp");
    CHECK(rsp_parse_vfile(S("mode:2f"), path, sizeof path, &v) && v.op == RSP_VFILE_MODE);
    CHECK(rsp_parse_vfile(S("exists:2f"), path, sizeof path, &v) && v.op == RSP_VFILE_EXISTS);
    CHECK(rsp_parse_vfile(S("MD5:2f61"), path, sizeof path, &v) && v.op == RSP_VFILE_MD5);
    CHECK_STR(v.path, "/a");
    CHECK(rsp_parse_vfile(S("symlink:2f61,2f62"), path, sizeof path, &v));
    CHECK(v.op == RSP_VFILE_SYMLINK);
    CHECK_STR(v.path, "/a");
    CHECK_STR(v.path2, "/b");
    CHECK(!rsp_parse_vfile(S("symlink:2f61"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("symlink:2f61,2f62,"), path, sizeof path, &v));
    CHECK(!rsp_parse_vfile(S("size:2f,0"), path, sizeof path, &v));
    /* both paths must fit: 8 + 1 + 8 bytes is more than 16 */
    CHECK(!rsp_parse_vfile(S("symlink:2f2f2f2f2f2f2f2f,2f2f2f2f2f2f2f2f"), path, sizeof path, &v));
    CHECK(rsp_parse_vfile(S("symlink:2f2f2f2f2f2f2f,2f2f2f2f2f2f2f"), path, sizeof path, &v));
}

CHECK_MAIN(T(test_catch_syscalls), T(test_thread_suffix), T(test_registers), T(test_threads),
           T(test_resume_args), T(test_signal_list), T(test_hex_list), T(test_hex_text),
           T(test_mem_write), T(test_lldb_numbers), T(test_restore_id_stops_at_n),
           T(test_qsupported), T(test_vfile), T(test_vfile_lldb))
