/* lw_report_html.c: the report as one self-contained HTML page (inline
 * style, no script, no external resource; a CSP forbids anything else).
 * What needs action comes first, then the charts (inline SVG, lw_report_svg.c),
 * then the details; the sections in lw_report_section_e order. Every string
 * from a record goes through lw_esc_html. */
#include "lw_report.h"
#include "lw_escape.h"
#include "lw_breach.h"

#include <string.h>
#include <apr_strings.h>

#define H(x) lw_esc_html(p, (x))
#define TOP_CHART 10            /* bars in the top sources/targets charts */

static void th(FILE *out, const char *const *cols)
{
    fputs("<tr>", out);
    for (; *cols; cols++)
        fprintf(out, "<th>%s</th>", *cols);
    fputs("</tr>\n", out);
}

static void lines(FILE *out, const apr_array_header_t *a, apr_pool_t *p)
{
    int i;

    fputs("<pre>", out);
    for (i = 0; i < a->nelts; i++)
        fprintf(out, "%s\n", H(APR_ARRAY_IDX(a, i, const char *)));
    fputs("</pre>\n", out);
}

/* A route, escaped, that may break after each '/' and nowhere else:
 * /DVWA/vulnerabilities/sqli/ wraps between its segments. */
static const char *route_html(apr_pool_t *p, const char *route)
{
    const char *e = H(route), *q;
    apr_size_t n = 0;
    char *r, *o;

    for (q = e; *q; q++)
        n += *q == '/';
    o = r = apr_palloc(p, strlen(e) + n * 5 + 1);
    for (q = e; *q; q++) {
        *o++ = *q;
        if (*q == '/' && q[1]) {
            memcpy(o, "<wbr>", 5);
            o += 5;
        }
    }
    *o = '\0';
    return r;
}

static void more(FILE *out, int n, int top, const char *what)
{
    if (top > 0 && n > top)
        fprintf(out, "<p>%d more %s not shown (--top 0 lists all).</p>\n",
                n - top, what);
}

static void apps(FILE *out, const lw_summary_t *s, const lw_report_opts_t *o,
                 const lw_report_view_t *v, apr_pool_t *p)
{
    const lw_scanner_traffic_t *st = &s->scanner;
    int i;

    if (v->apps->nelts) {
        fputs("<table>\n<tr><th>Site</th><th>Application</th><th>Attacks</th>"
              "<th>Categories</th><th>Most severe example</th></tr>\n", out);
        for (i = 0; i < v->apps->nelts && (o->top <= 0 || i < o->top); i++) {
            const lw_app_t *a = APR_ARRAY_IDX(v->apps, i, const lw_app_t *);
            fprintf(out, "<tr class=served><td>%s</td><td><code class=route>"
                    "%s</code></td><td class=n>%" APR_UINT64_T_FMT "</td>"
                    "<td>%s</td><td>"
                    "<span class=sev>%s</span> <code>%s</code></td></tr>\n",
                    H(a->vhost), route_html(p, a->route), a->attacks,
                    H(lw_fmt_cats(p, a->by_cat)),
                    a->severity >= 0 ? lw_severity_name(a->severity) : "",
                    H(a->example));
        }
        fputs("</table>\n", out);
        more(out, v->apps->nelts, o->top, "applications");
    } else {
        fputs("<p>No served attack reached an application.</p>\n", out);
    }
    if (s->apps_dropped)
        fprintf(out, "<p>%" APR_UINT64_T_FMT " more served attacks on "
                "applications past the limit per site.</p>\n", s->apps_dropped);
    if (st->static_files || st->tool_only)
        fprintf(out, "<p class=scanner>Scanner traffic (not listed): %"
                APR_UINT64_T_FMT " served requests for static files (.css, "
                ".js, images ...) and %" APR_UINT64_T_FMT " whose only sign "
                "was an attack tool; sites: %s.</p>\n", st->static_files,
                st->tool_only, st->sites ? H(lw_fmt_counts(p, st->sites, 10))
                                         : "-");
}

