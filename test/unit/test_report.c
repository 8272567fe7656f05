/* The report's "needs action" block and charts: applications (routes,
 * static files and tool-only hits kept apart, the most severe example),
 * attacks per hour, the time chart's bins, the sections' order in every
 * format, 80 columns in text and escaping in the SVG. Records are written
 * by the real writer (lw_record_json). */
#include <stdlib.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_test_report.h"
#include "lw_sum.h"
#include "lw_sum_int.h"
#include "lw_report.h"
#include "lw_record.h"

#define C(x) (1u << LW_CAT_##x)
#define HOUR 3600

/* One record; t in seconds since the epoch (UTC). */
static void feed(lw_summary_t *s, apr_pool_t *p, apr_int64_t t,
                 const char *client, const char *vhost, const char *uri,
                 int status, apr_uint32_t cats, int sev)
{
    lw_record_t r;

    lw_test_get_record(&r, apr_time_from_sec(t), "web1", client, vhost, uri);
    r.status = status;
    r.user_agent = "Mozilla/5.00 (Nikto/2.1.6)";
    r.categories = cats;
    r.severity = sev;
    r.score = 5;
    lw_test_add_record(s, p, &r);
}

static void add(lw_summary_t *s, const char *line)
{
    lw_summary_add_line(s, line, strlen(line));
}

static const char *route(apr_pool_t *p, const char *path)
{
    char *buf = apr_palloc(p, 256);
    lw_sum_route(path, strlen(path), buf);
    return buf;
}

static void test_static_and_routes(apr_pool_t *p)
{
    CHECK(lw_sum_static_path("/DVWA/dvwa/css/login.css", 24));
    CHECK(lw_sum_static_path("/A/LOGO.PNG", 11));
    CHECK(lw_sum_static_path("/x.js;jsessionid=12", 19));
    CHECK(!lw_sum_static_path("/.env", 5));
    CHECK(!lw_sum_static_path("/backup.sql", 11));
    CHECK(!lw_sum_static_path("/index.php", 10));
    CHECK(!lw_sum_static_path("/css/", 5));
    CHECK(!lw_sum_static_path("/a.css/b.php", 12));
    CHECK(!lw_sum_static_path("/", 1));

    CHECK_STR(route(p, "/product/1234"), "/product/{id}");
    CHECK_STR(route(p, "/2024/03/post-title"), "/{id}/{id}/post-title");
    CHECK_STR(route(p, "/u/550e8400-e29b-41d4-a716-446655440000/edit"),
              "/u/{id}/edit");
    CHECK_STR(route(p, "/item/abc/deadbeef"), "/item/abc/deadbeef");
    CHECK_STR(route(p, "/s/0a1b2c3d4e5f"), "/s/{id}");
    CHECK_STR(route(p, "//index.php"), "//index.php");
    {
        char *longp = apr_palloc(p, 1001);
        const char *r;
        memset(longp, 'a', 1000);
        longp[0] = '/';
        longp[1000] = '\0';
        r = route(p, longp);
        CHECK(strlen(r) == 203 && strcmp(r + 200, "...") == 0);
    }
}

