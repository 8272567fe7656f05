/* The classifier. An engine attaches to a blob (lw_engine_attach.c). Per
 * request, each field is normalised at most once, scanned by an
 * Aho-Corasick automaton into a bitset of candidate rules, and only the
 * candidates that target that field run their regex. Detector rules
 * (lw_detect.h) run their detector once per field on its decoded form. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_atomic.h>

#include "lw_engine_int.h"
#include "lw_norm.h"
#include "lw_memo.h"
#include "lw_engine_cls.h"

static const char *const kind_names[NKINDS] = {
    "method", "uri", "path", "query", "arg_names", "args", "user_agent",
    "referer", "cookie", "headers", "response", "body", "body_names",
    "headers", "header_names", "headers"
};

static void *pool_malloc(PCRE2_SIZE n, void *data)
{
    return apr_palloc((apr_pool_t *)data, n);
}

static void pool_free(void *ptr, void *data)
{
    (void)ptr;
    (void)data;   /* the pool frees everything at once */
}

/* ------------------------------------------------------------------ */
/* Classifying one field (the request: lw_engine_req.c) */

static const char *field_label(cls_t *c, field_t *fd)
{
    if (!fd->label) {
        if (fd->kind == FK_ARGS && fd->name) {
            apr_size_t n;
            char *dec = lw_url_decode(c->p, fd->name, fd->name_len, 1, &n);
            fd->label = apr_pstrcat(c->p, "args:", dec, NULL);
        }
        else if ((fd->kind == FK_HEADERS || fd->kind == FK_HEADERS_STD
                  || fd->kind == FK_HEADERS_URL) && fd->name)
            fd->label = apr_pstrcat(c->p, "header:", fd->name, NULL);
        else
            fd->label = kind_names[fd->kind];
    }
    return fd->label;
}

static int lowest_hit(const lw_result_t *res)
{
    int i, lo = 0;
    for (i = 1; i < res->nhits; i++)
        if (res->hits[i].severity < res->hits[lo].severity)
            lo = i;
    return lo;
}

/* The work budget (lw_engine.h). The rules that could still change the
 * summary: a severity above the request's, a category it lacks, the tool
 * while none is named; never one already matched. */
static void update_useful(cls_t *c)
{
    const lw_engine_t *e = c->e;
    const lw_result_t *res = c->res;
    word_t any = 0;
    int w, k;

    for (w = 0; w < e->nwords; w++) {
        word_t u = e->sev_above[res->severity][w];
        for (k = 0; k < LW_CAT__COUNT; k++)
            if (k == LW_CAT_TOOL ? !res->tool : !(res->categories & (1u << k)))
                u |= e->cat_rules[k][w];
        c->useful[w] = u & ~c->done[w];
        any |= c->useful[w];
    }
    c->useless = !any;
}

/* Called as work is spent and rules match: settles the request once it
 * has spent its budget, is flagged and has enough hits. */
static void settle(cls_t *c)
{
    const lw_limits_t *lim = c->lim;

    if (c->settled) {
        update_useful(c);
        return;
    }
    if (!lim->work_budget || c->work < lim->work_budget
        || c->nmatched < LW_SETTLE_HITS || c->res->score < lim->min_score
        || c->only >= 0 || c->nofilter)
        return;
    c->useful = apr_palloc(c->p, sizeof(word_t) * (apr_size_t)c->e->nwords);
    c->settled = 1;
    update_useful(c);
}

/* Settled: of the rules bits (word w) about to run, those that could
 * change the summary. The others could only add score: they are not run
 * nor charged (the evasion signal is for rules the regex budget left
 * untried, and the record says why these were). */
static word_t only_useful(cls_t *c, int w, word_t bits)
{
    if (bits & ~c->useful[w])
        c->res->stopped = 1;
    return bits & c->useful[w];
}

/* Settled: whether a rule that could change the summary reads this field
 * (its regex rules, its detector rules, as its mode says). */
static int useful_here(const cls_t *c, const field_t *fd)
{
    const lw_engine_t *e = c->e;
    const word_t *rx = (fd->mode & M_REGEX) ? e->mask[fd->kind][F_BOTH] : NULL;
    const word_t *dt = (fd->mode & M_DET) ? e->dmask[fd->kind] : NULL;
    int w;

    if (c->useless)
        return 0;
    for (w = 0; w < e->nwords; w++)
        if (((rx ? rx[w] : 0) | (dt ? dt[w] : 0)) & c->useful[w])
            return 1;
    return 0;
}

