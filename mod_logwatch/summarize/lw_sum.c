/* lw_sum.c: aggregation of attack records for logwatch-summarize.
 *
 * Each line is parsed into a per-line pool that is cleared before the next
 * one; strings are copied into the summary's pool only when they become a
 * new key (a new source, target, host, category of URL...). So memory grows
 * with what is distinct in the input, never with the number of records. */
#include "lw_sum.h"
#include "lw_breach.h"
#include "lw_net.h"
#include "lw_sum_fast.h"
#include "lw_sum_tab.h"
#include "lw_sum_int.h"
#include "lw_record.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

void lw_sum_verdict_names(lw_sv_t *names)
{
    int i;

    for (i = 0; i < LW_V__COUNT; i++) {
        names[i].p = lw_verdict_name(i);
        names[i].n = strlen(names[i].p);
    }
}

int lw_sum_verdict_of(const lw_fastrec_t *r, const lw_sv_t *names)
{
    const char *v = r->verdict.p;
    apr_size_t n = r->verdict.n, j;
    int i;

    if (v == NULL)
        return r->status >= 0 ? lw_verdict_of_status(r->status)
                              : LW_V_UNKNOWN;
    /* lw_verdict_from_name: length and first byte first, the rest in
     * place (the names are a few bytes: a call costs more) */
    for (i = 0; n && i < LW_V__COUNT; i++) {
        if (names[i].n != n || names[i].p[0] != v[0])
            continue;
        for (j = 1; j < n && names[i].p[j] == v[j]; j++)
            ;
        if (j == n)
            return i;
    }
    return LW_V_UNKNOWN;
}

lw_summary_t *lw_summary_create(apr_pool_t *p)
{
    lw_summary_t *s = apr_pcalloc(p, sizeof(*s));

    s->pool = p;
    apr_pool_create(&s->linepool, p);
    apr_pool_create(&s->cold, p);
    s->sources = apr_hash_make(p);
    s->targets = apr_hash_make(p);
    s->hosts = apr_hash_make(p);
    s->failing = apr_hash_make(p);
    s->host_stats = apr_hash_make(p);
    s->arena = lw_arena_make(p);
    s->src_tab = lw_stab_make(s->arena);
    s->tgt_tab = lw_stab_make(s->arena);
    s->host_tab = lw_stab_make(s->arena);
    s->seen = lw_arena_calloc(s->arena, LW_SUM_SEEN * sizeof(*s->seen));
    return s;
}

#define NONSTRIKE ((1u << LW_CAT_SERVER_ERROR) | (1u << LW_CAT_THRESHOLD) \
                   | (1u << LW_CAT_TOOL))

int lw_record_is_attack(const lw_record_t *rec)
{
    /* A record with no category at all still came from the attack log:
     * count it as an attack of unknown kind rather than drop it. */
    if (rec->categories & ((1u << LW_CAT_SERVER_ERROR) | (1u << LW_CAT_THRESHOLD)))
        return (rec->categories & ~NONSTRIKE) != 0;
    return 1;
}

/* Add 1 to the counter of key (k bytes) in h; the key is copied into p
 * only when new. Past LW_SUM_MAX_KEYS distinct keys, new keys count under
 * LW_SUM_OTHER. A NULL key counts as "-". */
static lw_count_t *count_add(apr_hash_t *h, apr_pool_t *p, const char *key,
                             apr_size_t klen)
{
    lw_count_t *c;

    if (key == NULL) {
        key = "-";
        klen = 1;
    }
    c = apr_hash_get(h, key, (apr_ssize_t)klen);
    if (c == NULL) {
        if (apr_hash_count(h) >= LW_SUM_MAX_KEYS) {
            key = LW_SUM_OTHER;
            klen = sizeof(LW_SUM_OTHER) - 1;
            c = apr_hash_get(h, key, (apr_ssize_t)klen);
        }
        if (c == NULL) {
            c = apr_palloc(p, sizeof(*c));
            c->key = apr_pstrmemdup(p, key, klen);
            c->count = 0;
            apr_hash_set(h, c->key, (apr_ssize_t)klen, c);
        }
    }
    c->count++;
    return c;
}

