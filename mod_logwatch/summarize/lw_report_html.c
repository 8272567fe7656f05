/* lw_report_html.c: the report as one self-contained HTML page (inline
 * style, no script, no external resource; a CSP forbids anything else).
 * Every string from a record goes through lw_esc_html. */
#include "lw_report.h"
#include "lw_escape.h"

#include <string.h>
#include <apr_strings.h>

#define H(x) lw_esc_html(p, (x))

static void th(FILE *out, const char *const *cols)
{
    fputs("<tr>", out);
    for (; *cols; cols++)
        fprintf(out, "<th>%s</th>", *cols);
    fputs("</tr>\n", out);
}

static void lines(FILE *out, const char *title, const apr_array_header_t *a,
                  apr_pool_t *p)
{
    int i;

    if (!a || !a->nelts)
        return;
    fprintf(out, "<h2>%s</h2>\n<pre>", title);
    for (i = 0; i < a->nelts; i++)
        fprintf(out, "%s\n", H(APR_ARRAY_IDX(a, i, const char *)));
    fputs("</pre>\n", out);
}

int lw_report_html(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p)
{
    static const char *const src_cols[] = { "Source", "Attacks", "Categories",
        "Targets", "First seen", "Last seen", "Verdicts", "Clients",
        "Abuse contact", NULL };
    static const char *const tgt_cols[] = { "Target", "Attacks", "Sources",
        "Categories", "Verdicts", "Paths", "Reached the application", NULL };
    apr_array_header_t *srcs = lw_summary_sources(s, p);
    apr_array_header_t *tgts = lw_summary_targets(s, p);
    apr_array_header_t *fail = lw_summary_failing(s, p);
    apr_array_header_t *hosts = lw_summary_hosts(s, p);
    int i, j;

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; style-src 'unsafe-inline'\">\n"
          "<title>logwatch report</title>\n<style>\n"
          "body{font-family:sans-serif;margin:1em 2em;color:#222}\n"
          "table{border-collapse:collapse;margin-bottom:1em}\n"
          "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;"
          "vertical-align:top}\nth{background:#eee}\n"
          "td.n{text-align:right}\n.warn{color:#a00;font-weight:bold}\n"
          ".served{background:#fdd}\ncode,pre{font-family:monospace;"
          "white-space:pre-wrap;overflow-wrap:anywhere}\n"
          /* an address is read whole: never cut at a '.' or ':'; long
           * URIs still wrap, between words first */
          "code.ip{white-space:nowrap;overflow-wrap:normal}\n"
          "</style></head><body>\n", out);
    fprintf(out, "<h1>logwatch report</h1>\n<p>Generated %s.",
            H(lw_fmt_time(p, o->generated, 0)));
    if (s->since || s->until)
        fprintf(out, " Window %s .. %s (UTC).", H(lw_fmt_time(p, s->since, 0)),
                H(lw_fmt_time(p, s->until, 0)));
    if (s->first)
        fprintf(out, " Records from %s to %s (UTC).",
                H(lw_fmt_time(p, s->first, 0)), H(lw_fmt_time(p, s->last, 0)));
    fputs("</p>\n<h2>Totals</h2>\n<table>\n", out);
    fprintf(out, "<tr><th>Attacks</th><td class=n>%" APR_UINT64_T_FMT "</td></tr>\n"
            "<tr><th>Sources</th><td class=n>%u</td></tr>\n"
            "<tr><th>Targets</th><td class=n>%u</td></tr>\n"
            "<tr><th>Server errors (not attacks)</th><td class=n>%"
            APR_UINT64_T_FMT "</td></tr>\n<tr><th>Lines read</th><td class=n>%"
            APR_UINT64_T_FMT "</td></tr>\n<tr><th>Records</th><td class=n>%"
            APR_UINT64_T_FMT "</td></tr>\n<tr><th>Malformed lines</th>"
            "<td class=n>%" APR_UINT64_T_FMT "</td></tr>\n<tr><th>Oversized "
            "lines</th><td class=n>%" APR_UINT64_T_FMT "</td></tr>\n<tr><th>"
            "Outside the window</th><td class=n>%" APR_UINT64_T_FMT
            "</td></tr>\n<tr><th>Duplicate records</th><td class=n>%"
            APR_UINT64_T_FMT "</td></tr>\n<tr><th>From your own networks "
            "(ignored)</th><td class=n>%" APR_UINT64_T_FMT
            "</td></tr>\n</table>\n", s->attacks,
            apr_hash_count(s->sources), apr_hash_count(s->targets),
            s->server_errors, s->lines, s->records, s->malformed,
            s->oversized, s->out_of_window, s->duplicates, s->ignored);

    fputs("<h2>By category</h2>\n<table>\n", out);
    for (i = 0; i < LW_CAT__COUNT; i++)
        if (s->by_cat[i] && i != LW_CAT_TOOL && i != LW_CAT_SERVER_ERROR
            && i != LW_CAT_THRESHOLD)
            fprintf(out, "<tr><th>%s</th><td class=n>%" APR_UINT64_T_FMT
                    "</td></tr>\n", lw_category_name(i), s->by_cat[i]);
    fputs("</table>\n<h2>By verdict</h2>\n<table>\n", out);
    for (i = 0; i < LW_V__COUNT; i++)
        if (s->by_verdict[i])
            fprintf(out, "<tr%s><th>%s</th><td class=n>%" APR_UINT64_T_FMT
                    "</td></tr>\n", i == LW_V_SERVED ? " class=served" : "",
                    lw_verdict_name(i), s->by_verdict[i]);
    fputs("</table>\n", out);

    if (s->by_verdict[LW_V_SERVED]) {
        fputs("<h2 class=warn>Served attacks: review these applications first"
              "</h2>\n<table>\n<tr><th>Target</th><th>URI</th><th>Count</th>"
              "</tr>\n", out);
        for (i = 0; i < tgts->nelts; i++) {
            const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
            apr_array_header_t *u = lw_count_sorted(t->served_uris, p);
            for (j = 0; j < u->nelts; j++) {
                const lw_count_t *c = APR_ARRAY_IDX(u, j, const lw_count_t *);
                fprintf(out, "<tr class=served><td>%s</td><td><code>%s</code>"
                        "</td><td class=n>%" APR_UINT64_T_FMT "</td></tr>\n",
                        H(t->vhost), H(c->key), c->count);
            }
        }
        fputs("</table>\n", out);
    }

    fputs("<h2>By source</h2>\n<table>\n", out);
    th(out, src_cols);
    for (i = 0; i < srcs->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_src_t *src = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
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
    if (o->top > 0 && srcs->nelts > o->top)
        fprintf(out, "<p>%d more sources not shown.</p>\n", srcs->nelts - o->top);

    fputs("<h2>By target</h2>\n<table>\n", out);
    th(out, tgt_cols);
    for (i = 0; i < tgts->nelts && (o->top <= 0 || i < o->top); i++) {
        const lw_target_t *t = APR_ARRAY_IDX(tgts, i, const lw_target_t *);
        fprintf(out, "<tr%s><td>%s</td><td class=n>%" APR_UINT64_T_FMT
                "</td><td class=n>%u</td><td>%s</td><td>%s</td><td><code>%s"
                "</code></td><td><code>%s</code></td></tr>\n",
                t->by_verdict[LW_V_SERVED] ? " class=served" : "",
                H(t->vhost), t->attacks, apr_hash_count(t->sources),
                H(lw_fmt_cats(p, t->by_cat)),
                H(lw_fmt_verdicts(p, t->by_verdict)),
                H(lw_fmt_counts(p, t->paths, 5)),
                t->by_verdict[LW_V_SERVED]
                ? H(lw_fmt_counts(p, t->served_uris, 10)) : "nothing");
    }
    fputs("</table>\n", out);
    if (o->top > 0 && tgts->nelts > o->top)
        fprintf(out, "<p>%d more targets not shown.</p>\n", tgts->nelts - o->top);

    if (fail->nelts) {
        fputs("<h2>Failing sites</h2>\n<table>\n<tr><th>Site</th><th>Errors"
              "</th><th>URLs</th></tr>\n", out);
        for (i = 0; i < fail->nelts; i++) {
            const lw_failing_t *f = APR_ARRAY_IDX(fail, i, const lw_failing_t *);
            fprintf(out, "<tr><td>%s</td><td class=n>%" APR_UINT64_T_FMT
                    "</td><td><code>%s</code></td></tr>\n", H(f->vhost),
                    f->errors, H(lw_fmt_counts(p, f->uris, 10)));
        }
        fputs("</table>\n", out);
    }

    if (hosts->nelts > 1) {
        fputs("<h2>By host</h2>\n<table>\n<tr><th>Host</th><th>Records</th>"
              "<th>Attacks</th><th>Sources</th><th>Targets</th><th>Server "
              "errors</th><th>Categories</th></tr>\n", out);
        for (i = 0; i < hosts->nelts; i++) {
            const lw_host_t *h = APR_ARRAY_IDX(hosts, i, const lw_host_t *);
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

    if (o->ndisks) {
        fprintf(out, "<h2>Disk</h2>\n<table>\n<tr><th>Path</th><th>Blocks used"
                "</th><th>Inodes used</th><th>Free</th></tr>\n");
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
    if (o->firewall_kind)
        lines(out, apr_psprintf(p, "Firewall (%s)", H(o->firewall_kind)),
              o->firewall, p);
    lines(out, apr_psprintf(p, "mod_security suggestions (review before use;"
                            " ids from %u, in ModSecurity&#39;s range for local"
                            " rules, 1-99999)", o->secrule_id_base),
          o->secrules, p);
    lines(out, "Notes", o->notes, p);
    fputs("</body></html>\n", out);
    return ferror(out) ? -1 : 0;
}
