/* md5: RFC 1321. The 64 additive constants are floor(|sin(i + 1)| * 2^32), as the RFC defines
 * them; the rotation amounts and round functions are the RFC's too. */
#include "md5.h"

#include <math.h>
#include <string.h>

static const uint8_t shifts[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static uint32_t rotl(uint32_t x, unsigned c)
{
    return (x << c) | (x >> (32 - c));
}

static uint32_t sine_constant(unsigned i)
{
    return (uint32_t)(fabs(sin((double)(i + 1))) * 4294967296.0);
}

static void transform(uint32_t state[4], const uint8_t block[64])
{
    uint32_t w[16];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)block[4 * i] | (uint32_t)block[4 * i + 1] << 8 |
               (uint32_t)block[4 * i + 2] << 16 | (uint32_t)block[4 * i + 3] << 24;
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    for (unsigned i = 0; i < 64; i++) {
        uint32_t f;
        unsigned g, round = i / 16;
        switch (round) {
        case 0:
            f = (b & c) | (~b & d);
            g = i;
            break;
        case 1:
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
            break;
        case 2:
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
            break;
        default:
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
            break;
        }
        uint32_t next = b + rotl(a + f + sine_constant(i) + w[g], shifts[round][i % 4]);
        a = d;
        d = c;
        c = b;
        b = next;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

void md5_init(struct md5 *m)
{
    memset(m, 0, sizeof *m);
    m->state[0] = 0x67452301;
    m->state[1] = 0xefcdab89;
    m->state[2] = 0x98badcfe;
    m->state[3] = 0x10325476;
}

void md5_update(struct md5 *m, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n > 0) {
        size_t used = (size_t)(m->total % 64), take = 64 - used < n ? 64 - used : n;
        memcpy(m->block + used, p, take);
        m->total += take;
        p += take;
        n -= take;
        if (used + take == 64)
            transform(m->state, m->block);
    }
}

void md5_final(struct md5 *m, uint8_t digest[16])
{
    uint64_t bits = m->total * 8;
    static const uint8_t pad[64] = {0x80};
    size_t used = (size_t)(m->total % 64);
    md5_update(m, pad, used < 56 ? 56 - used : 120 - used);
    uint8_t len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (8 * i));
    md5_update(m, len, 8);
    for (int i = 0; i < 16; i++)
        digest[i] = (uint8_t)(m->state[i / 4] >> (8 * (i % 4)));
}
