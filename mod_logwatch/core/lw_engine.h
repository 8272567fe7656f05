/* The classifier: a compiled signature set attached to a serialised blob,
 * and the per-request matching. */
#ifndef LW_ENGINE_H
#define LW_ENGINE_H

#include "lw.h"

typedef struct lw_engine lw_engine_t;

/* Attach to a blob made by lw_ruleset_compile (it may live in shared
 * memory: the engine never writes to it except the hit counters, with
 * atomic increments). Decodes the PCRE2 codes, JIT-compiles them and builds
 * the literal prefilter; all of it from p. */
apr_status_t lw_engine_create(lw_engine_t **e, void *blob, apr_size_t len,
                              apr_pool_t *p, char **err);

/* Classify a request. Every allocation comes from p (a request pool, or a
 * per-line pool in the tools): normalised buffers, PCRE2 match data (through
 * a PCRE2 general context that allocates from p). Returns 1 when the request
 * is flagged (score >= lim->min_score), else 0; res is filled either way.
 * Increments the hit counters of the matched rules when flagged. */
int lw_classify(const lw_engine_t *e, const lw_request_t *req,
                const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res);

/* lw_classify for a request an earlier lw_classify judged without its
 * body (the module's early pass runs before the application reads it):
 * the same result, but the hit counters of the rules listed in before
 * (that earlier result, when it was flagged and so counted; else NULL)
 * are not incremented a second time. memo: as lw_classify_memo's. */
struct lw_memo;
int lw_classify_again(const lw_engine_t *e, const lw_request_t *req,
                      const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res,
                      const lw_result_t *before, struct lw_memo *memo);

/* lw_classify with a memo of clean fields (lw_memo.h; NULL: none): the
 * same result, faster on logs that repeat their fields. The memo belongs
 * to the calling thread. */
int lw_classify_memo(const lw_engine_t *e, const lw_request_t *req,
                     const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res,
                     struct lw_memo *memo);

/* The evasion signal: a field that used up its share of the regex budget
 * (LW_REGEX_FIELD x max_inspect, or less when other fields need theirs),
 * a match stopped by a PCRE2 limit, or a field that rules or detectors
 * read cut at max_inspect (its tail unread), leaves rules untried, so the
 * request gets a hit of this id (category protocol, severity high, field
 * the one concerned, detail saying which limit). A request with it is
 * flagged whatever its score; excluding the id drops it like any rule. */
#define LW_EVASION_RULE_ID 800000u

/* The work budget. A request's work is counted in units: the bytes handed
 * to each regex match and to each detector, plus LW_WORK_CALL a call.
 * Once a request has spent lim->work_budget units (0: never) and its
 * verdict is settled -- score at lim->min_score or more from at least
 * LW_SETTLE_HITS rules -- only the rules that could still change the
 * record's summary run: a severity above the request's, a category it
 * does not have yet, the tool when none is named. The others are left
 * untried and res->stopped is set (the record's "stopped": "budget").
 * So the budget never makes a flagged request clean nor lowers its
 * severity, never drops a category or the tool, and never acts below the
 * threshold or on a request nothing matched: a benign request is never
 * cut. What it leaves out is score and the hits of rules that would only
 * have added score. Skipped rules are not charged to the regex budget:
 * the evasion signal (below) is for rules left untried for want of it,
 * and comes only from the work actually done.
 * A budget that could be cut this way depends on which hits are kept:
 * whoever removes hits afterwards (lw_result_exclude, LogWatchExclude)
 * classifies with work_budget 0. */
#define LW_SETTLE_HITS 3
#define LW_WORK_CALL 32

/* A request-target the server refused as too long (lw_request_t
 * target_cut, status 414): what it kept is classified like any target,
 * and the request gets a hit of this id (category protocol, severity
 * medium, field uri), so a padded attack is never a clean request, while
 * a long benign URL costs one medium record that pages no one. */
#define LW_CUT_RULE_ID 800001u

/* Drop hits whose rule id or category is excluded, and recompute score,
 * severity and categories. ids[nids], cats = bitmask of categories. Returns
 * 1 when the request is still flagged at min_score (or by the evasion
 * signal). */
int lw_result_exclude(lw_result_t *res, const apr_uint32_t *ids, int nids,
                      apr_uint32_t cats, int min_score);

/* Introspection for the status page, the tools and the tests. */
int lw_engine_rule_count(const lw_engine_t *e);
apr_uint32_t lw_engine_rule_id(const lw_engine_t *e, int i);
int lw_engine_rule_category(const lw_engine_t *e, int i);
const char *lw_engine_rule_msg(const lw_engine_t *e, int i);
apr_uint32_t lw_engine_rule_hits(const lw_engine_t *e, int i);
/* A detector's word table (lw_detect.h), never NULL for a detector. */
struct lw_words;
const struct lw_words *lw_engine_words(const lw_engine_t *e, int det);
/* Index of a rule id, or -1. */
int lw_engine_rule_index(const lw_engine_t *e, apr_uint32_t id);

#endif
