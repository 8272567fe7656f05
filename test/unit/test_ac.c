/* Unit tests of the Aho-Corasick prefilter (lw_ac.c). */
#include <stdlib.h>
#include <ctype.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_ac.h"

#define MAXID 64

typedef struct {
    int count[MAXID];     /* reports per id */
    int total;
    int stop_after;       /* stop the scan after this many reports; 0 never */
} hits_t;

static int on_found(apr_uint32_t id, void *ctx)
{
    hits_t *h = ctx;

    if (id < MAXID)
        h->count[id]++;
    h->total++;
    return h->stop_after && h->total >= h->stop_after;
}

static lw_ac_t *build(apr_pool_t *p, const char *const *pats,
                      const apr_uint32_t *ids, int n)
{
    apr_size_t len[64];
    int i;

    for (i = 0; i < n; i++)
        len[i] = strlen(pats[i]);
    return lw_ac_build(p, pats, len, ids, n);
}

static hits_t scan(const lw_ac_t *ac, const char *text)
{
    hits_t h;

    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, text, strlen(text), on_found, &h);
    return h;
}

/* The reference: at each end position, every distinct id among the
 * patterns ending there is reported once. */
static void naive(const char *const *pats, const apr_size_t *plen,
                  const apr_uint32_t *ids, int n, const char *text,
                  apr_size_t len, int *count)
{
    apr_size_t end;
    int i, j, seen[MAXID];

    for (end = 1; end <= len; end++) {
        memset(seen, 0, sizeof(seen));
        for (i = 0; i < n; i++) {
            apr_size_t k, L = plen[i];
            if (L == 0 || L > end)
                continue;
            for (k = 0; k < L; k++)
                if (tolower((unsigned char)text[end - L + k])
                    != tolower((unsigned char)pats[i][k]))
                    break;
            if (k == L)
                seen[ids[i]] = 1;
        }
        for (j = 0; j < MAXID; j++)
            count[j] += seen[j];
    }
}

static void test_basic(apr_pool_t *p)
{
    static const char *const pats[] = { "he", "she", "his", "hers" };
    static const apr_uint32_t ids[] = { 1, 2, 3, 4 };
    lw_ac_t *ac = build(p, pats, ids, 4);
    hits_t h;

    CHECK(ac != NULL);
    CHECK(lw_ac_size(ac) > 0);
    /* "ushers": she and he end at the same place, then hers. */
    h = scan(ac, "ushers");
    CHECK(h.count[1] == 1 && h.count[2] == 1 && h.count[4] == 1);
    CHECK(h.count[3] == 0 && h.total == 3);
    h = scan(ac, "nothing to see");
    CHECK(h.total == 0);
    h = scan(ac, "");
    CHECK(h.total == 0);
    /* Text given by length: bytes after len are ignored. */
    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, "hishe", 3, on_found, &h);
    CHECK(h.count[3] == 1 && h.total == 1);
    /* NULL text with zero length is an empty scan, not a crash. */
    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, NULL, 0, on_found, &h);
    CHECK(h.total == 0);
}

static void test_case_and_binary(apr_pool_t *p)
{
    static const char *const pats[] = { "UNION", "select", "<ScRiPt",
                                        "\xc0\xae", "a\0b" };
    static const apr_uint32_t ids[] = { 1, 2, 3, 4, 5 };
    apr_size_t len[] = { 5, 6, 7, 2, 3 };
    lw_ac_t *ac = lw_ac_build(p, pats, len, ids, 5);
    hits_t h;

    CHECK(ac != NULL);
    h = scan(ac, "1 union SeLeCt 2");
    CHECK(h.count[1] == 1 && h.count[2] == 1 && h.total == 2);
    h = scan(ac, "<SCRIPT>alert(1)</script>");
    CHECK(h.count[3] == 1 && h.total == 1);
    /* Only ASCII letters fold: 0xe0 is not 0xc0. */
    h = scan(ac, "x\xc0\xae\xe0\xae");
    CHECK(h.count[4] == 1 && h.total == 1);
    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, "xA\0Bx", 5, on_found, &h);
    CHECK(h.count[5] == 1 && h.total == 1);
}

static void test_suffixes_and_shared_ids(apr_pool_t *p)
{
    /* "passwd" is a suffix of "etc/passwd"; both ids must come out at
     * the shared end. ids 7 is shared by two unrelated patterns, and by
     * a pattern that is a suffix of the other (reported once there). */
    static const char *const pats[] = { "etc/passwd", "passwd", "../",
                                        "..\\", "select", "elect" };
    static const apr_uint32_t ids[] = { 1, 2, 7, 7, 9, 9 };
    lw_ac_t *ac = build(p, pats, ids, 6);
    hits_t h;

    CHECK(ac != NULL);
    h = scan(ac, "/../..\\etc/passwd");
    CHECK(h.count[1] == 1);
    CHECK(h.count[2] == 1);
    CHECK(h.count[7] == 2);
    CHECK(h.total == 4);
    /* select and elect end at the same byte: one report of id 9. */
    h = scan(ac, "SELECT");
    CHECK(h.count[9] == 1 && h.total == 1);
    h = scan(ac, "elect select");
    CHECK(h.count[9] == 2);
}

