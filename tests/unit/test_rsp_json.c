/* Unit tests for proto/rsp_json: jModulesInfo's request and JSON string bodies. */
#include <stdlib.h>

#include "check.h"
#include "rsp_json.h"

#define S(lit) lit, sizeof(lit) - 1

struct seen {
    char text[512];
    int count;
};

static void record(void *ctx, const char *file, const char *triple)
{
    struct seen *s = ctx;
    size_t len = strlen(s->text);
    snprintf(s->text + len, sizeof s->text - len, "%s|%s;", file, triple);
    s->count++;
}

static int parse(const char *p, size_t n, struct seen *s, size_t cap)
{
    char file[64], triple[32];
    memset(s, 0, sizeof *s);
    return rsp_json_modules_request(p, n, file, cap < sizeof file ? cap : sizeof file, triple,
                                    sizeof triple, record, s);
}

static void test_modules(void)
{
    struct seen s;
    CHECK(parse(S("[{\"file\":\"/a\",\"triple\":\"x\"},{\"triple\":\"y\",\"file\":\"/b\"}]"), &s,
                64) == RSP_JSON_OK);
    CHECK_STR(s.text, "/a|x;/b|y;");
    CHECK(parse(S(" [ ] "), &s, 64) == RSP_JSON_OK && s.count == 0);
    /* elements that are not objects, or lack a member, are skipped; other members ignored */
    CHECK(parse(S("[1,\"s\",null,[{}],{\"file\":\"/a\"},{\"x\":{\"file\":\"/n\"},\"file\":\"/c\","
                  "\"triple\":\"t\",\"y\":[true,false,-1.5e3]}]"),
                &s, 64) == RSP_JSON_OK);
    CHECK_STR(s.text, "/c|t;");
    /* escapes decoded: \u0041, a surrogate pair (U+1F600), \n */
    CHECK(parse(S("[{\"file\":\"/\\u0041\\ud83d\\ude00\\n\\\"\",\"triple\":\"t\"}]"), &s, 64) ==
          RSP_JSON_OK);
    CHECK_STR(s.text, "/A\xf0\x9f\x98\x80\n\"|t;");
    /* a path longer than its buffer: skipped, not cut */
    CHECK(parse(S("[{\"file\":\"/abcdef\",\"triple\":\"t\"},{\"file\":\"/ab\",\"triple\":\"t\"}]"),
                &s, 4) == RSP_JSON_OK);
    CHECK_STR(s.text, "/ab|t;");
}

static void test_bad_requests(void)
{
    struct seen s;
    CHECK(parse(S("{\"file\":\"/a\",\"triple\":\"x\"}"), &s, 64) == RSP_JSON_NOT_ARRAY);
    CHECK(parse(S("\"x\""), &s, 64) == RSP_JSON_NOT_ARRAY);
    CHECK(parse(S(""), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("garbage"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[{\"file\":\"/a\",\"triple\":\"x\"}"), &s, 64) == RSP_JSON_BAD);
    CHECK(s.count == 0); /* checked whole before any element is reported */
    CHECK(parse(S("[{\"file\":\"/a\",\"triple\":\"x\"}] x"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[1,]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[{\"a\" 1}]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[\"\\x\"]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[\"\\u12\"]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[\"a\nb\"]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[tru]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[-]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse(S("[1.]"), &s, 64) == RSP_JSON_BAD);
    CHECK(parse("[1]", 2, &s, 64) == RSP_JSON_BAD); /* stops at n */
    char deep[100];
    memset(deep, '[', 50);
    memset(deep + 50, ']', 50);
    CHECK(parse(deep, sizeof deep, &s, 64) == RSP_JSON_BAD); /* nesting is bounded */
    CHECK(parse(deep + 20, 60, &s, 64) == RSP_JSON_OK);
}

static void test_json_text(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_buf_json_text(&b, "a\"b\\c\n\x01");
    CHECK_MEM_STR(b.data, b.len, "a\\\"b\\\\c\\u000a\\u0001");
    rsp_buf_free(&b);
}

CHECK_MAIN(T(test_modules), T(test_bad_requests), T(test_json_text))
