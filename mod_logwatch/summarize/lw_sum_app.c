/* lw_sum_app.c: what the report's "needs action" block and time chart
 * count while reading: served attacks by application (a target's route,
 * static files and attack-tool-only hits kept apart as scanner traffic)
 * and attacks per hour and category.
 *
 * Memory grows with distinct routes (capped per target) and hours (capped),
 * never with records; the only per-record work beyond a few counters is
 * the route of a served attack and, until its application has a critical
 * example, a search of the line for the record's severity. */
#include "lw_sum.h"
#include "lw_sum_int.h"
#include "lw_sum_tab.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

#define NONSTRIKE ((1u << LW_CAT_SERVER_ERROR) | (1u << LW_CAT_THRESHOLD) \
                   | (1u << LW_CAT_TOOL))

/* Files a web server hands out as they are, with no application behind
 * them: what a crawler or scanner fetches along with the pages. Files an
 * attacker looks for (backups, .env, .sql, .txt) are not here: serving
 * them is news. */
static const char *const static_ext[] = {
    "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "ico", "svg",
    "webp", "avif", "bmp", "tif", "tiff", "woff", "woff2", "ttf", "eot",
    "otf", "mp3", "mp4", "webm", "ogg", "wav", "pdf", NULL
};
#define STATIC_EXT_MAX 5        /* the longest above */

/* Longest route kept; longer paths are cut (and marked) there. */
#define ROUTE_MAX 200

int lw_sum_static_path(const char *p, apr_size_t n)
{
    const char *seg, *dot = NULL, *e = p + n, *q;
    apr_size_t len;
    int i;

    if (p == NULL)
        return 0;
    /* ";jsessionid=..." path parameters are not part of the name */
    if ((q = memchr(p, ';', n)) != NULL)
        e = q;
    for (seg = e; seg > p && seg[-1] != '/'; seg--)
        ;
    for (q = seg; q < e; q++)
        if (*q == '.')
            dot = q;
    if (dot == NULL || (len = (apr_size_t)(e - dot - 1)) == 0
        || len > STATIC_EXT_MAX)
        return 0;
    for (i = 0; static_ext[i]; i++)
        if ((static_ext[i][0] | 0x20) == (dot[1] | 0x20)
            && strlen(static_ext[i]) == len
            && strncasecmp(static_ext[i], dot + 1, len) == 0)
            return 1;
    return 0;
}

/* A segment that names one object of many (a number, a hash, a UUID):
 * /item/17 and /item/18 are one application. */
static int id_segment(const char *s, apr_size_t n)
{
    apr_size_t i, digits = 0;

    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (!((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')
                   || s[i] == '-'))
            return 0;
    }
    return n > 0 && (digits == n || (n >= 8 && digits > 0));
}

/* The route of a path into buf (ROUTE_MAX + 4 bytes): ID segments as
 * "{id}", cut with "..." past ROUTE_MAX. Returns its length. */
apr_size_t lw_sum_route(const char *p, apr_size_t n, char *buf)
{
    apr_size_t o = 0, i = 0;

    while (i < n) {
        apr_size_t j = i;
        const char *seg;
        apr_size_t sl;

        if (p[i] == '/') {
            if (o >= ROUTE_MAX)
                goto cut;
            buf[o++] = '/';
            i++;
            continue;
        }
        while (j < n && p[j] != '/')
            j++;
        seg = p + i;
        sl = j - i;
        if (id_segment(seg, sl)) {
            seg = "{id}";
            sl = 4;
        }
        if (o + sl > ROUTE_MAX) {
            memcpy(buf + o, seg, ROUTE_MAX - o);
            o = ROUTE_MAX;
            goto cut;
        }
        memcpy(buf + o, seg, sl);
        o += sl;
        i = j;
    }
    buf[o] = '\0';
    return o;
cut:
    memcpy(buf + o, "...", 4);
    return o + 3;
}

/* The first "severity":" in [m, end), or NULL. Inside a string a quote
 * is always escaped, so this text cannot come from a value. */
