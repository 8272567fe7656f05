/* The report's "Possible breaches" (lw_breach.c): records of the breach
 * verdicts grouped by site and path, the strongest verdict and its
 * evidence kept, sources listed and capped, the section first in every
 * format with every record string escaped, text lines within 80 columns;
 * records of other verdicts never listed. */
#include <stdio.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_test_report.h"
#include "lw_sum.h"
#include "lw_report.h"
#include "lw_breach.h"

static void feed(lw_summary_t *s, apr_pool_t *p, apr_int64_t t,
                 const char *client, const char *vhost, const char *uri,
                 const char *verdict, apr_uint32_t ev_id, const char *excerpt)
{
    lw_record_t r;

    lw_test_get_record(&r, apr_time_from_sec(t), "web1", client, vhost, uri);
    r.status = 200;
    r.verdict = verdict;
    r.categories = 1u << LW_CAT_LFI;
    r.severity = LW_SEV_HIGH;
    r.score = 5;
    r.ev_id = ev_id;
    r.ev_msg = ev_id ? "passwd file contents" : NULL;
    r.ev_excerpt = excerpt;
    r.ev_excerpt_len = excerpt ? strlen(excerpt) : 0;
    lw_test_add_record(s, p, &r);
}

int main(void)
{
    lw_summary_t *s;
    lw_report_opts_t o;
    apr_array_header_t *b;
    const lw_breach_t *x;
    const char *text, *html, *json, *sec, *nl;
    apr_int64_t t = 1709258400;
    int i;
    LW_TEST_BEGIN(p);

    s = lw_summary_create(p);
    /* one site and path: anomalous_size first, then leaked from two
     * sources (one twice), a query that differs */
    feed(s, p, t, "198.51.100.1", "shop.example", "/page.php?f=../../x",
         "anomalous_size", 0, NULL);
    feed(s, p, t + 10, "198.51.100.2", "shop.example",
         "/page.php?f=../../../etc/passwd", "leaked", 950100,
         ">root:x:0:0:root:/root:/bin/bash\n<script>");
    feed(s, p, t + 20, "198.51.100.2", "shop.example",
         "/page.php?f=../../../etc/passwd%00", "leaked", 950100, "root:x:0:0");
    /* another site: a web shell; and records that are no breach */
    feed(s, p, t - 5, "203.0.113.9", "<b>blog</b>.example",
         "/uploads/x.php?cmd=id", "webshell", 0, NULL);
    feed(s, p, t, "203.0.113.9", "blog.example", "/index.php?id=1'",
         "served", 0, NULL);
    feed(s, p, t, "203.0.113.9", "blog.example", "/index.php?id=2'",
         "blocked", 0, NULL);
    /* many sources on one path: 20 listed, the rest counted */
    for (i = 0; i < 25; i++)
        feed(s, p, t + 100 + i, apr_psprintf(p, "192.0.2.%d", i),
             "many.example", "/dump.php?id=1'", "leaked", 950200, "SQL");

    b = lw_summary_breaches(s, p);
    CHECK(b->nelts == 3);
    x = APR_ARRAY_IDX(b, 0, const lw_breach_t *);
    /* leaked first (by verdict, then first seen) */
    CHECK_STR(x->vhost, "shop.example");
    CHECK_STR(x->path, "/page.php");
    CHECK(x->verdict == LW_V_LEAKED && x->count == 3);
    CHECK(x->by_verdict[LW_V_ANOMALOUS_SIZE] == 1
          && x->by_verdict[LW_V_LEAKED] == 2);
    CHECK(x->first == apr_time_from_sec(t));
    CHECK(x->ev_id == 950100 && x->nsources == 2);
    CHECK(x->ev_excerpt && strstr(x->ev_excerpt, "root:x:0:0:root") != NULL);
    x = APR_ARRAY_IDX(b, 1, const lw_breach_t *);
    CHECK_STR(x->vhost, "many.example");
    CHECK(x->nsources == LW_BREACH_SOURCES && x->more_sources == 5);
    x = APR_ARRAY_IDX(b, 2, const lw_breach_t *);
    CHECK(x->verdict == LW_V_WEBSHELL && x->ev_id == 0);
    /* breaches reached the application: served counts include them */
    CHECK(s->by_verdict[LW_V_LEAKED] == 27 && s->by_verdict[LW_V_WEBSHELL] == 1);

    lw_report_opts_init(&o);
    text = lw_test_render(s, &o, lw_report_text, p);
    sec = strstr(text, "\n\nPossible breaches");
    CHECK(sec != NULL && sec < strstr(text, "\n\nServed attacks"));
    CHECK(strstr(text, "  shop.example /page.php: leaked (leaked 2, "
                 "anomalous_size 1)\n") != NULL);
    CHECK(strstr(text, "    evidence:   rule 950100, passwd file contents\n")
          != NULL);
    CHECK(strstr(text, "    sources:    198.51.100.1, 198.51.100.2\n") != NULL);
    CHECK(strstr(text, "                and 5 records from other sources\n")
          != NULL);
    CHECK(strstr(text, "192.0.2.19\n") != NULL);   /* the 20th, wrapped */
    CHECK(strstr(text, "a command sent to a script in an upload directory")
          != NULL);
    for (sec = text; (nl = strchr(sec, '\n')) != NULL; sec = nl + 1)
        CHECK(nl - sec <= 80);

    html = lw_test_render(s, &o, lw_report_html, p);
    CHECK(strstr(html, "<section id=\"breaches\"") != NULL
          && strstr(html, "<section id=\"breaches\"")
             < strstr(html, "<section id=\"apps\""));
    CHECK(strstr(html, "<b>blog") == NULL && strstr(html, "<script>") == NULL);
    CHECK(strstr(html, "&lt;b&gt;blog&lt;/b&gt;.example") != NULL);

    json = lw_test_render(s, &o, lw_report_json, p);
    CHECK(strstr(json, "\"possible_breaches\":[{\"vhost\":\"shop.example\","
                 "\"path\":\"/page.php\",\"verdict\":\"leaked\",\"records\":3,"
                 "\"verdicts\":{\"leaked\":2,\"anomalous_size\":1},"
                 "\"first\":\"2024-03-01T02:00:00+00:00\"") != NULL);
    CHECK(strstr(json, "\"evidence\":{\"id\":950100,\"msg\":\"passwd file "
                 "contents\",\"excerpt\":\">root:x:0:0:root:/root:/bin/bash"
                 "\\\\x0a<script>\"}") != NULL);
    CHECK(strstr(json, "\"possible_breaches_dropped\":0") != NULL);

    /* nothing to list: the section says so */
    s = lw_summary_create(p);
    feed(s, p, t, "203.0.113.9", "blog.example", "/index.php?id=1'",
         "served", 0, NULL);
    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(strstr(text, "Possible breaches: responses that showed a leak\n"
                 "  (none: no response showed a leak)\n") != NULL);
    LW_TEST_END();
}
