/* lw_report_json.c: the report as one JSON document. Record strings are
 * written as lw_json_str does for records: non-printable bytes as the text
 * \xHH, so the document is ASCII and valid JSON whatever the input. */
#include "lw_report.h"
#include "lw_escape.h"
#include "lw_breach.h"

#include <string.h>
#include <apr_strings.h>


/* A count in decimal: the report writes hundreds of thousands of them,
 * and fprintf costs ten times this. */
static void ju64(FILE *out, apr_uint64_t v)
{
    char b[24], *e = b + sizeof(b), *q = e;

    do
        *--q = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    fwrite(q, 1, (size_t)(e - q), out);
}

/* {"name":count,...} over the non-zero counts; names are our own. */
static void jnamed(FILE *out, const apr_uint64_t *counts, int n,
                   const char *(*name)(int))
{
    int i, k = 0;

    putc('{', out);
    for (i = 0; i < n; i++)
        if (counts[i])
        {
            fputs(k++ ? ",\"" : "\"", out);
            fputs(name(i), out);
            fputs("\":", out);
            ju64(out, counts[i]);
        }
    putc('}', out);
}

static void jcats(FILE *out, const apr_uint64_t *by_cat)
{
    jnamed(out, by_cat, LW_CAT__COUNT, lw_category_name);
}

static void jverdicts(FILE *out, const apr_uint64_t *by_verdict)
{
    jnamed(out, by_verdict, LW_V__COUNT, lw_verdict_name);
}

/* Counters as [[key, count], ...]: keys from records may collide once
 * escaped, so no object. */
static void jcount_array(FILE *out, const apr_array_header_t *a)
{
    /* The entries gathered in b and written a few kilobytes at a time:
     * there are hundreds of thousands of them, each six stdio calls. A
     * key that needs escapes goes the usual way, after what b holds. */
    char b[4096], *q = b, *e;
    int i;

    *q++ = '[';
    for (i = 0; i < a->nelts; i++) {
        const lw_count_t *c = APR_ARRAY_IDX(a, i, const lw_count_t *);
        apr_uint64_t v = c->count;
        char d[24], *dq = d + sizeof(d);

        if (b + sizeof(b) - q < 64) {
            fwrite(b, 1, (size_t)(q - b), out);
            q = b;
        }
        if (i)
            *q++ = ',';
        *q++ = '[';
        e = c->key == NULL ? NULL
            : lw_json_put_plain(q, (apr_size_t)(b + sizeof(b) - q) - 32,
                                c->key);
        if (e == NULL) {
            fwrite(b, 1, (size_t)(q - b), out);
            q = b;
            lw_json_write_str(out, c->key);
        } else {
            q = e;
        }
        *q++ = ',';
        do
            *--dq = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        memcpy(q, dq, (size_t)(d + sizeof(d) - dq));
        q += d + sizeof(d) - dq;
        *q++ = ']';
    }
    *q++ = ']';
    fwrite(b, 1, (size_t)(q - b), out);
}

static void jcounts(FILE *out, apr_hash_t *h, apr_pool_t *p)
{
    jcount_array(out, lw_count_sorted(h, p));
}

static void jlines(FILE *out, const apr_array_header_t *a)
{
    int i;

    putc('[', out);
    for (i = 0; a && i < a->nelts; i++) {
        if (i)
            putc(',', out);
        lw_json_write_str(out, APR_ARRAY_IDX(a, i, const char *));
    }
    putc(']', out);
}

/* What needs action and the time chart: the data of the text and HTML
 * reports' first sections, in their order ("sections"). */
