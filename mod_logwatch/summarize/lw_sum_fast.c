/* lw_sum_fast.c: read a record in one pass, without building a JSON tree.
 *
 * The summarizer reads millions of records; lw_record_parse builds a full
 * tree per line, which costs more than everything else together. This
 * scanner checks the grammar and the member types as lw_record_parse does,
 * keeps only the members the summary needs, and points into the line for
 * strings without escapes. Whenever it meets something it does not handle
 * exactly like the reference (\u escapes, non-integer numbers, duplicate
 * members, deep nesting, any error at all) it returns 0 and the caller asks
 * lw_record_parse, so both paths always agree on what a record is. */
#include "lw_sum_fast.h"

#include <string.h>
#include <apr_strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct {
    const unsigned char *p, *e;
} sc_t;

#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline))
#else
#define ALWAYS_INLINE
#endif
/* Loops over the member names in the writer's order: unrolled, each
 * name's compare and its value's type become constants. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define UNROLL _Pragma("GCC unroll 32")
#elif defined(__clang__)
#define UNROLL _Pragma("unroll")
#else
#define UNROLL
#endif

/* 1 for the bytes that end a plain run inside a string: controls, '"'
 * and '\\'. Constant, so parsing threads share nothing writable. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,      /* '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0       /* '\\' */
};

static inline void ws(sc_t *c)
{
    if (c->p < c->e && *c->p > ' ')
        return;                 /* the writer puts no whitespace */
    while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n'
                           || *c->p == '\r'))
        c->p++;
}

#define ONES APR_UINT64_C(0x0101010101010101)
#define HIGHS APR_UINT64_C(0x8080808080808080)

/* At '"'. *esc: 1 when the string holds escapes. \u and anything odd: -1. */
static inline int str(sc_t *c, lw_sv_t *sv, int *esc)
{
    const unsigned char *p = c->p + 1, *e = c->e, *start = p;

    *esc = 0;
    for (;;) {
#ifdef __SSE2__
        /* sixteen bytes at a time while none is '"', '\\' or a control;
         * the first one that is decides */
        const __m128i q = _mm_set1_epi8('"'), b = _mm_set1_epi8('\\');
        const __m128i ctl = _mm_set1_epi8(0x1f);
        while (e - p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i m = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, b)),
                _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
            int bits = _mm_movemask_epi8(m);
            if (bits) {
                p += __builtin_ctz((unsigned)bits);
                goto special_byte;
            }
            p += 16;
        }
#else
        /* eight bytes at a time while none is '"', '\\' or a control */
        while (e - p >= 8) {
            apr_uint64_t x, q, b, l;
            memcpy(&x, p, 8);
            q = x ^ ONES * '"';
            b = x ^ ONES * '\\';
            l = (x - ONES * 0x20) & ~x;
            if ((((q - ONES) & ~q) | ((b - ONES) & ~b) | l) & HIGHS)
                break;          /* the byte loop finds which one */
            p += 8;
        }
#endif
        while (p < e && !special[*p])
            p++;
        if (p >= e)
            return -1;
#ifdef __SSE2__
    special_byte:
#endif
        if (*p == '"')
            break;
        if (*p < 0x20 || p + 1 >= e)
            return -1;
        /* a backslash */
        switch (p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n':
        case 'r': case 't':
            break;
        default:
            return -1;      /* \u (surrogates...) and errors: the reference */
        }
        *esc = 1;
        p += 2;
    }
    sv->p = (const char *)start;
    sv->n = (apr_size_t)(p - start);
    c->p = p + 1;
    return 0;
}

/* The decoded form of a string holding simple escapes, into pool. */
static void unescape(lw_sv_t *sv, apr_pool_t *pool)
{
    char *o = apr_palloc(pool, sv->n + 1), *r = o;
    const char *s = sv->p, *e = sv->p + sv->n;

    while (s < e) {
        if (*s != '\\') {
            *o++ = *s++;
            continue;
        }
        switch (s[1]) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        default: *o++ = s[1]; break;        /* " \ / */
        }
        s += 2;
    }
    *o = '\0';
    sv->p = r;
    sv->n = (apr_size_t)(o - r);
}

/* The writer's integers (no sign, no leading zero, at most 18 digits,
 * no fraction) read inline: 1 and *v set, c moved past it; 0 for anything
 * else, c unmoved (num() decides). */
