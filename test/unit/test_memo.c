/* The memo of clean fields: its table on its own, then the engine with and
 * without it on the default signatures, request by request: every result
 * must be the same, including the regex budget running out part way. */
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_thread_proc.h>
#include "lw_test_engine.h"
#include "lw_memo.h"

static void test_table(apr_pool_t *p)
{
    lw_memo_t *m = lw_memo_create(p, 64 * 1024);
    lw_memo_val_t v = { 10, 1, 0 }, got;
    lw_limits_t lim, lim2;
    apr_uint64_t hits, misses, flushes;
    char big[LW_MEMO_MAX_FIELD + 1];
    int i, kept = 0;

    CHECK(m != NULL);
    lw_limits_default(&lim);
    lw_memo_bind(m, p, &lim);
    CHECK(!lw_memo_get(m, 5, "abc", 3, &got));
    lw_memo_put(m, 5, "abc", 3, &v);
    memset(&got, 0, sizeof(got));
    CHECK(lw_memo_get(m, 5, "abc", 3, &got));
    CHECK(got.charge == 10 && got.truncated == 1);
    /* another kind, other bytes, a prefix: all misses */
    CHECK(!lw_memo_get(m, 6, "abc", 3, &got));
    CHECK(!lw_memo_get(m, 5, "abd", 3, &got));
    CHECK(!lw_memo_get(m, 5, "ab", 2, &got));
    /* lengths around the 8-byte words of the hash */
    CHECK(!lw_memo_get(m, 5, "abcdefgh", 8, &got));
    lw_memo_put(m, 5, "abcdefghi", 9, &v);
    CHECK(lw_memo_get(m, 5, "abcdefghi", 9, &got));
    CHECK(!lw_memo_get(m, 5, "abcdefghj", 9, &got));
    CHECK(!lw_memo_get(m, 5, "bbcdefghi", 9, &got));
    /* too long to keep */
    memset(big, 'x', sizeof(big));
    lw_memo_put(m, 5, big, sizeof(big), &v);
    CHECK(lw_memo_get(m, 5, big, sizeof(big), &got) < 0);
    /* the same engine and limits keep it; other limits empty it */
    lw_memo_bind(m, p, &lim);
    CHECK(lw_memo_get(m, 5, "abc", 3, &got));
    lim2 = lim;
    lim2.max_inspect = 100;
    lw_memo_bind(m, p, &lim2);
    CHECK(!lw_memo_get(m, 5, "abc", 3, &got));
    lw_memo_counts(m, &hits, &misses, &flushes);
    CHECK(hits == 3 && flushes == 1);
    /* filling it: it empties itself and goes on working */
    for (i = 0; i < 5000; i++) {
        char *k = apr_psprintf(p, "field number %d of many, many fields", i);
        lw_memo_put(m, 7, k, strlen(k), &v);
    }
    lw_memo_counts(m, &hits, &misses, &flushes);
    CHECK(flushes > 1);
    for (i = 4990; i < 5000; i++) {
        char *k = apr_psprintf(p, "field number %d of many, many fields", i);
        kept += lw_memo_get(m, 7, k, strlen(k), &got);
    }
    CHECK(kept == 10);

    /* A kind whose fields never come back is left alone after 4,096
     * lookups (-1: not even kept), save one lookup in 16; another kind,
     * whose fields do come back, goes on as before. */
    {
        int skips = 0, later = 0;
        lw_memo_put(m, 9, "same", 4, &v);
        for (i = 0; i < 6000; i++) {
            char *k = apr_psprintf(p, "/search?q=%d", i);
            int g = lw_memo_get(m, 8, k, strlen(k), &got);
            if (g == 0)
                lw_memo_put(m, 8, k, strlen(k), &v);
            skips += g < 0;
            g = lw_memo_get(m, 9, "same", 4, &got);
            if (g == 0)                 /* emptied when full */
                lw_memo_put(m, 9, "same", 4, &v);
            later += g == 1;
        }
        CHECK(skips > 1500 && skips < 6000 - 4096);
        CHECK(later > 5900);
    }
}

/* ------------------------------------------------------------------ */

