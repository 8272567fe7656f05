/* The summarizer's fast path for reading a record: one pass over the line,
 * no tree, no copy of strings that hold no escape. It answers "parsed" only
 * for lines it fully checked the way lw_record_parse would; anything
 * unusual (\u escapes, fractions, duplicate members, deep nesting, a wrong
 * type) is left to lw_record_parse, which stays the reference. Internal to
 * the summarizer library. */
#ifndef LW_SUM_FAST_H
#define LW_SUM_FAST_H

#include "lw_sum.h"

/* A string in the line (or decoded into the scratch pool); p NULL: absent. */
typedef struct {
    const char *p;
    apr_size_t n;
} lw_sv_t;

/* The members the summary uses. */
typedef struct {
    apr_time_t time;          /* -1: none */
    int utc_offset;
    int status;               /* -1: none */
    apr_uint32_t categories;
    lw_sv_t host, vhost, client, uri, user_agent, verdict, tool;
} lw_fastrec_t;

/* Returns 1 when line is a record and r is filled; 0 when the caller must
 * ask lw_record_parse (which decides, malformed or not). Strings holding
 * escapes are decoded into scratch. The date cache (lw_sum.h) speeds up
 * runs of records from the same day; zero it before the first call. */
int lw_fast_record(const char *line, apr_size_t len, lw_fastrec_t *r,
                   apr_pool_t *scratch, lw_fast_cache_t *cache);

#endif
