/* Signature files: the parser for conf/signatures/FORMAT, compilation into
 * the position-independent blob (lw_blob.h), and the check of every rule's
 * examples against an engine built from that very blob. */
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <apr_tables.h>
#include <apr_hash.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lw_sig.h"
#include "lw_engine.h"
#include "lw_norm.h"
#include "lw_blob.h"
#include "lw_detect.h"
#include "lw_leak.h"

#define SIG_MAX_FILE (16u << 20)   /* a rules file larger than this is a mistake */

typedef struct {
    const char *text;
    int match;                /* 1: "match", 0: "nomatch" */
    int line;
} sig_example_t;

enum { K_CATEGORY, K_SEVERITY, K_MSG, K_TARGET, K_FORM, K_LITERAL,
       K_PATTERN, K_MATCH, K_NOMATCH, K_DETECTOR, K_WHEN, K_VERDICT,
       K__COUNT };

static const char *const key_names[K__COUNT] = {
    "category", "severity", "msg", "target", "form", "literal",
    "pattern", "match", "nomatch", "detector", "when", "verdict"
};

/* What a detector reads: single values, never the request line whole. */
#define DETECTOR_TARGETS (LW_T_PATH | LW_T_QUERY | LW_T_ARG_NAMES | LW_T_ARGS \
                          | LW_T_UA | LW_T_REFERER | LW_T_COOKIE \
                          | LW_T_HEADERS | LW_T_BODY)

static const struct { const char *name; unsigned bit; } target_names[] = {
    { "method", LW_T_METHOD }, { "uri", LW_T_URI }, { "path", LW_T_PATH },
    { "query", LW_T_QUERY }, { "arg_names", LW_T_ARG_NAMES },
    { "args", LW_T_ARGS }, { "user_agent", LW_T_UA },
    { "referer", LW_T_REFERER }, { "cookie", LW_T_COOKIE },
    { "headers", LW_T_HEADERS }, { "header_names", LW_T_HEADER_NAMES },
    { "body", LW_T_BODY }, { "response", LW_T_RESPONSE }
};

/* The request categories a leak rule's "when" may name. */
#define LEAK_WHEN_CATS ((1u << LW_CAT_SQLI) | (1u << LW_CAT_XSS)          \
                        | (1u << LW_CAT_LFI) | (1u << LW_CAT_RFI)         \
                        | (1u << LW_CAT_RCE) | (1u << LW_CAT_SCANNER)     \
                        | (1u << LW_CAT_PROBE) | (1u << LW_CAT_PROTOCOL))

typedef struct {
    apr_uint32_t id;
    const char *file;
    int line;                 /* of the "rule" line */
    int category, severity, form;
    unsigned targets;
    apr_uint32_t when;        /* leak rules: request categories */
    int verdict;              /* leak rules: LW_V_LEAKED or LW_V_WEBSHELL */
    const char *msg, *pattern;
    int pattern_line;
    int detector;             /* lw_detector_e, -1: a regex rule */
    int line_of[K__COUNT];    /* where each key was (first time) */
    apr_array_header_t *lits;      /* const char * */
    apr_array_header_t *examples;  /* sig_example_t */
    unsigned seen;                 /* 1u << K_* */
} sig_rule_t;

struct lw_ruleset {
    apr_pool_t *p;
    apr_array_header_t *rules;     /* sig_rule_t * */
    apr_hash_t *ids;               /* apr_uint32_t -> sig_rule_t * */
    /* Per detector, the text of its .words files in load order, each
     * checked on its own (a file is whole sections: the texts concatenate
     * into one valid table). */
    apr_array_header_t *words[LW_DET__COUNT];   /* struct iovec-like */
};

typedef struct {
    const char *text;
    apr_size_t len;
} words_text_t;

lw_ruleset_t *lw_ruleset_create(apr_pool_t *p)
{
    lw_ruleset_t *rs = apr_pcalloc(p, sizeof(*rs));
    rs->p = p;
    rs->rules = apr_array_make(p, 64, sizeof(sig_rule_t *));
    rs->ids = apr_hash_make(p);
    {
        int d;
        for (d = 0; d < LW_DET__COUNT; d++)
            rs->words[d] = apr_array_make(p, 2, sizeof(words_text_t));
    }
    return rs;
}

int lw_ruleset_count(const lw_ruleset_t *rs)
{
    return rs->rules->nelts;
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Rule ids: decimal, 1..4294967295, nothing else. */
static int parse_id(const char *s, apr_uint32_t *out)
{
    apr_uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (apr_uint64_t)(*s - '0');
        if (v > 0xffffffffu)
            return -1;
    }
    if (v == 0)
        return -1;
    *out = (apr_uint32_t)v;
    return 0;
}

