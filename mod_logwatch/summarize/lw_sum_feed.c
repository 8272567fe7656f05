/* lw_sum_feed.c: feeding lines to a summary, in two steps. Parsing (the
 * fast reader, or lw_record_parse for what it leaves) fills a chunk and
 * touches nothing else, so logwatch-summarize can run it in a thread of
 * its own; counting takes a parsed chunk into the summary, in batches
 * whose lookups are prefetched stage by stage. lw_summary_add_line(s) do
 * both, one after the other. */
#include "lw_sum.h"
#include "lw_sum_int.h"
#include "lw_sum_tab.h"
#include "lw_net.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

enum { E_BLANK, E_OVERSIZED, E_MALFORMED, E_RECORD };

typedef struct {
    int kind;
    const char *line;
    apr_size_t len;
    lw_fastrec_t rec;
    /* worked out while parsing, so the counting thread has less to do */
    lw_sv_t client, vhost, path, host;
    apr_uint32_t hc, hv, hp, hh, hu;
    int v;
    apr_uint64_t hline;         /* of the whole line, for duplicates */
} entry_t;

struct lw_sum_chunk {
    apr_pool_t *pool;           /* decoded strings, slow-path parses */
    lw_fast_cache_t cache;
    lw_sv_t vnames[LW_V__COUNT];  /* lw_sum_verdict_names */
    unsigned char vfirst[256];  /* the first name starting with each byte */
    int n;
    entry_t e[LW_SUM_CHUNK_LINES];
};

static apr_status_t destroy_pool(void *data)
{
    apr_pool_destroy(data);
    return APR_SUCCESS;
}

lw_sum_chunk_t *lw_sum_chunk_create(apr_pool_t *p)
{
    lw_sum_chunk_t *c = apr_pcalloc(p, sizeof(*c));
    apr_allocator_t *a;
    int i;

    /* Its own allocator: pools that share one must stay in one thread. */
    if (apr_allocator_create(&a) != APR_SUCCESS
        || apr_pool_create_unmanaged_ex(&c->pool, NULL, a) != APR_SUCCESS)
        abort();
    apr_allocator_owner_set(a, c->pool);
    apr_pool_cleanup_register(p, c->pool, destroy_pool, apr_pool_cleanup_null);
    lw_sum_verdict_names(c->vnames);
    for (i = 0; i < 256; i++)
        c->vfirst[i] = LW_V__COUNT;
    for (i = LW_V__COUNT - 1; i >= 0; i--)
        c->vfirst[(unsigned char)c->vnames[i].p[0]] = (unsigned char)i;
    return c;
}

void lw_sum_chunk_destroy(lw_sum_chunk_t *c, apr_pool_t *p)
{
    apr_pool_cleanup_run(p, c->pool, destroy_pool);
}

/* 64-bit hash of a line (a record is ~500 bytes): lanes of eight bytes,
 * each multiplied and rotated, then folded together. */
#define ROTL(x, r) ((x) << (r) | (x) >> (64 - (r)))
static apr_uint64_t line_hash(const char *p, apr_size_t n)
{
    apr_uint64_t a = 0x9e3779b97f4a7c15ull ^ n, b = 0x27d4eb2f165667c5ull;
    apr_uint64_t c = 0x165667b19e3779f9ull, d = 0x85ebca77c2b2ae63ull;
    apr_uint64_t w, v, x, y;

    /* four lanes of eight bytes while 32 are left: fewer steps a line */
    for (; n >= 32; p += 32, n -= 32) {
        memcpy(&w, p, 8);
        memcpy(&v, p + 8, 8);
        memcpy(&x, p + 16, 8);
        memcpy(&y, p + 24, 8);
        a = ROTL((a ^ w) * 0xff51afd7ed558ccdull, 31);
        b = ROTL((b ^ v) * 0xc4ceb9fe1a85ec53ull, 29);
        c = ROTL((c ^ x) * 0xff51afd7ed558ccdull, 27);
        d = ROTL((d ^ y) * 0xc4ceb9fe1a85ec53ull, 33);
    }
    a ^= ROTL(c, 23);
    b ^= ROTL(d, 41);
    for (; n >= 16; p += 16, n -= 16) {
        memcpy(&w, p, 8);
        memcpy(&v, p + 8, 8);
        a = ROTL((a ^ w) * 0xff51afd7ed558ccdull, 31);
        b = ROTL((b ^ v) * 0xc4ceb9fe1a85ec53ull, 29);
    }
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        a = ROTL((a ^ w) * 0xff51afd7ed558ccdull, 31);
    }
    w = 0;
    memcpy(&w, p, n);
    a = (a ^ w ^ ROTL(b, 17)) * 0xc4ceb9fe1a85ec53ull;
    a ^= a >> 29;
    a *= 0xff51afd7ed558ccdull;
    a ^= a >> 32;
    return a ? a : 1;   /* 0 marks an empty slot */
}

