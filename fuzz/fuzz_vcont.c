/* libFuzzer target: resume requests: vCont actions and the arguments of c/C/s/S.
 * Seeds: fuzz/corpus/vcont. */
#include "fuzz_common.h"
#include "rsp_args.h"
#include "rsp_parse.h"

static void vcont(const char *p, size_t n)
{
    struct rsp_vcont_action acts[8];
    size_t count;
    if (!rsp_parse_vcont(p, n, acts, 8, &count))
        return;
    REQUIRE(count >= 1 && count <= 8);
    for (size_t i = 0; i < count; i++) {
        REQUIRE(acts[i].kind == 'c' || acts[i].kind == 's' || acts[i].kind == 't' ||
                acts[i].kind == 'r');
        REQUIRE(acts[i].sig >= 0 && acts[i].sig <= 0xff);
    }
}

static void resume(const char *p, size_t n, bool with_sig)
{
    struct rsp_resume_args ra;
    if (rsp_parse_resume_args(p, n, with_sig, &ra))
        REQUIRE(ra.sig >= 0 && ra.sig <= 0xff && (with_sig || ra.sig == 0));
}

static void plain(const char *p, size_t n)
{
    resume(p, n, false);
}

static void with_sig(const char *p, size_t n)
{
    resume(p, n, true);
}

/* "vCont?" is answered without parsing; "vCont" routes keep the ';' the parser expects. */
FUZZ_ROUTES({"vCont", vcont}, {"c", plain}, {"s", plain}, {"C", with_sig}, {"S", with_sig})