static void report_sources(FILE *out, const lw_summary_t *s,
                           const lw_report_opts_t *o,
                           const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    (void)s;
    fprintf(out, "<p>Public addresses with at least %" APR_UINT64_T_FMT
            " attacks: what abuse reports and firewall suggestions are made "
            "for.</p>\n", o->threshold);
    if (!v->report_sources->nelts) {
        fputs("<p>None.</p>\n", out);
        return;
    }
    fputs("<table>\n<tr><th>Source</th><th>Attacks</th><th>Categories</th>"
          "<th>Verdicts</th><th>Abuse contact</th></tr>\n", out);
    for (i = 0; i < v->report_sources->nelts && (o->top <= 0 || i < o->top);
         i++) {
        const lw_src_t *src = APR_ARRAY_IDX(v->report_sources, i,
                                            const lw_src_t *);
        fprintf(out, "<tr><td><code class=ip>%s</code></td><td class=n>%"
                APR_UINT64_T_FMT "</td><td>%s</td><td>%s</td><td>%s</td>"
                "</tr>\n", H(src->ip), src->attacks,
                H(lw_fmt_cats(p, src->by_cat)),
                H(lw_fmt_verdicts(p, src->by_verdict)),
                src->abuse ? H(src->abuse) : src->abuse_source ? "unknown"
                : "not looked up");
    }
    fputs("</table>\n", out);
    more(out, v->report_sources->nelts, o->top, "sources");
}

static void alert_sites(FILE *out, const lw_report_opts_t *o,
                        const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    fprintf(out, "<p>Sites attacked from at least %d sources: what alerts "
            "to site owners are made for.</p>\n", o->alert_sources);
    if (!v->alert_sites->nelts) {
        fputs("<p>None.</p>\n", out);
        return;
    }
    fputs("<table>\n<tr><th>Site</th><th>Sources</th><th>Attacks</th>"
          "<th>Served</th><th>Categories</th></tr>\n", out);
    for (i = 0; i < v->alert_sites->nelts && (o->top <= 0 || i < o->top);
         i++) {
        const lw_target_t *t = APR_ARRAY_IDX(v->alert_sites, i,
                                             const lw_target_t *);
        fprintf(out, "<tr%s><td>%s</td><td class=n>%u</td><td class=n>%"
                APR_UINT64_T_FMT "</td><td class=n>%" APR_UINT64_T_FMT
                "</td><td>%s</td></tr>\n",
                t->by_verdict[LW_V_SERVED] ? " class=served" : "",
                H(t->vhost), apr_hash_count(t->sources), t->attacks,
                t->by_verdict[LW_V_SERVED], H(lw_fmt_cats(p, t->by_cat)));
    }
    fputs("</table>\n", out);
    more(out, v->alert_sites->nelts, o->top, "sites");
}

/* The time chart, and its busy hours or days as a line of text (for mail
 * readers that drop SVG). */
static void timeline(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    int i, k = 0;

    lw_svg_timeline(out, v, p);
    fprintf(out, "<p class=line>Per %s (UTC):", v->bin_hours == 1 ? "hour"
            : "day");
    for (i = 0; i < v->nbins; i++)
        if (v->bin_attacks[i])
            fprintf(out, "%s %s %" APR_UINT64_T_FMT, k++ ? "," : "",
                    lw_fmt_bin(p, v, i), v->bin_attacks[i]);
    fputs(".</p>\n", out);
}

/* One bar per non-zero count, each in its own colour, and the same as a
 * line of text (for mail readers that drop SVG). */
static void named_bars(FILE *out, const char *cls, const char *title,
                       const apr_uint64_t *counts, int n,
                       const char *(*name)(int), const char *(*color)(int),
                       apr_uint32_t skip, apr_pool_t *p)
{
    lw_svg_row_t *rows = apr_pcalloc(p, sizeof(*rows) * (apr_size_t)n);
    const char *line;
    int i, k = 0;

    for (i = 0; i < n; i++) {
        if (!counts[i] || (i < 32 && (skip & (1u << i))))
            continue;
        rows[k].label = name(i);
        rows[k].value = counts[i];
        rows[k].color = color(i);
        k++;
    }
    if (!k) {
        fputs("<p>None.</p>\n", out);
        return;
    }
    lw_report_bars(out, cls, title, rows, k, p);
    line = lw_fmt_named(p, counts, n, name, skip);
    fprintf(out, "<p class=line>%s</p>\n", H(line));
}

static void top_sources(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    int i, n = v->srcs->nelts < TOP_CHART ? v->srcs->nelts : TOP_CHART;
    lw_svg_row_t *rows = apr_pcalloc(p, sizeof(*rows) * (apr_size_t)(n + 1));

    for (i = 0; i < n; i++) {
        const lw_src_t *src = APR_ARRAY_IDX(v->srcs, i, const lw_src_t *);
        rows[i].label = src->ip;
        rows[i].value = src->attacks;
        rows[i].by_cat = src->by_cat;
    }
    if (n)
        lw_report_bars(out, "top-sources", "Top sources by attacks and "
                       "category", rows, n, p);
    else
        fputs("<p>None.</p>\n", out);
}