/* The hash of the counters keyed by what records hold (URIs, clients):
 * a word at a time, where APR's default takes a byte at a time. Every
 * reader of these tables sorts them (lw_count_sorted), so the order of
 * their slots is seen nowhere. */
static unsigned int count_hash(const char *k, apr_ssize_t *klen)
{
    if (*klen == APR_HASH_KEY_STRING)
        *klen = (apr_ssize_t)strlen(k);
    return lw_shash(k, (apr_size_t)*klen);
}

static void add_cats(apr_uint64_t *by_cat, apr_uint32_t cats)
{
    /* a record has one or two categories: visit only those */
    for (; cats; cats &= cats - 1) {
        int i = __builtin_ctz(cats);
        if (i < LW_CAT__COUNT)
            by_cat[i]++;
    }
}

static const char *src_name(const void *k)
{
    return ((const lw_src_t *)k)->ip;
}

static const char *tgt_name(const void *k)
{
    return ((const lw_target_t *)k)->vhost;
}

static const char *host_name(const void *k)
{
    return ((const lw_host_t *)k)->host;
}


void lw_summary_finish(lw_summary_t *s)
{
    apr_hash_index_t *hi;

    if (!s->dirty)
        return;
    for (hi = apr_hash_first(NULL, s->sources); hi; hi = apr_hash_next(hi)) {
        lw_src_t *src = apr_hash_this_val(hi);
        lw_pmap_to_hash(src->p_targets, src->targets, s->pool, tgt_name);
        lw_pmap_to_hash(src->p_hosts, src->hosts, s->pool, host_name);
    }
    for (hi = apr_hash_first(NULL, s->targets); hi; hi = apr_hash_next(hi)) {
        lw_target_t *t = apr_hash_this_val(hi);
        apr_uint32_t i;
        lw_pmap_to_hash(t->p_sources, t->sources, s->pool, src_name);
        for (i = 0; s->no_open_paths == 0 && i < t->path_tab->cap; i++) {
            path_entry_t *e = t->path_tab->slot[i].val;
            if (!t->path_tab->slot[i].hash)
                continue;
            /* t->paths: on demand (lw_target_paths) */
            if (e->open) {
                apr_hash_set(t->open_paths, e->all.key, APR_HASH_KEY_STRING,
                             e->open);
                apr_hash_set(t->open_path_cats, e->all.key,
                             APR_HASH_KEY_STRING, &e->mask);
                if (e->finds != NULL)
                    apr_hash_set(t->open_path_finds, e->all.key,
                                 APR_HASH_KEY_STRING, e->finds);
            }
        }
    }
    for (hi = apr_hash_first(NULL, s->targets); hi; hi = apr_hash_next(hi)) {
        lw_target_t *t = apr_hash_this_val(hi);
        apr_uint32_t i;
        for (i = 0; t->uri_tab && i < t->uri_tab->cap; i++)
            if (t->uri_tab->slot[i].hash)
                apr_hash_set(t->served_uris,
                             *(const char **)t->uri_tab->slot[i].val,
                             (apr_ssize_t)t->uri_tab->slot[i].len,
                             t->uri_tab->slot[i].val);
    }
    for (hi = apr_hash_first(NULL, s->host_stats); hi; hi = apr_hash_next(hi)) {
        lw_host_t *h = apr_hash_this_val(hi);
        lw_pmap_to_hash(h->p_sources, h->sources, s->pool, src_name);
        lw_pmap_to_hash(h->p_targets, h->targets, s->pool, tgt_name);
    }
    s->dirty = 0;
}

static lw_count_t *count_last(apr_hash_t *h, apr_pool_t *p, lw_count_t **last,
                              const char *key, apr_size_t k)
{
    lw_count_t *c = *last;

    if (key == NULL) {
        key = "-";
        k = 1;
    }
    if (c && strncmp(c->key, key, k) == 0 && c->key[k] == '\0') {
        c->count++;
        return c;
    }
    return *last = count_add(h, p, key, k);
}

/* The rules' fields and excerpts of an open attack (the line read again
 * with lw_record_parse: the fast reader leaves the rules out), each
 * distinct one once, at most LW_SUM_FINDS per path. */