static unsigned long long rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Pieces that wake rules (and sometimes make them match), and filler. */
static const char *const pieces[] = {
    "'", "\"", "<", ">", ";", "(", ")", "select", "union", "../", "%27",
    "%2e%2e/", "script", "on", "=", "http://", "a", "bcd", " ", "/", "|",
    "${", "}", "etc", "passwd", "&#x27;", "+", "--", "or 1=1", "sleep(",
    "mozilla", "index.html", "%00", "cmd", "exec", "<a ", "onload",
    "javascript:", "wget ", "/bin/", "concat(", "\\", "%u0027", "alert",
};
#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))

static char *field(apr_pool_t *p, apr_size_t max)
{
    apr_size_t want = 1 + rnd((unsigned)max), n = 0;
    char *s = apr_palloc(p, want + 16);
    while (n < want) {
        const char *pc = rnd(3) ? "abcdefgh" + rnd(6) : pieces[rnd(NPIECES)];
        apr_size_t l = strlen(pc);
        if (n + l > want)
            l = want - n;
        memcpy(s + n, pc, l);
        n += l;
    }
    s[n] = '\0';
    return s;
}

static int same(const lw_result_t *a, const lw_result_t *b)
{
    int i;
    if (a->nhits != b->nhits || a->score != b->score
        || a->severity != b->severity || a->categories != b->categories
        || a->truncated != b->truncated || a->limit_hit != b->limit_hit
        || a->stopped != b->stopped
        || (a->tool == NULL) != (b->tool == NULL)
        || (a->tool && strcmp(a->tool, b->tool) != 0))
        return 0;
    for (i = 0; i < a->nhits; i++) {
        const lw_hit_t *x = &a->hits[i], *y = &b->hits[i];
        if (x->rule_id != y->rule_id || strcmp(x->field, y->field) != 0
            || x->excerpt_len != y->excerpt_len
            || memcmp(x->excerpt, y->excerpt, x->excerpt_len) != 0)
            return 0;
    }
    return 1;
}

static void test_budget(apr_pool_t *p, lw_engine_t *e);

static void test_engine(apr_pool_t *p)
{
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_memo_t *memo = lw_memo_create(p, 256 * 1024);
    const char *pool_f[64];
    int i, k, r, diff = 0, limited = 0, flagged = 0, clean = 0;
    apr_uint64_t hits, misses, flushes;
    apr_pool_t *rp;

    if (e == NULL) {
        CHECK(e != NULL);
        return;
    }
    /* a few recurring fields, as a log repeats its values */
    for (i = 0; i < 64; i++)
        pool_f[i] = field(p, i < 8 ? 1000 : 120);
    apr_pool_create(&rp, p);
    for (r = 0; r < 3000; r++) {
        lw_limits_t lim;
        lw_request_t req;
        lw_header_t h[3];
        lw_result_t a, b;
        char *uri;
        int np = 1 + (int)rnd(14);

        lw_limits_default(&lim);
        /* a third of the requests with small limits: fields cut short, and
         * the regex budget (32 KiB at least) spent part way */
        if (r % 3 == 0)
            lim.max_inspect = 64 + rnd(600);
        uri = apr_pstrcat(rp, "/", rnd(2) ? pool_f[rnd(64)] : field(rp, 40),
                          NULL);
        if (rnd(4)) {
            uri = apr_pstrcat(rp, uri, "?", NULL);
            for (k = 0; k < np; k++)
                uri = apr_pstrcat(rp, uri, k ? "&" : "", "p", "=",
                                  rnd(4) ? pool_f[rnd(64)] : field(rp, 300),
                                  NULL);
        }
        lw_test_request(&req, rnd(10) ? "GET" : "PUT", uri, NULL, 0);
        h[0].name = "User-Agent";
        h[0].value = pool_f[rnd(64)];
        h[1].name = "Referer";
        h[1].value = pool_f[rnd(64)];
        h[2].name = "X-Forwarded-For";
        h[2].value = rnd(2) ? pool_f[rnd(64)] : "192.0.2.1";
        req.headers = h;
        req.nheaders = 3;
        lw_classify(e, &req, &lim, rp, &a);
        lw_classify_memo(e, &req, &lim, rp, &b, memo);
        if (!same(&a, &b)) {
            if (diff++ < 5)
                fprintf(stderr, "request %d differs with the memo: %s\n", r,
                        uri);
        }
        limited += a.limit_hit;
        flagged += a.nhits > 0;
        clean += a.nhits == 0;
        apr_pool_clear(rp);
    }
    lw_memo_counts(memo, &hits, &misses, &flushes);
    fprintf(stderr, "memo: %d requests (%d with hits, %d clean, %d stopped "
            "by a limit), %llu lookups answered, %llu missed, %llu "
            "flushes\n", r, flagged, clean, limited,
            (unsigned long long)hits, (unsigned long long)misses,
            (unsigned long long)flushes);
    CHECK(diff == 0);
    /* the comparison covered what it must */
    CHECK(hits > 1000);
    CHECK(limited > 0);
    CHECK(flagged > 100 && clean > 100);
    CHECK(flushes > 0);
    test_budget(p, e);
}

