/* What a regex cannot match without: sets of bytes, each of which every
 * match (lookarounds included) must contain at least one byte of, read
 * from the pattern's text. The engine skips a rule's regex on a field
 * that lacks every byte of one of its sets (rule 500220 needs white space
 * after its command name: no path without a space runs it). The reading
 * is conservative: a construct it does not follow gives no set for that
 * part, or none at all, never a set a match could do without. */
#ifndef LW_NEED_H
#define LW_NEED_H

#include "lw.h"

#define LW_NEED_MAX 4

typedef struct {
    apr_uint64_t b[4];          /* bit c: byte c */
} lw_byteset_t;

/* The sets of pat (compiled caseless, not UTF, not extended), at most
 * LW_NEED_MAX, those least common in ordinary text first. Returns how
 * many (0: none known). */
int lw_need_sets(const char *pat, lw_byteset_t *sets);

/* Byte classes of the engine's cheap gate: a 64-bit mask per byte
 * (cls[256], filled by lw_need_classes); a field's mask is the OR over its
 * bytes, a set's the OR over its bytes. A field lacks every byte of a set
 * when the two masks do not meet (classes merge some bytes, letters in
 * pairs among them, so they may meet with no byte in common: then the
 * regex runs, as it would without the gate). */
void lw_need_classes(apr_uint64_t *cls);
apr_uint64_t lw_need_mask(const apr_uint64_t *cls, const lw_byteset_t *set);

static APR_INLINE apr_uint64_t lw_need_text(const apr_uint64_t *cls,
                                            const char *s, apr_size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    apr_uint64_t m0 = 0, m1 = 0;
    apr_size_t i = 0;

    for (; i + 2 <= len; i += 2) {
        m0 |= cls[p[i]];
        m1 |= cls[p[i + 1]];
    }
    if (i < len)
        m0 |= cls[p[i]];
    return m0 | m1;
}

#endif
