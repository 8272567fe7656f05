/* mod_logwatch core: types shared by the engine, the module and the tools.
 * Nothing in the core may include an httpd header: the tools link it too. */
#ifndef LW_H
#define LW_H

#include <apr.h>
#include <apr_pools.h>
#include <apr_time.h>
#include <apr_errno.h>

#define LW_VERSION "0.1.0"

/* Attack categories. A rule has exactly one; a result carries a bitmask
 * (1u << category). LW_CAT_TOOL rules never flag a request on their own:
 * they only name the client library in the record. server_error and
 * threshold are record-only categories written by the module, never by a
 * rule. leak rules never see a request: they read the first bytes of the
 * response to a flagged request (lw_leak.h), and their hits are the
 * record's "evidence", never one of its categories. */
typedef enum {
    LW_CAT_SQLI = 0,
    LW_CAT_XSS,
    LW_CAT_LFI,
    LW_CAT_RFI,
    LW_CAT_RCE,
    LW_CAT_SCANNER,
    LW_CAT_PROBE,
    LW_CAT_PROTOCOL,
    LW_CAT_TOOL,
    LW_CAT_SERVER_ERROR,
    LW_CAT_THRESHOLD,
    LW_CAT_LEAK,
    LW_CAT__COUNT
} lw_category_e;

/* "sqli" ... "threshold"; NULL when out of range. */
const char *lw_category_name(int cat);
/* -1 when unknown. */
int lw_category_from_name(const char *name);
/* The same for the n bytes at s (no NUL needed). */
int lw_category_from_bytes(const char *s, apr_size_t n);

/* Severities and the score each adds to a request. "info" scores 0 and
 * never flags (used for tool identification). */
typedef enum {
    LW_SEV_INFO = 0,  /* score 0 */
    LW_SEV_LOW,       /* score 2: a weak signal (a lone quote, one ../) */
    LW_SEV_MEDIUM,    /* score 3 */
    LW_SEV_HIGH,      /* score 4 */
    LW_SEV_CRITICAL,  /* score 5 */
    LW_SEV__COUNT
} lw_severity_e;

/* What became of a request: from its final status, or, for the first
 * three, from what its response showed (lw_leak.h). The one list of
 * verdicts: the records' "verdict", the module's counters and the
 * summarizer's slots all use it, in this order (the reports': the
 * breaches first, then "served", it reached the application). */
typedef enum {
    LW_V_LEAKED = 0,  /* 2xx whose body matched a leak rule */
    LW_V_WEBSHELL,    /* 2xx from a web shell: its page's markers, or
                       * shell commands sent to an uploaded script */
    LW_V_ANOMALOUS_SIZE, /* 2xx of unusual size for its path */
    LW_V_SERVED,      /* 2xx */
    LW_V_ERROR,       /* 5xx */
    LW_V_REDIRECTED,  /* 3xx */
    LW_V_NOT_FOUND,   /* 404 410 */
    LW_V_REJECTED,    /* other 4xx */
    LW_V_BLOCKED,     /* 401 403 406 429 */
    LW_V_UNKNOWN,     /* anything else */
    LW_V__COUNT
} lw_verdict_e;

/* "leaked" ... "unknown"; NULL out of range. */
const char *lw_verdict_name(int v);
/* The verdict of a final status (never one of the first three). */
int lw_verdict_of_status(int status);
/* The verdict named by the n bytes at s (need not be NUL-ended);
 * LW_V_UNKNOWN when s is NULL or no verdict's name. */
int lw_verdict_from_name(const char *s, apr_size_t n);

const char *lw_severity_name(int sev);
int lw_severity_from_name(const char *name);   /* -1 when unknown */
int lw_severity_score(int sev);

/* Which parts of a request a rule inspects (bitmask). */
enum {
    LW_T_METHOD    = 1u << 0,  /* request method */
    LW_T_URI       = 1u << 1,  /* the whole request-target, path and query */
    LW_T_PATH      = 1u << 2,  /* path only (before '?') */
    LW_T_QUERY     = 1u << 3,  /* query string as a whole (after '?') */
    LW_T_ARG_NAMES = 1u << 4,  /* each query parameter's name */
    LW_T_ARGS      = 1u << 5,  /* each query parameter's value */
    LW_T_UA        = 1u << 6,  /* User-Agent header */
    LW_T_REFERER   = 1u << 7,  /* Referer header */
    LW_T_COOKIE    = 1u << 8,  /* Cookie header */
    LW_T_HEADERS   = 1u << 9,  /* any other inspected header */
    LW_T_RESPONSE  = 1u << 10, /* the response body (leak rules only) */
    LW_T_BODY      = 1u << 11, /* each field of the request body, name and
                                * value (lw_body.h); rules on args see the
                                * body's values too, rules on arg_names its
                                * names */
    /* bits 12 and 13 are field kinds no target names (lw_engine_int.h) */
    LW_T_HEADER_NAMES = 1u << 14 /* each inspected header's name, but
                                  * those of the standard headers */
};

