/* Unit tests for the LogFormat compiler and the line parser. */
#include <stdlib.h>
#include <apr_strings.h>

#include "lw_logformat.h"
#include "lw_test.h"

#define SEED_FMT "%v %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" " \
                 "\"%{User-Agent}i\" %{UNIQUE_ID}e \"%{X-Other}i\""

/* A corpus file: $LW_CORPUS (distcheck sets it), else the corpus beside
 * the source tree. */
static void corpus_file(char *out, apr_size_t n, const char *rel)
{
    const char *c = getenv("LW_CORPUS");
    if (c && *c)
        snprintf(out, n, "%s/%s", c, rel);
    else
        snprintf(out, n, "%s/../shared/corpus/%s", lw_test_srcdir(), rel);
}

static lw_logformat_t *compile(apr_pool_t *p, const char *fmt)
{
    lw_logformat_t *f = NULL;
    char *err = NULL;
    if (lw_logformat_compile(&f, fmt, p, &err) != APR_SUCCESS) {
        fprintf(stderr, "compile %s: %s\n", fmt, err);
        return NULL;
    }
    return f;
}

static int parse(const lw_logformat_t *f, const char *line, apr_pool_t *p,
                 lw_logline_t *l)
{
    return f && lw_logformat_parse(f, line, strlen(line), p, l) == APR_SUCCESS;
}

/* 1995-07-01 04:00:01 UTC */
#define NASA_T0 ((apr_time_t)804571201 * APR_USEC_PER_SEC)

