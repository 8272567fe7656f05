/* lw_breach.c: the report's "Possible breaches" (lw_breach.h). */
#include "lw_breach.h"
#include "lw_report.h"
#include "lw_escape.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

#define S(p, n) apr_pstrmemdup(s->pool, (p) ? (p) : "-", (p) ? (n) : 1)

void lw_breach_add(lw_summary_t *s, int v, const char *vhost, apr_size_t vn,
                   const char *path, apr_size_t pn, const char *client,
                   apr_size_t cn, const char *uri, apr_size_t un,
                   apr_time_t time, int utc_offset, const char *line,
                   apr_size_t len)
{
    lw_breach_t *b;
    const char *key;
    int i;

    if (!LW_V_IS_BREACH(v))
        return;
    if (s->breaches == NULL)
        s->breaches = apr_hash_make(s->pool);
    key = apr_pstrcat(s->find_pool ? s->find_pool : s->pool,
                      S(vhost, vn), "\n", S(path, pn), NULL);
    b = apr_hash_get(s->breaches, key, APR_HASH_KEY_STRING);
    if (b == NULL) {
        if (apr_hash_count(s->breaches) >= LW_BREACH_MAX) {
            s->breaches_dropped++;
            return;
        }
        b = apr_pcalloc(s->pool, sizeof(*b));
        b->vhost = S(vhost, vn);
        b->path = S(path, pn);
        b->verdict = v;
        b->first = time;
        b->first_off = utc_offset;
        b->uri = S(uri, un);
        apr_hash_set(s->breaches, apr_pstrdup(s->pool, key),
                     APR_HASH_KEY_STRING, b);
    }
    if (time < b->first) {
        b->first = time;
        b->first_off = utc_offset;
    }
    b->count++;
    b->by_verdict[v]++;
    /* The evidence of the strongest verdict, first seen. */
    if ((v < b->verdict || b->ev_id == 0) && v != LW_V_ANOMALOUS_SIZE) {
        apr_pool_t *tp;
        lw_record_t rec;
        const char *err = NULL;
        if (apr_pool_create(&tp, s->pool) == APR_SUCCESS) {
            if (lw_record_parse(tp, line, len, &rec, &err) == APR_SUCCESS
                && rec.ev_id) {
                b->ev_id = rec.ev_id;
                b->ev_msg = rec.ev_msg ? apr_pstrdup(s->pool, rec.ev_msg)
                                       : NULL;
                b->ev_excerpt = rec.ev_excerpt
                    ? apr_pstrmemdup(s->pool, rec.ev_excerpt,
                                     rec.ev_excerpt_len) : NULL;
            }
            apr_pool_destroy(tp);
        }
    }
    if (v < b->verdict)
        b->verdict = v;
    for (i = 0; i < b->nsources; i++)
        if (strlen(b->sources[i]) == (client ? cn : 1)
            && memcmp(b->sources[i], client ? client : "-", client ? cn : 1)
               == 0)
            return;
    if (b->nsources < LW_BREACH_SOURCES)
        b->sources[b->nsources++] = S(client, cn);
    else
        b->more_sources++;
}

static int cmp_breach(const void *a, const void *b)
{
    const lw_breach_t *x = *(lw_breach_t *const *)a;
    const lw_breach_t *y = *(lw_breach_t *const *)b;

    if (x->verdict != y->verdict)
        return x->verdict < y->verdict ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (strcmp(x->vhost, y->vhost))
        return strcmp(x->vhost, y->vhost);
    return strcmp(x->path, y->path);
}

apr_array_header_t *lw_summary_breaches(const lw_summary_t *s,
                                        apr_pool_t *p)
{
    apr_array_header_t *a = apr_array_make(p, 8, sizeof(lw_breach_t *));
    apr_hash_index_t *hi;

    if (s->breaches == NULL)
        return a;
    for (hi = apr_hash_first(p, s->breaches); hi; hi = apr_hash_next(hi))
        *(lw_breach_t **)apr_array_push(a) = apr_hash_this_val(hi);
    qsort(a->elts, (size_t)a->nelts, sizeof(lw_breach_t *), cmp_breach);
    return a;
}

