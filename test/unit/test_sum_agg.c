/* Aggregation (lw_sum) and the reports built from it (lw_report), fed with
 * records written by the real writer (lw_record_json) and with hostile lines
 * written by hand. */
#include <stdlib.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_test_report.h"
#include "lw_sum.h"
#include "lw_report.h"
#include "lw_suggest.h"
#include "lw_record.h"

static apr_time_t at(const char *iso, int off)
{
    /* iso: "YYYY-MM-DD HH:MM:SS" wall clock at utc offset off */
    apr_time_exp_t e;
    apr_time_t t;

    memset(&e, 0, sizeof(e));
    e.tm_year = atoi(iso) - 1900;
    e.tm_mon = atoi(iso + 5) - 1;
    e.tm_mday = atoi(iso + 8);
    e.tm_hour = atoi(iso + 11);
    e.tm_min = atoi(iso + 14);
    e.tm_sec = atoi(iso + 17);
    apr_time_exp_gmt_get(&t, &e);
    return t - apr_time_from_sec(off);
}

/* Feed one record written by lw_record_json. */
static void feed(lw_summary_t *s, apr_pool_t *p, const char *when,
                 const char *host, const char *client, const char *vhost,
                 const char *uri, int status, apr_uint32_t cats,
                 const char *ua)
{
    lw_record_t r;

    lw_test_get_record(&r, at(when, -4 * 3600), host, client, vhost, uri);
    r.utc_offset = -4 * 3600;
    r.status = status;
    r.user_agent = ua;
    r.categories = cats;
    r.severity = LW_SEV_HIGH;
    r.score = 4;
    lw_test_add_record(s, p, &r);
}

#define C(x) (1u << LW_CAT_##x)

static void feed_seed(lw_summary_t *s, apr_pool_t *p, const char *host)
{
    static const char *lfi = "../../../../proc/self/environ%00";
    feed(s, p, "2011-06-21 11:56:40", host, "91.224.160.60", "domain1.com",
         "/contact/press_release_pop.php?id=-109+UNION+SELECT+1", 500,
         C(SQLI), "Python-urllib/2.7");
    feed(s, p, "2011-06-22 01:46:14", host, "221.157.225.69", "domain2.com",
         apr_pstrcat(p, "/index.php?option=com_ckforms&controller=", lfi, NULL),
         500, C(LFI), "Mozilla/5.0 Gecko/20050929");
    feed(s, p, "2011-06-22 01:46:14", host, "221.157.225.69", "domain2.com",
         apr_pstrcat(p, "//index.php?option=com_ckforms&controller=", lfi, NULL),
         500, C(LFI), "Mozilla/5.0 Gecko/20050929");
    feed(s, p, "2011-06-22 13:46:16", host, "174.121.218.75", "domain3.com",
         apr_pstrcat(p, "/home.php?pgi?pgi=", lfi, NULL), 500, C(LFI),
         "libwww-perl/6.02");
    feed(s, p, "2011-06-22 13:46:16", host, "174.121.218.75", "domain3.com",
         apr_pstrcat(p, "/athletics/home.php?pgi?pgi=", lfi, NULL), 500, C(LFI),
         "libwww-perl/6.02");
    feed(s, p, "2011-06-22 13:46:16", host, "174.121.218.75", "domain3.com",
         apr_pstrcat(p, "/hr/home.php?pgi?pgi=", lfi, NULL), 500, C(LFI),
         "libwww-perl/6.02");
    feed(s, p, "2011-06-22 13:47:01", host, "174.121.218.75", "domain3.com",
         "/home.php?pgi?pgi=http://www.example.pt/vero.txt?", 500, C(RFI),
         "libwww-perl/6.02");
    feed(s, p, "2011-06-22 13:47:01", host, "174.121.218.75", "domain3.com",
         "/athletics/home.php?pgi?pgi=http://www.example.pt/vero.txt?", 500,
         C(RFI), "libwww-perl/6.02");
    feed(s, p, "2011-06-22 13:47:01", host, "174.121.218.75", "domain3.com",
         "/hr/home.php?pgi?pgi=http://www.example.pt/vero.txt?", 500, C(RFI),
         "libwww-perl/6.02");
}