/* sev: the rule's severity, or lower for a detector's weak verdict;
 * detail: a detector's reason, else NULL. */
static void add_hit(cls_t *c, int i, field_t *fd, const char *s,
                    apr_size_t len, int sev, const char *detail)
{
    const lw_blob_rule_t *r = &c->e->rules[i];
    lw_result_t *res = c->res;
    lw_hit_t *hit;

    SETBIT(c->done, i);
    c->nmatched++;
    res->score += lw_severity_score(sev);
    if (sev > res->severity)
        res->severity = sev;
    if (r->category == LW_CAT_TOOL) {
        if (!res->tool)
            res->tool = c->e->strs + r->msg;
    }
    else
        res->categories |= 1u << r->category;
    settle(c);
    if (res->nhits < LW_MAX_HITS)
        hit = &res->hits[res->nhits++];
    else {
        /* Full: keep the highest severities. */
        hit = &res->hits[lowest_hit(res)];
        if (hit->severity >= sev)
            return;
    }
    hit->rule_id = r->id;
    hit->rule_index = i;
    hit->category = r->category;
    hit->severity = sev;
    hit->detail = detail;
    hit->msg = c->e->strs + r->msg;
    hit->field = field_label(c, fd);
    hit->excerpt = s;
    hit->excerpt_len = len > LW_MAX_EXCERPT ? LW_MAX_EXCERPT : len;
}

static const char evasion_msg[] = "inspection limit reached: rules left "
                                  "untried (evasion)";

/* The evasion signal (lw_engine.h), once per request, on the field that
 * ran out. Not while checking one rule's examples. */
static void add_evasion(cls_t *c, field_t *fd, const char *s, apr_size_t len,
                        const char *why)
{
    lw_result_t *res = c->res;
    lw_hit_t *hit;

    c->res->limit_hit = 1;
    if (c->evaded || c->only >= 0 || c->nofilter)
        return;
    c->evaded = 1;
    res->score += lw_severity_score(LW_SEV_HIGH);
    if (LW_SEV_HIGH > res->severity)
        res->severity = LW_SEV_HIGH;
    res->categories |= 1u << LW_CAT_PROTOCOL;
    if (c->settled)
        update_useful(c);
    if (res->nhits < LW_MAX_HITS)
        hit = &res->hits[res->nhits++];
    else {
        hit = &res->hits[lowest_hit(res)];
        if (hit->severity >= LW_SEV_HIGH)
            return;
    }
    hit->rule_id = LW_EVASION_RULE_ID;
    hit->rule_index = -1;
    hit->category = LW_CAT_PROTOCOL;
    hit->severity = LW_SEV_HIGH;
    hit->msg = evasion_msg;
    hit->field = field_label(c, fd);
    hit->excerpt = s;
    hit->excerpt_len = len > LW_MAX_EXCERPT ? LW_MAX_EXCERPT : len;
    hit->detail = why;
}

static const char overlong_why[] = "field longer than the inspection "
                                   "length: its tail is not inspected";

/* A field some rule or detector reads is longer than max_inspect: what
 * follows the cut is never read, so padding could push an attack there.
 * The request gets the evasion signal rather than a clean verdict. */
void lw_cls_cut(cls_t *c, field_t *fd, const char *s, apr_size_t len)
{
    c->res->truncated = 1;
    add_evasion(c, fd, s, len, overlong_why);
}

/* Decoding ran out of rounds with an escape left (lw_normalize_ex): what
 * the application decodes further was never read. */
static void deep_encoded(cls_t *c, field_t *fd, const char *s,
                         apr_size_t len)
{
    add_evasion(c, fd, s, len, "encoded more times than normalisation "
                "decodes: the rest is not inspected");
}

void lw_cls_evade(cls_t *c, field_t *fd, const char *text, apr_size_t len,
                  const char *why)
{
    c->res->truncated = 1;
    add_evasion(c, fd, text, len, why);
}

static const char cut_msg[] = "request-target longer than the server "
                              "accepts (refused, its tail never read)";

