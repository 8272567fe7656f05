/* lw_record.c: the attack record, written as one JSON line that never
 * exceeds a given size (PIPE_BUF for pipes, so one write() is atomic), and
 * read back by the summarizer.
 *
 * Writing happens on httpd's hot path for flagged requests only: one buffer
 * of max bytes from the request pool, built in place. When the record does
 * not fit, long fields are cut in a fixed order (excerpts, then user agent
 * and referer, then the URI, then every other string) and the line is built
 * again; each cut length is found by bisection, so even a 64 KB URI costs a
 * few dozen rebuilds of a 4 KB line. */
#include "lw_record.h"
#include "lw_json.h"

#include <string.h>
#include <stdlib.h>

const char *lw_verdict(int status)
{
    return lw_verdict_name(lw_verdict_of_status(status));
}

void lw_record_init(lw_record_t *rec)
{
    memset(rec, 0, sizeof(*rec));
    rec->time = -1;
    rec->port = -1;
    rec->status = -1;
    rec->bytes = -1;
    rec->duration_us = -1;
    rec->severity = -1;
    rec->score = -1;
}

void lw_record_set_result(lw_record_t *rec, const lw_result_t *res,
                          apr_pool_t *p)
{
    int i, n = res->nhits;

    if (n > LW_MAX_HITS)
        n = LW_MAX_HITS;
    rec->severity = res->severity;
    rec->score = res->score;
    rec->categories = res->categories;
    rec->tool = res->tool;
    rec->stopped = res->stopped ? "budget" : NULL;
    rec->nrules = 0;
    rec->rules = NULL;
    if (n <= 0)
        return;
    rec->rules = apr_palloc(p, (apr_size_t)n * sizeof(*rec->rules));
    for (i = 0; i < n; i++) {
        const lw_hit_t *h = &res->hits[i];
        lw_rec_rule_t *r = &rec->rules[i];
        r->id = h->rule_id;
        r->category = h->category;
        r->severity = h->severity;
        r->field = h->field;
        r->excerpt = h->excerpt;
        r->excerpt_len = h->excerpt ? h->excerpt_len : 0;
        if (r->excerpt_len > LW_MAX_EXCERPT)
            r->excerpt_len = LW_MAX_EXCERPT;
        r->msg = h->msg;
        r->detail = h->detail;
    }
    rec->nrules = n;
}

/* ---------------------------------------------------------------- writer */

#define NOLIMIT ((apr_size_t)-1)

/* Input bytes kept per group of fields; NOLIMIT keeps everything. */
typedef struct {
    apr_size_t ex, hdr, uri, other;
    int nrules;
    int minimal;   /* last resort: only the fixed-size members */
} cut_t;

static void sep(lw_buf_t *b, int *first, const char *key)
{
    if (!*first)
        lw_buf_add(b, ",", 1);
    *first = 0;
    lw_buf_add(b, "\"", 1);
    lw_buf_adds(b, key);
    lw_buf_add(b, "\":", 2);
}

static void kstr(lw_buf_t *b, int *first, const char *key, const char *v,
                 apr_size_t lim)
{
    if (!v)
        return;
    sep(b, first, key);
    lw_json_str(b, v, strlen(v), lim);
}

static void knum(lw_buf_t *b, int *first, const char *key, apr_int64_t v)
{
    if (v < 0)
        return;
    sep(b, first, key);
    lw_buf_addf(b, "%" APR_INT64_T_FMT, v);
}

static void ktime(lw_buf_t *b, int *first, apr_time_t t, int off)
{
    apr_time_exp_t tm;
    int aoff = off < 0 ? -off : off;

    if (t < 0)
        return;
    /* The wall clock of the log's zone, written with that zone's offset. */
    if (apr_time_exp_gmt(&tm, t + apr_time_from_sec(off)) != APR_SUCCESS)
        return;
    sep(b, first, "time");
    lw_buf_addf(b, "\"%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d\"",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, tm.tm_usec, off < 0 ? '-' : '+',
                aoff / 3600, (aoff / 60) % 60);
}

static void kname(lw_buf_t *b, int *first, const char *key, const char *name)
{
    if (!name)
        return;
    sep(b, first, key);
    lw_buf_add(b, "\"", 1);
    lw_buf_adds(b, name);
    lw_buf_add(b, "\"", 1);
}

