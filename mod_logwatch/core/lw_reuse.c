/* The query's regex runs that its last parameter's value already made.
 *
 * A request's query group reads the same bytes three times: each
 * parameter's value (args), the query whole, the uri. The query ends with
 * its last value: "id=<payload>" is a short prefix and then exactly the
 * bytes the args rules just read (raw, and in the normalised form when
 * the query's normal form ends with the value's). A rule on both args and
 * query that found nothing in the value can only match in the query by a
 * match that starts in the prefix, or one whose lookbehind (\b included)
 * reaches into it; a match starting further on sees only the value's
 * bytes, with at most what the value alone also saw around them (an
 * anchor ^, \A or \G holds at the value's start, never inside the query).
 * So the query's run is replaced by anchored attempts at the prefix's
 * positions and the lookbehind's reach after it, each only where the
 * rule's first byte can be; any attempt that does not end in "no match"
 * (a match, a limit) makes the rule run whole, as before. The result, the
 * budget charged and the work counted are those of the run it replaces.
 *
 * Not for a rule with backtracking verbs or callouts ("(*", "(?C": a
 * (*COMMIT) in an earlier attempt may end a search the value's run went
 * on with) nor for one that can match the empty string. */
#include <string.h>

#include "lw_engine_int.h"
#include "lw_engine_cls.h"
#include "lw_norm.h"

/* The longest prefix worth the attempts ("a=1&b=2&id=" is 11 bytes). */
#define LW_REUSE_MAX_PREFIX 64

/* The pattern's groups that open with "(*" (a verb) or "(?C" (a callout):
 * returns -1 when there is one, else the number of lookbehinds. An
 * escaped '(' (as in "\(*", any number of parentheses) or one in \Q...\E
 * is a literal; a "(*" in a character class counts as a verb all the
 * same (rare, and a class misread cannot hide a verb then). */
static int scan_pattern(const char *s)
{
    int n = 0, cls = 0;

    for (; *s; s++) {
        if (*s == '\\') {
            if (s[1] == 'Q') {
                const char *e = strstr(s + 2, "\\E");
                if (!e)
                    break;
                s = e + 1;
            }
            else if (s[1])
                s++;
            continue;
        }
        if (cls) {
            if (*s == ']')
                cls = 0;
            else if (*s == '(' && s[1] == '*')
                return -1;
            continue;
        }
        if (*s == '[') {
            cls = 1;
            if (s[1] == '^')
                s++;
            if (s[1] == ']')
                s++;          /* a ']' first in a class is a literal */
            continue;
        }
        if (*s != '(')
            continue;
        if (s[1] == '*' || (s[1] == '?' && s[2] == 'C'))
            return -1;
        if (s[1] == '?' && s[2] == '<' && (s[3] == '=' || s[3] == '!'))
            n++;
    }
    return n;
}

static apr_status_t free_anchored(void *data)
{
    lw_engine_t *e = data;
    int i;

    for (i = 0; i < e->nrules; i++)
        if (e->reuse[i].anchored)
            pcre2_code_free(e->reuse[i].anchored);
    return APR_SUCCESS;
}

/* The pattern of rule i compiled again with its options and
 * PCRE2_ANCHORED, JIT-compiled: an attempt at one position costs the JIT
 * a few dozen instructions, pcre2_match's interpreter a thousand or more.
 * NULL when it does not compile or JIT (the interpreter is used then). */
static pcre2_code *anchored_code(const lw_engine_t *e, int i)
{
    const char *pat = e->strs + e->rules[i].pattern;
    uint32_t opts = 0;
    int err;
    PCRE2_SIZE off;
    pcre2_code *a;

    if (!e->jit[i]
        || pcre2_pattern_info(e->codes[i], PCRE2_INFO_ARGOPTIONS, &opts) != 0)
        return NULL;
    a = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                      opts | PCRE2_ANCHORED, &err, &off, NULL);
    if (a && pcre2_jit_compile(a, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(a);
        a = NULL;
    }
    return a;
}

