/* lw_report_view.c: what the report's sections show, worked out once for
 * the three formats, and the one home of their order, ids and titles, and
 * of the letters of categories in the text charts. */
#include "lw_report.h"
#include "lw_state.h"
#include "lw_breach.h"

#include <string.h>
#include <apr_strings.h>

static const lw_report_section_t sections[LW_RS__COUNT] = {
    [LW_RS_BREACHES] = { "breaches", "Possible breaches: responses that "
                         "showed a leak", 1 },
    [LW_RS_APPS] = { "apps", "Served attacks: review these applications "
                     "first", 1 },
    [LW_RS_REPORT_SOURCES] = { "report-sources", "Sources to report", 1 },
    [LW_RS_ALERT_SITES] = { "alert-sites", "Sites to alert", 1 },
    [LW_RS_TIMELINE] = { "timeline", "Attacks over time", 0 },
    [LW_RS_CATEGORIES] = { "categories", "By category", 0 },
    [LW_RS_VERDICTS] = { "verdicts", "By verdict (served: reached the "
                         "application)", 0 },
    [LW_RS_TOP_SOURCES] = { "top-sources", "Top sources", 0 },
    [LW_RS_TOP_TARGETS] = { "top-targets", "Top targets", 0 },
    [LW_RS_SOURCES] = { "sources", "By source", 0 },
    [LW_RS_TARGETS] = { "targets", "By target", 0 },
    [LW_RS_FAILING] = { "failing", "Failing sites (server errors that were "
                        "not attacks)", 0 },
    [LW_RS_HOSTS] = { "hosts", "By host", 0 },
    [LW_RS_DISK] = { "disk", "Disk", 0 },
    [LW_RS_FIREWALL] = { "firewall", "Firewall", 0 },
    [LW_RS_SECRULES] = { "secrules", "mod_security suggestions", 0 },
    [LW_RS_NOTES] = { "notes", "Notes", 0 },
};

const lw_report_section_t *lw_report_section(int sec)
{
    return sec >= 0 && sec < LW_RS__COUNT ? &sections[sec] : NULL;
}

char lw_category_letter(int cat)
{
    switch (cat) {
    case LW_CAT_SQLI:     return 's';
    case LW_CAT_XSS:      return 'x';
    case LW_CAT_LFI:      return 'l';
    case LW_CAT_RFI:      return 'r';
    case LW_CAT_RCE:      return 'c';
    case LW_CAT_SCANNER:  return 'n';
    case LW_CAT_PROBE:    return 'p';
    case LW_CAT_PROTOCOL: return 'o';
    default:              return '?';
    }
}

#define HOUR apr_time_from_sec(3600)

const char *lw_fmt_bin(apr_pool_t *p, const lw_report_view_t *v, int i)
{
    apr_time_exp_t e;

    apr_time_exp_gmt(&e, v->bin0 + (apr_time_t)i * v->bin_hours * HOUR);
    if (v->bin_hours == 1)
        return apr_psprintf(p, "%04d-%02d-%02d %02d:00", e.tm_year + 1900,
                            e.tm_mon + 1, e.tm_mday, e.tm_hour);
    return apr_psprintf(p, "%04d-%02d-%02d", e.tm_year + 1900, e.tm_mon + 1,
                        e.tm_mday);
}

/* Bins over the records' span, or over the window when it is set and
 * short (a day's report shows its 24 hours, quiet ones too). */
static void timeline(lw_report_view_t *v, const lw_summary_t *s,
                     apr_pool_t *p)
{
    apr_array_header_t *hours = lw_summary_hours(s, p);
    apr_int64_t lo, hi, h;
    int i, c;

    v->bin_hours = 1;
    if (!hours->nelts)
        return;
    lo = APR_ARRAY_IDX(hours, 0, lw_hour_t *)->hour;
    hi = APR_ARRAY_IDX(hours, hours->nelts - 1, lw_hour_t *)->hour;
    if (s->since > 0 && s->until > s->since
        && s->until - s->since <= LW_REPORT_HOURLY_SPAN * HOUR) {
        lo = s->since / HOUR;
        hi = (s->until - 1) / HOUR;
    }
    if (hi - lo >= LW_REPORT_HOURLY_SPAN) {
        v->bin_hours = 24;
        lo /= 24;
        hi /= 24;
        if (hi - lo >= LW_REPORT_MAX_DAYS)
            lo = hi - LW_REPORT_MAX_DAYS + 1;
    }
    v->nbins = (int)(hi - lo + 1);
    v->bin0 = (apr_time_t)lo * v->bin_hours * HOUR;
    v->bins = apr_pcalloc(p, sizeof(*v->bins) * (apr_size_t)v->nbins
                          * LW_CAT__COUNT);
    v->bin_attacks = apr_pcalloc(p, sizeof(*v->bin_attacks)
                                 * (apr_size_t)v->nbins);
    for (i = 0; i < hours->nelts; i++) {
        const lw_hour_t *hr = APR_ARRAY_IDX(hours, i, lw_hour_t *);
        h = hr->hour / v->bin_hours - lo;
        if (h < 0 || h >= v->nbins)
            continue;
        v->bin_attacks[h] += hr->attacks;
        for (c = 0; c < LW_CAT__COUNT; c++)
            v->bins[h * LW_CAT__COUNT + c] += hr->by_cat[c];
    }
    for (i = 0; i < v->nbins; i++)
        if (v->bin_attacks[i] > v->bin_max)
            v->bin_max = v->bin_attacks[i];
}

lw_report_view_t *lw_report_view(const lw_summary_t *s,
                                 const lw_report_opts_t *o, apr_pool_t *p)
{
    lw_report_view_t *v = apr_pcalloc(p, sizeof(*v));
    apr_uint64_t min = o->threshold > 0 ? o->threshold : 1;
    unsigned sites = o->alert_sources > 0 ? (unsigned)o->alert_sources : 1;
    int i;

    v->srcs = lw_summary_sources(s, p);
    v->tgts = lw_summary_targets(s, p);
    v->fail = lw_summary_failing(s, p);
    v->hosts = lw_summary_hosts(s, p);
    v->apps = lw_summary_apps(s, p);
    v->breaches = lw_summary_breaches(s, p);
    for (i = 0; i < v->apps->nelts; i++)
        v->apps_attacks += APR_ARRAY_IDX(v->apps, i, lw_app_t *)->attacks;
    v->report_sources = apr_array_make(p, 8, sizeof(lw_src_t *));
    for (i = 0; i < v->srcs->nelts; i++) {
        lw_src_t *src = APR_ARRAY_IDX(v->srcs, i, lw_src_t *);
        if (src->attacks >= min && lw_reportable_ip(src->ip, s->ignore))
            *(lw_src_t **)apr_array_push(v->report_sources) = src;
    }
    v->alert_sites = apr_array_make(p, 8, sizeof(lw_target_t *));
    for (i = 0; i < v->tgts->nelts; i++) {
        lw_target_t *t = APR_ARRAY_IDX(v->tgts, i, lw_target_t *);
        if (apr_hash_count(t->sources) >= sites)
            *(lw_target_t **)apr_array_push(v->alert_sites) = t;
    }
    timeline(v, s, p);
    return v;
}