static void test_apps(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    apr_array_header_t *a;
    const lw_app_t *x;
    apr_int64_t t = 1709258400;         /* 2024-03-01 02:00 UTC */
    int i;

    /* the crawl: static files and a page with only the tool's User-Agent */
    for (i = 0; i < 40; i++)
        feed(s, p, t + i, "45.155.205.233", "dvwa.example",
             i % 2 ? "/DVWA/dvwa/css/login.css" : "/DVWA/logo.png?v=1", 200,
             C(SCANNER), LW_SEV_MEDIUM);
    feed(s, p, t + 50, "45.155.205.233", "dvwa.example", "/DVWA/login.php",
         200, C(SCANNER), LW_SEV_MEDIUM);
    /* one application, two ids: the critical request is the example */
    feed(s, p, t + 60, "185.220.101.4", "shop.example", "/item/1?id=1'",
         200, C(SQLI) | C(TOOL), LW_SEV_HIGH);
    feed(s, p, t + 61, "185.220.101.4", "shop.example",
         "/item/2?id=1+UNION+SELECT+1", 200, C(SQLI), LW_SEV_CRITICAL);
    feed(s, p, t + 62, "185.220.101.4", "shop.example", "/item/3?id=1'",
         200, C(SQLI) | C(SCANNER), LW_SEV_HIGH);
    /* a payload of a scanner is an application attack, not scanner traffic */
    feed(s, p, t + 63, "45.155.205.233", "dvwa.example",
         "/DVWA/vulnerabilities/xss_r/?name=<script>", 200,
         C(XSS) | C(SCANNER), LW_SEV_HIGH);
    /* not served: never an application to review */
    feed(s, p, t + 64, "185.220.101.4", "shop.example", "/admin.php?x='",
         403, C(SQLI), LW_SEV_CRITICAL);
    feed(s, p, t + 65, "185.220.101.4", "shop.example", "/err.php?x='",
         500, C(SQLI), LW_SEV_CRITICAL);

    CHECK(s->scanner.static_files == 40 && s->scanner.tool_only == 1);
    a = lw_summary_apps(s, p);
    CHECK(a->nelts == 2);
    if (a->nelts != 2)
        return;
    x = APR_ARRAY_IDX(a, 0, const lw_app_t *);
    CHECK_STR(x->vhost, "shop.example");
    CHECK_STR(x->route, "/item/{id}");
    CHECK(x->attacks == 3 && x->by_cat[LW_CAT_SQLI] == 3
          && x->by_cat[LW_CAT_SCANNER] == 1 && x->by_cat[LW_CAT_TOOL] == 0);
    CHECK(x->severity == LW_SEV_CRITICAL);
    CHECK_STR(x->example, "/item/2?id=1+UNION+SELECT+1");
    x = APR_ARRAY_IDX(a, 1, const lw_app_t *);
    CHECK_STR(x->route, "/DVWA/vulnerabilities/xss_r/");
    CHECK(x->severity == LW_SEV_HIGH);

    /* bounded: past LW_SUM_MAX_KEYS applications of a site, only counted */
    {
        lw_summary_t *b = lw_summary_create(p);
        for (i = 0; i < LW_SUM_MAX_KEYS + 3; i++)
            feed(b, p, t + i, "192.0.2.1", "big.example",
                 apr_psprintf(p, "/app%d.php?x='", i), 200, C(SQLI),
                 LW_SEV_HIGH);
        CHECK(lw_summary_apps(b, p)->nelts == LW_SUM_MAX_KEYS);
        CHECK(b->apps_dropped == 3);
    }

    /* the severity of records written otherwise: no verdict member (the
     * status says served), an escaped verdict, members in another order;
     * a value that looks like the member is no member */
    s = lw_summary_create(p);
    add(s, "{\"time\":\"2024-03-01T02:00:00Z\",\"vhost\":\"v\",\"client\":"
           "\"192.0.2.1\",\"uri\":\"/a?x=1\",\"status\":200,\"severity\":"
           "\"medium\",\"categories\":[\"sqli\"]}");
    add(s, "{\"severity\":\"high\",\"time\":\"2024-03-01T02:00:01Z\","
           "\"vhost\":\"v\",\"client\":\"192.0.2.1\",\"uri\":\"/b?x=1\","
           "\"verdict\":\"\\u0073erved\",\"categories\":[\"sqli\"]}");
    add(s, "{\"time\":\"2024-03-01T02:00:02Z\",\"vhost\":\"v\",\"client\":"
           "\"192.0.2.1\",\"uri\":\"/c?\\\"severity\\\":\\\"critical\","
           "\"verdict\":\"served\",\"severity\":\"low\","
           "\"categories\":[\"xss\"]}");
    a = lw_summary_apps(s, p);
    CHECK(a->nelts == 3);
    if (a->nelts != 3)
        return;
    CHECK_STR(APR_ARRAY_IDX(a, 0, lw_app_t *)->route, "/b");
    CHECK(APR_ARRAY_IDX(a, 0, lw_app_t *)->severity == LW_SEV_HIGH);
    CHECK_STR(APR_ARRAY_IDX(a, 1, lw_app_t *)->route, "/a");
    CHECK(APR_ARRAY_IDX(a, 1, lw_app_t *)->severity == LW_SEV_MEDIUM);
    CHECK_STR(APR_ARRAY_IDX(a, 2, lw_app_t *)->route, "/c");
    CHECK(APR_ARRAY_IDX(a, 2, lw_app_t *)->severity == LW_SEV_LOW);
}