static inline int int_plain(sc_t *c, apr_int64_t *v)
{
    const unsigned char *p = c->p, *e = c->e, *lim;
    apr_int64_t x;
    unsigned dg;

    if (p >= e || *p < '1' || *p > '9')
        return 0;
    lim = e - p > 18 ? p + 18 : e;
    x = *p++ - '0';
    while (p < lim && (dg = (unsigned)*p - '0') < 10) {
        x = x * 10 + dg;
        p++;
    }
    if (p < e && (*p == '.' || *p == 'e' || *p == 'E'
                  || (*p >= '0' && *p <= '9')))
        return 0;
    *v = x;
    c->p = p;
    return 1;
}

/* A JSON number; *plain gets 1 for a non-negative integer of at most 18
 * digits, with its value in *v. */
static int num(sc_t *c, int *plain, apr_int64_t *v)
{
    const unsigned char *p = c->p, *e = c->e, *d;
    int neg = 0;

    /* the common case first: digits, no leading zero, no fraction */
    if (p < e && *p >= '1' && *p <= '9') {
        const unsigned char *lim = e - p > 18 ? p + 18 : e;
        apr_int64_t x = *p++ - '0';
        unsigned dg;
        while (p < lim && (dg = (unsigned)*p - '0') < 10) {
            x = x * 10 + dg;
            p++;
        }
        if (p >= e || (*p != '.' && *p != 'e' && *p != 'E'
                       && (*p < '0' || *p > '9'))) {
            *plain = 1;
            *v = x;
            c->p = p;
            return 0;
        }
        p = c->p;               /* longer, or a fraction: below */
    }
    *plain = 0;
    if (p < e && *p == '-') {
        neg = 1;
        p++;
    }
    d = p;
    if (p >= e || *p < '0' || *p > '9')
        return -1;
    if (*p == '0')
        p++;
    else
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    if (!neg && p - d <= 18 && (p >= e || (*p != '.' && *p != 'e' && *p != 'E'))) {
        apr_int64_t x = 0;
        const unsigned char *q;
        for (q = d; q < p; q++)
            x = x * 10 + (*q - '0');
        *plain = 1;
        *v = x;
    }
    if (p < e && *p == '.') {
        p++;
        if (p >= e || *p < '0' || *p > '9')
            return -1;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || *p < '0' || *p > '9')
            return -1;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    c->p = p;
    return 0;
}

static int lit(sc_t *c, const char *w, apr_size_t n)
{
    if ((apr_size_t)(c->e - c->p) < n || memcmp(c->p, w, n) != 0)
        return -1;
    c->p += n;
    return 0;
}

static inline ALWAYS_INLINE int is_null(sc_t *c)
{
    if (c->p >= c->e || *c->p != 'n')
        return 0;       /* the common case: a value */
    return lit(c, "null", 4) == 0;
}

/* At '{' or '[': step in; 1 when the container is empty (its close
 * consumed too), 0 when members follow. */
