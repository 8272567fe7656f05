/* The work budget (lw_engine.h): a request that wakes many rules stops
 * once it is settled, with the severity, categories and tool of a full
 * evaluation; a request below the threshold, with too few hits, or
 * benign, is never cut; the record says so. Each case is compared with
 * the same request classified with work_budget 0 (every rule). */
#include <apr_strings.h>
#include <apr_file_io.h>
#include "lw_test_engine.h"
#include "lw_record.h"

/* Rules text compiled into an engine (NULL and the reason on error). */
#define engine(p, name, text) lw_test_rules_engine(p, text)

static int has_hit(const lw_result_t *res, apr_uint32_t id)
{
    return lw_test_find_hit(res, id) != NULL;
}

/* uri and a User-Agent (NULL: none), with lim (work_budget as given). */
static int classify(const lw_engine_t *e, const char *uri, const char *ua,
                    const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res)
{
    lw_header_t h[1] = { { "User-Agent", ua } };
    lw_request_t req;

    memset(&req, 0, sizeof(req));
    req.method = "GET";
    req.uri = uri;
    req.protocol = "HTTP/1.1";
    req.headers = h;
    req.nheaders = ua ? 1 : 0;
    return lw_classify(e, &req, lim, p, res);
}

static char *repeat(apr_pool_t *p, const char *prefix, const char *unit,
                    int n, const char *suffix)
{
    apr_size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
    char *s = apr_palloc(p, pl + ul * (apr_size_t)n + sl + 1), *d = s;
    int i;

    memcpy(d, prefix, pl);
    d += pl;
    for (i = 0; i < n; i++, d += ul)
        memcpy(d, unit, ul);
    memcpy(d, suffix, sl + 1);
    return s;
}

#define R(id, cat, sev, target, lit, pat, m) \
    "rule " #id "\n category " cat "\n severity " sev "\n msg rule " #id \
    "\n target " target "\n literal " lit "\n pattern " pat \
    "\n match " m "\n nomatch /?f=zz\n\n"

/* Six high lfi rules on args, all woken by the literal "zz"; after them
 * a critical lfi rule, a medium xss rule and a medium lfi rule; on the
 * User-Agent a tool, a low protocol rule and a high lfi rule. */
static const char many_rules[] =
    R(11, "lfi", "high", "args", "zz", "zz1", "/?f=zz1")
    R(12, "lfi", "high", "args", "zz", "zz2", "/?f=zz2")
    R(13, "lfi", "high", "args", "zz", "zz3", "/?f=zz3")
    R(14, "lfi", "high", "args", "zz", "zz4", "/?f=zz4")
    R(15, "lfi", "high", "args", "zz", "zz5", "/?f=zz5")
    R(16, "lfi", "high", "args", "zz", "zz6", "/?f=zz6")
    R(19, "lfi", "critical", "args", "zz", "zzcrit", "/?f=zzcrit")
    R(20, "xss", "medium", "args", "zz", "zzxss", "/?f=zzxss")
    R(21, "lfi", "medium", "args", "zz", "zzmed", "/?f=zzmed")
    R(30, "tool", "info", "user_agent", "zzbot", "zzbot", "User-Agent: zzbot")
    R(31, "protocol", "low", "user_agent", "zzbot", "zzbot", "User-Agent: zzbot")
    R(32, "lfi", "high", "user_agent", "zzbot", "zzbot", "User-Agent: zzbot");

static int lowest_severity(const lw_result_t *r)
{
    int i, sev = r->nhits ? r->hits[0].severity : 0;

    for (i = 1; i < r->nhits; i++)
        if (r->hits[i].severity < sev)
            sev = r->hits[i].severity;
    return sev;
}

/* Everything a full evaluation says about the summary, the budget's
 * result says too; its hits are among the full one's. */