static void add_finds(lw_summary_t *s, path_entry_t *e, const char *line,
                      apr_size_t len)
{
    lw_record_t rec;
    const char *err = NULL;
    int i, j;

    if (e->finds == NULL)
        e->finds = apr_array_make(s->pool, 2, sizeof(lw_find_t));
    if (e->finds->nelts >= LW_SUM_FINDS || line == NULL)
        return;
    if (s->find_pool == NULL)
        apr_pool_create(&s->find_pool, s->pool);
    else
        apr_pool_clear(s->find_pool);
    if (lw_record_parse(s->find_pool, line, len, &rec, &err) != APR_SUCCESS)
        return;
    for (i = 0; i < rec.nrules && e->finds->nelts < LW_SUM_FINDS; i++) {
        const lw_rec_rule_t *r = &rec.rules[i];
        int dup = 0, same = 0;

        if (r->field == NULL || r->excerpt == NULL)
            continue;
        for (j = 0; j < e->finds->nelts && !dup; j++) {
            const lw_find_t *f = &APR_ARRAY_IDX(e->finds, j, lw_find_t);
            same += f->category == r->category;
            dup = (f->category == r->category && !strcmp(f->field, r->field)
                   && !strcmp(f->excerpt, r->excerpt))
                  || same >= LW_SUM_FINDS_PER_CAT;
        }
        if (!dup) {
            lw_find_t *f = apr_array_push(e->finds);
            f->category = r->category;
            f->field = apr_pstrdup(s->pool, r->field);
            f->excerpt = apr_pstrdup(s->pool, r->excerpt);
        }
    }
}

static void add_path(lw_summary_t *s, lw_target_t *t, lw_sv_t path,
                     apr_uint32_t h, apr_uint32_t cats, int open,
                     const char *line, apr_size_t len)
{
    path_entry_t *e = (path_entry_t *)t->last_path;
    const char *key = path.p;
    apr_size_t k = path.n;

    if (!(e && e->hash == h && strncmp(e->all.key, key, k) == 0
          && e->all.key[k] == '\0')) {
        e = lw_stab_get(t->path_tab, key, k, h);
        if (e == NULL) {
            if (lw_stab_count(t->path_tab) >= LW_SUM_MAX_KEYS) {
                key = LW_SUM_OTHER;
                k = sizeof(LW_SUM_OTHER) - 1;
                h = lw_shash(key, k);
                e = lw_stab_get(t->path_tab, key, k, h);
            }
            if (e == NULL) {
                e = (path_entry_t *)lw_alloc_keyed(s->arena, sizeof(*e), key, k);
                e->all.key = (const char *)(e + 1);
                e->hash = h;
                lw_stab_put(t->path_tab, s->arena, k, h, e);
            }
        }
        t->last_path = &e->all;
    }
    e->all.count++;
    if (!open || s->no_open_paths)
        return;
    if (e->open == NULL) {
        e->open = apr_palloc(s->pool, sizeof(*e->open));
        e->open->key = e->all.key;
        e->open->count = 0;
    }
    e->open->count++;
    e->mask |= cats;
    if (s->keep_finds)
        add_finds(s, e, line, len);
}

/* A served attack's URI (h: its lw_shash, "-" when absent), counted as
 * count_add counts it, in a table that lookups reach in one step; the
 * contract's t->served_uris is filled from it by lw_summary_finish (its
 * readers sort it: the order of its slots is seen nowhere). */
static void add_served(lw_summary_t *s, lw_target_t *t, lw_sv_t uri,
                       apr_uint32_t h)
{
    lw_count_t *c;

    if (uri.p == NULL)
        uri = lw_sum_dash;
    if (t->uri_tab == NULL)
        t->uri_tab = lw_stab_make(s->arena);
    c = lw_stab_get(t->uri_tab, uri.p, uri.n, h);
    if (c == NULL) {
        if (lw_stab_count(t->uri_tab) >= LW_SUM_MAX_KEYS) {
            uri.p = LW_SUM_OTHER;
            uri.n = sizeof(LW_SUM_OTHER) - 1;
            h = lw_shash(uri.p, uri.n);
            c = lw_stab_get(t->uri_tab, uri.p, uri.n, h);
        }
        if (c == NULL) {
            c = (lw_count_t *)lw_alloc_keyed(s->arena, sizeof(*c), uri.p,
                                             uri.n);
            c->key = (const char *)(c + 1);
            lw_stab_put(t->uri_tab, s->arena, uri.n, h, c);
        }
    }
    c->count++;
}

