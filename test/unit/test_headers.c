/* Request headers in the engine: which kind each header is read as
 * (standard headers only by the file, command-execution, protocol and
 * scanner families, the URL-valued ones by the xss family too), the evasion signal for headers left out, a request-target
 * the server cut (414), cookie names read by the detectors, and the names
 * of the client's own headers read by the rules on header_names. */
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "lw_test_engine.h"

#define engine lw_test_rules_engine_err
#define find_hit lw_test_find_hit

static void one_header(const lw_engine_t *e, apr_pool_t *p, const char *name,
                       const char *value, lw_result_t *res)
{
    lw_request_t req;
    lw_header_t h;

    lw_test_request(&req, "GET", "/", NULL, 0);
    h.name = name;
    h.value = value;
    req.headers = &h;
    req.nheaders = 1;
    lw_classify(e, &req, NULL, p, res);
}

#define R(id, cat, target, pat, m, nm) \
    "rule " #id "\n category " cat "\n severity high\n msg rule " #id \
    "\n target " target "\n literal evil\n pattern " pat "\n match " m \
    "\n nomatch " nm "\n\n"

static const char kind_rules[] =
    R(1, "sqli", "headers", "evil", "X-Foo: evil", "X-Foo: good")
    R(2, "xss", "headers", "evil", "X-Foo: evil", "X-Foo: good")
    R(3, "lfi", "headers", "evil", "X-Foo: evil", "X-Foo: good")
    R(4, "rce", "headers", "evil", "Accept: evil", "Accept: good")
    R(5, "protocol", "headers", "evil", "Host: evil", "Host: good")
    R(6, "scanner", "headers", "evil", "X-Foo: evil", "X-Foo: good")
    R(7, "sqli", "user_agent", "evil", "User-Agent: evil", "X-Foo: evil");

static void test_kinds(apr_pool_t *p)
{
    static const char *const std[] = {
        "Accept", "accept-language", "Accept-Encoding", "If-None-Match",
        "if-modified-since", "Sec-CH-UA", "sec-fetch-site", "Content-Type",
        "Authorization", "Cache-Control", "Host", "traceparent",
        "Connection", "Range", "Priority", "TE", "Content-Type"
    };
    /* standard, and a URL: the xss family reads it too */
    static const char *const url[] = {
        "Origin", "origin", "Content-Location", "content-location"
    };
    static const char *const other[] = {
        "X-Forwarded-For", "X-Accept", "Acceptx", "If-", "If", "Sec",
        "Hostname", "X-Api-Version", "Forwarded", "Client-IP", "Te-X", "T"
    };
    char *err;
    lw_engine_t *e = engine(p, kind_rules, &err);
    lw_result_t res;
    const lw_hit_t *hit;
    size_t i;

    CHECK(e != NULL);
    if (!e) {
        fprintf(stderr, "%s\n", err ? err : "?");
        return;
    }
    for (i = 0; i < sizeof(std) / sizeof(std[0]); i++) {
        one_header(e, p, std[i], "evil", &res);
        /* the file, command, protocol and scanner families only */
        CHECK(res.nhits == 4);
        CHECK(find_hit(&res, 3) && find_hit(&res, 4) && find_hit(&res, 5)
              && find_hit(&res, 6));
        hit = find_hit(&res, 3);
        if (hit)
            CHECK_STR(hit->field, apr_pstrcat(p, "header:", std[i], NULL));
    }
    for (i = 0; i < sizeof(url) / sizeof(url[0]); i++) {
        one_header(e, p, url[i], "https://evil", &res);
        CHECK(res.nhits == 5);
        CHECK(find_hit(&res, 2) && find_hit(&res, 3) && find_hit(&res, 4)
              && find_hit(&res, 5) && find_hit(&res, 6));
        hit = find_hit(&res, 2);
        if (hit)
            CHECK_STR(hit->field, apr_pstrcat(p, "header:", url[i], NULL));
    }
    for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        one_header(e, p, other[i], "evil", &res);
        CHECK(res.nhits == 6);
        if (res.nhits != 6)
            fprintf(stderr, "  %s: %d hits\n", other[i], res.nhits);
        hit = find_hit(&res, 1);
        if (hit)
            CHECK_STR(hit->field, apr_pstrcat(p, "header:", other[i], NULL));
    }
    one_header(e, p, "user-agent", "evil", &res);
    CHECK(res.nhits == 1 && find_hit(&res, 7));
}

