/* lw_state: memory between runs of logwatch-summarize, so that a source is
 * never reported twice for the same day, and the rule for which sources
 * may be reported at all (never private, reserved or ignored networks).
 *
 * The state file is text, one "DAY SOURCE" line each (DAY YYYY-MM-DD in
 * local time, SOURCE the canonical address); '#' lines are comments. It is
 * rewritten through a temporary file and rename(). Part of the summarizer
 * library (no httpd header). */
#ifndef LW_STATE_H
#define LW_STATE_H

#include "lw.h"
#include "lw_net.h"
#include <apr_tables.h>

#define LW_STATE_DEFAULT_KEEP_DAYS 30

typedef struct lw_state_t lw_state_t;

/* Opens (reads) path; a missing file is an empty state. now fixes "today"
 * (local date). Entries older than keep_days are dropped when saved.
 * Malformed lines are skipped. Returns an APR error (with *err) only when
 * the file exists and cannot be read. */
apr_status_t lw_state_open(lw_state_t **st, const char *path, apr_time_t now,
                           int keep_days, apr_pool_t *p, const char **err);

/* 1 when ip (any valid text form) was already reported today. */
int lw_state_reported_today(const lw_state_t *st, const char *ip);

/* Remember ip as reported today. */
void lw_state_mark(lw_state_t *st, const char *ip);

/* Write the file (atomically: temporary file, then rename), pruned. */
apr_status_t lw_state_save(lw_state_t *st, const char **err);

/* "YYYY-MM-DD" of t in local time, into buf (at least 11 bytes). */
void lw_state_day(apr_time_t t, char *buf);

/* Networks never reported (--ignore-net): an array of lw_cidr_t. */
apr_array_header_t *lw_ignore_create(apr_pool_t *p);
/* Adds one CIDR text; APR_EINVAL when it is not one. */
apr_status_t lw_ignore_add(apr_array_header_t *nets, const char *cidr);

/* 1 when ip may be reported or blocked: it parses as an address, is public
 * unicast (lw_addr_class() == LW_NET_PUBLIC) and lies in none of nets
 * (which may be NULL). */
int lw_reportable_ip(const char *ip, const apr_array_header_t *nets);

#endif