static const lw_src_t *find_src(lw_summary_t *s, const char *ip)
{
    lw_summary_finish(s);
    return apr_hash_get(s->sources, ip, APR_HASH_KEY_STRING);
}

static apr_uint64_t count_of(apr_hash_t *h, const char *key)
{
    const lw_count_t *c = apr_hash_get(h, key, APR_HASH_KEY_STRING);
    return c ? c->count : 0;
}

/* No byte of a report may be a control character but '\n' (and no byte
 * >= 0x80): nothing from a record reaches the terminal raw. */
static int clean(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\n') || (unsigned char)*s >= 0x7f)
            return 0;
    return 1;
}

static void test_seed(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    apr_array_header_t *srcs, *tgts;
    const lw_src_t *a;
    lw_report_opts_t o;
    char *text;

    feed_seed(s, p, "web1");
    CHECK(s->lines == 9 && s->records == 9 && s->attacks == 9);
    CHECK(s->malformed == 0);
    CHECK(s->by_cat[LW_CAT_SQLI] == 1 && s->by_cat[LW_CAT_LFI] == 5
          && s->by_cat[LW_CAT_RFI] == 3);
    CHECK(s->by_verdict[LW_V_ERROR] == 9);
    srcs = lw_summary_sources(s, p);
    CHECK(srcs->nelts == 3);
    CHECK_STR(APR_ARRAY_IDX(srcs, 0, lw_src_t *)->ip, "174.121.218.75");
    CHECK(APR_ARRAY_IDX(srcs, 0, lw_src_t *)->attacks == 6);
    CHECK_STR(APR_ARRAY_IDX(srcs, 1, lw_src_t *)->ip, "221.157.225.69");
    CHECK(APR_ARRAY_IDX(srcs, 1, lw_src_t *)->attacks == 2);
    CHECK_STR(APR_ARRAY_IDX(srcs, 2, lw_src_t *)->ip, "91.224.160.60");
    CHECK(APR_ARRAY_IDX(srcs, 2, lw_src_t *)->attacks == 1);
    a = find_src(s, "174.121.218.75");
    CHECK(a && a->valid_ip && a->by_cat[LW_CAT_LFI] == 3
          && a->by_cat[LW_CAT_RFI] == 3 && a->nsamples == 6);
    CHECK(a && count_of(a->targets, "domain3.com") == 6);
    CHECK_STR(lw_fmt_time(p, a->first, a->first_off), "2011-06-22 13:46:16 -0400");
    CHECK_STR(lw_fmt_time(p, a->last, a->last_off), "2011-06-22 13:47:01 -0400");
    tgts = lw_summary_targets(s, p);
    CHECK(tgts->nelts == 3);
    CHECK_STR(APR_ARRAY_IDX(tgts, 0, lw_target_t *)->vhost, "domain3.com");
    CHECK(count_of(lw_target_paths(APR_ARRAY_IDX(tgts, 0, lw_target_t *)), "/home.php") == 2);

    lw_report_opts_init(&o);
    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(strstr(text, "174.121.218.75: 6 attacks") != NULL);
    CHECK(strstr(text, "221.157.225.69: 2 attacks") != NULL);
    CHECK(strstr(text, "91.224.160.60: 1 attack\n") != NULL);
    CHECK(strstr(text, "first seen: 2011-06-22 13:46:16 -0400, last seen: "
                 "2011-06-22 13:47:01 -0400") != NULL);
    /* by category: the count and a bar scaled to the largest */
    CHECK(strstr(text, "By category\n  sqli                1  ########\n"
                 "  lfi                 5  ########################################\n"
                 "  rfi                 3  ########################\n") != NULL);
    CHECK(strstr(text, "By host") == NULL);
    CHECK(clean(text));

    /* firewall at the article's threshold: 174.121.218.75 alone */
    o.firewall = lw_suggest_firewall(p, srcs, LW_FW_NFTABLES, 3, NULL, NULL);
    CHECK(o.firewall->nelts == 1);
    CHECK_STR(APR_ARRAY_IDX(o.firewall, 0, const char *),
              "nft add rule inet filter input ip saddr 174.121.218.75 drop");
    CHECK(lw_suggest_firewall(p, srcs, LW_FW_NFTABLES, 2, NULL, NULL)->nelts == 2);
}

