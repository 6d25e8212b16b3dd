/* Target of the raw-protocol microbenchmark: built -no-pie so the
 * address of nop_sled, a 24 KiB run of nops in .text, is known from the
 * symbol table. The client plants up to 12,000 breakpoints there without
 * ever running into them. Usage: rsp_target */
__asm__(".text\n"
        ".globl nop_sled\n"
        ".type nop_sled, @function\n"
        "nop_sled:\n"
        ".fill 24576, 1, 0x90\n"
        "ret\n"
        ".size nop_sled, . - nop_sled\n");

int main(void)
{
    return 0;
}
