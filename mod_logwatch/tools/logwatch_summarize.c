/* logwatch-summarize: the daily report from attack records (the module's
 * and logwatch-scan's), with abuse reports, site-owner alerts, firewall and
 * mod_security suggestions.
 *
 *   logwatch-summarize [options] [FILE...|-]
 *
 * Input files may be gzipped; no file or "-" reads stdin. See opts_usage()
 * in summarize_opts.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "lw_sum.h"
#include "lw_report.h"
#include "lw_breach.h"
#include "lw_disk.h"
#include "lw_suggest.h"
#include "lw_escape.h"
#include "lw_net.h"
#include "lw_abuse.h"
#include "lw_sum_input.h"
#include "summarize_opts.h"

/* ---------------------------------------------------------------- time */

/* Local midnight of the day of t, shifted by days. */
static apr_time_t local_midnight(apr_time_t t, int days)
{
    time_t tt = (time_t)apr_time_sec(t);
    struct tm tm;

    localtime_r(&tt, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mday += days;
    tm.tm_isdst = -1;
    return apr_time_from_sec(mktime(&tm));
}

/* WHEN as in opts_usage(). Returns 0 and sets *out, -1 when not understood. */
static int parse_when(const char *w, apr_time_t now, apr_time_t *out)
{
    lw_rec_time_t tm = { 0, 0, 0, 0, 0, 0, 0, 0 };
    int zone = 0, oh, om;
    const char *p;
    char *end;
    long n;
    struct tm lt;

    if (strcmp(w, "now") == 0) {
        *out = now;
        return 0;
    }
    if (strcmp(w, "today") == 0) {
        *out = local_midnight(now, 0);
        return 0;
    }
    if (strcmp(w, "yesterday") == 0) {
        *out = local_midnight(now, -1);
        return 0;
    }
    errno = 0;
    n = strtol(w, &end, 10);
    if (end != w && errno == 0 && n >= 0 && n < 100000
        && (strcmp(end, "h") == 0 || strcmp(end, "d") == 0)) {
        *out = now - apr_time_from_sec((apr_time_t)n * (*end == 'h' ? 3600 : 86400));
        return 0;
    }
    if (strlen(w) < 10 || lw_digits(w, 4, &tm.year) || w[4] != '-'
        || lw_digits(w + 5, 2, &tm.mon) || w[7] != '-'
        || lw_digits(w + 8, 2, &tm.mday)
        || tm.mon < 1 || tm.mon > 12 || tm.mday < 1 || tm.mday > 31)
        return -1;
    p = w + 10;
    if (*p == 'T' || *p == ' ') {
        if (lw_digits(p + 1, 2, &tm.hour) || p[3] != ':'
            || lw_digits(p + 4, 2, &tm.min))
            return -1;
        p += 6;
        if (*p == ':') {
            if (lw_digits(p + 1, 2, &tm.sec))
                return -1;
            p += 3;
        }
        if (tm.hour > 23 || tm.min > 59 || tm.sec > 60)
            return -1;
    }
    if (*p == 'Z') {
        zone = 1;
        p++;
    } else if (*p == '+' || *p == '-') {
        if (lw_digits(p + 1, 2, &oh))
            return -1;
        if (p[3] == ':' ? lw_digits(p + 4, 2, &om) : lw_digits(p + 3, 2, &om))
            return -1;
        tm.utc_offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
        zone = 1;
        p += p[3] == ':' ? 6 : 5;
    }
    if (*p)
        return -1;
    if (zone)
        return lw_rec_time_get(&tm, out);
    memset(&lt, 0, sizeof(lt));
    lt.tm_year = tm.year - 1900;
    lt.tm_mon = tm.mon - 1;
    lt.tm_mday = tm.mday;
    lt.tm_hour = tm.hour;
    lt.tm_min = tm.min;
    lt.tm_sec = tm.sec;
    lt.tm_isdst = -1;
    *out = apr_time_from_sec(mktime(&lt));
    return 0;
}

/* ===================================================================
 * Adapter to the abuse-report API (lw_mail.h, lw_whois.h, lw_state.h):
 * WHOIS contacts for the report, abuse reports, site-owner alerts. All
 * calls into that part go through these two functions.
 * =================================================================== */

static void abuse_setup(lw_abuse_opts_t *ao, const opts_t *o, apr_pool_t *p)
{
    int i;

    lw_abuse_opts_default(ao, p);
    ao->threshold = o->threshold;
    for (i = 0; i < o->ignore->nelts; i++)
        *(lw_cidr_t *)apr_array_push(ao->ignore) =
            APR_ARRAY_IDX(o->ignore, i, lw_cidr_t);
    ao->state_file = o->state;
    ao->whois.server = o->whois_server;
    ao->whois.map_file = o->abuse_map;
    ao->whois.cache_file = o->whois_cache;
    ao->out_dir = o->abuse_dir;
    if (o->from)
        ao->from = o->from;
    ao->send = o->send;
    if (o->sendmail)
        ao->sendmail = o->sendmail;
    ao->alerts_dir = o->alerts_dir;
    if (o->alert_sources)
        ao->alert_sources = o->alert_sources;
    ao->contacts_file = o->contacts;
    ao->report_to = o->report_to;
    if (o->whois_timeout)
        ao->whois.timeout = apr_time_from_sec(o->whois_timeout);
    if (o->whois_budget)
        ao->whois.budget = apr_time_from_sec(o->whois_budget);
    ao->log = stderr;
}

/* Before the report: contacts. After: messages. Notes for the report. */
static int abuse_run(lw_summary_t *s, lw_abuse_opts_t *ao, int before,
                     apr_array_header_t *notes, apr_pool_t *p)
{
    const char *err = NULL;
    apr_array_header_t *files = NULL;
    int n, i, rc = 0;

    if (before) {
        n = lw_abuse_lookup_all(s, ao, p, &err);
        if (n < 0) {
            fprintf(stderr, "logwatch-summarize: abuse contacts: %s\n",
                    lw_esc_text(p, err));
            return -1;
        }
        return 0;
    }
    if (ao->out_dir) {
        lw_abuse_stats_t st;
        memset(&st, 0, sizeof(st));
        if (lw_abuse_write_reports(s, ao, p, &files, &st, &err)
            != APR_SUCCESS) {
            fprintf(stderr, "logwatch-summarize: abuse reports: %s\n",
                    lw_esc_text(p, err));
            rc = -1;
        }
        *(const char **)apr_array_push(notes) = apr_psprintf(p,
            "abuse reports: %d written, %d sent, %d send failures; %d sources "
            "over the threshold, %d already reported today, %d without a "
            "contact", st.reports, st.sent, st.send_failed, st.eligible,
            st.already_reported, st.no_contact);
        for (i = 0; files && i < files->nelts; i++)
            *(const char **)apr_array_push(notes) = apr_pstrcat(p,
                "  ", APR_ARRAY_IDX(files, i, const char *), NULL);
    }
    if (ao->alerts_dir) {
        files = NULL;
        if (lw_alerts_write(s, ao, p, &files, &err) != APR_SUCCESS) {
            fprintf(stderr, "logwatch-summarize: alerts: %s\n",
                    lw_esc_text(p, err));
            rc = -1;
        }
        *(const char **)apr_array_push(notes) = apr_psprintf(p,
            "site-owner alerts: %d written", files ? files->nelts : 0);
        for (i = 0; files && i < files->nelts; i++)
            *(const char **)apr_array_push(notes) = apr_pstrcat(p,
                "  ", APR_ARRAY_IDX(files, i, const char *), NULL);
    }
    return rc;
}

/* ======================================================== end of adapter */

/* --breaches FILE: the Possible breaches section alone (text), for the
 * daily job's urgent mail; an empty file when there is none. */
static int write_breaches(const char *path, const lw_summary_t *s,
                          apr_pool_t *p)
{
    apr_array_header_t *b = lw_summary_breaches(s, p);
    FILE *f = fopen(path, "w");

    if (f == NULL) {
        fprintf(stderr, "logwatch-summarize: %s: %s\n", lw_esc_text(p, path),
                strerror(errno));
        return -1;
    }
    if (b->nelts) {
        fprintf(f, "%s\n", lw_report_section(LW_RS_BREACHES)->title);
        lw_breach_text(f, b, 0, s->breaches_dropped, p);
    }
    if (fflush(f) || fclose(f)) {
        fprintf(stderr, "logwatch-summarize: writing %s failed\n",
                lw_esc_text(p, path));
        return -1;
    }
    return 0;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    opts_t o;
    lw_summary_t *s;
    lw_report_opts_t ro;
    lw_abuse_opts_t ao;
    apr_array_header_t *notes, *skipped;
    apr_time_t now;
    lw_disk_t *disks = NULL;
    FILE *out = stdout;
    int i, r, rc = 0, abuse;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);
    opts_init(&o, pool);
    r = opts_parse(argc, argv, &o, pool);
    if (r) {
        if (r < 0)
            opts_usage(stderr);
        return r < 0 ? 2 : 0;
    }

    now = apr_time_now();
    s = lw_summary_create(pool);
    if ((o.since && parse_when(o.since, now, &s->since))
        || (o.until && parse_when(o.until, now, &s->until))) {
        fprintf(stderr, "logwatch-summarize: --since/--until: use "
                "YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM], today, yesterday, now, "
                "Nh or Nd\n");
        return 2;
    }
    s->ignore = o.ignore;
    s->keep_finds = o.modsecurity;
    /* At a fleet's scale the sample lines and the open paths are most of
     * the memory: kept only for the outputs that show them. */
    s->no_samples = !(o.abuse_dir || o.alerts_dir);
    s->no_open_paths = !o.modsecurity;
    if (s->since && s->until && s->until <= s->since)
        fprintf(stderr, "logwatch-summarize: warning: --until is not after "
                "--since: the window is empty\n");

    notes = apr_array_make(pool, 8, sizeof(const char *));
    skipped = apr_array_make(pool, 8, sizeof(const char *));
    if (o.inputs->nelts == 0)
        *(const char **)apr_array_push(o.inputs) = "-";
    if (lw_sumtool_read(s, o.inputs, o.threads, notes, pool))
        rc = 1;
    if (s->malformed || s->oversized)
        *(const char **)apr_array_push(notes) = apr_psprintf(pool,
            "%" APR_UINT64_T_FMT " malformed and %" APR_UINT64_T_FMT
            " oversized lines were skipped", s->malformed, s->oversized);

    lw_report_opts_init(&ro);
    ro.generated = now;
    ro.top = o.top;
    ro.threshold = (apr_uint64_t)o.threshold;
    if (o.alert_sources)
        ro.alert_sources = o.alert_sources;
    ro.disk_threshold = o.disk_threshold;
    ro.notes = notes;

    abuse = o.abuse_dir || o.whois_server || o.alerts_dir || o.abuse_map;
    if (abuse) {
        abuse_setup(&ao, &o, pool);
        if (o.abuse_dir || o.whois_server || o.abuse_map) {
            if (abuse_run(s, &ao, 1, notes, pool))
                rc = 1;
            ro.whois_done = 1;
        }
    }

    if (o.disks->nelts) {
        disks = apr_pcalloc(pool, sizeof(*disks) * (apr_size_t)o.disks->nelts);
        for (i = 0; i < o.disks->nelts; i++)
            lw_disk_check(pool, APR_ARRAY_IDX(o.disks, i, const char *),
                          o.disk_threshold, &disks[i]);
        ro.disks = disks;
        ro.ndisks = o.disks->nelts;
    }
    if (o.firewall) {
        ro.firewall_kind = o.firewall;
        ro.firewall = lw_suggest_firewall(pool, lw_summary_sources(s, pool),
                                          lw_fw_kind_from_name(o.firewall),
                                          (apr_uint64_t)o.threshold, o.ignore,
                                          skipped);
    }
    ro.secrule_id_base = o.secrule_base;
    if (o.modsecurity) {
        lw_benign_t *benign = NULL;
        int dropped = 0;

        for (i = 0; i < o.benign->nelts; i++) {
            const char *err = NULL;

            if (benign == NULL)
                benign = lw_benign_create(pool);
            if (lw_benign_load(benign, APR_ARRAY_IDX(o.benign, i,
                                                      const char *), &err)) {
                fprintf(stderr, "logwatch-summarize: --benign %s\n",
                        lw_esc_text(pool, err));
                return 2;
            }
        }
        ro.secrules = lw_suggest_secrules_checked(pool, s, o.secrule_base,
                                                  benign, &dropped, skipped);
        if (benign != NULL)
            *(const char **)apr_array_push(skipped) = apr_psprintf(
                pool, "mod_security suggestions checked against %d benign "
                "requests (--benign): %d dropped, they would block ordinary "
                "traffic", lw_benign_count(benign), dropped);
        else
            *(const char **)apr_array_push(skipped) =
                "mod_security suggestions not checked against ordinary "
                "traffic: give --benign ACCESS_LOG";
    }

    /* Messages are written before the report so that it can list them. */
    if (abuse && (o.abuse_dir || o.alerts_dir) && abuse_run(s, &ao, 0, notes, pool))
        rc = 1;
    for (i = 0; i < skipped->nelts; i++)
        *(const char **)apr_array_push(notes) = APR_ARRAY_IDX(skipped, i,
                                                               const char *);

    if (o.output && (out = fopen(o.output, "w")) == NULL) {
        fprintf(stderr, "logwatch-summarize: %s: %s\n",
                lw_esc_text(pool, o.output), strerror(errno));
        return 1;
    }
    if (strcmp(o.format, "json") == 0)
        r = lw_report_json(out, s, &ro, pool);
    else if (strcmp(o.format, "html") == 0)
        r = lw_report_html(out, s, &ro, pool);
    else
        r = lw_report_text(out, s, &ro, pool);
    if (r || fflush(out) || (out != stdout && fclose(out))) {
        fprintf(stderr, "logwatch-summarize: writing the report failed\n");
        rc = 1;
    }
    if (o.breaches && write_breaches(o.breaches, s, pool))
        rc = 1;
    fprintf(stderr, "logwatch-summarize: %" APR_UINT64_T_FMT " lines, %"
            APR_UINT64_T_FMT " records, %" APR_UINT64_T_FMT " attacks, %"
            APR_UINT64_T_FMT " malformed, %" APR_UINT64_T_FMT " oversized, %"
            APR_UINT64_T_FMT " outside the window, %" APR_UINT64_T_FMT
            " duplicates\n", s->lines, s->records, s->attacks, s->malformed,
            s->oversized, s->out_of_window, s->duplicates);
    /* On a big input, giving the summary back piece by piece takes longer
     * than the process exit that frees it; sanitizer builds free it all,
     * so that their leak check sees everything given back. */
#if defined(__SANITIZE_ADDRESS__)
    apr_pool_destroy(pool);
    apr_terminate();
#endif
    return rc;
}