const lw_sv_t lw_sum_dash = { "-", 1 };

lw_src_t *lw_sum_get_source(lw_summary_t *s, lw_sv_t ip, apr_uint32_t h)
{
    lw_src_t *src = s->last_src;

    if (src && src->hash == h && strncmp(src->ip, ip.p, ip.n) == 0
        && src->ip[ip.n] == '\0')
        return src;
    src = lw_stab_get(s->src_tab, ip.p, ip.n, h);
    if (src == NULL) {
        src = (lw_src_t *)lw_alloc_keyed(s->arena, sizeof(*src), ip.p, ip.n);
        src->ip = (const char *)(src + 1);
        src->hash = h;
        lw_stab_put(s->src_tab, s->arena, ip.n, h, src);
        src->valid_ip = lw_addr_valid(src->ip);
        src->targets = apr_hash_make(s->pool);
        src->hosts = apr_hash_make(s->pool);
        src->tools = apr_hash_make_custom(s->pool, count_hash);
        src->p_targets = lw_pmap_make(s->arena);
        src->p_hosts = lw_pmap_make(s->arena);
        apr_hash_set(s->sources, src->ip, (apr_ssize_t)ip.n, src);
    }
    return s->last_src = src;
}

lw_target_t *lw_sum_get_target(lw_summary_t *s, lw_sv_t vhost,
                               apr_uint32_t h)
{
    lw_target_t *t = s->last_tgt;

    if (t && t->hash == h && strncmp(t->vhost, vhost.p, vhost.n) == 0
        && t->vhost[vhost.n] == '\0')
        return t;
    t = lw_stab_get(s->tgt_tab, vhost.p, vhost.n, h);
    if (t == NULL) {
        t = (lw_target_t *)lw_alloc_keyed(s->arena, sizeof(*t), vhost.p, vhost.n);
        t->vhost = (const char *)(t + 1);
        t->hash = h;
        lw_stab_put(s->tgt_tab, s->arena, vhost.n, h, t);
        t->path_tab = lw_stab_make(s->arena);
        t->sources = apr_hash_make(s->pool);
        t->served_uris = apr_hash_make_custom(s->pool, count_hash);
        t->paths = apr_hash_make(s->pool);
        t->open_paths = apr_hash_make(s->pool);
        t->open_path_cats = apr_hash_make(s->pool);
        t->open_path_finds = apr_hash_make(s->pool);
        t->p_sources = lw_pmap_make(s->arena);
        apr_hash_set(s->targets, t->vhost, (apr_ssize_t)vhost.n, t);
    }
    return s->last_tgt = t;
}

/* Hosts are few and come in runs: the last one is remembered. */
lw_host_t *lw_sum_get_host(lw_summary_t *s, lw_sv_t host, apr_uint32_t hh)
{
    lw_host_t *h = s->last_host;

    if (h && h->hash == hh && h->len == host.n
        && memcmp(h->host, host.p, host.n) == 0)
        return h;
    h = lw_stab_get(s->host_tab, host.p, host.n, hh);
    if (h == NULL) {
        h = apr_pcalloc(s->pool, sizeof(*h));
        h->host = apr_pstrmemdup(s->pool, host.p, host.n);
        h->len = host.n;
        h->hash = hh;
        h->sources = apr_hash_make(s->pool);
        h->targets = apr_hash_make(s->pool);
        h->p_sources = lw_pmap_make(s->arena);
        h->p_targets = lw_pmap_make(s->arena);
        h->count = count_add(s->hosts, s->pool, h->host, host.n);
        h->count->count = 0;
        apr_hash_set(s->host_stats, h->host, (apr_ssize_t)host.n, h);
        lw_stab_put(s->host_tab, s->arena, host.n, hh, h);
    }
    s->last_host = h;
    return h;
}