static void kcats(lw_buf_t *b, int *first, apr_uint32_t cats)
{
    int i, n = 0;

    sep(b, first, "categories");
    lw_buf_add(b, "[", 1);
    for (i = 0; i < LW_CAT__COUNT; i++) {
        const char *name;
        if (!(cats & (1u << i)) || !(name = lw_category_name(i)))
            continue;
        if (n++)
            lw_buf_add(b, ",", 1);
        lw_buf_add(b, "\"", 1);
        lw_buf_adds(b, name);
        lw_buf_add(b, "\"", 1);
    }
    lw_buf_add(b, "]", 1);
}

static const char *verdict_of(const lw_record_t *r)
{
    if (r->verdict)
        return r->verdict;
    return r->status >= 0 ? lw_verdict(r->status) : NULL;
}

static void emit(lw_buf_t *b, const lw_record_t *r, const cut_t *c)
{
    int first = 1, i;

    b->len = 0;
    b->overflow = 0;
    lw_buf_add(b, "{", 1);
    ktime(b, &first, r->time, r->utc_offset);
    if (!c->minimal) {
        kstr(b, &first, "host", r->host, c->other);
        kstr(b, &first, "vhost", r->vhost, c->other);
        knum(b, &first, "port", r->port);
        kstr(b, &first, "client", r->client, c->other);
        kstr(b, &first, "peer", r->peer, c->other);
        kstr(b, &first, "forwarded", r->forwarded, c->hdr);
        kstr(b, &first, "method", r->method, c->other);
        kstr(b, &first, "uri", r->uri, c->uri);
        kstr(b, &first, "protocol", r->protocol, c->other);
    }
    knum(b, &first, "status", r->status);
    if (!c->minimal) {
        knum(b, &first, "bytes", r->bytes);
        knum(b, &first, "duration_us", r->duration_us);
        kstr(b, &first, "referer", r->referer, c->hdr);
        kstr(b, &first, "user_agent", r->user_agent, c->hdr);
        kstr(b, &first, "request_id", r->request_id, c->other);
    }
    kstr(b, &first, "verdict", verdict_of(r), NOLIMIT);
    kname(b, &first, "severity", lw_severity_name(r->severity));
    knum(b, &first, "score", r->score);
    kcats(b, &first, r->categories);
    kstr(b, &first, "stopped", r->stopped, NOLIMIT);
    if (!c->minimal && r->ev_id) {
        int f = 1;
        sep(b, &first, "evidence");
        lw_buf_add(b, "{", 1);
        knum(b, &f, "id", r->ev_id);
        kstr(b, &f, "msg", r->ev_msg, c->other);
        if (r->ev_excerpt) {
            sep(b, &f, "excerpt");
            lw_json_str(b, r->ev_excerpt, r->ev_excerpt_len, c->ex);
        }
        lw_buf_add(b, "}", 1);
    }
    if (!c->minimal) {
        sep(b, &first, "rules");
        lw_buf_add(b, "[", 1);
        for (i = 0; i < c->nrules; i++) {
            const lw_rec_rule_t *h = &r->rules[i];
            int f = 1;
            if (i)
                lw_buf_add(b, ",", 1);
            lw_buf_add(b, "{", 1);
            knum(b, &f, "id", h->id);
            kname(b, &f, "category", lw_category_name(h->category));
            kname(b, &f, "severity", lw_severity_name(h->severity));
            kstr(b, &f, "field", h->field, c->other);
            if (h->excerpt) {
                sep(b, &f, "excerpt");
                lw_json_str(b, h->excerpt, h->excerpt_len, c->ex);
            }
            kstr(b, &f, "msg", h->msg, c->other);
            kstr(b, &f, "detail", h->detail, c->other);
            lw_buf_add(b, "}", 1);
        }
        lw_buf_add(b, "]", 1);
        kstr(b, &first, "tool", r->tool, c->other);
    }
    lw_buf_add(b, "}", 1);
}

static int fits(lw_buf_t *b, const lw_record_t *r, const cut_t *c)
{
    emit(b, r, c);
    return !b->overflow;
}

static apr_size_t slen(const char *s)
{
    return s ? strlen(s) : 0;
}

