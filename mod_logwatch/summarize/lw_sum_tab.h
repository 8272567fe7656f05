/* The tables behind lw_sum (internal to the summarizer library): counters
 * keyed by an interned entry (a source's targets, a target's sources ...),
 * and an index by string for sources, targets and paths. Both are open
 * addressing over compact slots, because the summary looks several of them
 * up for every record and apr_hash_t costs a cache miss per step. */
#ifndef LW_SUM_TAB_H
#define LW_SUM_TAB_H

#include <string.h>
#include "lw_sum.h"

/* Memory for what counting touches at random a record at a time (the
 * entries and the tables of sources, targets and paths, the duplicate
 * check's slots): carved from big blocks of fresh, zeroed memory, 2 MiB
 * aligned and marked for transparent huge pages where the system offers
 * them. With 4 KiB pages tens of megabytes read at random miss the TLB on
 * nearly every lookup, and the pool asks the system for 8 KiB at a time
 * (a call and two page faults each). Freed with the pool. */
lw_arena_t *lw_arena_make(apr_pool_t *p);
/* n zeroed bytes, 8-byte aligned. */
void *lw_arena_calloc(lw_arena_t *a, apr_size_t n);
/* Give back a table's slot array of n bytes (a power of two) that a
 * bigger one replaced: the next table grown to that size reuses it. */
void lw_arena_free(lw_arena_t *a, void *m, apr_size_t n);

/* Pointer counters: at most LW_SUM_MAX_KEYS keys, the rest counted aside
 * and written as LW_SUM_OTHER by lw_pmap_to_hash. The lookups are inline:
 * they run several times per record. */
typedef struct {
    const void *key;
    apr_uint64_t count;
} lw_pslot_t;

struct lw_pmap {
    lw_pslot_t *slot;
    apr_uint32_t cap, n;
    apr_uint64_t other;         /* counted past LW_SUM_MAX_KEYS */
};

static APR_INLINE apr_uint32_t lw_phash(const void *k)
{
    apr_uint64_t x = (apr_uint64_t)(apr_uintptr_t)k;

    x ^= x >> 33;
    x *= APR_UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    return (apr_uint32_t)x;
}

lw_pmap_t *lw_pmap_make(lw_arena_t *a);
/* A key not yet counted (the slow path of lw_pmap_add). */
void lw_pmap_insert(lw_pmap_t *m, lw_arena_t *a, const void *k);

static APR_INLINE void lw_pmap_add(lw_pmap_t *m, lw_arena_t *a, const void *k)
{
    apr_uint32_t mask = m->cap - 1, i = lw_phash(k) & mask;

    for (; m->slot[i].key; i = (i + 1) & mask)
        if (m->slot[i].key == k) {
            m->slot[i].count++;
            return;
        }
    lw_pmap_insert(m, a, k);
}

/* Set h's counters to m's, naming each key with name(key). */
void lw_pmap_to_hash(const lw_pmap_t *m, apr_hash_t *h, apr_pool_t *p,
                     const char *(*name)(const void *));

/* String index. Every value starts with its key ("const char *key"). */
typedef struct {
    apr_uint32_t hash, len;
    void *val;                  /* starts with "const char *key" */
} lw_sslot_t;

struct lw_stab {
    lw_sslot_t *slot;
    apr_uint32_t cap, n;
};

lw_stab_t *lw_stab_make(lw_arena_t *a);

static APR_INLINE void *lw_stab_get(const lw_stab_t *t, const char *k,
                                    apr_size_t n, apr_uint32_t h)
{
    apr_uint32_t mask = t->cap - 1, i = h & mask;

    for (; t->slot[i].hash; i = (i + 1) & mask)
        if (t->slot[i].hash == h && t->slot[i].len == n
            && memcmp(*(const char **)t->slot[i].val, k, n) == 0)
            return t->slot[i].val;
    return NULL;
}

/* The value in the first slot whose hash matches, unchecked: for
 * prefetching before the real lookup. NULL when none. */
static APR_INLINE const void *lw_stab_peek(const lw_stab_t *t, apr_uint32_t h)
{
    apr_uint32_t mask = t->cap - 1, i = h & mask;

    for (; t->slot[i].hash; i = (i + 1) & mask)
        if (t->slot[i].hash == h)
            return t->slot[i].val;
    return NULL;
}

void lw_stab_put(lw_stab_t *t, lw_arena_t *a, apr_size_t n, apr_uint32_t h,
                 void *val);
/* The number of keys. */
apr_uint32_t lw_stab_count(const lw_stab_t *t);

/* A hash of the key's bytes, a word at a time (keys are addresses, host
 * names, paths: tens of bytes); never 0 (0 marks an empty slot). */
static APR_INLINE apr_uint32_t lw_shash(const char *k, apr_size_t n)
{
    apr_uint64_t h = APR_UINT64_C(0x9e3779b97f4a7c15) ^ n, w;
    apr_size_t i;

    if (n >= 8) {
        for (i = 0; i + 8 < n; i += 8) {
            memcpy(&w, k + i, 8);
            h = (h ^ w) * APR_UINT64_C(0xff51afd7ed558ccd);
            h ^= h >> 29;
        }
        memcpy(&w, k + n - 8, 8);       /* the last eight, overlapping */
    } else {
        for (w = 0, i = 0; i < n; i++)
            w = w << 8 | (unsigned char)k[i];
    }
    h = (h ^ w) * APR_UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 32;
    return (apr_uint32_t)h | 1;
}

/* A zeroed struct of size bytes followed by a copy of its key, NUL
 * terminated, at m + size: one allocation, one cache line to compare. */
char *lw_alloc_keyed(lw_arena_t *a, apr_size_t size, const char *k,
                     apr_size_t n);

#endif