void lw_cls_target_cut(cls_t *c, field_t *fd, const char *s, apr_size_t len)
{
    lw_result_t *res = c->res;
    lw_hit_t *hit;

    if (c->only >= 0 || c->nofilter)
        return;
    res->score += lw_severity_score(LW_SEV_MEDIUM);
    if (LW_SEV_MEDIUM > res->severity)
        res->severity = LW_SEV_MEDIUM;
    res->categories |= 1u << LW_CAT_PROTOCOL;
    if (res->nhits < LW_MAX_HITS)
        hit = &res->hits[res->nhits++];
    else {
        hit = &res->hits[lowest_hit(res)];
        if (hit->severity >= LW_SEV_MEDIUM)
            return;
    }
    hit->rule_id = LW_CUT_RULE_ID;
    hit->rule_index = -1;
    hit->category = LW_CAT_PROTOCOL;
    hit->severity = LW_SEV_MEDIUM;
    hit->msg = cut_msg;
    hit->field = field_label(c, fd);
    hit->excerpt = s;
    hit->excerpt_len = len > LW_MAX_EXCERPT ? LW_MAX_EXCERPT : len;
    hit->detail = NULL;
}

/* A budget field begins: its allowance, the most it may take that still
 * leaves every field after it its need. need is the one it reserved. */
void lw_cls_field_begin(cls_t *c, apr_size_t need, int views)
{
    apr_size_t allow, most = c->cap * (apr_size_t)views;

    c->reserved = c->reserved > need ? c->reserved - need : 0;
    allow = c->left > c->reserved ? c->left - c->reserved : 0;
    if (allow > most)
        allow = most;
    c->left -= allow;
    c->budget = allow;
}

/* ... and ends: what it did not use goes back. */
void lw_cls_field_end(cls_t *c)
{
    c->left += c->budget;
    c->budget = 0;
}

static inline __attribute__((always_inline)) int prepare_match(cls_t *c)
{
    if (c->md)
        return 1;
    c->gc = pcre2_general_context_create(pool_malloc, pool_free, c->p);
    if (!c->gc)
        return 0;
    c->mc = pcre2_match_context_create(c->gc);
    c->md = pcre2_match_data_create(1, c->gc);
    if (!c->mc || !c->md) {
        c->md = NULL;
        return 0;
    }
    if (c->lim->match_limit)
        pcre2_set_match_limit(c->mc, c->lim->match_limit);
    if (c->lim->depth_limit)
        pcre2_set_depth_limit(c->mc, c->lim->depth_limit);
    return 1;
}

/* Try the candidates of form f (already in c->cand) on text. track: the
 * field is the query's last value or the query (lw_reuse.c); a constant
 * in each caller below, so that the other fields' loop has none of it. */
