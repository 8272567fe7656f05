/* lw_memo.c: an open-addressing table of clean fields, keyed by a 64-bit
 * hash of (kind key, bytes) and checked by comparing the bytes, which live
 * in one bump arena. Nothing is ever freed one by one: when the arena or
 * the table is full, everything goes at once (a log's common fields come
 * straight back). */
#include <string.h>
#include "lw_memo.h"

#define MEMO_SHARDS 16             /* a shared memo's most parts */

#define MEMO_PROBES 8              /* slots looked at per lookup */
#define MEMO_JUDGE 4096            /* lookups a kind is judged on */
#define MEMO_SAMPLE 16             /* an unhelpful kind: 1 lookup in 16 */

/* Per kind (key & 15): a query string with a session id or a cache buster
 * never comes back, and hashing and keeping it is pure cost. */
typedef struct {
    apr_uint32_t tries, found, skipped;
    int off;
} kind_t;

typedef struct {
    apr_uint64_t hash;
    apr_uint32_t key;              /* 0: empty slot */
    apr_uint32_t len;
    apr_size_t off;                /* bytes in the arena */
    lw_memo_val_t v;
} slot_t;

struct lw_memo {
    slot_t *slots;
    apr_size_t mask;               /* slots - 1 */
    apr_size_t used, max_used;
    char *arena;
    apr_size_t arena_len, arena_cap;
    const void *owner;
    lw_limits_t lim;
    /* The bytes hashed last: a path without a query is looked up again as
     * the uri, and a miss is followed by a put of the same bytes. */
    const char *last_s;
    apr_size_t last_len;
    apr_uint64_t last_h;
    apr_uint64_t hits, misses, flushes;
    kind_t kind[16];
    /* A shared memo (lw_memo_create_shared): its entries are in nshards
     * memos of its own, a field's chosen by its hash, each used under its
     * own lock. Its bindings (engine and limits) are never changed once
     * made: nbound of them are (written before nbound grows), at most
     * LW_MEMO_BINDINGS; binding: one is being added. */
    lw_memo_t *shard;
    unsigned nshards;
    apr_uint32_t nbound, binding;
    struct {
        const void *owner;
        lw_limits_t lim;
    } bound[LW_MEMO_BINDINGS];
    apr_uint32_t busy;             /* a shard's lock: 1 while a thread
                                    * uses it */
};

static int memo_init(lw_memo_t *m, apr_pool_t *p, apr_size_t bytes)
{
    apr_size_t n = 1;

    /* A quarter for the slots (a power of two), the rest for the bytes. */
    while (n * 2 * sizeof(slot_t) <= bytes / 4)
        n *= 2;
    m->slots = apr_pcalloc(p, n * sizeof(slot_t));
    m->arena_cap = bytes - n * sizeof(slot_t);
    m->arena = apr_palloc(p, m->arena_cap);
    if (!m->slots || !m->arena)
        return -1;
    m->mask = n - 1;
    m->max_used = n / 2;           /* keep probe chains short */
    return 0;
}

lw_memo_t *lw_memo_create(apr_pool_t *p, apr_size_t bytes)
{
    lw_memo_t *m;

    if (bytes == 0)
        bytes = LW_MEMO_DEFAULT_BYTES;
    if (bytes < 64 * 1024)
        bytes = 64 * 1024;
    m = apr_pcalloc(p, sizeof(*m));
    if (!m || memo_init(m, p, bytes) != 0)
        return NULL;
    return m;
}

lw_memo_t *lw_memo_create_shared(apr_pool_t *p, apr_size_t bytes,
                                 int threads)
{
    lw_memo_t *m;
    unsigned k, n = 1;

    if (bytes == 0)
        bytes = LW_MEMO_DEFAULT_BYTES;
    /* a part per thread or two (fewer busy parts), 64k each at least */
    while (n < MEMO_SHARDS && (int)n < threads
           && bytes / (n * 2) >= 64 * 1024)
        n *= 2;
    if (bytes / n < 64 * 1024)
        bytes = n * 64 * 1024;
    m = apr_pcalloc(p, sizeof(*m));
    if (!m)
        return NULL;
    m->shard = apr_pcalloc(p, n * sizeof(*m->shard));
    if (!m->shard)
        return NULL;
    for (k = 0; k < n; k++)
        if (memo_init(&m->shard[k], p, bytes / n) != 0)
            return NULL;
    m->nshards = n;
    return m;
}

