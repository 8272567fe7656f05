/* The summarizer's fast record reader must never accept a line that
 * lw_record_parse rejects, and must read the same values when it accepts.
 * Checked on real records, on every prefix of them and on every one-byte
 * mutation with JSON-significant bytes. */
#include <stdlib.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_sum.h"
#include "lw_sum_fast.h"
#include "lw_record.h"

static int sv_eq(lw_sv_t a, const char *b)
{
    if (a.p == NULL || b == NULL)
        return a.p == NULL && b == NULL;
    return a.n == strlen(b) && memcmp(a.p, b, a.n) == 0;
}

static int accepted, deferred, bad;
/* The date cache as a run leaves it: filled by the lines before. */
static lw_fast_cache_t run_cache;

/* One line through both readers (the fast one with an empty cache and with
 * the run's). */
static void both(apr_pool_t *p, const char *line, apr_size_t len)
{
    lw_fastrec_t f, g;
    lw_record_t r;
    lw_fast_cache_t cache;
    const char *err;
    apr_pool_t *sub;
    int fast, ok;

    apr_pool_create(&sub, p);
    memset(&cache, 0, sizeof(cache));
    fast = lw_fast_record(line, len, &f, sub, &cache);
    if (lw_fast_record(line, len, &g, sub, &run_cache) != fast
        || (fast && (g.time != f.time || g.utc_offset != f.utc_offset))) {
        bad++;
        fprintf(stderr, "the date cache changed the reading: %.*s\n",
                (int)len, line);
    }
    ok = lw_record_parse(sub, line, len, &r, &err) == APR_SUCCESS;
    if (!fast) {
        deferred++;
    } else if (!ok) {
        bad++;
        fprintf(stderr, "fast path accepted a line the reference rejects "
                "(%s): %.*s\n", err, (int)len, line);
    } else {
        accepted++;
        if (f.time != r.time || f.utc_offset != r.utc_offset
            || f.status != r.status || f.categories != r.categories
            || !sv_eq(f.host, r.host) || !sv_eq(f.vhost, r.vhost)
            || !sv_eq(f.client, r.client) || !sv_eq(f.uri, r.uri)
            || !sv_eq(f.user_agent, r.user_agent)
            || !sv_eq(f.verdict, r.verdict) || !sv_eq(f.tool, r.tool)) {
            bad++;
            fprintf(stderr, "fast path read other values: %.*s\n",
                    (int)len, line);
        }
    }
    apr_pool_destroy(sub);
}

static const char *written(apr_pool_t *p, int variant)
{
    lw_record_t r;
    lw_rec_rule_t rules[2];
    apr_size_t len;
    char *line;

    lw_record_init(&r);
    r.time = apr_time_from_sec(1308757576) + 123456;   /* 2011-06-22 */
    r.utc_offset = variant ? -4 * 3600 : 5 * 3600 + 1800;
    r.host = "web1";
    r.vhost = "domain3.com";
    r.port = 443;
    r.client = variant ? "2001:db8::7" : "174.121.218.75";
    r.method = "GET";
    r.uri = variant ? "/a\"b\\c?\x01\x1b[2J\xc3\xa9" : "/home.php?pgi=../../proc/self/environ%00";
    r.protocol = "HTTP/1.1";
    r.status = variant ? 200 : 500;
    r.bytes = 3506;
    r.duration_us = 1234;
    r.user_agent = variant ? "evil\r\n\tX: y" : "libwww-perl/6.02";
    r.request_id = "TgIqaK4l@LYAAHhgHZ0";
    r.severity = LW_SEV_HIGH;
    r.score = 9;
    r.categories = (1u << LW_CAT_LFI) | (1u << LW_CAT_RFI);
    memset(rules, 0, sizeof(rules));
    rules[0].id = 100200;
    rules[0].category = LW_CAT_LFI;
    rules[0].severity = LW_SEV_HIGH;
    rules[0].field = "args:pgi";
    rules[0].excerpt = "../../proc\"\\";
    rules[0].excerpt_len = 12;
    rules[0].msg = "traversal";
    rules[1] = rules[0];
    rules[1].id = 100300;
    rules[1].category = LW_CAT_RFI;
    rules[1].detail = "sh:;cat \"x\"";    /* a detector's reason */
    r.rules = rules;
    r.nrules = 2;
    r.tool = variant ? NULL : "libwww-perl";
    if (variant) {              /* what the response showed */
        r.ev_id = 900100;
        r.ev_msg = "passwd \"file\"";
        r.ev_excerpt = "root:x:0:0:\\";
        r.ev_excerpt_len = 12;
        r.stopped = "work budget";
    }
    line = lw_record_json(p, &r, 65536, &len);
    line[len - 1] = '\0';          /* no newline */
    return line;
}

