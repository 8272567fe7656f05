/* Attaching an engine to a blob (lw_blob.h): checking it, decoding and
 * JIT-compiling its patterns, building the literal prefilters; and the
 * engine's introspection. */
#include <string.h>
#include <apr_strings.h>
#include <apr_atomic.h>

#include "lw_engine_int.h"

/* ------------------------------------------------------------------ */
/* Attaching */

static apr_status_t free_codes(void *data)
{
    lw_engine_t *e = data;
    int i;
    /* The codes (malloc) and their JIT executable memory. */
    for (i = 0; i < e->nrules; i++)
        if (e->codes[i])
            pcre2_code_free(e->codes[i]);
    return APR_SUCCESS;
}

static int in_blob(apr_size_t off, apr_size_t n, apr_size_t len)
{
    return off <= len && n <= len - off;
}

static apr_status_t bad(char **err, apr_pool_t *p, const char *why)
{
    *err = apr_pstrcat(p, "bad signature blob: ", why, NULL);
    return APR_EINVAL;
}

apr_status_t lw_engine_create(lw_engine_t **out, void *blob, apr_size_t len,
                              apr_pool_t *p, char **err)
{
    const lw_blob_hdr_t *h = blob;
    const char *base = blob;
    lw_engine_t *e;
    const char **pats[3];
    apr_size_t *plen[3];
    apr_uint32_t *ids[3];
    int np[3] = { 0, 0, 0 }, i, k, f;
    apr_uint32_t j;
    int32_t rc;

    *out = NULL;
    *err = NULL;
    if (!blob || len < sizeof(*h) || ((apr_uintptr_t)blob & 7))
        return bad(err, p, "too short or misaligned");
    if (h->magic != LW_BLOB_MAGIC || h->version != LW_BLOB_VERSION)
        return bad(err, p, "wrong magic or version");
    if (h->size > len || h->nrules == 0
        || !in_blob(h->rules_off, sizeof(lw_blob_rule_t) * (apr_size_t)h->nrules, h->size)
        || !in_blob(h->lits_off, sizeof(lw_blob_lit_t) * (apr_size_t)h->nlits, h->size)
        || !in_blob(h->str_off, h->str_len, h->size) || h->str_len == 0
        || base[h->str_off + h->str_len - 1] != '\0'
        || !in_blob(h->code_off, h->code_len, h->size)
        || !in_blob(h->count_off, sizeof(apr_uint32_t) * (apr_size_t)h->nrules, h->size)
        || (h->count_off & 7))
        return bad(err, p, "offsets out of range");

    e = apr_pcalloc(p, sizeof(*e));
    e->nrules = (int)h->nrules;
    e->nwords = (e->nrules + WBITS - 1) / WBITS;
    e->rules = (const lw_blob_rule_t *)(base + h->rules_off);
    e->lits = (const lw_blob_lit_t *)(base + h->lits_off);
    e->strs = base + h->str_off;
    e->counters = (apr_uint32_t *)((char *)blob + h->count_off);
    for (i = 0; i < e->nrules; i++) {
        const lw_blob_rule_t *r = &e->rules[i];
        if (r->msg >= h->str_len || r->pattern >= h->str_len
            || r->lit_first > h->nlits || r->nlits > h->nlits - r->lit_first
            || r->category >= LW_CAT__COUNT || r->severity >= LW_SEV__COUNT
            || r->form > LW_FORM_RAW || r->detector > LW_DET__COUNT
            || (r->category == LW_CAT_LEAK
                && (r->detector || r->nlits == 0
                    || r->targets != LW_T_RESPONSE
                    || (r->verdict != LW_V_LEAKED
                        && r->verdict != LW_V_WEBSHELL)))
            || (r->category != LW_CAT_LEAK && (r->targets & LW_T_RESPONSE))
            || (r->detector && (r->nlits || (r->targets & (LW_T_METHOD
                                                           | LW_T_URI)))))
            return bad(err, p, "rule table out of range");
    }
    /* The word tables, parsed again from their text (checked at load). */
    for (k = 0; k < LW_DET__COUNT; k++) {
        const lw_detector_t *d = lw_detector(k);
        if (!in_blob(h->words_off[k], (apr_size_t)h->words_len[k] + 1,
                     h->str_len)
            || e->strs[h->words_off[k] + h->words_len[k]] != '\0')
            return bad(err, p, "word table out of range");
        e->words[k] = lw_words_create(p, d->sections, *d->nsections);
        if (!e->words[k]
            || lw_words_add_text(e->words[k], e->strs + h->words_off[k],
                                 h->words_len[k], lw_detector_name(k), err)
               != APR_SUCCESS)
            return bad(err, p, "bad word table");
    }
    for (j = 0; j < h->nlits; j++)
        if (e->lits[j].len == 0 || e->lits[j].off >= h->str_len
            || e->lits[j].len > h->str_len - e->lits[j].off)
            return bad(err, p, "literal out of range");

    /* The codes, decoded with malloc and freed by the pool's cleanup, then
     * JIT-compiled if possible. Not from the pool: the JIT compiler takes
     * its scratch (megabytes for the whole set) from the code's allocator,
     * and a pool would keep all of it until the engine goes. */
    rc = pcre2_serialize_get_number_of_codes((const uint8_t *)base + h->code_off);
    if (rc != e->nrules)
        return bad(err, p, "pattern count does not match the rule count");
    e->codes = apr_pcalloc(p, sizeof(*e->codes) * (apr_size_t)e->nrules);
    rc = pcre2_serialize_decode(e->codes, e->nrules,
                                (const uint8_t *)base + h->code_off, NULL);
    apr_pool_cleanup_register(p, e, free_codes, apr_pool_cleanup_null);
    if (rc != e->nrules) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc < 0 ? rc : PCRE2_ERROR_BADSERIALIZEDDATA,
                                msg, sizeof(msg));
        return bad(err, p, apr_pstrdup(p, (const char *)msg));
    }
    /* Without JIT (not built in, or no executable memory) the interpreter
     * runs the same code under the same limits. */
    e->jit = apr_pcalloc(p, (apr_size_t)e->nrules);
    for (i = 0; i < e->nrules; i++)
        e->jit[i] = pcre2_jit_compile(e->codes[i], PCRE2_JIT_COMPLETE) == 0;

    /* The bytes each regex cannot match without (lw_need.h). */
    lw_need_classes(e->need_cls);
    e->need = apr_palloc(p, sizeof(*e->need) * LW_NEED_MAX
                            * (apr_size_t)e->nrules);
    for (i = 0; i < e->nrules; i++) {
        lw_byteset_t sets[LW_NEED_MAX];
        int n = e->rules[i].detector ? 0
                : lw_need_sets(e->strs + e->rules[i].pattern, sets);
        for (k = 0; k < LW_NEED_MAX; k++)
            e->need[i * LW_NEED_MAX + k] = k < n
                ? lw_need_mask(e->need_cls, &sets[k]) : ~(apr_uint64_t)0;
    }

    /* Masks and prefilters. */
    for (f = 0; f < 3; f++) {
        e->nolit[f] = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
        for (k = 0; k < NKINDS; k++)
            e->mask[k][f] = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
        pats[f] = apr_palloc(p, sizeof(char *) * (h->nlits + 1));
        plen[f] = apr_palloc(p, sizeof(apr_size_t) * (h->nlits + 1));
        ids[f] = apr_palloc(p, sizeof(apr_uint32_t) * (h->nlits + 1));
    }
    for (k = 0; k < NKINDS; k++)
        e->dmask[k] = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
    for (k = 0; k < LW_DET__COUNT; k++)
        e->det_rules[k] = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
    for (k = 0; k < LW_SEV__COUNT; k++)
        e->sev_above[k] = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
    for (k = 0; k < LW_CAT__COUNT; k++)
        e->cat_rules[k] = apr_pcalloc(p, sizeof(word_t) * (apr_size_t)e->nwords);
    for (i = 0; i < e->nrules; i++) {
        const lw_blob_rule_t *r = &e->rules[i];
        int form = r->form == LW_FORM_RAW ? F_RAW : F_NORM;
        if (r->category == LW_CAT_LEAK)
            continue;   /* response bytes only: lw_leak_attach */
        if (r->category < LW_CAT__COUNT)
            SETBIT(e->cat_rules[r->category], i);
        for (k = 0; k < LW_SEV__COUNT && k < (int)r->severity; k++)
            SETBIT(e->sev_above[k], i);
        if (r->detector) {
            SETBIT(e->det_rules[r->detector - 1], i);
            for (k = 0; k < NKINDS; k++)
                if (LW_RULE_KINDS(r) & (1u << k)) {
                    SETBIT(e->dmask[k], i);
                    e->det_kinds[k] |= 1u << (r->detector - 1);
                }
            continue;
        }
        for (k = 0; k < NKINDS; k++)
            if (LW_RULE_KINDS(r) & (1u << k)) {
                SETBIT(e->mask[k][form], i);
                SETBIT(e->mask[k][F_BOTH], i);
                e->has[k][form] = e->has[k][F_BOTH] = 1;
            }
        if (r->nlits == 0) {
            SETBIT(e->nolit[form], i);
            SETBIT(e->nolit[F_BOTH], i);
        }
        for (j = r->lit_first; j < r->lit_first + r->nlits; j++) {
            /* Every literal goes into the F_BOTH automaton, which also
             * serves F_NORM: a raw rule's bit reported on normalised text
             * is dropped by the F_NORM masks. One big automaton, not two. */
            int fs[2] = { F_BOTH, F_RAW }, x;
            for (x = 0; x < (form == F_RAW ? 2 : 1); x++) {
                f = fs[x];
                pats[f][np[f]] = e->strs + e->lits[j].off;
                plen[f][np[f]] = e->lits[j].len;
                ids[f][np[f]] = (apr_uint32_t)i;
                np[f]++;
            }
        }
    }
    if ((np[F_RAW] && !(e->ac[F_RAW] = lw_ac_build(p, pats[F_RAW], plen[F_RAW],
                                                   ids[F_RAW], np[F_RAW])))
        || (np[F_BOTH] && !(e->ac[F_BOTH] = lw_ac_build(p, pats[F_BOTH],
                                                        plen[F_BOTH], ids[F_BOTH],
                                                        np[F_BOTH]))))
        return bad(err, p, "cannot build the literal prefilter");
    /* Each literal tagged with its rule's field kinds: a scan reports only
     * literals of rules that look at the field being scanned. */
    {
        apr_uint32_t *tag_of = apr_palloc(p, sizeof(*tag_of) * (apr_size_t)e->nrules);
        for (i = 0; i < e->nrules; i++)
            tag_of[i] = LW_RULE_KINDS(&e->rules[i]);
        for (f = 0; f < 3; f += 2)
            if (e->ac[f] && lw_ac_tag(e->ac[f], p, tag_of,
                                      (apr_uint32_t)e->nrules) != 0)
                return bad(err, p, "out of memory");
    }
    e->ac[F_NORM] = e->ac[F_BOTH];
    if (lw_reuse_attach(e, p) != 0)
        return bad(err, p, "out of memory");
    if (lw_leak_attach(e, p) != 0)
        return bad(err, p, "cannot build the leak rules' prefilter");
    lw_engine_quiet_methods(e, p);
    *out = e;
    return APR_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Introspection */

int lw_engine_rule_count(const lw_engine_t *e)
{
    return e->nrules;
}

apr_uint32_t lw_engine_rule_id(const lw_engine_t *e, int i)
{
    return i >= 0 && i < e->nrules ? e->rules[i].id : 0;
}

int lw_engine_rule_category(const lw_engine_t *e, int i)
{
    return i >= 0 && i < e->nrules ? e->rules[i].category : -1;
}

const char *lw_engine_rule_msg(const lw_engine_t *e, int i)
{
    return i >= 0 && i < e->nrules ? e->strs + e->rules[i].msg : NULL;
}

apr_uint32_t lw_engine_rule_hits(const lw_engine_t *e, int i)
{
    return i >= 0 && i < e->nrules ? apr_atomic_read32(&e->counters[i]) : 0;
}

const lw_words_t *lw_engine_words(const lw_engine_t *e, int det)
{
    return det >= 0 && det < LW_DET__COUNT ? e->words[det] : NULL;
}

int lw_engine_rule_index(const lw_engine_t *e, apr_uint32_t id)
{
    int i;
    for (i = 0; i < e->nrules; i++)
        if (e->rules[i].id == id)
            return i;
    return -1;
}