/* 119 headers with the same clean value, then a long one: the outcome
 * (an evasion hit when the long one uses its share of the regex budget
 * up) is the same with the memo, twice, as without. Returns 1 when the
 * long one did spend the budget. */
static int budget_case(lw_engine_t *e, lw_memo_t *memo, apr_pool_t *rp,
                       const char *val, const char *big, int *diff)
{
    lw_header_t h[120];
    lw_request_t req;
    lw_limits_t lim;
    lw_result_t a, b;
    int k, spent = 0;

    for (k = 0; k < 120; k++) {
        h[k].name = "X-Test";
        h[k].value = k < 119 ? val : big;
    }
    lw_limits_default(&lim);
    lw_test_request(&req, "GET", "/x", h, 120);
    lw_classify(e, &req, &lim, rp, &a);
    if (a.nhits == 1 && a.hits[0].rule_id == LW_EVASION_RULE_ID
        && strcmp(a.hits[0].field, "header:X-Test") == 0) {
        spent = 1;
        lw_classify_memo(e, &req, &lim, rp, &b, memo);
        *diff += !same(&a, &b);
        lw_classify_memo(e, &req, &lim, rp, &b, memo);
        *diff += !same(&a, &b);
    }
    apr_pool_clear(rp);
    return spent;
}

static char *repeat(apr_pool_t *p, const char *tok, apr_size_t max)
{
    apr_size_t n, l = strlen(tok);
    char *s = apr_palloc(p, max + 1);

    for (n = 0; n + l <= max; n += l)
        memcpy(s + n, tok, l);
    s[n] = '\0';
    return s;
}

/* With the memo the short headers are charged what they cost, so the
 * long one gets the same allowance and the same outcome as without it:
 * on the shipped set with clean values that wake some rules, and on
 * rules that surely spend the budget (twelve regexes whose byte gate
 * passes on a long value none of them matches). */
static void test_budget(apr_pool_t *p, lw_engine_t *e)
{
    static const char *const tok[] = {
        "select ", "'a", "<b", "on", "../a", "(", "script ", "etc ", "cmd ",
        "exec ", "alert ", "http:/x ", "${a", "; a", "| b", "--a ", "%27",
        "union ", "concat ", "char ", "/bin ", "javascript ", "<!--",
    };
    lw_memo_t *memo = lw_memo_create(p, 1 << 20);
    lw_engine_t *ze;
    apr_pool_t *rp;
    char *text = "", *big;
    int t, found = 0, diff = 0;

    apr_pool_create(&rp, p);
    for (t = 0; t < (int)(sizeof(tok) / sizeof(tok[0])); t++)
        found += budget_case(e, memo, rp, repeat(p, tok[t], 300),
                             repeat(p, tok[t], 8000), &diff);
    for (t = 0; t < 12; t++)
        text = apr_psprintf(p, "%srule %d\n category sqli\n severity low\n"
                            " msg m%d\n target headers\n literal zz\n"
                            " pattern zz\\d\n match X-Test: zz1\n"
                            " nomatch X-Test: zz\n\n", text, 400 + t, t);
    ze = lw_test_rules_engine(p, text);
    CHECK(ze != NULL);
    big = repeat(p, "zz", 8000);
    big[7998] = 'x';
    big[7999] = '1';
    if (ze) {
        int spent = budget_case(ze, memo, rp, "zz zz x1", big, &diff);
        CHECK(spent == 1);
        found += spent;
    }
    fprintf(stderr, "memo: %d clean values spent the budget, %d differ\n",
            found, diff);
    CHECK(found > 0);
    CHECK(diff == 0);
    {
        apr_uint64_t hits, misses, flushes;
        lw_memo_counts(memo, &hits, &misses, &flushes);
        CHECK(hits > 0);        /* the short headers came from the memo */
    }
}

