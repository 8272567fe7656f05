/* lw_sum_tab.c: the tables behind lw_sum (see lw_sum_tab.h). */
#include "lw_sum_tab.h"

#include <string.h>
#include <apr_strings.h>

/* ------------------------------------------------- pointer counters
 * A source's targets, a target's sources ...: keyed by the interned entry,
 * in an open-addressing table of (pointer, count) slots, so counting costs
 * one probe into a compact array instead of a string hash walk. */


lw_pmap_t *lw_pmap_make(apr_pool_t *p)
{
    lw_pmap_t *m = apr_pcalloc(p, sizeof(*m));

    m->cap = 8;
    m->slot = apr_pcalloc(p, m->cap * sizeof(*m->slot));
    return m;
}


void lw_pmap_insert(lw_pmap_t *m, apr_pool_t *p, const void *k)
{
    apr_uint32_t mask = m->cap - 1, i = lw_phash(k) & mask;

    while (m->slot[i].key)
        i = (i + 1) & mask;
    if (m->n >= LW_SUM_MAX_KEYS) {
        m->other++;
        return;
    }
    if ((m->n + 1) * 4 > m->cap * 3) {
        /* Grow: the old array stays in the pool (at most as big as the
         * new one), which is cheaper than a free list. */
        apr_uint32_t j, ncap = m->cap * 2, ocap = m->cap;
        const lw_pslot_t *old = m->slot;
        m->slot = apr_pcalloc(p, ncap * sizeof(*m->slot));
        m->cap = ncap;
        mask = ncap - 1;
        for (j = 0; j < ocap; j++) {
            apr_uint32_t t;
            if (!old[j].key)
                continue;
            t = lw_phash(old[j].key) & mask;
            while (m->slot[t].key)
                t = (t + 1) & mask;
            m->slot[t] = old[j];
        }
        i = lw_phash(k) & mask;
        while (m->slot[i].key)
            i = (i + 1) & mask;
    }
    m->slot[i].key = k;
    m->slot[i].count = 1;
    m->n++;
}

/* Set h's counters to m's, naming each key with name(key). */
void lw_pmap_to_hash(const lw_pmap_t *m, apr_hash_t *h, apr_pool_t *p,
                         const char *(*name)(const void *))
{
    apr_uint32_t i;

    for (i = 0; i <= m->cap; i++) {
        const char *key;
        apr_uint64_t count;
        lw_count_t *c;
        if (i == m->cap) {
            if (!m->other)
                break;
            key = LW_SUM_OTHER;
            count = m->other;
        } else if (m->slot[i].key) {
            key = name(m->slot[i].key);
            count = m->slot[i].count;
        } else {
            continue;
        }
        c = apr_hash_get(h, key, APR_HASH_KEY_STRING);
        if (c == NULL) {
            c = apr_palloc(p, sizeof(*c));
            c->key = key;
            apr_hash_set(h, key, APR_HASH_KEY_STRING, c);
        }
        c->count = count;
    }
}


/* ------------------------------------------------- string index
 * Sources, targets and paths are looked up once per record. apr_hash_t
 * walks bucket, entry, key and value, each a cache miss on a big summary;
 * this table keeps hash and length in the slot and the key right after the
 * value it names (every value here starts with its key pointer), so a
 * lookup touches the slot and the entry it finds. The apr_hash_t of the
 * contract is still filled, once per new key. */


lw_stab_t *lw_stab_make(apr_pool_t *p)
{
    lw_stab_t *t = apr_pcalloc(p, sizeof(*t));

    t->cap = 16;
    t->slot = apr_pcalloc(p, t->cap * sizeof(*t->slot));
    return t;
}



void lw_stab_put(lw_stab_t *t, apr_pool_t *p, apr_size_t n,
                     apr_uint32_t h, void *val)
{
    apr_uint32_t mask, i;

    if ((t->n + 1) * 4 > t->cap * 3) {
        lw_sslot_t *old = t->slot;
        apr_uint32_t j, ocap = t->cap;
        t->cap *= 2;
        t->slot = apr_pcalloc(p, t->cap * sizeof(*t->slot));
        mask = t->cap - 1;
        for (j = 0; j < ocap; j++) {
            if (!old[j].hash)
                continue;
            for (i = old[j].hash & mask; t->slot[i].hash; i = (i + 1) & mask)
                ;
            t->slot[i] = old[j];
        }
    }
    mask = t->cap - 1;
    for (i = h & mask; t->slot[i].hash; i = (i + 1) & mask)
        ;
    t->slot[i].hash = h;
    t->slot[i].len = (apr_uint32_t)n;
    t->slot[i].val = val;
    t->n++;
}

/* A zeroed struct of size bytes followed by its key (NUL-terminated):
 * one allocation, one cache line for the lookup's compare. The key starts
 * at m + size. */
char *lw_alloc_keyed(apr_pool_t *p, apr_size_t size, const char *k,
                         apr_size_t n)
{
    char *m = apr_pcalloc(p, size + n + 1);

    memcpy(m + size, k, n);
    return m;
}

/* Count key (k bytes) in h, trying the entry of the previous call first. */

apr_uint32_t lw_stab_count(const lw_stab_t *t)
{
    return t->n;
}
