/* Language detectors: tokenizers that read a field value the way the
 * language an attacker writes in would (SQL, shell/cmd/PowerShell, HTML and
 * JavaScript) and decide whether it forms code that changes what the
 * application does. They complement the regex rules: a rule names an
 * example class, a detector understands the grammar.
 *
 * Contract for every detector:
 *  - input: a field value already percent- and entity-decoded (lw_normalize
 *    with LW_N_DECODE: no slash, comment or white-space folding), not NUL
 *    terminated, at most the inspection length;
 *  - no allocation, no global mutable state, work linear in len;
 *  - tables (keywords, command names, sinks ...) come from a word table
 *    (lw_words_t) built from "*.DETECTOR.words" / "DETECTOR.words" files
 *    that load with the signatures (conf/signatures/sqli.words ...), so an
 *    admin extends them without a rebuild;
 *  - the verdict says why, in a form an admin can read (the SQL token
 *    sequence, the command word, the sink). */
#ifndef LW_DETECT_H
#define LW_DETECT_H

#include "lw.h"

/* The detectors, in the order of their names in lw_detector_name(). */
typedef enum {
    LW_DET_SQLI = 0,
    LW_DET_SHELL,
    LW_DET_XSS,
    LW_DET__COUNT
} lw_detector_e;

/* "sqli" "shell" "xss"; NULL when out of range. */
const char *lw_detector_name(int det);
int lw_detector_from_name(const char *name);   /* -1 when unknown */

/* Verdicts. */
enum {
    LW_DETECT_NONE = 0,     /* nothing that changes the program */
    LW_DETECT_WEAK = 1,     /* a fragment: scores as a "low" rule */
    LW_DETECT_STRONG = 2    /* code that changes the program: the rule's
                             * own severity */
};

#define LW_DETECT_WHY 64
typedef struct {
    apr_size_t off, len;       /* the span of the input the verdict rests on */
    char why[LW_DETECT_WHY];   /* NUL-terminated, e.g. "sql:s&1c" or
                                * "sh:;cat" or "js:call alert" */
} lw_detect_out_t;

/* ---- word tables ---------------------------------------------------- */

/* A set of words, each in one or more sections, looked up caselessly.
 * Text format (conf/signatures/DETECTOR.words):
 *   # comment
 *   [section]          the following words belong to this section
 *   word               one per line; bytes other than white space
 * A word may be listed in several sections. Read-only after loading, so
 * one table is shared by threads and (after fork) by processes. */
typedef struct lw_words lw_words_t;

/* sections: the names a detector understands (at most 32); a section
 * header naming another is an error. */
lw_words_t *lw_words_create(apr_pool_t *p, const char *const *sections,
                            int nsections);

/* Add the words of text[0..len). fname names the text in errors, which
 * are "FNAME:LINE: reason" (from the table's pool). */
apr_status_t lw_words_add_text(lw_words_t *w, const char *text,
                               apr_size_t len, const char *fname, char **err);

/* Add the words of a file. */
apr_status_t lw_words_add_file(lw_words_t *w, const char *path, char **err);

/* Bit i set: the word s[0..len) is in section i. 0: not in the table. */
apr_uint32_t lw_words_get(const lw_words_t *w, const char *s, apr_size_t len);

/* A filter before the hash: for each pair (first byte, last byte), each
 * folded to its low 5 bits (which folds ASCII case too), the sections and
 * the lengths (bit n - 1) of the table's words that start and end so. */
typedef struct {
    apr_uint32_t sec[32 * 32];
    apr_uint64_t len[32 * 32];
} lw_words_filter_t;

const lw_words_filter_t *lw_words_filter(const lw_words_t *w);

/* 0 when no word of s[0..len) (1 <= len <= 64) bytes in `sections`
 * starts and ends as s does: most candidates of a gate leave here. */
static APR_INLINE int lw_words_maybe(const lw_words_filter_t *f,
                                     const char *s, apr_size_t len,
                                     apr_uint32_t sections)
{
    unsigned k = ((unsigned char)s[0] & 31u) * 32u
        + ((unsigned char)s[len - 1] & 31u);
    return (f->sec[k] & sections) && ((f->len[k] >> (len - 1)) & 1);
}

/* The sections among `sections` the word s[0..len) is in (0 when none).
 * A filter on its first and last bytes and its length answers most
 * misses without hashing: for gates that try many candidate words. */
apr_uint32_t lw_words_get_in(const lw_words_t *w, const char *s,
                             apr_size_t len, apr_uint32_t sections);

/* Section index by name, -1 when unknown. */
int lw_words_section(const lw_words_t *w, const char *name);

/* Number of distinct words. */
int lw_words_count(const lw_words_t *w);

/* Every word in turn, for a matcher that cannot look a word up by its
 * bytes (a glob such as /bi[n]/ba?h): *pos starts at 0; returns 1 with
 * the next word (lower case), its length and section bits, 0 at the end.
 * Unordered. */
int lw_words_next(const lw_words_t *w, apr_uint32_t *pos, const char **word,
                  apr_size_t *len, apr_uint32_t *bits);

/* ---- the detectors -------------------------------------------------- */

/* Each detector's section names (its DETECTOR.words file uses
 * these), and the detector itself. Returns LW_DETECT_*; fills out when
 * not NONE. */
extern const char *const lw_sqli_sections[];
extern const int lw_sqli_nsections;
int lw_detect_sqli(const lw_words_t *w, const char *s, apr_size_t len,
                   lw_detect_out_t *out);

extern const char *const lw_shell_sections[];
extern const int lw_shell_nsections;
int lw_detect_shell(const lw_words_t *w, const char *s, apr_size_t len,
                    lw_detect_out_t *out);

extern const char *const lw_xss_sections[];
extern const int lw_xss_nsections;
int lw_detect_xss(const lw_words_t *w, const char *s, apr_size_t len,
                  lw_detect_out_t *out);

/* ---- one table of the detectors ------------------------------------ */

typedef int (*lw_detect_fn)(const lw_words_t *w, const char *s,
                            apr_size_t len, lw_detect_out_t *out);
typedef struct {
    const char *name;
    lw_detect_fn fn;
    const char *const *sections;
    const int *nsections;
    /* NULL, or what the detector derives once from its own code (not
     * from the words) for every value: built when a table with its
     * sections is created, read through lw_words_aux() */
    void *(*prepare)(apr_pool_t *p);
} lw_detector_t;

/* The detector's prepared data of a table created with that detector's
 * sections (lw_detector_t.prepare), NULL when none. Read-only. */
const void *lw_words_aux(const lw_words_t *w);

void *lw_sqli_prepare(apr_pool_t *p);

/* Indexed by lw_detector_e; NULL when out of range. */
const lw_detector_t *lw_detector(int det);

#endif