/* A standard header's value that leaves its grammar is a header of the
 * client's own: every family reads it. Within the grammar, the standard
 * families only. */
static void test_grammar(apr_pool_t *p)
{
    static const struct {
        const char *name, *value;
        int own;
    } cases[] = {
        { "Authorization", "Bearer evil.x-y_z~", 0 },
        { "Authorization", "Basic evil+/0=", 0 },
        { "Authorization", "evil", 0 },
        { "Authorization", "Digest username=\"evil\", uri=\"/a?b=1&c=2\", "
          "nc=00000001, qop=auth", 0 },
        { "Authorization", "AWS4-HMAC-SHA256 Credential=evil/20130524/s3/"
          "aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f", 0 },
        { "Proxy-Authorization", "Basic evil'-- -", 1 },
        { "Authorization", "Bearer evil' OR '1'='1", 1 },
        { "Authorization", "<img src=evil>", 1 },
        { "Authorization", "Digest username=\"evil' or 1=1\"", 1 },
        { "Authorization", "Digest username=\"evil", 1 },
        { "Authorization", "Bearer evil,", 1 },
        { "Authorization", " Bearer evil", 1 },
        { "Origin", "https://evil.example:8443", 0 },
        { "Origin", "https://[::1]:8443/evil", 1 },
        { "Origin", "https://evil' AND 1=1", 1 },
        { "Origin", "evil", 1 },
        { "Host", "evil.example:8080", 0 },
        { "Host", "evil' or '1", 1 },
        { "If-None-Match", "W/\"evil-1a\"", 0 },
        { "If-None-Match", "\"evil\"' or 1#", 1 },
        { "Sec-CH-UA", "\"Not/A)Brand\";v=\"8\", \"evil\";v=\"126\"", 0 },
        { "Date", "Tue, 08 Dec 2026 01:00:00 GMT <evil>", 1 },
    };
    char *err;
    lw_engine_t *e = engine(p, kind_rules, &err);
    lw_result_t res;
    size_t i;

    CHECK(e != NULL);
    if (!e)
        return;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        one_header(e, p, cases[i].name, cases[i].value, &res);
        /* sqli (1) only when the client wrote it, xss (2) then too
         * (and in an origin, a URL) */
        CHECK((find_hit(&res, 1) != NULL) == cases[i].own);
        CHECK(!cases[i].own || find_hit(&res, 2) != NULL);
        CHECK(find_hit(&res, 3) != NULL && find_hit(&res, 4) != NULL);
        if ((find_hit(&res, 1) != NULL) != cases[i].own)
            fprintf(stderr, "  %s: %s: %d hits\n", cases[i].name,
                    cases[i].value, res.nhits);
    }
}

/* Basic credentials: the user, decoded, read by every rule on headers;
 * the password never (a secret, and any mix of punctuation); ordinary
 * ones and non-text tokens say nothing. */
static void test_basic(apr_pool_t *p)
{
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_result_t res;

    CHECK(e != NULL);
    if (!e)
        return;
    /* "admin' OR 1=1-- -:x" */
    one_header(e, p, "Authorization", "Basic YWRtaW4nIE9SIDE9MS0tIC06eA==",
               &res);
    CHECK_HIT_FIELD(&res, 100910, "header:Authorization(base64)");
    /* "<svg/onload=alert(7)>:pw", by Proxy-Authorization */
    one_header(e, p, "proxy-authorization",
               "basic PHN2Zy9vbmxvYWQ9YWxlcnQoNyk+OnB3", &res);
    CHECK_HIT_FIELD(&res, 200910, "header:proxy-authorization(base64)");
    /* "jane:' OR '1'='1" and "jane:<svg/onload=alert(7)>": the password */
    one_header(e, p, "Authorization", "Basic amFuZTonIE9SICcxJz0nMQ==", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Authorization",
               "Basic amFuZTo8c3ZnL29ubG9hZD1hbGVydCg3KT4=", &res);
    CHECK(res.nhits == 0);
    /* "jane:Tr0ub4dor&3!" */
    one_header(e, p, "Authorization", "Basic amFuZTpUcjB1YjRkb3ImMyE=", &res);
    CHECK(res.nhits == 0);
    /* binary, too short, not Basic */
    one_header(e, p, "Authorization", "Basic 3q2+7wAAAAD/////", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Authorization", "Basic Og==", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Authorization", "Bearer YWRtaW4nIE9SIDE9MS0tIC06eA==",
               &res);
    CHECK(res.nhits == 0);
}