static inline int open_empty(sc_t *c, unsigned char close)
{
    c->p++;
    ws(c);
    if (c->p < c->e && *c->p == close) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A member's name and its ':'. *esc as str(). */
static inline int member(sc_t *c, lw_sv_t *k, int *esc)
{
    ws(c);
    if (c->p >= c->e || *c->p != '"' || str(c, k, esc))
        return -1;
    ws(c);
    if (c->p >= c->e || *c->p != ':')
        return -1;
    c->p++;
    return 0;
}

/* After a member or element: 1 at ',' (another follows), 0 at close (the
 * container ends; consumed), -1 at anything else. */
static inline int more(sc_t *c, unsigned char close)
{
    if (c->p < c->e && *c->p == ',') {     /* the writer's way */
        c->p++;
        return 1;
    }
    ws(c);
    if (c->p >= c->e)
        return -1;
    if (*c->p == ',') {
        c->p++;
        return 1;
    }
    if (*c->p != close)
        return -1;
    c->p++;
    return 0;
}

/* Any value, checked and skipped. Deep nesting goes to the reference. */
static int skip(sc_t *c, int depth)
{
    lw_sv_t sv;
    apr_int64_t v;
    int esc, plain, m;
    unsigned char close;

    ws(c);
    if (c->p >= c->e)
        return -1;
    switch (*c->p) {
    case '"':
        return str(c, &sv, &esc);
    case 't':
        return lit(c, "true", 4);
    case 'f':
        return lit(c, "false", 5);
    case 'n':
        return lit(c, "null", 4);
    case '{':
    case '[':
        if (depth >= 8)
            return -1;
        close = *c->p == '{' ? '}' : ']';
        if (open_empty(c, close))
            return 0;
        for (;;) {
            if (close == '}' && member(c, &sv, &esc))
                return -1;
            if (skip(c, depth + 1))
                return -1;
            if ((m = more(c, close)) <= 0)
                return m;
        }
    default:
        return num(c, &plain, &v);
    }
}

/* A member's name as the writer puts it, quote to colon ("time":), padded
 * to sixteen bytes: one compare recognises it where it stands. */
typedef struct {
    unsigned char q[16];
    apr_size_t qlen;
    unsigned need;              /* a bit for each of the qlen bytes */
} qname_t;

#define QNAME(k) { "\"" k "\":", sizeof(k) + 2, (1u << (sizeof(k) + 2)) - 1 }

/* Is the member at p (e the end) named qn? Then p + qn->qlen is its value.
 * A match is exact: the name's closing quote is part of it. */
static inline int qname_at(const unsigned char *p, const unsigned char *e,
                           const qname_t *qn)
{
#ifdef __SSE2__
    if (e - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i y = _mm_loadu_si128((const __m128i *)(const void *)qn->q);
        return ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) & qn->need)
               == qn->need;
    }
#endif
    return (apr_size_t)(e - p) >= qn->qlen && memcmp(p, qn->q, qn->qlen) == 0;
}

/* Members, in the order the writer puts them (looked up in that order). */
enum { T_STR, T_INT, T_TIME, T_CATS, T_RULES, T_EVIDENCE };
typedef struct {
    qname_t qn;
    int type;
    apr_int64_t max;
} key_t_;

static const key_t_ keys[] = {
    { QNAME("time"), T_TIME, 0 }, { QNAME("host"), T_STR, 0 },
    { QNAME("vhost"), T_STR, 0 }, { QNAME("port"), T_INT, 65535 },
    { QNAME("client"), T_STR, 0 }, { QNAME("peer"), T_STR, 0 },
    { QNAME("forwarded"), T_STR, 0 },
    { QNAME("method"), T_STR, 0 }, { QNAME("uri"), T_STR, 0 },
    { QNAME("protocol"), T_STR, 0 }, { QNAME("status"), T_INT, 999 },
    { QNAME("bytes"), T_INT, APR_INT64_MAX },
    { QNAME("duration_us"), T_INT, APR_INT64_MAX },
    { QNAME("referer"), T_STR, 0 }, { QNAME("user_agent"), T_STR, 0 },
    { QNAME("request_id"), T_STR, 0 }, { QNAME("verdict"), T_STR, 0 },
    { QNAME("severity"), T_STR, 0 }, { QNAME("score"), T_INT, 1000000 },
    { QNAME("categories"), T_CATS, 0 }, { QNAME("stopped"), T_STR, 0 },
    { QNAME("evidence"), T_EVIDENCE, 0 },
    { QNAME("rules"), T_RULES, 0 }, { QNAME("tool"), T_STR, 0 }
};
#define NKEYS ((int)(sizeof(keys) / sizeof(keys[0])))
/* The members kept, by their index in keys[]. */
enum { K_HOST = 1, K_VHOST = 2, K_CLIENT = 4, K_URI = 8, K_STATUS = 10,
       K_USER_AGENT = 14, K_VERDICT = 16, K_TOOL = 23 };

/* A name read by member() (unescaped), looked up. */
static int find_key(const lw_sv_t *k)
{
    int i;

    for (i = 0; i < NKEYS; i++)
        if (keys[i].qn.qlen == k->n + 3
            && memcmp(keys[i].qn.q + 1, k->p, k->n) == 0)
            return i;
    return -1;
}

#if !APR_IS_BIGENDIAN
/* Byte i of a little-endian word: the high bit, and all of it. */
#define HB(i) (APR_UINT64_C(0x80) << (8 * (i)))
#define FB(i) (APR_UINT64_C(0xff) << (8 * (i)))
#define CB(c, i) ((apr_uint64_t)(unsigned char)(c) << (8 * (i)))
#define D2(s) (((s)[0] - '0') * 10 + ((s)[1] - '0'))