static char *fail(apr_pool_t *p, const char *file, int line, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
static char *fail(apr_pool_t *p, const char *file, int line, const char *fmt,
                  ...)
{
    va_list ap;
    char *msg;
    va_start(ap, fmt);
    msg = apr_pvsprintf(p, fmt, ap);
    va_end(ap);
    return apr_psprintf(p, "%s:%d: %s", file, line, msg);
}

/* A leak rule reads the response bytes as sent: target response alone,
 * a pattern with at least one literal, the request categories whose
 * responses it reads ("when"), no detector, no form. */
static char *finish_leak(apr_pool_t *p, const sig_rule_t *r)
{
    if (r->targets != LW_T_RESPONSE)
        return fail(p, r->file, r->line_of[K_TARGET], "rule %u: a leak rule "
                    "has the one target 'response'", r->id);
    if (!(r->seen & (1u << K_WHEN)))
        return fail(p, r->file, r->line, "rule %u: missing 'when' (the "
                    "request categories whose responses it reads)", r->id);
    if (r->seen & (1u << K_DETECTOR))
        return fail(p, r->file, r->line_of[K_DETECTOR], "rule %u: a leak "
                    "rule takes a pattern, not a detector", r->id);
    if (r->seen & (1u << K_FORM))
        return fail(p, r->file, r->line_of[K_FORM], "rule %u: a leak rule "
                    "reads the response as sent: no 'form'", r->id);
    if (!(r->seen & (1u << K_LITERAL)))
        return fail(p, r->file, r->line, "rule %u: a leak rule needs a "
                    "'literal'", r->id);
    return NULL;
}

/* The end of a rule: every mandatory key must be there, and a detector
 * rule has none of a regex rule's own keys. */
static char *finish_rule(apr_pool_t *p, const sig_rule_t *r)
{
    static const int need[] = { K_CATEGORY, K_SEVERITY, K_MSG, K_TARGET,
                                K_MATCH, K_NOMATCH };
    apr_size_t i;
    for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
        if (!(r->seen & (1u << need[i])))
            return fail(p, r->file, r->line, "rule %u: missing '%s'%s", r->id,
                        key_names[need[i]],
                        need[i] == K_MATCH || need[i] == K_NOMATCH
                            ? " example (at least one is required)" : "");
    if (!(r->seen & (1u << K_PATTERN | 1u << K_DETECTOR)))
        return fail(p, r->file, r->line, "rule %u: missing 'pattern' (or "
                    "'detector')", r->id);
    if (r->category == LW_CAT_LEAK)
        return finish_leak(p, r);
    if (r->targets & LW_T_RESPONSE)
        return fail(p, r->file, r->line_of[K_TARGET], "rule %u: only a "
                    "leak rule targets the response", r->id);
    if (r->seen & (1u << K_WHEN | 1u << K_VERDICT))
        return fail(p, r->file, r->line_of[r->seen & (1u << K_WHEN)
                                           ? K_WHEN : K_VERDICT],
                    "rule %u: 'when' and 'verdict' belong to leak rules",
                    r->id);
    if (r->detector < 0)
        return NULL;
    if (r->seen & (1u << K_PATTERN))
        return fail(p, r->file, r->line_of[K_PATTERN], "rule %u: a rule has "
                    "either 'pattern' or 'detector', not both", r->id);
    if (r->seen & (1u << K_LITERAL))
        return fail(p, r->file, r->line_of[K_LITERAL], "rule %u: a detector "
                    "rule takes no 'literal'", r->id);
    if (r->seen & (1u << K_FORM))
        return fail(p, r->file, r->line_of[K_FORM], "rule %u: a detector "
                    "rule takes no 'form' (detectors read the decoded value)",
                    r->id);
    if (r->targets & ~(unsigned)DETECTOR_TARGETS)
        return fail(p, r->file, r->line_of[K_TARGET], "rule %u: a detector "
                    "reads single values: targets path query arg_names args "
                    "user_agent referer cookie headers body (not %s)", r->id,
                    r->targets & LW_T_METHOD ? "method"
                    : r->targets & LW_T_URI ? "uri" : "header_names");
    return NULL;
}

static char *parse_targets(apr_pool_t *p, const char *file, int line,
                           const char *v, unsigned *out)
{
    char *copy = apr_pstrdup(p, v), *last, *tok;
    unsigned t = 0;
    for (tok = apr_strtok(copy, " \t,", &last); tok;
         tok = apr_strtok(NULL, " \t,", &last)) {
        apr_size_t i, n = sizeof(target_names) / sizeof(target_names[0]);
        for (i = 0; i < n; i++)
            if (strcmp(tok, target_names[i].name) == 0)
                break;
        if (i == n)
            return fail(p, file, line, "unknown target '%s' (one of: method "
                        "uri path query arg_names args user_agent referer "
                        "cookie headers header_names body response)", tok);
        t |= target_names[i].bit;
    }
    *out = t;
    return NULL;
}

/* A leak rule's "when": request categories, or "any". */
static char *parse_when(apr_pool_t *p, const char *file, int line,
                        const char *v, apr_uint32_t *out)
{
    char *copy = apr_pstrdup(p, v), *last, *tok;
    apr_uint32_t w = 0;
    for (tok = apr_strtok(copy, " \t,", &last); tok;
         tok = apr_strtok(NULL, " \t,", &last)) {
        int c = lw_category_from_name(tok);
        if (strcmp(tok, "any") == 0) {
            w |= LEAK_WHEN_CATS;
            continue;
        }
        if (c < 0 || !(LEAK_WHEN_CATS & (1u << c)))
            return fail(p, file, line, "unknown request category '%s' in "
                        "'when' (any, or some of: sqli xss lfi rfi rce "
                        "scanner probe protocol)", tok);
        w |= 1u << c;
    }
    *out = w;
    return NULL;
}

/* One "KEY VALUE" line of rule r. */
static char *parse_key(apr_pool_t *p, sig_rule_t *r, const char *file,
                       int line, const char *key, const char *v)
{
    int k;
    const char *s;
    for (k = 0; k < K__COUNT; k++)
        if (strcmp(key, key_names[k]) == 0)
            break;
    if (k == K__COUNT)
        return fail(p, file, line, "unknown key '%s'", key);
    if (!*v)
        return fail(p, file, line, "'%s' needs a value", key);
    if ((r->seen & (1u << k)) && k != K_LITERAL && k != K_MATCH
        && k != K_NOMATCH)
        return fail(p, file, line, "rule %u: '%s' given twice", r->id, key);
    if (!(r->seen & (1u << k)))
        r->line_of[k] = line;
    r->seen |= 1u << k;
    switch (k) {
    case K_CATEGORY:
        r->category = lw_category_from_name(v);
        if (r->category < 0 || (r->category > LW_CAT_TOOL
                                && r->category != LW_CAT_LEAK))
            return fail(p, file, line, "unknown category '%s' (one of: sqli "
                        "xss lfi rfi rce scanner probe protocol tool leak)",
                        v);
        if (r->category == LW_CAT_LEAK)
            r->form = LW_FORM_RAW;
        break;
    case K_SEVERITY:
        r->severity = lw_severity_from_name(v);
        if (r->severity < 0)
            return fail(p, file, line, "unknown severity '%s' (one of: info "
                        "low medium high critical)", v);
        break;
    case K_MSG:
        r->msg = apr_pstrdup(p, v);
        break;
    case K_TARGET:
        return parse_targets(p, file, line, v, &r->targets);
    case K_FORM:
        if (strcmp(v, "norm") == 0)
            r->form = LW_FORM_NORM;
        else if (strcmp(v, "raw") == 0)
            r->form = LW_FORM_RAW;
        else
            return fail(p, file, line, "unknown form '%s' (norm or raw)", v);
        break;
    case K_LITERAL:
        for (s = v; *s; s++)
            if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
                return fail(p, file, line, "literal must be printable ASCII");
        APR_ARRAY_PUSH(r->lits, const char *) = apr_pstrdup(p, v);
        break;
    case K_PATTERN:
        r->pattern = apr_pstrdup(p, v);
        r->pattern_line = line;
        break;
    case K_WHEN:
        return parse_when(p, file, line, v, &r->when);
    case K_VERDICT:
        if (strcmp(v, "leaked") == 0)
            r->verdict = LW_V_LEAKED;
        else if (strcmp(v, "webshell") == 0)
            r->verdict = LW_V_WEBSHELL;
        else
            return fail(p, file, line, "unknown verdict '%s' (leaked or "
                        "webshell)", v);
        break;
    case K_DETECTOR:
        r->detector = lw_detector_from_name(v);
        if (r->detector < 0)
            return fail(p, file, line, "unknown detector '%s' (one of: sqli "
                        "shell xss)", v);
        break;
    default: {
        sig_example_t *ex = apr_array_push(r->examples);
        ex->text = apr_pstrdup(p, v);
        ex->match = (k == K_MATCH);
        ex->line = line;
        break;
    }
    }
    return NULL;
}

static char *read_file(apr_pool_t *p, const char *path, char **buf,
                       apr_size_t *len)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t n;
    char ebuf[120];

    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, p);
    if (rv == APR_SUCCESS)
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv != APR_SUCCESS)
        return apr_psprintf(p, "%s:0: cannot read: %s", path,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
    if (fi.size < 0 || (apr_uint64_t)fi.size > SIG_MAX_FILE) {
        apr_file_close(f);
        return apr_psprintf(p, "%s:0: file too large", path);
    }
    n = (apr_size_t)fi.size;
    *buf = apr_palloc(p, n + 1);
    rv = n ? apr_file_read_full(f, *buf, n, &n) : APR_SUCCESS;
    apr_file_close(f);
    if (rv != APR_SUCCESS)
        return apr_psprintf(p, "%s:0: cannot read: %s", path,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
    (*buf)[n] = '\0';
    *len = n;
    return NULL;
}

static char *load_file(lw_ruleset_t *rs, const char *path)
{
    apr_pool_t *p = rs->p;
    apr_array_header_t *got = apr_array_make(p, 16, sizeof(sig_rule_t *));
    apr_hash_t *mine = apr_hash_make(p);
    sig_rule_t *r = NULL;
    char *buf, *line, *err, *next;
    apr_size_t len;
    int lineno = 0, i;

    if ((err = read_file(p, path, &buf, &len)))
        return err;
    if (strlen(buf) != len)
        return apr_psprintf(p, "%s:0: NUL byte in file", path);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        buf += 3;   /* a UTF-8 byte order mark from some editors */
    for (line = buf; line; line = next) {
        char *key, *val, *end;
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        end = line + strlen(line);
        while (end > line && is_space((unsigned char)end[-1]))
            *--end = '\0';
        while (is_space((unsigned char)*line))
            line++;
        if (!*line || *line == '#')
            continue;
        key = line;
        for (val = line; *val && !is_space((unsigned char)*val); val++)
            ;
        if (*val)
            *val++ = '\0';
        while (is_space((unsigned char)*val))
            val++;
        if (strcmp(key, "rule") == 0) {
            apr_uint32_t id;
            sig_rule_t *other;
            if (r && (err = finish_rule(p, r)))
                return err;
            if (parse_id(val, &id) != 0)
                return fail(p, path, lineno, "bad rule id '%s' (a number "
                            "from 1 to 4294967295)", val);
            if (id == LW_EVASION_RULE_ID || id == LW_CUT_RULE_ID)
                return fail(p, path, lineno, "rule id %u is the engine's "
                            "own (%s)", id, id == LW_CUT_RULE_ID
                            ? "request-target cut by the server"
                            : "the evasion signal");
            other = apr_hash_get(rs->ids, &id, sizeof(id));
            if (!other)
                other = apr_hash_get(mine, &id, sizeof(id));
            if (other)
                return fail(p, path, lineno, "duplicate rule id %u (first "
                            "at %s:%d)", id, other->file, other->line);
            r = apr_pcalloc(p, sizeof(*r));
            r->id = id;
            r->file = apr_pstrdup(p, path);
            r->line = lineno;
            r->category = r->severity = -1;
            r->form = LW_FORM_NORM;
            r->verdict = LW_V_LEAKED;
            r->detector = -1;
            r->lits = apr_array_make(p, 2, sizeof(const char *));
            r->examples = apr_array_make(p, 4, sizeof(sig_example_t));
            apr_hash_set(mine, &r->id, sizeof(r->id), r);
            APR_ARRAY_PUSH(got, sig_rule_t *) = r;
            continue;
        }
        if (!r)
            return fail(p, path, lineno, "expected 'rule ID' before '%s'",
                        key);
        if ((err = parse_key(p, r, path, lineno, key, val)))
            return err;
    }
    if (r && (err = finish_rule(p, r)))
        return err;
    /* The file is good: only now do its rules join the set. */
    for (i = 0; i < got->nelts; i++) {
        r = APR_ARRAY_IDX(got, i, sig_rule_t *);
        APR_ARRAY_PUSH(rs->rules, sig_rule_t *) = r;
        apr_hash_set(rs->ids, &r->id, sizeof(r->id), r);
    }
    return NULL;
}

/* "NAME.words" or "ANYTHING.NAME.words": the detector NAME's index; -1
 * when the file name does not end in ".words", -2 when NAME is not a
 * detector. */
static int words_detector(const char *path)
{
    const char *base = strrchr(path, '/'), *end, *dot;
    char name[16];
    apr_size_t n = strlen(path);

    base = base ? base + 1 : path;
    if (n < 6 || strcmp(path + n - 6, ".words") != 0)
        return -1;
    end = path + n - 6;
    for (dot = end; dot > base && dot[-1] != '.'; dot--)
        ;
    if (end - dot == 0 || (apr_size_t)(end - dot) >= sizeof(name))
        return -2;
    memcpy(name, dot, (apr_size_t)(end - dot));
    name[end - dot] = '\0';
    {
        int det = lw_detector_from_name(name);
        return det >= 0 ? det : -2;
    }
}

/* A word table: checked on its own (errors "FILE:LINE: reason" from
 * lw_words_add_text), then kept as text for the blob. */
static char *load_words(lw_ruleset_t *rs, const char *path, int det)
{
    apr_pool_t *p = rs->p, *tmp;
    const lw_detector_t *d = lw_detector(det);
    lw_words_t *w;
    words_text_t *t;
    char *buf, *err = NULL;
    apr_size_t len;

    if ((err = read_file(p, path, &buf, &len)))
        return err;
    if (strlen(buf) != len)
        return apr_psprintf(p, "%s:0: NUL byte in file", path);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (apr_pool_create(&tmp, p) != APR_SUCCESS)
        return apr_psprintf(p, "%s:0: out of memory", path);
    w = lw_words_create(tmp, d->sections, *d->nsections);
    if (!w)
        err = apr_psprintf(p, "%s:0: detector %s has no word sections",
                           path, d->name);
    else if (lw_words_add_text(w, buf, len, path, &err) != APR_SUCCESS)
        err = apr_pstrdup(p, err ? err : "bad word table");
    apr_pool_destroy(tmp);
    if (err)
        return err;
    t = apr_array_push(rs->words[det]);
    t->text = buf;
    t->len = len;
    return NULL;
}

static char *load_any(lw_ruleset_t *rs, const char *path)
{
    int det = words_detector(path);
    if (det == -2)
        return apr_psprintf(rs->p, "%s:0: a word table is named DETECTOR."
                            "words or NAME.DETECTOR.words (DETECTOR: sqli "
                            "shell xss)", path);
    return det >= 0 ? load_words(rs, path, det) : load_file(rs, path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *load_dir(lw_ruleset_t *rs, const char *path)
{
    apr_pool_t *p = rs->p;
    apr_array_header_t *names = apr_array_make(p, 16, sizeof(char *));
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_status_t rv;
    char ebuf[120], *err;
    const char *sep = "/";
    apr_size_t plen = strlen(path);
    int i, nrules = 0;

    if (plen && path[plen - 1] == '/')
        sep = "";
    if ((rv = apr_dir_open(&d, path, p)) != APR_SUCCESS)
        return apr_psprintf(p, "%s:0: cannot open directory: %s", path,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
           == APR_SUCCESS) {
        apr_size_t n = strlen(fi.name);
        /* Hidden files (editor leftovers) are skipped; word tables load
         * with the rules, in the same name order. */
        if (fi.name[0] == '.')
            continue;
        if (n >= 7 && strcmp(fi.name + n - 6, ".rules") == 0)
            nrules++;
        else if (words_detector(fi.name) == -1)
            continue;
        APR_ARRAY_PUSH(names, char *) = apr_pstrdup(p, fi.name);
    }
    apr_dir_close(d);
    if (nrules == 0)
        return apr_psprintf(p, "%s:0: no *.rules file in directory", path);
    qsort(names->elts, (size_t)names->nelts, sizeof(char *), cmp_str);
    for (i = 0; i < names->nelts; i++) {
        const char *full = apr_pstrcat(p, path, sep,
                                       APR_ARRAY_IDX(names, i, char *), NULL);
        if ((err = load_any(rs, full)))
            return err;
    }
    return NULL;
}

apr_status_t lw_ruleset_load(lw_ruleset_t *rs, const char *path, char **err)
{
    apr_finfo_t fi;
    apr_status_t rv;
    char ebuf[120];

    *err = NULL;
    rv = apr_stat(&fi, path, APR_FINFO_TYPE, rs->p);
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(rs->p, "%s:0: %s", path,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
        return rv;
    }
    *err = fi.filetype == APR_DIR ? load_dir(rs, path) : load_any(rs, path);
    return *err ? APR_EINVAL : APR_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Examples */

/* "Header-Name: value", "METHOD /target" or "/target". */
static void example_request(apr_pool_t *p, const char *text,
                            lw_request_t *req, lw_header_t *h)
{
    const char *s = text;
    memset(req, 0, sizeof(*req));
    req->method = "GET";
    req->protocol = "HTTP/1.1";
    req->uri = text;
    if (*s == '/')
        return;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')
           || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_')
        s++;
    if (s > text && *s == ':' && (s[1] == ' ' || s[1] == '\t' || !s[1])) {
        const char *v = s + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        h->name = apr_pstrndup(p, text, (apr_size_t)(s - text));
        h->value = v;
        req->uri = "/";
        req->headers = h;
        req->nheaders = 1;
        return;
    }
    for (s = text; *s >= 'A' && *s <= 'Z'; s++)
        ;
    if (s > text && *s == ' ') {
        req->method = apr_pstrndup(p, text, (apr_size_t)(s - text));
        while (*s == ' ')
            s++;
        req->uri = s;
    }
}

/* A leak rule's example is response text, with \n, \r, \t, \0 and \\
 * for a line break, carriage return, tab, NUL and backslash. */
static char *unescape(apr_pool_t *p, const char *s, apr_size_t *len)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\\' && s[1] && strchr("nrt0\\", s[1])) {
            s++;
            *o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s == 't' ? '\t'
                   : *s == '0' ? '\0' : '\\';
        }
        else
            *o++ = *s;
    }
    *len = (apr_size_t)(o - out);
    return out;
}

static char *check_leak_examples(apr_pool_t *p, const lw_engine_t *e,
                                 const sig_rule_t *r, int index)
{
    int i;
    for (i = 0; i < r->examples->nelts; i++) {
        const sig_example_t *ex = &APR_ARRAY_IDX(r->examples, i, sig_example_t);
        lw_evidence_t ev;
        apr_size_t len;
        const char *text = unescape(p, ex->text, &len);
        int hit = lw_leak_scan_rule(e, index, text, len, 0, p, &ev);
        if (ex->match && !hit) {
            if (lw_leak_scan_rule(e, index, text, len, 1, p, &ev))
                return fail(p, r->file, ex->line, "rule %u does not match its "
                            "example: the pattern matches (\"%.*s\") but "
                            "none of its literals occurs in the response",
                            r->id, (int)ev.excerpt_len, ev.excerpt);
            return fail(p, r->file, ex->line, "rule %u does not match its "
                        "example: the pattern matches nothing in the "
                        "response text", r->id);
        }
        if (!ex->match && hit)
            return fail(p, r->file, ex->line, "rule %u matches its nomatch "
                        "example (matched \"%.*s\")", r->id,
                        (int)ev.excerpt_len, ev.excerpt);
    }
    return NULL;
}

static char *check_examples(apr_pool_t *p, const lw_engine_t *e,
                            const sig_rule_t *r, int index)
{
    lw_limits_t lim;
    int i, j;
    if (r->category == LW_CAT_LEAK)
        return check_leak_examples(p, e, r, index);
    lw_limits_default(&lim);
    for (i = 0; i < r->examples->nelts; i++) {
        const sig_example_t *ex = &APR_ARRAY_IDX(r->examples, i, sig_example_t);
        lw_request_t req;
        lw_header_t h;
        lw_result_t res;
        const lw_hit_t *hit = NULL;
        example_request(p, ex->text, &req, &h);
        /* A rule on body: the example's query is also sent as a form
         * body, so a rule on body alone can show its examples. */
        if ((r->targets & LW_T_BODY) && req.uri && strchr(req.uri, '?')) {
            req.body = strchr(req.uri, '?') + 1;
            req.body_len = strlen(req.body);
            req.body_type = "application/x-www-form-urlencoded";
        }
        lw_classify(e, &req, &lim, p, &res);
        for (j = 0; j < res.nhits; j++)
            if (res.hits[j].rule_index == index)
                hit = &res.hits[j];
        /* A full hit list may have dropped it: ask for this rule alone. */
        if (!hit && res.nhits == LW_MAX_HITS
            && lw_engine_classify_rule(e, &req, &lim, p, &res, index, 0))
            hit = &res.hits[0];
        if (ex->match && !hit && r->detector >= 0)
            return fail(p, r->file, ex->line, "rule %u does not match its "
                        "example: detector %s finds nothing in its targets "
                        "(decoded form)%s", r->id,
                        lw_detector_name(r->detector),
                        res.limit_hit ? " (a limit was hit)" : "");
        if (ex->match && !hit) {
            /* Say why: the literals, or the pattern itself. */
            if (lw_engine_classify_rule(e, &req, &lim, p, &res, index, 1))
                return fail(p, r->file, ex->line, "rule %u does not match its "
                            "example: the pattern matches %s (\"%.*s\") but "
                            "none of its literals occurs there in %s form",
                            r->id, res.hits[0].field,
                            (int)res.hits[0].excerpt_len, res.hits[0].excerpt,
                            r->form == LW_FORM_RAW ? "raw" : "norm");
            return fail(p, r->file, ex->line, "rule %u does not match its "
                        "example: the pattern matches none of its targets "
                        "in %s form%s", r->id,
                        r->form == LW_FORM_RAW ? "raw" : "norm",
                        res.limit_hit ? " (a PCRE2 limit was hit)" : "");
        }
        if (!ex->match && hit)
            return fail(p, r->file, ex->line, "rule %u matches its nomatch "
                        "example (field %s, matched \"%.*s\"%s%s)", r->id,
                        hit->field, (int)hit->excerpt_len, hit->excerpt,
                        hit->detail ? ": " : "",
                        hit->detail ? hit->detail : "");
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Compilation and serialisation */

/* A detector rule's code in the blob: never run, never matches. */
#define DETECTOR_PATTERN "(*FAIL)"

/* Bytes of detector det's word text in the blob (without its NUL). */
static apr_size_t words_len(const lw_ruleset_t *rs, int det)
{
    apr_size_t n = 0;
    int i;
    for (i = 0; i < rs->words[det]->nelts; i++)
        n += APR_ARRAY_IDX(rs->words[det], i, words_text_t).len + 1;
    return n;
}

static apr_uint32_t add_str(char *area, apr_size_t *used, const char *s,
                            apr_size_t n)
{
    apr_uint32_t off = (apr_uint32_t)*used;
    memcpy(area + *used, s, n);
    area[*used + n] = '\0';
    *used += n + 1;
    return off;
}

/* Without its word table a detector finds nothing: say which file is
 * missing, not only that the rule's own example stopped matching. */
static char *check_words(apr_pool_t *p, const lw_ruleset_t *rs)
{
    int i;
    for (i = 0; i < rs->rules->nelts; i++) {
        const sig_rule_t *r = APR_ARRAY_IDX(rs->rules, i, sig_rule_t *);
        const char *name;
        if (r->detector < 0 || rs->words[r->detector]->nelts > 0)
            continue;
        name = lw_detector_name(r->detector);
        return fail(p, r->file, r->line_of[K_DETECTOR], "rule %u uses "
                    "detector %s but no %s.words was loaded (it ships "
                    "beside the .rules files of the default set)",
                    r->id, name, name);
    }
    return NULL;
}

static apr_status_t compile(lw_ruleset_t *rs, apr_pool_t *p, void **blob,
                            apr_size_t *len, lw_engine_t **keep, char **err)
{
    int n = rs->rules->nelts, i, j, errcode;
    pcre2_code **codes;
    uint8_t *bytes = NULL;
    PCRE2_SIZE bsize = 0, erroff;
    apr_size_t nlits = 0, slen = 0, off, used = 0, total;
    apr_uint32_t li = 0;
    lw_blob_hdr_t *h;
    lw_blob_rule_t *br;
    lw_blob_lit_t *bl;
    char *strs, *base;
    apr_pool_t *tmp;
    lw_engine_t *e;
    apr_status_t rv;
    int32_t nenc;

    *err = NULL;
    *blob = NULL;
    *len = 0;
    if (n == 0) {
        *err = apr_pstrdup(p, "no rules loaded");
        return APR_EINVAL;
    }
    if ((*err = check_words(p, rs)))
        return APR_EINVAL;
    codes = apr_pcalloc(p, sizeof(*codes) * (apr_size_t)n);
    for (i = 0; i < n; i++) {
        sig_rule_t *r = APR_ARRAY_IDX(rs->rules, i, sig_rule_t *);
        if (r->detector >= 0)
            r->pattern = DETECTOR_PATTERN;   /* code i is rule i's */
        codes[i] = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
                                 PCRE2_CASELESS | PCRE2_NEVER_UTF, &errcode,
                                 &erroff, NULL);
        if (!codes[i]) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(errcode, msg, sizeof(msg));
            *err = fail(p, r->file, r->pattern_line, "rule %u: bad pattern: "
                        "%s at offset %lu", r->id, (const char *)msg,
                        (unsigned long)erroff);
            for (j = 0; j < i; j++)
                pcre2_code_free(codes[j]);
            return APR_EINVAL;
        }
        nlits += (apr_size_t)r->lits->nelts;
        slen += strlen(r->msg) + 1 + strlen(r->pattern) + 1;
        for (j = 0; j < r->lits->nelts; j++)
            slen += strlen(APR_ARRAY_IDX(r->lits, j, const char *)) + 1;
    }
    for (i = 0; i < LW_DET__COUNT; i++)
        slen += words_len(rs, i) + 1;
    nenc = pcre2_serialize_encode((const pcre2_code **)codes, n, &bytes,
                                  &bsize, NULL);
    for (i = 0; i < n; i++)
        pcre2_code_free(codes[i]);
    if (nenc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(nenc, msg, sizeof(msg));
        *err = apr_psprintf(p, "cannot serialise patterns: %s",
                            (const char *)msg);
        return APR_EINVAL;
    }

    /* Layout: see lw_blob.h. */
    off = LW_BLOB_ALIGN(sizeof(*h));
    total = off + LW_BLOB_ALIGN(sizeof(*br) * (apr_size_t)n);
    total += LW_BLOB_ALIGN(sizeof(*bl) * nlits);
    total += LW_BLOB_ALIGN(slen);
    total += LW_BLOB_ALIGN(bsize);
    total += LW_BLOB_ALIGN(sizeof(apr_uint32_t) * (apr_size_t)n);
    if (total > 0xffffffffu) {
        pcre2_serialize_free(bytes);
        *err = apr_pstrdup(p, "signature set too large");
        return APR_EINVAL;
    }
    base = apr_pcalloc(p, total);
    h = (lw_blob_hdr_t *)base;
    h->magic = LW_BLOB_MAGIC;
    h->version = LW_BLOB_VERSION;
    h->size = (apr_uint32_t)total;
    h->nrules = (apr_uint32_t)n;
    h->nlits = (apr_uint32_t)nlits;
    h->rules_off = (apr_uint32_t)off;
    h->lits_off = (apr_uint32_t)(h->rules_off
                                 + LW_BLOB_ALIGN(sizeof(*br) * (apr_size_t)n));
    h->str_off = (apr_uint32_t)(h->lits_off + LW_BLOB_ALIGN(sizeof(*bl) * nlits));
    h->str_len = (apr_uint32_t)slen;
    h->code_off = (apr_uint32_t)(h->str_off + LW_BLOB_ALIGN(slen));
    h->code_len = (apr_uint32_t)bsize;
    h->count_off = (apr_uint32_t)(h->code_off + LW_BLOB_ALIGN(bsize));
    br = (lw_blob_rule_t *)(base + h->rules_off);
    bl = (lw_blob_lit_t *)(base + h->lits_off);
    strs = base + h->str_off;
    memcpy(base + h->code_off, bytes, bsize);
    pcre2_serialize_free(bytes);
    for (i = 0; i < n; i++) {
        sig_rule_t *r = APR_ARRAY_IDX(rs->rules, i, sig_rule_t *);
        br[i].id = r->id;
        br[i].targets = r->targets;
        br[i].category = (unsigned char)r->category;
        br[i].severity = (unsigned char)r->severity;
        br[i].form = (unsigned char)r->form;
        br[i].detector = (unsigned char)(r->detector + 1);
        br[i].msg = add_str(strs, &used, r->msg, strlen(r->msg));
        br[i].pattern = add_str(strs, &used, r->pattern, strlen(r->pattern));
        br[i].lit_first = li;
        br[i].nlits = (apr_uint32_t)r->lits->nelts;
        br[i].when = r->when;
        br[i].verdict = (apr_uint32_t)r->verdict;
        for (j = 0; j < r->lits->nelts; j++, li++) {
            const char *l = APR_ARRAY_IDX(r->lits, j, const char *);
            bl[li].len = (apr_uint32_t)strlen(l);
            bl[li].off = add_str(strs, &used, l, bl[li].len);
        }
    }

    /* The word tables: each file's text, a line break after each. */
    for (i = 0; i < LW_DET__COUNT; i++) {
        apr_size_t wl = words_len(rs, i);
        h->words_off[i] = (apr_uint32_t)used;
        h->words_len[i] = (apr_uint32_t)wl;
        for (j = 0; j < rs->words[i]->nelts; j++) {
            const words_text_t *t = &APR_ARRAY_IDX(rs->words[i], j,
                                                   words_text_t);
            memcpy(strs + used, t->text, t->len);
            used += t->len;
            strs[used++] = '\n';
        }
        strs[used++] = '\0';
    }

    /* Check the examples with an engine attached to this very blob (from
     * p when the caller keeps it). */
    apr_pool_create(&tmp, p);
    rv = lw_engine_create(&e, base, total, keep ? p : tmp, err);
    if (rv == APR_SUCCESS) {
        apr_pool_t *ep;
        apr_pool_create(&ep, tmp);
        for (i = 0; i < n; i++) {
            char *m = check_examples(ep, e, APR_ARRAY_IDX(rs->rules, i,
                                                          sig_rule_t *), i);
            if (m) {
                *err = apr_pstrdup(p, m);
                rv = APR_EINVAL;
                break;
            }
            apr_pool_clear(ep);
        }
    }
    else {
        *err = apr_pstrdup(p, *err ? *err : "cannot attach engine");
    }
    apr_pool_destroy(tmp);
    if (rv != APR_SUCCESS)
        return rv;
    /* The examples must not count as real hits. */
    memset(base + h->count_off, 0, sizeof(apr_uint32_t) * (apr_size_t)n);
    *blob = base;
    *len = total;
    if (keep)
        *keep = e;
    return APR_SUCCESS;
}

apr_status_t lw_ruleset_compile(lw_ruleset_t *rs, apr_pool_t *p,
                                void **blob, apr_size_t *len, char **err)
{
    return compile(rs, p, blob, len, NULL, err);
}

apr_status_t lw_ruleset_compile_engine(lw_ruleset_t *rs, apr_pool_t *p,
                                       void **blob, apr_size_t *len,
                                       lw_engine_t **e, char **err)
{
    return compile(rs, p, blob, len, e, err);
}