int lw_reuse_attach(lw_engine_t *e, apr_pool_t *p)
{
    int i, b;

    e->reuse = apr_pcalloc(p, sizeof(*e->reuse) * (apr_size_t)e->nrules);
    if (!e->reuse)
        return -1;
    for (i = 0; i < e->nrules; i++) {
        lw_reuse_t *r = &e->reuse[i];
        const char *pat = e->strs + e->rules[i].pattern;
        uint32_t ft = 0, fc = 0, lb = 0, me = 1;
        int nlb;
        const uint8_t *bm = NULL;

        if (e->rules[i].detector || !e->codes[i])
            continue;
        if ((nlb = scan_pattern(pat)) < 0)
            continue;
        if (pcre2_pattern_info(e->codes[i], PCRE2_INFO_MATCHEMPTY, &me) != 0
            || me
            || pcre2_pattern_info(e->codes[i], PCRE2_INFO_MAXLOOKBEHIND,
                                  &lb) != 0
            || pcre2_pattern_info(e->codes[i], PCRE2_INFO_FIRSTCODETYPE,
                                  &ft) != 0)
            continue;
        /* Nested lookbehinds add up (pcre2api: MAXLOOKBEHIND is the
         * largest single one): the bound is one per lookbehind. */
        r->reach = lb * (apr_uint32_t)(1 + nlb);
        if (ft == 1
            && pcre2_pattern_info(e->codes[i], PCRE2_INFO_FIRSTCODEUNIT,
                                  &fc) == 0 && fc < 0x80) {
            /* caseless: both ASCII cases */
            r->start[fc >> 6] |= (apr_uint64_t)1 << (fc & 63);
            if ((fc | 0x20) >= 'a' && (fc | 0x20) <= 'z') {
                b = (int)(fc ^ 0x20);
                r->start[b >> 6] |= (apr_uint64_t)1 << (b & 63);
            }
        }
        else if (ft == 0
                 && pcre2_pattern_info(e->codes[i], PCRE2_INFO_FIRSTBITMAP,
                                       &bm) == 0 && bm) {
            for (b = 0; b < 256; b++)
                if (bm[b >> 3] & (1u << (b & 7)))
                    r->start[b >> 6] |= (apr_uint64_t)1 << (b & 63);
        }
        else
            r->start[0] = r->start[1] = r->start[2] = r->start[3]
                = ~(apr_uint64_t)0;
        r->ok = 1;
        r->anchored = anchored_code(e, i);
    }
    apr_pool_cleanup_register(p, e, free_anchored, apr_pool_cleanup_null);
    return 0;
}

/* Where the value's bytes v[0..vlen) begin in text[0..len) as its tail,
 * or -1 (not its tail, or the prefix too long to be worth it). */
static long tail_at(const char *text, apr_size_t len, const char *v,
                    apr_size_t vlen)
{
    apr_size_t p;

    if (!v || vlen > len)
        return -1;
    p = len - vlen;
    if (p > LW_REUSE_MAX_PREFIX)
        return -1;
    if (text + p != v && memcmp(text + p, v, vlen) != 0)
        return -1;
    return (long)p;
}

int lw_reuse_clean(cls_t *c, int i, const char *text, apr_size_t len)
{
    const lw_reuse_t *r = &c->e->reuse[i];
    long *at;
    apr_size_t pos, end;

    if (!r->ok || !(c->vclean[i / WBITS] >> (i % WBITS) & 1))
        return 0;
    if (c->e->rules[i].form == LW_FORM_RAW) {
        at = &c->v_at[0];
        if (*at == -2)
            *at = tail_at(text, len, c->v_raw, c->v_rawlen);
    }
    else {
        at = &c->v_at[1];
        if (*at == -2)
            *at = tail_at(text, len, c->v_norm, c->v_normlen);
    }
    if (*at < 0)
        return 0;
    end = (apr_size_t)*at + r->reach;
    if (end > len)
        end = len;
    for (pos = 0; pos < end; pos++) {
        unsigned char b = (unsigned char)text[pos];
        if (!(r->start[b >> 6] >> (b & 63) & 1))
            continue;
        /* The JIT code does not anchor at match time: the anchored twin,
         * else the interpreter. */
        if ((r->anchored
             ? pcre2_jit_match(r->anchored, (PCRE2_SPTR)text, len, pos, 0,
                               c->md, c->mc)
             : pcre2_match(c->e->codes[i], (PCRE2_SPTR)text, len, pos,
                           PCRE2_ANCHORED, c->md, c->mc))
            != PCRE2_ERROR_NOMATCH)
            return 0;
    }
    return 1;
}