static apr_size_t maxa(apr_size_t a, apr_size_t b)
{
    return a > b ? a : b;
}

/* Longest value of a group: beyond it a limit changes nothing. */
static apr_size_t group_len(const lw_record_t *r, int g)
{
    apr_size_t m = 0;
    int i;

    switch (g) {
    case 0:
        for (i = 0; i < r->nrules; i++)
            m = maxa(m, r->rules[i].excerpt ? r->rules[i].excerpt_len : 0);
        return maxa(m, r->ev_excerpt ? r->ev_excerpt_len : 0);
    case 1:
        return maxa(maxa(slen(r->user_agent), slen(r->referer)),
                    slen(r->forwarded));
    case 2:
        return slen(r->uri);
    default:
        m = maxa(slen(r->host), slen(r->vhost));
        m = maxa(m, maxa(slen(r->client), slen(r->peer)));
        m = maxa(m, maxa(slen(r->method), slen(r->protocol)));
        m = maxa(m, maxa(slen(r->request_id), slen(r->tool)));
        for (i = 0; i < r->nrules; i++)
            m = maxa(m, maxa(slen(r->rules[i].field), slen(r->rules[i].msg)));
        for (i = 0; i < r->nrules; i++)
            m = maxa(m, slen(r->rules[i].detail));
        return maxa(m, slen(r->ev_msg));
    }
}

static apr_size_t *group_limit(cut_t *c, int g)
{
    switch (g) {
    case 0: return &c->ex;
    case 1: return &c->hdr;
    case 2: return &c->uri;
    default: return &c->other;
    }
}

char *lw_record_json(apr_pool_t *p, const lw_record_t *rec, apr_size_t max,
                     apr_size_t *len)
{
    lw_buf_t b;
    cut_t c;
    char *mem;
    int g, ok;

    if (max < 3)
        max = 3;
    mem = apr_palloc(p, max + 1);
    /* max - 1: room for the '\n' */
    lw_buf_init(&b, mem, max - 1);
    c.ex = c.hdr = c.uri = c.other = NOLIMIT;
    c.nrules = rec->rules ? rec->nrules : 0;
    c.minimal = 0;

    /* Usually the first build fits and is the only one. */
    ok = fits(&b, rec, &c);
    for (g = 0; g < 4 && !ok; g++) {
        apr_size_t *lim = group_limit(&c, g), lo = 0, hi;
        *lim = 0;
        if (!fits(&b, rec, &c))
            continue;           /* not enough: cut the next group as well */
        /* Largest limit that fits: 0 does, the full length does not. */
        hi = group_len(rec, g);
        hi = hi ? hi - 1 : 0;
        while (lo < hi) {
            apr_size_t mid = lo + (hi - lo + 1) / 2;
            *lim = mid;
            if (fits(&b, rec, &c))
                lo = mid;
            else
                hi = mid - 1;
        }
        *lim = lo;
        ok = fits(&b, rec, &c);   /* rebuild with the chosen limit */
    }
    /* Still too long (many long rule messages in a tiny max): drop rules
     * from the end, then keep only the fixed-size members. */
    while (!ok && c.nrules > 0) {
        c.nrules--;
        ok = fits(&b, rec, &c);
    }
    if (!ok) {
        c.minimal = 1;
        if (!fits(&b, rec, &c)) {
            b.len = 0;
            b.overflow = 0;
            lw_buf_add(&b, "{}", 2);
        }
    }
    mem[b.len++] = '\n';
    mem[b.len] = '\0';
    if (len)
        *len = b.len;
    return mem;
}

/* ---------------------------------------------------------------- reader */

/* Inline here: the summarizer splits a time per record. */
static inline int digits(const char *s, int n, int *out)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int lw_digits(const char *s, int n, int *out)
{
    return digits(s, n, out);
}