static void jaction(FILE *out, const lw_summary_t *s,
                    const lw_report_view_t *v, apr_pool_t *p)
{
    const lw_scanner_traffic_t *st = &s->scanner;
    int i;

    fputs(",\"sections\":[", out);
    for (i = 0; i < LW_RS__COUNT; i++)
        fprintf(out, "%s\"%s\"", i ? "," : "", lw_report_section(i)->id);
    putc(']', out);
    lw_breach_json(out, v->breaches, s->breaches_dropped);
    fputs(",\"applications\":[", out);
    for (i = 0; i < v->apps->nelts; i++) {
        const lw_app_t *a = APR_ARRAY_IDX(v->apps, i, const lw_app_t *);
        fputs(i ? ",{\"vhost\":" : "{\"vhost\":", out);
        lw_json_write_str(out, a->vhost);
        fputs(",\"route\":", out);
        lw_json_write_str(out, a->route);
        fprintf(out, ",\"attacks\":%" APR_UINT64_T_FMT ",\"categories\":",
                a->attacks);
        jcats(out, a->by_cat);
        fputs(",\"severity\":", out);
        lw_json_write_str(out, a->severity >= 0 ? lw_severity_name(a->severity) : NULL);
        fputs(",\"example\":", out);
        lw_json_write_str(out, a->example);
        putc('}', out);
    }
    fprintf(out, "],\"applications_dropped\":%" APR_UINT64_T_FMT
            ",\"scanner_traffic\":{\"static_files\":%" APR_UINT64_T_FMT
            ",\"tool_only\":%" APR_UINT64_T_FMT ",\"sites\":", s->apps_dropped,
            st->static_files, st->tool_only);
    if (st->sites)
        jcounts(out, st->sites, p);
    else
        fputs("[]", out);
    fputs("},\"sources_to_report\":[", out);
    for (i = 0; i < v->report_sources->nelts; i++) {
        if (i)
            putc(',', out);
        lw_json_write_str(out, APR_ARRAY_IDX(v->report_sources, i, lw_src_t *)->ip);
    }
    fputs("],\"sites_to_alert\":[", out);
    for (i = 0; i < v->alert_sites->nelts; i++) {
        if (i)
            putc(',', out);
        lw_json_write_str(out, APR_ARRAY_IDX(v->alert_sites, i, lw_target_t *)->vhost);
    }
    fprintf(out, "],\"timeline\":{\"bin\":\"%s\",\"bins\":[",
            v->bin_hours == 1 ? "hour" : "day");
    for (i = 0; i < v->nbins; i++) {
        fputs(i ? ",{\"start\":" : "{\"start\":", out);
        lw_json_write_time(out, v->bin0 + (apr_time_t)i * v->bin_hours
                   * apr_time_from_sec(3600), 0);
        fprintf(out, ",\"attacks\":%" APR_UINT64_T_FMT ",\"categories\":",
                v->bin_attacks[i]);
        jcats(out, &v->bins[i * LW_CAT__COUNT]);
        putc('}', out);
    }
    fprintf(out, "],\"dropped\":%" APR_UINT64_T_FMT "}", s->hours_dropped);
}