int main(void)
{
    LW_TEST_BEGIN(p);
    static const char muts[] = "\"\\{}[],:0-.eE nu\x01\x7f/9t";
    const char *lines[40];
    int nl = 0, i, m;
    apr_size_t k, len;

    lines[nl++] = written(p, 0);
    lines[nl++] = written(p, 1);
    lines[nl++] = "{\"time\":\"2024-03-01T10:00:00Z\",\"client\":\"1.2.3.4\","
                  "\"categories\":[\"xss\",\"future_kind\"],\"x\":{\"y\":[1,2.5e3,"
                  "true,false,null,{\"z\":\"\\u00e9\"}]},\"status\":null}";
    lines[nl++] = "{\"time\":\"2024-03-01 10:00:00.5\",\"uri\":\"\\/a\\b\\f\\n\\r\\t\","
                  "\"rules\":[{\"id\":4294967295,\"msg\":null,\"other\":[[]]}],"
                  "\"port\":65535,\"score\":1000000}";
    lines[nl++] = "  {}  ";
    lines[nl++] = "{\"time\":\"1969-12-31T23:59:59Z\"}";
    lines[nl++] = "{\"status\":1000}";
    lines[nl++] = "{\"status\":5e2}";
    lines[nl++] = "{\"client\":\"a\",\"client\":7}";
    lines[nl++] = "{\"rules\":[{\"id\":-1}]}";
    lines[nl++] = "{\"rules\":[{\"id\":4294967296}]}";
    lines[nl++] = "{\"categories\":[\"xss\",1]}";
    lines[nl++] = "{\"uri\":\"\\ud800\"}";
    /* the writer's time form at the edges of its ranges */
    lines[nl++] = "{\"time\":\"2024-03-01T23:59:60.999999+23:59\","
                  "\"t2\":\"2024-03-01T24:00:00.000000+01:00\"}";
    lines[nl++] = "{\"time\":\"2024-03-01T24:00:00.000000+01:00\"}";
    lines[nl++] = "{\"time\":\"2024-03-01T10:60:00.000000-01:00\"}";
    lines[nl++] = "{\"time\":\"2024-03-01T10:00:61.000000+01:00\"}";
    lines[nl++] = "{\"time\":\"2024-03-01T10:00:00.000000+24:00\"}";
    lines[nl++] = "{\"time\":\"2024-03-01T10:00:00.000000-00:60\"}";
    lines[nl++] = "{\"time\":\"1970-01-01T00:59:59.999999+01:00\"}";
    /* the evidence object: its members typed, id from 1 */
    lines[nl++] = "{\"verdict\":\"leaked\",\"evidence\":{\"id\":1,\"msg\":null,"
                  "\"excerpt\":\"x\",\"other\":[1]},\"rules\":[]}";
    lines[nl++] = "{\"evidence\":{\"id\":0}}";
    lines[nl++] = "{\"evidence\":{\"id\":4294967295,\"msg\":\"m\",\"msg\":\"n\"}}";
    lines[nl++] = "{\"evidence\":null,\"evidence\":[]}";
    /* every member the reference types, the proxy header's too */
    lines[nl++] = "{\"client\":\"10.0.0.1\",\"forwarded\":5}";
    lines[nl++] = "{\"peer\":\"10.0.0.2\",\"forwarded\":\"for=1.2.3.4\"}";
    lines[nl++] = "{\"client\":\"10.0.0.1\",\"stopped\":900100}";
    lines[nl++] = "{\"categories\":[\"sqli\"],\"stopped\":\"budget\",\"rules\":[]}";
    lines[nl++] = "{\"time\":\"2024-02-31T10:00:00+25:00\"}";

    for (i = 0; i < nl; i++) {
        const char *l = lines[i];
        char *copy;
        len = strlen(l);
        both(p, l, len);
        /* every prefix */
        for (k = 0; k < len; k++)
            both(p, l, k);
        /* every one-byte mutation */
        copy = apr_pstrmemdup(p, l, len);
        for (k = 0; k < len; k++) {
            char keep = copy[k];
            for (m = 0; muts[m]; m++) {
                copy[k] = muts[m];
                both(p, copy, len);
            }
            copy[k] = keep;
        }
    }
    CHECK(bad == 0);
    CHECK(accepted > 100);     /* the fast path does take ordinary lines */
    printf("fast path: %d accepted, %d left to the reference, %d wrong\n",
           accepted, deferred, bad);

    /* the two writer-made lines go through the fast path */
    {
        lw_fastrec_t f;
        lw_fast_cache_t cache;
        memset(&cache, 0, sizeof(cache));
        CHECK(lw_fast_record(lines[0], strlen(lines[0]), &f, p, &cache) == 1);
        CHECK(lw_fast_record(lines[1], strlen(lines[1]), &f, p, &cache) == 1);
        CHECK(sv_eq(f.user_agent, "evil\\x0d\\x0a\\x09X: y"));
        CHECK(sv_eq(f.uri, "/a\"b\\\\c?\\x01\\x1b[2J\\xc3\\xa9"));
    }
    LW_TEST_END();
}
