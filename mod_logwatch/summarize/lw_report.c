/* lw_report.c: helpers shared by the report formats (the text report is
 * lw_report_text.c, the others lw_report_html.c and lw_report_json.c). */
#include "lw_report.h"
#include "lw_escape.h"
#include "lw_suggest.h"
#include "lw_abuse.h"

#include <string.h>
#include <apr_strings.h>

void lw_report_opts_init(lw_report_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->top = 100;
    o->threshold = 3;
    o->disk_threshold = LW_DISK_DEFAULT_THRESHOLD;
    o->generated = apr_time_now();
    o->secrule_id_base = LW_SECRULE_ID_BASE;
    o->alert_sources = LW_ALERT_DEFAULT_SOURCES;
}

const char *lw_fmt_time(apr_pool_t *p, apr_time_t t, int utc_offset)
{
    apr_time_exp_t e;
    int off = utc_offset, neg = off < 0;

    if (t <= 0)
        return "-";
    if (off < -86400 || off > 86400)
        off = 0;
    if (apr_time_exp_tz(&e, t, off) != APR_SUCCESS)
        return "-";
    if (neg)
        off = -off;
    return apr_psprintf(p, "%04d-%02d-%02d %02d:%02d:%02d %c%02d%02d",
                        e.tm_year + 1900, e.tm_mon + 1, e.tm_mday, e.tm_hour,
                        e.tm_min, e.tm_sec, neg ? '-' : '+', off / 3600,
                        (off % 3600) / 60);
}

const char *lw_fmt_named(apr_pool_t *p, const apr_uint64_t *counts, int n,
                         const char *(*name)(int), apr_uint32_t skip)
{
    const char *r = NULL;
    int i;

    for (i = 0; i < n; i++) {
        if (!counts[i] || (i < 32 && (skip & (1u << i))))
            continue;
        r = apr_psprintf(p, "%s%s%s %" APR_UINT64_T_FMT, r ? r : "",
                         r ? ", " : "", name(i), counts[i]);
    }
    return r;
}

const char *lw_fmt_cats(apr_pool_t *p, const apr_uint64_t *by_cat)
{
    const char *r = lw_fmt_named(p, by_cat, LW_CAT__COUNT, lw_category_name,
                                 LW_CATS_NOT_ATTACKS);
    return r ? r : "-";
}

const char *lw_fmt_verdicts(apr_pool_t *p, const apr_uint64_t *by_verdict)
{
    const char *r = lw_fmt_named(p, by_verdict, LW_V__COUNT,
                                 lw_verdict_name, 0);
    return r ? r : "-";
}

const char *lw_fmt_counts(apr_pool_t *p, apr_hash_t *h, int max)
{
    return lw_fmt_count_array(p, lw_count_sorted(h, p), max);
}

const char *lw_fmt_count_array(apr_pool_t *p, const apr_array_header_t *a,
                               int max)
{
    const char *r = NULL;
    int i;

    for (i = 0; i < a->nelts && (max <= 0 || i < max); i++) {
        const lw_count_t *c = APR_ARRAY_IDX(a, i, const lw_count_t *);
        r = apr_psprintf(p, "%s%s%s %" APR_UINT64_T_FMT, r ? r : "",
                         r ? ", " : "", lw_esc_text(p, c->key), c->count);
    }
    if (max > 0 && a->nelts > max)
        r = apr_psprintf(p, "%s, ... (%d more)", r, a->nelts - max);
    return r ? r : "-";
}
