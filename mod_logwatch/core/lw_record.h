/* The attack record: one JSON object per line. The module and logwatch-scan
 * write it; logwatch-summarize reads it back. */
#ifndef LW_RECORD_H
#define LW_RECORD_H

#include <limits.h>
#include "lw.h"

/* The longest record, whatever writes it: one write() of at most PIPE_BUF
 * bytes is atomic on a pipe, and the module's files and syslog and
 * logwatch-scan's output get the same lines, so every tool sees identical
 * records. LW_RECORD_MIN: the least lw_record_json can fit a record in. */
#if defined(PIPE_BUF)
#define LW_RECORD_MAX PIPE_BUF
#else
#define LW_RECORD_MAX 4096
#endif
#define LW_RECORD_MIN 512

typedef struct {
    apr_uint32_t id;
    int category;             /* lw_category_e */
    int severity;             /* lw_severity_e */
    const char *field;
    const char *excerpt;      /* writing: excerpt_len bytes; reading: decoded */
    apr_size_t excerpt_len;
    const char *msg;
    const char *detail;       /* a detector's reason, or NULL */
} lw_rec_rule_t;

/* Field names in the JSON are the member names below, except utc_offset
 * (folded into "time"), and nrules/rules (the "rules" array). Unknown values
 * are NULL strings and -1 numbers, and are left out of the JSON. */
typedef struct {
    apr_time_t time;          /* "time": 2011-06-21T11:56:40.000000-04:00 */
    int utc_offset;           /* seconds east of UTC, as the log had it */
    const char *host;         /* the machine that logged it */
    const char *vhost;
    int port;
    const char *client;       /* r->useragent_ip */
    const char *peer;         /* c->client_ip, only when it differs */
    const char *forwarded;    /* the proxy header as received, when the
                               * client address could not be taken from it
                               * (client is then a proxy's) */
    const char *method;
    const char *uri;          /* as sent */
    const char *protocol;
    int status;               /* final status */
    apr_int64_t bytes;
    apr_int64_t duration_us;
    const char *referer;
    const char *user_agent;
    const char *request_id;
    const char *verdict;      /* lw_verdict(status) */
    int severity;             /* lw_severity_e */
    int score;
    apr_uint32_t categories;  /* 1u << lw_category_e */
    int nrules;
    lw_rec_rule_t *rules;
    const char *tool;
    /* "stopped": "budget" when the engine's work budget left rules untried
     * on a request already settled (lw_engine.h: severity, categories
     * and tool are complete, score and rules may not be); NULL (left out)
     * otherwise. */
    const char *stopped;
    /* "evidence": what the response showed (lw_leak.h), the leak rule's
     * id (0: no evidence), message and matched bytes (excerpt as for a
     * rule: at most LW_MAX_EXCERPT, escaped when written). */
    apr_uint32_t ev_id;
    const char *ev_msg;
    const char *ev_excerpt;
    apr_size_t ev_excerpt_len;
} lw_record_t;

/* The name of the verdict of a status (lw_verdict_of_status). */
const char *lw_verdict(int status);

/* Set every field to unknown. */
void lw_record_init(lw_record_t *rec);

/* Copy a classification into the record: severity, score, categories,
 * tool and the rules (allocated from p). */
void lw_record_set_result(lw_record_t *rec, const lw_result_t *res,
                          apr_pool_t *p);

/* The JSON line, '\n' included, at most max bytes (max >= LW_RECORD_MIN; LW_RECORD_MAX for
 * pipes): when too long, excerpts, then the user agent and referer, then
 * the URI are cut with a marker, never the structure. Memory from p. */
char *lw_record_json(apr_pool_t *p, const lw_record_t *rec, apr_size_t max,
                     apr_size_t *len);

/* The "time" member's text, "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM|-HH:MM]",
 * split into its fields. One grammar for every reader of records (the
 * reference parser, the summarizer's fast path, --since/--until). */
typedef struct {
    int year, mon, mday;      /* 1..12, 1..31 */
    int hour, min, sec;       /* 0..23, 0..59, 0..60 */
    int usec;                 /* fraction cut to microseconds */
    int utc_offset;           /* seconds east of UTC; 0 for Z or none */
} lw_rec_time_t;

/* n decimal digits at s into *out; -1 when one of them is not a digit
 * (a NUL included, so it never reads past a C string's end). */
int lw_digits(const char *s, int n, int *out);

/* Split and range-check the n bytes at s. 0, or -1 when not that form. */
int lw_rec_time_split(const char *s, apr_size_t n, lw_rec_time_t *tm);

/* The instant tm names (its fields at its utc_offset). -1 when APR
 * refuses the date (before 1970). */
int lw_rec_time_get(const lw_rec_time_t *tm, apr_time_t *t);

/* Read one line back (without its '\n'). Strings are from p. Returns
 * non-zero with *err (static) when the line is not a record. */
apr_status_t lw_record_parse(apr_pool_t *p, const char *line, apr_size_t len,
                             lw_record_t *rec, const char **err);

#endif
