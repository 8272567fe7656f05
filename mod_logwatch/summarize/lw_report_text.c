/* lw_report_text.c: the text report, for terminals and mail bodies: the
 * sections in lw_report_section_e order, every line at most 80 columns
 * (lists wrap, example requests are cut with "..."), every record string
 * passed through lw_esc_text (control bytes and non-ASCII as \xHH). */
#include "lw_report.h"
#include "lw_escape.h"
#include "lw_breach.h"

#include <stdarg.h>
#include <string.h>
#include <apr_strings.h>

#define T(x) lw_esc_text(p, (x))
#define COLS 80
#define BAR 40                  /* widest bar of a chart */
#define TOP_CHART 10

/* One line (no '\n' in it) of at most COLS columns: wrapped at spaces,
 * the continuation indented by cont; a word too long for a line (or, with
 * cut, the whole rest of the line) is cut with "...". Written piece by
 * piece, never copied: a record's field may be long and full of spaces. */
static void tline(FILE *out, int cont, int cut, const char *line)
{
    apr_size_t n = strlen(line), b, ind = 0, room, min = (apr_size_t)cont;

    while (ind + n > COLS) {
        room = COLS - ind;
        /* the last space that fits; on the first line, not one of the
         * indentation */
        for (b = room; !cut && b > min && line[b] != ' '; b--)
            ;
        if (cut || b <= min) {
            fprintf(out, "%*s%.*s...\n", (int)ind, "", (int)(room - 3), line);
            if (cut)
                return;
            for (b = room; b < n && line[b] != ' '; b++)
                ;
        } else {
            apr_size_t e = b;
            while (e > 0 && line[e - 1] == ' ')
                e--;
            fprintf(out, "%*s%.*s\n", (int)ind, "", (int)e, line);
        }
        while (b < n && line[b] == ' ')
            b++;
        if (b >= n)
            return;
        line += b;
        n -= b;
        ind = (apr_size_t)cont;
        min = 0;
    }
    fprintf(out, "%*s%s\n", (int)ind, "", line);
}