static void top_targets(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    int i, n = v->tgts->nelts < TOP_CHART ? v->tgts->nelts : TOP_CHART;
    lw_svg_row_t *rows = apr_pcalloc(p, sizeof(*rows) * (apr_size_t)(n + 1));

    for (i = 0; i < n; i++) {
        const lw_target_t *t = APR_ARRAY_IDX(v->tgts, i, const lw_target_t *);
        rows[i].label = t->vhost;
        rows[i].value = t->attacks;
        rows[i].by_cat = t->by_cat;
    }
    if (n)
        lw_report_bars(out, "top-targets", "Top targets by attacks and "
                       "category", rows, n, p);
    else
        fputs("<p>None.</p>\n", out);
}

static void sources(FILE *out, const lw_report_opts_t *o,
                    const lw_report_view_t *v, apr_pool_t *p)
{
    static const char *const cols[] = { "Source", "Attacks", "Categories",
        "Targets", "First seen", "Last seen", "Verdicts", "Clients",
        "Abuse contact", NULL };
    int i;

    fputs("<table>\n", out);
    th(out, cols);
    for (i = 0; i < v->srcs->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_src_t *src = APR_ARRAY_IDX(v->srcs, i, const lw_src_t *);
        fprintf(out, "<tr><td><code class=ip>%s</code></td><td class=n>%"
                APR_UINT64_T_FMT "</td><td>%s</td><td>%s</td><td>%s</td>"
                "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                H(src->ip), src->attacks, H(lw_fmt_cats(p, src->by_cat)),
                H(lw_fmt_counts(p, src->targets, 10)),
                H(lw_fmt_time(p, src->first, src->first_off)),
                H(lw_fmt_time(p, src->last, src->last_off)),
                H(lw_fmt_verdicts(p, src->by_verdict)),
                H(lw_fmt_counts(p, src->tools, 3)),
                src->abuse ? H(src->abuse) : src->abuse_source ? "unknown" : "-");
    }
    fputs("</table>\n", out);
    more(out, v->srcs->nelts, o->top, "sources");
}

static void targets(FILE *out, const lw_report_opts_t *o,
                    const lw_report_view_t *v, apr_pool_t *p)
{
    static const char *const cols[] = { "Target", "Attacks", "Sources",
        "Categories", "Verdicts", "Paths", "Reached the application", NULL };
    int i;

    fputs("<table>\n", out);
    th(out, cols);
    for (i = 0; i < v->tgts->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_target_t *t = APR_ARRAY_IDX(v->tgts, i, const lw_target_t *);
        fprintf(out, "<tr%s><td>%s</td><td class=n>%" APR_UINT64_T_FMT
                "</td><td class=n>%u</td><td>%s</td><td>%s</td><td><code>%s"
                "</code></td><td><code>%s</code></td></tr>\n",
                t->by_verdict[LW_V_SERVED] ? " class=served" : "",
                H(t->vhost), t->attacks, apr_hash_count(t->sources),
                H(lw_fmt_cats(p, t->by_cat)),
                H(lw_fmt_verdicts(p, t->by_verdict)),
                H(lw_fmt_count_array(p, lw_target_paths_sorted(t, p), 5)),
                t->by_verdict[LW_V_SERVED]
                ? H(lw_fmt_counts(p, t->served_uris, 10)) : "nothing");
    }
    fputs("</table>\n", out);
    more(out, v->tgts->nelts, o->top, "targets");
}

static void failing(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    fputs("<table>\n<tr><th>Site</th><th>Errors</th><th>URLs</th></tr>\n", out);
    for (i = 0; i < v->fail->nelts; i++) {
        const lw_failing_t *f = APR_ARRAY_IDX(v->fail, i, const lw_failing_t *);
        fprintf(out, "<tr><td>%s</td><td class=n>%" APR_UINT64_T_FMT
                "</td><td><code>%s</code></td></tr>\n", H(f->vhost),
                f->errors, H(lw_fmt_counts(p, f->uris, 10)));
    }
    fputs("</table>\n", out);
}