/* A Referer that is no absolute URL was written by hand: read by every
 * rule on headers too. A URL's query is not. */
static void test_referer_own(apr_pool_t *p)
{
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_result_t res;

    CHECK(e != NULL);
    if (!e)
        return;
    one_header(e, p, "Referer", "user[$ne]=guest&pass[$gt]=", &res);
    CHECK_HIT_FIELD(&res, 100320, "referer");
    one_header(e, p, "Referer", "https://www.example.com/s?q=name|id|email",
               &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Referer", "android-app://com.google.android.gm/", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Referer", "www.example.com/blog/rock-and-roll", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Referer", "", &res);
    CHECK(res.nhits == 0);
}

static void test_left_out_and_cut(apr_pool_t *p)
{
    char *err;
    lw_engine_t *e = engine(p, kind_rules, &err);
    lw_request_t req;
    lw_header_t h = { "X-Pad", "fine" };
    lw_result_t res;
    const lw_hit_t *hit;

    CHECK(e != NULL);
    if (!e)
        return;
    memset(&req, 0, sizeof(req));
    req.method = "GET";
    req.uri = "/search?q=aaaa";
    req.headers = &h;
    req.nheaders = 1;
    CHECK(lw_classify(e, &req, NULL, p, &res) == 0 && res.nhits == 0);

    /* headers left out: the evasion signal, flagged whatever the score */
    req.headers_left_out = 3;
    CHECK(lw_classify(e, &req, NULL, p, &res) == 1);
    hit = find_hit(&res, LW_EVASION_RULE_ID);
    CHECK(hit != NULL && res.truncated);
    if (hit)
        CHECK_STR(hit->field, "headers");

    /* a request-target the server cut: medium, protocol, field uri */
    req.headers_left_out = 0;
    req.target_cut = 1;
    CHECK(lw_classify(e, &req, NULL, p, &res) == 1);
    CHECK(res.nhits == 1 && res.score == 3 && res.severity == LW_SEV_MEDIUM);
    CHECK(res.categories == 1u << LW_CAT_PROTOCOL);
    CHECK_HIT_FIELD(&res, LW_CUT_RULE_ID, "uri");
    /* excluded like any rule */
    {
        apr_uint32_t id = LW_CUT_RULE_ID;
        CHECK(lw_result_exclude(&res, &id, 1, 0, 3) == 0 && res.nhits == 0);
    }

    /* the id is the engine's own */
    CHECK(engine(p, "rule 800001\n category protocol\n severity low\n"
                 " msg x\n target uri\n pattern x\n match /x\n nomatch /y\n",
                 &err) == NULL);
    CHECK(err != NULL && strstr(err, "engine's own") != NULL);
}

static void test_cookie_names(apr_pool_t *p)
{
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_result_t res;

    CHECK(e != NULL);
    if (!e)
        return;
    one_header(e, p, "Cookie", "sid=1; benchmark(10000000,md5(1))=1", &res);
    CHECK_HIT_FIELD(&res, 100900, "cookie_names");
    one_header(e, p, "Cookie", "a=1; x|id=2", &res);
    CHECK_HIT_FIELD(&res, 500900, "cookie_names");
    one_header(e, p, "Cookie", "__Host-next-auth.csrf-token=a%7Cb; "
               "_ga_R2D2C3PO42=GS1.1.1; wp-settings-time-1=1733540400; "
               "AMCV_97F1%40AdobeOrg=1; JSESSIONID=node0a.node0", &res);
    CHECK(res.nhits == 0);
    /* standard headers: no SQL or XSS reading of a grammar's punctuation,
     * yet traversal and JNDI anywhere */
    one_header(e, p, "Accept", "text/html,application/xhtml+xml,application/"
               "xml;q=0.9,*/*;q=0.8", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "Accept", "../../../../etc/passwd", &res);
    CHECK(find_hit(&res, 300120) != NULL);
    one_header(e, p, "If-None-Match", "${${::-j}ndi:ldap://x/a}", &res);
    CHECK(find_hit(&res, 500110) != NULL);
    /* a JSON document as a cookie's value: its strings, each alone */
    one_header(e, p, "Cookie", "lang=de; job={\"run\":\"whoami /all\"}",
               &res);
    CHECK_HIT_FIELD(&res, 500900, "cookie");
    one_header(e, p, "Cookie", "s=%7B%22f%22%3A%22%2Fetc%2Fshadow%22%7D",
               &res);
    CHECK(find_hit(&res, 300160) != NULL);
    one_header(e, p, "Cookie", "consent={\"ads\":false,\"stats\":true}; "
               "ui=%7B%22theme%22%3A%22dark%22%2C%22side%22%3A%22%2Fdocs"
               "%2Fstart%22%7D; x={", &res);
    CHECK(res.nhits == 0);
    one_header(e, p, "X-Forwarded-For", "1' AND SLEEP(5)-- -", &res);
    CHECK(find_hit(&res, 100900) == NULL && find_hit(&res, 100910) != NULL);
}

/* The shipped signatures on URL-valued standard headers: a script URL is
 * found as in a Referer, an origin or a URL of the site's is not. */
static void test_url_headers(apr_pool_t *p)
{
    static const struct {
        const char *name, *value;
        int flagged;
    } cases[] = {
        { "Origin", "javascript:alert(document.domain)", 1 },
        { "Origin", "jav\tascript:alert(1)", 1 },
        { "Content-Location", "data:text/html;base64,PHNjcmlwdD4=", 1 },
        { "Origin", "https://www.example.com", 0 },
        { "Origin", "null", 0 },
        { "Origin", "http://localhost:8080", 0 },
        { "Content-Location", "/docs/javascript/intro.html", 0 },
    };
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_result_t res;
    size_t i;

    CHECK(e != NULL);
    if (!e)
        return;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const lw_hit_t *hit;
        one_header(e, p, cases[i].name, cases[i].value, &res);
        hit = find_hit(&res, 200910);
        if (cases[i].flagged) {
            CHECK(hit != NULL && res.score >= LW_DEFAULT_MIN_SCORE);
            if (hit)
                CHECK_STR(hit->field,
                          apr_pstrcat(p, "header:", cases[i].name, NULL));
        }
        else
            CHECK(res.nhits == 0);
        if ((hit != NULL) != cases[i].flagged)
            fprintf(stderr, "  %s: %s: %d hits\n", cases[i].name,
                    cases[i].value, res.nhits);
    }
}