static void test_kinds_hosts_window(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    const lw_src_t *a;
    lw_report_opts_t o;
    char *text;

    feed(s, p, "2024-03-01 10:00:00", "web1", "2001:db8::1", "a.example",
         "/x?id=1'", 200, C(SQLI), "sqlmap");
    feed(s, p, "2024-03-01 11:00:00", "web2", "2001:db8::1", "b.example",
         "/y?id=1'", 403, C(SQLI), "sqlmap");
    feed(s, p, "2024-03-01 12:00:00", "web2", "203.0.113.9", "a.example",
         "/broken.php", 500, C(SERVER_ERROR), NULL);
    feed(s, p, "2024-03-01 12:30:00", "web2", "203.0.113.9", "a.example",
         "/", 429, C(THRESHOLD), NULL);
    CHECK(s->records == 4 && s->attacks == 2);
    CHECK(s->server_errors == 1 && s->thresholds == 1);
    CHECK(apr_hash_count(s->sources) == 1);         /* one source, two hosts */
    a = find_src(s, "2001:db8::1");
    CHECK(a && a->valid_ip && a->attacks == 2 && apr_hash_count(a->hosts) == 2);
    CHECK(a && a->by_verdict[LW_V_SERVED] == 1 && a->by_verdict[LW_V_BLOCKED] == 1);
    CHECK(apr_hash_count(s->host_stats) == 2);
    CHECK(apr_hash_count(s->failing) == 1);

    lw_report_opts_init(&o);
    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(strstr(text, "By host\n  web1: 1 records, 1 attacks") != NULL);
    CHECK(strstr(text, "  web2: 3 records, 1 attacks from 1 sources against 1 "
                 "targets, 1 server errors") != NULL);
    /* the application, its categories and its most severe request */
    CHECK(strstr(text, "Served attacks: review these applications first\n"
                 "  a.example /x: 1 attack: sqli 1\n"
                 "    most severe (high): /x?id=1'\n") != NULL);
    CHECK(strstr(text, "Failing sites") != NULL
          && strstr(text, "a.example: 1 errors: /broken.php 1") != NULL);
    CHECK(strstr(text, "hosts:      web1 1, web2 1") != NULL);
    /* served is listed before the other verdicts */
    CHECK(strstr(text, "  served              1  ########################################\n"
                 "  blocked             1  ########################################\n") != NULL);

    /* window: since is inclusive, until exclusive */
    s = lw_summary_create(p);
    s->since = at("2024-03-01 10:30:00", -4 * 3600);
    s->until = at("2024-03-01 12:00:00", -4 * 3600);
    feed(s, p, "2024-03-01 10:00:00", "w", "192.0.2.1", "a", "/a", 200, C(XSS), NULL);
    feed(s, p, "2024-03-01 10:30:00", "w", "192.0.2.2", "a", "/a", 200, C(XSS), NULL);
    feed(s, p, "2024-03-01 11:59:59", "w", "192.0.2.3", "a", "/a", 200, C(XSS), NULL);
    feed(s, p, "2024-03-01 12:00:00", "w", "192.0.2.4", "a", "/a", 200, C(XSS), NULL);
    CHECK(s->records == 4 && s->attacks == 2 && s->out_of_window == 2);
    CHECK(find_src(s, "192.0.2.2") && find_src(s, "192.0.2.3"));
    CHECK(!find_src(s, "192.0.2.1") && !find_src(s, "192.0.2.4"));
}