/* The bytes of a word that are no decimal digit, as high bits. */
static inline apr_uint64_t nondigits(apr_uint64_t w)
{
    apr_uint64_t t = w ^ (ONES * '0');

    return (((t & (ONES * 0x7f)) + ONES * 0x76) | t) & HIGHS;
}

/* The writer's form, "2024-03-01T10:00:00.000000+01:00" (32 bytes), read
 * in place: digits and separators checked a word at a time, the same
 * ranges as lw_rec_time_split. 1 when not that form (the caller asks
 * lw_rec_time_split), -1 when that form but out of range. The date is
 * left to the caller. */
static int time_writer(const unsigned char *s, apr_size_t n,
                       lw_rec_time_t *tm)
{
    apr_uint64_t w[4];

    if (n != 32)
        return 1;
    memcpy(w, s, 32);
    /* YYYY-MM- DDTHH:MM :SS.uuuu uu+HH:MM */
    if ((nondigits(w[0]) & (HB(0) | HB(1) | HB(2) | HB(3) | HB(5) | HB(6)))
        || (nondigits(w[1]) & (HB(0) | HB(1) | HB(3) | HB(4) | HB(6) | HB(7)))
        || (nondigits(w[2]) & (HB(1) | HB(2) | HB(4) | HB(5) | HB(6) | HB(7)))
        || (nondigits(w[3]) & (HB(0) | HB(1) | HB(3) | HB(4) | HB(6) | HB(7)))
        || (w[0] & (FB(4) | FB(7))) != (CB('-', 4) | CB('-', 7))
        || (w[1] & FB(5)) != CB(':', 5)
        || (w[2] & (FB(0) | FB(3))) != (CB(':', 0) | CB('.', 3))
        || (w[3] & FB(5)) != CB(':', 5)
        || (s[10] != 'T' && s[10] != ' ') || (s[26] != '+' && s[26] != '-'))
        return 1;
    tm->hour = D2(s + 11);
    tm->min = D2(s + 14);
    tm->sec = D2(s + 17);
    tm->usec = D2(s + 20) * 10000 + D2(s + 22) * 100 + D2(s + 24);
    tm->utc_offset = D2(s + 27) * 3600 + D2(s + 30) * 60;
    if (tm->hour > 23 || tm->min > 59 || tm->sec > 60 || D2(s + 27) > 23
        || D2(s + 30) > 59)
        return -1;
    if (s[26] == '-')
        tm->utc_offset = -tm->utc_offset;
    return 0;
}
#endif

/* lw_rec_time_split's grammar, so both paths read one time. Days are
 * counted as APR does (from 1 March 1900), so both give one value. */
static int ftime(const lw_sv_t *sv, apr_time_t *t, int *off,
                 lw_fast_cache_t *cache)
{
    static const int dayoffset[12] =
        { 306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275 };
    lw_rec_time_t tm;
    apr_time_t days;

#if !APR_IS_BIGENDIAN
    int form;

    /* the writer's form with a date already seen (the cache holds only
     * dates lw_rec_time_split accepted; zeroed, it matches no date): no
     * need to split it */
    form = time_writer((const unsigned char *)sv->p, sv->n, &tm);
    if (form < 0)
        return -1;
    if (form == 0 && memcmp(cache->date, sv->p, 10) == 0) {
        days = cache->day;
        goto have_day;
    }
#endif
    if (lw_rec_time_split(sv->p, sv->n, &tm))
        return -1;
    if (memcmp(cache->date, sv->p, 10) == 0) {
        days = cache->day;
    } else {
        apr_time_t yr = tm.year - 1900;
        if (tm.mon < 3)
            yr--;
        days = yr * 365 + yr / 4 - yr / 100 + (yr / 100 + 3) / 4;
        days += dayoffset[tm.mon - 1] + tm.mday - 1;
        days -= 25508;
        memcpy(cache->date, sv->p, 10);
        cache->day = days;
    }
#if !APR_IS_BIGENDIAN
have_day:
#endif
    days = ((days * 24 + tm.hour) * 60 + tm.min) * 60 + tm.sec;
    if (days < 0)
        return -1;             /* before 1970: the reference says no */
    *off = tm.utc_offset;
    *t = days * APR_USEC_PER_SEC + tm.usec - apr_time_from_sec(*off);
    return 0;
}