static void test_hours_and_bins(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    lw_report_opts_t o;
    lw_report_view_t *v;
    apr_int64_t t = 1709258400;         /* 2024-03-01 02:00 UTC */
    int i;

    lw_report_opts_init(&o);
    feed(s, p, t + 10, "192.0.2.1", "a", "/a?x=1", 404, C(SQLI), LW_SEV_HIGH);
    feed(s, p, t + 20, "192.0.2.1", "a", "/a?x=2", 404, C(SQLI) | C(XSS),
         LW_SEV_HIGH);
    feed(s, p, t + 2 * HOUR, "192.0.2.1", "a", "/a?x=3", 404, C(LFI),
         LW_SEV_HIGH);
    v = lw_report_view(s, &o, p);
    CHECK(v->bin_hours == 1 && v->nbins == 3);
    CHECK(v->bin0 == apr_time_from_sec(t));
    CHECK(v->bin_attacks[0] == 2 && v->bin_attacks[1] == 0
          && v->bin_attacks[2] == 1 && v->bin_max == 2);
    CHECK(v->bins[LW_CAT_SQLI] == 2 && v->bins[LW_CAT_XSS] == 1);
    CHECK(v->bins[2 * LW_CAT__COUNT + LW_CAT_LFI] == 1);
    CHECK_STR(lw_fmt_bin(p, v, 2), "2024-03-01 04:00");

    /* a one-day window shows its 24 hours, quiet ones too */
    s->since = apr_time_from_sec(t - 2 * HOUR);
    s->until = s->since + apr_time_from_sec(24 * HOUR);
    v = lw_report_view(s, &o, p);
    CHECK(v->bin_hours == 1 && v->nbins == 24 && v->bin_attacks[2] == 2);

    /* more than two days: one bin a day */
    s = lw_summary_create(p);
    for (i = 0; i < 4; i++)
        feed(s, p, t + i * 24 * HOUR, "192.0.2.1", "a", "/a?x=1", 404,
             C(SQLI), LW_SEV_HIGH);
    v = lw_report_view(s, &o, p);
    CHECK(v->bin_hours == 24 && v->nbins == 4 && v->bin_attacks[3] == 1);
    CHECK_STR(lw_fmt_bin(p, v, 0), "2024-03-01");

    /* bounded: hours past the cap only count in the totals */
    s = lw_summary_create(p);
    for (i = 0; i < LW_SUM_MAX_HOURS + 5; i++)
        feed(s, p, t + (apr_int64_t)i * HOUR, "192.0.2.1", "a", "/a?x=1",
             404, C(SQLI), LW_SEV_HIGH);
    CHECK(apr_hash_count(s->hours) == LW_SUM_MAX_HOURS);
    CHECK(s->hours_dropped == 5 && s->attacks == LW_SUM_MAX_HOURS + 5);
    v = lw_report_view(s, &o, p);
    CHECK(v->bin_hours == 24 && v->nbins == LW_REPORT_MAX_DAYS);
}

/* Every line of a text at most 80 columns. */
static int fits(const char *text)
{
    const char *nl;

    for (; (nl = strchr(text, '\n')) != NULL; text = nl + 1)
        if (nl - text > 80)
            return 0;
    return strlen(text) <= 80;
}

