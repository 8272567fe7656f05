/* Unit tests of the query's reuse of its last value's clean regex runs
 * (lw_reuse.c): a rule on args and query that finds nothing in the value
 * still matches the query whole wherever a match needs the prefix before
 * the value -- one starting in it, a lookbehind reaching into it, after
 * other parameters, in the normalised form -- and the verdict is the one
 * each rule alone gives. Each value holds the rule's literal and every
 * byte its regex needs (lw_need.h), so that the rule runs on it and finds
 * nothing: the case the query reuses. */
#include "lw_test_engine.h"
#include "lw_blob.h"
#include "lw_norm.h"

#define R(id, form, lit, pat, m) \
    "rule " #id "\n category sqli\n severity low\n msg rule " #id \
    "\n target args query\n form " form "\n literal " lit \
    "\n pattern " pat "\n match " m "\n nomatch /?f=zz\n\n"

static const char rules[] =
    /* a match starting in the prefix ("id=" before the value) */
    R(1, "norm", "x", "d=x", "/?id=x")
    /* a lookbehind that reads the '=' before the value */
    R(2, "norm", "abc", "(?<==)abc", "/?q=abc")
    /* one that reads two bytes back, nested in another */
    R(3, "raw", "kk", "(?<=(?<=p)=)kk", "/?p=kk")
    /* the same bytes found in the value alone: its hit is on args */
    R(4, "norm", "zq", "zq", "/?a=zq")
    /* a word boundary at the value's start holds in both readings */
    R(5, "norm", "mm", "\\bmm", "/?a=mm")
    /* a (*SKIP)(*F) verb (never reused) */
    R(6, "norm", "yy", "y(*SKIP)(*F)|=yy", "/?a=yy")
    /* nested lookbehinds reach back 3 bytes from a match 2 bytes into the
     * value, further than the largest one (2) */
    R(7, "norm", "kk", "(?<=(?<==)ak)k", "/?q=akk");

static const lw_hit_t *classify(const lw_engine_t *e, const char *uri,
                                apr_uint32_t id, apr_pool_t *p,
                                lw_result_t *res)
{
    lw_request_t req;

    memset(&req, 0, sizeof(req));
    req.method = "GET";
    req.uri = uri;
    req.protocol = "HTTP/1.1";
    lw_classify(e, &req, NULL, p, res);
    return lw_test_find_hit(res, id);
}

static int on(const lw_hit_t *h, const char *field)
{
    return h && h->field && strcmp(h->field, field) == 0;
}

static void test_prefix(const lw_engine_t *e, apr_pool_t *p)
{
    lw_result_t res;

    CHECK(on(classify(e, "/?id=x=d", 1, p, &res), "query"));
    CHECK(on(classify(e, "/?a=1&id=x=d", 1, p, &res), "query"));
    /* normalised: the value decodes to "x=d", the query to "id=x=d" */
    CHECK(on(classify(e, "/?id=%78=d", 1, p, &res), "query"));
    CHECK(on(classify(e, "/?id=%2578%3dd", 1, p, &res), "query"));
    CHECK(classify(e, "/?ix=x=d", 1, p, &res) == NULL);
    CHECK(classify(e, "/?id=y=d", 1, p, &res) == NULL);
}

static void test_lookbehind(const lw_engine_t *e, apr_pool_t *p)
{
    lw_result_t res;

    CHECK(on(classify(e, "/?q=abc=", 2, p, &res), "query"));
    CHECK(on(classify(e, "/?u=v&q=abc=", 2, p, &res), "query"));
    CHECK(classify(e, "/?q=xabc=", 2, p, &res) == NULL);
    CHECK(on(classify(e, "/?p=kk=p", 3, p, &res), "query"));
    CHECK(classify(e, "/?r=kk=p", 3, p, &res) == NULL);
    CHECK(on(classify(e, "/?q=akk=", 7, p, &res), "query"));
    CHECK(classify(e, "/?q=bakk=", 7, p, &res) == NULL);
}

static void test_value(const lw_engine_t *e, apr_pool_t *p)
{
    lw_result_t res;

    CHECK(on(classify(e, "/?a=xzq", 4, p, &res), "args:a"));
    CHECK(on(classify(e, "/?a=mm", 5, p, &res), "args:a"));
    CHECK(on(classify(e, "/?a=yy=", 6, p, &res), "query"));
}

/* Each of these requests classified with the reuse and rule by rule
 * (lw_engine_classify_rule: one rule alone, never reused): the same
 * rules reported. */
