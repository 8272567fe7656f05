/* The report, from a summary: text (default), JSON, or one self-contained
 * HTML page. Every string from a record goes through lw_escape first. */
#ifndef LW_REPORT_H
#define LW_REPORT_H

#include <stdio.h>
#include "lw_sum.h"
#include "lw_disk.h"

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
} lw_report_opts_t;

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

#endif
