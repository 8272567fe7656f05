/* Response evidence (lw_leak.h): the leak rules' prefilter and matching,
 * upload-directory scripts, and the usual-size table. */
#include <string.h>
#include <strings.h>

#include "lw_engine_int.h"
#include "lw_leak.h"

/* ------------------------------------------------------------------ */
/* Attaching: the leak rules' own automaton, each literal tagged with its
 * rule's "when" categories, so that a scan for an SQL injection's
 * response reports only the literals of rules that read such responses. */

int lw_leak_attach(lw_engine_t *e, apr_pool_t *p)
{
    const char **pats;
    apr_size_t *plen;
    apr_uint32_t *ids, *tag_of, j;
    int i, n = 0;

    for (i = 0; i < e->nrules; i++)
        if (e->rules[i].category == LW_CAT_LEAK)
            n += (int)e->rules[i].nlits;
    if (n == 0)
        return 0;
    pats = apr_palloc(p, sizeof(*pats) * (apr_size_t)n);
    plen = apr_palloc(p, sizeof(*plen) * (apr_size_t)n);
    ids = apr_palloc(p, sizeof(*ids) * (apr_size_t)n);
    tag_of = apr_pcalloc(p, sizeof(*tag_of) * (apr_size_t)e->nrules);
    e->leak_rules = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
    n = 0;
    for (i = 0; i < e->nrules; i++) {
        const lw_blob_rule_t *r = &e->rules[i];
        if (r->category != LW_CAT_LEAK)
            continue;
        SETBIT(e->leak_rules, i);
        tag_of[i] = r->when;
        e->leak_wanted |= r->when;
        for (j = r->lit_first; j < r->lit_first + r->nlits; j++, n++) {
            pats[n] = e->strs + e->lits[j].off;
            plen[n] = e->lits[j].len;
            ids[n] = (apr_uint32_t)i;
        }
    }
    e->leak_ac = lw_ac_build(p, pats, plen, ids, n);
    if (!e->leak_ac || lw_ac_tag(e->leak_ac, p, tag_of,
                                 (apr_uint32_t)e->nrules) != 0)
        return -1;
    return 0;
}

apr_uint32_t lw_leak_wanted(const lw_engine_t *e)
{
    return e->leak_rules ? e->leak_wanted : 0;
}

/* ------------------------------------------------------------------ */
/* Matching */

static void *pool_malloc(PCRE2_SIZE n, void *data)
{
    return apr_palloc((apr_pool_t *)data, n);
}

static void pool_free(void *ptr, void *data)
{
    (void)ptr;
    (void)data;
}

typedef struct {
    pcre2_match_context *mc;
    pcre2_match_data *md;
} leak_match_t;

static int match_prepare(leak_match_t *m, const lw_limits_t *lim,
                         apr_pool_t *p)
{
    pcre2_general_context *gc;

    gc = pcre2_general_context_create(pool_malloc, pool_free, p);
    if (!gc)
        return 0;
    m->mc = pcre2_match_context_create(gc);
    m->md = pcre2_match_data_create(1, gc);
    if (!m->mc || !m->md)
        return 0;
    pcre2_set_match_limit(m->mc, lim && lim->match_limit
                                 ? lim->match_limit : LW_DEFAULT_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mc, lim && lim->depth_limit
                                 ? lim->depth_limit : LW_DEFAULT_DEPTH_LIMIT);
    return 1;
}

static int is_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
           || (c >= 'A' && c <= 'Z');
}

