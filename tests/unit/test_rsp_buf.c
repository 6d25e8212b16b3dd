/* Unit tests for proto/rsp_buf: growth, formatting, hex helpers and escaping. */
#include <stdlib.h>

#include "check.h"
#include "rsp_buf.h"

static void test_put_and_reset_keep_capacity(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        rsp_buf_putc(&b, 'a');
    CHECK_EQ_U64(b.len, 1000);
    CHECK(b.data[1000] == '\0');
    size_t cap = b.cap;
    rsp_buf_reset(&b);
    CHECK_EQ_U64(b.len, 0);
    CHECK_EQ_U64(b.cap, cap);
    rsp_buf_puts(&b, "OK");
    CHECK_STR(b.data, "OK");
    rsp_buf_free(&b);
    CHECK(b.data == NULL);
}

static void test_printf_and_hex(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_buf_printf(&b, "T%02x", 5);
    rsp_buf_hex_u64(&b, 0);
    rsp_buf_putc(&b, ';');
    rsp_buf_hex_u64(&b, 0xdeadbeefcafe1234ULL);
    rsp_buf_putc(&b, ';');
    rsp_buf_hex_u64(&b, UINT64_MAX);
    rsp_buf_putc(&b, ';');
    const uint8_t bytes[] = {0x00, 0x0f, 0xa0, 0xff};
    rsp_buf_hex_bytes(&b, bytes, sizeof bytes);
    rsp_buf_putc(&b, ';');
    rsp_buf_hex_str(&b, "hi");
    CHECK_STR(b.data, "T050;deadbeefcafe1234;ffffffffffffffff;000fa0ff;6869");
    /* A long printf forces growth inside the formatting path. */
    rsp_buf_reset(&b);
    rsp_buf_printf(&b, "%0300d", 7);
    CHECK_EQ_U64(b.len, 300);
    CHECK(b.data[299] == '7');
    rsp_buf_free(&b);
}

static void test_hex_val(void)
{
    CHECK(rsp_hex_val('0') == 0);
    CHECK(rsp_hex_val('9') == 9);
    CHECK(rsp_hex_val('a') == 10);
    CHECK(rsp_hex_val('F') == 15);
    CHECK(rsp_hex_val('g') == -1);
    CHECK(rsp_hex_val(':') == -1);
    CHECK(rsp_hex_val(0) == -1);
}

static void test_parse_hex_u64(void)
{
    uint64_t v;
    size_t used;
    CHECK(rsp_parse_hex_u64("1aF,", 4, &v, &used));
    CHECK_EQ_U64(v, 0x1af);
    CHECK_EQ_U64(used, 3);
    CHECK(rsp_parse_hex_u64("ffffffffffffffff", 16, &v, &used));
    CHECK_EQ_U64(v, UINT64_MAX);
    /* Leading zeros are not an overflow. */
    CHECK(rsp_parse_hex_u64("00000000000000000001", 20, &v, &used));
    CHECK_EQ_U64(v, 1);
    CHECK(!rsp_parse_hex_u64("10000000000000000", 17, &v, &used));
    CHECK(!rsp_parse_hex_u64(",1", 2, &v, &used));
    CHECK_EQ_U64(used, 0);
    CHECK(!rsp_parse_hex_u64("", 0, &v, &used));
    /* Never reads past n. */
    CHECK(rsp_parse_hex_u64("12345", 2, &v, &used));
    CHECK_EQ_U64(v, 0x12);
}

static void test_hex_decode(void)
{
    uint8_t out[3];
    CHECK(rsp_hex_decode("00fFa5", 6, out, 3));
    CHECK(out[0] == 0 && out[1] == 0xff && out[2] == 0xa5);
    CHECK(!rsp_hex_decode("00ff", 4, out, 3));
    CHECK(!rsp_hex_decode("0g", 2, out, 1));
    CHECK(!rsp_hex_decode("0", 1, out, 1));
    CHECK(rsp_hex_decode("", 0, out, 0));
}

static void test_escape_round_trip_all_bytes(void)
{
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_buf_escaped(&b, all, sizeof all);
    CHECK_EQ_U64(b.len, 256 + 4);
    for (size_t i = 0; i < b.len; i++) {
        char c = b.data[i];
        CHECK(c != '#' && c != '$' && c != '*');
        if (c == '}') /* every '}' starts a pair */
            i++;
    }
    size_t n = rsp_unescape((uint8_t *)b.data, b.len);
    CHECK_EQ_U64(n, 256);
    CHECK(memcmp(b.data, all, 256) == 0);
    rsp_buf_free(&b);
}

static void test_unescape(void)
{
    uint8_t a[] = "a}\x03}]";
    CHECK_EQ_U64(rsp_unescape(a, 5), 3);
    CHECK(a[0] == 'a' && a[1] == '#' && a[2] == '}');
    uint8_t d[] = "ab}";
    CHECK(rsp_unescape(d, 3) == (size_t)-1);
    CHECK_EQ_U64(rsp_unescape(d, 0), 0);
}

static void test_xml_text(void)
{
    struct rsp_buf b;
    rsp_buf_init(&b);
    rsp_buf_xml_text(&b, "a<b>&\"c\"/lib.so");
    CHECK_MEM_STR(b.data, b.len, "a&lt;b&gt;&amp;&quot;c&quot;/lib.so");
    rsp_buf_free(&b);
}

CHECK_MAIN(T(test_xml_text), T(test_put_and_reset_keep_capacity), T(test_printf_and_hex),
           T(test_hex_val), T(test_parse_hex_u64), T(test_hex_decode),
           T(test_escape_round_trip_all_bytes), T(test_unescape))
