/* lw_need.c: the byte sets a regex cannot match without (lw_need.h).
 *
 * A recursive reading of the pattern. Each part gives a list of sets (a
 * conjunction: the part's match holds a byte of each):
 *  - a literal byte: itself, both cases (rules are compiled caseless);
 *    a class or an escape (\d \w \s ...): its bytes, with a margin where
 *    PCRE2's tables could add some (\s, \w also count bytes >= 0x80);
 *  - a sequence: the lists of its parts together, the least common kept;
 *  - alternatives: one set, the union of each branch's first (none when
 *    a branch has none);
 *  - a quantified part: its list when it must occur at least once, else
 *    none; a group or a positive lookaround: its content's (a lookaround
 *    reads bytes of the subject too: the engine always matches from the
 *    start of the field, so a lookbehind sees nothing before it);
 *  - zero-width assertions, back references, negative lookarounds, '.',
 *    negated escapes: none.
 * Anything else (\Q, \p, callouts, conditions, recursion, option x or
 * unknown escapes) gives no set for the whole pattern. */
#include <string.h>
#include "lw_need.h"

typedef struct {
    int n;
    lw_byteset_t s[LW_NEED_MAX];
    unsigned w[LW_NEED_MAX];    /* weight: lower is rarer in text */
} need_t;

typedef struct {
    const unsigned char *p;
    int bad;                    /* a construct this reader does not follow */
    int depth;
} rd_t;

static void set_add(lw_byteset_t *s, unsigned c)
{
    s->b[c >> 6] |= (apr_uint64_t)1 << (c & 63);
}

static void set_fold_add(lw_byteset_t *s, unsigned c)
{
    set_add(s, c);
    if (c >= 'a' && c <= 'z')
        set_add(s, c - 32);
    else if (c >= 'A' && c <= 'Z')
        set_add(s, c + 32);
}

static void set_range(lw_byteset_t *s, unsigned a, unsigned b)
{
    unsigned c;
    for (c = a; c <= b && c < 256; c++)
        set_fold_add(s, c);
}

static unsigned set_count(const lw_byteset_t *s)
{
    return (unsigned)(__builtin_popcountll(s->b[0])
                      + __builtin_popcountll(s->b[1])
                      + __builtin_popcountll(s->b[2])
                      + __builtin_popcountll(s->b[3]));
}

/* How common a set's bytes are in request fields: letters, digits and
 * the path punctuation most, other punctuation and white space less
 * (weights 16, 4 and 1). Called for every atom: popcounts, not a loop
 * over the bytes. */
static unsigned weight(const lw_byteset_t *s)
{
    /* 16: 0-9 A-Z a-z / . - _; 4: % = & + , : ; ? space ( ) */
    static const apr_uint64_t common[4] = {
        0x03ff000000000000ull | (1ull << '/') | (1ull << '.') | (1ull << '-'),
        0x07fffffe87fffffeull, 0, 0 };
    static const apr_uint64_t mid[4] = {
        (1ull << '%') | (1ull << '=') | (1ull << '&') | (1ull << '+')
        | (1ull << ',') | (1ull << ':') | (1ull << ';') | (1ull << '?')
        | (1ull << ' ') | (1ull << '(') | (1ull << ')'), 0, 0, 0 };
    unsigned w = 0;
    int k;

    for (k = 0; k < 4; k++) {
        w += 16u * (unsigned)__builtin_popcountll(s->b[k] & common[k]);
        w += 4u * (unsigned)__builtin_popcountll(s->b[k] & mid[k]);
        w += (unsigned)__builtin_popcountll(s->b[k] & ~common[k] & ~mid[k]);
    }
    return w;
}

static void need_one(need_t *n, const lw_byteset_t *s)
{
    n->n = 1;
    n->s[0] = *s;
    n->w[0] = weight(s);
}

/* n gets the sets of m too, the rarest LW_NEED_MAX of both kept. */
static void need_and(need_t *n, const need_t *m)
{
    int i, j;
    for (i = 0; i < m->n; i++) {
        int at = n->n;
        if (at == LW_NEED_MAX) {
            /* replace the most common if this one is rarer */
            int worst = 0;
            for (j = 1; j < n->n; j++)
                if (n->w[j] > n->w[worst])
                    worst = j;
            if (n->w[worst] <= m->w[i])
                continue;
            at = worst;
        }
        else
            n->n++;
        n->s[at] = m->s[i];
        n->w[at] = m->w[i];
    }
}