static lw_sv_t sv_of(const char *str)
{
    lw_sv_t v;

    v.p = str;
    v.n = str ? strlen(str) : 0;
    return v;
}

/* The reference reader, for what the fast path leaves to it. */
static int slow_record(apr_pool_t *pool, const char *line, apr_size_t len,
                       lw_fastrec_t *r)
{
    lw_record_t rec;
    const char *err = NULL;

    if (lw_record_parse(pool, line, len, &rec, &err) != APR_SUCCESS)
        return -1;
    r->time = rec.time;
    r->utc_offset = rec.utc_offset;
    r->status = rec.status;
    r->categories = rec.categories;
    r->host = sv_of(rec.host);
    r->vhost = sv_of(rec.vhost);
    r->client = sv_of(rec.client);
    r->uri = sv_of(rec.uri);
    r->user_agent = sv_of(rec.user_agent);
    r->verdict = sv_of(rec.verdict);
    r->tool = sv_of(rec.tool);
    return 0;
}

/* lw_sum_verdict_of, its scan started at the first name that can match
 * (those before it start with another byte), so the same name is found. */
static int verdict_of(const lw_sum_chunk_t *c, const lw_fastrec_t *r)
{
    const char *v = r->verdict.p;
    apr_size_t n = r->verdict.n, j;
    int i;

    if (v == NULL || n == 0)
        return lw_sum_verdict_of(r, c->vnames);
    for (i = c->vfirst[(unsigned char)v[0]]; i < LW_V__COUNT; i++) {
        if (c->vnames[i].n != n || c->vnames[i].p[0] != v[0])
            continue;
        for (j = 1; j < n && c->vnames[i].p[j] == v[j]; j++)
            ;
        if (j == n)
            return i;
    }
    return LW_V_UNKNOWN;
}

void lw_sum_chunk_parse(lw_sum_chunk_t *c, int no_fast,
                        const char *const *lines, const apr_size_t *lens,
                        int n)
{
    int k;

    apr_pool_clear(c->pool);
    if (n > LW_SUM_CHUNK_LINES)
        n = LW_SUM_CHUNK_LINES;
    for (k = 0; k < n; k++) {
        entry_t *e = &c->e[k];
        const char *line = lines[k];
        apr_size_t len = lens[k], i;

        e->line = line;
        e->len = len;
        if (len > LW_SUM_MAX_LINE || line == NULL) {
            e->kind = E_OVERSIZED;
            continue;
        }
        /* Blank lines (a trailing newline, CRLF files) are not records. */
        for (i = 0; i < len; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                break;
        if (i == len) {
            e->kind = E_BLANK;
            continue;
        }
        if ((no_fast || !lw_fast_record(line, len, &e->rec, c->pool, &c->cache))
            && slow_record(c->pool, line, len, &e->rec)) {
            e->kind = E_MALFORMED;
            continue;
        }
        e->kind = E_RECORD;
        e->hline = line_hash(line, len);
        e->client = e->rec.client.p ? e->rec.client : lw_sum_dash;
        e->vhost = e->rec.vhost.p ? e->rec.vhost : lw_sum_dash;
        e->path = lw_sum_uri_path(e->rec.uri);
        if (e->path.p == NULL)
            e->path = lw_sum_dash;
        e->hc = lw_shash(e->client.p, e->client.n);
        e->hv = lw_shash(e->vhost.p, e->vhost.n);
        e->hp = lw_shash(e->path.p, e->path.n);
        e->host = e->rec.host.p ? e->rec.host : lw_sum_dash;
        e->hh = lw_shash(e->host.p, e->host.n);
        e->v = verdict_of(c, &e->rec);
        e->hu = 0;
        if (e->v <= LW_V_SERVED) {
            lw_sv_t u = e->rec.uri.p ? e->rec.uri : lw_sum_dash;
            e->hu = lw_shash(u.p, u.n);
        }
    }
    c->n = n;
}

#if defined(__GNUC__)
#define PREFETCH(a) __builtin_prefetch(a)
#else
#define PREFETCH(a) ((void)(a))
#endif
#define BATCH 32

#define NONSTRIKE ((1u << LW_CAT_SERVER_ERROR) | (1u << LW_CAT_THRESHOLD) \
                   | (1u << LW_CAT_TOOL))