static inline __attribute__((always_inline))
void try_candidates(cls_t *c, field_t *fd, int f, const char *text,
                    apr_size_t len, const int track)
{
    const lw_engine_t *e = c->e;
    const word_t *mask = e->mask[fd->kind][f], *nolit = e->nolit[f];
    const word_t *skip = fd->skip_kind >= 0 ? e->mask[fd->skip_kind][f] : NULL;
    apr_uint64_t has = 0;     /* the byte classes of text, once needed */
    int w, have = 0, settled = c->settled;
    /* the query's last value: its clean runs recorded, then reused */
    int rec = track && c->vq == V_VALUE && fd->kind == FK_ARGS;
    int reuse = track && c->vq == V_QUERY && fd->kind == FK_QUERY
                && !c->nofilter && c->only < 0;

    for (w = 0; w < e->nwords; w++) {
        word_t bits = (c->cand[w] | nolit[w]) & mask[w] & ~c->done[w];
        if (c->nofilter)
            bits = mask[w] & ~c->done[w];
        if (skip)
            bits &= ~skip[w];
        if (settled)
            bits = only_useful(c, w, bits);
        while (bits) {
            int i = w * WBITS + __builtin_ctzll(bits);
            int rc;
            bits &= bits - 1;
            if (c->only >= 0 && i != c->only)
                continue;
            /* The cheap gate: a text without any byte of one of the sets
             * the regex needs cannot match, so the regex is not tried and
             * not charged (the memo charges what was spent, the same). */
            if (!c->nofilter) {
                const apr_uint64_t *nd = e->need + (apr_size_t)i * LW_NEED_MAX;
                if (!have) {
                    has = lw_need_text(e->need_cls, text, len);
                    have = 1;
                }
                if (!(nd[0] & has) || !(nd[1] & has) || !(nd[2] & has)
                    || !(nd[3] & has)) {
                    continue;
                }
            }
            if (len > c->budget) {
                /* This field's regex work is used up with rules left that
                 * could match: stop, and say so. */
                add_evasion(c, fd, text, len, "regex budget of the field "
                            "used up");
                return;
            }
            if (!prepare_match(c))
                return;
            /* The query whole: the last value's clean run answers for
             * most of it (lw_reuse.c). pcre2_jit_match skips pcre2_match's
             * checks: a tenth of the cost of a typical non-matching call. */
            if (reuse && lw_reuse_clean(c, i, text, len))
                rc = PCRE2_ERROR_NOMATCH;
            else if (e->jit[i])
                rc = pcre2_jit_match(e->codes[i], (PCRE2_SPTR)text, len, 0, 0,
                                     c->md, c->mc);
            else
                rc = pcre2_match(e->codes[i], (PCRE2_SPTR)text, len, 0, 0,
                                 c->md, c->mc);
            if (rc >= 0) {
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
                apr_size_t a = ov[0], b = ov[1];
                if (a > len || b < a || b > len)
                    a = b = 0;   /* \K tricks: report an empty excerpt */
                c->budget -= b;     /* a match stops where it ends */
                c->work += b + LW_WORK_CALL;
                add_hit(c, i, fd, text + a, b - a, e->rules[i].severity,
                        NULL);
                if ((settled = c->settled))
                    bits = only_useful(c, w, bits);
                continue;
            }
            c->budget -= len;
            c->work += len + LW_WORK_CALL;
            if (rec && rc == PCRE2_ERROR_NOMATCH)
                SETBIT(c->vclean, i);
            if (c->nmatched >= LW_SETTLE_HITS && !c->settled) {
                settle(c);
                if ((settled = c->settled))
                    bits = only_useful(c, w, bits);
            }
            if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT
                     || rc == PCRE2_ERROR_HEAPLIMIT
                     || rc == PCRE2_ERROR_JIT_STACKLIMIT
                     || rc == PCRE2_ERROR_NOMEMORY)
                add_evasion(c, fd, text, len, "a PCRE2 limit stopped a "
                            "match");
        }
    }
}

static void run_candidates_track(cls_t *c, field_t *fd, int f,
                                 const char *text, apr_size_t len)
{
    try_candidates(c, fd, f, text, len, 1);
}

static void run_candidates(cls_t *c, field_t *fd, int f, const char *text,
                           apr_size_t len)
{
    if (c->vq >= V_VALUE && (fd->kind == FK_ARGS || fd->kind == FK_QUERY))
        run_candidates_track(c, fd, f, text, len);
    else
        try_candidates(c, fd, f, text, len, 0);
}

/* Candidates of the rules of the kinds in want (LW_T_ bits) whose literals
 * occur in text. c->cand may hold bits of other kinds too: the masks of
 * run_candidates drop them. */
static void scan(cls_t *c, int f, const char *text, apr_size_t len,
                 apr_uint32_t want)
{
    if (text == c->sc_text && len == c->sc_len && c->e->ac[f] == c->sc_ac
        && (want & ~c->sc_want) == 0)
        return;   /* c->cand still holds this scan */
    c->sc_text = text;
    c->sc_len = len;
    c->sc_ac = c->e->ac[f];
    c->sc_want = want;
    memset(c->cand, 0, sizeof(word_t) * (apr_size_t)c->e->nwords);
    if (c->e->ac[f])
        lw_ac_scan_bits(c->e->ac[f], text, len, want, c->cand);
}

/* Whether hit h is detector d's rule on a field of this kind, made "low"
 * by a weak verdict. */
static int weak_hit(const cls_t *c, const lw_hit_t *h, int d,
                    const word_t *dmask)
{
    int i = h->rule_index;

    return i >= 0 && i < c->e->nrules && h->detail
           && h->severity == LW_SEV_LOW
           && c->e->rules[i].severity > LW_SEV_LOW
           && (dmask[i / WBITS] & c->e->det_rules[d][i / WBITS]
               & ((word_t)1 << (i % WBITS)));
}

