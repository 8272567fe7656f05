/* Word tables of the detectors: an open-addressing hash set of lower-case
 * words, each with a bit mask of the sections it is listed in. Lookups
 * fold ASCII case on the fly, so the hot path copies nothing. */
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>

#include "lw_detect.h"

#define LW_WORDS_MAX_SECTIONS 32
#define LW_WORDS_MAX_LEN 64         /* longer lines are an error */

typedef struct {
    const char *word;               /* lower case, NUL-terminated */
    apr_uint32_t len;
    apr_uint32_t bits;
} slot_t;

struct lw_words {
    apr_pool_t *p;
    const char *const *sections;
    int nsections;
    slot_t *slots;
    apr_uint32_t mask;              /* slots - 1 (a power of two minus 1) */
    int count;
    /* A detector's gate asks the filter for many candidate words and
     * hashes only the few it lets through. */
    lw_words_filter_t fl;
    const void *aux;                /* lw_detector_t.prepare's result */
};

static const lw_detector_t detectors[LW_DET__COUNT] = {
    { "sqli", lw_detect_sqli, lw_sqli_sections, &lw_sqli_nsections,
      lw_sqli_prepare },
    { "shell", lw_detect_shell, lw_shell_sections, &lw_shell_nsections,
      NULL },
    { "xss", lw_detect_xss, lw_xss_sections, &lw_xss_nsections, NULL }
};

const lw_detector_t *lw_detector(int det)
{
    return det >= 0 && det < LW_DET__COUNT ? &detectors[det] : NULL;
}

const char *lw_detector_name(int det)
{
    return det >= 0 && det < LW_DET__COUNT ? detectors[det].name : NULL;
}

int lw_detector_from_name(const char *name)
{
    int i;
    for (i = 0; name && i < LW_DET__COUNT; i++)
        if (strcmp(name, detectors[i].name) == 0)
            return i;
    return -1;
}

static APR_INLINE unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

static APR_INLINE unsigned fl_key(const char *s, apr_size_t len)
{
    return ((unsigned char)s[0] & 31u) * 32u
        + ((unsigned char)s[len - 1] & 31u);
}

static apr_uint32_t hash(const char *s, apr_size_t len)
{
    apr_uint32_t h = 2166136261u;   /* FNV-1a over the lower-case bytes */
    apr_size_t i;
    for (i = 0; i < len; i++)
        h = (h ^ lower((unsigned char)s[i])) * 16777619u;
    return h;
}

lw_words_t *lw_words_create(apr_pool_t *p, const char *const *sections,
                            int nsections)
{
    lw_words_t *w;
    int i;
    if (nsections < 1 || nsections > LW_WORDS_MAX_SECTIONS)
        return NULL;
    w = apr_pcalloc(p, sizeof(*w));
    w->p = p;
    w->sections = sections;
    w->nsections = nsections;
    w->mask = 255;
    w->slots = apr_pcalloc(p, sizeof(slot_t) * (w->mask + 1));
    for (i = 0; i < LW_DET__COUNT; i++)
        if (sections == detectors[i].sections && detectors[i].prepare)
            w->aux = detectors[i].prepare(p);
    return w;
}

const lw_words_filter_t *lw_words_filter(const lw_words_t *w)
{
    static const lw_words_filter_t none;    /* no table: no word */
    return w ? &w->fl : &none;
}

const void *lw_words_aux(const lw_words_t *w)
{
    return w ? w->aux : NULL;
}

static slot_t *find(slot_t *slots, apr_uint32_t mask, const char *s,
                    apr_size_t len)
{
    apr_uint32_t i = hash(s, len) & mask;
    for (;; i = (i + 1) & mask) {
        slot_t *sl = &slots[i];
        apr_size_t k;
        if (!sl->word)
            return sl;
        if (sl->len != len)
            continue;
        for (k = 0; k < len && sl->word[k] == (char)lower((unsigned char)s[k]); k++)
            ;
        if (k == len)
            return sl;
    }
}

static void grow(lw_words_t *w)
{
    apr_uint32_t nmask = w->mask * 2 + 1, i;
    slot_t *ns = apr_pcalloc(w->p, sizeof(slot_t) * (nmask + 1));
    for (i = 0; i <= w->mask; i++)
        if (w->slots[i].word)
            *find(ns, nmask, w->slots[i].word, w->slots[i].len) = w->slots[i];
    w->slots = ns;
    w->mask = nmask;
}

static void add(lw_words_t *w, const char *s, apr_size_t len, int section)
{
    slot_t *sl;
    apr_size_t k;
    if ((apr_uint32_t)(w->count + 1) * 2 > w->mask)
        grow(w);
    sl = find(w->slots, w->mask, s, len);
    if (!sl->word) {
        char *c = apr_palloc(w->p, len + 1);
        for (k = 0; k < len; k++)
            c[k] = (char)lower((unsigned char)s[k]);
        c[len] = '\0';
        sl->word = c;
        sl->len = (apr_uint32_t)len;
        w->count++;
    }
    sl->bits |= 1u << section;
    w->fl.sec[fl_key(s, len)] |= 1u << section;
    w->fl.len[fl_key(s, len)] |= (apr_uint64_t)1 << (len - 1);
}