/* Counted at once, or 1 when it is an attack for the batch. */
static int count_entry(lw_summary_t *s, const entry_t *e, lw_host_t **hp)
{
    const lw_fastrec_t *rec = &e->rec;
    lw_host_t *h;
    apr_uint32_t cats;

    switch (e->kind) {
    case E_BLANK:
        return 0;
    case E_OVERSIZED:
        s->lines++;
        s->oversized++;
        return 0;
    case E_MALFORMED:
        s->lines++;
        s->malformed++;
        return 0;
    default:
        break;
    }
    s->lines++;
    {
        apr_uint64_t *slot = &s->seen[e->hline & (LW_SUM_SEEN - 1)];

        if (*slot == e->hline) {
            s->duplicates++;
            return 0;
        }
        *slot = e->hline;
    }
    s->records++;
    /* Outside a window (or no time at all when a window is set): skipped. */
    if ((s->since && (rec->time <= 0 || rec->time < s->since))
        || (s->until && (rec->time <= 0 || rec->time >= s->until))) {
        s->out_of_window++;
        return 0;
    }
    /* The admin's own networks and monitoring: in no list at all. */
    if (s->ignore != NULL && s->ignore->nelts > 0 && rec->client.p != NULL) {
        lw_addr_t a;

        if (lw_addr_parse(rec->client.p, rec->client.n, &a)
            && lw_cidr_match_any((const lw_cidr_t *)s->ignore->elts,
                                 s->ignore->nelts, &a)) {
            s->ignored++;
            return 0;
        }
    }
    if (rec->time > 0) {
        if (s->first == 0 || rec->time < s->first)
            s->first = rec->time;
        if (rec->time > s->last)
            s->last = rec->time;
    }
    h = lw_sum_get_host(s, e->host, e->hh);
    h->records++;
    h->count->count++;
    cats = rec->categories;
    if (cats & ((1u << LW_CAT_SERVER_ERROR) | (1u << LW_CAT_THRESHOLD))
        && !(cats & ~NONSTRIKE)) {
        if (cats & (1u << LW_CAT_SERVER_ERROR))
            lw_sum_add_failing(s, rec, h);
        else
            s->thresholds++;
        return 0;
    }
    *hp = h;
    return 1;
}

/* The counters of a big summary do not fit in the caches, and each record
 * touches a dozen of them at random. So records go through in batches,
 * stage by stage: all of a batch's lookups are started (prefetched) before
 * the first one is needed, and the memory latencies overlap instead of
 * adding up. The result is the same as one record at a time. */
