/* check.h: a tiny unit-test harness shared by tests/unit/test_*.c.
 * A test is a `static void fn(void)` that uses the CHECK macros; a failing check prints its
 * location and lets the test go on, so one run shows every failure. CHECK_MAIN(T(a), T(b))
 * defines main(), which runs the tests, prints "N passed, N failed" (tests, not checks) and
 * exits non-zero when anything failed, as ctest expects. */
#ifndef ZSTUB_CHECK_H
#define ZSTUB_CHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int check_failed_checks;

/* Only the first failures are printed: a check inside a loop can otherwise flood the log. */
#define CHECK_MAX_PRINTED 50

#define CHECK_FAIL_AT(...)                                                                         \
    do {                                                                                           \
        if (++check_failed_checks <= CHECK_MAX_PRINTED) {                                          \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            CHECK_FAIL_AT("CHECK(%s) failed", #cond);                                              \
    } while (0)

#define CHECK_EQ_U64(a, b)                                                                         \
    do {                                                                                           \
        uint64_t check_a_ = (uint64_t)(a), check_b_ = (uint64_t)(b);                               \
        if (check_a_ != check_b_)                                                                  \
            CHECK_FAIL_AT("%s == %s failed: 0x%" PRIx64 " != 0x%" PRIx64, #a, #b, check_a_,        \
                          check_b_);                                                               \
    } while (0)

#define CHECK_EQ_I64(a, b)                                                                         \
    do {                                                                                           \
        int64_t check_a_ = (int64_t)(a), check_b_ = (int64_t)(b);                                  \
        if (check_a_ != check_b_)                                                                  \
            CHECK_FAIL_AT("%s == %s failed: %" PRId64 " != %" PRId64, #a, #b, check_a_, check_b_); \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                                               \
        if (strcmp(check_a_, check_b_) != 0)                                                       \
            CHECK_FAIL_AT("%s == %s failed: \"%s\" != \"%s\"", #a, #b, check_a_, check_b_);        \
    } while (0)

/* Compares a (pointer, length) view with a C string, e.g. a parsed field. */
#define CHECK_MEM_STR(p, n, s)                                                                     \
    do {                                                                                           \
        const char *check_p_ = (const char *)(p), *check_s_ = (s);                                 \
        size_t check_n_ = (n);                                                                     \
        if (check_n_ != strlen(check_s_) || memcmp(check_p_, check_s_, check_n_) != 0)             \
            CHECK_FAIL_AT("%s == \"%s\" failed: got \"%.*s\"", #p, check_s_, (int)check_n_,        \
                          check_p_);                                                               \
    } while (0)

struct check_test {
    const char *name;
    void (*fn)(void);
};

#define T(fn)                                                                                      \
    {                                                                                              \
#fn, fn                                                                                    \
    }

static inline int check_run(const struct check_test *tests, size_t n)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        int before = check_failed_checks;
        tests[i].fn();
        if (check_failed_checks == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", tests[i].name);
        }
    }
    if (check_failed_checks > CHECK_MAX_PRINTED)
        fprintf(stderr, "(%d more failed checks not shown)\n",
                check_failed_checks - CHECK_MAX_PRINTED);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define CHECK_MAIN(...)                                                                            \
    int main(void)                                                                                 \
    {                                                                                              \
        static const struct check_test check_tests_[] = {__VA_ARGS__};                             \
        return check_run(check_tests_, sizeof check_tests_ / sizeof check_tests_[0]);              \
    }

#endif