static void add(lw_summary_t *s, const char *line)
{
    lw_summary_add_line(s, line, strlen(line));
}

static void test_hostile(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    lw_report_opts_t o;
    apr_array_header_t *skipped = apr_array_make(p, 4, sizeof(const char *));
    char *text, *html, *json, *big;
    int i;

    /* JSON escapes decode to raw control bytes: the reports must not pass
     * them on. */
    add(s, "{\"time\":\"2024-03-01T10:00:00.000000+00:00\",\"host\":\"h\","
           "\"vhost\":\"<script>x</script>.example\",\"client\":\"198.51.100.1\","
           "\"method\":\"GET\",\"uri\":\"/a\\\"b\\\\c?q=\\u001b[2J\",\"status\":200,"
           "\"user_agent\":\"evil\\r\\nX-Injected: 1\\u001b]0;pwned\\u0007\","
           "\"verdict\":\"served\",\"categories\":[\"xss\"]}");
    add(s, "{\"time\":\"2024-03-01T10:00:01.000000+00:00\",\"host\":\"h\","
           "\"vhost\":\"ok.example\",\"client\":\"1.2.3.4\\r\\nrm -rf /\","
           "\"uri\":\"/p\\\"q\\\\r?x=../../etc/passwd\",\"status\":200,"
           "\"categories\":[\"lfi\"]}");
    add(s, "{\"time\":\"2024-03-01T10:00:02.000000+00:00\",\"vhost\":\"ok.example\","
           "\"client\":\"5.5.5.5\",\"uri\":\"/new\\r\\nline?x=1\",\"status\":200,"
           "\"categories\":[\"sqli\"]}");
    /* malformed, truncated, wrong types, blank, oversized */
    add(s, "not json at all");
    add(s, "{\"time\":\"2024-03-01T10:00:02.000000+00:00\",\"client\":\"9.9");
    add(s, "{\"client\":42}");
    add(s, "[1,2,3]");
    add(s, "");
    add(s, "   \r");
    big = apr_palloc(p, LW_SUM_MAX_LINE + 10);
    memset(big, 'a', LW_SUM_MAX_LINE + 9);
    big[LW_SUM_MAX_LINE + 9] = '\0';
    add(s, big);
    CHECK(s->records == 3 && s->attacks == 3);
    CHECK(s->malformed == 4);
    CHECK(s->oversized == 1);
    CHECK(s->lines == 8);

    lw_report_opts_init(&o);
    o.secrules = lw_suggest_secrules(p, s, LW_SECRULE_ID_BASE, skipped);
    o.notes = skipped;
    text = lw_test_render(s, &o, lw_report_text, p);
    CHECK(clean(text));
    CHECK(strstr(text, "evil\\x0d\\x0aX-Injected: 1\\x1b]0;pwned\\x07") != NULL);
    CHECK(strstr(text, "1.2.3.4\\x0d\\x0arm -rf /: 1 attack (not a valid address)") != NULL);
    CHECK(strstr(text, "/a\"b\\c?q=\\x1b[2J") != NULL);

    html = lw_test_render(s, &o, lw_report_html, p);
    CHECK(clean(html));
    CHECK(strstr(html, "<script>x") == NULL);
    CHECK(strstr(html, "&lt;script&gt;x&lt;/script&gt;.example") != NULL);
    CHECK(strstr(html, "/a&#34;b\\c?q=\\x1b[2J") != NULL);

    json = lw_test_render(s, &o, lw_report_json, p);
    CHECK(clean(json));
    CHECK(strstr(json, "\"evil\\\\x0d\\\\x0aX-Injected: 1\\\\x1b]0;pwned\\\\x07\"") != NULL);

    /* SecRules: the quote and backslash escaped; the vhost with markup and
     * the path with CR LF skipped, never written */
    CHECK(o.secrules->nelts == 3);
    CHECK(o.secrules->nelts >= 3
          && strcmp(APR_ARRAY_IDX(o.secrules, 0, const char *),
                    "SecRule REQUEST_FILENAME \"@streq /p\\\"q\\\\r\" "
                    "\"id:99000,phase:2,deny,status:403,log,t:none,"
                    "msg:'logwatch: lfi attacks on this path',chain\"") == 0);
    for (i = 0; i < o.secrules->nelts; i++) {
        const char *r = APR_ARRAY_IDX(o.secrules, i, const char *);
        CHECK(clean(r) && !strstr(r, "script") && !strstr(r, "/new"));
    }
    CHECK(skipped->nelts == 2);
    CHECK(skipped->nelts == 2
          && strcmp(APR_ARRAY_IDX(skipped, 0, const char *), "no rule for "
                    "ok.example /new\\x0d\\x0aline: the path cannot be made "
                    "safe") == 0
          && strcmp(APR_ARRAY_IDX(skipped, 1, const char *), "no rule for "
                    "vhost <script>x</script>.example: not a plain host "
                    "name") == 0);
}

