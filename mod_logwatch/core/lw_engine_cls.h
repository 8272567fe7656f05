/* Inside the classifier: the state of one classification and of the
 * field being inspected, shared by lw_engine.c (one field: the literal
 * scan, the regexes, the detectors, the memo) and lw_engine_req.c (the
 * request's fields in order, the budget by field, the verdict). Not for
 * use outside the core. */
#ifndef LW_ENGINE_CLS_H
#define LW_ENGINE_CLS_H

#include "lw_engine_int.h"
#include "lw_memo.h"
#include "lw_norm.h"

typedef struct {
    const lw_engine_t *e;
    const lw_limits_t *lim;
    apr_pool_t *p;
    lw_result_t *res;
    word_t *cand, *done;
    int only;                 /* >= 0: try this rule index alone */
    int nofilter;             /* ignore the prefilter (diagnostics only) */
    apr_size_t budget;        /* bytes the regexes may still scan in the
                               * field being inspected */
    apr_size_t left;          /* the request's budget not yet given out */
    apr_size_t cap, share;    /* a view's most, a field's least
                               * (lw_engine_int.h) */
    apr_size_t reserved;      /* the needs of the budget fields not yet
                               * begun */
    apr_size_t over_num, over_den;  /* needs past the share scaled by
                               * num/den to fit the request's total
                               * (den 0: not scaled) */
    int evaded;               /* the evasion hit is there */
    int in_b64;               /* inspecting a field's base64 text: one
                               * layer, never again inside it */
    /* The last scan and normalisation: path and uri are the same bytes
     * when there is no query, and are then scanned and normalised once. */
    const char *sc_text;
    apr_size_t sc_len;
    const lw_ac_t *sc_ac;
    apr_uint32_t sc_want;     /* the kinds that scan reported for */
    const char *nm_in, *nm_out;
    apr_size_t nm_len, nm_outlen;
    unsigned nm_flags;
    lw_norm_stages_t nm_st;   /* its stages, for the raw rules (lw_norm.h) */
    /* the labels of a body's fields past LW_BODY_MAX_FIELDS (made once) */
    const char *past_value, *past_name;
    pcre2_general_context *gc;
    pcre2_match_context *mc;
    pcre2_match_data *md;
    int nmatched;
    int nweak;                /* detector hits a weak verdict made "low"
                               * that a strong one may still raise */
    lw_memo_t *memo;          /* clean fields seen before, or NULL */
    apr_uint32_t memo_bind;   /* the memo's binding, in its keys' bits 26-29 */
    /* The work budget (lw_engine.h): units spent; once settled, useful
     * holds the rules that could still change the summary (made from the
     * pool then: most requests never settle). */
    apr_size_t work;
    apr_size_t memo_work;     /* work before the field the memo missed */
    int settled;
    int useless;              /* settled, and no rule is useful */
    word_t *useful;
    /* The query's last value (lw_reuse.c): vq is V_ARMED while its field
     * is to come, V_VALUE while it is inspected, V_QUERY once its regex
     * runs are recorded (for the query read whole next), else 0. vclean:
     * the rules that ran on it and found nothing; v_raw and v_norm: the
     * bytes they read; v_at: where those are the query's tail, per form
     * (-2: not looked yet, -1: they are not). */
    int vq;
    const char *v_raw, *v_norm;
    apr_size_t v_rawlen, v_normlen;
    long v_at[2];
    word_t *vclean;
    /* its normal forms (LW_N_PLUS, and decoded for the detectors): the
     * flags they were made with (0: none kept), the text, whether the
     * decoding ran out of rounds */
    unsigned vn_flags[2];
    const char *vn_out[2];
    apr_size_t vn_len[2];
    int vn_deep[2];
    lw_norm_stages_t vn_st;   /* the stages of its LW_N_PLUS form */
} cls_t;



/* What a field is inspected by: the regex rules, the detector rules, or
 * both. The query as a whole and the Cookie header as a whole are regex
 * fields; their parts (query segments, cookie values) detector fields. */
#define M_REGEX 1
#define M_DET   2
#define M_ALL   3

/* A field being inspected: its kind and what its record name is made of. */
typedef struct {
    int mode;                 /* M_* */
    int kind;
    const char *name;         /* parameter or header name, else NULL */
    apr_size_t name_len;
    const char *label;        /* built on the first hit */
    int skip_kind;            /* rules of this kind already saw these bytes */
    int strong_only;          /* a detector's weak verdict does not count
                               * (a part that repeats what the request's
                               * own fields hold: the Referer's query) */
} field_t;

/* stackbits: 64 words the caller provides (used when the rules fit). */
void lw_cls_init(cls_t *c, const lw_engine_t *e, const lw_limits_t *lim,
                 apr_pool_t *p, lw_result_t *res, int only, int nofilter,
                 word_t *stackbits);