static void test_overlaps(apr_pool_t *p)
{
    static const char *const pats[] = { "aa", "aaa", "a" };
    static const apr_uint32_t ids[] = { 1, 2, 3 };
    lw_ac_t *ac = build(p, pats, ids, 3);
    hits_t h;

    CHECK(ac != NULL);
    h = scan(ac, "aaaa");
    CHECK(h.count[3] == 4);   /* every a */
    CHECK(h.count[1] == 3);   /* overlapping aa */
    CHECK(h.count[2] == 2);   /* overlapping aaa */
    h = scan(ac, "AbAa");
    CHECK(h.count[3] == 3 && h.count[1] == 1 && h.count[2] == 0);
}

static void test_early_stop(apr_pool_t *p)
{
    static const char *const pats[] = { "x" };
    static const apr_uint32_t ids[] = { 5 };
    lw_ac_t *ac = build(p, pats, ids, 1);
    hits_t h;

    CHECK(ac != NULL);
    memset(&h, 0, sizeof(h));
    h.stop_after = 2;
    lw_ac_scan(ac, "xxxxxxxx", 8, on_found, &h);
    CHECK(h.total == 2);
    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, "xxxxxxxx", 8, on_found, &h);
    CHECK(h.total == 8);
}

static void test_degenerate(apr_pool_t *p)
{
    static const char *const pats[] = { "", "ab" };
    static const apr_uint32_t ids[] = { 1, 2 };
    apr_size_t len0 = 0;
    lw_ac_t *ac;
    hits_t h;

    CHECK(lw_ac_build(p, pats, &len0, ids, 0) == NULL);
    CHECK(lw_ac_build(p, pats, &len0, ids, 1) == NULL);  /* only empty */
    /* An empty pattern among others is ignored, not matched everywhere. */
    ac = build(p, pats, ids, 2);
    CHECK(ac != NULL);
    h = scan(ac, "xaby");
    CHECK(h.count[1] == 0 && h.count[2] == 1 && h.total == 1);
    CHECK(lw_ac_size(NULL) == 0);
    memset(&h, 0, sizeof(h));
    lw_ac_scan(NULL, "ab", 2, on_found, &h);
    CHECK(h.total == 0);
}

/* Random patterns against the naive reference. A small alphabet gives
 * many overlaps and shared prefixes and suffixes; a large one makes most
 * byte pairs begin no pattern, so the scan mostly skips (and must leave
 * and re-enter the automaton at the right places). */
static int random_round(apr_pool_t *p, const char *alpha, int nalpha,
                        int maxplen)
{
    char store[40][16];
    const char *pats[40];
    apr_size_t plen[40];
    apr_uint32_t ids[40];
    char text[300];
    int n = 1 + rand() % 40, i, j, want[MAXID], tlen;
    lw_ac_t *ac;
    hits_t h;

    for (i = 0; i < n; i++) {
        plen[i] = 1 + (apr_size_t)(rand() % maxplen);
        for (j = 0; j < (int)plen[i]; j++)
            store[i][j] = alpha[rand() % nalpha];
        pats[i] = store[i];
        ids[i] = (apr_uint32_t)(rand() % 20);
    }
    ac = lw_ac_build(p, pats, plen, ids, n);
    if (ac == NULL)
        return 1;
    tlen = rand() % 300;
    for (j = 0; j < tlen; j++)
        text[j] = (rand() % 10) ? alpha[rand() % nalpha] : (char)(rand() % 256);
    memset(want, 0, sizeof(want));
    naive(pats, plen, ids, n, text, (apr_size_t)tlen, want);
    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, text, (apr_size_t)tlen, on_found, &h);
    return memcmp(want, h.count, sizeof(want)) != 0;
}

