/* AVX-512 state for the debugger to read and change: zmm16 and k1 are loaded with known values,
 * the program stops at a marked line, then stores what the registers hold and prints it. Built
 * without -mavx512f, so the compiler itself never touches zmm16-31 or the opmask registers. */
#include <inttypes.h>
#include <stdio.h>

static const uint64_t zmm16_in[8] = {
    0x1111111111111111ull, 0x2222222222222222ull, 0x3333333333333333ull, 0x4444444444444444ull,
    0x5555555555555555ull, 0x6666666666666666ull, 0x7777777777777777ull, 0x8888888888888888ull,
};
static uint64_t zmm16_out[8];

int main(void)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) {
        puts("no avx512f");
        return 2;
    }
    __asm__ volatile("vmovdqu64 %0, %%zmm16" : : "m"(zmm16_in));
    __asm__ volatile("kmovw %0, %%k1" : : "r"(0x5a5au));
    uint32_t k1 = 0; /* @loaded */
    __asm__ volatile("vmovdqu64 %%zmm16, %0" : "=m"(zmm16_out));
    __asm__ volatile("kmovw %%k1, %0" : "=r"(k1));
    printf("zmm16=");
    for (int i = 7; i >= 0; i--)
        printf("%016" PRIx64, zmm16_out[i]);
    printf(" k1=%#x\n", k1);
    return 0;
}
