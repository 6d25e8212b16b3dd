/* Unit tests for proto/rsp_parse: every request parser with good and malformed input. */
#include "check.h"
#include "rsp_parse.h"

#define S(lit) lit, sizeof(lit) - 1

static void test_tid(void)
{
    struct rsp_tid t;
    size_t used;
    CHECK(rsp_parse_tid(S("1a"), &t, &used));
    CHECK(t.pid == 0 && t.tid == 0x1a && used == 2);
    CHECK(rsp_parse_tid(S("-1"), &t, &used));
    CHECK(t.pid == 0 && t.tid == -1 && used == 2);
    CHECK(rsp_parse_tid(S("0"), &t, &used));
    CHECK(t.pid == 0 && t.tid == 0);
    CHECK(rsp_parse_tid(S("p1a.2b;c"), &t, &used));
    CHECK(t.pid == 0x1a && t.tid == 0x2b && used == 6);
    CHECK(rsp_parse_tid(S("p-1.-1"), &t, &used));
    CHECK(t.pid == -1 && t.tid == -1 && used == 6);
    CHECK(rsp_parse_tid(S("p10"), &t, &used)); /* "pPID" means all its threads */
    CHECK(t.pid == 0x10 && t.tid == -1 && used == 3);
    CHECK(rsp_parse_tid(S("p10.0"), &t, &used));
    CHECK(t.pid == 0x10 && t.tid == 0);
    CHECK(rsp_parse_tid(S("7fffffffffffffff"), &t, &used));
    CHECK_EQ_I64(t.tid, INT64_MAX);

    CHECK(!rsp_parse_tid(S(""), &t, &used));
    CHECK(!rsp_parse_tid(S("p"), &t, &used));
    CHECK(!rsp_parse_tid(S("p1."), &t, &used));
    CHECK(!rsp_parse_tid(S("p.1"), &t, &used));
    CHECK(!rsp_parse_tid(S("-"), &t, &used));
    CHECK(!rsp_parse_tid(S("-2"), &t, &used));
    CHECK(!rsp_parse_tid(S("-12"), &t, &used));
    CHECK(!rsp_parse_tid(S("x"), &t, &used));
    CHECK(!rsp_parse_tid(S("8000000000000000"), &t, &used)); /* not an int64 */
    CHECK(!rsp_parse_tid(S("10000000000000000"), &t, &used));
    CHECK(!rsp_parse_tid("p1.2", 3, &t, &used)); /* never reads past n */
}

static void test_zpoint_plain(void)
{
    struct rsp_zpoint z;
    CHECK(rsp_parse_zpoint(S("0,401000,1"), &z));
    CHECK(z.type == 0 && z.addr == 0x401000 && z.kind == 1 && z.nconds == 0 && z.ncmds == 0);
    CHECK(rsp_parse_zpoint(S("2,7ffc0000,8"), &z));
    CHECK(z.type == 2 && z.kind == 8);
    CHECK(rsp_parse_zpoint(S("4,ffffffffffffffff,1"), &z));
    CHECK_EQ_U64(z.addr, UINT64_MAX);

    CHECK(!rsp_parse_zpoint(S(""), &z));
    CHECK(!rsp_parse_zpoint(S("5,1000,1"), &z));
    CHECK(!rsp_parse_zpoint(S("0,1000"), &z));
    CHECK(!rsp_parse_zpoint(S("0,1000,"), &z));
    CHECK(!rsp_parse_zpoint(S("0,,1"), &z));
    CHECK(!rsp_parse_zpoint(S("0,10000000000000000,1"), &z));
    CHECK(!rsp_parse_zpoint(S("0,1000,1x"), &z));
    CHECK(!rsp_parse_zpoint(S("0,1000,1;"), &z));
}