int lw_report_json(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p)
{
    lw_report_view_t *v = lw_report_view(s, o, p);
    apr_array_header_t *srcs = v->srcs;
    apr_array_header_t *tgts = v->tgts;
    apr_array_header_t *fail = v->fail;
    apr_array_header_t *hosts = v->hosts;
    apr_pool_t *scratch = NULL;
    int i;

    fputs("{\"generated\":", out);
    lw_json_write_time(out, o->generated, 0);
    fputs(",\"since\":", out);
    lw_json_write_time(out, s->since, 0);
    fputs(",\"until\":", out);
    lw_json_write_time(out, s->until, 0);
    fputs(",\"first\":", out);
    lw_json_write_time(out, s->first, 0);
    fputs(",\"last\":", out);
    lw_json_write_time(out, s->last, 0);
    fprintf(out, ",\"input\":{\"lines\":%" APR_UINT64_T_FMT ",\"records\":%"
            APR_UINT64_T_FMT ",\"malformed\":%" APR_UINT64_T_FMT
            ",\"oversized\":%" APR_UINT64_T_FMT ",\"out_of_window\":%"
            APR_UINT64_T_FMT ",\"duplicates\":%" APR_UINT64_T_FMT
            ",\"ignored\":%" APR_UINT64_T_FMT "}",
            s->lines, s->records, s->malformed, s->oversized,
            s->out_of_window, s->duplicates, s->ignored);
    fprintf(out, ",\"attacks\":%" APR_UINT64_T_FMT ",\"server_errors\":%"
            APR_UINT64_T_FMT ",\"thresholds\":%" APR_UINT64_T_FMT
            ",\"threshold\":%" APR_UINT64_T_FMT, s->attacks, s->server_errors,
            s->thresholds, o->threshold);
    fputs(",\"by_category\":", out);
    jcats(out, s->by_cat);
    fputs(",\"by_verdict\":", out);
    jverdicts(out, s->by_verdict);
    jaction(out, s, v, p);

    fputs(",\"sources\":[", out);
    for (i = 0; i < srcs->nelts; i++) {
        const lw_src_t *src = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
        fputs(i ? ",{\"ip\":" : "{\"ip\":", out);
        lw_json_write_str(out, src->ip);
        fputs(src->valid_ip ? ",\"valid_ip\":true,\"attacks\":"
              : ",\"valid_ip\":false,\"attacks\":", out);
        ju64(out, src->attacks);
        fputs(",\"categories\":", out);
        jcats(out, src->by_cat);
        fputs(",\"verdicts\":", out);
        jverdicts(out, src->by_verdict);
        fputs(",\"first\":", out);
        lw_json_write_time(out, src->first, src->first_off);
        fputs(",\"last\":", out);
        lw_json_write_time(out, src->last, src->last_off);
        fputs(",\"targets\":", out);
        jcounts(out, src->targets, p);
        fputs(",\"hosts\":", out);
        jcounts(out, src->hosts, p);
        fputs(",\"clients\":", out);
        jcounts(out, src->tools, p);
        fputs(",\"abuse\":", out);
        lw_json_write_str(out, src->abuse);
        fputs(",\"abuse_source\":", out);
        lw_json_write_str(out, src->abuse_source);
        putc('}', out);
    }
    fputs("],\"targets\":[", out);
    for (i = 0; i < tgts->nelts; i++) {
        const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
        fputs(i ? ",{\"vhost\":" : "{\"vhost\":", out);
        lw_json_write_str(out, t->vhost);
        fputs(",\"attacks\":", out);
        ju64(out, t->attacks);
        fputs(",\"distinct_sources\":", out);
        ju64(out, apr_hash_count(t->sources));
        fputs(",\"categories\":", out);
        jcats(out, t->by_cat);
        fputs(",\"verdicts\":", out);
        jverdicts(out, t->by_verdict);
        fputs(",\"sources\":", out);
        jcounts(out, t->sources, p);
        fputs(",\"served_uris\":", out);
        jcounts(out, t->served_uris, p);
        fputs(",\"paths\":", out);
        /* up to LW_SUM_MAX_KEYS per target: the sorted list is dropped
         * once written */
        if (scratch == NULL)
            apr_pool_create(&scratch, p);
        jcount_array(out, lw_target_paths_sorted(t, scratch));
        apr_pool_clear(scratch);
        putc('}', out);
    }
    fputs("],\"failing\":[", out);
    for (i = 0; i < fail->nelts; i++) {
        const lw_failing_t *f = APR_ARRAY_IDX(fail, i, const lw_failing_t *);
        fputs(i ? ",{\"vhost\":" : "{\"vhost\":", out);
        lw_json_write_str(out, f->vhost);
        fprintf(out, ",\"errors\":%" APR_UINT64_T_FMT ",\"uris\":", f->errors);
        jcounts(out, f->uris, p);
        putc('}', out);
    }
    fputs("],\"hosts\":[", out);
    for (i = 0; i < hosts->nelts; i++) {
        const lw_host_t *h = APR_ARRAY_IDX(hosts, i, const lw_host_t *);
        fputs(i ? ",{\"host\":" : "{\"host\":", out);
        lw_json_write_str(out, h->host);
        fprintf(out, ",\"records\":%" APR_UINT64_T_FMT ",\"attacks\":%"
                APR_UINT64_T_FMT ",\"server_errors\":%" APR_UINT64_T_FMT
                ",\"distinct_sources\":%u,\"distinct_targets\":%u",
                h->records, h->attacks, h->server_errors,
                apr_hash_count(h->sources), apr_hash_count(h->targets));
        fputs(",\"categories\":", out);
        jcats(out, h->by_cat);
        fputs(",\"verdicts\":", out);
        jverdicts(out, h->by_verdict);
        putc('}', out);
    }
    fputs("],\"disk\":[", out);
    for (i = 0; i < o->ndisks; i++) {
        const lw_disk_t *d = &o->disks[i];
        fputs(i ? ",{\"path\":" : "{\"path\":", out);
        lw_json_write_str(out, d->path);
        fputs(",\"error\":", out);
        lw_json_write_str(out, d->error);
        fprintf(out, ",\"bytes_total\":%" APR_UINT64_T_FMT ",\"bytes_used\":%"
                APR_UINT64_T_FMT ",\"bytes_avail\":%" APR_UINT64_T_FMT
                ",\"bytes_pct\":%.1f,\"inodes_total\":%" APR_UINT64_T_FMT
                ",\"inodes_used\":%" APR_UINT64_T_FMT ",\"inodes_pct\":%.1f"
                ",\"warn\":%s}", d->bytes_total, d->bytes_used, d->bytes_avail,
                d->bytes_pct, d->inodes_total, d->inodes_used, d->inodes_pct,
                d->warn ? "true" : "false");
    }
    fprintf(out, "],\"disk_threshold\":%.1f", o->disk_threshold);
    fputs(",\"firewall\":", out);
    if (o->firewall_kind) {
        fputs("{\"kind\":", out);
        lw_json_write_str(out, o->firewall_kind);
        fputs(",\"commands\":", out);
        jlines(out, o->firewall);
        putc('}', out);
    } else {
        fputs("null", out);
    }
    fputs(",\"secrules\":", out);
    if (o->secrules)
        jlines(out, o->secrules);
    else
        fputs("null", out);
    fputs(",\"notes\":", out);
    jlines(out, o->notes);
    fputs("}\n", out);
    return ferror(out) ? -1 : 0;
}