static void test_nicknames(apr_pool_t *p)
{
    lw_logformat_t *f;
    lw_logline_t l;

    f = compile(p, "common");
    CHECK(f != NULL);
    CHECK(parse(f, "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] "
                "\"GET /history/apollo/ HTTP/1.0\" 200 6245", p, &l));
    CHECK_STR(l.client, "199.72.81.55");
    CHECK(l.has_time && l.time == NASA_T0 && l.utc_offset == -4 * 3600);
    CHECK_STR(l.request_line, "GET /history/apollo/ HTTP/1.0");
    CHECK_STR(l.method, "GET");
    CHECK_STR(l.uri, "/history/apollo/");
    CHECK_STR(l.protocol, "HTTP/1.0");
    CHECK(l.status == 200 && l.bytes == 6245);
    CHECK(l.vhost == NULL && l.port == -1 && l.duration_us == -1);
    CHECK(l.nheaders == 0 && l.request_id == NULL);
    /* %b logs "-" for an empty body */
    CHECK(parse(f, "h - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" "
                "304 -", p, &l));
    CHECK(l.bytes == 0 && l.status == 304);

    f = compile(p, "combined");
    CHECK(parse(f, "::1 - bob [10/Oct/2000:13:55:36 +0130] \"GET /a.gif "
                "HTTP/1.1\" 200 2326 \"http://ex.com/start.html\" "
                "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"", p, &l));
    CHECK_STR(l.client, "::1");
    CHECK(l.utc_offset == 5400);
    CHECK(l.time == apr_time_from_sec(971186136 - 5400));
    CHECK(l.nheaders == 2);
    CHECK_STR(lw_logline_header(&l, "referer"), "http://ex.com/start.html");
    CHECK_STR(lw_logline_header(&l, "USER-AGENT"), "Mozilla/4.08 [en] (Win98; I ;Nav)");
    CHECK(lw_logline_header(&l, "Cookie") == NULL);

    f = compile(p, "vhost_combined");
    CHECK(parse(f, "www.ex.com:443 10.1.2.3 - - [10/Oct/2000:13:55:36 -0700] "
                "\"POST /login HTTP/2.0\" 302 512 \"-\" \"curl/8.0\"", p, &l));
    CHECK_STR(l.vhost, "www.ex.com");
    CHECK(l.port == 443);
    CHECK_STR(l.client, "10.1.2.3");
    CHECK_STR(l.method, "POST");
    CHECK(l.status == 302 && l.bytes == 512);
    CHECK(lw_logline_header(&l, "Referer") == NULL);
    CHECK_STR(lw_logline_header(&l, "User-Agent"), "curl/8.0");
}

static void test_seed(apr_pool_t *p)
{
    char path[1024], buf[8192];
    FILE *fp;
    lw_logformat_t *f = compile(p, SEED_FMT);
    lw_logline_t l;
    int n = 0, good = 0, ids = 0, libwww = 0;

    corpus_file(path, sizeof(path), "seed/seed_requests.log");
    fp = fopen(path, "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    while (fgets(buf, sizeof(buf), fp)) {
        apr_size_t len = strlen(buf);
        if (len && buf[len - 1] == '\n')
            buf[--len] = '\0';
        if (!len)
            continue;
        n++;
        if (lw_logformat_parse(f, buf, len, p, &l) != APR_SUCCESS)
            continue;
        if (l.vhost && strncmp(l.vhost, "domain", 6) == 0 && l.client
            && l.status == 500 && l.bytes == 3506 && l.has_time
            && l.utc_offset == -4 * 3600 && l.method && !strcmp(l.method, "GET")
            && l.protocol && !strcmp(l.protocol, "HTTP/1.1") && l.uri
            && l.uri[0] == '/' && l.nheaders == 3
            && lw_logline_header(&l, "Referer") == NULL
            && lw_logline_header(&l, "X-Other") == NULL
            && lw_logline_header(&l, "User-Agent"))
            good++;
        if (l.request_id)
            ids++;
        if (!strcmp(lw_logline_header(&l, "User-Agent"), "libwww-perl/6.02"))
            libwww++;
        if (n == 1) {
            CHECK_STR(l.vhost, "domain1.com");
            CHECK_STR(l.client, "91.224.160.60");
            CHECK_STR(l.request_id, "TgC-OK3By8sACPOAAFA");
            CHECK_STR(lw_logline_header(&l, "User-Agent"), "Python-urllib/2.7");
            CHECK(l.time == apr_time_from_sec(1308671800));
            CHECK(strncmp(l.uri, "/contact/press_release_pop.php?id=-109+UNION"
                          "+SELECT+1,2,3,4,CONCAT(", 57) == 0);
        }
    }
    fclose(fp);
    CHECK(n == 9);
    CHECK(good == 9);
    CHECK(ids == 8);      /* the third line logs "-" */
    CHECK(libwww == 6);
}

static void test_escapes(apr_pool_t *p)
{
    lw_logformat_t *f = compile(p, "combined");
    lw_logline_t l;

    CHECK(parse(f, "1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] "
                "\"GET /s?q=\\\"><script>\\\" HTTP/1.1\" 200 5 \"-\" "
                "\"Mo \\\"zilla\\\" \\\\ \\x41\\x00B\\n\\t\\r\\v\\f\\b \\q\\x4\"",
                p, &l));
    CHECK_STR(l.uri, "/s?q=\"><script>\"");
    CHECK_STR(l.request_line, "GET /s?q=\"><script>\" HTTP/1.1");
    /* \x00 ends the C string: the engine sees what precedes it */
    CHECK_STR(lw_logline_header(&l, "User-Agent"), "Mo \"zilla\" \\ A");
    CHECK(l.time == 1577836800 * APR_USEC_PER_SEC);

    CHECK(parse(f, "1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] \"GET / "
                "HTTP/1.1\" 200 5 \"-\" \"a\\nb\\tc\\rd\\ve\\ff\\bg \\q\\x4\"",
                p, &l));
    CHECK_STR(lw_logline_header(&l, "User-Agent"),
              "a\nb\tc\rd\ve\ff\bg \\q\\x4");

    /* an escaped quote followed by a space does not end the field */
    CHECK(parse(f, "1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] \"GET /x\\\" "
                "200 1 HTTP/1.1\" 200 5 \"-\" \"ua\"", p, &l));
    CHECK_STR(l.uri, "/x\" 200 1");
    CHECK(l.status == 200 && l.bytes == 5);

    /* Strict on purpose: a line with more fields than the format (or a raw
     * quote inside a field) is malformed, so a wrong --format shows up in
     * the counts instead of as garbage in the last field. */
    CHECK(!parse(f, "1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] \"GET / "
                 "HTTP/1.1\" 200 5 \"-\" \"ua\" 1234", p, &l));
    CHECK(!parse(f, "1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] \"GET / "
                 "HTTP/1.1\" 200 5 \"-\" \"a \"raw\" ua\"", p, &l));

    /* TLS bytes sent to a plain port, as Apache logs them */
    CHECK(parse(f, "1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] "
                "\"\\x16\\x03\\x01\\x02\" 400 226 \"-\" \"-\"", p, &l));
    CHECK_STR(l.method, "\x16\x03\x01\x02");
    CHECK(l.uri == NULL && l.protocol == NULL && l.status == 400);
}

static void test_request_split(apr_pool_t *p)
{
    lw_logformat_t *f = compile(p, "common");
    lw_logline_t l;
    const char *pre = "h - - [01/Jan/2020:00:00:00 +0000] ";

#define REQ(r) apr_pstrcat(p, pre, "\"", r, "\" 400 0", NULL)
    CHECK(parse(f, REQ("GET /a b  c HTTP/1.1"), p, &l));
    CHECK_STR(l.method, "GET");
    CHECK_STR(l.uri, "/a b  c");
    CHECK_STR(l.protocol, "HTTP/1.1");
    CHECK(parse(f, REQ("GET /images/ksclogo.gif"), p, &l));
    CHECK_STR(l.uri, "/images/ksclogo.gif");
    CHECK(l.protocol == NULL);
    CHECK(parse(f, REQ("GET /a b"), p, &l));
    CHECK_STR(l.uri, "/a b");
    CHECK(l.protocol == NULL);
    CHECK(parse(f, REQ("GET HTTP/1.0"), p, &l));
    CHECK(l.uri == NULL);
    CHECK_STR(l.protocol, "HTTP/1.0");
    CHECK(parse(f, REQ("-"), p, &l));
    CHECK(l.request_line == NULL && l.method == NULL && l.uri == NULL);
    CHECK(parse(f, REQ(""), p, &l));
    CHECK(l.method == NULL && l.uri == NULL);
    CHECK(parse(f, REQ("OPTIONS"), p, &l));
    CHECK_STR(l.method, "OPTIONS");
    CHECK(l.uri == NULL && l.protocol == NULL);
#undef REQ
}

static void test_directives(apr_pool_t *p)
{
    lw_logformat_t *f;
    lw_logline_t l;

    f = compile(p, "%a %{c}a %V %{local}p 100%% [%D] %T %<s %>s %B %I %O "
                "%{Cookie}i %{NOTE}n %{X}e %{UNIQUE_ID}e %{ms}T|");
    CHECK(f != NULL);
    CHECK(parse(f, "1.1.1.1 2.2.2.2 v.example 8080 100% [1500] 3 200 404 "
                "77 10 20 a=1;b=2 n1 e1 Zid 15|", p, &l));
    CHECK_STR(l.client, "1.1.1.1");
    CHECK_STR(l.vhost, "v.example");
    CHECK(l.port == 8080);
    CHECK(l.status == 404);      /* the final status wins */
    CHECK(l.bytes == 20);        /* last bytes directive */
    CHECK(l.duration_us == 15000);
    CHECK_STR(l.request_id, "Zid");
    CHECK_STR(lw_logline_header(&l, "cookie"), "a=1;b=2");
    CHECK(l.has_time == 0);

    f = compile(p, "%h %T");
    CHECK(parse(f, "h 2", p, &l) && l.duration_us == 2000000);
    /* seconds that do not fit in microseconds: malformed, not an overflow
     * (found by fuzz_logformat) */
    CHECK(parse(f, "h 9223372036854", p, &l) && l.duration_us == 9223372036854000000LL);
    CHECK(!parse(f, "h 9223372036855", p, &l));
    CHECK(!parse(f, "h 444444444444444444", p, &l));
    f = compile(p, "%h %{ms}T");
    CHECK(!parse(f, "h 444444444444444444", p, &l));
    f = compile(p, "%h %>s %s");
    CHECK(parse(f, "h 200 404", p, &l) && l.status == 200);
    f = compile(p, "%h %!200,304{Referer}i");
    CHECK(parse(f, "h http://r/", p, &l));
    CHECK_STR(lw_logline_header(&l, "Referer"), "http://r/");
}

static void test_bad_formats(apr_pool_t *p)
{
    static const char *const bad[] = {
        "%Z", "%h %{foo", "%h%l", "%{x}t", "%h %", "%{x}q", "%{zs}T", "%i",
        "%1{a}i %2{b}i %3{c}i %4{d}i %5{e}i %6{f}i %7{g}i %8{h}i %9{i}i",
    };
    apr_size_t i;
    int fails = 0;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        lw_logformat_t *f = NULL;
        char *err = NULL;
        if (lw_logformat_compile(&f, bad[i], p, &err) == APR_SUCCESS || !err) {
            fails++;
            fprintf(stderr, "accepted bad format: %s\n", bad[i]);
        }
    }
    CHECK(fails == 0);
    {
        lw_logformat_t *f = NULL;
        char *err = NULL;
        CHECK(lw_logformat_compile(&f, "%h %Q", p, &err) != APR_SUCCESS);
        CHECK(err && strstr(err, "%Q") != NULL);
    }
}

static void test_malformed(apr_pool_t *p)
{
    static const char *const bad[] = {
        "",
        "1.2.3.4",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400]",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 12 x",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" abc 12",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1x",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0 200 12",
        "1.2.3.4 - - [01/Jux/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 12",
        "1.2.3.4 - - [01/Jul/1995:25:00:01 -0400] \"GET / HTTP/1.0\" 200 12",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 0400] \"GET / HTTP/1.0\" 200 12",
        "1.2.3.4 - - 01/Jul/1995:00:00:01 -0400 \"GET / HTTP/1.0\" 200 12",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400 \"GET / HTTP/1.0\" 200 12",
        "1.2.3.4 - - [1/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 12",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 2000 12",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 "
            "1234567890123456789012",
        "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / \\\"",
    };
    lw_logformat_t *f = compile(p, "common");
    lw_logline_t l;
    apr_size_t i;
    int fails = 0;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (lw_logformat_parse(f, bad[i], strlen(bad[i]), p, &l) == APR_SUCCESS) {
            fails++;
            fprintf(stderr, "accepted bad line: %s\n", bad[i]);
        }
    CHECK(fails == 0);

    /* every prefix of a good line is malformed, every one is handled */
    {
        const char *good = "1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] "
                           "\"GET /a\\\"b HTTP/1.0\" 200 12 \"-\" \"u\\\"a\"";
        apr_size_t n = strlen(good);
        int accepted = 0;
        f = compile(p, "combined");
        for (i = 0; i < n; i++) {
            char *cut = apr_pmemdup(p, good, i);   /* no NUL after the cut */
            if (lw_logformat_parse(f, cut, i, p, &l) == APR_SUCCESS)
                accepted++;
        }
        CHECK(accepted == 0);
        CHECK(lw_logformat_parse(f, good, n, p, &l) == APR_SUCCESS);
    }
}