static void test_zpoint_conditions_and_commands(void)
{
    struct rsp_zpoint z;
    CHECK(rsp_parse_zpoint(S("0,401000,1;X3,220027;X2,2001"), &z));
    CHECK_EQ_U64(z.nconds, 2);
    CHECK_MEM_STR(z.conds[0].hex, 2 * z.conds[0].len, "220027");
    CHECK_MEM_STR(z.conds[1].hex, 2 * z.conds[1].len, "2001");
    CHECK(z.ncmds == 0);
    /* gdb writes the conditions of several locations back to back after one ';'. */
    CHECK(rsp_parse_zpoint(S("0,401000,1;X3,220027X2,2001;cmds:0,X1,27"), &z));
    CHECK(z.nconds == 2 && z.ncmds == 1);
    CHECK_MEM_STR(z.conds[0].hex, 2 * z.conds[0].len, "220027");
    CHECK_MEM_STR(z.conds[1].hex, 2 * z.conds[1].len, "2001");

    /* gdb writes commands back to back after "cmds:PERSIST,". */
    CHECK(rsp_parse_zpoint(S("0,401000,1;X1,27;cmds:1,X2,2627X1,27"), &z));
    CHECK(z.nconds == 1 && z.cmds_persist && z.ncmds == 2);
    CHECK_MEM_STR(z.cmds[0].hex, 4, "2627");
    CHECK_MEM_STR(z.cmds[1].hex, 2, "27");
    /* A ',' between commands is accepted too. */
    CHECK(rsp_parse_zpoint(S("1,10,1;cmds:0,X1,27,X1,27"), &z));
    CHECK(z.nconds == 0 && !z.cmds_persist && z.ncmds == 2);

    CHECK(!rsp_parse_zpoint(S("0,10,1;X2,27"), &z));   /* too short */
    CHECK(!rsp_parse_zpoint(S("0,10,1;X1,2g"), &z));   /* not hex */
    CHECK(!rsp_parse_zpoint(S("0,10,1;X1,2700"), &z)); /* trailing bytes */
    CHECK(!rsp_parse_zpoint(S("0,10,1;X0,"), &z));     /* empty expression */
    CHECK(!rsp_parse_zpoint(S("0,10,1;X1"), &z));      /* no ',' */
    CHECK(!rsp_parse_zpoint(S("0,10,1;Y1,27"), &z));   /* unknown item */
    CHECK(!rsp_parse_zpoint(S("0,10,1;cmds:1"), &z));  /* no commands */
    CHECK(!rsp_parse_zpoint(S("0,10,1;cmds:1,"), &z)); /* no commands */
    CHECK(!rsp_parse_zpoint(S("0,10,1;X10000000000000000,27"), &z));
    CHECK(!rsp_parse_zpoint(S("0,10,1;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27"),
                            &z)); /* more than RSP_ZPOINT_MAX_CONDS */
    CHECK(rsp_parse_zpoint(S("0,10,1;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27;X1,27"), &z));
    CHECK_EQ_U64(z.nconds, RSP_ZPOINT_MAX_CONDS);
}

static void test_vcont(void)
{
    struct rsp_vcont_action a[4];
    size_t n;
    CHECK(rsp_parse_vcont(S(";c"), a, 4, &n));
    CHECK(n == 1 && a[0].kind == 'c' && a[0].sig == 0 && !a[0].has_tid);
    CHECK(rsp_parse_vcont(S(";C05:p1.2;s:3;t"), a, 4, &n));
    CHECK(n == 3);
    CHECK(a[0].kind == 'c' && a[0].sig == 5 && a[0].has_tid && a[0].tid.pid == 1 &&
          a[0].tid.tid == 2);
    CHECK(a[1].kind == 's' && a[1].sig == 0 && a[1].has_tid && a[1].tid.tid == 3);
    CHECK(a[2].kind == 't' && !a[2].has_tid);
    CHECK(rsp_parse_vcont(S(";r1000,2000:5;S0b:-1;c"), a, 4, &n));
    CHECK(n == 3 && a[0].kind == 'r' && a[0].start == 0x1000 && a[0].end == 0x2000);
    CHECK(a[0].has_tid && a[0].tid.tid == 5);
    CHECK(a[1].kind == 's' && a[1].sig == 11 && a[1].tid.tid == -1);

    CHECK(!rsp_parse_vcont(S(""), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S("c"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";x"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";C"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";C100"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";c:"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";cx"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";r1000"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";r1000,"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";c;"), a, 4, &n));
    CHECK(!rsp_parse_vcont(S(";c;c;c;c;c"), a, 4, &n)); /* more than cap */
    CHECK(rsp_parse_vcont(S(";c;c;c;c"), a, 4, &n) && n == 4);
}

static void test_addr_len(void)
{
    uint64_t addr, len;
    size_t off;
    CHECK(rsp_parse_addr_len(S("7ffe1000,40"), &addr, &len));
    CHECK(addr == 0x7ffe1000 && len == 0x40);
    CHECK(!rsp_parse_addr_len(S("7ffe1000"), &addr, &len));
    CHECK(!rsp_parse_addr_len(S("7ffe1000,"), &addr, &len));
    CHECK(!rsp_parse_addr_len(S(",40"), &addr, &len));
    CHECK(!rsp_parse_addr_len(S("1,2,"), &addr, &len));
    CHECK(!rsp_parse_addr_len(S("10000000000000000,1"), &addr, &len));

    CHECK(rsp_parse_addr_len_data(S("1000,2:abcd"), &addr, &len, &off));
    CHECK(addr == 0x1000 && len == 2 && off == 7);
    CHECK(rsp_parse_addr_len_data(S("1000,0:"), &addr, &len, &off));
    CHECK(len == 0 && off == 7);
    CHECK(!rsp_parse_addr_len_data(S("1000,2"), &addr, &len, &off));
    CHECK(!rsp_parse_addr_len_data(S("1000:2"), &addr, &len, &off));
}