/* The module's log-time pass: lw_classify_again over requests with a form
 * body, after an earlier pass whose result it must not count twice, and
 * with limits that change from one request to the next (places with their
 * own LogWatchMaxInspect): the same with the memo as without. */
static void test_again(apr_pool_t *p)
{
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_memo_t *memo = lw_memo_create(p, 64 * 1024);
    const char *pool_f[32];
    apr_uint64_t hits, misses, flushes;
    int i, r, diff = 0, flagged = 0;
    apr_pool_t *rp;

    if (e == NULL) {
        CHECK(e != NULL);
        return;
    }
    for (i = 0; i < 32; i++)
        pool_f[i] = field(p, 90);
    apr_pool_create(&rp, p);
    for (r = 0; r < 1500; r++) {
        lw_limits_t lim;
        lw_request_t req;
        lw_header_t h[4];
        lw_result_t first, a, b;
        int fl;

        lw_limits_default(&lim);
        if (r % 4 == 0)
            lim.max_inspect = 48 + rnd(100);
        lw_test_request(&req, "POST", apr_pstrcat(rp, "/f?q=", pool_f[rnd(32)], NULL), NULL, 0);
        for (i = 0; i < 4; i++) {
            static const char *const names[] = { "User-Agent", "Referer",
                                                 "Accept-Language",
                                                 "X-Comment" };
            h[i].name = names[i];
            h[i].value = pool_f[rnd(32)];
        }
        req.headers = h;
        req.nheaders = 4;
        fl = lw_classify(e, &req, &lim, rp, &first);
        req.body = apr_pstrcat(rp, "name=", pool_f[rnd(32)], "&text=",
                               pool_f[rnd(32)], NULL);
        req.body_len = strlen(req.body);
        req.body_type = "application/x-www-form-urlencoded";
        lw_classify_again(e, &req, &lim, rp, &a, fl ? &first : NULL, NULL);
        lw_classify_again(e, &req, &lim, rp, &b, fl ? &first : NULL, memo);
        if (!same(&a, &b) && diff++ < 5)
            fprintf(stderr, "request %d differs with the memo (again): "
                    "%s\n", r, req.uri);
        flagged += a.nhits > 0;
        apr_pool_clear(rp);
    }
    lw_memo_counts(memo, &hits, &misses, &flushes);
    fprintf(stderr, "memo (again, bodies): %d requests, %d with hits, "
            "%llu lookups answered, %llu flushes\n", r, flagged,
            (unsigned long long)hits, (unsigned long long)flushes);
    CHECK(diff == 0);
    CHECK(hits > 500 && flushes > 100);
    CHECK(flagged > 100 && flagged < 1400);
}

/* ------------------------------------------------------------------ */
/* A memo the threads of a child share. */

#define SH_REQS 400
#define SH_THREADS 4

typedef struct {
    const lw_engine_t *e;
    lw_memo_t *memo;
    lw_request_t req[SH_REQS];
    lw_header_t h[SH_REQS][2];
    lw_limits_t lim[SH_REQS];
    lw_result_t want[SH_REQS];
    int diff[SH_THREADS];
} shared_t;

typedef struct {
    shared_t *sh;
    int id;
} worker_t;

static void *APR_THREAD_FUNC shared_worker(apr_thread_t *t, void *data)
{
    worker_t *w = data;
    shared_t *sh = w->sh;
    apr_pool_t *rp;
    int r, k;

    apr_pool_create_unmanaged_ex(&rp, NULL, NULL);
    for (k = 0; k < 3; k++)
        for (r = 0; r < SH_REQS; r++) {
            /* each thread in its own order */
            int i = (r * (2 * w->id + 1) + w->id * 97) % SH_REQS;
            lw_result_t got;
            lw_classify_memo(sh->e, &sh->req[i], &sh->lim[i], rp, &got,
                             sh->memo);
            if (!same(&got, &sh->want[i]))
                sh->diff[w->id]++;
            apr_pool_clear(rp);
        }
    apr_pool_destroy(rp);
    /* returned, not apr_thread_exit(): a forced unwind leaves ASan's
     * scope poisoning on this stack, and its own thread teardown then
     * trips over it */
    (void)t;
    return NULL;
}

