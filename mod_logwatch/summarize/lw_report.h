/* The report, from a summary: text (default), JSON, or one self-contained
 * HTML page. Every string from a record goes through lw_escape first. */
#ifndef LW_REPORT_H
#define LW_REPORT_H

#include <stdio.h>
#include "lw_sum.h"
#include "lw_disk.h"
#include "lw_svg.h"

typedef struct {
    int top;                    /* sources/targets listed in text and HTML
                                 * (0: all); JSON always lists all */
    apr_time_t generated;       /* now */
    int whois_done;             /* contacts were looked up: say "unknown" */
    apr_uint64_t threshold;     /* abuse/firewall threshold, for display */
    const lw_disk_t *disks;
    int ndisks;
    double disk_threshold;
    const char *firewall_kind;  /* NULL: no firewall section */
    apr_array_header_t *firewall;   /* const char* commands */
    apr_array_header_t *secrules;   /* const char* rule lines, or NULL */
    apr_array_header_t *notes;      /* const char* lines (abuse reports ...) */
    apr_uint32_t secrule_id_base;   /* for the header of the rules */
    int alert_sources;          /* sites attacked from this many sources
                                 * are listed as "sites to alert" (2) */
} lw_report_opts_t;

/* The report's sections, in the order every format writes them: what
 * needs action first, then the pictures, then the details. Each format
 * walks them in this order; their ids (HTML id, JSON "sections") and
 * titles have this one home (lw_report_view.c). */
typedef enum {
    LW_RS_BREACHES = 0,     /* responses that showed a leak (lw_breach.h) */
    LW_RS_APPS,             /* served attacks by application, and the
                             * scanner traffic kept out of that list */
    LW_RS_REPORT_SOURCES,   /* sources over the threshold: abuse reports */
    LW_RS_ALERT_SITES,      /* sites attacked from alert_sources or more */
    LW_RS_TIMELINE,         /* attacks over time by category */
    LW_RS_CATEGORIES,
    LW_RS_VERDICTS,
    LW_RS_TOP_SOURCES,
    LW_RS_TOP_TARGETS,
    LW_RS_SOURCES,          /* the details */
    LW_RS_TARGETS,
    LW_RS_FAILING,
    LW_RS_HOSTS,
    LW_RS_DISK,
    LW_RS_FIREWALL,
    LW_RS_SECRULES,
    LW_RS_NOTES,
    LW_RS__COUNT
} lw_report_section_e;

typedef struct {
    const char *id;             /* "apps": HTML id, JSON "sections" */
    const char *title;
    int action;                 /* part of the "needs action" block */
} lw_report_section_t;

/* NULL out of range. */
const lw_report_section_t *lw_report_section(int sec);

/* What the sections show, worked out once for all formats. */
typedef struct {
    apr_array_header_t *srcs, *tgts, *fail, *hosts;
    apr_array_header_t *apps;           /* lw_app_t*, lw_summary_apps */
    apr_array_header_t *breaches;       /* lw_breach_t*, lw_summary_breaches */
    apr_array_header_t *report_sources; /* lw_src_t*: over the threshold,
                                         * reportable address */
    apr_array_header_t *alert_sites;    /* lw_target_t* */
    apr_uint64_t apps_attacks;          /* served attacks in apps */
    /* the time chart: nbins bins of bin_hours hours (1 or 24) from bin0,
     * attacks in bin_attacks[i], per category (an attack may have
     * several) in bins[i * LW_CAT__COUNT + category] */
    int bin_hours, nbins;
    apr_time_t bin0;
    apr_uint64_t *bins, *bin_attacks;
    apr_uint64_t bin_max;               /* highest bin_attacks */
} lw_report_view_t;

/* The time chart shows hours when its span is at most this long, else
 * days (at most LW_REPORT_MAX_DAYS, the latest). */
#define LW_REPORT_HOURLY_SPAN 48
#define LW_REPORT_MAX_DAYS 400

lw_report_view_t *lw_report_view(const lw_summary_t *s,
                                 const lw_report_opts_t *o, apr_pool_t *p);
/* An attack category's letter in the text charts (colours: lw_svg.h);
 * charts stack categories in lw_category_e order, leaving out
 * LW_CATS_NOT_ATTACKS. */
char lw_category_letter(int cat);
/* "2024-03-01 13:00" (hours) or "2024-03-01" (days), UTC. */
const char *lw_fmt_bin(apr_pool_t *p, const lw_report_view_t *v, int i);

/* The charts, as inline SVG (no script, every text escaped, a <title> on
 * each bar for a tooltip). lw_report_svg.c. */
void lw_svg_timeline(FILE *out, const lw_report_view_t *v, apr_pool_t *p);
/* lw_svg_bars (lw_svg.h) of rows whose labels are raw, as in the records:
 * each label is cut to fit and escaped, and its tooltip (the whole label,
 * the value, the categories) made, in place. */
void lw_report_bars(FILE *out, const char *cls, const char *title,
                    lw_svg_row_t *rows, int n, apr_pool_t *p);

void lw_report_opts_init(lw_report_opts_t *o);

int lw_report_text(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p);
int lw_report_json(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p);
int lw_report_html(FILE *out, const lw_summary_t *s,
                   const lw_report_opts_t *o, apr_pool_t *p);

/* "2011-06-22 13:46:16 -0400" in the given UTC offset (seconds east). */
const char *lw_fmt_time(apr_pool_t *p, apr_time_t t, int utc_offset);
/* Categories a record may carry that are not attacks (1u << category). */
#define LW_CATS_NOT_ATTACKS ((1u << LW_CAT_TOOL) | (1u << LW_CAT_SERVER_ERROR) \
                             | (1u << LW_CAT_THRESHOLD))
/* "name 3, name 1" over the non-zero counts[0..n-1] in index order, names
 * from name(i), leaving out the indexes set in skip (1u << i). NULL when
 * nothing is left. */
const char *lw_fmt_named(apr_pool_t *p, const apr_uint64_t *counts, int n,
                         const char *(*name)(int), apr_uint32_t skip);
/* "lfi 3, rfi 3" from a by-category array (only non-zero, attack ones). */
const char *lw_fmt_cats(apr_pool_t *p, const apr_uint64_t *by_cat);
/* "error 6, served 1" from a by-verdict array (report order). */
const char *lw_fmt_verdicts(apr_pool_t *p, const apr_uint64_t *by_verdict);
/* "a 3, b 1, ..." from a counter hash, at most max keys, text-escaped. */
const char *lw_fmt_counts(apr_pool_t *p, apr_hash_t *h, int max);
/* The same from counters already sorted (lw_count_t*). */
const char *lw_fmt_count_array(apr_pool_t *p, const apr_array_header_t *a,
                               int max);

#endif