/* "203.0.113.5, 198.51.100.7 (+3 records from others)" */
static const char *source_list(apr_pool_t *p, const lw_breach_t *b)
{
    const char *out = "";
    int i;

    for (i = 0; i < b->nsources; i++)
        out = apr_pstrcat(p, out, i ? ", " : "", b->sources[i], NULL);
    if (b->more_sources)
        out = apr_psprintf(p, "%s (and %" APR_UINT64_T_FMT " records from "
                           "others)", out, b->more_sources);
    return out;
}

static const char *evidence(apr_pool_t *p, const lw_breach_t *b)
{
    if (!b->ev_id)
        return b->verdict == LW_V_WEBSHELL
               ? "a command sent to a script in an upload directory"
               : "response of unusual size for this path";
    return apr_psprintf(p, "rule %u, %s", b->ev_id,
                        b->ev_msg ? b->ev_msg : "-");
}

static const char *verdicts(apr_pool_t *p, const lw_breach_t *b)
{
    return lw_fmt_verdicts(p, b->by_verdict);
}

/* One line of at most 80 columns: what does not fit is cut with "...". */
static void line80(FILE *out, const char *s)
{
    apr_size_t n = strlen(s);

    if (n > 80)
        fprintf(out, "%.77s...\n", s);
    else
        fprintf(out, "%s\n", s);
}

/* "    sources:    a, b, c," wrapped within 80 columns. */
static void sources_text(FILE *out, const lw_breach_t *b, apr_pool_t *p)
{
    int i, col = 16;

    fputs("    sources:   ", out);
    for (i = 0; i < b->nsources; i++) {
        const char *ip = lw_esc_text(p, b->sources[i]);
        int n = (int)strlen(ip) + (i + 1 < b->nsources ? 1 : 0);
        if (col > 16 && col + 1 + n > 80) {
            fputs("\n               ", out);
            col = 15;
        }
        fprintf(out, " %.60s%s", ip, i + 1 < b->nsources ? "," : "");
        col += 1 + (n > 61 ? 61 : n);
    }
    fputc('\n', out);
    if (b->more_sources)
        fprintf(out, "                and %" APR_UINT64_T_FMT " records from "
                "other sources\n", b->more_sources);
}

void lw_breach_text(FILE *out, const apr_array_header_t *a, int top,
                    apr_uint64_t dropped, apr_pool_t *p)
{
    int i;

    for (i = 0; i < a->nelts && (top <= 0 || i < top); i++) {
        const lw_breach_t *b = APR_ARRAY_IDX(a, i, const lw_breach_t *);
        line80(out, apr_psprintf(p, "  %s %s: %s (%s)",
                                 lw_esc_text(p, b->vhost),
                                 lw_esc_text(p, b->path),
                                 lw_verdict_name(b->verdict),
                                 verdicts(p, b)));
        line80(out, apr_psprintf(p, "    first seen: %s",
                                 lw_fmt_time(p, b->first, b->first_off)));
        line80(out, apr_psprintf(p, "    evidence:   %s",
                                 lw_esc_text(p, evidence(p, b))));
        if (b->ev_excerpt)
            line80(out, apr_psprintf(p, "    excerpt:    %s",
                                     lw_esc_text(p, b->ev_excerpt)));
        line80(out, apr_psprintf(p, "    request:    %s",
                                 lw_esc_text(p, b->uri)));
        sources_text(out, b, p);
    }
    if (top > 0 && a->nelts > top)
        fprintf(out, "  ... %d more (--top 0 lists all)\n", a->nelts - top);
    if (dropped)
        fprintf(out, "  %" APR_UINT64_T_FMT " more records past the limit "
                "of %d entries\n", dropped, LW_BREACH_MAX);
    if (!a->nelts)
        fprintf(out, "  (none: no response showed a leak)\n");
}