lw_sv_t lw_sum_uri_path(lw_sv_t uri)
{
    const char *q;

    if (uri.p && (q = memchr(uri.p, '?', uri.n)) != NULL)
        uri.n = (apr_size_t)(q - uri.p);
    return uri;
}

void lw_sum_add_attack(lw_summary_t *s, const lw_sum_item_t *it)
{
    const lw_fastrec_t *rec = it->rec;
    int v = it->v;
    lw_host_t *h = it->h;
    lw_sv_t tool = rec->tool.p ? rec->tool : rec->user_agent;
    lw_src_t *src = it->src;
    lw_target_t *t = it->t;
    const char *line = it->line;
    apr_size_t len = it->len;

    s->attacks++;
    add_cats(s->by_cat, rec->categories);
    s->by_verdict[v]++;

    if (src->attacks == 0 || rec->time < src->first) {
        src->first = rec->time;
        src->first_off = rec->utc_offset;
    }
    if (src->attacks == 0 || rec->time > src->last) {
        src->last = rec->time;
        src->last_off = rec->utc_offset;
    }
    src->attacks++;
    add_cats(src->by_cat, rec->categories);
    src->by_verdict[v]++;
    lw_pmap_add(src->p_targets, s->arena, t);
    lw_pmap_add(src->p_hosts, s->arena, h);
    count_last(src->tools, s->pool, &src->last_tool, tool.p, tool.n);
    if (!s->no_samples && src->nsamples < LW_SUM_SAMPLES)
        src->samples[src->nsamples++] = apr_pstrmemdup(s->cold, line, len);

    t->attacks++;
    add_cats(t->by_cat, rec->categories);
    t->by_verdict[v]++;
    lw_pmap_add(t->p_sources, s->arena, src);
    /* The breach verdicts (leaked, webshell, anomalous_size) are 2xx
     * answers, or worse: they reached the application. */
    add_path(s, t, it->path, it->hp, rec->categories,
             v <= LW_V_SERVED || v == LW_V_ERROR || v == LW_V_REDIRECTED
             || v == LW_V_UNKNOWN,
             line, len);
    if (v <= LW_V_SERVED)
        add_served(s, t, rec->uri, it->hu);
    if (LW_V_IS_BREACH(v))
        lw_breach_add(s, v, it->vhost.p, it->vhost.n, it->path.p, it->path.n,
                      it->client.p, it->client.n, rec->uri.p, rec->uri.n,
                      rec->time, rec->utc_offset, line, len);
    if (!s->no_samples && t->nsamples < LW_SUM_SAMPLES)
        t->samples[t->nsamples++] = apr_pstrmemdup(s->cold, line, len);

    h->attacks++;
    add_cats(h->by_cat, rec->categories);
    h->by_verdict[v]++;
    lw_pmap_add(h->p_sources, s->arena, src);
    lw_pmap_add(h->p_targets, s->arena, t);
    lw_sum_add_view(s, it);
    s->dirty = 1;
}

void lw_sum_add_failing(lw_summary_t *s, const lw_fastrec_t *rec,
                        lw_host_t *h)
{
    lw_sv_t vhost = rec->vhost.p ? rec->vhost : lw_sum_dash;
    lw_failing_t *f = apr_hash_get(s->failing, vhost.p, (apr_ssize_t)vhost.n);

    if (f == NULL) {
        f = apr_pcalloc(s->pool, sizeof(*f));
        f->vhost = apr_pstrmemdup(s->pool, vhost.p, vhost.n);
        f->uris = apr_hash_make_custom(s->pool, count_hash);
        apr_hash_set(s->failing, f->vhost, (apr_ssize_t)vhost.n, f);
    }
    f->errors++;
    count_add(f->uris, s->pool, rec->uri.p, rec->uri.n);
    s->server_errors++;
    h->server_errors++;
}


/* ------------------------------------------------------------- sorting */

