/* Private to the xss detector (lw_xss.c, lw_xss_html.c, lw_xss_js.c): the
 * scan state, the byte classes and the word sections the three share. */
#ifndef LW_XSS_H
#define LW_XSS_H

#include <string.h>
#include "lw_detect.h"

/* The sections of xss.words, in the order of lw_xss_sections[]. */
enum {
    XS_TAG = 1u << 0, XS_WEAKTAG = 1u << 1, XS_HANDLER = 1u << 2,
    XS_SINK = 1u << 3, XS_CODESINK = 1u << 4, XS_OBJECT = 1u << 5,
    XS_PROP = 1u << 6, XS_ASSIGN = 1u << 7, XS_ATTR = 1u << 8,
    XS_CSS = 1u << 9, XS_WEAKATTR = 1u << 10, XS_DOM = 1u << 11,
    XS_FRAME = 1u << 12, XS_HOOK = 1u << 13, XS_DECODER = 1u << 14,
    XS_KEYWORD = 1u << 15, XS_EMBED = 1u << 16, XS_RELAY = 1u << 17,
    XS_LOADER = 1u << 18, XS_CLOBBER = 1u << 19
};

typedef struct {
    const lw_words_t *w;
    const unsigned char *s;
    apr_size_t n;
    int verdict;                /* the best so far */
    apr_size_t tags_from;       /* no tag starts before this: the bytes
                                 * before were read as one already */
    int rescan;                 /* a tag left open at the end may be read
                                 * again as text, once (keeps it linear) */
    int shape;                  /* the value's markup read (lw_xs_shape):
                                 * 0 not yet, 1 read */
    apr_size_t last_end;        /* where the last end tag of a listed
                                 * element starts; n when none */
    int document;               /* a document of well-formed blocks */
    apr_size_t opened, opened_len;  /* the name of the last listed
                                     * element whose start tag was read */
    lw_detect_out_t *out;
} xs_t;

#define XS_WORD 48              /* longer identifiers are no word we know */

/* Record a finding when it beats the one so far. */
void lw_xs_hit(xs_t *x, int verdict, apr_size_t off, apr_size_t len,
               const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static APR_INLINE unsigned char xs_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

static APR_INLINE int xs_alpha(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

static APR_INLINE int xs_digit(unsigned char c)
{
    return (unsigned char)(c - '0') < 10;
}

/* HTML white space (the tokenizer's: tab, LF, FF, CR, space). */
static APR_INLINE int xs_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
        || c == '\v';
}

/* A byte of a JavaScript identifier (non-ASCII bytes count: UTF-8 names). */
static APR_INLINE int xs_idchar(unsigned char c)
{
    return xs_alpha(c) || xs_digit(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Does a dangerous URL scheme (javascript:, vbscript:, livescript:,
 * data: with markup or script) start at i? Tabs, newlines and other
 * control bytes inside the scheme name are skipped, as URL parsers do.
 * Returns the scheme's name or NULL; *end is the byte after its ':'. */
const char *lw_xs_scheme(const unsigned char *s, apr_size_t i, apr_size_t n,
                         apr_size_t *end);

/* Parse the tag whose '<' (open bytes: 1, or a script escape of it,
 * \u003c or \x3c) is at lt; returns where scanning for script goes on
 * (after the name: attribute values are script too) and sets x->tags_from
 * to where the next tag may start. */
apr_size_t lw_xs_tag(xs_t *x, apr_size_t lt, apr_size_t open);

/* Is the handler value at v JSX's braces around a function or a name
 * (onClick={() => f(x)}), which as HTML calls nothing? */
int lw_xs_jsx(xs_t *x, apr_size_t v);

/* Read the value's markup once, on demand: the last end tag of a listed
 * element (x->last_end) and whether the value is a document of
 * well-formed blocks (x->document). */
void lw_xs_shape(xs_t *x);

/* Judge the JavaScript identifier s[i..j) whose lower-case form is
 * word[0..wlen). */
void lw_xs_ident(xs_t *x, apr_size_t i, apr_size_t j, const char *word,
                 apr_size_t wlen);

/* Read the identifier at i (letters, digits, _ $, \uXXXX and \u{X}
 * escapes); returns its end. The lower-case ASCII form goes to buf, *wlen
 * is 0 when it has a byte that is no ASCII or is longer than XS_WORD. */
apr_size_t lw_xs_read_ident(const unsigned char *s, apr_size_t i,
                            apr_size_t n, char *buf, apr_size_t *wlen);

/* The next byte that is no white space nor inside a comment, from i
 * (looking at most a few hundred bytes ahead); n when none. */
apr_size_t lw_xs_skip(const unsigned char *s, apr_size_t i, apr_size_t n);

static APR_INLINE apr_uint32_t xs_word(const xs_t *x, const char *w,
                                       apr_size_t len)
{
    return len ? lw_words_get(x->w, w, len) : 0;
}

#endif
