/* Aho-Corasick literal prefilter: one pass over a field finds every rule
 * literal in it, so a regex only runs when its required literal is present. */
#ifndef LW_AC_H
#define LW_AC_H

#include "lw.h"

typedef struct lw_ac lw_ac_t;

/* Build an automaton, matching ASCII case-insensitively. pats[i] (plen[i]
 * bytes) reports id ids[i]; several patterns may share an id. Memory from p.
 * Returns NULL on allocation failure or no patterns. */
lw_ac_t *lw_ac_build(apr_pool_t *p, const char *const *pats,
                     const apr_size_t *plen, const apr_uint32_t *ids, int n);

/* Scan text; for each occurrence of a pattern calls found(id, ctx). The
 * callback may be called more than once for the same id; return non-zero
 * from it to stop the scan early. Allocates nothing. */
typedef int (*lw_ac_found_fn)(apr_uint32_t id, void *ctx);
void lw_ac_scan(const lw_ac_t *ac, const char *text, apr_size_t len,
                lw_ac_found_fn found, void *ctx);

/* Tags: tag_of[id] (ntags entries; ids beyond it have tag 0) is a bitmask
 * the caller gives each id (the engine: the kinds of field a rule
 * targets). Once tagged, lw_ac_scan_bits reports only the ids of states
 * whose ids' tags meet the scan's mask, straight into a bitset. Memory from
 * p. Returns 0, or -1 on allocation failure (the automaton still works). */
int lw_ac_tag(lw_ac_t *ac, apr_pool_t *p, const apr_uint32_t *tag_of,
              apr_uint32_t ntags);

/* Scan text and set bit id of bits (64-bit words) for each pattern found
 * whose state's tags meet want (every pattern when the automaton was never
 * tagged). Same matches as lw_ac_scan; no callback. */
void lw_ac_scan_bits(const lw_ac_t *ac, const char *text, apr_size_t len,
                     apr_uint32_t want, apr_uint64_t *bits);

/* Bytes the automaton uses (for the status page and benchmarks). */
apr_size_t lw_ac_size(const lw_ac_t *ac);

#endif
