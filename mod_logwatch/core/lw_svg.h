/* Charts as inline SVG, for every HTML page the project writes (the
 * status page, the summarizer's report): no script, no external resource,
 * a fixed size that scales down with the page, dark marks on white so
 * they print, and a <title> on each bar (the browser's tooltip, and what a
 * screen reader says). The colours of categories and verdicts have their
 * one home here. Labels and tooltips are written as given: the caller
 * escapes them for HTML first (they may come from an attacker). */
#ifndef LW_SVG_H
#define LW_SVG_H

#include "lw.h"

#define LW_SVG_WIDTH 900

/* An attack category's or verdict's colour (#rrggbb). */
const char *lw_category_color(int cat);
const char *lw_verdict_color(int v);

/* One horizontal bar: stacked by category (in lw_category_e order, the
 * categories of cats_mask only) when by_cat is set, scaled to value,
 * else one bar of colour. label and tip: HTML-escaped already. */
typedef struct {
    const char *label;
    const char *tip;                    /* NULL: "label: value" */
    apr_uint64_t value;
    const apr_uint64_t *by_cat;         /* LW_CAT__COUNT, or NULL */
    const char *color;
} lw_svg_row_t;

/* <svg class="chart CLS"> with a bar per row and, when stacked, a legend
 * of the categories in cats_mask that appear. title: escaped already. */
const char *lw_svg_bars(apr_pool_t *p, const char *cls, const char *title,
                        const lw_svg_row_t *rows, int n,
                        apr_uint32_t cats_mask);
/* The opening tag of a chart of height h, and the legend of the
 * categories in cats_mask with a non-zero total, its text baseline at y. */
const char *lw_svg_open(apr_pool_t *p, const char *cls, int h,
                        const char *title);
const char *lw_svg_legend(apr_pool_t *p, const apr_uint64_t *totals,
                          apr_uint32_t cats_mask, int y);

#endif
