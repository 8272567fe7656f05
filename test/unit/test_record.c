/* Unit tests for the attack record: verdicts, the JSON line and its size
 * cap, and reading it back. */
#include <stdlib.h>
#include <apr_strings.h>

#include "lw_record.h"
#include "lw_json.h"
#include "lw_test.h"

static void test_verdict(void)
{
    static const struct { int status; const char *v; } t[] = {
        {200, "served"}, {204, "served"}, {299, "served"},
        {301, "redirected"}, {302, "redirected"}, {304, "redirected"},
        {400, "rejected"}, {401, "blocked"}, {403, "blocked"},
        {404, "not_found"}, {405, "rejected"}, {406, "blocked"},
        {408, "rejected"}, {410, "not_found"}, {414, "rejected"},
        {429, "blocked"}, {499, "rejected"},
        {500, "error"}, {503, "error"}, {599, "error"},
        {100, "unknown"}, {0, "unknown"}, {-1, "unknown"}, {600, "unknown"},
    };
    apr_size_t i;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        CHECK_STR(lw_verdict(t[i].status), t[i].v);
}

/* 2011-06-21 15:56:40 UTC, logged in a -04:00 zone */
#define T0 ((apr_time_t)1308671800 * APR_USEC_PER_SEC)

static void fill(lw_record_t *r, lw_result_t *res, apr_pool_t *p)
{
    static const char ex1[] = "UNION SELECT\x00\x1b\"\\";
    lw_record_init(r);
    r->time = T0 + 123456;
    r->utc_offset = -4 * 3600;
    r->host = "web1";
    r->vhost = "domain1.com";
    r->port = 80;
    r->client = "91.224.160.60";
    r->peer = "10.0.0.1";
    r->method = "GET";
    r->uri = "/contact/press_release_pop.php?id=-109+UNION+SELECT+1,2\"\\\x7f";
    r->protocol = "HTTP/1.1";
    r->status = 500;
    r->bytes = 3506;
    r->duration_us = 1234;
    r->referer = "http://x/\xe9";
    r->user_agent = "Python-urllib/2.7";
    r->request_id = "TgC-OK3By8sACPOAAFA";

    memset(res, 0, sizeof(*res));
    res->nhits = 2;
    res->hits[0].rule_id = 100100;
    res->hits[0].category = LW_CAT_SQLI;
    res->hits[0].severity = LW_SEV_HIGH;
    res->hits[0].msg = "UNION SELECT";
    res->hits[0].field = "args:id";
    res->hits[0].excerpt = ex1;
    res->hits[0].excerpt_len = sizeof(ex1) - 1;
    res->hits[1].rule_id = 900001;
    res->hits[1].category = LW_CAT_TOOL;
    res->hits[1].severity = LW_SEV_INFO;
    res->hits[1].msg = "Python urllib";
    res->hits[1].field = "user_agent";
    res->hits[1].excerpt = "Python-urllib";
    res->hits[1].excerpt_len = 13;
    res->score = 4;
    res->severity = LW_SEV_HIGH;
    res->categories = (1u << LW_CAT_SQLI) | (1u << LW_CAT_SERVER_ERROR);
    res->tool = "python-urllib";
    lw_record_set_result(r, res, p);
}

