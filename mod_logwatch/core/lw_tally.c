/* Per-source tallies: a chained hash table and an LRU list over a fixed
 * array, all by index so the region is position independent. */
#include <string.h>
#include <apr_atomic.h>
#include <apr_general.h>
#include "lw_tally.h"

#define LW_TALLY_MAGIC 0x4c575432u   /* "LWT2" */

/* Expired blocks looked at from the blocked list's tail before a new
 * source is turned away: bounded work under the lock. */
#define EXPIRED_SCAN 8

struct lw_tally {
    apr_uint32_t magic;
    apr_uint32_t nslots, nbuckets;
    apr_uint32_t used;
    apr_uint32_t head, tail;          /* LRU of the sources not blocked:
                                       * head most recent (index+1) */
    apr_uint32_t bhead, btail;        /* LRU of the blocked ones: evicted
                                       * only once their block is over */
    apr_uint32_t free_head;           /* never-used slots are taken in order */
    volatile apr_uint32_t blocked;
    apr_uint32_t evictions;
    apr_uint32_t full;                /* new sources not counted: every
                                       * slot held a blocked source */
    apr_uint32_t seed;                /* random per table: sources chosen by
                                       * an attacker can't crowd one chain */
    apr_size_t bytes;
    /* then: apr_uint32_t buckets[nbuckets]; lw_tally_entry_t slots[nslots] */
};

static apr_size_t align8(apr_size_t n) { return (n + 7) & ~(apr_size_t)7; }

static apr_uint32_t *buckets(const lw_tally_t *t)
{
    return (apr_uint32_t *)((char *)t + align8(sizeof(*t)));
}

static lw_tally_entry_t *slots(const lw_tally_t *t)
{
    return (lw_tally_entry_t *)((char *)buckets(t)
                                + align8(t->nbuckets * sizeof(apr_uint32_t)));
}

#define SLOT(t, i) (&slots(t)[(i) - 1])

/* Which LRU list an entry is on: blocked entries have one of their own. */
static apr_uint32_t *list_head(lw_tally_t *t, const lw_tally_entry_t *e)
{
    return e->blocked_until ? &t->bhead : &t->head;
}

static apr_uint32_t *list_tail(lw_tally_t *t, const lw_tally_entry_t *e)
{
    return e->blocked_until ? &t->btail : &t->tail;
}

/* Two buckets per slot keeps chains short; a power of two for masking. */
static apr_uint32_t nbuckets_for(apr_uint32_t nslots)
{
    apr_uint32_t n = 16;
    while (n < nslots * 2 && n < (1u << 30))
        n <<= 1;
    return n;
}

apr_size_t lw_tally_size(apr_uint32_t nslots)
{
    return align8(sizeof(lw_tally_t))
        + align8(nbuckets_for(nslots) * sizeof(apr_uint32_t))
        + (apr_size_t)nslots * sizeof(lw_tally_entry_t);
}

lw_tally_t *lw_tally_init(void *mem, apr_size_t size)
{
    lw_tally_t *t = mem;
    apr_uint32_t n = (apr_uint32_t)(size / sizeof(lw_tally_entry_t)) + 1;

    /* The largest slot count whose table fits. */
    while (n > 0 && lw_tally_size(n) > size)
        n--;
    if (n == 0)
        return NULL;
    memset(mem, 0, lw_tally_size(n));
    t->nslots = n;
    t->nbuckets = nbuckets_for(n);
    t->bytes = lw_tally_size(n);
    t->free_head = 1;
    if (apr_generate_random_bytes((unsigned char *)&t->seed,
                                  sizeof(t->seed)) != APR_SUCCESS)
        t->seed = (apr_uint32_t)apr_time_now();
    t->magic = LW_TALLY_MAGIC;
    return t;
}

lw_tally_t *lw_tally_attach(void *mem, apr_size_t size)
{
    lw_tally_t *t = mem;

    if (!mem || size < sizeof(*t) || t->magic != LW_TALLY_MAGIC
        || t->bytes > size)
        return NULL;
    return t;
}