static void test_shared(apr_pool_t *p)
{
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_memo_t *m = lw_memo_create_shared(p, 256 * 1024, SH_THREADS);
    lw_memo_val_t v = { 10, 1, 0 }, got;
    lw_limits_t lim, lim2;
    apr_uint64_t hits, misses, flushes;
    const char *pool_f[32];
    shared_t *sh;
    apr_thread_t *th[SH_THREADS];
    worker_t w[SH_THREADS];
    apr_status_t rv;
    int i, total = 0;

    CHECK(m != NULL && e != NULL);
    if (m == NULL || e == NULL)
        return;
    /* other limits or another engine: another binding, never emptied;
     * its entries are kept apart by the key's bits 26-29 */
    lw_limits_default(&lim);
    lim2 = lim;
    lim2.max_inspect = 100;
    CHECK(lw_memo_bind(m, e, &lim) == 1);
    CHECK(!lw_memo_get(m, 5, "abc", 3, &got));
    lw_memo_put(m, 5, "abc", 3, &v);
    CHECK(lw_memo_get(m, 5, "abc", 3, &got) == 1 && got.charge == 10);
    CHECK(lw_memo_bind(m, e, &lim2) == 2);
    CHECK(lw_memo_bind(m, p, &lim) == 3);
    CHECK(lw_memo_bind(m, e, &lim) == 1);
    CHECK(lw_memo_bind(m, e, &lim2) == 2);
    CHECK(lw_memo_get(m, 5, "abc", 3, &got) == 1);
    CHECK(lw_memo_get(m, 5 | 1u << 26, "abc", 3, &got) == 0);
    lw_memo_counts(m, &hits, &misses, &flushes);
    CHECK(hits == 2 && misses == 2 && flushes == 0);
    /* room for LW_MEMO_BINDINGS, then none */
    for (i = 3; i < LW_MEMO_BINDINGS; i++) {
        lim2.max_inspect = 200 + (apr_size_t)i;
        CHECK(lw_memo_bind(m, e, &lim2) == i + 1);
    }
    lim2.max_inspect = 100000;
    CHECK(lw_memo_bind(m, e, &lim2) == 0);
    CHECK(lw_memo_bind(m, e, &lim) == 1);

    /* threads classifying the same requests at once, each in its own
     * order, get what a classification without a memo gives */
    m = lw_memo_create_shared(p, 64 * 1024, SH_THREADS);
    sh = apr_pcalloc(p, sizeof(*sh));
    sh->e = e;
    sh->memo = m;
    for (i = 0; i < 32; i++)
        pool_f[i] = field(p, i < 4 ? 600 : 100);
    for (i = 0; i < SH_REQS; i++) {
        char *uri = apr_pstrcat(p, "/", pool_f[rnd(32)], NULL);
        if (rnd(3))
            uri = apr_pstrcat(p, uri, "?q=", pool_f[rnd(32)], "&x=",
                              rnd(2) ? pool_f[rnd(32)] : field(p, 50), NULL);
        lw_limits_default(&sh->lim[i]);
        if (i % 5 == 0)         /* other limits: bindings of their own */
            sh->lim[i].max_inspect = 64 + rnd(600);
        sh->req[i].method = "GET";
        sh->req[i].uri = uri;
        sh->req[i].protocol = "HTTP/1.1";
        sh->h[i][0].name = "User-Agent";
        sh->h[i][0].value = pool_f[rnd(32)];
        sh->h[i][1].name = "Referer";
        sh->h[i][1].value = pool_f[rnd(32)];
        sh->req[i].headers = sh->h[i];
        sh->req[i].nheaders = 2;
        lw_classify(e, &sh->req[i], &sh->lim[i], p, &sh->want[i]);
    }
    for (i = 0; i < SH_THREADS; i++) {
        w[i].sh = sh;
        w[i].id = i;
        rv = apr_thread_create(&th[i], NULL, shared_worker, &w[i], p);
        CHECK(rv == APR_SUCCESS);
    }
    for (i = 0; i < SH_THREADS; i++) {
        apr_status_t trv;
        apr_thread_join(&trv, th[i]);
        total += sh->diff[i];
    }
    lw_memo_counts(m, &hits, &misses, &flushes);
    fprintf(stderr, "shared memo: %d threads x %d requests x 3, %d differ; "
            "%llu lookups answered, %llu missed, %llu flushes\n",
            SH_THREADS, SH_REQS, total, (unsigned long long)hits,
            (unsigned long long)misses, (unsigned long long)flushes);
    CHECK(total == 0);
    CHECK(hits > 1000);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_table(p);
    test_engine(p);
    test_again(p);
    test_shared(p);
    LW_TEST_END();
}