/* 2011-06-21T11:56:40[.ffffff](Z|+hh:mm|-hh:mm) */
int lw_rec_time_split(const char *s, apr_size_t n, lw_rec_time_t *tm)
{
    int oh = 0, om = 0, sign = 1;
    apr_size_t i = 19;

    tm->usec = 0;
    if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ')
        || s[13] != ':' || s[16] != ':'
        || digits(s, 4, &tm->year) || digits(s + 5, 2, &tm->mon)
        || digits(s + 8, 2, &tm->mday) || digits(s + 11, 2, &tm->hour)
        || digits(s + 14, 2, &tm->min) || digits(s + 17, 2, &tm->sec))
        return -1;
    if (s[i] == '.') {
        int k = 0;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
            if (k < 6)
                tm->usec = tm->usec * 10 + (s[i] - '0');
        if (k == 0)
            return -1;
        for (; k < 6; k++)
            tm->usec *= 10;
    }
    if (i < n && s[i] == 'Z') {
        i++;
    } else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        sign = s[i] == '-' ? -1 : 1;
        if (digits(s + i + 1, 2, &oh) || digits(s + i + 4, 2, &om))
            return -1;
        i += 6;
    }
    if (i != n || tm->mon < 1 || tm->mon > 12 || tm->mday < 1
        || tm->mday > 31 || tm->hour > 23 || tm->min > 59 || tm->sec > 60
        || oh > 23 || om > 59)
        return -1;
    tm->utc_offset = sign * (oh * 3600 + om * 60);
    return 0;
}

int lw_rec_time_get(const lw_rec_time_t *tm, apr_time_t *t)
{
    apr_time_exp_t e;
    apr_time_t base;

    memset(&e, 0, sizeof(e));
    e.tm_year = tm->year - 1900;
    e.tm_mon = tm->mon - 1;
    e.tm_mday = tm->mday;
    e.tm_hour = tm->hour;
    e.tm_min = tm->min;
    e.tm_sec = tm->sec;
    if (apr_time_exp_gmt_get(&base, &e) != APR_SUCCESS)
        return -1;
    *t = base + tm->usec - apr_time_from_sec(tm->utc_offset);
    return 0;
}

static int parse_time(const char *s, apr_size_t n, apr_time_t *t, int *off)
{
    lw_rec_time_t tm;

    if (lw_rec_time_split(s, n, &tm) || lw_rec_time_get(&tm, t))
        return -1;
    *off = tm.utc_offset;
    return 0;
}

/* A known member of the wrong type makes the line "not a record"; null
 * counts as absent. Returns 1 when present and of the right type, 0 when
 * absent, -1 on a type error. */
static int get_typed(const lw_jval_t *o, const char *key, lw_jtype_e type,
                     const lw_jval_t **out)
{
    const lw_jval_t *v = lw_json_get(o, key);
    *out = v;
    if (!v || v->type == LW_JNULL)
        return 0;
    return v->type == type ? 1 : -1;
}

static int get_str(const lw_jval_t *o, const char *key, const char **out)
{
    const lw_jval_t *v;
    int r = get_typed(o, key, LW_JSTR, &v);
    if (r > 0)
        *out = v->str;
    return r;
}

static int get_int(const lw_jval_t *o, const char *key, apr_int64_t lo,
                   apr_int64_t hi, apr_int64_t *out)
{
    const lw_jval_t *v;
    int r = get_typed(o, key, LW_JNUM, &v);
    if (r <= 0)
        return r;
    if (!(v->num >= (double)lo && v->num <= (double)hi)
        || (double)(apr_int64_t)v->num != v->num)
        return -1;
    *out = (apr_int64_t)v->num;
    return 1;
}

#define TRY(x) do { if ((x) < 0) goto bad; } while (0)

static int read_rule(const lw_jval_t *o, lw_rec_rule_t *r)
{
    apr_int64_t id = 0;
    const char *cat = NULL, *sev = NULL;
    const lw_jval_t *v;
    int k;

    memset(r, 0, sizeof(*r));
    r->category = r->severity = -1;
    if (o->type != LW_JOBJ)
        return -1;
    if (get_int(o, "id", 0, 0xffffffffLL, &id) < 0)
        return -1;
    r->id = (apr_uint32_t)id;
    if (get_str(o, "category", &cat) < 0 || get_str(o, "severity", &sev) < 0
        || get_str(o, "field", &r->field) < 0 || get_str(o, "msg", &r->msg) < 0
        || get_str(o, "detail", &r->detail) < 0)
        return -1;
    if ((k = get_typed(o, "excerpt", LW_JSTR, &v)) < 0)
        return -1;
    if (k) {
        r->excerpt = v->str;
        r->excerpt_len = v->len;
    }
    if (cat)
        r->category = lw_category_from_name(cat);
    if (sev)
        r->severity = lw_severity_from_name(sev);
    return 0;
}