/* FNV-1a over the address bytes; an IPv4-mapped address is its IPv4. */
static void canon(const lw_addr_t *a, lw_addr_t *out)
{
    static const unsigned char mapped[12] = {0,0,0,0,0,0,0,0,0,0,0xff,0xff};

    memset(out, 0, sizeof(*out));
    if (a->family == 6 && memcmp(a->b, mapped, 12) == 0) {
        out->family = 4;
        memcpy(out->b, a->b + 12, 4);
    }
    else {
        out->family = a->family;
        memcpy(out->b, a->b, a->family == 4 ? 4 : 16);
    }
}

static apr_uint32_t hash(const lw_tally_t *t, const lw_addr_t *a)
{
    apr_uint32_t h = (2166136261u ^ t->seed) ^ (apr_uint32_t)a->family;
    int i, n = a->family == 4 ? 4 : 16;

    for (i = 0; i < n; i++)
        h = (h ^ a->b[i]) * 16777619u;
    /* A final mix so the seed reaches every bit of the bucket index. */
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    h ^= h >> 12;
    return h;
}

static int same(const lw_addr_t *x, const lw_addr_t *y)
{
    return x->family == y->family
        && memcmp(x->b, y->b, x->family == 4 ? 4 : 16) == 0;
}

static apr_uint32_t lookup(const lw_tally_t *t, const lw_addr_t *a)
{
    apr_uint32_t i = buckets(t)[hash(t, a) & (t->nbuckets - 1)];

    while (i && !same(&SLOT(t, i)->addr, a))
        i = SLOT(t, i)->hnext;
    return i;
}

static void lru_unlink(lw_tally_t *t, apr_uint32_t i)
{
    lw_tally_entry_t *e = SLOT(t, i);

    if (e->prev) SLOT(t, e->prev)->next = e->next;
    else *list_head(t, e) = e->next;
    if (e->next) SLOT(t, e->next)->prev = e->prev;
    else *list_tail(t, e) = e->prev;
    e->prev = e->next = 0;
}

static void lru_push(lw_tally_t *t, apr_uint32_t i)
{
    lw_tally_entry_t *e = SLOT(t, i);
    apr_uint32_t *head = list_head(t, e), *tail = list_tail(t, e);

    e->prev = 0;
    e->next = *head;
    if (*head) SLOT(t, *head)->prev = i;
    *head = i;
    if (!*tail) *tail = i;
}

static void hash_unlink(lw_tally_t *t, apr_uint32_t i)
{
    apr_uint32_t *p = &buckets(t)[hash(t, &SLOT(t, i)->addr) & (t->nbuckets - 1)];

    while (*p && *p != i)
        p = &SLOT(t, *p)->hnext;
    if (*p)
        *p = SLOT(t, i)->hnext;
}

/* A slot for a new source, or 0 when every slot holds a source whose
 * block is still on: a flood of new sources must not free a blocked one.
 * Full: the least recently seen source that is not blocked makes room,
 * else a blocked one whose block is over. */
static apr_uint32_t take_slot(lw_tally_t *t, apr_time_t now)
{
    apr_uint32_t i;
    int k;

    if (t->free_head && t->free_head <= t->nslots) {
        t->used++;
        return t->free_head++;
    }
    i = t->tail;
    if (!i) {
        apr_uint32_t j = t->btail;

        for (k = 0; j && k < EXPIRED_SCAN; k++, j = SLOT(t, j)->prev)
            if (SLOT(t, j)->blocked_until <= now) {
                i = j;
                break;
            }
    }
    if (!i) {
        t->full++;
        return 0;
    }
    lru_unlink(t, i);
    hash_unlink(t, i);
    if (SLOT(t, i)->blocked_until)
        apr_atomic_dec32(&t->blocked);
    t->evictions++;
    return i;
}