static void test_nasa(apr_pool_t *p)
{
    char path[1024], buf[65536];
    FILE *fp;
    lw_logformat_t *f = compile(p, "common");
    lw_logline_t l;
    int n = 0, ok = 0;
    apr_pool_t *sub;

    corpus_file(path, sizeof(path), "benign/nasa_jul95_first10k.log");
    fp = fopen(path, "r");
    CHECK(fp != NULL);
    if (!fp)
        return;
    apr_pool_create(&sub, p);
    while (fgets(buf, sizeof(buf), fp)) {
        apr_size_t len = strlen(buf);
        if (len && buf[len - 1] == '\n')
            buf[--len] = '\0';
        n++;
        if (lw_logformat_parse(f, buf, len, sub, &l) == APR_SUCCESS
            && l.client && l.has_time && l.status >= 100 && l.method)
            ok++;
        apr_pool_clear(sub);
    }
    fclose(fp);
    apr_pool_destroy(sub);
    CHECK(n == 10000);
    /* a real 1995 log: almost every line parses */
    CHECK(ok >= 9990);
    printf("nasa: %d of %d lines parsed\n", ok, n);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_nicknames(p);
    test_seed(p);
    test_escapes(p);
    test_request_split(p);
    test_directives(p);
    test_bad_formats(p);
    test_malformed(p);
    test_nasa(p);
    LW_TEST_END();
}
