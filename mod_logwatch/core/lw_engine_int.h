/* Inside the engine: the attached engine's layout, shared by
 * lw_engine_attach.c (making it from a blob, introspection) and
 * lw_engine.c (classifying). Not for use outside the core. */
#ifndef LW_ENGINE_INT_H
#define LW_ENGINE_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lw_engine.h"
#include "lw_ac.h"
#include "lw_need.h"
#include "lw_blob.h"

/* Field kinds: bit k of a rule's targets (LW_T_*) is kind k. */
/* FK_RESPONSE holds its bit's place: no request field has it (the leak
 * rules, the only ones on the response, are read by lw_leak.c). */
enum { FK_METHOD, FK_URI, FK_PATH, FK_QUERY, FK_ARG_NAMES, FK_ARGS, FK_UA,
       FK_REFERER, FK_COOKIE, FK_HEADERS, FK_RESPONSE, FK_BODY, FK_BODY_NAMES,
       FK_HEADERS_STD, FK_HEADER_NAMES, FK_HEADERS_URL, NKINDS };
_Static_assert(LW_T_METHOD == 1u << FK_METHOD && LW_T_URI == 1u << FK_URI
               && LW_T_PATH == 1u << FK_PATH && LW_T_QUERY == 1u << FK_QUERY
               && LW_T_ARG_NAMES == 1u << FK_ARG_NAMES
               && LW_T_ARGS == 1u << FK_ARGS && LW_T_UA == 1u << FK_UA
               && LW_T_REFERER == 1u << FK_REFERER
               && LW_T_COOKIE == 1u << FK_COOKIE
               && LW_T_HEADERS == 1u << FK_HEADERS
               && LW_T_RESPONSE == 1u << FK_RESPONSE
               && LW_T_BODY == 1u << FK_BODY
               && LW_T_HEADER_NAMES == 1u << FK_HEADER_NAMES,
               "field kinds = LW_T_ bits");
/* A body field's value (FK_BODY) is seen by the rules on body and on
 * args, its name (FK_BODY_NAMES, a kind no target names) by the rules on
 * body and on arg_names: the kinds a rule's targets give it. */
#define LW_KINDS_OF(t) ((t) | (((t) & (LW_T_ARGS | LW_T_BODY)) ? 1u << FK_BODY : 0u) \
                        | (((t) & (LW_T_ARG_NAMES | LW_T_BODY)) \
                           ? 1u << FK_BODY_NAMES : 0u))
/* A standard header whose value has a fixed grammar made by the client or
 * a proxy (media types, q-values, dates, entity tags, credentials, client
 * hints: lw_engine_req.c says which) is FK_HEADERS_STD, a kind no target
 * names: it is read by the rules on headers of the families an attacker
 * can use in any header (file paths and traversal, remote inclusion,
 * command execution: Shellshock, JNDI lookups, and protocol abuse) and
 * by the scanner rules (a scanner's name, an out-of-band callback host
 * put in Origin or Host), never by the SQL/XSS rules nor by the
 * detectors, which would read an Accept list or a base64 credential as
 * code. */
#define LW_STD_HEADER_CATS ((1u << LW_CAT_LFI) | (1u << LW_CAT_RFI) \
                            | (1u << LW_CAT_RCE) | (1u << LW_CAT_PROTOCOL) \
                            | (1u << LW_CAT_SCANNER))
/* A standard header whose value is a URL (Origin, Content-Location) is
 * FK_HEADERS_URL: read as FK_HEADERS_STD is, and by the rules on headers
 * of the xss family, regex and detector, as the Referer is: its scheme may
 * be one that runs code (javascript:, data:text/html) wherever a page
 * echoes it. No SQL reading: a URL is no query. */
#define LW_STD_HEADER_KINDS(r) \
    (((r)->targets & LW_T_HEADERS) && !(r)->detector \
     && (LW_STD_HEADER_CATS & (1u << (r)->category)))
/* The kinds a rule reads: those of its targets (LW_KINDS_OF), and the
 * standard headers for a regex rule on headers of one of those families,
 * the URL-valued ones for the xss family too. */
#define LW_RULE_KINDS(r) (LW_KINDS_OF((r)->targets) \
                          | (LW_STD_HEADER_KINDS(r) \
                             ? (1u << FK_HEADERS_STD | 1u << FK_HEADERS_URL) \
                             : 0u) \
                          | (((r)->targets & LW_T_HEADERS) \
                             && (r)->category == LW_CAT_XSS \
                             ? 1u << FK_HEADERS_URL : 0u))
/* Prefilter forms: raw, norm, and both (one scan when raw == norm). */
#define F_RAW  0
#define F_NORM 1
#define F_BOTH 2

