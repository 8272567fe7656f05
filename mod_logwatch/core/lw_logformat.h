/* Access-log parsing for logwatch-scan: any LogFormat built from the
 * directives below and literal text. */
#ifndef LW_LOGFORMAT_H
#define LW_LOGFORMAT_H

#include "lw.h"

typedef struct lw_logformat lw_logformat_t;

/* Nicknames "common", "combined", "vhost_combined", or a LogFormat string
 * using %h %a %l %u %t %r %>s %s %b %B %v %V %p %D %T %{NAME}i %{NAME}e
 * %{NAME}n and literal text (%% too). Returns non-zero with *err (from p)
 * naming the offending directive. */
apr_status_t lw_logformat_compile(lw_logformat_t **f, const char *fmt,
                                  apr_pool_t *p, char **err);

#define LW_LOG_MAX_HEADERS 8

/* One parsed line. Values are unescaped as Apache escaped them (\" \\ \xHH
 * \n \t ...), so the engine sees the bytes the server received. A field
 * logged as "-" is NULL. */
typedef struct {
    const char *client;       /* %h or %a */
    const char *vhost;        /* %v or %V */
    int port;                 /* %p, else -1 */
    apr_time_t time;          /* %t */
    int utc_offset;           /* from %t, seconds east of UTC */
    int has_time;
    const char *request_line; /* %r */
    const char *method, *uri, *protocol; /* split from %r */
    int status;               /* %>s or %s, else -1 */
    apr_int64_t bytes;        /* %b %B, else -1 */
    apr_int64_t duration_us;  /* %D, or %T * 1e6, else -1 */
    const char *request_id;   /* %{UNIQUE_ID}e */
    int nheaders;             /* %{NAME}i values, in format order */
    lw_header_t headers[LW_LOG_MAX_HEADERS];
} lw_logline_t;

/* Parse one line (without its '\n'). Returns non-zero when the line does
 * not fit the format (the caller counts and skips it). */
apr_status_t lw_logformat_parse(const lw_logformat_t *f, const char *line,
                                apr_size_t len, apr_pool_t *p,
                                lw_logline_t *out);

/* The first len bytes of a line too long to hold whole: as
 * lw_logformat_parse, but the value the cut runs into ends at the cut (a
 * number cut short still fails), and the directives after it are unknown
 * (NULL, -1). Non-zero when even that part does not fit the format. */
apr_status_t lw_logformat_parse_prefix(const lw_logformat_t *f,
                                       const char *line, apr_size_t len,
                                       apr_pool_t *p, lw_logline_t *out);

/* Header value by name (case-insensitive), or NULL. */
const char *lw_logline_header(const lw_logline_t *l, const char *name);

#endif
