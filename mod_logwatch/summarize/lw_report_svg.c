/* lw_report_svg.c: the HTML report's charts as inline SVG: the time chart,
 * and the bars of lw_svg.h with the labels of records escaped. No script
 * and no external resource (the page's CSP allows neither); every text
 * from a record goes through lw_esc_html; each bar has a <title>. */
#include "lw_report.h"
#include "lw_escape.h"

#include <string.h>
#include <apr_strings.h>

#define H(x) lw_esc_html(p, (x))
#define W LW_SVG_WIDTH
#define IS_ATTACK(c) (!(LW_CATS_NOT_ATTACKS & (1u << (c))))
#define ATTACK_CATS (((1u << LW_CAT__COUNT) - 1) & ~LW_CATS_NOT_ATTACKS)

/* The top of the scale: 1, 2, 4, 5, 6 or 8 times a power of ten, at
 * least v (v > 0), so the tallest bar fills most of the chart. */
static apr_uint64_t nice_max(apr_uint64_t v)
{
    static const unsigned step[] = { 1, 2, 4, 5, 6, 8 };
    apr_uint64_t m = 1;
    int i;

    for (;;) {
        for (i = 0; i < 6; i++)
            if (v <= step[i] * m)
                return step[i] * m;
        if (m > APR_UINT64_MAX / 100)
            return v;
        m *= 10;
    }
}

/* "sqli 3, xss 1" of the attack categories in by_cat. */
static const char *cat_list(apr_pool_t *p, const apr_uint64_t *by_cat)
{
    return lw_fmt_cats(p, by_cat);
}

void lw_svg_timeline(FILE *out, const lw_report_view_t *v, apr_pool_t *p)
{
    const int left = 56, right = 12, top = 12, bottom = 214, h = 270;
    double pw = W - left - right, bw, gap;
    apr_uint64_t max, totals[LW_CAT__COUNT];
    int i, c, every;

    if (v->nbins <= 0 || v->bin_max == 0)
        return;
    memset(totals, 0, sizeof(totals));
    for (i = 0; i < v->nbins; i++)
        for (c = 0; c < LW_CAT__COUNT; c++)
            totals[c] += v->bins[i * LW_CAT__COUNT + c];
    max = nice_max(v->bin_max);
    bw = pw / v->nbins;
    gap = bw > 6 ? bw * 0.15 : 0;
    fputs(lw_svg_open(p, "timeline", h, v->bin_hours == 1
                      ? "Attacks per hour (UTC) by category"
                      : "Attacks per day (UTC) by category"), out);
    /* the scale: 0, half (when a whole number) and the top */
    for (i = 0; i <= 2; i++) {
        double y = bottom - (bottom - top) * i / 2.0;
        fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                "stroke=\"#cccccc\"/>", left, y, W - right, y);
        if (i != 1 || max % 2 == 0)
            fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%"
                    APR_UINT64_T_FMT "</text>", left - 6, y + 4,
                    max * (apr_uint64_t)i / 2);
        fputc('\n', out);
    }
    for (i = 0; i < v->nbins; i++) {
        const apr_uint64_t *b = &v->bins[i * LW_CAT__COUNT];
        double x = left + i * bw + gap / 2, y = bottom, full;
        apr_uint64_t n = v->bin_attacks[i], sum = 0;

        if (!n)
            continue;
        for (c = 0; c < LW_CAT__COUNT; c++)
            if (IS_ATTACK(c))
                sum += b[c];
        fprintf(out, "<g><title>%s UTC: %" APR_UINT64_T_FMT " attack%s: %s"
                "</title>", lw_fmt_bin(p, v, i), n, n == 1 ? "" : "s",
                cat_list(p, b));
        /* the bar is the attacks; an attack of several categories counts
         * in each, so the categories share the bar in proportion */
        full = (double)(bottom - top) * (double)n / (double)max;
        for (c = 0; c < LW_CAT__COUNT && sum; c++) {
            double bh;
            if (!IS_ATTACK(c) || !b[c])
                continue;
            bh = full * (double)b[c] / (double)sum;
            y -= bh;
            fprintf(out, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" "
                    "width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    lw_category_name(c), x, y, bw - gap, bh,
                    lw_category_color(c));
        }
        fputs("</g>\n", out);
    }
    /* time labels: about twelve, on whole hours or days */
    every = (v->nbins + 11) / 12;
    if (v->bin_hours == 1 && every > 1 && every < 3)
        every = 3;
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
            "stroke=\"#333333\"/>\n", left, bottom, W - right, bottom);
    for (i = 0; i < v->nbins; i += every) {
        const char *t = lw_fmt_bin(p, v, i);
        if (v->bin_hours == 1 && i > 0 && strcmp(t + 11, "00:00") != 0)
            t += 11;            /* the date at the start and at midnight */
        else if (v->bin_hours == 1)
            t = apr_pstrcat(p, t + 5, NULL);
        else
            t += 5;
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                "</text>\n", left + (i + 0.5) * bw, bottom + 16, H(t));
    }
    fputs(lw_svg_legend(p, totals, ATTACK_CATS, h - 14), out);
    fputs("</svg>\n", out);
}

void lw_report_bars(FILE *out, const char *cls, const char *title,
                    lw_svg_row_t *rows, int n, apr_pool_t *p)
{
    int i;

    for (i = 0; i < n; i++) {
        const char *label = rows[i].label ? rows[i].label : "-";
        rows[i].tip = apr_psprintf(p, "%s: %" APR_UINT64_T_FMT "%s%s",
                                   H(label), rows[i].value,
                                   rows[i].by_cat ? ": " : "",
                                   rows[i].by_cat
                                   ? cat_list(p, rows[i].by_cat) : "");
        /* long labels (odd vhosts) are cut; the tooltip has them whole */
        if (strlen(label) > 34)
            label = apr_pstrcat(p, apr_pstrndup(p, label, 32), "...", NULL);
        rows[i].label = H(label);
    }
    fputs(lw_svg_bars(p, cls, title, rows, n, ATTACK_CATS), out);
}
