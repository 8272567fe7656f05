/* A tiny unit-test harness: CHECK records a failure and goes on; every
 * test program ends with LW_TEST_END, which prints "N passed, N failed". */
#ifndef LW_TEST_H
#define LW_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_pools.h>

static int lw_t_pass, lw_t_fail;

#define CHECK(cond) do { \
        if (cond) lw_t_pass++; \
        else { lw_t_fail++; \
               fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

#define CHECK_STR(got, want) do { \
        const char *g_ = (got), *w_ = (want); \
        if (g_ && w_ && strcmp(g_, w_) == 0) lw_t_pass++; \
        else { lw_t_fail++; \
               fprintf(stderr, "%s:%d: FAIL: %s: got \"%s\", want \"%s\"\n", \
                       __FILE__, __LINE__, #got, g_ ? g_ : "(null)", \
                       w_ ? w_ : "(null)"); } \
    } while (0)

#define LW_TEST_BEGIN(pool) \
    apr_pool_t *pool; \
    apr_initialize(); \
    apr_pool_create(&pool, NULL)

#define LW_TEST_END() do { \
        printf("%s: %d passed, %d failed\n", __FILE__, lw_t_pass, lw_t_fail); \
        apr_terminate(); \
        return lw_t_fail ? 1 : 0; \
    } while (0)

/* Source tree root (for test data), from $LW_SRCDIR or ".". */
static inline const char *lw_test_srcdir(void)
{
    const char *s = getenv("LW_SRCDIR");
    return s ? s : ".";
}

#endif