/* A strong verdict of detector d where its rules' hits are weak ones from
 * an earlier field: each such hit becomes this one, at its rule's
 * severity. A rule hits once a request, at its first field, and without
 * this a weak fragment before the attack ("?a=name|id&b=;cat /etc/passwd",
 * a Referer's URL read whole before its fragment) left the attack at
 * "low", unflagged: the verdict must not depend on the fields' order. */
static void raise_weak(cls_t *c, field_t *fd, int d, const word_t *dmask,
                       const char *s, apr_size_t len, const char *why)
{
    lw_result_t *res = c->res;
    int k;

    for (k = 0; k < res->nhits && c->nweak; k++) {
        lw_hit_t *h = &res->hits[k];
        int sev;
        if (!weak_hit(c, h, d, dmask)
            || (c->only >= 0 && h->rule_index != c->only))
            continue;
        sev = c->e->rules[h->rule_index].severity;
        res->score += lw_severity_score(sev) - lw_severity_score(h->severity);
        if (sev > res->severity)
            res->severity = sev;
        h->severity = sev;
        h->detail = why;
        h->field = field_label(c, fd);
        h->excerpt = s;
        h->excerpt_len = len > LW_MAX_EXCERPT ? LW_MAX_EXCERPT : len;
        c->nweak--;
    }
}

/* The detector rules of this field's kind: each detector that one of
 * them uses runs once, on the decoded form (LW_N_DECODE, '+' as space
 * where the field says so), and its verdict is every such rule's. Its
 * cost is linear in len and needs no budget. */
static void run_detectors(cls_t *c, field_t *fd, const char *s,
                          apr_size_t len, unsigned nflags, int clean,
                          const char **decp, apr_size_t *dlenp)
{
    const lw_engine_t *e = c->e;
    const word_t *dmask = e->dmask[fd->kind];
    unsigned dets = e->det_kinds[fd->kind];
    const char *dec;
    apr_size_t dlen;
    int d, w, ran = 0, deep = 0;

    if (clean) {
        dec = s;
        dlen = len;
    }
    else if (c->vq != V_QUERY
             || !(dec = lw_reuse_norm(c, s, len,
                                      LW_N_DECODE | (nflags & LW_N_PLUS),
                                      &dlen, &deep, NULL)))
        dec = lw_normalize_ex(c->p, s, len,
                              LW_N_DECODE | (nflags & LW_N_PLUS), &dlen,
                              &deep);
    if (c->vq == V_VALUE && fd->kind == FK_ARGS)
        lw_reuse_keep(c, LW_N_DECODE | (nflags & LW_N_PLUS), dec, dlen, deep);
    if (deep)
        deep_encoded(c, fd, s, len);
    *decp = dec;
    *dlenp = dlen;
    for (d = 0; d < LW_DET__COUNT; d++) {
        lw_detect_out_t out;
        const char *why;
        word_t left = 0;
        int v;
        if (!(dets & (1u << d)))
            continue;
        for (w = 0; w < e->nwords; w++)
            left |= dmask[w] & e->det_rules[d][w] & ~c->done[w];
        if (left && c->settled) {
            /* settled: only the rules that could change the summary */
            left = 0;
            for (w = 0; w < e->nwords; w++) {
                word_t b = dmask[w] & e->det_rules[d][w] & ~c->done[w];
                if (b & ~c->useful[w])
                    c->res->stopped = 1;
                left |= b & c->useful[w];
            }
        }
        if (!left && !c->nweak)
            continue;       /* its rules have matched already */
        ran++;
        out.off = out.len = 0;
        out.why[0] = '\0';
        v = lw_detector(d)->fn(e->words[d], dec, dlen, &out);
        if (v != LW_DETECT_STRONG && (v != LW_DETECT_WEAK || fd->strong_only))
            continue;
        if (out.off > dlen || out.len > dlen - out.off)
            out.off = out.len = 0;
        out.why[LW_DETECT_WHY - 1] = '\0';
        why = NULL;
        if (v == LW_DETECT_STRONG && c->nweak) {
            why = apr_pstrdup(c->p, out.why);
            raise_weak(c, fd, d, dmask, dec + out.off, out.len, why);
        }
        for (w = 0; w < e->nwords; w++) {
            word_t bits = dmask[w] & e->det_rules[d][w] & ~c->done[w];
            if (c->settled)
                bits &= c->useful[w];
            while (bits) {
                int i = w * WBITS + __builtin_ctzll(bits);
                int sev = e->rules[i].severity;
                bits &= bits - 1;
                if (c->only >= 0 && i != c->only)
                    continue;
                if (v == LW_DETECT_WEAK && sev > LW_SEV_LOW) {
                    sev = LW_SEV_LOW;
                    c->nweak++;
                }
                if (!why)
                    why = apr_pstrdup(c->p, out.why);
                add_hit(c, i, fd, dec + out.off, out.len, sev, why);
            }
        }
    }
    c->work += (apr_size_t)ran * (dlen + LW_WORK_CALL);
    if (c->nmatched >= LW_SETTLE_HITS && !c->settled)
        settle(c);
}