static void test_same_as_alone(const lw_engine_t *e, apr_pool_t *p)
{
    static const char *const uris[] = {
        "/?id=x=d", "/?a=1&id=x=d", "/?id=%78=d", "/?q=abc=", "/?p=kk=p",
        "/?a=xzq", "/?a=mm", "/?a=yy=", "/?zq=1&q=abc=", "/?x=abc&q=zq",
        "/?d=x=d", "/?id=xabc=d", "/?q=%3dabc", "/?p=%3dkk=p", "/?a=%20mm",
        "/?id=x=d&", "/?id=x=d&b=", "/?a=x=d;id=x=d", "/?q=akk=",
        "/?q=%61kk=", "/?q=a%6bk%3d",
    };
    int u, i, n = lw_engine_rule_count(e), bad = 0;

    for (u = 0; u < (int)(sizeof(uris) / sizeof(uris[0])); u++) {
        lw_request_t req;
        lw_result_t all, one;
        memset(&req, 0, sizeof(req));
        req.method = "GET";
        req.uri = uris[u];
        req.protocol = "HTTP/1.1";
        lw_classify(e, &req, NULL, p, &all);
        for (i = 0; i < n; i++) {
            int alone = lw_engine_classify_rule(e, &req, NULL, p, &one, i, 0);
            int with = lw_test_find_hit(&all, lw_engine_rule_id(e, i)) != NULL;
            if (alone != with) {
                fprintf(stderr, "%s: rule %u alone %d, with the others %d\n",
                        uris[u], lw_engine_rule_id(e, i), alone, with);
                bad++;
            }
        }
    }
    CHECK(bad == 0);
}

/* What the query's normal forms are made from (lw_reuse.c): a prefix of
 * letters, digits and "=._-~" before a value normalises to itself
 * followed by the value's form, the whole comes back unchanged exactly
 * when the value does, and what is left undecoded is the value's; so are
 * its stages (lw_normalize_st): the prefix and each of the value's. */
static void test_norm_prefix(apr_pool_t *p)
{
    static const char vals[] = "%25%2b&#;amp;lt+/*\\ \t\r0a7Cc2u/.x=";
    static const char pre[] = "aZ09=._-~";
    static const unsigned flags[] = { LW_N_PLUS, LW_N_PLUS | LW_N_DECODE };
    int round, bad = 0;

    srand(4242);
    for (round = 0; round < 20000; round++) {
        char q[80], *v;
        int pl = 1 + rand() % 8, vl = 1 + rand() % 40, i, f;
        for (i = 0; i < pl - 1; i++)
            q[i] = pre[rand() % (int)(sizeof(pre) - 1)];
        q[pl - 1] = '=';
        v = q + pl;
        for (i = 0; i < vl; i++) {
            int r = rand() % 40;
            v[i] = r < 36 ? vals[r % (int)(sizeof(vals) - 1)]
                          : (char)(r == 36 ? 0xa0 : r == 37 ? 0xc0
                                   : r == 38 ? 0xc2 : 0xe0);
        }
        q[pl + vl] = '\0';
        for (f = 0; f < 2; f++) {
            apr_size_t qn, vn;
            int qd = 0, vd = 0, k, sbad = 0;
            lw_norm_stages_t qs, vs;
            const char *qo = lw_normalize_st(p, q, (apr_size_t)(pl + vl),
                                             flags[f], &qn, &qd, &qs);
            const char *vo = lw_normalize_st(p, v, (apr_size_t)vl, flags[f],
                                             &vn, &vd, &vs);
            sbad = qs.n != vs.n;
            for (k = 0; !sbad && k < qs.n; k++)
                sbad = qs.len[k] != (apr_size_t)pl + vs.len[k]
                       || memcmp(qs.s[k], q, (size_t)pl) != 0
                       || memcmp(qs.s[k] + pl, vs.s[k], vs.len[k]) != 0;
            if (qn != (apr_size_t)pl + vn || memcmp(qo, q, (size_t)pl) != 0
                || memcmp(qo + pl, vo, vn) != 0 || (qo == q) != (vo == v)
                || qd != vd || sbad) {
                if (bad++ < 5)
                    fprintf(stderr, "prefix reuse differs on \"%s\"\n", q);
            }
        }
    }
    CHECK(bad == 0);
}

int main(void)
{
    lw_engine_t *e;

    LW_TEST_BEGIN(pool);
    test_norm_prefix(pool);
    e = lw_test_rules_engine(pool, rules);
    CHECK(e != NULL);
    if (e) {
        test_prefix(e, pool);
        test_lookbehind(e, pool);
        test_value(e, pool);
        test_same_as_alone(e, pool);
    }
    LW_TEST_END();
}