/* The query's normal forms from its last value's: normalisation reads a
 * byte with what follows it (an escape, an entity, a comment, a white
 * space run) and never with what precedes it, but for a white space or
 * U+00A0 at the start, which it reads alike after any ASCII byte that is
 * not a space. A prefix of letters, digits and "=._-~" is left as it is
 * and changes nothing after it (no escape, entity, '+', slash, comment or
 * space in it; the decoding rounds and what is left undecoded are the
 * value's), so the query's form is the prefix and the value's form, and
 * it is the query itself exactly when the value's is the value. */
void lw_reuse_arm(cls_t *c, const char *s, apr_size_t len, const char *norm,
                  apr_size_t nlen)
{
    apr_size_t nb = sizeof(word_t) * (apr_size_t)c->e->nwords;

    if (!c->vclean)
        c->vclean = apr_palloc(c->p, nb);
    memset(c->vclean, 0, nb);
    c->v_raw = s;
    c->v_rawlen = len;
    c->v_norm = norm;
    c->v_normlen = nlen;
    c->vq = V_VALUE;
}

void lw_reuse_keep(cls_t *c, unsigned flags, const char *out,
                   apr_size_t outlen, int deep)
{
    int k = (flags & LW_N_DECODE) != 0;

    c->vn_flags[k] = flags;
    c->vn_out[k] = out;
    c->vn_len[k] = outlen;
    c->vn_deep[k] = deep;
}

/* The query's stages from the value's: the prefix decodes to itself in
 * every round, so each stage is the prefix and the value's stage. */
static void derive_stages(cls_t *c, const char *s, apr_size_t p,
                          lw_norm_stages_t *st)
{
    int k;

    for (k = 0; k < c->vn_st.n; k++) {
        char *b = apr_palloc(c->p, p + c->vn_st.len[k] + 1);
        if (!b)
            break;
        memcpy(b, s, p);
        memcpy(b + p, c->vn_st.s[k], c->vn_st.len[k] + 1);
        st->s[k] = b;
        st->len[k] = p + c->vn_st.len[k];
        st->n = k + 1;
    }
}

const char *lw_reuse_norm(cls_t *c, const char *s, apr_size_t len,
                          unsigned flags, apr_size_t *outlen, int *deep,
                          lw_norm_stages_t *st)
{
    int k = (flags & LW_N_DECODE) != 0;
    apr_size_t p;
    char *buf;

    if (c->vq != V_QUERY || !flags || c->vn_flags[k] != flags || !s
        || s > c->v_raw || s + len != c->v_raw + c->v_rawlen)
        return NULL;
    p = (apr_size_t)(c->v_raw - s);
    if (!lw_unreserved_run(s, p, '='))
        return NULL;
    *deep = c->vn_deep[k];
    if (c->vn_out[k] == c->v_raw) {
        *outlen = len;
        return s;
    }
    buf = apr_palloc(c->p, p + c->vn_len[k] + 1);
    if (!buf)
        return NULL;
    memcpy(buf, s, p);
    memcpy(buf + p, c->vn_out[k], c->vn_len[k]);
    buf[p + c->vn_len[k]] = '\0';
    *outlen = p + c->vn_len[k];
    if (st && !k)
        derive_stages(c, s, p, st);
    return buf;
}

const char *lw_reuse_normalize(cls_t *c, const field_t *fd, const char *s,
                               apr_size_t len, unsigned nflags,
                               apr_size_t *outlen, int *deep,
                               lw_norm_stages_t *st)
{
    const char *out = NULL;

    st->n = 0;
    if (c->vq == V_QUERY)
        out = lw_reuse_norm(c, s, len, nflags, outlen, deep, st);
    if (!out)
        out = lw_normalize_st(c->p, s, len, nflags, outlen, deep, st);
    if (c->vq == V_ARMED && fd->kind == FK_ARGS && (fd->mode & M_REGEX)) {
        lw_reuse_keep(c, nflags, out, *outlen, *deep);
        c->vn_st = *st;
    }
    return out;
}