static void hosts(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    int i;

    fputs("<table>\n<tr><th>Host</th><th>Records</th><th>Attacks</th>"
          "<th>Sources</th><th>Targets</th><th>Server errors</th>"
          "<th>Categories</th></tr>\n", out);
    for (i = 0; i < v->hosts->nelts; i++) {
        const lw_host_t *h = APR_ARRAY_IDX(v->hosts, i, const lw_host_t *);
        fprintf(out, "<tr><td>%s</td><td class=n>%" APR_UINT64_T_FMT
                "</td><td class=n>%" APR_UINT64_T_FMT "</td><td class=n>%u"
                "</td><td class=n>%u</td><td class=n>%" APR_UINT64_T_FMT
                "</td><td>%s</td></tr>\n", H(h->host), h->records,
                h->attacks, apr_hash_count(h->sources),
                apr_hash_count(h->targets), h->server_errors,
                H(lw_fmt_cats(p, h->by_cat)));
    }
    fputs("</table>\n", out);
}

static void disks(FILE *out, const lw_report_opts_t *o, apr_pool_t *p)
{
    int i;

    fputs("<table>\n<tr><th>Path</th><th>Blocks used</th><th>Inodes used"
          "</th><th>Free</th></tr>\n", out);
    for (i = 0; i < o->ndisks; i++) {
        const lw_disk_t *d = &o->disks[i];
        if (d->error)
            fprintf(out, "<tr class=warn><td>%s</td><td colspan=3>%s</td>"
                    "</tr>\n", H(d->path), H(d->error));
        else
            fprintf(out, "<tr%s><td>%s</td><td class=n>%.1f%%</td>"
                    "<td class=n>%.1f%%</td><td class=n>%" APR_UINT64_T_FMT
                    " MiB</td></tr>\n", d->warn ? " class=warn" : "",
                    H(d->path), d->bytes_pct, d->inodes_pct,
                    d->bytes_avail >> 20);
    }
    fprintf(out, "</table>\n<p>Warning at %.0f%% used.</p>\n",
            o->disk_threshold);
}

/* Whether a detail section has anything to show (the "needs action" and
 * chart sections are always there: "none" is news too). */
static int present(int sec, const lw_summary_t *s, const lw_report_opts_t *o,
                   const lw_report_view_t *v)
{
    (void)s;
    switch (sec) {
    case LW_RS_FAILING:  return v->fail->nelts > 0;
    case LW_RS_HOSTS:    return v->hosts->nelts > 1;
    case LW_RS_DISK:     return o->ndisks > 0;
    case LW_RS_FIREWALL: return o->firewall_kind != NULL;
    case LW_RS_SECRULES: return o->secrules && o->secrules->nelts;
    case LW_RS_NOTES:    return o->notes && o->notes->nelts;
    default:             return 1;
    }
}

static const char *title(int sec, const lw_report_opts_t *o, apr_pool_t *p)
{
    const char *t = lw_report_section(sec)->title;

    if (sec == LW_RS_FIREWALL)
        return apr_psprintf(p, "%s (%s)", t, H(o->firewall_kind));
    if (sec == LW_RS_SECRULES)
        return apr_psprintf(p, "%s (review before use; ids from %u, in "
                            "ModSecurity&#39;s range for local rules, "
                            "1-99999)", t, o->secrule_id_base);
    return t;
}

static void section(FILE *out, int sec, const lw_summary_t *s,
                    const lw_report_opts_t *o, const lw_report_view_t *v,
                    apr_pool_t *p)
{
    const lw_report_section_t *rs = lw_report_section(sec);

    if (!present(sec, s, o, v))
        return;
    fprintf(out, "<section id=\"%s\"%s>\n<h2>%s</h2>\n", rs->id,
            rs->action ? " class=action" : "", title(sec, o, p));
    switch (sec) {
    case LW_RS_BREACHES:
        lw_breach_html(out, v->breaches, o->top, s->breaches_dropped, p);
        break;
    case LW_RS_APPS:
        apps(out, s, o, v, p);
        break;
    case LW_RS_REPORT_SOURCES:
        report_sources(out, s, o, v, p);
        break;
    case LW_RS_ALERT_SITES:
        alert_sites(out, o, v, p);
        break;
    case LW_RS_TIMELINE:
        if (v->bin_max)
            timeline(out, v, p);
        else
            fputs("<p>No attack with a time.</p>\n", out);
        break;
    case LW_RS_CATEGORIES:
        named_bars(out, "categories", "Attacks by category", s->by_cat,
                   LW_CAT__COUNT, lw_category_name, lw_category_color,
                   LW_CATS_NOT_ATTACKS, p);
        break;
    case LW_RS_VERDICTS:
        named_bars(out, "verdicts", "Attacks by verdict", s->by_verdict,
                   LW_V__COUNT, lw_verdict_name, lw_verdict_color, 0, p);
        break;
    case LW_RS_TOP_SOURCES:
        top_sources(out, v, p);
        break;
    case LW_RS_TOP_TARGETS:
        top_targets(out, v, p);
        break;
    case LW_RS_SOURCES:
        sources(out, o, v, p);
        break;
    case LW_RS_TARGETS:
        targets(out, o, v, p);
        break;
    case LW_RS_FAILING:
        failing(out, v, p);
        break;
    case LW_RS_HOSTS:
        hosts(out, v, p);
        break;
    case LW_RS_DISK:
        disks(out, o, p);
        break;
    case LW_RS_FIREWALL:
        if (o->firewall && o->firewall->nelts)
            lines(out, o->firewall, p);
        else
            fprintf(out, "<p>No source with at least %" APR_UINT64_T_FMT
                    " attacks to block.</p>\n", o->threshold);
        break;
    case LW_RS_SECRULES:
        lines(out, o->secrules, p);
        break;
    case LW_RS_NOTES:
        lines(out, o->notes, p);
        break;
    }
    fputs("</section>\n", out);
}