void lw_breach_html(FILE *out, const apr_array_header_t *a, int top,
                    apr_uint64_t dropped, apr_pool_t *p)
{
    int i;

    if (!a->nelts) {
        fputs("<p>None: no response showed a leak.</p>\n", out);
        return;
    }
    fputs("<table class=breaches>\n<tr><th>Site</th><th>URL</th>"
          "<th>Verdict</th><th>First seen</th><th>Evidence</th>"
          "<th>Request</th><th>Sources</th></tr>\n", out);
    for (i = 0; i < a->nelts && (top <= 0 || i < top); i++) {
        const lw_breach_t *b = APR_ARRAY_IDX(a, i, const lw_breach_t *);
        fprintf(out, "<tr class=breach><td>%s</td><td><code>%s</code></td>"
                "<td>%s</td><td>%s</td><td>%s%s%s%s</td>"
                "<td><code>%s</code></td><td>%s</td></tr>\n",
                lw_esc_html(p, b->vhost), lw_esc_html(p, b->path),
                lw_esc_html(p, verdicts(p, b)),
                lw_esc_html(p, lw_fmt_time(p, b->first, b->first_off)),
                lw_esc_html(p, evidence(p, b)),
                b->ev_excerpt ? "<br><code>" : "",
                b->ev_excerpt ? lw_esc_html(p, b->ev_excerpt) : "",
                b->ev_excerpt ? "</code>" : "",
                lw_esc_html(p, b->uri), lw_esc_html(p, source_list(p, b)));
    }
    fputs("</table>\n", out);
    if (top > 0 && a->nelts > top)
        fprintf(out, "<p>... %d more (--top 0 lists all)</p>\n",
                a->nelts - top);
    if (dropped)
        fprintf(out, "<p>%" APR_UINT64_T_FMT " more records past the limit "
                "of %d entries.</p>\n", dropped, LW_BREACH_MAX);
}

void lw_breach_json(FILE *out, const apr_array_header_t *a,
                    apr_uint64_t dropped)
{
    int i, j, first;

    fputs(",\"possible_breaches\":[", out);
    for (i = 0; i < a->nelts; i++) {
        const lw_breach_t *b = APR_ARRAY_IDX(a, i, const lw_breach_t *);
        fputs(i ? ",{\"vhost\":" : "{\"vhost\":", out);
        lw_json_write_str(out, b->vhost);
        fputs(",\"path\":", out);
        lw_json_write_str(out, b->path);
        fprintf(out, ",\"verdict\":\"%s\",\"records\":%" APR_UINT64_T_FMT
                ",\"verdicts\":{", lw_verdict_name(b->verdict), b->count);
        for (j = 0, first = 1; j < LW_V__COUNT; j++) {
            if (!b->by_verdict[j])
                continue;
            fprintf(out, "%s\"%s\":%" APR_UINT64_T_FMT, first ? "" : ",",
                    lw_verdict_name(j), b->by_verdict[j]);
            first = 0;
        }
        fputs("},\"first\":", out);
        lw_json_write_time(out, b->first, b->first_off);
        fputs(",\"uri\":", out);
        lw_json_write_str(out, b->uri);
        if (b->ev_id) {
            fprintf(out, ",\"evidence\":{\"id\":%u,\"msg\":", b->ev_id);
            lw_json_write_str(out, b->ev_msg ? b->ev_msg : "");
            fputs(",\"excerpt\":", out);
            lw_json_write_str(out, b->ev_excerpt ? b->ev_excerpt : "");
            putc('}', out);
        }
        fputs(",\"sources\":[", out);
        for (j = 0; j < b->nsources; j++) {
            if (j)
                putc(',', out);
            lw_json_write_str(out, b->sources[j]);
        }
        fprintf(out, "],\"more_sources\":%" APR_UINT64_T_FMT "}",
                b->more_sources);
    }
    fprintf(out, "],\"possible_breaches_dropped\":%" APR_UINT64_T_FMT,
            dropped);
}