/* printf into lines of at most COLS columns (each '\n' ends one). */
static void tprintf(FILE *out, apr_pool_t *p, int cont, int cut,
                    const char *fmt, ...)
{
    va_list ap;
    char *text, *nl;

    va_start(ap, fmt);
    text = apr_pvsprintf(p, fmt, ap);
    va_end(ap);
    while ((nl = strchr(text, '\n')) != NULL) {
        *nl = '\0';
        tline(out, cont, cut, text);
        text = nl + 1;
    }
    if (*text)
        tline(out, cont, cut, text);
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

/* A bar of width cells (at most BAR) for value out of max: one letter per
 * category in proportion when by_cat is set, else '#'. */
static const char *bar(apr_pool_t *p, apr_uint64_t value, apr_uint64_t max,
                       const apr_uint64_t *by_cat)
{
    char *b = apr_palloc(p, BAR + 1);
    int w = max ? (int)((double)BAR * (double)value / (double)max + 0.5) : 0;
    int c, o = 0;
    apr_uint64_t sum = 0, cum = 0;

    if (value && w == 0)
        w = 1;
    if (by_cat == NULL) {
        memset(b, '#', (apr_size_t)w);
        b[w] = '\0';
        return b;
    }
    for (c = 0; c < LW_CAT__COUNT; c++)
        if (!(LW_CATS_NOT_ATTACKS & (1u << c)))
            sum += by_cat[c];
    for (c = 0; c < LW_CAT__COUNT && sum; c++) {
        int end;
        if ((LW_CATS_NOT_ATTACKS & (1u << c)) || !by_cat[c])
            continue;
        cum += by_cat[c];
        end = (int)((double)w * (double)cum / (double)sum + 0.5);
        if (end <= o && o < w)
            end = o + 1;            /* every category shows */
        while (o < end && o < w)
            b[o++] = lw_category_letter(c);
    }
    b[o] = '\0';
    return b;
}

/* "  label  count  bar": the bar and its gap only when there is one. */
static void bar_line(FILE *out, const char *label, int width,
                     apr_uint64_t value, const char *b)
{
    fprintf(out, "  %-*s %8" APR_UINT64_T_FMT "%s%s\n", width, label, value,
            *b ? "  " : "", b);
}

/* "s sqli, l lfi" of the categories in use, the letters of the bars. */
static const char *letters(apr_pool_t *p, const apr_uint64_t *by_cat)
{
    const char *r = NULL;
    int c;

    for (c = 0; c < LW_CAT__COUNT; c++)
        if (!(LW_CATS_NOT_ATTACKS & (1u << c)) && by_cat[c])
            r = apr_psprintf(p, "%s%s%c %s", r ? r : "", r ? ", " : "",
                             lw_category_letter(c), lw_category_name(c));
    return r ? r : "-";
}

static void named(FILE *out, apr_pool_t *p, const apr_uint64_t *counts, int n,
                  const char *(*name)(int), apr_uint32_t skip)
{
    apr_uint64_t max = 0;
    int i, any = 0;

    for (i = 0; i < n; i++)
        if (counts[i] > max && !(i < 32 && (skip & (1u << i))))
            max = counts[i];
    for (i = 0; i < n; i++) {
        if (!counts[i] || (i < 32 && (skip & (1u << i))))
            continue;
        bar_line(out, name(i), 12, counts[i], bar(p, counts[i], max, NULL));
        any = 1;
    }
    if (!any)
        fprintf(out, "  (none)\n");
}

static void apps(FILE *out, const lw_summary_t *s, const lw_report_opts_t *o,
                 const lw_report_view_t *v, apr_pool_t *p)
{
    const lw_scanner_traffic_t *st = &s->scanner;
    int i;

    for (i = 0; i < v->apps->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_app_t *a = APR_ARRAY_IDX(v->apps, i, const lw_app_t *);
        tprintf(out, p, 6, 0, "  %s %s: %" APR_UINT64_T_FMT " attack%s: %s",
                T(a->vhost), T(a->route), a->attacks,
                a->attacks == 1 ? "" : "s", lw_fmt_cats(p, a->by_cat));
        tprintf(out, p, 6, 1, "    most severe (%s): %s",
                a->severity >= 0 ? lw_severity_name(a->severity) : "-",
                T(a->example));
    }
    if (o->top > 0 && v->apps->nelts > o->top)
        fprintf(out, "  ... %d more applications (--top 0 lists all)\n",
                v->apps->nelts - o->top);
    if (!v->apps->nelts)
        fprintf(out, "  (no served attack reached an application)\n");
    if (s->apps_dropped)
        tprintf(out, p, 4, 0, "  %" APR_UINT64_T_FMT " more served attacks on "
                "applications past the limit per site", s->apps_dropped);
    if (st->static_files || st->tool_only)
        tprintf(out, p, 4, 0, "  Scanner traffic (not listed): %"
                APR_UINT64_T_FMT " served requests for static files, %"
                APR_UINT64_T_FMT " whose only sign was an attack tool; "
                "sites: %s", st->static_files, st->tool_only,
                st->sites ? lw_fmt_counts(p, st->sites, 10) : "-");
}

static void report_sources(FILE *out, const lw_report_opts_t *o,
                           const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    tprintf(out, p, 2, 0, "  public addresses with at least %"
            APR_UINT64_T_FMT " attacks (abuse reports, firewall)",
            o->threshold);
    for (i = 0; i < v->report_sources->nelts && (o->top <= 0 || i < o->top);
         i++) {
        const lw_src_t *src = APR_ARRAY_IDX(v->report_sources, i,
                                            const lw_src_t *);
        tprintf(out, p, 6, 0, "  %s: %" APR_UINT64_T_FMT " attacks: %s; "
                "abuse: %s", T(src->ip), src->attacks,
                lw_fmt_cats(p, src->by_cat),
                src->abuse ? T(src->abuse) : src->abuse_source ? "unknown"
                : "not looked up");
    }
    if (o->top > 0 && v->report_sources->nelts > o->top)
        fprintf(out, "  ... %d more sources\n",
                v->report_sources->nelts - o->top);
    if (!v->report_sources->nelts)
        fprintf(out, "  (none)\n");
}

static void alert_sites(FILE *out, const lw_report_opts_t *o,
                        const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    tprintf(out, p, 2, 0, "  sites attacked from at least %d sources "
            "(alerts to site owners)", o->alert_sources);
    for (i = 0; i < v->alert_sites->nelts && (o->top <= 0 || i < o->top);
         i++) {
        const lw_target_t *t = APR_ARRAY_IDX(v->alert_sites, i,
                                             const lw_target_t *);
        tprintf(out, p, 6, 0, "  %s: %u sources, %" APR_UINT64_T_FMT
                " attacks, %" APR_UINT64_T_FMT " served: %s", T(t->vhost),
                apr_hash_count(t->sources), t->attacks,
                t->by_verdict[LW_V_SERVED], lw_fmt_cats(p, t->by_cat));
    }
    if (o->top > 0 && v->alert_sites->nelts > o->top)
        fprintf(out, "  ... %d more sites\n", v->alert_sites->nelts - o->top);
    if (!v->alert_sites->nelts)
        fprintf(out, "  (none)\n");
}

static void timeline(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    apr_uint64_t totals[LW_CAT__COUNT];
    int i, c;

    if (!v->bin_max) {
        fprintf(out, "  (no attack with a time)\n");
        return;
    }
    memset(totals, 0, sizeof(totals));
    for (i = 0; i < v->nbins; i++)
        for (c = 0; c < LW_CAT__COUNT; c++)
            totals[c] += v->bins[i * LW_CAT__COUNT + c];
    tprintf(out, p, 4, 0, "  per %s, UTC: %s", v->bin_hours == 1 ? "hour"
            : "day", letters(p, totals));
    for (i = 0; i < v->nbins; i++) {
        apr_uint64_t n = v->bin_attacks[i];
        bar_line(out, lw_fmt_bin(p, v, i), 16, n,
                 bar(p, n, v->bin_max, &v->bins[i * LW_CAT__COUNT]));
    }
}

/* Top sources or targets: label, attacks, a bar by category. */
static void top(FILE *out, apr_pool_t *p, const char *label,
                apr_uint64_t value, apr_uint64_t max, const apr_uint64_t *cats)
{
    const char *l = T(label);

    if (strlen(l) > 24)
        l = apr_pstrcat(p, apr_pstrndup(p, l, 21), "...", NULL);
    bar_line(out, l, 24, value, bar(p, value, max, cats));
}

static void top_sources(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    apr_uint64_t totals[LW_CAT__COUNT];
    int i, c;

    if (!v->srcs->nelts) {
        fprintf(out, "  (none)\n");
        return;
    }
    memset(totals, 0, sizeof(totals));
    for (i = 0; i < v->srcs->nelts && i < TOP_CHART; i++)
        for (c = 0; c < LW_CAT__COUNT; c++)
            totals[c] += APR_ARRAY_IDX(v->srcs, i, lw_src_t *)->by_cat[c];
    tprintf(out, p, 4, 0, "  %s", letters(p, totals));
    for (i = 0; i < v->srcs->nelts && i < TOP_CHART; i++) {
        const lw_src_t *src = APR_ARRAY_IDX(v->srcs, i, const lw_src_t *);
        top(out, p, src->ip, src->attacks,
            APR_ARRAY_IDX(v->srcs, 0, lw_src_t *)->attacks, src->by_cat);
    }
}

static void top_targets(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    apr_uint64_t totals[LW_CAT__COUNT];
    int i, c;

    if (!v->tgts->nelts) {
        fprintf(out, "  (none)\n");
        return;
    }
    memset(totals, 0, sizeof(totals));
    for (i = 0; i < v->tgts->nelts && i < TOP_CHART; i++)
        for (c = 0; c < LW_CAT__COUNT; c++)
            totals[c] += APR_ARRAY_IDX(v->tgts, i, lw_target_t *)->by_cat[c];
    tprintf(out, p, 4, 0, "  %s", letters(p, totals));
    for (i = 0; i < v->tgts->nelts && i < TOP_CHART; i++) {
        const lw_target_t *t = APR_ARRAY_IDX(v->tgts, i, const lw_target_t *);
        top(out, p, t->vhost, t->attacks,
            APR_ARRAY_IDX(v->tgts, 0, lw_target_t *)->attacks, t->by_cat);
    }
}

static void sources(FILE *out, const lw_report_opts_t *o,
                    const lw_report_view_t *v, int several, apr_pool_t *p)
{
    int i;

    for (i = 0; i < v->srcs->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_src_t *src = APR_ARRAY_IDX(v->srcs, i, const lw_src_t *);
        tprintf(out, p, 4, 0, "  %s: %" APR_UINT64_T_FMT " attack%s%s",
                T(src->ip), src->attacks, src->attacks == 1 ? "" : "s",
                src->valid_ip ? "" : " (not a valid address)");
        tprintf(out, p, 16, 0, "    categories: %s",
                lw_fmt_cats(p, src->by_cat));
        tprintf(out, p, 16, 0, "    targets:    %s",
                lw_fmt_counts(p, src->targets, 10));
        tprintf(out, p, 16, 0, "    first seen: %s, last seen: %s",
                lw_fmt_time(p, src->first, src->first_off),
                lw_fmt_time(p, src->last, src->last_off));
        tprintf(out, p, 16, 0, "    verdicts:   %s",
                lw_fmt_verdicts(p, src->by_verdict));
        tprintf(out, p, 16, 0, "    clients:    %s",
                lw_fmt_counts(p, src->tools, 3));
        if (several)
            tprintf(out, p, 16, 0, "    hosts:      %s",
                    lw_fmt_counts(p, src->hosts, 10));
        if (src->abuse)
            tprintf(out, p, 16, 0, "    abuse:      %s (%s)", T(src->abuse),
                    T(src->abuse_source));
        else if (src->abuse_source)
            tprintf(out, p, 16, 0, "    abuse:      unknown (%s)",
                    T(src->abuse_source));
    }
    if (o->top > 0 && v->srcs->nelts > o->top)
        fprintf(out, "  ... %d more sources (--top 0 lists all)\n",
                v->srcs->nelts - o->top);
    if (!v->srcs->nelts)
        fprintf(out, "  (none)\n");
}

static void targets(FILE *out, const lw_report_opts_t *o,
                    const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    for (i = 0; i < v->tgts->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_target_t *t = APR_ARRAY_IDX(v->tgts, i, const lw_target_t *);
        tprintf(out, p, 4, 0, "  %s: %" APR_UINT64_T_FMT " attack%s from %u "
                "source%s", T(t->vhost), t->attacks, t->attacks == 1 ? "" : "s",
                apr_hash_count(t->sources),
                apr_hash_count(t->sources) == 1 ? "" : "s");
        tprintf(out, p, 16, 0, "    categories: %s", lw_fmt_cats(p, t->by_cat));
        tprintf(out, p, 16, 0, "    verdicts:   %s",
                lw_fmt_verdicts(p, t->by_verdict));
        tprintf(out, p, 16, 0, "    sources:    %s",
                lw_fmt_counts(p, t->sources, 10));
        tprintf(out, p, 16, 0, "    paths:      %s",
                lw_fmt_count_array(p, lw_target_paths_sorted(t, p), 5));
        tprintf(out, p, 6, 0, "    reached the application: %s",
                t->by_verdict[LW_V_SERVED]
                ? lw_fmt_counts(p, t->served_uris, 10) : "nothing");
    }
    if (o->top > 0 && v->tgts->nelts > o->top)
        fprintf(out, "  ... %d more targets (--top 0 lists all)\n",
                v->tgts->nelts - o->top);
    if (!v->tgts->nelts)
        fprintf(out, "  (none)\n");
}

static void disks(FILE *out, const lw_report_opts_t *o, apr_pool_t *p)
{
    int i;

    for (i = 0; i < o->ndisks; i++) {
        const lw_disk_t *d = &o->disks[i];
        if (d->error) {
            tprintf(out, p, 4, 0, "  WARNING %s: cannot read: %s",
                    T(d->path), T(d->error));
            continue;
        }
        tprintf(out, p, 4, 0, "  %s%s: blocks %.1f%% used (%s of %s, %s "
                "free)", d->warn ? "WARNING " : "", T(d->path), d->bytes_pct,
                human(p, d->bytes_used), human(p, d->bytes_total),
                human(p, d->bytes_avail));
        tprintf(out, p, 4, 0, "    inodes %.1f%% used (%" APR_UINT64_T_FMT
                " of %" APR_UINT64_T_FMT ")", d->inodes_pct, d->inodes_used,
                d->inodes_total);
    }
}

/* Command and rule lines are never wrapped nor cut: they are meant to be
 * copied whole. */
static void lines(FILE *out, const apr_array_header_t *a, apr_pool_t *p)
{
    int i;

    for (i = 0; a && i < a->nelts; i++)
        fprintf(out, "%s\n", T(APR_ARRAY_IDX(a, i, const char *)));
}

static void hosts(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    for (i = 0; i < v->hosts->nelts; i++) {
        const lw_host_t *h = APR_ARRAY_IDX(v->hosts, i, const lw_host_t *);
        tprintf(out, p, 4, 0, "  %s: %" APR_UINT64_T_FMT " records, %"
                APR_UINT64_T_FMT " attacks from %u sources against %u "
                "targets, %" APR_UINT64_T_FMT " server errors",
                T(h->host), h->records, h->attacks,
                apr_hash_count(h->sources), apr_hash_count(h->targets),
                h->server_errors);
        tprintf(out, p, 16, 0, "    categories: %s", lw_fmt_cats(p, h->by_cat));
        tprintf(out, p, 16, 0, "    verdicts:   %s",
                lw_fmt_verdicts(p, h->by_verdict));
    }
}

static void section(FILE *out, int sec, const lw_summary_t *s,
                    const lw_report_opts_t *o, const lw_report_view_t *v,
                    apr_pool_t *p)
{
    const char *title = lw_report_section(sec)->title;
    int i;

    switch (sec) {
    case LW_RS_FAILING:
        if (!v->fail->nelts)
            return;
        break;
    case LW_RS_HOSTS:
        if (v->hosts->nelts < 2)
            return;
        break;
    case LW_RS_DISK:
        if (!o->ndisks)
            return;
        title = apr_psprintf(p, "Disk (warning at %.0f%% used)",
                             o->disk_threshold);
        break;
    case LW_RS_FIREWALL:
        if (!o->firewall_kind)
            return;
        if (!o->firewall || !o->firewall->nelts) {
            tprintf(out, p, 2, 0, "\nFirewall (%s): no source with at least %"
                    APR_UINT64_T_FMT " attacks to block", T(o->firewall_kind),
                    o->threshold);
            return;
        }
        title = apr_psprintf(p, "Firewall (%s): sources with at least %"
                             APR_UINT64_T_FMT " attacks", T(o->firewall_kind),
                             o->threshold);
        break;
    case LW_RS_SECRULES:
        if (!o->secrules || !o->secrules->nelts)
            return;
        title = apr_psprintf(p, "mod_security suggestions (review before "
                             "use)\n  ids from %u, in ModSecurity's range for "
                             "local rules (1-99999)", o->secrule_id_base);
        break;
    case LW_RS_NOTES:
        if (!o->notes || !o->notes->nelts)
            return;
        break;
    default:
        break;
    }
    fputc('\n', out);
    tprintf(out, p, 2, 0, "%s", title);
    switch (sec) {
    case LW_RS_BREACHES:
        lw_breach_text(out, v->breaches, o->top, s->breaches_dropped, p);
        break;
    case LW_RS_APPS:           apps(out, s, o, v, p); break;
    case LW_RS_REPORT_SOURCES: report_sources(out, o, v, p); break;
    case LW_RS_ALERT_SITES:    alert_sites(out, o, v, p); break;
    case LW_RS_TIMELINE:       timeline(out, v, p); break;
    case LW_RS_CATEGORIES:
        named(out, p, s->by_cat, LW_CAT__COUNT, lw_category_name,
              LW_CATS_NOT_ATTACKS);
        break;
    case LW_RS_VERDICTS:
        named(out, p, s->by_verdict, LW_V__COUNT, lw_verdict_name, 0);
        break;
    case LW_RS_TOP_SOURCES:    top_sources(out, v, p); break;
    case LW_RS_TOP_TARGETS:    top_targets(out, v, p); break;
    case LW_RS_SOURCES:        sources(out, o, v, v->hosts->nelts > 1, p); break;
    case LW_RS_TARGETS:        targets(out, o, v, p); break;
    case LW_RS_FAILING:
        for (i = 0; i < v->fail->nelts; i++) {
            const lw_failing_t *f = APR_ARRAY_IDX(v->fail, i,
                                                  const lw_failing_t *);
            tprintf(out, p, 6, 0, "  %s: %" APR_UINT64_T_FMT " errors: %s",
                    T(f->vhost), f->errors, lw_fmt_counts(p, f->uris, 10));
        }
        break;
    case LW_RS_HOSTS:          hosts(out, v, p); break;
    case LW_RS_DISK:           disks(out, o, p); break;
    case LW_RS_FIREWALL:       lines(out, o->firewall, p); break;
    case LW_RS_SECRULES:       lines(out, o->secrules, p); break;
    case LW_RS_NOTES:
        for (i = 0; i < o->notes->nelts; i++)
            tprintf(out, p, 4, 0, "%s",
                    T(APR_ARRAY_IDX(o->notes, i, const char *)));
        break;
    }
}

int lw_report_text(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p)
{
    lw_report_view_t *v = lw_report_view(s, o, p);
    int i, several = v->hosts->nelts > 1;

    fprintf(out, "logwatch-summarize report, generated %s\n",
            lw_fmt_time(p, o->generated, 0));
    if (s->since || s->until)
        tprintf(out, p, 2, 0, "Window: %s .. %s (UTC)",
                lw_fmt_time(p, s->since, 0), lw_fmt_time(p, s->until, 0));
    if (s->first)
        tprintf(out, p, 2, 0, "Records from %s to %s (UTC)",
                lw_fmt_time(p, s->first, 0), lw_fmt_time(p, s->last, 0));
    tprintf(out, p, 2, 0, "Input: %" APR_UINT64_T_FMT " lines, %"
            APR_UINT64_T_FMT " records, %" APR_UINT64_T_FMT " malformed, %"
            APR_UINT64_T_FMT " oversized, %" APR_UINT64_T_FMT " outside the "
            "window", s->lines, s->records, s->malformed, s->oversized,
            s->out_of_window);
    if (s->duplicates)
        tprintf(out, p, 2, 0, "Duplicates: %" APR_UINT64_T_FMT " records seen "
                "again (resent or read twice), counted once", s->duplicates);
    if (s->ignored)
        tprintf(out, p, 2, 0, "Ignored: %" APR_UINT64_T_FMT " records from "
                "your own networks (--ignore-net, LogWatchIgnoreNet), in no "
                "list", s->ignored);
    tprintf(out, p, 2, 0, "Attacks: %" APR_UINT64_T_FMT " from %u sources "
            "against %u targets%s%s", s->attacks, apr_hash_count(s->sources),
            apr_hash_count(s->targets), several ? ", logged by " : "",
            several ? apr_psprintf(p, "%d hosts", v->hosts->nelts) : "");
    tprintf(out, p, 2, 0, "Not attacks: %" APR_UINT64_T_FMT " server errors, %"
            APR_UINT64_T_FMT " threshold notices", s->server_errors,
            s->thresholds);
    for (i = 0; i < LW_RS__COUNT; i++)
        section(out, i, s, o, v, p);
    return ferror(out) ? -1 : 0;
}