static int rarest(const need_t *n)
{
    int j, best = 0;
    for (j = 1; j < n->n; j++)
        if (n->w[j] < n->w[best])
            best = j;
    return best;
}

static int hexv(unsigned c)
{
    return c >= '0' && c <= '9' ? (int)c - '0'
         : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (int)(c | 0x20) - 'a' + 10
         : -1;
}

/* Class escapes: \d \w \s \h \v \R; 1 when esc is one (set filled). */
static int class_escape(unsigned esc, lw_byteset_t *s)
{
    switch (esc) {
    case 'd':
        set_range(s, '0', '9');
        return 1;
    case 'w':
        set_range(s, 'a', 'z');
        set_range(s, '0', '9');
        set_add(s, '_');
        set_range(s, 0x80, 0xff);   /* a locale's tables could add them */
        return 1;
    case 's':
        set_range(s, 0x09, 0x0d);
        set_add(s, ' ');
        set_add(s, 0x85);
        set_add(s, 0xa0);
        return 1;
    case 'h':
        set_add(s, '\t');
        set_add(s, ' ');
        set_add(s, 0xa0);
        return 1;
    case 'v':
    case 'R':
        set_range(s, 0x0a, 0x0d);
        set_add(s, 0x85);
        return 1;
    default:
        return 0;
    }
}

/* A literal escape at r->p (after the backslash): its byte, or -1 when
 * the escape is not a literal byte this reader knows. */
static int literal_escape(rd_t *r)
{
    unsigned c = *r->p;
    int v, k;

    if (c == 0)
        return -1;
    r->p++;
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'e': return 0x1b;
    case 'a': return 0x07;
    case 'x':
        if (*r->p == '{') {
            v = 0;
            for (k = 1; hexv(r->p[k]) >= 0 && k < 4; k++)
                v = v * 16 + hexv(r->p[k]);
            if (k == 1 || r->p[k] != '}')
                return -1;
            r->p += k + 1;
            return v;
        }
        v = 0;
        for (k = 0; k < 2 && hexv(r->p[k]) >= 0; k++)
            v = v * 16 + hexv(r->p[k]);
        r->p += k;
        return v;
    default:
        /* an escaped punctuation byte stands for itself */
        if ((c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40)
            || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e)
            || c == ' ')
            return (int)c;
        return -1;
    }
}

/* A class [...] at r->p (after the '['): its set; *any when negated to
 * something too wide to be worth a set. */
static void read_class(rd_t *r, lw_byteset_t *s)
{
    lw_byteset_t pos;
    int neg = 0, first = 1, prev = -1, k;

    memset(&pos, 0, sizeof(pos));
    if (*r->p == '^') {
        neg = 1;
        r->p++;
    }
    for (;;) {
        unsigned c = *r->p;
        int lit;
        if (c == 0) {
            r->bad = 1;
            return;
        }
        if (c == ']' && !first) {
            r->p++;
            break;
        }
        first = 0;
        if (c == '[' && (r->p[1] == ':' || r->p[1] == '.' || r->p[1] == '=')) {
            /* [:alpha:] and friends: not followed here */
            for (k = 2; r->p[k] && r->p[k] != ']'; k++)
                if (r->p[k] == r->p[1] && r->p[k + 1] == ']') {
                    r->bad = 1;
                    return;
                }
        }
        if (c == '\\') {
            r->p++;
            if (class_escape(*r->p, &pos)) {
                r->p++;
                prev = -1;
                continue;
            }
            if (*r->p == 'b') {             /* backspace in a class */
                r->p++;
                lit = 0x08;
            }
            else if ((lit = literal_escape(r)) < 0) {
                r->bad = 1;
                return;
            }
        }
        else {
            lit = (int)c;
            r->p++;
        }
        if (*r->p == '-' && r->p[1] != ']' && r->p[1] != 0) {
            /* a range lit-hi */
            int hi;
            r->p++;
            if (*r->p == '\\') {
                r->p++;
                if ((hi = literal_escape(r)) < 0) {
                    r->bad = 1;
                    return;
                }
            }
            else if (*r->p == '[') {
                r->bad = 1;
                return;
            }
            else
                hi = *r->p++;
            if (hi < lit) {
                r->bad = 1;
                return;
            }
            set_range(&pos, (unsigned)lit, (unsigned)hi);
            prev = -1;
            continue;
        }
        set_fold_add(&pos, (unsigned)lit);
        prev = lit;
    }
    (void)prev;
    if (neg) {
        for (k = 0; k < 4; k++)
            s->b[k] = ~pos.b[k];
    }
    else
        *s = pos;
}