static void test_random(apr_pool_t *p)
{
    static const char small[] = "abAB/.%";
    static const char large[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123/.%";
    int round, bad_small = 0, bad_large = 0;

    srand(12345);
    for (round = 0; round < 2000; round++)
        bad_small += random_round(p, small, (int)sizeof(small) - 1, 6);
    for (round = 0; round < 2000; round++)
        bad_large += random_round(p, large, (int)sizeof(large) - 1, 12);
    CHECK(bad_small == 0);
    CHECK(bad_large == 0);
}

/* Matches at the very start and end, one-byte patterns, a text of one
 * byte: the edges of the skipping scan. */
static void test_edges(apr_pool_t *p)
{
    static const char *const pats[] = { "q", "xy", "abc" };
    static const apr_uint32_t ids[] = { 1, 2, 3 };
    lw_ac_t *ac = build(p, pats, ids, 3);
    hits_t h;

    CHECK(ac != NULL);
    h = scan(ac, "q");
    CHECK(h.count[1] == 1 && h.total == 1);
    h = scan(ac, "zzq");
    CHECK(h.count[1] == 1 && h.total == 1);
    h = scan(ac, "xyzzzabc");
    CHECK(h.count[2] == 1 && h.count[3] == 1 && h.total == 2);
    h = scan(ac, "x");
    CHECK(h.total == 0);
    h = scan(ac, "aabcxxyq");
    CHECK(h.count[1] == 1 && h.count[2] == 1 && h.count[3] == 1);
    h = scan(ac, "abqc");
    CHECK(h.count[1] == 1 && h.count[3] == 0 && h.total == 1);
}

/* Long texts are scanned as two halves: a match must be found once
 * wherever it sits, across the cut too. */
static void test_split(apr_pool_t *p)
{
    static const char *const pats[] = { "abcdef", "f", "zz" };
    static const apr_uint32_t ids[] = { 1, 2, 3 };
    lw_ac_t *ac = build(p, pats, ids, 3);
    char text[301];
    int pos, len, bad = 0;

    CHECK(ac != NULL);
    for (len = 60; len <= 300; len += 37) {
        for (pos = 0; pos + 6 <= len; pos++) {
            hits_t h;
            memset(text, '.', (size_t)len);
            memcpy(text + pos, "ABCdef", 6);
            memset(&h, 0, sizeof(h));
            lw_ac_scan(ac, text, (apr_size_t)len, on_found, &h);
            if (h.count[1] != 1 || h.count[2] != 1 || h.total != 2)
                bad++;
        }
    }
    CHECK(bad == 0);
    /* Every position reports: 299 overlapping "zz" in 300 z. */
    {
        hits_t h;
        memset(text, 'z', 300);
        memset(&h, 0, sizeof(h));
        lw_ac_scan(ac, text, 300, on_found, &h);
        CHECK(h.count[3] == 299 && h.total == 299);
        /* Early stop inside the two-halves loop. */
        memset(&h, 0, sizeof(h));
        h.stop_after = 5;
        lw_ac_scan(ac, text, 300, on_found, &h);
        CHECK(h.total == 5);
    }
}

/* A realistic size: a few hundred literals of rule-like text. */
static void test_many(apr_pool_t *p)
{
    enum { N = 400 };
    const char *pats[N];
    apr_size_t plen[N];
    apr_uint32_t ids[N];
    lw_ac_t *ac;
    hits_t h;
    int i;

    for (i = 0; i < N; i++) {
        char *s = apr_psprintf(p, "kw%dz_%s", i, (i % 2) ? "select" : "../");
        pats[i] = s;
        plen[i] = strlen(s);
        ids[i] = (apr_uint32_t)(i % MAXID);
    }
    ac = lw_ac_build(p, pats, plen, ids, N);
    CHECK(ac != NULL);
    CHECK(lw_ac_size(ac) < 8u * 1024 * 1024);
    h = scan(ac, "GET /x?q=KW397Z_SELECT&r=kw12z_../");
    CHECK(h.count[397 % MAXID] == 1 && h.count[12] == 1 && h.total == 2);
    h = scan(ac, "kw39z_selec");
    CHECK(h.total == 0);
}

/* lw_ac_scan_bits against lw_ac_scan on random patterns and texts: with
 * no tags, the ids reported are the ids set; with tags, every id whose tag
 * meets the mask is set when reported, and nothing is set that was not
 * reported. */
static int bits_round(apr_pool_t *p, int tagged)
{
    static const char alpha[] = "abAB/.;(";
    char store[40][8];
    const char *pats[40];
    apr_size_t plen[40];
    apr_uint32_t ids[40], tags[MAXID];
    apr_uint64_t bits[MAXID / 64 + 1];
    char text[600];
    int n = 1 + rand() % 40, i, j, tlen, bad = 0;
    apr_uint32_t want = 1u << (rand() % 4);
    lw_ac_t *ac;
    hits_t h;

    for (i = 0; i < n; i++) {
        plen[i] = 1 + (apr_size_t)(rand() % 5);
        for (j = 0; j < (int)plen[i]; j++)
            store[i][j] = alpha[rand() % 8];
        pats[i] = store[i];
        ids[i] = (apr_uint32_t)(rand() % MAXID);
    }
    for (i = 0; i < MAXID; i++)
        tags[i] = (apr_uint32_t)(rand() % 16);
    ac = lw_ac_build(p, pats, plen, ids, n);
    if (ac == NULL || (tagged && lw_ac_tag(ac, p, tags, MAXID) != 0))
        return 1;
    /* short texts, and long ones (the scan skips repeated reports) */
    tlen = rand() % 2 ? rand() % 200 : 256 + rand() % 344;
    for (j = 0; j < tlen; j++)
        text[j] = alpha[rand() % 8];
    memset(&h, 0, sizeof(h));
    lw_ac_scan(ac, text, (apr_size_t)tlen, on_found, &h);
    memset(bits, 0, sizeof(bits));
    lw_ac_scan_bits(ac, text, (apr_size_t)tlen, want, bits);
    for (i = 0; i < MAXID; i++) {
        int set = (bits[i / 64] >> (i % 64)) & 1;
        if (set && !h.count[i])
            bad = 1;                /* set but never found */
        if (!set && h.count[i] && (!tagged || (tags[i] & want)))
            bad = 1;                /* found and wanted but not set */
    }
    return bad;
}

static void test_bits(apr_pool_t *p)
{
    static const char *const pats[] = { "ab", "b", "xyz" };
    static const apr_uint32_t ids[] = { 1, 70, 3 };
    static const apr_uint32_t tags[71] = { [1] = 1, [3] = 2, [70] = 4 };
    apr_uint64_t bits[2];
    int round, bad = 0;
    lw_ac_t *ac = build(p, pats, ids, 3);

    CHECK(ac != NULL);
    memset(bits, 0, sizeof(bits));
    lw_ac_scan_bits(ac, "zzABzz", 6, 0, bits);      /* untagged: all */
    CHECK(bits[0] == 2 && bits[1] == (apr_uint64_t)1 << 6);
    CHECK(lw_ac_tag(ac, p, tags, 71) == 0);
    memset(bits, 0, sizeof(bits));
    lw_ac_scan_bits(ac, "zzABzz xyz", 10, 2, bits); /* only tag 2: "xyz" */
    CHECK(bits[0] == 8 && bits[1] == 0);
    memset(bits, 0, sizeof(bits));
    lw_ac_scan_bits(ac, "zzABzz xyz", 10, 4, bits); /* "b" (and "ab" with it) */
    CHECK((bits[1] >> 6) & 1);
    CHECK(((bits[0] >> 3) & 1) == 0);
    srand(777);
    for (round = 0; round < 1000; round++)
        bad += bits_round(p, round & 1);
    CHECK(bad == 0);
}

/* A long repeated unit (a traversal's "./" or "%2F") passes through the
 * same few output states again and again: their ids are set once, and
 * the states reached only once among them (at the start, a literal at
 * the end, one after five others) are set all the same. */
static void test_bits_repeated(apr_pool_t *p)
{
    static const char *const pats[] = { "./", "/.", "./.", "x", "%2f",
                                        "2f.", "f.%", ".%2" };
    static const apr_uint32_t ids[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    apr_uint64_t bits[1];
    char text[4100];
    lw_ac_t *ac = build(p, pats, ids, 8);
    int i;

    CHECK(ac != NULL);
    for (i = 0; i + 2 <= 4000; i += 2)
        memcpy(text + i, "./", 2);
    text[4000] = 'x';
    bits[0] = 0;
    lw_ac_scan_bits(ac, text, 4001, 0, bits);
    CHECK(bits[0] == (1u << 1 | 1u << 2 | 1u << 3 | 1u << 4));
    for (i = 0; i + 4 <= 4000; i += 4)
        memcpy(text + i, ".%2F", 4);
    bits[0] = 0;
    lw_ac_scan_bits(ac, text, 4001, 0, bits);
    CHECK(bits[0] == (1u << 4 | 1u << 5 | 1u << 6 | 1u << 7 | 1u << 8));
    bits[0] = 0;
    lw_ac_scan_bits(ac, text, 4000, 0, bits);
    CHECK(bits[0] == (1u << 5 | 1u << 6 | 1u << 7 | 1u << 8));
}

int main(void)
{
    LW_TEST_BEGIN(pool);
    test_basic(pool);
    test_case_and_binary(pool);
    test_suffixes_and_shared_ids(pool);
    test_overlaps(pool);
    test_early_stop(pool);
    test_degenerate(pool);
    test_random(pool);
    test_edges(pool);
    test_split(pool);
    test_many(pool);
    test_bits(pool);
    test_bits_repeated(pool);
    LW_TEST_END();
}
