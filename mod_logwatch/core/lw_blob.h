/* The serialised signature set (private to lw_sig.c, which writes it, and
 * lw_engine.c, which reads it). It is copied into httpd shared memory, so
 * it holds offsets from its own start, never pointers. Layout, each part
 * 8-byte aligned:
 *
 *   lw_blob_hdr_t                      magic, version, counts, offsets
 *   lw_blob_rule_t[nrules]             rule table, in load order
 *   lw_blob_lit_t[nlits]               literals of all rules, rule by rule
 *   char strings[str_len]              NUL-terminated msgs, patterns, literals,
 *                                      and the detectors' word tables (the
 *                                      text of their .words files, parsed
 *                                      again at attach)
 *   code bytes[code_len]               pcre2_serialize_encode of all codes,
 *                                      code i belongs to rule i (a detector
 *                                      rule has a code that never matches)
 *   apr_uint32_t counters[nrules]      hit counters (the only part written
 *                                      after compilation, atomically)
 */
#ifndef LW_BLOB_H
#define LW_BLOB_H

#include "lw.h"
#include "lw_detect.h"

#define LW_BLOB_MAGIC   0x3142574cu   /* "LWB1" on little-endian */
#define LW_BLOB_VERSION 3u

#define LW_FORM_NORM 0
#define LW_FORM_RAW  1

typedef struct {
    apr_uint32_t magic;
    apr_uint32_t version;
    apr_uint32_t size;        /* bytes in the whole blob */
    apr_uint32_t nrules;
    apr_uint32_t nlits;
    apr_uint32_t rules_off;
    apr_uint32_t lits_off;
    apr_uint32_t str_off;
    apr_uint32_t str_len;
    apr_uint32_t code_off;
    apr_uint32_t code_len;
    apr_uint32_t count_off;
    /* Per detector: its word table's text, an offset into strings and a
     * length (0: no words loaded). */
    apr_uint32_t words_off[LW_DET__COUNT];
    apr_uint32_t words_len[LW_DET__COUNT];
} lw_blob_hdr_t;

typedef struct {
    apr_uint32_t id;
    apr_uint32_t targets;     /* LW_T_* */
    unsigned char category;     /* lw_category_e */
    unsigned char severity;     /* lw_severity_e */
    unsigned char form;         /* LW_FORM_* */
    unsigned char detector;     /* 0: a regex rule; d + 1: detector d */
    apr_uint32_t msg;         /* offset into strings */
    apr_uint32_t pattern;     /* offset into strings */
    apr_uint32_t lit_first;   /* index into the literal table */
    apr_uint32_t nlits;
    apr_uint32_t when;        /* leak rules: the request categories
                               * (1u << cat) whose responses they read */
    apr_uint32_t verdict;     /* leak rules: LW_V_LEAKED or LW_V_WEBSHELL */
} lw_blob_rule_t;

typedef struct {
    apr_uint32_t off;         /* offset into strings */
    apr_uint32_t len;
} lw_blob_lit_t;

/* For the example checks of lw_sig.c: lw_classify with only rule index
 * tried, so that the LW_MAX_HITS cap cannot hide it; with nofilter, tried
 * whether or not its literals occur (to explain a failed example). Counters
 * still move when the request is flagged (lw_sig.c zeroes them afterwards).
 * Returns 1 when the rule matched. */
struct lw_engine;
int lw_engine_classify_rule(const struct lw_engine *e, const lw_request_t *req,
                            const lw_limits_t *lim, apr_pool_t *p,
                            lw_result_t *res, int index, int nofilter);

#define LW_BLOB_ALIGN(n) (((n) + 7u) & ~(apr_size_t)7u)

#endif