/* The raw rules on the field's stages (lw_norm.h): the forms it passed
 * through on the way to its normal form while it still held an escape.
 * A field wrapped in one more encoding than its attack needs shows the
 * attack's own encoded bytes there, not as sent. Read in full, never
 * through the query's reuse (the reuse answers for the bytes as sent). */
static void raw_stages(cls_t *c, field_t *fd, apr_uint32_t want)
{
    int k;

    for (k = 0; k < c->nm_st.n; k++) {
        scan(c, F_RAW, c->nm_st.s[k], c->nm_st.len[k], want);
        try_candidates(c, fd, F_RAW, c->nm_st.s[k], c->nm_st.len[k], 0);
    }
}

/* want: the kinds whose candidates the scans collect (this field's, and
 * one inspected next on the same bytes, so that scan() is not repeated). */
static void inspect_once(cls_t *c, field_t *fd, const char *s,
                         apr_size_t len, unsigned nflags, apr_uint32_t want,
                         const char **dec, apr_size_t *dlen)
{
    const lw_engine_t *e = c->e;
    int k = fd->kind, need_raw = e->has[k][F_RAW], need_norm = e->has[k][F_NORM];
    int need_det = (fd->mode & M_DET) && e->det_kinds[k];
    const char *norm = s;
    apr_size_t nlen = len;

    want |= 1u << k;
    if (!(fd->mode & M_REGEX))
        need_raw = need_norm = 0;
    if (!s || !len || !(need_raw || need_norm || need_det))
        return;
    if (len > c->lim->max_inspect) {
        len = nlen = c->lim->max_inspect;
        lw_cls_cut(c, fd, s, len);
    }
    if (c->settled && !useful_here(c, fd)) {
        /* Settled, and no rule on this field could change the summary:
         * neither normalised nor scanned. */
        c->res->stopped = 1;
        return;
    }
    /* lw_normalize pre-scans and returns s itself when nothing changes.
     * The normalised form comes first: when it is s, so is the decoded
     * form the detectors read (decoding is a subset of its steps), and a
     * benign field is pre-scanned once, not once per form. */
    if (need_norm || need_raw) {
        if (s != c->nm_in || len != c->nm_len || nflags != c->nm_flags) {
            int deep = 0;
            c->nm_in = s;
            c->nm_len = len;
            c->nm_flags = nflags;
            if (c->vq)      /* the query group's last value (lw_reuse.c) */
                c->nm_out = lw_reuse_normalize(c, fd, s, len, nflags,
                                               &c->nm_outlen, &deep,
                                               &c->nm_st);
            else
                c->nm_out = lw_normalize_st(c->p, s, len, nflags,
                                            &c->nm_outlen, &deep, &c->nm_st);
            if (deep)
                deep_encoded(c, fd, s, len);
        }
        if (need_norm) {
            norm = c->nm_out;
            nlen = c->nm_outlen;
        }
    }
    if (c->vq == V_ARMED && k == FK_ARGS && (fd->mode & M_REGEX))
        lw_reuse_arm(c, s, len, norm, nlen);
    *dec = (need_norm || need_raw) ? c->nm_out : s;
    *dlen = (need_norm || need_raw) ? c->nm_outlen : len;
    if (need_det)
        run_detectors(c, fd, s, len, nflags, need_norm && norm == s, dec,
                      dlen);
    if (!(need_raw || need_norm))
        return;
    if (norm == s) {
        /* One scan serves both forms. */
        int f = need_raw && need_norm ? F_BOTH : need_raw ? F_RAW : F_NORM;
        scan(c, f, s, len, want);
        run_candidates(c, fd, f, s, len);
        if (need_raw)       /* only raw rules here: the field may still
                             * have stages */
            raw_stages(c, fd, want);
        return;
    }
    if (need_raw) {
        scan(c, F_RAW, s, len, want);
        run_candidates(c, fd, F_RAW, s, len);
        raw_stages(c, fd, want);
    }
    if (nlen) {
        scan(c, F_NORM, norm, nlen, want);
        run_candidates(c, fd, F_NORM, norm, nlen);
    }
}