apr_status_t lw_record_parse(apr_pool_t *p, const char *line, apr_size_t len,
                             lw_record_t *rec, const char **err)
{
    lw_jval_t root;
    const lw_jval_t *v;
    const char *s = NULL, *jerr = NULL;
    apr_int64_t n;
    apr_size_t i;

    lw_record_init(rec);
    if (lw_json_parse(p, line, len, &root, &jerr) != APR_SUCCESS) {
        if (err)
            *err = jerr;
        return APR_EGENERAL;
    }
    if (root.type != LW_JOBJ) {
        if (err)
            *err = "not a JSON object";
        return APR_EGENERAL;
    }
    if (get_typed(&root, "time", LW_JSTR, &v) < 0
        || (v && v->type == LW_JSTR
            && parse_time(v->str, v->len, &rec->time, &rec->utc_offset))) {
        if (err)
            *err = "bad time";
        return APR_EGENERAL;
    }
    TRY(get_str(&root, "host", &rec->host));
    TRY(get_str(&root, "vhost", &rec->vhost));
    n = -1;
    TRY(get_int(&root, "port", 0, 65535, &n));
    rec->port = (int)n;
    TRY(get_str(&root, "client", &rec->client));
    TRY(get_str(&root, "peer", &rec->peer));
    TRY(get_str(&root, "forwarded", &rec->forwarded));
    TRY(get_str(&root, "method", &rec->method));
    TRY(get_str(&root, "uri", &rec->uri));
    TRY(get_str(&root, "protocol", &rec->protocol));
    n = -1;
    TRY(get_int(&root, "status", 0, 999, &n));
    rec->status = (int)n;
    TRY(get_int(&root, "bytes", 0, APR_INT64_MAX, &rec->bytes));
    TRY(get_int(&root, "duration_us", 0, APR_INT64_MAX, &rec->duration_us));
    TRY(get_str(&root, "referer", &rec->referer));
    TRY(get_str(&root, "user_agent", &rec->user_agent));
    TRY(get_str(&root, "request_id", &rec->request_id));
    TRY(get_str(&root, "verdict", &rec->verdict));
    TRY(get_str(&root, "severity", &s));
    if (s)
        rec->severity = lw_severity_from_name(s);
    n = -1;
    TRY(get_int(&root, "score", 0, 1000000, &n));
    rec->score = (int)n;
    TRY(get_typed(&root, "categories", LW_JARR, &v));
    if (v && v->type == LW_JARR) {
        for (i = 0; i < v->len; i++) {
            int c;
            if (v->items[i].type != LW_JSTR)
                goto bad;
            /* Names from a newer version are skipped, not an error. */
            c = lw_category_from_name(v->items[i].str);
            if (c >= 0 && c < 32)
                rec->categories |= 1u << c;
        }
    }
    TRY(get_typed(&root, "rules", LW_JARR, &v));
    if (v && v->type == LW_JARR && v->len) {
        rec->rules = apr_palloc(p, v->len * sizeof(*rec->rules));
        for (i = 0; i < v->len; i++)
            if (read_rule(&v->items[i], &rec->rules[i]))
                goto bad;
        rec->nrules = (int)v->len;
    }
    TRY(get_str(&root, "tool", &rec->tool));
    TRY(get_str(&root, "stopped", &rec->stopped));
    TRY(get_typed(&root, "evidence", LW_JOBJ, &v));
    if (v && v->type == LW_JOBJ) {
        const lw_jval_t *x;
        apr_int64_t id = 0;
        TRY(get_int(v, "id", 1, 0xffffffffLL, &id));
        TRY(get_str(v, "msg", &rec->ev_msg));
        TRY(get_typed(v, "excerpt", LW_JSTR, &x));
        if (x && x->type == LW_JSTR) {
            rec->ev_excerpt = x->str;
            rec->ev_excerpt_len = x->len;
        }
        rec->ev_id = (apr_uint32_t)id;
    }
    return APR_SUCCESS;
bad:
    if (err)
        *err = "a record member has the wrong type";
    return APR_EGENERAL;
}