lw_tally_entry_t *lw_tally_find(lw_tally_t *t, const lw_addr_t *a)
{
    lw_addr_t c;
    apr_uint32_t i;

    canon(a, &c);
    i = lookup(t, &c);
    return i ? SLOT(t, i) : NULL;
}

lw_tally_entry_t *lw_tally_hit(lw_tally_t *t, const lw_addr_t *a,
                               apr_uint32_t cats, apr_time_t now,
                               apr_uint32_t threshold,
                               apr_interval_time_t window, int *crossed)
{
    lw_addr_t c;
    lw_tally_entry_t *e;
    apr_uint32_t i, *b;
    int k;

    *crossed = 0;
    canon(a, &c);
    i = lookup(t, &c);
    if (i) {
        lru_unlink(t, i);
        e = SLOT(t, i);
    }
    else {
        i = take_slot(t, now);
        if (!i)
            return NULL;
        e = SLOT(t, i);
        memset(e, 0, sizeof(*e));
        e->addr = c;
        e->first = e->window_start = now;
        b = &buckets(t)[hash(t, &c) & (t->nbuckets - 1)];
        e->hnext = *b;
        *b = i;
    }
    lru_push(t, i);
    if (window > 0 && now - e->window_start > window) {
        e->window_start = now;
        e->attacks = 0;
        e->crossed = 0;
        memset(e->by_cat, 0, sizeof(e->by_cat));
    }
    e->attacks++;
    e->total++;
    e->last = now;
    for (k = 0; k < LW_CAT__COUNT; k++)
        if (cats & (1u << k))
            e->by_cat[k]++;
    if (threshold && !e->crossed && e->attacks >= threshold) {
        e->crossed = 1;
        *crossed = 1;
    }
    return e;
}

void lw_tally_block(lw_tally_t *t, lw_tally_entry_t *e, apr_time_t until)
{
    apr_uint32_t i = (apr_uint32_t)(e - slots(t)) + 1;

    if (!until == !e->blocked_until) {
        e->blocked_until = until;
        return;
    }
    /* From one LRU list to the other, at its most recent end. */
    lru_unlink(t, i);
    if (until)
        apr_atomic_inc32(&t->blocked);
    else
        apr_atomic_dec32(&t->blocked);
    e->blocked_until = until;
    lru_push(t, i);
}

int lw_tally_check_block(lw_tally_t *t, const lw_addr_t *a, apr_time_t now)
{
    lw_tally_entry_t *e = lw_tally_find(t, a);

    if (!e || !e->blocked_until)
        return 0;
    if (now >= e->blocked_until) {
        lw_tally_block(t, e, 0);
        return 0;
    }
    e->refused++;
    return 1;
}

apr_uint32_t lw_tally_blocked_count(const lw_tally_t *t)
{
    return apr_atomic_read32(&((lw_tally_t *)t)->blocked);
}

/* Insertion of one list's entries into the sorted out[0..*got). */
static void top_of(const lw_tally_t *t, apr_uint32_t i, lw_tally_entry_t *out,
                   int n, int *got)
{
    int k;

    for (; i; i = SLOT(t, i)->next) {
        const lw_tally_entry_t *e = SLOT(t, i);
        if (*got == n && out[n - 1].attacks >= e->attacks)
            continue;
        k = *got < n ? (*got)++ : n - 1;
        while (k > 0 && out[k - 1].attacks < e->attacks) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = *e;
    }
}

int lw_tally_top(const lw_tally_t *t, lw_tally_entry_t *out, int n)
{
    int got = 0;

    if (n <= 0)
        return 0;
    /* A small sorted array: n is a page's worth. Blocked sources first. */
    top_of(t, t->bhead, out, n, &got);
    top_of(t, t->head, out, n, &got);
    return got;
}

void lw_tally_stats(const lw_tally_t *t, lw_tally_stats_t *st)
{
    st->slots = t->nslots;
    st->used = t->used;
    st->evictions = t->evictions;
    st->full = t->full;
    st->blocked = lw_tally_blocked_count(t);
    st->bytes = t->bytes;
}