static void test_formats(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    lw_report_opts_t o;
    apr_int64_t t = 1709258400;
    char *longuri = apr_palloc(p, 3001), *longhost = apr_palloc(p, 301);
    const char *text, *html, *json, *prev;
    int i;

    memset(longuri, 'A', 3000);
    memcpy(longuri, "/long.php?q=", 12);
    longuri[3000] = '\0';
    memset(longhost, 'h', 300);
    longhost[300] = '\0';
    feed(s, p, t, "198.51.100.7", "<script>alert(1)</script>",
         "/<b>x</b>.php?q=<script>", 200, C(XSS), LW_SEV_HIGH);
    for (i = 0; i < 3; i++)
        feed(s, p, t + i, "174.121.218.75", longhost, longuri, 200,
             C(SQLI) | C(LFI) | C(RCE) | C(XSS) | C(PROBE) | C(PROTOCOL),
             LW_SEV_CRITICAL);
    lw_report_opts_init(&o);

    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(fits(text));
    /* the long example is cut, and says so */
    CHECK(strstr(text, "    most severe (critical): /long.php?q=AAAA") != NULL);
    CHECK(strstr(text, "AAA...\n") != NULL);
    /* sections in their one order */
    for (i = 0, prev = text; i < LW_RS__COUNT; i++) {
        const char *at;
        if (i == LW_RS_FAILING || i == LW_RS_HOSTS || i >= LW_RS_DISK)
            continue;           /* not there: nothing to show */
        at = strstr(text, apr_pstrcat(p, "\n\n", lw_report_section(i)->title,
                                      "\n", NULL));
        CHECK(at != NULL && at > prev);
        if (at)
            prev = at;
    }

    html = lw_test_render(s, &o, lw_report_html, p);
    CHECK(strstr(html, "<script") == NULL && strstr(html, "<b>") == NULL);
    CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    /* a route breaks between its segments only */
    CHECK(strstr(html, "<code class=route>/<wbr>&lt;b&gt;x&lt;/<wbr>b&gt;.php"
                 "</code>") != NULL);
    for (i = 0, prev = html; i < LW_RS__COUNT; i++) {
        const char *at = strstr(html, apr_psprintf(p, "<section id=\"%s\"",
                                                   lw_report_section(i)->id));
        if (i == LW_RS_FAILING || i == LW_RS_HOSTS || i >= LW_RS_DISK) {
            CHECK(at == NULL);
            continue;
        }
        CHECK(at != NULL && at > prev);
        if (at)
            prev = at;
    }
    /* the charts: time, categories, verdicts, top sources and targets */
    CHECK(strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
                 "timeline\"") != NULL);
    CHECK(strstr(html, "class=\"chart categories\"") != NULL);
    CHECK(strstr(html, "class=\"chart verdicts\"") != NULL);
    CHECK(strstr(html, "class=\"chart top-sources\"") != NULL);
    CHECK(strstr(html, "class=\"chart top-targets\"") != NULL);
    CHECK(strstr(html, "<rect class=\"sqli\"") != NULL);
    CHECK(strstr(html, "<g class=\"legend\">") != NULL);
    /* a label in a chart: cut, escaped, whole in the tooltip */
    CHECK(strstr(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt;: 1: xss 1"
                 "</title>") != NULL);

    json = lw_test_render(s, &o, lw_report_json, p);
    CHECK(strstr(json, "\"sections\":[\"breaches\",\"apps\",\"report-sources\","
                 "\"alert-sites\",\"timeline\"") != NULL);
    CHECK(strstr(json, "\"sources_to_report\":[\"174.121.218.75\"]") != NULL);
    CHECK(strstr(json, "\"timeline\":{\"bin\":\"hour\",\"bins\":[{\"start\":"
                 "\"2024-03-01T02:00:00+00:00\",\"attacks\":4,\"categories\":"
                 "{\"sqli\":3,\"xss\":4,\"lfi\":3,\"rce\":3,\"probe\":3,"
                 "\"protocol\":3}}]") != NULL);
    CHECK(strstr(json, "{\"vhost\":\"<script>alert(1)</script>\",\"route\":"
                 "\"/<b>x</b>.php\",\"attacks\":1,\"categories\":{\"xss\":1},"
                 "\"severity\":\"high\",\"example\":\"/<b>x</b>.php?q=<script>\"}")
          != NULL);
}

/* A field full of spaces (a User-Agent) is wrapped over many lines, all
 * of it, each within 80 columns. */
static void test_long_fields(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    lw_report_opts_t o;
    const char *text;
    char *ua = apr_palloc(p, 20001);
    int i;

    for (i = 0; i < 20000; i += 2)
        memcpy(ua + i, "a ", 2);
    ua[19999] = 'z';
    ua[20000] = '\0';
    add(s, apr_psprintf(p, "{\"time\":\"2024-03-01T02:00:00Z\",\"vhost\":"
                        "\"v\",\"client\":\"174.121.218.75\",\"uri\":\"/\","
                        "\"status\":404,\"user_agent\":\"%s\","
                        "\"categories\":[\"sqli\"]}", ua));
    lw_report_opts_init(&o);
    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(fits(text));
    CHECK(strstr(text, "\n    clients:    a a a") != NULL);
    CHECK(strstr(text, "\n                a a a") != NULL);
    CHECK(strstr(text, " a a az 1\n") != NULL);
    /* no suggestion made: no title over nothing */
    o.secrules = apr_array_make(p, 1, sizeof(const char *));
    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(strstr(text, "mod_security") == NULL);
    CHECK(strstr(lw_test_render(s, &o, lw_report_html, p), "mod_security") == NULL);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_static_and_routes(p);
    test_apps(p);
    test_hours_and_bins(p);
    test_formats(p);
    test_long_fields(p);
    LW_TEST_END();
}