static void count_batch(lw_summary_t *s, const entry_t *es, int n)
{
    lw_sum_item_t items[BATCH];
    int i, m = 0;

    /* the duplicate check's slots (megabytes of them, one a record) */
    for (i = 0; i < n; i++)
        if (es[i].kind == E_RECORD)
            PREFETCH(&s->seen[es[i].hline & (LW_SUM_SEEN - 1)]);
    for (i = 0; i < n; i++) {
        lw_sum_item_t *it = &items[m];
        if (!count_entry(s, &es[i], &it->h))
            continue;
        it->rec = &es[i].rec;
        it->line = es[i].line;
        it->len = es[i].len;
        it->client = es[i].client;
        it->vhost = es[i].vhost;
        it->path = es[i].path;
        it->hc = es[i].hc;
        it->hv = es[i].hv;
        it->hp = es[i].hp;
        it->hu = es[i].hu;
        it->v = es[i].v;
        PREFETCH(&s->src_tab->slot[it->hc & (s->src_tab->cap - 1)]);
        PREFETCH(&s->tgt_tab->slot[it->hv & (s->tgt_tab->cap - 1)]);
        m++;
    }
    for (i = 0; i < m; i++) {
        const char *e = lw_stab_peek(s->src_tab, items[i].hc);
        apr_size_t o;
        for (o = 0; e && o < sizeof(lw_src_t) + 16; o += 64)
            PREFETCH(e + o);
        e = lw_stab_peek(s->tgt_tab, items[i].hv);
        for (o = 0; e && o < sizeof(lw_target_t) + 16; o += 64)
            PREFETCH(e + o);
    }
    for (i = 0; i < m; i++) {
        lw_sum_item_t *it = &items[i];
        it->src = lw_sum_get_source(s, it->client, it->hc);
        it->t = lw_sum_get_target(s, it->vhost, it->hv);
    }
    for (i = 0; i < m; i++) {
        lw_sum_item_t *it = &items[i];
        const lw_pmap_t *pm;
        PREFETCH(&it->t->path_tab->slot[it->hp & (it->t->path_tab->cap - 1)]);
        pm = it->src->p_targets;
        PREFETCH(&pm->slot[lw_phash(it->t) & (pm->cap - 1)]);
        pm = it->t->p_sources;
        PREFETCH(&pm->slot[lw_phash(it->src) & (pm->cap - 1)]);
        pm = it->h->p_sources;
        PREFETCH(&pm->slot[lw_phash(it->src) & (pm->cap - 1)]);
        pm = it->h->p_targets;
        PREFETCH(&pm->slot[lw_phash(it->t) & (pm->cap - 1)]);
        if (it->src->last_tool)
            PREFETCH(it->src->last_tool->key);
        if (it->t->last_path)
            PREFETCH(it->t->last_path);
        if (it->hu && it->t->uri_tab)
            PREFETCH(&it->t->uri_tab->slot[it->hu
                                          & (it->t->uri_tab->cap - 1)]);
    }
    /* the path's entry and its key, which follows it: the slot that
     * names it was fetched above */
    for (i = 0; i < m; i++) {
        const lw_target_t *t = items[i].t;
        const char *e = lw_stab_peek(t->path_tab, items[i].hp);
        if (e) {
            PREFETCH(e);
            PREFETCH(e + sizeof(path_entry_t) + 16);
        }
        if (items[i].hu && t->uri_tab
            && (e = lw_stab_peek(t->uri_tab, items[i].hu)) != NULL) {
            PREFETCH(e);
            PREFETCH(e + 63);
        }
    }
    for (i = 0; i < m; i++)
        lw_sum_add_attack(s, &items[i]);
}

void lw_summary_add_chunk(lw_summary_t *s, lw_sum_chunk_t *c)
{
    int i;

    for (i = 0; i < c->n; i += BATCH)
        count_batch(s, c->e + i, c->n - i < BATCH ? c->n - i : BATCH);
}

void lw_summary_add_lines(lw_summary_t *s, const char *const *lines,
                          const apr_size_t *lens, int n)
{
    if (s->chunk == NULL)
        s->chunk = lw_sum_chunk_create(s->pool);
    while (n > 0) {
        int k = n < LW_SUM_CHUNK_LINES ? n : LW_SUM_CHUNK_LINES;
        lw_sum_chunk_parse(s->chunk, s->no_fast, lines, lens, k);
        lw_summary_add_chunk(s, s->chunk);
        lines += k;
        lens += k;
        n -= k;
    }
}

void lw_summary_add_line(lw_summary_t *s, const char *line, apr_size_t len)
{
    lw_summary_add_lines(s, &line, &len, 1);
}

void lw_summary_add_oversized(lw_summary_t *s)
{
    s->lines++;
    s->oversized++;
}
