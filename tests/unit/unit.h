/*
 * unit.h — a minimal unit-test harness.  Each test binary prints one line
 * per check ("ok - name" / "not ok - name: detail") and, last, a line
 * "N passed, N failed"; it exits non-zero when anything failed.
 *
 *   TEST(name) { CHECK(expr); CHECK_STR(a, b); CHECK_INT(a, b); }
 *   int main(void) { RUN(name); ... return unit_done(); }
 */
#ifndef GW_UNIT_H
#define GW_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed, unit_cur_failed;
static const char *unit_cur;

#define TEST(name) static void name(void)
#define RUN(name)                                                              \
    do {                                                                       \
        unit_cur = #name;                                                      \
        unit_cur_failed = 0;                                                   \
        name();                                                                \
        if (unit_cur_failed) {                                                 \
            unit_failed++;                                                     \
        } else {                                                               \
            unit_passed++;                                                     \
            printf("ok - %s\n", #name);                                        \
        }                                                                      \
    } while (0)

#define UNIT_FAIL(...)                                                         \
    do {                                                                       \
        printf("not ok - %s (%s:%d): ", unit_cur, __FILE__, __LINE__);         \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
        unit_cur_failed = 1;                                                   \
    } while (0)

#define CHECK(e)                                                               \
    do {                                                                       \
        if (!(e))                                                              \
            UNIT_FAIL("%s", #e);                                               \
    } while (0)

#define CHECK_INT(a, b)                                                        \
    do {                                                                       \
        long long ua_ = (long long)(a), ub_ = (long long)(b);                  \
        if (ua_ != ub_)                                                        \
            UNIT_FAIL("%s == %lld, expected %lld", #a, ua_, ub_);              \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *sa_ = (a), *sb_ = (b);                                     \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0)                             \
            UNIT_FAIL("%s == \"%s\", expected \"%s\"", #a, sa_ ? sa_ : "(null)", \
                      sb_ ? sb_ : "(null)");                                   \
    } while (0)

static int unit_done(void)
{
    printf("%d passed, %d failed\n", unit_passed, unit_failed);
    return unit_failed ? 1 : 0;
}

#endif