static void test_bounded(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    const lw_src_t *a;
    int i;

    /* one source, many targets: samples and nested counters are capped */
    for (i = 0; i < LW_SUM_MAX_KEYS + 50; i++)
        feed(s, p, "2024-03-01 10:00:00", "h", "192.0.2.77",
             apr_psprintf(p, "site%d.example", i), "/", 404, C(PROBE), NULL);
    a = find_src(s, "192.0.2.77");
    CHECK(a && a->attacks == LW_SUM_MAX_KEYS + 50);
    CHECK(a && a->nsamples == LW_SUM_SAMPLES);
    CHECK(a && apr_hash_count(a->targets) == LW_SUM_MAX_KEYS + 1);
    CHECK(a && count_of(a->targets, LW_SUM_OTHER) == 50);
    CHECK(apr_hash_count(s->targets) == LW_SUM_MAX_KEYS + 50);
}

/* The URIs of served attacks on one target: capped like every nested
 * counter, the rest under LW_SUM_OTHER, and right again when more records
 * come after a report read them. */
static void test_served_uris(apr_pool_t *p)
{
    lw_summary_t *s = lw_summary_create(p);
    const lw_target_t *t;
    int i;

    for (i = 0; i < LW_SUM_MAX_KEYS + 50; i++)
        feed(s, p, "2024-03-01 10:00:00", "h", "192.0.2.78", "shop.example",
             apr_psprintf(p, "/item.php?id=%d%%27", i), 200, C(SQLI), NULL);
    feed(s, p, "2024-03-01 10:00:01", "h", "192.0.2.78", "shop.example",
         "/item.php?id=7%27", 200, C(SQLI), NULL);
    /* not served: not counted there */
    feed(s, p, "2024-03-01 10:00:02", "h", "192.0.2.78", "shop.example",
         "/item.php?id=7%27", 403, C(SQLI), NULL);
    lw_summary_finish(s);
    t = apr_hash_get(s->targets, "shop.example", APR_HASH_KEY_STRING);
    CHECK(t && apr_hash_count(t->served_uris) == LW_SUM_MAX_KEYS + 1);
    CHECK(t && count_of(t->served_uris, "/item.php?id=7%27") == 2);
    CHECK(t && count_of(t->served_uris, "/item.php?id=999%27") == 1);
    CHECK(t && count_of(t->served_uris, "/item.php?id=1000%27") == 0);
    CHECK(t && count_of(t->served_uris, LW_SUM_OTHER) == 50);
    feed(s, p, "2024-03-01 10:00:03", "h", "192.0.2.78", "shop.example",
         "/item.php?id=7%27", 200, C(SQLI), NULL);
    feed(s, p, "2024-03-01 10:00:04", "h", "192.0.2.78", "shop.example",
         "/new.php", 200, C(SQLI), NULL);
    lw_summary_finish(s);
    CHECK(t && apr_hash_count(t->served_uris) == LW_SUM_MAX_KEYS + 1);
    CHECK(t && count_of(t->served_uris, "/item.php?id=7%27") == 3);
    CHECK(t && count_of(t->served_uris, LW_SUM_OTHER) == 51);
}