static int cmp_src(const void *a, const void *b)
{
    const lw_src_t *x = *(lw_src_t *const *)a, *y = *(lw_src_t *const *)b;

    if (x->attacks != y->attacks)
        return x->attacks > y->attacks ? -1 : 1;
    return strcmp(x->ip, y->ip);
}

static int cmp_tgt(const void *a, const void *b)
{
    const lw_target_t *x = *(lw_target_t *const *)a;
    const lw_target_t *y = *(lw_target_t *const *)b;

    if (x->attacks != y->attacks)
        return x->attacks > y->attacks ? -1 : 1;
    return strcmp(x->vhost, y->vhost);
}

static int cmp_host(const void *a, const void *b)
{
    const lw_host_t *x = *(lw_host_t *const *)a, *y = *(lw_host_t *const *)b;

    return strcmp(x->host, y->host);
}

static int cmp_fail(const void *a, const void *b)
{
    const lw_failing_t *x = *(lw_failing_t *const *)a;
    const lw_failing_t *y = *(lw_failing_t *const *)b;

    if (x->errors != y->errors)
        return x->errors > y->errors ? -1 : 1;
    return strcmp(x->vhost, y->vhost);
}

static int cmp_count(const void *a, const void *b)
{
    const lw_count_t *x = *(lw_count_t *const *)a, *y = *(lw_count_t *const *)b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

static apr_array_header_t *sorted(apr_hash_t *h, apr_pool_t *p,
                                  int (*cmp)(const void *, const void *))
{
    apr_array_header_t *a = apr_array_make(p, (int)apr_hash_count(h) + 1,
                                           sizeof(void *));
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(p, h); hi; hi = apr_hash_next(hi))
        *(void **)apr_array_push(a) = apr_hash_this_val(hi);
    if (a->nelts > 1)
        qsort(a->elts, (size_t)a->nelts, sizeof(void *), cmp);
    return a;
}

apr_array_header_t *lw_summary_sources(const lw_summary_t *s, apr_pool_t *p)
{
    lw_summary_finish((lw_summary_t *)s);
    return sorted(s->sources, p, cmp_src);
}

apr_array_header_t *lw_summary_targets(const lw_summary_t *s, apr_pool_t *p)
{
    lw_summary_finish((lw_summary_t *)s);
    return sorted(s->targets, p, cmp_tgt);
}

apr_array_header_t *lw_summary_hosts(const lw_summary_t *s, apr_pool_t *p)
{
    lw_summary_finish((lw_summary_t *)s);
    return sorted(s->host_stats, p, cmp_host);
}

apr_array_header_t *lw_summary_failing(const lw_summary_t *s, apr_pool_t *p)
{
    lw_summary_finish((lw_summary_t *)s);
    return sorted(s->failing, p, cmp_fail);
}

apr_array_header_t *lw_count_sorted(apr_hash_t *h, apr_pool_t *p)
{
    return sorted(h, p, cmp_count);
}

apr_array_header_t *lw_target_paths_sorted(const lw_target_t *t,
                                           apr_pool_t *p)
{
    const lw_stab_t *tab = t->path_tab;
    apr_array_header_t *a = apr_array_make(p, (int)lw_stab_count(tab) + 1,
                                           sizeof(void *));
    apr_uint32_t i;

    /* a path_entry_t starts with its lw_count_t */
    for (i = 0; i < tab->cap; i++)
        if (tab->slot[i].hash)
            *(void **)apr_array_push(a) = tab->slot[i].val;
    if (a->nelts > 1)
        qsort(a->elts, (size_t)a->nelts, sizeof(void *), cmp_count);
    return a;
}

apr_hash_t *lw_target_paths(lw_target_t *t)
{
    const lw_stab_t *tab = t->path_tab;
    apr_uint32_t i;

    /* its values are the entries themselves: only new keys are missing */
    if (apr_hash_count(t->paths) == lw_stab_count(tab))
        return t->paths;
    for (i = 0; i < tab->cap; i++)
        if (tab->slot[i].hash) {
            lw_count_t *c = tab->slot[i].val;
            apr_hash_set(t->paths, c->key, APR_HASH_KEY_STRING, c);
        }
    return t->paths;
}