/* A header value handed to the engine (only the inspected ones). */
typedef struct {
    const char *name;
    const char *value;
} lw_header_t;

/* A request as the engine sees it. The module fills it from request_rec,
 * logwatch-scan from a parsed log line: same fields, same result. */
typedef struct {
    const char *method;       /* "GET"; may be NULL on a broken request */
    const char *uri;          /* request-target as sent, e.g. "/a.php?x=1" */
    const char *protocol;     /* "HTTP/1.1"; may be NULL (HTTP/0.9) */
    const lw_header_t *headers;
    int nheaders;
    /* Headers the caller had but left out (over its bound on their
     * number): padding with headers must not hide the ones after it, so
     * the request gets the evasion signal (lw_engine.h). */
    int headers_left_out;
    /* The server refused the request-target as too long (414) and kept
     * its start only: the request gets LW_CUT_RULE_ID (lw_engine.h). */
    int target_cut;
    /* The captured prefix of the request body (the module only; NULL in
     * logwatch-scan, which cannot see bodies) and its Content-Type, which
     * says how it splits into fields (lw_body.h). */
    const char *body;
    apr_size_t body_len;
    const char *body_type;
    /* The application read bytes that the capture had to keep but could
     * not: padding could push an attack there; the request gets the
     * evasion signal (lw_engine.h). A multipart capture never keeps a
     * file's contents (lw_body_mp_feed), so a file longer than the
     * capture is no cut. */
    int body_cut;
} lw_request_t;

/* Limits on the work done for one request. */
typedef struct {
    apr_size_t max_inspect;     /* bytes inspected per field (LogWatchMaxInspect) */
    apr_uint32_t match_limit;   /* PCRE2 match limit */
    apr_uint32_t depth_limit;   /* PCRE2 depth limit */
    int min_score;              /* a request is flagged at this score or above */
    apr_size_t work_budget;     /* work units (lw_engine.h) after which a
                                 * settled request stops; 0: never */
} lw_limits_t;

#define LW_DEFAULT_MAX_INSPECT 8192
#define LW_DEFAULT_MATCH_LIMIT 10000
#define LW_DEFAULT_DEPTH_LIMIT 1000
#define LW_DEFAULT_MIN_SCORE   3
#define LW_DEFAULT_WORK_BUDGET 8192

void lw_limits_default(lw_limits_t *lim);

/* The one number parser of every directive and option: decimal digits, no
 * sign, no blanks, nothing after them but (with LW_NUM_UNITS) one unit
 * letter k/K, m/M or g/G (times 1024, 1024^2, 1024^3). Overflow-checked:
 * 1 and *out set when the value is from lo to hi, 0 otherwise (and *out
 * untouched). */
#define LW_NUM_PLAIN 0
#define LW_NUM_UNITS 1
int lw_parse_number(const char *s, int flags, apr_uint64_t lo,
                    apr_uint64_t hi, apr_uint64_t *out);

/* A pool with an allocator of its own, a child of parent (NULL: a root
 * pool), or NULL when it cannot be made. Destroying it gives its memory
 * back to malloc instead of the parent allocator's free lists, and pools
 * that do not share an allocator may be used from different threads. */
apr_pool_t *lw_pool_own(apr_pool_t *parent);

/* One rule that matched. Strings live in the request pool or the engine. */
#define LW_MAX_HITS 12
#define LW_MAX_EXCERPT 96
typedef struct {
    apr_uint32_t rule_id;
    int rule_index;           /* index into the engine's rule table */
    int category;             /* lw_category_e */
    int severity;             /* lw_severity_e */
    const char *msg;
    const char *field;        /* "path", "args:id", "arg_names", "query",
                               * "uri", "method", "user_agent", "referer",
                               * "cookie", "header:X-Foo", a body field's
                               * value "body:json:$.user.name" or name
                               * "body_names:form:user" */
    const char *excerpt;      /* the matched text (as matched), at most
                               * LW_MAX_EXCERPT bytes, not NUL-free: use len */
    apr_size_t excerpt_len;
    const char *detail;       /* a detector's reason ("sql:s&1c"), or NULL */
} lw_hit_t;

typedef struct {
    int nhits;
    lw_hit_t hits[LW_MAX_HITS];
    int score;                /* sum of the hits' scores, each rule once */
    int severity;             /* highest severity among the hits */
    apr_uint32_t categories;  /* 1u << category, tool excluded */
    const char *tool;         /* client library named by a "tool" rule, or NULL */
    int truncated;            /* some field was longer than max_inspect */
    int limit_hit;            /* a PCRE2 limit stopped some match */
    int stopped;              /* the work budget stopped the evaluation
                               * once the verdict was settled: rules and
                               * fields were left untried (lw_engine.h) */
} lw_result_t;

#endif