static void read_alt(rd_t *r, need_t *out);

/* A quantifier at r->p: 1 and its minimum in *min, the pointer moved
 * past it and any lazy/possessive mark; 0 when there is none ('{' that
 * is no quantifier is a literal brace to PCRE2 10.42). */
static int read_quant(rd_t *r, int *min)
{
    const unsigned char *q = r->p;

    if (*q == '*' || *q == '?') {
        *min = 0;
        q++;
    }
    else if (*q == '+') {
        *min = 1;
        q++;
    }
    else if (*q == '{') {
        const unsigned char *d = q + 1;
        int v = 0, digits = 0;
        while (*d >= '0' && *d <= '9') {
            if (v < 100000)
                v = v * 10 + (*d - '0');
            d++;
            digits++;
        }
        if (!digits)
            return 0;
        if (*d == ',') {
            d++;
            while (*d >= '0' && *d <= '9')
                d++;
        }
        if (*d != '}')
            return 0;
        *min = v;
        q = d + 1;
    }
    else
        return 0;
    if (*q == '?' || *q == '+')
        q++;
    r->p = q;
    return 1;
}

/* One atom and its quantifier; 0 at the end of a branch. */
static int read_atom(rd_t *r, need_t *out)
{
    unsigned c = *r->p;
    lw_byteset_t s;
    int lit, min;

    out->n = 0;
    memset(&s, 0, sizeof(s));
    if (c == 0 || c == '|' || c == ')')
        return 0;
    if (c == '(') {
        int keep = 1;
        r->p++;
        if (r->p[0] == '*') {
            r->bad = 1;         /* (*VERB) */
            return 0;
        }
        if (r->p[0] == '?') {
            unsigned k = r->p[1];
            if (k == ':' || k == '>' || k == '=' || k == '|') {
                r->p += 2;      /* (?| resets group numbers: no matter */
            }
            else if (k == '!') {
                r->p += 2;
                keep = 0;
            }
            else if (k == '<' && (r->p[2] == '=' || r->p[2] == '!')) {
                keep = r->p[2] == '=';
                r->p += 3;
            }
            else if (k == '<' || k == '\'' || (k == 'P' && r->p[2] == '<')) {
                unsigned end = k == '\'' ? '\'' : '>';
                r->p += k == 'P' ? 3 : 2;
                while (*r->p && *r->p != end)
                    r->p++;
                if (!*r->p) {
                    r->bad = 1;
                    return 0;
                }
                r->p++;
            }
            else if (k == '#') {
                while (*r->p && *r->p != ')')
                    r->p++;
                if (*r->p)
                    r->p++;
                return 1;       /* a comment */
            }
            else {
                /* options: (?i) (?-i) (?i:...) with letters of "imnsU";
                 * x (extended) changes what the text means */
                const unsigned char *q = r->p + 1;
                while (*q == 'i' || *q == 'm' || *q == 's' || *q == 'n'
                       || *q == 'U' || *q == '-')
                    q++;
                if (q == r->p + 1 || (*q != ')' && *q != ':')) {
                    r->bad = 1;
                    return 0;
                }
                r->p = q + 1;
                if (*q == ')')
                    return 1;   /* options for what follows: no bytes */
            }
        }
        if (++r->depth > 200) {
            r->bad = 1;
            return 0;
        }
        read_alt(r, out);
        r->depth--;
        if (r->bad || *r->p != ')') {
            r->bad = 1;
            return 0;
        }
        r->p++;
        if (!keep)
            out->n = 0;
    }
    else if (c == '[') {
        r->p++;
        read_class(r, &s);
        if (r->bad)
            return 0;
        need_one(out, &s);
    }
    else if (c == '.' || c == '^' || c == '$') {
        r->p++;                 /* any byte, or no byte */
    }
    else if (c == '\\') {
        unsigned e = r->p[1];
        r->p++;
        if (class_escape(e, &s)) {
            r->p++;
            need_one(out, &s);
        }
        else if (strchr("bBAZzGKDWSHVNX", (int)e) && e) {
            if (e == 'X') {
                r->bad = 1;
                return 0;
            }
            r->p++;             /* assertions, negated classes: none */
        }
        else if (e >= '1' && e <= '9') {
            while (*r->p >= '0' && *r->p <= '9')
                r->p++;         /* a back reference (or octal): none */
        }
        else if (e == 'g' || e == 'k') {
            r->bad = 1;         /* named or relative references */
            return 0;
        }
        else if ((lit = literal_escape(r)) >= 0) {
            set_fold_add(&s, (unsigned)lit);
            need_one(out, &s);
        }
        else {
            r->bad = 1;
            return 0;
        }
    }
    else {
        r->p++;
        set_fold_add(&s, c);
        need_one(out, &s);
    }
    while (read_quant(r, &min))
        if (min == 0)
            out->n = 0;
    return 1;
}

