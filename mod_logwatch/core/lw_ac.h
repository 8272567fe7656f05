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

/* Bytes the automaton uses (for the status page and benchmarks). */
apr_size_t lw_ac_size(const lw_ac_t *ac);

#endif
