/* Unit tests for proto/md5: RFC 1321's test suite, and a digest fed in uneven pieces. */
#include "check.h"
#include "md5.h"

static void hex(const uint8_t d[16], char out[33])
{
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void digest_of(const char *text, char out[33])
{
    struct md5 m;
    uint8_t d[16];
    md5_init(&m);
    md5_update(&m, text, strlen(text));
    md5_final(&m, d);
    hex(d, out);
}

static void test_rfc_suite(void)
{
    static const char *cases[][2] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"12345678901234567890123456789012345678901234567890"
         "123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
    };
    char out[33];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        digest_of(cases[i][0], out);
        CHECK_STR(out, cases[i][1]);
    }
}

static void test_pieces(void)
{
    char text[300], whole[33], pieces[33];
    for (int i = 0; i < 300; i++)
        text[i] = (char)('a' + i % 26);
    struct md5 m;
    uint8_t d[16];
    md5_init(&m);
    md5_update(&m, text, sizeof text);
    md5_final(&m, d);
    hex(d, whole);
    md5_init(&m);
    for (size_t off = 0, step = 1; off < sizeof text; off += step, step = step * 2 + 1)
        md5_update(&m, text + off, step < sizeof text - off ? step : sizeof text - off);
    md5_final(&m, d);
    hex(d, pieces);
    CHECK_STR(pieces, whole);
}

CHECK_MAIN(T(test_rfc_suite), T(test_pieces))