int lw_report_html(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p)
{
    lw_report_view_t *v = lw_report_view(s, o, p);
    int i;

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; style-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width\">\n"
          "<title>logwatch report</title>\n<style>\n"
          "body{font-family:sans-serif;margin:1em 2em;color:#222;"
          "background:#fff}\n"
          "table{border-collapse:collapse;margin-bottom:1em}\n"
          "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
          "vertical-align:top}\nth{background:#eee}\n"
          "td.n{text-align:right}\n.warn{color:#a00;font-weight:bold}\n"
          ".served{background:#fdd}\ntr.breach{background:#fbb}\n"
          "code,pre{font-family:monospace;"
          "white-space:pre-wrap;overflow-wrap:anywhere}\n"
          /* an address is read whole: never cut at a '.' or ':'; long
           * URIs still wrap, between words first */
          "code.ip{white-space:nowrap;overflow-wrap:normal}\n"
          /* a route breaks between its segments (<wbr>), not anywhere */
          "code.route{overflow-wrap:normal}\n"
          "section.action{border-left:4px solid #d55e00;padding-left:.8em}\n"
          "section.action h2{color:#a00}\n.sev{font-weight:bold}\n"
          "svg.chart{display:block;max-width:100%;height:auto;"
          "margin-bottom:.5em}\n"
          "@media print{body{margin:0}section{break-inside:avoid}"
          "h2{break-after:avoid}}\n"
          "</style></head><body>\n", out);
    fprintf(out, "<h1>logwatch report</h1>\n<p>Generated %s.",
            H(lw_fmt_time(p, o->generated, 0)));
    if (s->since || s->until)
        fprintf(out, " Window %s .. %s (UTC).", H(lw_fmt_time(p, s->since, 0)),
                H(lw_fmt_time(p, s->until, 0)));
    if (s->first)
        fprintf(out, " Records from %s to %s (UTC).",
                H(lw_fmt_time(p, s->first, 0)), H(lw_fmt_time(p, s->last, 0)));
    fputs("</p>\n<table class=totals>\n", out);
    fprintf(out, "<tr><th>Attacks</th><td class=n>%" APR_UINT64_T_FMT "</td>"
            "<th>Sources</th><td class=n>%u</td><th>Targets</th>"
            "<td class=n>%u</td><th>Served</th><td class=n>%" APR_UINT64_T_FMT
            "</td></tr>\n<tr><th>Lines read</th><td class=n>%"
            APR_UINT64_T_FMT "</td><th>Records</th><td class=n>%"
            APR_UINT64_T_FMT "</td><th>Malformed lines</th><td class=n>%"
            APR_UINT64_T_FMT "</td><th>Oversized lines</th><td class=n>%"
            APR_UINT64_T_FMT "</td></tr>\n<tr><th>Outside the window</th>"
            "<td class=n>%" APR_UINT64_T_FMT "</td><th>Duplicate records</th>"
            "<td class=n>%" APR_UINT64_T_FMT "</td><th>From your own networks "
            "(ignored)</th><td class=n>%" APR_UINT64_T_FMT "</td><th>Server "
            "errors (not attacks)</th><td class=n>%" APR_UINT64_T_FMT
            "</td></tr>\n</table>\n", s->attacks,
            apr_hash_count(s->sources), apr_hash_count(s->targets),
            s->by_verdict[LW_V_SERVED], s->lines, s->records, s->malformed,
            s->oversized, s->out_of_window, s->duplicates, s->ignored,
            s->server_errors);
    for (i = 0; i < LW_RS__COUNT; i++)
        section(out, i, s, o, v, p);
    fputs("</body></html>\n", out);
    return ferror(out) ? -1 : 0;
}
