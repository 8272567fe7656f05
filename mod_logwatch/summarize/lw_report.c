/* lw_report.c: helpers shared by the report formats, and the text report.
 * Text output goes to terminals and mail bodies: every record string is
 * passed through lw_esc_text (control bytes and non-ASCII as \xHH). */
#include "lw_report.h"
#include "lw_escape.h"
#include "lw_suggest.h"

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
    apr_array_header_t *a = lw_count_sorted(h, p);
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

static const char *human(apr_pool_t *p, apr_uint64_t b)
{
    static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    double v = (double)b;
    int u = 0;

    while (v >= 1024.0 && u < 5) {
        v /= 1024.0;
        u++;
    }
    return apr_psprintf(p, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

static void text_disks(FILE *out, const lw_report_opts_t *o, apr_pool_t *p)
{
    int i;

    if (!o->ndisks)
        return;
    fprintf(out, "\nDisk (warning at %.0f%% used)\n", o->disk_threshold);
    for (i = 0; i < o->ndisks; i++) {
        const lw_disk_t *d = &o->disks[i];
        if (d->error) {
            fprintf(out, "  WARNING %s: cannot read: %s\n",
                    lw_esc_text(p, d->path), lw_esc_text(p, d->error));
            continue;
        }
        fprintf(out, "  %s%s: blocks %.1f%% used (%s of %s, %s free), "
                "inodes %.1f%% used (%" APR_UINT64_T_FMT " of %"
                APR_UINT64_T_FMT ")\n", d->warn ? "WARNING " : "",
                lw_esc_text(p, d->path), d->bytes_pct,
                human(p, d->bytes_used), human(p, d->bytes_total),
                human(p, d->bytes_avail), d->inodes_pct, d->inodes_used,
                d->inodes_total);
    }
}

/* One "  name  count" line per non-zero count not in skip; "(none)" when
 * there is none. */
static void text_named(FILE *out, const apr_uint64_t *counts, int n,
                       const char *(*name)(int), apr_uint32_t skip)
{
    int i, any = 0;

    for (i = 0; i < n; i++) {
        if (!counts[i] || (i < 32 && (skip & (1u << i))))
            continue;
        fprintf(out, "  %-12s %" APR_UINT64_T_FMT "\n", name(i), counts[i]);
        any = 1;
    }
    if (!any)
        fprintf(out, "  (none)\n");
}

static void text_lines(FILE *out, const char *title,
                       apr_array_header_t *a, apr_pool_t *p)
{
    int i;

    if (!a || !a->nelts)
        return;
    fprintf(out, "\n%s\n", title);
    for (i = 0; i < a->nelts; i++)
        fprintf(out, "%s\n", lw_esc_text(p, APR_ARRAY_IDX(a, i, const char *)));
}

int lw_report_text(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p)
{
    apr_array_header_t *srcs = lw_summary_sources(s, p);
    apr_array_header_t *tgts = lw_summary_targets(s, p);
    apr_array_header_t *fail = lw_summary_failing(s, p);
    apr_array_header_t *hosts = lw_summary_hosts(s, p);
    int i, j, several = hosts->nelts > 1;

    fprintf(out, "logwatch-summarize report, generated %s\n",
            lw_fmt_time(p, o->generated, 0));
    if (s->since || s->until)
        fprintf(out, "Window: %s .. %s (UTC)\n", lw_fmt_time(p, s->since, 0),
                lw_fmt_time(p, s->until, 0));
    if (s->first)
        fprintf(out, "Records from %s to %s (UTC)\n",
                lw_fmt_time(p, s->first, 0), lw_fmt_time(p, s->last, 0));
    fprintf(out, "Input: %" APR_UINT64_T_FMT " lines, %" APR_UINT64_T_FMT
            " records, %" APR_UINT64_T_FMT " malformed, %" APR_UINT64_T_FMT
            " oversized, %" APR_UINT64_T_FMT " outside the window, %"
            APR_UINT64_T_FMT " duplicates\n", s->lines, s->records,
            s->malformed, s->oversized, s->out_of_window, s->duplicates);
    if (s->ignored)
        fprintf(out, "Ignored: %" APR_UINT64_T_FMT " records from your own "
                "networks (--ignore-net, LogWatchIgnoreNet), in no list\n",
                s->ignored);
    fprintf(out, "Attacks: %" APR_UINT64_T_FMT " from %u sources against %u"
            " targets", s->attacks, apr_hash_count(s->sources),
            apr_hash_count(s->targets));
    if (several)
        fprintf(out, ", logged by %d hosts", hosts->nelts);
    fprintf(out, "\nNot attacks: %" APR_UINT64_T_FMT " server errors, %"
            APR_UINT64_T_FMT " threshold notices\n", s->server_errors,
            s->thresholds);

    fprintf(out, "\nBy category\n");
    text_named(out, s->by_cat, LW_CAT__COUNT, lw_category_name,
               LW_CATS_NOT_ATTACKS);

    fprintf(out, "\nBy verdict (served: reached the application)\n");
    text_named(out, s->by_verdict, LW_V__COUNT, lw_verdict_name, 0);

    if (s->by_verdict[LW_V_SERVED]) {
        fprintf(out, "\nServed attacks: review these applications first\n");
        for (i = 0; i < tgts->nelts; i++) {
            const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
            apr_array_header_t *u;
            if (!t->by_verdict[LW_V_SERVED])
                continue;
            u = lw_count_sorted(t->served_uris, p);
            for (j = 0; j < u->nelts; j++) {
                const lw_count_t *c = APR_ARRAY_IDX(u, j, const lw_count_t *);
                fprintf(out, "  %s %s (%" APR_UINT64_T_FMT ")\n",
                        lw_esc_text(p, t->vhost), lw_esc_text(p, c->key),
                        c->count);
            }
        }
    }

    fprintf(out, "\nBy source\n");
    for (i = 0; i < srcs->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_src_t *src = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
        fprintf(out, "  %s: %" APR_UINT64_T_FMT " attack%s%s\n",
                lw_esc_text(p, src->ip), src->attacks,
                src->attacks == 1 ? "" : "s",
                src->valid_ip ? "" : " (not a valid address)");
        fprintf(out, "    categories: %s\n", lw_fmt_cats(p, src->by_cat));
        fprintf(out, "    targets:    %s\n", lw_fmt_counts(p, src->targets, 10));
        fprintf(out, "    first seen: %s, last seen: %s\n",
                lw_fmt_time(p, src->first, src->first_off),
                lw_fmt_time(p, src->last, src->last_off));
        fprintf(out, "    verdicts:   %s\n", lw_fmt_verdicts(p, src->by_verdict));
        fprintf(out, "    clients:    %s\n", lw_fmt_counts(p, src->tools, 3));
        if (several)
            fprintf(out, "    hosts:      %s\n", lw_fmt_counts(p, src->hosts, 10));
        if (src->abuse)
            fprintf(out, "    abuse:      %s (%s)\n", lw_esc_text(p, src->abuse),
                    lw_esc_text(p, src->abuse_source));
        else if (src->abuse_source)
            fprintf(out, "    abuse:      unknown (%s)\n",
                    lw_esc_text(p, src->abuse_source));
    }
    if (o->top > 0 && srcs->nelts > o->top)
        fprintf(out, "  ... %d more sources (--top 0 lists all)\n",
                srcs->nelts - o->top);
    if (!srcs->nelts)
        fprintf(out, "  (none)\n");

    fprintf(out, "\nBy target\n");
    for (i = 0; i < tgts->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
        fprintf(out, "  %s: %" APR_UINT64_T_FMT " attack%s from %u source%s\n",
                lw_esc_text(p, t->vhost), t->attacks, t->attacks == 1 ? "" : "s",
                apr_hash_count(t->sources),
                apr_hash_count(t->sources) == 1 ? "" : "s");
        fprintf(out, "    categories: %s\n", lw_fmt_cats(p, t->by_cat));
        fprintf(out, "    verdicts:   %s\n", lw_fmt_verdicts(p, t->by_verdict));
        fprintf(out, "    sources:    %s\n", lw_fmt_counts(p, t->sources, 10));
        fprintf(out, "    paths:      %s\n", lw_fmt_counts(p, t->paths, 5));
        fprintf(out, "    reached the application: %s\n",
                t->by_verdict[LW_V_SERVED]
                ? lw_fmt_counts(p, t->served_uris, 10) : "nothing");
    }
    if (o->top > 0 && tgts->nelts > o->top)
        fprintf(out, "  ... %d more targets (--top 0 lists all)\n",
                tgts->nelts - o->top);
    if (!tgts->nelts)
        fprintf(out, "  (none)\n");

    if (fail->nelts) {
        fprintf(out, "\nFailing sites (server errors that were not attacks)\n");
        for (i = 0; i < fail->nelts; i++) {
            const lw_failing_t *f = APR_ARRAY_IDX(fail, i, const lw_failing_t *);
            fprintf(out, "  %s: %" APR_UINT64_T_FMT " errors: %s\n",
                    lw_esc_text(p, f->vhost), f->errors,
                    lw_fmt_counts(p, f->uris, 10));
        }
    }

    if (several) {
        fprintf(out, "\nBy host\n");
        for (i = 0; i < hosts->nelts; i++) {
            const lw_host_t *h = APR_ARRAY_IDX(hosts, i, const lw_host_t *);
            fprintf(out, "  %s: %" APR_UINT64_T_FMT " records, %"
                    APR_UINT64_T_FMT " attacks from %u sources against %u "
                    "targets, %" APR_UINT64_T_FMT " server errors\n",
                    lw_esc_text(p, h->host), h->records, h->attacks,
                    apr_hash_count(h->sources), apr_hash_count(h->targets),
                    h->server_errors);
            fprintf(out, "    categories: %s\n", lw_fmt_cats(p, h->by_cat));
            fprintf(out, "    verdicts:   %s\n",
                    lw_fmt_verdicts(p, h->by_verdict));
        }
    }

    text_disks(out, o, p);
    if (o->firewall_kind && o->firewall && o->firewall->nelts)
        text_lines(out, apr_psprintf(p, "Firewall (%s): sources with at least %"
                                     APR_UINT64_T_FMT " attacks",
                                     o->firewall_kind, o->threshold),
                   o->firewall, p);
    else if (o->firewall_kind)
        fprintf(out, "\nFirewall (%s): no source with at least %"
                APR_UINT64_T_FMT " attacks to block\n", o->firewall_kind,
                o->threshold);
    if (o->secrules)
        text_lines(out, apr_psprintf(p, "mod_security suggestions (review "
                                     "before use; ids from %u, in ModSecurity's"
                                     " range for local rules, 1-99999)",
                                     o->secrule_id_base), o->secrules, p);
    text_lines(out, "Notes", o->notes, p);
    return ferror(out) ? -1 : 0;
}
