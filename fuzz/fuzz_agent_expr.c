/* libFuzzer target: arbitrary bytecode through the agent-expression evaluator and validator.
 * The evaluator must always terminate (step budget) without touching memory outside the code
 * (the input is copied to an exact-size heap block so ASan sees overreads), and code the
 * validator accepts must never fail for static reasons at run time. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "agent_expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *code = malloc(size ? size : 1);
    if (!code)
        return 0;
    memcpy(code, data, size);
    const struct ax_env env = {NULL, fuzz_read_mem, fuzz_read_reg, NULL};
    uint64_t r;
    int st = ax_eval(code, size, &env, &r);
    REQUIRE(st <= AX_OK && st >= AX_ERR_TOO_LONG);
    REQUIRE(ax_error_string(st) != NULL);
    int v = ax_validate(code, size);
    REQUIRE(v <= AX_OK && v >= AX_ERR_TOO_LONG);
    if (v == AX_OK)
        REQUIRE(st != AX_ERR_BAD_OPCODE && st != AX_ERR_UNSUPPORTED && st != AX_ERR_TRUNCATED &&
                st != AX_ERR_BAD_JUMP && st != AX_ERR_TOO_LONG);
    /* The validator only reports what can be seen without running the code. */
    REQUIRE(v == AX_OK || v == AX_ERR_BAD_JUMP || v == AX_ERR_BAD_OPCODE ||
            v == AX_ERR_UNSUPPORTED || v == AX_ERR_TRUNCATED || v == AX_ERR_TOO_LONG);
    free(code);
    return 0;
}