static void check_same_summary(const lw_result_t *cut, const lw_result_t *full,
                               int fcut, int ffull)
{
    int i;

    CHECK(fcut == ffull);
    CHECK(cut->severity == full->severity);
    CHECK(cut->categories == full->categories);
    CHECK((cut->tool == NULL) == (full->tool == NULL));
    if (cut->tool && full->tool)
        CHECK_STR(cut->tool, full->tool);
    CHECK(cut->score <= full->score);
    /* A full result at LW_MAX_HITS kept the highest severities: a hit of
     * the cut one it lacks was dropped for the cap, so is no higher than
     * any it kept. */
    for (i = 0; i < cut->nhits; i++)
        CHECK(has_hit(full, cut->hits[i].rule_id)
              || (full->nhits == LW_MAX_HITS
                  && cut->hits[i].severity <= lowest_severity(full)));
}

static void test_many_rules(apr_pool_t *p)
{
    lw_engine_t *e = engine(p, "many.rules", many_rules);
    lw_limits_t lim, off;
    lw_result_t cut, full;
    const char *uri;
    int fc, ff;

    CHECK(e != NULL);
    if (!e)
        return;
    lw_limits_default(&lim);
    CHECK(lim.work_budget == LW_DEFAULT_WORK_BUDGET && lim.work_budget > 0);
    off = lim;
    off.work_budget = 0;
    /* 2,500 bytes before the words: each regex scans them, so the budget
     * is spent after a few rules; the field's own regex budget (3 x 8 KiB)
     * is not, so no evasion hit blurs the comparison. */
    uri = repeat(p, "/s?f=", "a", 2500,
                 "+zz1+zz2+zz3+zz4+zz5+zz6+zzcrit+zzxss+zzmed");
    ff = classify(e, uri, "zzbot/1.0", &off, p, &full);
    fc = classify(e, uri, "zzbot/1.0", &lim, p, &cut);
    CHECK(ff == 1 && full.stopped == 0 && full.limit_hit == 0);
    CHECK(full.nhits == 12);          /* 9 rules on args, 3 on the UA */
    CHECK(cut.stopped == 1 && cut.limit_hit == 0);
    check_same_summary(&cut, &full, fc, ff);
    /* work was left undone: rules that could only add score */
    CHECK(cut.nhits < full.nhits);
    CHECK(cut.nhits >= LW_SETTLE_HITS);
    CHECK(cut.score >= lim.min_score && cut.score < full.score);
    CHECK(!has_hit(&cut, 16) && !has_hit(&cut, 21) && !has_hit(&cut, 32));
    /* what could change the summary still ran: the critical rule, the
     * category not yet there (also on a later field), the tool */
    CHECK(cut.severity == LW_SEV_CRITICAL && has_hit(&cut, 19));
    CHECK(has_hit(&cut, 20) && (cut.categories & (1u << LW_CAT_XSS)));
    CHECK(has_hit(&cut, 31) && (cut.categories & (1u << LW_CAT_PROTOCOL)));
    CHECK(cut.tool != NULL && has_hit(&cut, 30));
    /* the hit counters count what matched, and only once */
    {
        int k = lw_engine_rule_index(e, 16);
        apr_uint32_t before = lw_engine_rule_hits(e, k);
        classify(e, uri, "zzbot/1.0", &lim, p, &cut);
        CHECK(lw_engine_rule_hits(e, k) == before);
        classify(e, uri, "zzbot/1.0", &off, p, &full);
        CHECK(lw_engine_rule_hits(e, k) == before + 1);
    }

    /* Never below the threshold: the same request, unflagged at this
     * LogWatchMinScore, is evaluated whole. */
    lim.min_score = off.min_score = 1000;
    ff = classify(e, uri, "zzbot/1.0", &off, p, &full);
    fc = classify(e, uri, "zzbot/1.0", &lim, p, &cut);
    CHECK(ff == 0 && fc == 0 && cut.stopped == 0);
    CHECK(cut.nhits == full.nhits && cut.score == full.score);
    lim.min_score = off.min_score = LW_DEFAULT_MIN_SCORE;

    /* Too little evidence: four rules run and fail on 2,500 bytes each
     * (work past the budget), then two match: nothing is cut. */
    uri = repeat(p, "/s?f=", "a", 2500, "+zz5+zz6+zz9");
    ff = classify(e, uri, NULL, &off, p, &full);
    fc = classify(e, uri, NULL, &lim, p, &cut);
    CHECK(ff == 1 && full.nhits == 2);
    CHECK(fc == 1 && cut.stopped == 0 && cut.nhits == 2
          && cut.score == full.score);

    /* Benign: every rule woken ("zz" everywhere), none matches, much
     * work: clean, never cut, whatever the budget. */
    uri = repeat(p, "/s?f=", "zz0+", 600, "");
    lim.work_budget = 1;
    fc = classify(e, uri, "Mozilla/5.0 zz", &lim, p, &cut);
    CHECK(fc == 0 && cut.nhits == 0 && cut.stopped == 0);

    /* A budget spent at once cuts as soon as the verdict is settled, and
     * still keeps the summary. */
    uri = "/s?f=zz1+zz2+zz3+zz4+zz5+zz6+zzcrit+zzxss+zzmed";
    ff = classify(e, uri, "zzbot/1.0", &off, p, &full);
    fc = classify(e, uri, "zzbot/1.0", &lim, p, &cut);
    CHECK(cut.stopped == 1 && cut.nhits < full.nhits);
    check_same_summary(&cut, &full, fc, ff);
    /* and the default budget leaves a short attack whole */
    lim.work_budget = LW_DEFAULT_WORK_BUDGET;
    fc = classify(e, uri, "zzbot/1.0", &lim, p, &cut);
    CHECK(cut.stopped == 0 && cut.nhits == full.nhits
          && cut.score == full.score);
}