static const char *severity_key(const char *m, const char *end)
{
    static const char key[] = "\"severity\":\"";
    const apr_size_t kl = sizeof(key) - 1;

    while ((m = memchr(m, '"', (apr_size_t)(end - m))) != NULL) {
        if ((apr_size_t)(end - m) < kl)
            return NULL;
        if (memcmp(m, key, kl) == 0)
            return m + kl;
        m++;
    }
    return NULL;
}

/* The record's severity: its first "severity" member (the record's own;
 * a rule's is no higher). The writer puts it right after the verdict: the
 * search starts there when the verdict is a piece of the line. */
static int line_severity(const char *line, apr_size_t len, lw_sv_t verdict)
{
    const char *v = NULL, *e, *end = line + len;
    char name[16];
    int sev;

    if (line == NULL)
        return LW_SEV_INFO;
    if (verdict.p > line && verdict.p + verdict.n < end)
        v = severity_key(verdict.p + verdict.n, end);
    if (v == NULL)
        v = severity_key(line, end);
    if (v == NULL || (e = memchr(v, '"', (apr_size_t)(end - v))) == NULL
        || e - v >= (long)sizeof(name))
        return LW_SEV_INFO;
    memcpy(name, v, (apr_size_t)(e - v));
    name[e - v] = '\0';
    sev = lw_severity_from_name(name);
    return sev < 0 ? LW_SEV_INFO : sev;
}

/* The application of the record's path: the path's entry, counted just
 * before (t->last_path), keeps it, so a route is worked out once per
 * path. NULL past the cap of applications. */
static lw_app_t *get_app(lw_summary_t *s, lw_target_t *t,
                         const lw_sum_item_t *it)
{
    char route[ROUTE_MAX + 4];
    path_entry_t *pe = (path_entry_t *)t->last_path;
    apr_size_t rl;
    apr_uint32_t h;
    lw_app_t *a;

    /* past the cap of paths one entry stands for many: no shortcut */
    if (pe && pe->all.key[0] == LW_SUM_OTHER[0]
        && strcmp(pe->all.key, LW_SUM_OTHER) == 0)
        pe = NULL;
    if (pe && pe->app)
        return pe->app;
    if (t->apps == NULL)
        t->apps = lw_stab_make(s->arena);
    rl = lw_sum_route(it->path.p, it->path.n, route);
    h = lw_shash(route, rl);
    a = lw_stab_get(t->apps, route, rl, h);
    if (a == NULL) {
        if (lw_stab_count(t->apps) >= LW_SUM_MAX_KEYS)
            return NULL;
        a = (lw_app_t *)lw_alloc_keyed(s->arena, sizeof(*a), route, rl);
        a->route = (const char *)(a + 1);
        a->vhost = t->vhost;
        a->severity = -1;
        lw_stab_put(t->apps, s->arena, rl, h, a);
    }
    if (pe)
        pe->app = a;
    return a;
}

static void add_app(lw_summary_t *s, lw_target_t *t, const lw_sum_item_t *it,
                    apr_uint32_t cats)
{
    lw_app_t *a = get_app(s, t, it);
    int i, sev;

    if (a == NULL) {
        s->apps_dropped++;
        return;
    }
    a->attacks++;
    /* a record has one or two categories: visit only those */
    for (; cats; cats &= cats - 1) {
        i = __builtin_ctz(cats);
        if (i < LW_CAT__COUNT)
            a->by_cat[i]++;
    }
    if (a->severity >= LW_SEV_CRITICAL)
        return;
    sev = line_severity(it->line, it->len, it->rec->verdict);
    if (sev > a->severity) {
        const lw_fastrec_t *rec = it->rec;
        a->severity = sev;
        a->example = rec->uri.p ? apr_pstrmemdup(s->pool, rec->uri.p,
                                                  rec->uri.n) : "-";
    }
}