static void test_xfer_read(void)
{
    struct rsp_xfer x;
    CHECK(rsp_parse_xfer_read(S("features:read:target.xml:0,ffb"), &x));
    CHECK_MEM_STR(x.object, x.object_len, "features");
    CHECK_MEM_STR(x.annex, x.annex_len, "target.xml");
    CHECK(x.offset == 0 && x.length == 0xffb);
    CHECK(rsp_parse_xfer_read(S("auxv:read::10,20"), &x));
    CHECK_MEM_STR(x.object, x.object_len, "auxv");
    CHECK(x.annex_len == 0 && x.offset == 0x10 && x.length == 0x20);

    CHECK(!rsp_parse_xfer_read(S("auxv:write::10,20"), &x));
    CHECK(!rsp_parse_xfer_read(S(":read::10,20"), &x));
    CHECK(!rsp_parse_xfer_read(S("auxv:read:10,20"), &x));
    CHECK(!rsp_parse_xfer_read(S("auxv:read::10"), &x));
    CHECK(!rsp_parse_xfer_read(S("auxv:read::10,"), &x));
    CHECK(!rsp_parse_xfer_read(S("auxv:read::,20"), &x));
    CHECK(!rsp_parse_xfer_read(S("auxv:read::10,20x"), &x));
    CHECK(!rsp_parse_xfer_read(S("auxv"), &x));
    CHECK(!rsp_parse_xfer_read(S(""), &x));
}

static void test_xfer_write(void)
{
    struct rsp_xfer x;
    size_t off;
    CHECK(rsp_parse_xfer_write(S("siginfo:write::8:a:b"), &x, &off));
    CHECK_MEM_STR(x.object, x.object_len, "siginfo");
    CHECK(x.annex_len == 0 && x.offset == 8 && off == 17);
    CHECK(rsp_parse_xfer_write(S("obj:write:an:0:"), &x, &off));
    CHECK_MEM_STR(x.annex, x.annex_len, "an");
    CHECK(x.offset == 0 && off == 15);

    CHECK(!rsp_parse_xfer_write(S("siginfo:read::0,10"), &x, &off));
    CHECK(!rsp_parse_xfer_write(S(":write::0:"), &x, &off));
    CHECK(!rsp_parse_xfer_write(S("siginfo:write:"), &x, &off));
    CHECK(!rsp_parse_xfer_write(S("siginfo:write::"), &x, &off));
    CHECK(!rsp_parse_xfer_write(S("siginfo:write::8"), &x, &off));
    CHECK(!rsp_parse_xfer_write(S("siginfo:write::8,1"), &x, &off));
}

static void test_fields_and_prefix(void)
{
    const char *p = "multiprocess+;;swbreak+;xmlRegisters=i386;";
    size_t n = strlen(p), pos = 0, fl;
    const char *f;
    const char *want[] = {"multiprocess+", "", "swbreak+", "xmlRegisters=i386"};
    size_t k = 0;
    while (rsp_next_field(p, n, ';', &pos, &f, &fl)) {
        CHECK(k < 4);
        if (k < 4)
            CHECK_MEM_STR(f, fl, want[k]);
        k++;
    }
    CHECK_EQ_U64(k, 4);
    pos = 0;
    CHECK(!rsp_next_field(p, 0, ';', &pos, &f, &fl));
    pos = 0;
    CHECK(rsp_next_field("abc", 3, ';', &pos, &f, &fl));
    CHECK_MEM_STR(f, fl, "abc");
    CHECK(!rsp_next_field("abc", 3, ';', &pos, &f, &fl));

    CHECK(rsp_has_prefix(S("qXfer:features"), "qXfer:"));
    CHECK(rsp_has_prefix(S("vCont"), "vCont"));
    CHECK(!rsp_has_prefix(S("vCon"), "vCont"));
    CHECK(rsp_has_prefix(S(""), ""));
}

static void test_svr4_annex(void)
{
    struct rsp_svr4_annex a;
    CHECK(rsp_parse_svr4_annex(S(""), &a) && a.lmid == 0 && a.start == 0 && a.prev == 0);
    CHECK(rsp_parse_svr4_annex(S("lmid=7ffff7ffd0a0;start=555555559000;prev=7ffff7ffe2e0"), &a));
    CHECK_EQ_U64(a.lmid, 0x7ffff7ffd0a0);
    CHECK_EQ_U64(a.start, 0x555555559000);
    CHECK_EQ_U64(a.prev, 0x7ffff7ffe2e0);
    CHECK(rsp_parse_svr4_annex(S("start=10;other=zz;"), &a) && a.start == 0x10 && a.prev == 0);
    CHECK(!rsp_parse_svr4_annex(S("start=;"), &a));
    CHECK(!rsp_parse_svr4_annex(S("prev=1x"), &a));
    CHECK(!rsp_parse_svr4_annex(S("lmid=10000000000000000"), &a));
    CHECK(rsp_parse_svr4_annex("start=12", 7, &a) && a.start == 1); /* stops at n */
}

CHECK_MAIN(T(test_svr4_annex), T(test_tid), T(test_zpoint_plain),
           T(test_zpoint_conditions_and_commands), T(test_vcont), T(test_addr_len),
           T(test_xfer_read), T(test_xfer_write), T(test_fields_and_prefix))