static int cats(sc_t *c, apr_uint32_t *mask)
{
    lw_sv_t sv;
    int esc, i, m;

    if (open_empty(c, ']'))
        return 0;
    for (;;) {
        ws(c);
        if (c->p >= c->e || *c->p != '"' || str(c, &sv, &esc) || esc)
            return -1;
        i = lw_category_from_bytes(sv.p, sv.n);
        if (i >= 0 && i < 32)
            *mask |= 1u << i;
        if ((m = more(c, ']')) <= 0)
            return m;
    }
}

/* The objects with typed members: a rule (id an integer in 0..2^32-1,
 * the rest strings) and the evidence (id in 1..2^32-1, msg and excerpt
 * strings); null counts as absent, other members any value. Duplicates go
 * to the reference. */
typedef struct {
    const qname_t *names;       /* the first: the integer "id" */
    int n;
    apr_int64_t id_min;
} obj_t;

static const qname_t rk[] = {
    QNAME("id"), QNAME("category"), QNAME("severity"), QNAME("field"),
    QNAME("excerpt"), QNAME("msg"), QNAME("detail")
};
static const qname_t ek[] = { QNAME("id"), QNAME("msg"), QNAME("excerpt") };
static const obj_t rule_obj = { rk, (int)(sizeof(rk) / sizeof(rk[0])), 0 };
static const obj_t evidence_obj = { ek, (int)(sizeof(ek) / sizeof(ek[0])), 1 };

/* A member of a typed object at its value: null counts as absent, member
 * 0 is the integer id (at least id_min), the other names strings, any
 * other member (i == n) any value. */
static inline ALWAYS_INLINE int typed_value(sc_t *c, int i, int n,
                                            apr_int64_t id_min)
{
    lw_sv_t sv;
    apr_int64_t v;
    int esc, plain;

    if (i < n && is_null(c)) {
        /* null counts as absent */
    } else if (i == 0) {
        if (!int_plain(c, &v) && (num(c, &plain, &v) || !plain))
            return -1;
        if (v < id_min || v > 0xffffffffLL)
            return -1;
    } else if (i < n) {
        if (c->p >= c->e || *c->p != '"' || str(c, &sv, &esc))
            return -1;
    } else if (skip(c, 3)) {
        return -1;
    }
    return 0;
}

/* Inlined with o a constant, so the names are known where they are
 * compared and the writer's order below is unrolled into straight code. */
static inline ALWAYS_INLINE int typed_object(sc_t *c, const obj_t *o)
{
    unsigned seen = 0;
    lw_sv_t k;
    int esc, i, m, guess = 0;

    ws(c);
    if (c->p >= c->e || *c->p != '{')
        return -1;
    if (open_empty(c, '}'))
        return 0;
    /* The writer's order, each name tried once where the scan of the
     * loop below would try it (first from guess on): the same members
     * found, without its bookkeeping. Anything else is left to it. */
    UNROLL
    for (i = 0; i < o->n; i++) {
        if (!qname_at(c->p, c->e, &o->names[i]))
            continue;
        c->p += o->names[i].qlen;
        guess = i + 1;
        seen |= 1u << i;
        if (typed_value(c, i, o->n, o->id_min))
            return -1;
        if ((m = more(c, '}')) <= 0)
            return m;
    }
    for (;;) {
        /* no whitespace before a name the writer wrote: member() below
         * reads any other */
        for (i = guess; i < o->n; i++)
            if (qname_at(c->p, c->e, &o->names[i]))
                break;
        if (i < o->n) {
            c->p += o->names[i].qlen;
            guess = i + 1;
        } else {
            if (member(c, &k, &esc) || esc)
                return -1;
            for (i = 0; i < o->n; i++)
                if (o->names[i].qlen == k.n + 3
                    && memcmp(o->names[i].q + 1, k.p, k.n) == 0)
                    break;
            ws(c);
        }
        if (i < o->n) {
            if (seen & (1u << i))
                return -1;
            seen |= 1u << i;
        }
        if (typed_value(c, i, o->n, o->id_min))
            return -1;
        if ((m = more(c, '}')) <= 0)
            return m;
    }
}

static int rule_object(sc_t *c)
{
    return typed_object(c, &rule_obj);
}

static int evidence_object(sc_t *c)
{
    return typed_object(c, &evidence_obj);
}