static void add_hour(lw_summary_t *s, apr_time_t t, apr_uint32_t cats)
{
    apr_int64_t hour = t / apr_time_from_sec(3600);
    lw_hour_t *h = s->last_hour;
    int i;

    if (h == NULL || h->hour != hour) {
        if (s->hours == NULL)
            s->hours = apr_hash_make(s->pool);
        h = apr_hash_get(s->hours, &hour, sizeof(hour));
        if (h == NULL) {
            if (apr_hash_count(s->hours) >= LW_SUM_MAX_HOURS) {
                s->hours_dropped++;
                return;
            }
            h = apr_pcalloc(s->pool, sizeof(*h));
            h->hour = hour;
            apr_hash_set(s->hours, &h->hour, sizeof(h->hour), h);
        }
        s->last_hour = h;
    }
    h->attacks++;
    /* a record has one or two categories: visit only those */
    for (; cats; cats &= cats - 1) {
        i = __builtin_ctz(cats);
        if (i < LW_CAT__COUNT)
            h->by_cat[i]++;
    }
}

void lw_sum_add_view(lw_summary_t *s, const lw_sum_item_t *it)
{
    const lw_fastrec_t *rec = it->rec;
    apr_uint32_t cats = rec->categories & ~NONSTRIKE;
    int is_static;

    if (rec->time > 0)
        add_hour(s, rec->time, cats);
    if (it->v > LW_V_SERVED)   /* served, or a breach verdict */
        return;
    is_static = lw_sum_static_path(it->path.p, it->path.n);
    if (is_static || cats == (1u << LW_CAT_SCANNER)) {
        lw_scanner_traffic_t *st = &s->scanner;
        lw_count_t *c;

        if (is_static)
            st->static_files++;
        else
            st->tool_only++;
        if (st->sites == NULL)
            st->sites = apr_hash_make(s->pool);
        c = st->last_site;
        if (c == NULL || c->key != it->t->vhost)
            c = apr_hash_get(st->sites, it->t->vhost, APR_HASH_KEY_STRING);
        if (c == NULL && apr_hash_count(st->sites) < LW_SUM_MAX_KEYS) {
            c = apr_pcalloc(s->pool, sizeof(*c));
            c->key = it->t->vhost;
            apr_hash_set(st->sites, c->key, APR_HASH_KEY_STRING, c);
        }
        if (c != NULL)
            c->count++;
        st->last_site = c;
        return;
    }
    add_app(s, it->t, it, cats);
}

static int cmp_app(const void *x, const void *y)
{
    const lw_app_t *a = *(lw_app_t *const *)x, *b = *(lw_app_t *const *)y;
    int c;

    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->attacks != b->attacks)
        return a->attacks > b->attacks ? -1 : 1;
    if ((c = strcmp(a->vhost, b->vhost)) != 0)
        return c;
    return strcmp(a->route, b->route);
}

apr_array_header_t *lw_summary_apps(const lw_summary_t *s, apr_pool_t *p)
{
    apr_array_header_t *a = apr_array_make(p, 16, sizeof(lw_app_t *));
    apr_hash_index_t *hi;
    apr_uint32_t i;

    for (hi = apr_hash_first(p, s->targets); hi; hi = apr_hash_next(hi)) {
        const lw_target_t *t = apr_hash_this_val(hi);
        if (t->apps == NULL)
            continue;
        for (i = 0; i < t->apps->cap; i++)
            if (t->apps->slot[i].hash)
                *(lw_app_t **)apr_array_push(a) = t->apps->slot[i].val;
    }
    if (a->nelts > 1)
        qsort(a->elts, (size_t)a->nelts, sizeof(lw_app_t *), cmp_app);
    return a;
}

static int cmp_hour(const void *x, const void *y)
{
    const lw_hour_t *a = *(lw_hour_t *const *)x, *b = *(lw_hour_t *const *)y;

    return a->hour < b->hour ? -1 : a->hour > b->hour;
}

apr_array_header_t *lw_summary_hours(const lw_summary_t *s, apr_pool_t *p)
{
    apr_array_header_t *a = apr_array_make(p, 32, sizeof(lw_hour_t *));
    apr_hash_index_t *hi;

    if (s->hours == NULL)
        return a;
    for (hi = apr_hash_first(p, s->hours); hi; hi = apr_hash_next(hi))
        *(lw_hour_t **)apr_array_push(a) = apr_hash_this_val(hi);
    if (a->nelts > 1)
        qsort(a->elts, (size_t)a->nelts, sizeof(lw_hour_t *), cmp_hour);
    return a;
}
