/* lw_tally: counting, threshold crossing once per window, blocking and
 * expiry, LRU eviction when full, attach from a copy of the region. */
#include <stdlib.h>
#include "lw_test.h"
#include "lw_tally.h"

static lw_addr_t addr(const char *s)
{
    lw_addr_t a;
    memset(&a, 0, sizeof(a));
    if (!lw_addr_parse(s, strlen(s), &a))
        fprintf(stderr, "bad test address %s\n", s);
    return a;
}

int main(void)
{
    LW_TEST_BEGIN(pool);
    apr_size_t size = lw_tally_size(4);
    void *mem = apr_pcalloc(pool, size);
    lw_tally_t *t = lw_tally_init(mem, size);
    lw_tally_entry_t *e, top[8];
    lw_tally_stats_t st;
    lw_addr_t a = addr("174.121.218.75"), b = addr("2001:db8::1");
    lw_addr_t mapped = addr("::ffff:174.121.218.75");
    apr_interval_time_t day = apr_time_from_sec(86400);
    apr_time_t now = apr_time_from_sec(1000000);
    int crossed, i, ncrossed = 0;
    char buf[LW_ADDR_STRLEN];

    CHECK(t != NULL);
    CHECK(lw_tally_init(mem, 8) == NULL);
    CHECK(lw_tally_attach(mem, size) == t);
    CHECK(lw_tally_attach(apr_pcalloc(pool, size), size) == NULL);

    /* The third attack crosses a threshold of 3, and only the third. */
    for (i = 0; i < 5; i++) {
        e = lw_tally_hit(t, &a, 1u << LW_CAT_LFI, now + i, 3, day, &crossed);
        ncrossed += crossed;
        if (i == 2) CHECK(crossed == 1);
    }
    CHECK(ncrossed == 1);
    CHECK(e->attacks == 5 && e->total == 5 && e->by_cat[LW_CAT_LFI] == 5);

    /* An IPv4-mapped IPv6 address is the same source. */
    e = lw_tally_hit(t, &mapped, 1u << LW_CAT_RFI, now + 10, 3, day, &crossed);
    CHECK(e->attacks == 6 && e->by_cat[LW_CAT_RFI] == 1 && crossed == 0);

    /* A new window starts over and can cross again. */
    ncrossed = 0;
    for (i = 0; i < 3; i++) {
        e = lw_tally_hit(t, &a, 1u << LW_CAT_SQLI, now + day + 100 + i, 3, day,
                         &crossed);
        ncrossed += crossed;
    }
    CHECK(ncrossed == 1 && e->attacks == 3 && e->by_cat[LW_CAT_LFI] == 0);
    CHECK(e->total == 9);

    /* Blocking, refusals, expiry. */
    CHECK(lw_tally_blocked_count(t) == 0);
    lw_tally_block(t, e, now + 500);
    CHECK(lw_tally_blocked_count(t) == 1);
    CHECK(lw_tally_check_block(t, &a, now + 499) == 1);
    CHECK(lw_tally_check_block(t, &b, now + 499) == 0);
    CHECK(lw_tally_find(t, &a)->refused == 1);
    CHECK(lw_tally_check_block(t, &a, now + 500) == 0);
    CHECK(lw_tally_blocked_count(t) == 0);

    /* Top sources, most attacks first. */
    lw_tally_hit(t, &b, 1u << LW_CAT_XSS, now, 3, day, &crossed);
    CHECK(lw_tally_top(t, top, 8) == 2);
    lw_addr_format(&top[0].addr, buf, sizeof(buf));
    CHECK_STR(buf, "174.121.218.75");
    CHECK(top[0].attacks == 3 && top[1].attacks == 1);
    CHECK(lw_tally_top(t, top, 1) == 1 && top[0].attacks == 3);

    /* Fill the table: the least recently seen source that is not blocked
     * goes; a blocked one stays however old. */
    lw_tally_block(t, lw_tally_find(t, &b), now + 1000);
    lw_tally_hit(t, &a, 1u << LW_CAT_XSS, now + 1, 3, day, &crossed);
    {
        lw_addr_t c = addr("10.0.0.1"), d = addr("10.0.0.2"),
                  f = addr("10.0.0.3"), g = addr("10.0.0.4");
        lw_tally_hit(t, &c, 1, now + 2, 3, day, &crossed);
        lw_tally_hit(t, &d, 1, now + 3, 3, day, &crossed);
        lw_tally_stats(t, &st);
        CHECK(st.slots == 4 && st.used == 4 && st.evictions == 0);
        lw_tally_hit(t, &f, 1, now + 4, 3, day, &crossed);   /* evicts a */
        lw_tally_stats(t, &st);
        CHECK(st.used == 4 && st.evictions == 1);
        CHECK(lw_tally_find(t, &a) == NULL);
        CHECK(lw_tally_find(t, &b) != NULL && lw_tally_find(t, &f) != NULL);
        CHECK(lw_tally_blocked_count(t) == 1);
        CHECK(lw_tally_check_block(t, &b, now + 5) == 1);
        /* The blocked source shows in the top list too. */
        CHECK(lw_tally_top(t, top, 8) == 4);

        /* Every slot blocked: a new source is not counted, nobody is
         * unblocked. */
        lw_tally_block(t, lw_tally_find(t, &c), now + 100);
        lw_tally_block(t, lw_tally_find(t, &d), now + 2000);
        lw_tally_block(t, lw_tally_find(t, &f), now + 2000);
        CHECK(lw_tally_blocked_count(t) == 4);
        CHECK(lw_tally_hit(t, &a, 1, now + 6, 3, day, &crossed) == NULL
              && crossed == 0);
        lw_tally_stats(t, &st);
        CHECK(st.full == 1 && st.evictions == 1 && st.used == 4);
        CHECK(lw_tally_check_block(t, &c, now + 7) == 1);
        /* Once a block is over its slot can go, even if the source never
         * came back to have it cleared. */
        e = lw_tally_hit(t, &g, 1, now + 100, 3, day, &crossed);
        CHECK(e != NULL && lw_tally_find(t, &c) == NULL);
        CHECK(lw_tally_blocked_count(t) == 3);
        CHECK(lw_tally_check_block(t, &b, now + 101) == 1);
        CHECK(lw_tally_check_block(t, &d, now + 101) == 1);
        CHECK(lw_tally_check_block(t, &f, now + 101) == 1);
        /* Unblocked (as when it comes back after its block), a source is
         * evictable again, and counts as just seen. */
        lw_tally_block(t, lw_tally_find(t, &d), 0);
        CHECK(lw_tally_hit(t, &a, 1, now + 102, 3, day, &crossed) != NULL);
        CHECK(lw_tally_find(t, &g) == NULL && lw_tally_find(t, &d) != NULL);
        CHECK(lw_tally_hit(t, &g, 1, now + 103, 3, day, &crossed) != NULL);
        CHECK(lw_tally_find(t, &d) == NULL && lw_tally_find(t, &a) != NULL);
        CHECK(lw_tally_blocked_count(t) == 2);
    }

    /* A copy of the region attaches and holds the same data (shm remaps). */
    {
        void *copy = malloc(size);
        lw_tally_t *t2;
        memcpy(copy, mem, size);
        t2 = lw_tally_attach(copy, size);
        CHECK(t2 != NULL && lw_tally_find(t2, &a) != NULL
              && lw_tally_find(t2, &a)->total == 1);
        free(copy);
    }
    LW_TEST_END();
}
