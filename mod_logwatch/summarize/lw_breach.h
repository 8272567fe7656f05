/* lw_breach: the report's "Possible breaches": the records whose response
 * showed evidence (verdict leaked or webshell) or had an unusual size
 * (anomalous_size), one entry per site and URL path, with the evidence,
 * the sources and the first time seen. Collected while reading (rare
 * records: each is parsed again for its evidence), bounded in entries and
 * sources per entry, and written first by every format of the report. */
#ifndef LW_BREACH_H
#define LW_BREACH_H

#include <stdio.h>
#include "lw_sum.h"

/* Entries kept (site and path pairs), and sources listed per entry. */
#define LW_BREACH_MAX 1000
#define LW_BREACH_SOURCES 20

typedef struct {
    const char *vhost, *path;           /* as recorded ("-" when absent) */
    int verdict;                        /* the strongest seen (lowest
                                         * lw_verdict_e) */
    apr_uint64_t count;                 /* records */
    apr_uint64_t by_verdict[LW_V__COUNT];
    apr_time_t first;                   /* first seen (UTC) */
    int first_off;
    const char *uri;                    /* the first record's request */
    /* the first evidence (0: none, anomalous_size alone) */
    apr_uint32_t ev_id;
    const char *ev_msg, *ev_excerpt;    /* as read back (escaped text) */
    int nsources;                       /* listed, at most LW_BREACH_SOURCES */
    const char *sources[LW_BREACH_SOURCES];
    apr_uint64_t more_sources;          /* records from sources not listed */
} lw_breach_t;

/* Is v a breach verdict (leaked, webshell, anomalous_size)? */
#define LW_V_IS_BREACH(v) ((v) >= LW_V_LEAKED && (v) < LW_V_SERVED)

/* A record of a breach verdict v: the raw line (for its evidence), and
 * what the fast reader took from it. */
void lw_breach_add(lw_summary_t *s, int v, const char *vhost, apr_size_t vn,
                   const char *path, apr_size_t pn, const char *client,
                   apr_size_t cn, const char *uri, apr_size_t un,
                   apr_time_t time, int utc_offset, const char *line,
                   apr_size_t len);

/* The entries (lw_breach_t *), strongest verdict first, then by first
 * time seen. */
apr_array_header_t *lw_summary_breaches(const lw_summary_t *s,
                                        apr_pool_t *p);

/* The section's body in each format (the writers add the heading). */
void lw_breach_text(FILE *out, const apr_array_header_t *b, int top,
                    apr_uint64_t dropped, apr_pool_t *p);
void lw_breach_html(FILE *out, const apr_array_header_t *b, int top,
                    apr_uint64_t dropped, apr_pool_t *p);
/* ,"possible_breaches":[...],"possible_breaches_dropped":N */
void lw_breach_json(FILE *out, const apr_array_header_t *b,
                    apr_uint64_t dropped);

#endif