static void test_round_trip(apr_pool_t *p)
{
    lw_record_t r, back;
    lw_result_t res;
    apr_size_t len;
    const char *err = NULL, *line;
    static const char *const order[] = {
        "\"time\":", "\"host\":", "\"vhost\":", "\"port\":", "\"client\":",
        "\"peer\":", "\"method\":", "\"uri\":", "\"protocol\":", "\"status\":",
        "\"bytes\":", "\"duration_us\":", "\"referer\":", "\"user_agent\":",
        "\"request_id\":", "\"verdict\":", "\"severity\":", "\"score\":",
        "\"categories\":", "\"rules\":", "\"tool\":",
    };
    const char *prev = NULL, *at;
    apr_size_t i;
    int in_order = 1;

    fill(&r, &res, p);
    CHECK(r.nrules == 2 && r.rules[0].id == 100100);
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(len == strlen(line) && line[len - 1] == '\n');
    CHECK(memchr(line, '\n', len - 1) == NULL);
    CHECK(strstr(line, "\"time\":\"2011-06-21T11:56:40.123456-04:00\"") != NULL);
    CHECK(strstr(line, "\"excerpt\":\"UNION SELECT\\\\x00\\\\x1b\\\"\\\\\\\\\"") != NULL);
    CHECK(strstr(line, "\"categories\":[\"sqli\",\"server_error\"]") != NULL);
    CHECK(strstr(line, "\"verdict\":\"error\"") != NULL);
    CHECK(strstr(line, "\"severity\":\"high\"") != NULL);
    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        at = strstr(line, order[i]);
        if (!at || (prev && at < prev))
            in_order = 0;
        prev = at;
    }
    CHECK(in_order);

    CHECK(lw_record_parse(p, line, len - 1, &back, &err) == APR_SUCCESS);
    CHECK(back.time == r.time);
    CHECK(back.utc_offset == r.utc_offset);
    CHECK_STR(back.host, "web1");
    CHECK_STR(back.vhost, "domain1.com");
    CHECK(back.port == 80);
    CHECK_STR(back.client, "91.224.160.60");
    CHECK_STR(back.peer, "10.0.0.1");
    CHECK_STR(back.method, "GET");
    CHECK_STR(back.uri, "/contact/press_release_pop.php?id=-109+UNION+SELECT+1,2\"\\\\\\x7f");
    CHECK_STR(back.protocol, "HTTP/1.1");
    CHECK(back.status == 500);
    CHECK(back.bytes == 3506);
    CHECK(back.duration_us == 1234);
    CHECK_STR(back.referer, "http://x/\\xe9");
    CHECK_STR(back.user_agent, "Python-urllib/2.7");
    CHECK_STR(back.request_id, "TgC-OK3By8sACPOAAFA");
    CHECK_STR(back.verdict, "error");
    CHECK(back.severity == LW_SEV_HIGH);
    CHECK(back.score == 4);
    CHECK(back.categories == r.categories);
    CHECK_STR(back.tool, "python-urllib");
    CHECK(back.nrules == 2);
    if (back.nrules == 2) {
        CHECK(back.rules[0].id == 100100);
        CHECK(back.rules[0].category == LW_CAT_SQLI);
        CHECK(back.rules[0].severity == LW_SEV_HIGH);
        CHECK_STR(back.rules[0].field, "args:id");
        CHECK_STR(back.rules[0].msg, "UNION SELECT");
        CHECK_STR(back.rules[0].excerpt, "UNION SELECT\\x00\\x1b\"\\\\");
        CHECK(back.rules[1].category == LW_CAT_TOOL);
        CHECK(back.rules[1].severity == LW_SEV_INFO);
    }

    /* positive offsets and the date line */
    r.utc_offset = 5 * 3600 + 1800;
    /* 2011-06-22 00:56:40 UTC is 06:26:40 at +05:30 */
    r.time = T0 + apr_time_from_sec(9 * 3600);
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(strstr(line, "\"time\":\"2011-06-22T06:26:40.000000+05:30\"") != NULL);
    CHECK(lw_record_parse(p, line, len - 1, &back, &err) == APR_SUCCESS);
    CHECK(back.time == r.time && back.utc_offset == r.utc_offset);
}

static void test_unknown_left_out(apr_pool_t *p)
{
    lw_record_t r;
    apr_size_t len;
    const char *line;

    lw_record_init(&r);
    r.status = 404;
    line = lw_record_json(p, &r, 4096, &len);
    CHECK_STR(line, "{\"status\":404,\"verdict\":\"not_found\",\"categories\":[],\"rules\":[]}\n");
    lw_record_init(&r);
    line = lw_record_json(p, &r, 4096, &len);
    CHECK_STR(line, "{\"categories\":[],\"rules\":[]}\n");
}