/* A field whose decoded form is base64 of text (lw_b64_text): the text
 * is inspected as a field of its own, by every rule and detector of the
 * field's kind, its record name marked "(base64)". One layer: the text's
 * own base64 is not decoded again. Its regexes get their own passes'
 * worth of budget: the field's was spent on the encoded form. */
static void inspect_b64(cls_t *c, field_t *fd, const char *t,
                        apr_size_t tlen, apr_uint32_t want)
{
    const char *b, *dec;
    apr_size_t blen, dlen, grant;
    field_t sub;
    int vq = c->vq;

    if (!(b = lw_b64_text(c->p, t, tlen, &blen)))
        return;
    sub = *fd;
    sub.label = apr_pstrcat(c->p, field_label(c, fd), "(base64)", NULL);
    grant = blen * LW_REGEX_PASSES;
    c->budget += grant;
    c->in_b64 = 1;
    c->vq = 0;              /* not the query's value the reuse knows */
    inspect_once(c, &sub, b, blen, 0, want, &dec, &dlen);
    c->vq = vq;
    c->in_b64 = 0;
    c->budget = c->budget > grant ? c->budget - grant : 0;
}

void lw_cls_inspect_field(cls_t *c, field_t *fd, const char *s,
                          apr_size_t len, unsigned nflags, apr_uint32_t want)
{
    const char *dec = NULL;
    apr_size_t dlen = 0;

    inspect_once(c, fd, s, len, nflags, want, &dec, &dlen);
    /* Not the User-Agent: no application decodes it, and its rules judge
     * its shape (a tool's name, a missing browser token), which decoded
     * text of any kind would fail. */
    if (!dec || dlen < LW_B64_MIN || c->in_b64 || fd->kind == FK_UA)
        return;
    if (fd->kind == FK_PATH) {
        /* a route's parameter: each segment of the path alone */
        const char *seg = dec, *end = dec + dlen;
        while (seg < end) {
            const char *se = memchr(seg, '/', (apr_size_t)(end - seg));
            if (!se)
                se = end;
            if (lw_b64_maybe(seg, (apr_size_t)(se - seg)))
                inspect_b64(c, fd, seg, (apr_size_t)(se - seg), want);
            seg = se + 1;
        }
    }
    else if (lw_b64_maybe(dec, dlen))
        inspect_b64(c, fd, dec, dlen, want);
}

/* The memo. A field's outcome depends on its bytes, kind and flags, and on
 * the request so far only through rules already matched (none, while
 * nothing matched) and the regex budget. A clean field was charged the
 * whole length of every regex it ran, so a budget that covers that sum
 * passes every check on the way: it is charged the sum.
 *
 * lw_cls_memo_begin: 1 when the memo answered (charged), 0 when the
 * caller inspects and then calls lw_cls_memo_end, -1 when the memo is not
 * used (fields over LW_MEMO_MAX_FIELD among them: lw_memo_get says so). */
int lw_cls_memo_begin(cls_t *c, apr_uint32_t key, const char *s,
                      apr_size_t len, apr_size_t *before)
{
    lw_memo_val_t v;
    int got;

    if (!c->memo || c->res->nhits || c->res->limit_hit || !s || !len)
        return -1;
    got = lw_memo_get(c->memo, key | c->memo_bind, s, len, &v);
    if (got > 0) {
        if (c->budget < v.charge)
            return -1;
        c->budget -= v.charge;
        c->work += v.work;
        if (v.truncated)
            c->res->truncated = 1;
        return 1;
    }
    *before = c->budget;
    c->memo_work = c->work;
    return got;
}