/* The same lines through the fast reader and through lw_record_parse alone
 * give the same reports, byte for byte. */
static void test_fast_equals_reference(apr_pool_t *p)
{
    lw_summary_t *a = lw_summary_create(p), *b = lw_summary_create(p);
    lw_report_opts_t o;
    int pass;

    b->no_fast = 1;
    for (pass = 0; pass < 2; pass++) {
        lw_summary_t *s = pass ? b : a;
        feed_seed(s, p, "web1");
        feed_seed(s, p, "web2");
        feed(s, p, "2024-03-01 10:00:00", "web2", "2001:db8::1", "a.example",
             "/x?id=1'\x01", 200, C(SQLI) | C(TOOL), "sqlmap\\1");
        feed(s, p, "2024-03-01 12:00:00", "web2", "203.0.113.9", "a.example",
             "/broken.php", 500, C(SERVER_ERROR), NULL);
        add(s, "{\"time\":\"2024-03-01T10:00:00.5Z\",\"client\":\"1.2.3.4\","
               "\"uri\":\"/\\u00e9\\t\",\"categories\":[\"xss\"],\"status\":200}");
        add(s, "{\"client\":\"1.2.3.4\",\"status\":2.5}");
        add(s, "{\"client\":\"1.2.3.4\",\"categories\":[\"lfi\"],\"x\":1e5}");
    }
    lw_report_opts_init(&o);
    o.generated = apr_time_from_sec(1700000000);
    CHECK(a->records == b->records && a->malformed == b->malformed
          && a->attacks == b->attacks);
    CHECK_STR(lw_test_render(a, &o, lw_report_text, p), lw_test_render(b, &o, lw_report_text, p));
    CHECK_STR(lw_test_render(a, &o, lw_report_json, p), lw_test_render(b, &o, lw_report_json, p));
}

/* Lines fed in batches (lw_summary_add_lines, across the batch size) give
 * the same summary as lines fed one by one. */
static void test_batches(apr_pool_t *p)
{
    lw_summary_t *a = lw_summary_create(p), *b = lw_summary_create(p);
    const char *lines[100];
    apr_size_t lens[100];
    lw_report_opts_t o;
    int i, n = 0;

    for (i = 0; i < 70; i++) {
        lw_record_t r;
        apr_size_t len;
        char *line;
        lw_record_init(&r);
        r.time = apr_time_from_sec(1700000000 + (i * 7919) % 1000);
        r.host = i % 3 ? "web1" : "web2";
        r.vhost = apr_psprintf(p, "site%d.example", i % 5);
        r.client = apr_psprintf(p, "203.0.113.%d", (i * 31) % 9);
        r.uri = apr_psprintf(p, "/p%d?x=%%27\x01", i % 4);
        r.status = i % 2 ? 200 : 403;
        r.user_agent = i % 4 ? "sqlmap" : "curl";
        r.categories = (i % 3 ? C(SQLI) : C(XSS)) | (i % 11 ? 0 : C(SERVER_ERROR));
        line = lw_record_json(p, &r, 65536, &len);
        lines[n] = line;
        lens[n++] = len - 1;
        if (i % 9 == 0) {
            lines[n] = "{\"client\":\"203.0.113.1\",\"uri\":\"/\\u00e9\"}";
            lens[n] = strlen(lines[n]);
            n++;
        }
        if (i % 13 == 0) {
            lines[n] = "garbage";
            lens[n++] = 7;
        }
    }
    for (i = 0; i < n; i++)
        lw_summary_add_line(a, lines[i], lens[i]);
    lw_summary_add_lines(b, lines, lens, n);
    lw_report_opts_init(&o);
    o.generated = apr_time_from_sec(1700000000);
    o.top = 0;
    CHECK(n > 64 && a->lines == (apr_uint64_t)n && b->lines == a->lines);
    CHECK(a->malformed == 6 && b->malformed == 6);
    CHECK_STR(lw_test_render(a, &o, lw_report_text, p), lw_test_render(b, &o, lw_report_text, p));
    CHECK_STR(lw_test_render(a, &o, lw_report_json, p), lw_test_render(b, &o, lw_report_json, p));
}