static int rules(sc_t *c)
{
    int m;

    if (open_empty(c, ']'))
        return 0;
    for (;;) {
        if (rule_object(c))
            return -1;
        if ((m = more(c, ']')) <= 0)
            return m;
    }
}

/* A kept member's value (ki its index in keys[]), at its first byte. */
static inline ALWAYS_INLINE int member_value(sc_t *c, int ki, lw_fastrec_t *r,
                                             apr_pool_t *scratch,
                                             lw_fast_cache_t *cache)
{
    lw_sv_t sv;
    int esc, plain;
    apr_int64_t v;

    if (is_null(c))
        return 0;
    switch (keys[ki].type) {
    case T_STR:
        if (*c->p != '"' || str(c, &sv, &esc))
            return -1;
        if (esc)
            unescape(&sv, scratch);
        switch (ki) {
        case K_HOST: r->host = sv; break;
        case K_VHOST: r->vhost = sv; break;
        case K_CLIENT: r->client = sv; break;
        case K_URI: r->uri = sv; break;
        case K_USER_AGENT: r->user_agent = sv; break;
        case K_VERDICT: r->verdict = sv; break;
        case K_TOOL: r->tool = sv; break;
        default: break;
        }
        break;
    case T_INT:
        if (!int_plain(c, &v) && (num(c, &plain, &v) || !plain))
            return -1;
        if (v > keys[ki].max)
            return -1;
        if (ki == K_STATUS)
            r->status = (int)v;
        break;
    case T_TIME:
        if (*c->p != '"' || str(c, &sv, &esc) || esc
            || ftime(&sv, &r->time, &r->utc_offset, cache))
            return -1;
        break;
    case T_CATS:
        if (*c->p != '[' || cats(c, &r->categories))
            return -1;
        break;
    case T_RULES:
        if (*c->p != '[' || rules(c))
            return -1;
        break;
    case T_EVIDENCE:
        if (*c->p != '{' || evidence_object(c))
            return -1;
        break;
    }
    return 0;
}

int lw_fast_record(const char *line, apr_size_t len, lw_fastrec_t *r,
                   apr_pool_t *scratch, lw_fast_cache_t *cache)
{
    sc_t c;
    apr_uint32_t seen = 0;
    int guess = 0, ki, m;

    memset(r, 0, sizeof(*r));
    r->time = -1;
    r->status = -1;
    c.p = (const unsigned char *)line;
    c.e = c.p + len;
    ws(&c);
    if (c.p >= c.e || *c.p != '{')
        return 0;
    if (open_empty(&c, '}'))
        goto end;
    /* The writer's order, each name tried once where the scan of the
     * loop below would try it (first from guess on, the member found
     * then can not have been seen): the same members read, without the
     * loop's bookkeeping. The first member out of that order goes to
     * the loop, with guess and seen as it would have them. */
    UNROLL
    for (ki = 0; ki < NKEYS; ki++) {
        if (!qname_at(c.p, c.e, &keys[ki].qn))
            continue;
        c.p += keys[ki].qn.qlen;
        if (c.p >= c.e)
            return 0;
        guess = ki + 1;
        seen |= 1u << ki;
        if (member_value(&c, ki, r, scratch, cache))
            return 0;
        if ((m = more(&c, '}')) < 0)
            return 0;
        if (m == 0)
            goto end;
    }
    for (;;) {
        lw_sv_t k;
        int esc;

        /* the writer's next member (those without a value are left out);
         * no whitespace before it: member() below reads any other */
        for (ki = guess; ki < NKEYS; ki++)
            if (qname_at(c.p, c.e, &keys[ki].qn))
                break;
        if (ki < NKEYS) {
            c.p += keys[ki].qn.qlen;
        } else {
            if (member(&c, &k, &esc) || esc)
                return 0;
            ki = find_key(&k);
            ws(&c);
        }
        if (c.p >= c.e)
            return 0;
        if (ki < 0) {
            if (skip(&c, 1))
                return 0;
            goto next;
        }
        guess = ki + 1;
        if (seen & (1u << ki))
            return 0;
        seen |= 1u << ki;
        if (member_value(&c, ki, r, scratch, cache))
            return 0;
    next:
        if ((m = more(&c, '}')) < 0)
            return 0;
        if (m == 0)
            break;
    }
end:
    ws(&c);
    return c.p == c.e;
}