void lw_cls_memo_end(cls_t *c, apr_uint32_t key, const char *s,
                     apr_size_t len, apr_size_t before)
{
    lw_memo_val_t v;

    if (c->res->nhits == 0 && !c->res->limit_hit) {
        v.charge = before - c->budget;
        v.truncated = len > c->lim->max_inspect;
        v.work = (apr_uint32_t)(c->work - c->memo_work);
        lw_memo_put(c->memo, key | c->memo_bind, s, len, &v);
    }
}

/* kind (4 bits, lw_memo's per-kind judging), skip_kind + 1 (4), flags
 * (16), mode (2): a part seen by the detectors alone is not the same
 * field as one seen by every rule. Bits 26-29 are the memo's binding
 * (lw_memo_bind), bit 30 the path that is also the uri. */
_Static_assert(NKINDS <= 16, "a field kind fits the memo key's low 4 bits");

apr_uint32_t lw_cls_memo_key(const field_t *fd, unsigned nflags)
{
    return 1u << 31 | (apr_uint32_t)fd->kind
           | (apr_uint32_t)(fd->skip_kind + 1) << 4 | (nflags & 0xffffu) << 8
           | (apr_uint32_t)fd->mode << 24;
}

void lw_cls_inspect(cls_t *c, field_t *fd, const char *s, apr_size_t len,
                    unsigned nflags, apr_uint32_t want)
{
    apr_uint32_t key = lw_cls_memo_key(fd, nflags);
    apr_size_t before = 0;
    int got = lw_cls_memo_begin(c, key, s, len, &before);

    if (got == 1)
        return;
    lw_cls_inspect_field(c, fd, s, len, nflags, want);
    if (got == 0)
        lw_cls_memo_end(c, key, s, len, before);
}

void lw_cls_inspect_simple(cls_t *c, int kind, const char *s, apr_size_t len,
                           unsigned nflags, apr_uint32_t want)
{
    field_t fd;
    fd.mode = M_ALL;
    fd.kind = kind;
    fd.name = NULL;
    fd.name_len = 0;
    fd.label = NULL;
    fd.skip_kind = -1;
    fd.strong_only = 0;
    lw_cls_inspect(c, &fd, s, len, nflags, want);
}

void lw_cls_field_init(field_t *fd, int mode, int kind)
{
    fd->mode = mode;
    fd->kind = kind;
    fd->name = NULL;
    fd->name_len = 0;
    fd->label = NULL;
    fd->skip_kind = -1;
    fd->strong_only = 0;
}

void lw_cls_init(cls_t *c, const lw_engine_t *e, const lw_limits_t *lim,
                 apr_pool_t *p, lw_result_t *res, int only, int nofilter,
                 word_t *stackbits)
{
    /* hits[] is filled as rules match: zeroing it would cost more than a
     * whole clean request's memo lookups */
    res->nhits = 0;
    res->score = 0;
    res->severity = 0;
    res->categories = 0;
    res->tool = NULL;
    res->truncated = 0;
    res->limit_hit = 0;
    res->stopped = 0;
    /* the reuse's state (lw_reuse.c) is read only once vq says so */
    memset(c, 0, offsetof(cls_t, vq));
    c->vq = 0;
    c->vclean = NULL;
    c->e = e;
    c->lim = lim;
    c->p = p;
    c->res = res;
    c->only = only;
    c->nofilter = nofilter;
    c->left = lim->max_inspect * LW_REGEX_BUDGET;
    if (c->left < LW_REGEX_BUDGET_MIN)
        c->left = LW_REGEX_BUDGET_MIN;
    c->cap = c->left / LW_REGEX_BUDGET * LW_REGEX_FIELD;
    c->share = c->cap;        /* classify() divides it by the fields */
    if (e->nwords <= 32) {
        c->cand = stackbits;
        c->done = stackbits + 32;
    }
    else {
        c->cand = apr_palloc(p, sizeof(word_t) * 2 * (apr_size_t)e->nwords);
        c->done = c->cand + e->nwords;
    }
    memset(c->done, 0, sizeof(word_t) * (apr_size_t)e->nwords);
}