/* A summary that keeps no sample lines and no open paths (what
 * logwatch-summarize asks for when it writes no messages and no
 * mod_security suggestions) gives the same reports, and keeps neither. */
static void test_lean(apr_pool_t *p)
{
    lw_summary_t *a = lw_summary_create(p), *b = lw_summary_create(p);
    apr_array_header_t *ta, *tb;
    lw_report_opts_t o;
    int pass, i, open = 0;

    b->no_samples = 1;
    b->no_open_paths = 1;
    for (pass = 0; pass < 2; pass++) {
        lw_summary_t *s = pass ? b : a;
        feed_seed(s, p, "web1");
        feed(s, p, "2024-03-01 10:00:00", "web2", "2001:db8::1", "a.example",
             "/x?id=1'", 200, C(SQLI), "sqlmap");
        feed(s, p, "2024-03-01 10:00:01", "web2", "2001:db8::1", "a.example",
             "/y?id=2'", 403, C(SQLI), "sqlmap");
    }
    lw_report_opts_init(&o);
    o.generated = apr_time_from_sec(1700000000);
    o.top = 0;
    CHECK_STR(lw_test_render(a, &o, lw_report_text, p), lw_test_render(b, &o, lw_report_text, p));
    CHECK_STR(lw_test_render(a, &o, lw_report_json, p), lw_test_render(b, &o, lw_report_json, p));
    CHECK_STR(lw_test_render(a, &o, lw_report_html, p), lw_test_render(b, &o, lw_report_html, p));
    ta = lw_summary_targets(a, p);
    tb = lw_summary_targets(b, p);
    CHECK(ta->nelts == tb->nelts && ta->nelts == 4);
    for (i = 0; i < tb->nelts && i < ta->nelts; i++) {
        lw_target_t *x = APR_ARRAY_IDX(ta, i, lw_target_t *);
        lw_target_t *y = APR_ARRAY_IDX(tb, i, lw_target_t *);
        apr_array_header_t *sx = lw_target_paths_sorted(x, p);
        apr_array_header_t *hx = lw_count_sorted(lw_target_paths(x), p);
        int j;
        open += (int)apr_hash_count(x->open_paths);
        CHECK(apr_hash_count(lw_target_paths(x))
              == apr_hash_count(lw_target_paths(y)));
        /* the list made from the table is the hash's, sorted */
        CHECK(sx->nelts > 0 && sx->nelts == hx->nelts);
        for (j = 0; j < sx->nelts && j < hx->nelts; j++)
            CHECK(APR_ARRAY_IDX(sx, j, lw_count_t *)
                  == APR_ARRAY_IDX(hx, j, lw_count_t *));
        CHECK(x->nsamples > 0 && y->nsamples == 0);
        CHECK(apr_hash_count(y->open_paths) == 0
              && apr_hash_count(y->open_path_cats) == 0);
    }
    CHECK(open > 0);
    CHECK(find_src(a, "2001:db8::1")->nsamples == 2
          && find_src(b, "2001:db8::1")->nsamples == 0);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_seed(p);
    test_kinds_hosts_window(p);
    test_hostile(p);
    test_bounded(p);
    test_served_uris(p);
    test_fast_equals_reference(p);
    test_batches(p);
    test_lean(p);
    LW_TEST_END();
}