static char *filled(apr_pool_t *p, apr_size_t n, char c)
{
    char *s = apr_palloc(p, n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static int ends_cut(const char *s)
{
    apr_size_t n = s ? strlen(s) : 0;
    return n >= 8 && strcmp(s + n - 8, "...[cut]") == 0;
}

/* Line within max, one '\n' at the end, valid, and parsed back into rb. */
static int good_line(apr_pool_t *p, const char *line, apr_size_t len,
                     apr_size_t max, lw_record_t *rb)
{
    const char *err = NULL;
    return len <= max && len == strlen(line) && line[len - 1] == '\n'
        && memchr(line, '\n', len - 1) == NULL
        && lw_record_parse(p, line, len - 1, rb, &err) == APR_SUCCESS;
}

static void test_cap(apr_pool_t *p)
{
    lw_record_t r, b;
    lw_result_t res;
    apr_size_t len;
    const char *line;
    char ex[LW_MAX_EXCERPT];
    int i, ok;

    memset(ex, 1, sizeof(ex));
    fill(&r, &res, p);
    res.nhits = LW_MAX_HITS;
    for (i = 0; i < LW_MAX_HITS; i++) {
        res.hits[i] = res.hits[0];
        res.hits[i].rule_id = 100 + (apr_uint32_t)i;
        res.hits[i].excerpt = ex;
        res.hits[i].excerpt_len = sizeof(ex);
    }
    lw_record_set_result(&r, &res, p);

    /* 1. only the excerpts are long (12 x 96 x "\\x01" = 5.7 KB): they go
     *    first, the rest stays whole */
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(good_line(p, line, len, 4096, &b));
    CHECK(b.nrules == LW_MAX_HITS && ends_cut(b.rules[0].excerpt));
    CHECK(strlen(b.rules[0].excerpt) > 8);   /* cut, not emptied */
    CHECK_STR(b.uri, "/contact/press_release_pop.php?id=-109+UNION+SELECT+1,2\"\\\\\\x7f");
    CHECK_STR(b.user_agent, "Python-urllib/2.7");

    /* 2. a 10 KB user agent: excerpts emptied, then the UA cut; the URI
     *    stays */
    r.user_agent = filled(p, 10000, 'u');
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(good_line(p, line, len, 4096, &b));
    CHECK_STR(b.rules[0].excerpt, "...[cut]");
    CHECK(ends_cut(b.user_agent) && strlen(b.user_agent) > 1000);
    CHECK(!ends_cut(b.uri) && !ends_cut(b.referer));
    CHECK(len > 4000);   /* the cut keeps as much as fits */

    /* 3. 10 KB URI, UA and referer of hostile bytes: all cut, the URI
     *    last */
    r.user_agent = filled(p, 10000, '\x1b');
    r.referer = filled(p, 10000, '"');
    r.uri = filled(p, 10000, '\\');
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(good_line(p, line, len, 4096, &b));
    CHECK_STR(b.user_agent, "...[cut]");
    CHECK_STR(b.referer, "...[cut]");
    CHECK(ends_cut(b.uri) && strlen(b.uri) > 1000);
    CHECK(b.status == 500 && b.nrules == LW_MAX_HITS && b.score == 4);

    /* 4. every size from 512 to PIPE_BUF, every field long, hostile: the
     *    cap always holds and the line always parses */
    r.host = r.vhost = r.method = r.protocol = r.request_id = filled(p, 3000, '\xff');
    r.tool = r.client = r.peer = r.request_id;
    for (i = 0; i < r.nrules; i++)
        r.rules[i].msg = r.rules[i].field = filled(p, 600, '"');
    ok = 1;
    for (len = 512; len <= 4096; len += 61) {
        apr_size_t got;
        line = lw_record_json(p, &r, len, &got);
        if (!good_line(p, line, got, len, &b) || b.status != 500
            || b.score != 4 || b.time != r.time)
            ok = 0;
    }
    CHECK(ok);
    line = lw_record_json(p, &r, 512, &len);
    CHECK(good_line(p, line, len, 512, &b));
    CHECK(b.categories == r.categories);
    CHECK(b.nrules < LW_MAX_HITS);   /* rules dropped from the end ... */
    CHECK(b.nrules == 0 || b.rules[0].id == 100);

    /* 5. below the documented minimum, the fixed members alone remain */
    r.categories = (1u << LW_CAT__COUNT) - 1;
    line = lw_record_json(p, &r, 300, &len);
    CHECK(good_line(p, line, len, 300, &b));
    CHECK(b.status == 500 && b.time == r.time && b.uri == NULL);
    CHECK(b.categories == r.categories);
}

static void test_parse(apr_pool_t *p)
{
    lw_record_t r;
    const char *err;
    static const char *const bad[] = {
        "", "[]", "\"x\"", "{\"status\":\"500\"}", "{\"status\":500.5}",
        "{\"status\":-3}", "{\"port\":70000}", "{\"uri\":1}",
        "{\"time\":\"yesterday\"}", "{\"time\":\"2011-06-21T11:56:40+0400\"}",
        "{\"time\":\"2011-13-21T11:56:40Z\"}", "{\"time\":5}",
        "{\"categories\":\"sqli\"}", "{\"categories\":[1]}",
        "{\"rules\":[1]}", "{\"rules\":[{\"id\":\"5\"}]}",
        "{\"rules\":{}}", "{\"severity\":3}", "{\"bytes\":true}",
        "{\"status\":500", "{\"status\":500}x",
    };
    apr_size_t i;
    int fails = 0;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err = NULL;
        if (lw_record_parse(p, bad[i], strlen(bad[i]), &r, &err) == APR_SUCCESS
            || !err) {
            fails++;
            fprintf(stderr, "accepted bad record: %s\n", bad[i]);
        }
    }
    CHECK(fails == 0);

    /* unknown members and nulls are fine; unknown category names skipped */
    {
        static const char ok[] =
            "{\"new_thing\":{\"a\":[1,2]},\"status\":403,\"uri\":null,"
            "\"categories\":[\"xss\",\"from_the_future\"],\"time\":"
            "\"2011-06-21T15:56:40Z\",\"rules\":[{\"id\":7,\"extra\":1}]}";
        CHECK(lw_record_parse(p, ok, sizeof(ok) - 1, &r, &err) == APR_SUCCESS);
        CHECK(r.status == 403 && r.uri == NULL && r.port == -1);
        CHECK(r.categories == (1u << LW_CAT_XSS));
        CHECK(r.time == T0 && r.utc_offset == 0);
        CHECK(r.nrules == 1 && r.rules[0].id == 7 && r.rules[0].category == -1);
        CHECK(r.bytes == -1 && r.severity == -1 && r.score == -1);
    }
}

/* The shared time grammar: fields, the instant, and what it refuses. */
/* "evidence": written escaped after the categories, cut with the other
 * excerpts when the line is too long, read back. */
static void test_evidence(apr_pool_t *p)
{
    lw_record_t r, back;
    lw_result_t res;
    apr_size_t len;
    const char *err = NULL, *line;
    static const char ex[] = ">root:x:0:0:root:/root:/bin/bash\n\x1b\"</pre>";
    char big[4000];

    fill(&r, &res, p);
    r.verdict = "leaked";
    r.ev_id = 950100;
    r.ev_msg = "passwd file contents";
    r.ev_excerpt = ex;
    r.ev_excerpt_len = sizeof(ex) - 1;
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(strstr(line, "\"verdict\":\"leaked\"") != NULL);
    CHECK(strstr(line, "\"evidence\":{\"id\":950100,\"msg\":\"passwd file "
                 "contents\",\"excerpt\":\">root:x:0:0:root:/root:/bin/bash"
                 "\\\\x0a\\\\x1b\\\"</pre>\"}") != NULL);
    CHECK(strstr(line, "\"categories\":") < strstr(line, "\"evidence\":")
          && strstr(line, "\"evidence\":") < strstr(line, "\"rules\":"));
    CHECK(lw_record_parse(p, line, len - 1, &back, &err) == APR_SUCCESS);
    CHECK(back.ev_id == 950100);
    CHECK_STR(back.ev_msg, "passwd file contents");
    /* read back as written: control bytes stay in their \\xhh text */
    CHECK_STR(back.ev_excerpt, ">root:x:0:0:root:/root:/bin/bash\\x0a\\x1b"
              "\"</pre>");
    CHECK_STR(back.verdict, "leaked");
    /* a long excerpt is cut to fit, the evidence stays */
    memset(big, 'A', sizeof(big));
    r.ev_excerpt = big;
    r.ev_excerpt_len = sizeof(big);
    line = lw_record_json(p, &r, 1024, &len);
    CHECK(len <= 1024 && strstr(line, "\"evidence\":{\"id\":950100") != NULL);
    CHECK(lw_record_parse(p, line, len - 1, &back, &err) == APR_SUCCESS);
    /* no evidence: no member */
    r.ev_id = 0;
    line = lw_record_json(p, &r, 4096, &len);
    CHECK(strstr(line, "evidence") == NULL);
    /* a wrong type is not a record */
    CHECK(lw_record_parse(p, "{\"evidence\":[1]}", 16, &back, &err)
          != APR_SUCCESS);
    CHECK(lw_record_parse(p, "{\"evidence\":{\"id\":\"x\"}}", 23, &back,
                          &err) != APR_SUCCESS);
}

static void test_time(void)
{
    static const char ok[] = "2011-06-21T11:56:40.1234567-04:00";
    static const char *const bad[] = {
        "2011-06-21T11:56:40+0400", "2011-06-21T11:56:40+25:00",
        "2011-06-21T24:00:00Z", "2011-06-21T11:56:40.Z", "2011-6-21T11:56:40Z",
        "2011-06-21T11:56:40Zx",
    };
    lw_rec_time_t tm;
    apr_time_t t = 0;
    apr_size_t i;
    int v = -1;

    CHECK(lw_rec_time_split(ok, sizeof(ok) - 1, &tm) == 0);
    CHECK(tm.year == 2011 && tm.mon == 6 && tm.mday == 21 && tm.hour == 11
          && tm.min == 56 && tm.sec == 40 && tm.usec == 123456
          && tm.utc_offset == -4 * 3600);
    CHECK(lw_rec_time_get(&tm, &t) == 0 && t == T0 + 123456);
    CHECK(lw_rec_time_split("1969-12-31T23:59:59Z", 20, &tm) == 0);
    CHECK(lw_rec_time_get(&tm, &t) != 0);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(lw_rec_time_split(bad[i], strlen(bad[i]), &tm) != 0);
    CHECK(lw_digits("0429x", 4, &v) == 0 && v == 429);
    CHECK(lw_digits("04x9", 4, &v) != 0 && lw_digits("", 1, &v) != 0);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_verdict();
    test_round_trip(p);
    test_unknown_left_out(p);
    test_cap(p);
    test_parse(p);
    test_time();
    test_evidence(p);
    /* The one list of verdicts: names and enum agree both ways. */
    {
        int v;
        for (v = 0; v < LW_V__COUNT; v++)
            CHECK(lw_verdict_from_name(lw_verdict_name(v),
                                       strlen(lw_verdict_name(v))) == v);
        CHECK(lw_verdict_name(LW_V__COUNT) == NULL && lw_verdict_name(-1) == NULL);
        CHECK(lw_verdict_from_name("served!", 6) == LW_V_SERVED);
        CHECK(lw_verdict_from_name("serve", 5) == LW_V_UNKNOWN);
        CHECK(lw_verdict_from_name("servedX", 7) == LW_V_UNKNOWN);
        CHECK(lw_verdict_from_name(NULL, 0) == LW_V_UNKNOWN);
        CHECK(lw_verdict_of_status(429) == LW_V_BLOCKED);
        CHECK(lw_verdict_of_status(410) == LW_V_NOT_FOUND);
        CHECK(lw_verdict_of_status(99) == LW_V_UNKNOWN);
        /* the breaches rank above served, in the reports' order */
        CHECK(LW_V_LEAKED < LW_V_SERVED && LW_V_WEBSHELL < LW_V_SERVED
              && LW_V_ANOMALOUS_SIZE < LW_V_SERVED);
        CHECK_STR(lw_verdict_name(LW_V_ANOMALOUS_SIZE), "anomalous_size");
    }
    LW_TEST_END();
}