/* The shipped signatures: long attacks that wake many rules are cut with
 * their summary kept; benign requests (long ones too) never are; and over
 * requests built from attack fragments, the summary is the full one's
 * whenever neither evaluation hit an inspection limit. */
static void test_shipped(apr_pool_t *p)
{
    static const char *const units[] = {
        "..%2F", ".%2F", "..%5C", "%3Cscript%3E", "+or+1%3D1", "%27", "%3B",
        "union+select+", "%3Cimg+src%3Dx+onerror%3D", "etc%2Fpasswd",
        "${jndi:", "%7Cid", "javascript:", "sleep(", "../", "a", "+"
    };
    static const char *const benign[] = {
        "/images/ksclogo-medium.gif",
        "/shuttle/missions/sts-73/mission-sts-73.html",
        "/cgi-bin/imagemap/countdown?107,144",
        "/search?q=how+to+select+a+value+from+a+list&page=2&lang=en",
        "/history/apollo/apollo-13/apollo-13-info.html?ref=home#top"
    };
    static const char ua[] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
        "Safari/537.36";
    lw_engine_t *e = lw_test_shipped_engine(p);
    lw_limits_t lim, off;
    lw_result_t cut, full;
    apr_pool_t *tp;
    unsigned seed = 12345;
    int i, k, stopped = 0, compared = 0;

    CHECK(e != NULL);
    if (!e)
        return;
    apr_pool_create(&tp, p);
    lw_limits_default(&lim);
    off = lim;
    off.work_budget = 0;

    /* A traversal of 1.5 KiB wakes most lfi rules. */
    {
        const char *uri = repeat(tp, "/index.php?id=", ".%2F", 300,
                                 "etc%2Fpasswd");
        int ff = classify(e, uri, ua, &off, tp, &full);
        int fc = classify(e, uri, ua, &lim, tp, &cut);
        CHECK(ff == 1 && fc == 1);
        CHECK(cut.stopped == 1 && cut.nhits < full.nhits);
        if (!full.limit_hit && !cut.limit_hit)
            check_same_summary(&cut, &full, fc, ff);
        else
            CHECK(cut.severity == full.severity);
    }

    /* Benign requests, also with a long query, a long User-Agent and the
     * smallest budget: never flagged, never cut. */
    lim.work_budget = 1;
    for (i = 0; i < (int)(sizeof(benign) / sizeof(benign[0])); i++) {
        const char *uri = apr_pstrcat(tp, benign[i], strchr(benign[i], '?')
                                      ? "&" : "?", "text=",
                                      repeat(tp, "", "lunar+module+", 200, ""),
                                      NULL);
        CHECK(classify(e, benign[i], ua, &lim, tp, &cut) == 0);
        CHECK(cut.stopped == 0);
        CHECK(classify(e, uri, repeat(tp, ua, " Safari/537.36", 50, ""),
                       &lim, tp, &cut) == 0);
        CHECK(cut.stopped == 0);
    }
    lim.work_budget = LW_DEFAULT_WORK_BUDGET;

    /* Generated attacks at both budgets. */
    for (i = 0; i < 600; i++) {
        char *uri = apr_pstrdup(tp, "/p.php?q=");
        int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6,
            ff, fc;
        lim.work_budget = i % 3 == 0 ? 1 : LW_DEFAULT_WORK_BUDGET;
        for (k = 0; k < n; k++) {
            const char *u = units[((seed = seed * 1103515245u + 12345u) >> 16)
                                  % (sizeof(units) / sizeof(units[0]))];
            int times = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16)
                        % 120;
            uri = apr_pstrcat(tp, uri, repeat(tp, "", u, times, ""), NULL);
        }
        ff = classify(e, uri, ua, &off, tp, &full);
        fc = classify(e, uri, ua, &lim, tp, &cut);
        CHECK(fc == ff);
        CHECK(cut.severity >= full.severity || full.limit_hit);
        if (cut.stopped)
            stopped++;
        if (!full.limit_hit && !cut.limit_hit) {
            compared++;
            if (cut.severity != full.severity
                || cut.categories != full.categories
                || (cut.tool == NULL) != (full.tool == NULL))
                fprintf(stderr, "summary differs: %s\n", uri);
            check_same_summary(&cut, &full, fc, ff);
        }
        if (!cut.stopped)
            CHECK(cut.nhits == full.nhits && cut.score == full.score);
        apr_pool_clear(tp);
    }
    /* the generator does reach the budget, and mostly without limits */
    CHECK(stopped > 50);
    CHECK(compared > 300);
    printf("shipped: %d of 600 generated requests cut, %d compared\n",
           stopped, compared);
}

