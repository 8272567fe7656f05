/* lw_svg.c: bar charts as inline SVG strings (lw_svg.h). */
#include "lw_svg.h"

#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>

/* Colours: the Okabe-Ito palette (told apart with colour blindness too),
 * then greys. */
const char *lw_category_color(int cat)
{
    switch (cat) {
    case LW_CAT_SQLI:     return "#0072b2";
    case LW_CAT_XSS:      return "#e69f00";
    case LW_CAT_LFI:      return "#009e73";
    case LW_CAT_RFI:      return "#56b4e9";
    case LW_CAT_RCE:      return "#d55e00";
    case LW_CAT_SCANNER:  return "#999999";
    case LW_CAT_PROBE:    return "#cc79a7";
    case LW_CAT_PROTOCOL: return "#f0e442";
    default:              return "#555555";
    }
}

const char *lw_verdict_color(int v)
{
    switch (v) {
    case LW_V_LEAKED:
    case LW_V_WEBSHELL:   return "#000000";
    case LW_V_ANOMALOUS_SIZE: return "#8b0000";
    case LW_V_SERVED:     return "#d55e00";
    case LW_V_ERROR:      return "#e69f00";
    case LW_V_REDIRECTED: return "#f0e442";
    case LW_V_NOT_FOUND:  return "#999999";
    case LW_V_REJECTED:   return "#56b4e9";
    case LW_V_BLOCKED:    return "#009e73";
    default:              return "#555555";
    }
}

#define PUSH(a, s) (*(const char **)apr_array_push(a) = (s))

const char *lw_svg_open(apr_pool_t *p, const char *cls, int h,
                        const char *title)
{
    return apr_psprintf(p, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        "class=\"chart %s\" width=\"%d\" height=\"%d\" "
                        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" "
                        "font-family=\"sans-serif\" font-size=\"12\">\n"
                        "<title>%s</title>\n", cls, LW_SVG_WIDTH, h,
                        LW_SVG_WIDTH, h, title, title);
}

const char *lw_svg_legend(apr_pool_t *p, const apr_uint64_t *totals,
                          apr_uint32_t cats_mask, int y)
{
    apr_array_header_t *a = apr_array_make(p, 16, sizeof(const char *));
    int c, x = 10;

    PUSH(a, "<g class=\"legend\">\n");
    for (c = 0; c < LW_CAT__COUNT; c++) {
        if (!(cats_mask & (1u << c)) || !totals[c])
            continue;
        PUSH(a, apr_psprintf(p, "<rect class=\"%s\" x=\"%d\" y=\"%d\" "
                             "width=\"12\" height=\"12\" fill=\"%s\"/><text "
                             "x=\"%d\" y=\"%d\">%s %" APR_UINT64_T_FMT
                             "</text>\n", lw_category_name(c), x, y - 10,
                             lw_category_color(c), x + 16, y,
                             lw_category_name(c), totals[c]));
        x += 110;
    }
    PUSH(a, "</g>\n");
    return apr_array_pstrcat(p, a, 0);
}

const char *lw_svg_bars(apr_pool_t *p, const char *cls, const char *title,
                        const lw_svg_row_t *rows, int n,
                        apr_uint32_t cats_mask)
{
    const int rh = 22, lw = 230, right = 70;
    const double pw = LW_SVG_WIDTH - lw - 10 - right;
    apr_array_header_t *a = apr_array_make(p, 4 * n + 4, sizeof(const char *));
    apr_uint64_t max = 0, totals[LW_CAT__COUNT];
    int i, c, stacked = 0, h;

    if (n <= 0)
        return "";
    memset(totals, 0, sizeof(totals));
    for (i = 0; i < n; i++) {
        if (rows[i].value > max)
            max = rows[i].value;
        if (rows[i].by_cat) {
            stacked = 1;
            for (c = 0; c < LW_CAT__COUNT; c++)
                totals[c] += rows[i].by_cat[c];
        }
    }
    if (max == 0)
        max = 1;
    h = n * rh + 8 + (stacked ? 30 : 0);
    PUSH(a, lw_svg_open(p, cls, h, title));
    for (i = 0; i < n; i++) {
        const lw_svg_row_t *r = &rows[i];
        double x = lw + 10, y = 4 + i * rh, len;

        PUSH(a, apr_psprintf(p, "<g><title>%s</title><text x=\"%d\" "
                             "y=\"%.1f\" text-anchor=\"end\">%s</text>",
                             r->tip ? r->tip : apr_psprintf(p, "%s: %"
                             APR_UINT64_T_FMT, r->label, r->value),
                             lw, y + 15, r->label));
        if (r->by_cat) {
            /* an attack may have several categories: the categories share
             * the bar in proportion */
            apr_uint64_t sum = 0;
            for (c = 0; c < LW_CAT__COUNT; c++)
                if (cats_mask & (1u << c))
                    sum += r->by_cat[c];
            for (c = 0; c < LW_CAT__COUNT && sum; c++) {
                if (!(cats_mask & (1u << c)) || !r->by_cat[c])
                    continue;
                len = pw * (double)r->value / (double)max
                      * (double)r->by_cat[c] / (double)sum;
                PUSH(a, apr_psprintf(p, "<rect class=\"%s\" x=\"%.1f\" "
                                     "y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                                     "fill=\"%s\"/>", lw_category_name(c), x,
                                     y, len, rh - 6, lw_category_color(c)));
                x += len;
            }
        } else {
            len = pw * (double)r->value / (double)max;
            PUSH(a, apr_psprintf(p, "<rect x=\"%.1f\" y=\"%.1f\" "
                                 "width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                                 x, y, len, rh - 6,
                                 r->color ? r->color : "#555555"));
            x += len;
        }
        PUSH(a, apr_psprintf(p, "<text x=\"%.1f\" y=\"%.1f\">%"
                             APR_UINT64_T_FMT "</text></g>\n", x + 6, y + 15,
                             r->value));
    }
    if (stacked)
        PUSH(a, lw_svg_legend(p, totals, cats_mask, h - 8));
    PUSH(a, "</svg>\n");
    return apr_array_pstrcat(p, a, 0);
}