static void memo_flush(lw_memo_t *m)
{
    memset(m->slots, 0, (m->mask + 1) * sizeof(slot_t));
    m->used = 0;
    m->arena_len = 0;
    m->flushes++;
}

static int same_limits(const lw_limits_t *a, const lw_limits_t *b)
{
    return a->max_inspect == b->max_inspect
           && a->match_limit == b->match_limit
           && a->depth_limit == b->depth_limit;
}

/* A shared memo's binding of owner and lim: its number from 1, found or
 * added, or 0 when all are taken or another thread is adding one. */
static int shared_bind(lw_memo_t *m, const void *owner,
                       const lw_limits_t *lim)
{
    apr_uint32_t n = __atomic_load_n(&m->nbound, __ATOMIC_ACQUIRE), k;

    for (k = 0; k < n; k++)
        if (m->bound[k].owner == owner && same_limits(&m->bound[k].lim, lim))
            return (int)k + 1;
    if (n == LW_MEMO_BINDINGS
        || __atomic_exchange_n(&m->binding, 1, __ATOMIC_ACQUIRE) != 0)
        return 0;
    n = __atomic_load_n(&m->nbound, __ATOMIC_ACQUIRE);
    for (; k < n; k++)          /* added by another meanwhile */
        if (m->bound[k].owner == owner && same_limits(&m->bound[k].lim, lim))
            break;
    if (k == n && n < LW_MEMO_BINDINGS) {
        m->bound[n].owner = owner;
        m->bound[n].lim = *lim;
        __atomic_store_n(&m->nbound, n + 1, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&m->binding, 0, __ATOMIC_RELEASE);
    return k < LW_MEMO_BINDINGS ? (int)k + 1 : 0;
}

int lw_memo_bind(lw_memo_t *m, const void *owner, const lw_limits_t *lim)
{
    if (m->nshards)
        return shared_bind(m, owner, lim);
    m->last_s = NULL;     /* a new request: its bytes may sit where the
                           * last one's did */
    if (m->owner == owner && same_limits(&m->lim, lim))
        return 1;
    if (m->used)
        memo_flush(m);
    m->owner = owner;
    m->lim = *lim;
    return 1;
}

/* A multiply-and-fold hash over 8-byte words: fields are short, and a
 * collision costs only a memcmp, never a wrong answer. The key is mixed
 * in last, so that the bytes' part can be reused. */
static apr_uint64_t hash_bytes(const char *s, apr_size_t len)
{
    const apr_uint64_t k = 0x9E3779B97F4A7C15ull;
    apr_uint64_t h = (apr_uint64_t)len * k, w;
    apr_size_t n = len;

    while (n >= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    if (n) {
        /* the last 8 bytes again when there are 8, else byte by byte */
        if (len >= 8)
            memcpy(&w, s + n - 8, 8);
        else
            for (w = 0; n; n--)
                w = w << 8 | (unsigned char)s[n - 1];
        h = (h ^ w) * k;
    }
    return h;
}

/* The bytes' hash: a shard's caller gives it (hb), an unshared memo
 * keeps the last one. */
static apr_uint64_t bytes_hash(lw_memo_t *m, const char *s, apr_size_t len)
{
    if (s != m->last_s || len != m->last_len) {
        m->last_s = s;
        m->last_len = len;
        m->last_h = hash_bytes(s, len);
    }
    return m->last_h;
}

static apr_uint64_t memo_hash(apr_uint64_t hb, apr_uint32_t key)
{
    apr_uint64_t h = hb ^ ((apr_uint64_t)key << 32);
    h ^= h >> 32;
    return h * 0x9E3779B97F4A7C15ull;
}

static slot_t *memo_find(lw_memo_t *m, apr_uint64_t h, apr_uint32_t key,
                         const char *s, apr_size_t len, slot_t **free_slot)
{
    apr_size_t i = (apr_size_t)(h >> 20) & m->mask, k;

    *free_slot = NULL;
    for (k = 0; k < MEMO_PROBES; k++, i = (i + 1) & m->mask) {
        slot_t *sl = &m->slots[i];
        if (sl->key == 0) {
            *free_slot = sl;
            return NULL;
        }
        if (sl->hash == h && sl->key == key && sl->len == len
            && memcmp(m->arena + sl->off, s, len) == 0)
            return sl;
    }
    return NULL;
}

/* hb: the bytes' hash, or NULL: an unshared memo's (bytes_hash), made
 * only when the lookup goes through. */
static int memo_get(lw_memo_t *m, apr_uint32_t key, const char *s,
                    apr_size_t len, const apr_uint64_t *hb, lw_memo_val_t *v)
{
    slot_t *sl, *fr;
    kind_t *k;

    k = &m->kind[key & 15];
    if (k->off && ++k->skipped % MEMO_SAMPLE != 0) {
        m->misses++;
        return -1;
    }
    if (++k->tries == MEMO_JUDGE) {
        k->off = k->found < MEMO_JUDGE / 8;   /* under 1 in 8 found */
        k->tries = k->found = 0;
    }
    sl = memo_find(m, memo_hash(hb ? *hb : bytes_hash(m, s, len), key), key,
                   s, len, &fr);
    if (!sl) {
        m->misses++;
        return 0;
    }
    *v = sl->v;
    m->hits++;
    k->found++;
    return 1;
}

static void memo_put(lw_memo_t *m, apr_uint32_t key, const char *s,
                     apr_size_t len, apr_uint64_t hb, const lw_memo_val_t *v)
{
    apr_uint64_t h;
    slot_t *sl, *fr;

    if (m->used >= m->max_used || m->arena_cap - m->arena_len < len)
        memo_flush(m);
    h = memo_hash(hb, key);
    if (memo_find(m, h, key, s, len, &fr) != NULL)
        return;
    if (fr == NULL)               /* a long chain here: reuse its head */
        fr = &m->slots[(apr_size_t)(h >> 20) & m->mask];
    else
        m->used++;
    sl = fr;
    sl->hash = h;
    sl->key = key;
    sl->len = (apr_uint32_t)len;
    sl->off = m->arena_len;
    sl->v = *v;
    memcpy(m->arena + m->arena_len, s, len);
    m->arena_len += len;
}

/* A shard (nshards: a power of two) is chosen by the hash's top bits (the
 * slot by bits 20 and up of the keyed hash, which these do not decide),
 * and taken only when no other thread has it: a thread never waits for
 * the memo (a lookup, or a put, is a few hundred instructions), a busy
 * part is a miss, the field inspected as without a memo, and not kept. */
static lw_memo_t *shard_take(lw_memo_t *m, apr_uint64_t hb)
{
    lw_memo_t *sh = &m->shard[(hb >> 60) & (m->nshards - 1)];
    if (__atomic_exchange_n(&sh->busy, 1, __ATOMIC_ACQUIRE) != 0)
        return NULL;
    return sh;
}

static void shard_give(lw_memo_t *sh)
{
    __atomic_store_n(&sh->busy, 0, __ATOMIC_RELEASE);
}

int lw_memo_get(lw_memo_t *m, apr_uint32_t key, const char *s,
                apr_size_t len, lw_memo_val_t *v)
{
    if (len > LW_MEMO_MAX_FIELD || key == 0) {
        if (!m->nshards)
            m->misses++;
        return -1;
    }
    if (m->nshards) {
        apr_uint64_t hb = hash_bytes(s, len);
        lw_memo_t *sh = shard_take(m, hb);
        int got;
        if (!sh)
            return -1;
        got = memo_get(sh, key, s, len, &hb, v);
        shard_give(sh);
        return got;
    }
    return memo_get(m, key, s, len, NULL, v);
}

void lw_memo_put(lw_memo_t *m, apr_uint32_t key, const char *s,
                 apr_size_t len, const lw_memo_val_t *v)
{
    if (len > LW_MEMO_MAX_FIELD || key == 0)
        return;
    if (m->nshards) {
        apr_uint64_t hb = hash_bytes(s, len);
        lw_memo_t *sh = shard_take(m, hb);
        if (sh) {
            memo_put(sh, key, s, len, hb, v);
            shard_give(sh);
        }
        return;
    }
    memo_put(m, key, s, len, bytes_hash(m, s, len), v);
}

void lw_memo_counts(const lw_memo_t *m, apr_uint64_t *hits,
                    apr_uint64_t *misses, apr_uint64_t *flushes)
{
    unsigned k;

    *hits = m ? m->hits : 0;
    *misses = m ? m->misses : 0;
    *flushes = m ? m->flushes : 0;
    for (k = 0; m && k < m->nshards; k++) {
        lw_memo_t *sh = &m->shard[k];
        while (__atomic_exchange_n(&sh->busy, 1, __ATOMIC_ACQUIRE) != 0)
            ;
        *hits += sh->hits;
        *misses += sh->misses;
        *flushes += sh->flushes;
        shard_give(sh);
    }
}