int lw_words_section(const lw_words_t *w, const char *name)
{
    int i;
    for (i = 0; i < w->nsections; i++)
        if (strcmp(w->sections[i], name) == 0)
            return i;
    return -1;
}

apr_status_t lw_words_add_text(lw_words_t *w, const char *text,
                               apr_size_t len, const char *fname, char **err)
{
    const char *end = text + len, *ln = text;
    int lineno = 0, section = -1;

    while (ln < end) {
        const char *le = memchr(ln, '\n', (apr_size_t)(end - ln)), *a, *b;
        if (!le)
            le = end;
        lineno++;
        for (a = ln; a < le && (*a == ' ' || *a == '\t'); a++)
            ;
        for (b = le; b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'); b--)
            ;
        if (a < b && *a != '#') {
            if (*a == '[') {
                char *name;
                if (b[-1] != ']' || b - a < 3) {
                    *err = apr_psprintf(w->p, "%s:%d: a section header is "
                                        "\"[name]\"", fname, lineno);
                    return APR_EINVAL;
                }
                name = apr_pstrmemdup(w->p, a + 1, (apr_size_t)(b - a - 2));
                section = lw_words_section(w, name);
                if (section < 0) {
                    *err = apr_psprintf(w->p, "%s:%d: unknown section [%s]",
                                        fname, lineno, name);
                    return APR_EINVAL;
                }
            }
            else {
                const char *c;
                for (c = a; c < b; c++)
                    if (*c == ' ' || *c == '\t')
                        break;
                if (c < b) {
                    *err = apr_psprintf(w->p, "%s:%d: one word per line",
                                        fname, lineno);
                    return APR_EINVAL;
                }
                if (section < 0) {
                    *err = apr_psprintf(w->p, "%s:%d: a word before the first "
                                        "[section]", fname, lineno);
                    return APR_EINVAL;
                }
                if (b - a > LW_WORDS_MAX_LEN) {
                    *err = apr_psprintf(w->p, "%s:%d: word longer than %d bytes",
                                        fname, lineno, LW_WORDS_MAX_LEN);
                    return APR_EINVAL;
                }
                add(w, a, (apr_size_t)(b - a), section);
            }
        }
        ln = le + 1;
    }
    return APR_SUCCESS;
}

apr_status_t lw_words_add_file(lw_words_t *w, const char *path, char **err)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t n;
    char *buf;

    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, w->p);
    if (rv == APR_SUCCESS)
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv != APR_SUCCESS) {
        char msg[120];
        *err = apr_psprintf(w->p, "%s: %s", path,
                            apr_strerror(rv, msg, sizeof(msg)));
        return rv;
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(w->p, n + 1);
    rv = apr_file_read_full(f, buf, n, &n);
    apr_file_close(f);
    if (rv != APR_SUCCESS && rv != APR_EOF) {
        char msg[120];
        *err = apr_psprintf(w->p, "%s: %s", path,
                            apr_strerror(rv, msg, sizeof(msg)));
        return rv;
    }
    return lw_words_add_text(w, buf, n, path, err);
}

apr_uint32_t lw_words_get(const lw_words_t *w, const char *s, apr_size_t len)
{
    slot_t *sl;
    if (!w || !len || len > LW_WORDS_MAX_LEN
        || !((w->fl.len[fl_key(s, len)] >> (len - 1)) & 1))
        return 0;
    sl = find(w->slots, w->mask, s, len);
    return sl->word ? sl->bits : 0;
}

apr_uint32_t lw_words_get_in(const lw_words_t *w, const char *s,
                             apr_size_t len, apr_uint32_t sections)
{
    unsigned k;
    if (!w || !len || len > LW_WORDS_MAX_LEN)
        return 0;
    k = fl_key(s, len);
    if (!(w->fl.sec[k] & sections) || !((w->fl.len[k] >> (len - 1)) & 1))
        return 0;
    return lw_words_get(w, s, len) & sections;
}

int lw_words_count(const lw_words_t *w)
{
    return w->count;
}

int lw_words_next(const lw_words_t *w, apr_uint32_t *pos, const char **word,
                  apr_size_t *len, apr_uint32_t *bits)
{
    for (; w && *pos <= w->mask; (*pos)++) {
        const slot_t *sl = &w->slots[*pos];
        if (sl->word) {
            *word = sl->word;
            *len = sl->len;
            *bits = sl->bits;
            (*pos)++;
            return 1;
        }
    }
    return 0;
}