/* The record: "stopped":"budget" when cut, nothing otherwise; read back. */
static void test_record(apr_pool_t *p)
{
    lw_result_t res;
    lw_record_t rec, back;
    const char *line, *err = NULL;
    apr_size_t len;

    memset(&res, 0, sizeof(res));
    res.severity = LW_SEV_HIGH;
    res.score = 12;
    res.categories = 1u << LW_CAT_LFI;
    lw_record_init(&rec);
    rec.status = 404;
    lw_record_set_result(&rec, &res, p);
    line = lw_record_json(p, &rec, LW_RECORD_MAX, &len);
    CHECK(line && strstr(line, "stopped") == NULL);
    res.stopped = 1;
    lw_record_set_result(&rec, &res, p);
    line = lw_record_json(p, &rec, LW_RECORD_MAX, &len);
    CHECK(line && strstr(line, "\"stopped\":\"budget\"") != NULL);
    CHECK(lw_record_parse(p, line, len - 1, &back, &err) == APR_SUCCESS);
    CHECK(back.stopped != NULL);
    if (back.stopped)
        CHECK_STR(back.stopped, "budget");
    /* kept in the smallest record too */
    line = lw_record_json(p, &rec, LW_RECORD_MIN, &len);
    CHECK(line && strstr(line, "\"stopped\":\"budget\"") != NULL);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_many_rules(p);
    test_shipped(p);
    test_record(p);
    LW_TEST_END();
}