/* A branch: its atoms' sets together. */
static void read_seq(rd_t *r, need_t *out)
{
    need_t a;

    memset(&a, 0, sizeof(a));
    out->n = 0;
    while (!r->bad && read_atom(r, &a))
        need_and(out, &a);
}

/* GCC 12's interprocedural mod/ref analysis gets this recursion wrong at
 * -O2 (the sets a branch's read_seq wrote came back as never written: "a|b"
 * needed only 'a'); keeping the function out of that analysis fixes it.
 * test_need checks the result on every shipped pattern. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
__attribute__((noipa))
#endif
static void read_alt(rd_t *r, need_t *out)
{
    need_t b;
    lw_byteset_t u;
    int k, any = 0;

    memset(&u, 0, sizeof(u));
    memset(&b, 0, sizeof(b));
    read_seq(r, out);
    if (*r->p != '|')
        return;
    if (out->n == 0)
        any = 1;
    else
        u = out->s[rarest(out)];
    while (*r->p == '|' && !r->bad) {
        r->p++;
        read_seq(r, &b);
        if (b.n == 0)
            any = 1;
        else if (!any) {
            const lw_byteset_t *bs = &b.s[rarest(&b)];
            for (k = 0; k < 4; k++)
                u.b[k] |= bs->b[k];
        }
    }
    out->n = 0;
    if (!any)
        need_one(out, &u);
}

int lw_need_sets(const char *pat, lw_byteset_t *sets)
{
    rd_t r;
    need_t n;
    int i, k = 0;

    memset(&n, 0, sizeof(n));
    r.p = (const unsigned char *)pat;
    r.bad = 0;
    r.depth = 0;
    read_alt(&r, &n);
    if (r.bad || *r.p != '\0')
        return 0;
    /* rarest first; a set of nearly every byte is no gate */
    while (n.n > 0) {
        i = rarest(&n);
        if (set_count(&n.s[i]) < 200)
            sets[k++] = n.s[i];
        n.s[i] = n.s[n.n - 1];
        n.w[i] = n.w[n.n - 1];
        n.n--;
    }
    return k;
}

/* ------------------------------------------------------------------ */

static int class_id(unsigned c)
{
    if (c >= 0x09 && c <= 0x0d)
        return (int)c - 0x09;                   /* 0-4 */
    if (c >= 0x20 && c <= 0x2f)
        return 5 + (int)c - 0x20;               /* 5-20 */
    if (c >= 0x3a && c <= 0x40)
        return 21 + (int)c - 0x3a;              /* 21-27 */
    if (c >= 0x5b && c <= 0x60)
        return 28 + (int)c - 0x5b;              /* 28-33 */
    if (c >= 0x7b && c <= 0x7e)
        return 34 + (int)c - 0x7b;              /* 34-37 */
    if (c >= '0' && c <= '9')
        return 38;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return 39 + (int)((c | 0x20) - 'a') / 2; /* 39-51, letters in pairs */
    if (c == 0x85 || c == 0xa0)
        return 52;
    if (c >= 0x80)
        return 53;
    return 54;                                  /* other control bytes */
}

void lw_need_classes(apr_uint64_t *cls)
{
    unsigned c;
    for (c = 0; c < 256; c++)
        cls[c] = (apr_uint64_t)1 << class_id(c);
}

apr_uint64_t lw_need_mask(const apr_uint64_t *cls, const lw_byteset_t *set)
{
    apr_uint64_t m = 0;
    unsigned c;
    for (c = 0; c < 256; c++)
        if ((set->b[c >> 6] >> (c & 63)) & 1)
            m |= cls[c];
    return m;
}
