/* lw_parse_number: the one number parser of the directives and options,
 * at its edges (empty, signs, blanks, units, overflow, range). */
#include "lw_test.h"
#include "lw.h"

int main(void)
{
    LW_TEST_BEGIN(pool);
    const apr_uint64_t max = ~(apr_uint64_t)0;
    apr_uint64_t v = 7;

    (void)pool;
    CHECK(lw_parse_number("0", LW_NUM_PLAIN, 0, 10, &v) && v == 0);
    CHECK(lw_parse_number("10", LW_NUM_PLAIN, 0, 10, &v) && v == 10);
    CHECK(!lw_parse_number("11", LW_NUM_PLAIN, 0, 10, &v) && v == 10);
    CHECK(!lw_parse_number("0", LW_NUM_PLAIN, 1, 10, &v));
    CHECK(lw_parse_number("007", LW_NUM_PLAIN, 0, 10, &v) && v == 7);
    /* not numbers */
    CHECK(!lw_parse_number("", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number(NULL, LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("-1", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("+1", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number(" 1", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("1 ", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("0x10", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("1.5", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("k", LW_NUM_UNITS, 0, max, &v));
    /* units only when asked for, one letter, nothing after it */
    CHECK(!lw_parse_number("4k", LW_NUM_PLAIN, 0, max, &v));
    CHECK(lw_parse_number("4k", LW_NUM_UNITS, 0, max, &v) && v == 4096);
    CHECK(lw_parse_number("4K", LW_NUM_UNITS, 0, max, &v) && v == 4096);
    CHECK(lw_parse_number("3M", LW_NUM_UNITS, 0, max, &v)
          && v == 3u * 1024 * 1024);
    CHECK(lw_parse_number("2g", LW_NUM_UNITS, 0, max, &v)
          && v == (apr_uint64_t)2 << 30);
    CHECK(!lw_parse_number("4kb", LW_NUM_UNITS, 0, max, &v));
    CHECK(!lw_parse_number("4kk", LW_NUM_UNITS, 0, max, &v));
    CHECK(!lw_parse_number("4T", LW_NUM_UNITS, 0, max, &v));
    /* the largest value and one past it */
    CHECK(lw_parse_number("18446744073709551615", LW_NUM_PLAIN, 0, max, &v)
          && v == max);
    CHECK(!lw_parse_number("18446744073709551616", LW_NUM_PLAIN, 0, max, &v));
    CHECK(!lw_parse_number("99999999999999999999999", LW_NUM_PLAIN, 0, max,
                           &v));
    /* overflow through the unit */
    CHECK(lw_parse_number("17179869183G", LW_NUM_UNITS, 0, max, &v)
          && v == (apr_uint64_t)17179869183 << 30);
    CHECK(!lw_parse_number("17179869184G", LW_NUM_UNITS, 0, max, &v));
    CHECK(lw_parse_number("9999999999999M", LW_NUM_UNITS, 0, max, &v)
          && v == (apr_uint64_t)9999999999999 << 20);
    CHECK(!lw_parse_number("99999999999999M", LW_NUM_UNITS, 0, max, &v));
    CHECK(!lw_parse_number("9999999999999M", LW_NUM_UNITS, 0, (apr_uint64_t)1 << 30, &v));
    CHECK(lw_parse_number("1024M", LW_NUM_UNITS, 0, (apr_uint64_t)1 << 30, &v)
          && v == (apr_uint64_t)1 << 30);
    CHECK(!lw_parse_number("1025M", LW_NUM_UNITS, 0, (apr_uint64_t)1 << 30, &v));
    LW_TEST_END();
}
