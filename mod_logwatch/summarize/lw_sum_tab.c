/* lw_sum_tab.c: the tables behind lw_sum (see lw_sum_tab.h). */
#include "lw_sum_tab.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#if APR_HAVE_UNISTD_H
#include <unistd.h>
#endif
#include <sys/mman.h>

/* ------------------------------------------------- arena */

#define HUGE_PAGE ((apr_size_t)2 << 20)
#define BLOCK ((apr_size_t)8 << 20)
#define NFREE 40                /* free lists, by log2 of the size */

typedef struct big big_t;
struct big {
    void *m;
    apr_size_t n;
    big_t *next;
};

struct lw_arena {
    apr_pool_t *pool;
    char *cur, *end;            /* the block being carved */
    big_t *maps;                /* every mapping, for the cleanup */
    void *free_[NFREE];         /* arrays given back, each starting with
                                 * the next one's address */
};

static apr_status_t arena_cleanup(void *data)
{
    lw_arena_t *a = data;
    big_t *b;

    for (b = a->maps; b; b = b->next)
        munmap(b->m, b->n);
    a->maps = NULL;
    a->cur = a->end = NULL;
    return APR_SUCCESS;
}

lw_arena_t *lw_arena_make(apr_pool_t *p)
{
    lw_arena_t *a = apr_pcalloc(p, sizeof(*a));

    a->pool = p;
    apr_pool_cleanup_register(p, a, arena_cleanup, apr_pool_cleanup_null);
    return a;
}

/* n bytes (a multiple of HUGE_PAGE) of fresh memory, HUGE_PAGE aligned;
 * from the pool (zeroed) if the system has no mapping to give. */
static char *big_map(lw_arena_t *a, apr_size_t n)
{
    const apr_size_t al = HUGE_PAGE;
    char *m, *start;
    big_t *b;

    m = mmap(NULL, n + al, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (m == MAP_FAILED)
        return apr_pcalloc(a->pool, n);
    /* keep the aligned part only */
    start = (char *)(((apr_uintptr_t)m + al - 1) & ~(apr_uintptr_t)(al - 1));
    if (start > m)
        munmap(m, (apr_size_t)(start - m));
    if (start + n < m + n + al)
        munmap(start + n, (apr_size_t)(m + n + al - (start + n)));
#ifdef MADV_HUGEPAGE
    madvise(start, n, MADV_HUGEPAGE);
#endif
    b = apr_palloc(a->pool, sizeof(*b));
    b->m = start;
    b->n = n;
    b->next = a->maps;
    a->maps = b;
    return start;
}

static int log2_exact(apr_size_t n)
{
    int i = 0;

    if (n == 0 || (n & (n - 1)))
        return -1;
    while ((n >> i) > 1)
        i++;
    return i < NFREE ? i : -1;
}

void *lw_arena_calloc(lw_arena_t *a, apr_size_t n)
{
    int k = log2_exact(n);
    char *m;

    if (k >= 0 && a->free_[k] != NULL) {
        m = a->free_[k];
        memcpy(&a->free_[k], m, sizeof(void *));
        memset(m, 0, n);
        return m;
    }
    n = (n + 7) & ~(apr_size_t)7;
    if (n > BLOCK / 4)
        return big_map(a, (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    if ((apr_size_t)(a->end - a->cur) < n) {
        a->cur = big_map(a, BLOCK);
        a->end = a->cur + BLOCK;
    }
    m = a->cur;
    a->cur += n;
    return m;               /* never handed out before: still zero */
}

void lw_arena_free(lw_arena_t *a, void *m, apr_size_t n)
{
    int k = log2_exact(n);

    if (k < 0 || n < sizeof(void *))
        return;
    memcpy(m, &a->free_[k], sizeof(void *));
    a->free_[k] = m;
}

/* ------------------------------------------------- pointer counters
 * A source's targets, a target's sources ...: keyed by the interned entry,
 * in an open-addressing table of (pointer, count) slots, so counting costs
 * one probe into a compact array instead of a string hash walk. */


lw_pmap_t *lw_pmap_make(lw_arena_t *a)
{
    lw_pmap_t *m = lw_arena_calloc(a, sizeof(*m));

    m->cap = 8;
    m->slot = lw_arena_calloc(a, m->cap * sizeof(*m->slot));
    return m;
}


void lw_pmap_insert(lw_pmap_t *m, lw_arena_t *a, const void *k)
{
    apr_uint32_t mask = m->cap - 1, i = lw_phash(k) & mask;

    while (m->slot[i].key)
        i = (i + 1) & mask;
    if (m->n >= LW_SUM_MAX_KEYS) {
        m->other++;
        return;
    }
    if ((m->n + 1) * 4 > m->cap * 3) {
        /* Grow: the old array goes back to the arena, for the next
         * table that grows to its size. */
        apr_uint32_t j, ncap = m->cap * 2, ocap = m->cap;
        lw_pslot_t *old = m->slot;
        m->slot = lw_arena_calloc(a, ncap * sizeof(*m->slot));
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
        lw_arena_free(a, old, ocap * sizeof(*old));
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


lw_stab_t *lw_stab_make(lw_arena_t *a)
{
    lw_stab_t *t = lw_arena_calloc(a, sizeof(*t));

    t->cap = 16;
    t->slot = lw_arena_calloc(a, t->cap * sizeof(*t->slot));
    return t;
}



void lw_stab_put(lw_stab_t *t, lw_arena_t *a, apr_size_t n,
                     apr_uint32_t h, void *val)
{
    apr_uint32_t mask, i;

    if ((t->n + 1) * 4 > t->cap * 3) {
        lw_sslot_t *old = t->slot;
        apr_uint32_t j, ocap = t->cap;
        t->cap *= 2;
        t->slot = lw_arena_calloc(a, t->cap * sizeof(*t->slot));
        mask = t->cap - 1;
        for (j = 0; j < ocap; j++) {
            if (!old[j].hash)
                continue;
            for (i = old[j].hash & mask; t->slot[i].hash; i = (i + 1) & mask)
                ;
            t->slot[i] = old[j];
        }
        lw_arena_free(a, old, ocap * sizeof(*old));
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
char *lw_alloc_keyed(lw_arena_t *a, apr_size_t size, const char *k,
                         apr_size_t n)
{
    char *m = lw_arena_calloc(a, size + n + 1);

    memcpy(m + size, k, n);
    return m;
}

/* Count key (k bytes) in h, trying the entry of the previous call first. */

apr_uint32_t lw_stab_count(const lw_stab_t *t)
{
    return t->n;
}