/* target header_names: the name of a header of the client's own, never
 * its value, nor the name of User-Agent, Referer, Cookie or a standard
 * header; a rule on headers never sees a name. A name as long as httpd
 * allows is read like any field. */
static const char name_rules[] =
    "rule 1\n category scanner\n severity high\n msg name\n"
    " target header_names\n literal evil\n literal user-agent\n"
    " literal referer\n literal cookie\n literal accept\n literal origin\n"
    " pattern ^(?:evil(?:-\\w+)?|user-agent|referer|cookie|accept|origin)$\n"
    " match Evil-Aspect: enabled\n nomatch X-Foo: evil\n\n"
    "rule 2\n category scanner\n severity high\n msg value\n"
    " target headers\n literal evil\n pattern ^evil\n"
    " match X-Foo: evil\n nomatch Evil: good\n\n";

static void test_header_names(apr_pool_t *p)
{
    static const char *const unread[] = {
        "User-Agent", "Referer", "Cookie", "Accept", "Origin"
    };
    char *err;
    lw_engine_t *e = engine(p, name_rules, &err);
    lw_result_t res;
    const lw_hit_t *hit;
    char *longname;
    size_t i;

    CHECK(e != NULL);
    if (!e) {
        fprintf(stderr, "%s\n", err ? err : "?");
        return;
    }
    one_header(e, p, "EVIL-Aspect", "enabled", &res);
    hit = find_hit(&res, 1);
    CHECK(hit != NULL && res.nhits == 1);
    if (hit) {
        CHECK_STR(hit->field, "header_names");
        CHECK(hit->excerpt_len == 11);
    }
    one_header(e, p, "X-Foo", "evil", &res);
    CHECK(res.nhits == 1 && find_hit(&res, 2));
    one_header(e, p, "Evil", "evil", &res);
    CHECK(res.nhits == 2);
    for (i = 0; i < sizeof(unread) / sizeof(unread[0]); i++) {
        one_header(e, p, unread[i], "x", &res);
        CHECK(res.nhits == 0);
    }
    longname = apr_palloc(p, 8193);
    memset(longname, 'a', 8192);
    longname[8192] = '\0';
    memcpy(longname, "evil-", 5);
    one_header(e, p, longname, "x", &res);
    CHECK(find_hit(&res, 1) != NULL);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_kinds(p);
    test_grammar(p);
    test_basic(p);
    test_referer_own(p);
    test_url_headers(p);
    test_left_out_and_cut(p);
    test_cookie_names(p);
    test_header_names(p);
    LW_TEST_END();
}