/* Regex work per request, in bytes handed to pcre2_match. A long field
 * full of weak literals (8 KiB of "<a on<a on...") would otherwise make
 * every candidate rule scan it in every field it appears in. It is given
 * out by budget field: the method and path; the query group (its
 * parameters, the query and the uri: three views of the same bytes);
 * each header. Each field reserves its need: LW_REGEX_PASSES passes over
 * the bytes of its views (each view at most max_inspect), at least its
 * share (LW_REGEX_BUDGET x max_inspect over the number of fields, at
 * least max_inspect: one full-length scan), at most LW_REGEX_FIELD x
 * max_inspect per view. A field may use its need and what the fields
 * before it left, never what a field after it reserved: padding one field
 * cannot starve the next.
 * The request's total is the sum of the needs, at least the shares'
 * (LW_REGEX_BUDGET x max_inspect, or max_inspect a field when there are
 * more fields) and at most the larger of that and LW_REGEX_TOTAL x
 * max_inspect (384 KiB at the default 8 KiB; before, 64 KiB): when the
 * needs exceed it, what each needs past its share is scaled down to fit.
 * Why by length: a URL value (an OAuth redirect_to of 1.5 KiB, a SAML
 * RelayState, sourcebuster's sbjs_* cookies of campaign URLs) wakes every
 * URL rule -- remote inclusion, open redirect, callback hosts, xss on ':'
 * and '//' -- some 30 regexes over the query group, 15 over a cookie;
 * even shares flagged such visitors as evasion attempts. Floods still
 * run out: candidates needing more than LW_REGEX_FIELD full-length passes
 * of a view (12 rules on 8 KiB of "zz") leave rules untried, and what
 * runs out makes an evasion hit (lw_engine.h), never "clean". */
#define LW_REGEX_BUDGET 8
#define LW_REGEX_FIELD 8
#define LW_REGEX_PASSES 32
#define LW_REGEX_TOTAL 48
#define LW_REGEX_BUDGET_MIN 32768

typedef apr_uint64_t word_t;
#define WBITS 64

/* Per regex rule, what the query's reuse of its last value's runs needs
 * (lw_reuse.c): ok when it may be reused, the bytes a match can start
 * with, how far its lookbehinds (\b among them) can reach back, and the
 * same pattern compiled anchored for the attempts. */
typedef struct {
    apr_uint64_t start[4];
    apr_uint32_t reach;
    int ok;
    pcre2_code *anchored;     /* the pattern anchored, JIT-compiled, or
                               * NULL (the interpreter anchors instead) */
} lw_reuse_t;

struct lw_engine {
    const lw_blob_rule_t *rules;
    const lw_blob_lit_t *lits;
    const char *strs;
    apr_uint32_t *counters;        /* in the blob */
    int nrules, nwords;
    pcre2_code **codes;
    unsigned char *jit;            /* per rule: JIT-compiled */
    lw_ac_t *ac[3];                /* F_RAW: raw literals; F_NORM = F_BOTH:
                                    * all literals; NULL: none */
    word_t *nolit[3];              /* rules tried without a literal */
    word_t *mask[NKINDS][3];       /* rules targeting kind k in form f */
    int has[NKINDS][3];            /* mask non-empty */
    /* Detector rules (lw_detect.h): they have no literal and are in no
     * mask or nolit set above. det_kinds[k]: bit d when some rule of
     * detector d targets kind k; dmask[k]: those rules; det_rules[d]: the
     * rules of detector d; words[d]: its word table (never NULL). */
    unsigned det_kinds[NKINDS];
    word_t *dmask[NKINDS];
    word_t *det_rules[LW_DET__COUNT];
    lw_words_t *words[LW_DET__COUNT];
    /* The cheap gate (lw_need.h): per rule, LW_NEED_MAX class masks of
     * the byte sets its regex cannot match without (~0: none), and the
     * byte classes. */
    apr_uint64_t *need;
    apr_uint64_t need_cls[256];
    /* Common methods no method rule matches (tried once, at attach): the
     * regex bytes their inspection costs, charged without running it. */
    struct { const char *name; apr_size_t len, charge; } quiet[3];
    int nquiet;
    /* Leak rules (lw_leak.h): in no mask above, never tried on a request.
     * leak_ac: their literals, each tagged with its rule's "when"
     * categories; leak_rules: the set (NULL when there is none);
     * leak_wanted: the union of their "when" categories (lw_leak_wanted,
     * asked on every request, so made once here). */
    lw_ac_t *leak_ac;
    word_t *leak_rules;
    apr_uint32_t leak_wanted;
    /* The work budget (lw_engine.h): sev_above[s], the request rules of a
     * severity above s; cat_rules[c], those of category c. */
    word_t *sev_above[LW_SEV__COUNT];
    word_t *cat_rules[LW_CAT__COUNT];
    lw_reuse_t *reuse;             /* per rule (lw_reuse.c) */
};

#define SETBIT(w, i) ((w)[(i) / WBITS] |= (word_t)1 << ((i) % WBITS))

/* Which of GET, POST and HEAD no method rule matches, and the regex bytes
 * their inspection costs (lw_engine.c; called once at attach). */
void lw_engine_quiet_methods(lw_engine_t *e, apr_pool_t *p);

/* The leak rules' automaton and set (lw_leak.c; called once at attach).
 * Returns 0, or -1 when out of memory. */
int lw_leak_attach(lw_engine_t *e, apr_pool_t *p);

/* The rules' reuse information (lw_reuse.c; called once at attach, after
 * the codes). Returns 0, or -1 when out of memory. */
int lw_reuse_attach(lw_engine_t *e, apr_pool_t *p);

#endif