void lw_cls_field_init(field_t *fd, int mode, int kind);
/* A field cut at max_inspect: the request is marked truncated and gets
 * the evasion signal (lw_engine.h). */
void lw_cls_cut(cls_t *c, field_t *fd, const char *s, apr_size_t len);
/* Something was left uninspected (text: a short account of what, the
 * excerpt): the evasion signal, as for a cut field. */
void lw_cls_evade(cls_t *c, field_t *fd, const char *text, apr_size_t len,
                  const char *why);
/* The request-target was cut by the server (LW_CUT_RULE_ID). */
void lw_cls_target_cut(cls_t *c, field_t *fd, const char *s, apr_size_t len);
/* What a budget field of len bytes over its views reserves
 * (lw_engine_int.h): LW_REGEX_PASSES passes, at least the share, at most
 * the cap per view; what it needs past the share scaled down when the
 * request's needs exceed its total. Inline: once per field and request. */
static inline apr_size_t lw_cls_field_need(const cls_t *c, apr_size_t len,
                                           int views)
{
    apr_size_t most = c->cap * (apr_size_t)views, need = most;

    if (len < most / LW_REGEX_PASSES)
        need = len * LW_REGEX_PASSES;
    if (need <= c->share)
        return c->share;
    if (c->over_den)
        return c->share + (apr_size_t)((apr_uint64_t)(need - c->share)
                                       * c->over_num / c->over_den);
    return need;
}

/* A budget field begins (its allowance) and ends (what is left goes on). */
void lw_cls_field_begin(cls_t *c, apr_size_t need, int views);
void lw_cls_field_end(cls_t *c);
/* One field, through the memo when there is one; want: the kinds whose
 * candidates the literal scan collects besides this field's. */
void lw_cls_inspect(cls_t *c, field_t *fd, const char *s, apr_size_t len,
                    unsigned nflags, apr_uint32_t want);
void lw_cls_inspect_simple(cls_t *c, int kind, const char *s,
                           apr_size_t len, unsigned nflags,
                           apr_uint32_t want);
/* The same without the memo, and the memo's steps (lw_engine.c). */
void lw_cls_inspect_field(cls_t *c, field_t *fd, const char *s,
                          apr_size_t len, unsigned nflags, apr_uint32_t want);
int lw_cls_memo_begin(cls_t *c, apr_uint32_t key, const char *s,
                      apr_size_t len, apr_size_t *before);
void lw_cls_memo_end(cls_t *c, apr_uint32_t key, const char *s,
                     apr_size_t len, apr_size_t before);
apr_uint32_t lw_cls_memo_key(const field_t *fd, unsigned nflags);

enum { V_ARMED = 1, V_VALUE, V_QUERY };

/* Whether rule i would find nothing in text[0..len), the query read whole,
 * from its run on the last value (lw_reuse.c); 0: run it. */
int lw_reuse_clean(cls_t *c, int i, const char *text, apr_size_t len);
/* lw_normalize_st while the query group's last value is armed or kept:
 * the query's form and stages made from the value's when they can be,
 * the value's kept when it is the one normalised. */
const char *lw_reuse_normalize(cls_t *c, const field_t *fd, const char *s,
                               apr_size_t len, unsigned nflags,
                               apr_size_t *outlen, int *deep,
                               lw_norm_stages_t *st);
/* The query's last value is being inspected: s[0..len) as sent, norm its
 * normal form (LW_N_PLUS); its clean runs are recorded from now on. */
void lw_reuse_arm(cls_t *c, const char *s, apr_size_t len, const char *norm,
                  apr_size_t nlen);
/* The last value's normal form made with flags, kept while it is
 * inspected (out: lw_normalize_ex's result, deep: its *undecoded). */
void lw_reuse_keep(cls_t *c, unsigned flags, const char *out,
                   apr_size_t outlen, int deep);
/* The normal form (flags) of s[0..len), a query or its segment whose tail
 * is the last value and whose prefix normalisation leaves alone, made from
 * the value's kept one; NULL: normalise it. */
const char *lw_reuse_norm(cls_t *c, const char *s, apr_size_t len,
                          unsigned flags, apr_size_t *outlen, int *deep,
                          lw_norm_stages_t *st);

/* RFC 3986's unreserved bytes: letters, digits, "-._~" (lw_engine_req.c).
 * A run of them, with at most one other byte allowed (a path's '/', a
 * query prefix's '='), holds no operator, quote, space or escape. */
extern const unsigned char lw_unreserved[256];

static APR_INLINE int lw_unreserved_run(const char *s, apr_size_t len,
                                        char also)
{
    apr_size_t i;

    for (i = 0; i < len; i++)
        if (!lw_unreserved[(unsigned char)s[i]] && s[i] != also)
            return 0;
    return 1;
}

#endif