/* Did the request carry the matched text (a page echoing its input)? */
static int reflected(const char *s, apr_size_t n, const char *in,
                     apr_size_t inlen)
{
    apr_size_t i;

    while (n > 0 && !is_alnum((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n > LW_LEAK_REFLECT_KEY)
        n = LW_LEAK_REFLECT_KEY;
    if (!in || n < 4 || inlen < n)
        return 0;
    for (i = 0; i + n <= inlen; i++)
        if (strncasecmp(in + i, s, n) == 0)
            return 1;
    return 0;
}

/* Rule i on buf: 1 and *ev filled on a match that the request did not
 * carry itself. */
static int try_rule(const lw_engine_t *e, leak_match_t *m, int i,
                    const char *buf, apr_size_t len, const char *in,
                    apr_size_t inlen, lw_evidence_t *ev)
{
    const lw_blob_rule_t *r = &e->rules[i];
    PCRE2_SIZE *ov;
    apr_size_t a, b, start = 0;
    int rc, k;

    for (k = 0; ; k++) {
        if (e->jit[i])
            rc = pcre2_jit_match(e->codes[i], (PCRE2_SPTR)buf, len, start, 0,
                                 m->md, m->mc);
        else
            rc = pcre2_match(e->codes[i], (PCRE2_SPTR)buf, len, start, 0,
                             m->md, m->mc);
        if (rc < 0)
            return 0;
        ov = pcre2_get_ovector_pointer(m->md);
        a = ov[0];
        b = ov[1];
        if (a > len || b < a || b > len)
            a = b = 0;
        if (!reflected(buf + a, b - a, in, inlen))
            break;
        if (k + 1 >= LW_LEAK_MAX_REFLECTED || b >= len)
            return 0;
        start = b > start ? b : start + 1;
    }
    ev->rule_id = r->id;
    ev->rule_index = i;
    ev->verdict = (int)r->verdict;
    ev->severity = r->severity;
    ev->msg = e->strs + r->msg;
    ev->excerpt = buf + a;
    ev->excerpt_len = b - a > LW_MAX_EXCERPT ? LW_MAX_EXCERPT : b - a;
    return 1;
}

static int excluded(apr_uint32_t id, const apr_uint32_t *excl, int nexcl)
{
    int k;
    for (k = 0; k < nexcl; k++)
        if (excl[k] == id)
            return 1;
    return 0;
}

int lw_leak_scan(const lw_engine_t *e, apr_uint32_t cats, const char *buf,
                 apr_size_t len, const apr_uint32_t *excl, int nexcl,
                 const char *reflect, apr_size_t reflect_len,
                 const lw_limits_t *lim, apr_pool_t *p, lw_evidence_t *ev)
{
    word_t *cand;
    leak_match_t m;
    int w, found = 0, ready = 0;

    if (!e->leak_ac || !buf || !len || !cats)
        return 0;
    cand = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
    lw_ac_scan_bits(e->leak_ac, buf, len, cats, cand);
    for (w = 0; w < e->nwords; w++) {
        word_t bits = cand[w] & e->leak_rules[w];
        while (bits) {
            int i = w * WBITS + __builtin_ctzll(bits);
            lw_evidence_t got;
            bits &= bits - 1;
            if (!(e->rules[i].when & cats)
                || (found && e->rules[i].severity <= ev->severity)
                || excluded(e->rules[i].id, excl, nexcl))
                continue;
            if (!ready && !(ready = match_prepare(&m, lim, p)))
                return 0;
            if (try_rule(e, &m, i, buf, len, reflect, reflect_len, &got)) {
                *ev = got;
                found = 1;
            }
        }
    }
    return found;
}

int lw_leak_scan_rule(const lw_engine_t *e, int index, const char *buf,
                      apr_size_t len, int nofilter, apr_pool_t *p,
                      lw_evidence_t *ev)
{
    leak_match_t m;

    if (index < 0 || index >= e->nrules || !e->leak_rules
        || e->rules[index].category != LW_CAT_LEAK)
        return 0;
    if (!nofilter) {
        word_t *cand = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
        lw_ac_scan_bits(e->leak_ac, buf, len, ~(apr_uint32_t)0, cand);
        if (!(cand[index / WBITS] & ((word_t)1 << (index % WBITS))))
            return 0;
    }
    if (!match_prepare(&m, NULL, p))
        return 0;
    return try_rule(e, &m, index, buf, len, NULL, 0, ev);
}

/* ------------------------------------------------------------------ */
/* Scripts in upload directories */

static int seg_is(const char *s, apr_size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

int lw_leak_upload_script(const char *uri)
{
    static const char *const dirs[] = { "uploads", "upload", "images", "img",
                                        "files", "media", "tmp",
                                        "attachments", NULL };
    static const char *const exts[] = { ".php", ".php3", ".php4", ".php5",
                                        ".php7", ".phtml", ".phar", ".jsp",
                                        ".asp", ".aspx", ".cgi", ".pl",
                                        NULL };
    const char *end, *s, *last;
    int in_upload = 0, k;

    if (!uri)
        return 0;
    end = uri + strcspn(uri, "?#");
    last = NULL;
    for (s = uri; s < end; ) {
        const char *seg, *q;
        while (s < end && *s == '/')
            s++;
        seg = s;
        for (q = s; q < end && *q != '/'; q++)
            ;
        if (q < end) {         /* a directory */
            for (k = 0; dirs[k]; k++)
                if (seg_is(seg, (apr_size_t)(q - seg), dirs[k]))
                    in_upload = 1;
        }
        else if (q > seg)
            last = seg;
        s = q;
    }
    if (!in_upload || !last)
        return 0;
    for (k = 0; exts[k]; k++) {
        apr_size_t n = strlen(exts[k]), m = (apr_size_t)(end - last);
        if (m > n && strncasecmp(end - n, exts[k], n) == 0)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Usual sizes */

typedef struct {
    apr_uint64_t hash;        /* 0: free */
    apr_uint32_t seen;        /* capped */
    apr_uint32_t pad;
    double mean;              /* moving mean, weight 1/16 once warm */
} size_slot_t;

struct lw_sizes {
    unsigned mask;
    size_slot_t *slot;
};

static apr_uint64_t fnv(const char *s, apr_size_t n)
{
    apr_uint64_t h = 1469598103934665603ull;
    apr_size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

lw_sizes_t *lw_sizes_create(apr_pool_t *p, unsigned nslots)
{
    lw_sizes_t *t = apr_pcalloc(p, sizeof(*t));
    unsigned n = 16;

    while (n < nslots && n < (1u << 20))
        n <<= 1;
    t->mask = n - 1;
    t->slot = apr_pcalloc(p, sizeof(*t->slot) * n);
    return t;
}

void lw_sizes_add(lw_sizes_t *t, const char *key, apr_size_t klen,
                  apr_int64_t bytes)
{
    apr_uint64_t h = fnv(key, klen);
    size_slot_t *s = &t->slot[h & t->mask];

    if (bytes < 0)
        return;
    if (s->hash != h) {
        s->hash = h;
        s->seen = 0;
        s->mean = 0;
    }
    if (s->seen < 16)
        s->seen++;
    s->mean += ((double)bytes - s->mean) / s->seen;
}

int lw_sizes_unusual(const lw_sizes_t *t, const char *key, apr_size_t klen,
                     apr_int64_t bytes)
{
    apr_uint64_t h = fnv(key, klen);
    const size_slot_t *s = &t->slot[h & t->mask];
    double b = (double)bytes;

    if (bytes < 0 || s->hash != h || s->seen < LW_SIZES_MIN_SEEN)
        return 0;
    return b > 4 * s->mean + 1024 || b < s->mean / 4 - 1024;
}
