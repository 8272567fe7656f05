/* The xss detector: reads a value the way a browser would if the
 * application echoed it into a page, in every place it could land: as
 * markup (tags and their attributes, lw_xss_html.c), inside a tag or an
 * attribute it breaks out of ('" onfocus=...'), as a URL (javascript:,
 * data:text/html) and as script (calls of sinks, computed property access,
 * tagged templates, JSFuck text; lw_xss_js.c). A value needs one of the
 * bytes those forms cannot do without, so ordinary text leaves at the gate.
 *
 * Verdicts: STRONG for code a browser runs (a script tag, an event handler
 * with a value, a javascript: URL, a sink called with a script-like
 * argument); WEAK for fragments (an element that injects markup but runs
 * nothing by itself, a sink called with a word argument, an end tag that
 * breaks out of a raw-text element). */
#include <stdarg.h>
#include <string.h>
#include <apr_strings.h>

#include "lw_xss.h"

const char *const lw_xss_sections[] = {
    "tag", "weaktag", "handler", "sink", "codesink", "object", "prop",
    "assign", "attr", "css", "weakattr", "dom", "frame", "hook", "decoder",
    "keyword", "embed", "relay", "loader", "clobber"
};
const int lw_xss_nsections = (int)(sizeof lw_xss_sections
                                   / sizeof lw_xss_sections[0]);

/* The gate: no form the detector knows does without one of these ('.' for
 * document.cookie, '+' for UTF-7 markup, '@' for @import, 0xbc for markup
 * in 7-bit US-ASCII, '\\' for script escapes of '<'). */
static const unsigned char gate[256] = {
    ['<'] = 1, ['('] = 1, ['`'] = 1, ['['] = 1, [':'] = 1, ['='] = 1,
    ['.'] = 1, ['+'] = 1, ['@'] = 1, [0xbc] = 1, ['\\'] = 1
};

/* What a byte starts in the scan of lw_detect_xss. */
enum { K_TEXT = 0, K_LT, K_WORD, K_BSL, K_RUN, K_AT, K_ASCII7 };
static const unsigned char kind[256] = {
    ['<'] = K_LT, ['\\'] = K_BSL, ['@'] = K_AT,
    ['a' ... 'z'] = K_WORD, ['A' ... 'Z'] = K_WORD, ['0' ... '9'] = K_WORD,
    ['_'] = K_WORD, ['$'] = K_WORD, [0x80 ... 0xbb] = K_WORD,
    [0xbd ... 0xff] = K_WORD,
    ['['] = K_RUN, [']'] = K_RUN, ['('] = K_RUN, [')'] = K_RUN,
    ['!'] = K_RUN, ['+'] = K_RUN, [0xbc] = K_ASCII7
};

/* Bytes of JSFuck-style text (code from []()!+ alone). */
static const unsigned char fuck[256] = {
    ['['] = 1, [']'] = 1, ['('] = 1, [')'] = 1, ['!'] = 1, ['+'] = 1
};

/* First letters of the URL schemes lw_xs_scheme knows. */
static const unsigned char scheme_first[256] = {
    ['j'] = 1, ['J'] = 1, ['v'] = 1, ['V'] = 1, ['l'] = 1, ['L'] = 1,
    ['d'] = 1, ['D'] = 1
};

/* The second letter of the scheme a first letter starts (javascript:,
 * vbscript:, livescript:, data:): most words that start like one leave
 * at their second byte. */
static const unsigned char scheme_second[256] = {
    ['j'] = 'a', ['J'] = 'a', ['v'] = 'b', ['V'] = 'b', ['l'] = 'i',
    ['L'] = 'i', ['d'] = 'a', ['D'] = 'a'
};

/* What may follow a word that lw_xs_ident judges (after white space and
 * comments): a call, template, member, index, assignment, argument list
 * end, optional chaining, sequence, CSS property, array element. */
static const unsigned char after_word[256] = {
    ['('] = 1, ['`'] = 1, ['.'] = 1, ['['] = 1, ['='] = 1, [')'] = 1,
    ['?'] = 1, [','] = 1, [';'] = 1, [':'] = 1, [']'] = 1
};

/* Bytes after which a URL scheme can start (not inside a word, path or
 * host name). */
static const unsigned char scheme_before[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1,
    ['"'] = 1, ['\''] = 1, ['`'] = 1, ['='] = 1, ['('] = 1, ['>'] = 1,
    [','] = 1, [';'] = 1, ['['] = 1, ['{'] = 1
};

void lw_xs_hit(xs_t *x, int verdict, apr_size_t off, apr_size_t len,
               const char *fmt, ...)
{
    va_list ap;
    if (verdict <= x->verdict)
        return;
    x->verdict = verdict;
    x->out->off = off;
    x->out->len = len;
    va_start(ap, fmt);
    apr_vsnprintf(x->out->why, sizeof(x->out->why), fmt, ap);
    va_end(ap);
}

/* Match the lower-case word at s[i..), skipping control bytes (tab, LF,
 * CR ...) between its letters; returns the end or 0. */
static apr_size_t match_ctl(const unsigned char *s, apr_size_t i,
                            apr_size_t n, const char *word)
{
    for (; *word; word++) {
        while (i < n && s[i] < 0x20)
            i++;
        if (i >= n || xs_lower(s[i]) != (unsigned char)*word)
            return 0;
        i++;
    }
    return i;
}

/* The first byte from i that is no control byte (they may stand before
 * the scheme's ':' too: "javascript\t:"). */
static apr_size_t ctl_end(const unsigned char *s, apr_size_t i, apr_size_t n)
{
    while (i < n && s[i] < 0x20)
        i++;
    return i;
}

/* Media types of data: URLs that a browser renders as a document or runs. */
static const char *const data_types[] = {
    "text/html", "text/xml", "text/javascript", "text/ecmascript",
    "text/vbscript", "application/xhtml", "application/xml",
    "application/javascript", "application/x-javascript",
    "application/ecmascript", "image/svg", NULL
};

/* The length of the scheme's ':' at e: the byte, or its escape in a
 * script or JSON string that the page's script writes out as ':'
 * ("javascript\u003aalert(1)", \x3a, \u{3a}); 0 when none. */
static apr_size_t colon(const unsigned char *s, apr_size_t e, apr_size_t n)
{
    if (e >= n)
        return 0;
    if (s[e] == ':')
        return 1;
    if (s[e] != '\\' || n - e < 4)
        return 0;
    if (s[e + 1] == 'x' && s[e + 2] == '3' && (s[e + 3] | 0x20) == 'a')
        return 4;
    if (n - e >= 6 && s[e + 1] == 'u' && memcmp(s + e + 2, "003", 3) == 0
        && (s[e + 5] | 0x20) == 'a')
        return 6;
    if (n - e >= 7 && s[e + 1] == 'u' && memcmp(s + e + 2, "{3", 2) == 0
        && (s[e + 4] | 0x20) == 'a' && s[e + 5] == '}')
        return 6;
    return 0;
}

/* Is the script of a javascript: URL from i the idiom that runs nothing,
 * "void(0)" or "void 0" (a link that only has a click handler), with no
 * more script after it? */
static int noop(const unsigned char *s, apr_size_t i, apr_size_t n)
{
    apr_size_t d;
    int paren = 0;
    if (n - i < 6 || (s[i] | 0x20) != 'v' || (s[i + 1] | 0x20) != 'o'
        || (s[i + 2] | 0x20) != 'i' || (s[i + 3] | 0x20) != 'd')
        return 0;
    for (i += 4; i < n && s[i] == ' '; i++)
        ;
    if (i < n && s[i] == '(') {
        paren = 1;
        i++;
    }
    for (d = i; i < n && xs_digit(s[i]); i++)
        ;
    if (i == d || (paren && (i >= n || s[i++] != ')')))
        return 0;
    if (i < n && s[i] == ';')
        i++;
    return i >= n || xs_space(s[i]) || memchr("\"'`>", s[i], 4) != NULL;
}

const char *lw_xs_scheme(const unsigned char *s, apr_size_t i, apr_size_t n,
                         apr_size_t *end)
{
    static const char *const names[] = {
        "javascript", "vbscript", "livescript", NULL
    };
    apr_size_t e, c;
    int k;
    if (i >= n || !scheme_first[s[i]])
        return NULL;
    for (k = 0; names[k]; k++)
        if ((e = match_ctl(s, i, n, names[k])) && (e = ctl_end(s, e, n)) < n
            && (c = colon(s, e, n)) != 0) {
            if (k != 1 && noop(s, e + c, n))
                return NULL;
            *end = e + c;
            return names[k];
        }
    if ((e = match_ctl(s, i, n, "data")) && (e = ctl_end(s, e, n)) < n
        && s[e] == ':') {
        e++;
        while (e < n && xs_space(s[e]))
            e++;
        for (k = 0; data_types[k]; k++) {
            apr_size_t t = match_ctl(s, e, n, data_types[k]);
            /* the type's rest (image/svg+xml) then its parameters or the
             * data: "data: text/html explained" is a sentence */
            while (t && t < n && (xs_idchar(s[t]) || s[t] == '+'
                                  || s[t] == '-' || s[t] == '.'
                                  || (s[t] == ' ' && n - t > 3
                                      && match_ctl(s, t + 1, n, "xml"))))
                t++;            /* "+xml" may come as " xml" from a form */
            if (t && t < n && (s[t] == ',' || s[t] == ';')) {
                *end = t;
                return "data";
            }
        }
        /* data:,<markup> and data:;base64, without a type: text/plain by
         * the rules, yet old browsers sniffed them */
        if (e + 1 < n && s[e] == ',' && s[e + 1] == '<') {
            *end = e + 1;
            return "data";
        }
    }
    return NULL;
}

/* A URL scheme at i (a boundary before it): javascript:CODE; flagged
 * only when code follows at once, so "JavaScript: the good parts" is a
 * title, not a URL (a URL with a space after the colon still holds the
 * code that follows, judged as script). */
static void scheme(xs_t *x, apr_size_t i, int strict)
{
    apr_size_t e;
    const char *name = lw_xs_scheme(x->s, i, x->n, &e);
    if (!name) {
        /* any other data: URL with a media type (data:image/png;base64,):
         * content of the attacker's, though no markup a browser runs */
        const unsigned char *s = x->s;
        if ((e = match_ctl(s, i, x->n, "data")) && e + 1 < x->n
            && s[e] == ':' && xs_alpha(s[e + 1])) {
            apr_size_t k = e + 1, slash = 0;
            while (k < x->n && (xs_idchar(s[k]) || s[k] == '/' || s[k] == '-'
                                || s[k] == '+' || s[k] == '.'))
                slash += s[k++] == '/';
            if (slash == 1 && k < x->n && (s[k] == ';' || s[k] == ','))
                lw_xs_hit(x, LW_DETECT_WEAK, i, k - i, "url:data");
        }
        return;
    }
    if (name[0] != 'd' && (e >= x->n || xs_space(x->s[e])))
        return;
    if (!strict) {
        /* inside a path or after other punctuation ("/x/javascript:..."):
         * only with script after it, not "/docs/javascript:intro" */
        apr_size_t k;
        for (k = e; k < x->n && k - e < 64 && !xs_space(x->s[k]); k++)
            if (memchr("(=[<`", x->s[k], 5))
                break;
        if (k >= x->n || k - e >= 64 || xs_space(x->s[k]))
            return;
    }
    lw_xs_hit(x, LW_DETECT_STRONG, i, e - i, "url:%s", name);
}

static void index_string(xs_t *x, apr_size_t i);

/* A run of JSFuck-style bytes from i: long, and with the three bytes that
 * build values from nothing ('[' for arrays, '!' and '+' to convert). */
static apr_size_t jsfuck(xs_t *x, apr_size_t i)
{
    const unsigned char *s = x->s;
    apr_size_t j = i, empty = 0, bang = 0, plus = 0, truth = 0;
    apr_size_t space = 0, index = 0;
    for (; j < x->n && (fuck[s[j]] || s[j] == ' '); j++) {
        empty += s[j] == ']' && j > i && s[j - 1] == '[';
        bang += s[j] == '!';
        plus += s[j] == '+';
        space += s[j] == ' ';
        /* ")[" and "][": a value indexed, the way letters are picked */
        index += s[j] == '[' && j > i && (s[j - 1] == ')' || s[j - 1] == ']');
        truth += s[j] == ']' && j >= i + 3 && s[j - 1] == '['
            && (s[j - 2] == '!' || s[j - 2] == '+' || s[j - 2] == ' ')
            && s[j - 3] == '!';
    }
    /* (![]+[]) is "false": an empty array, a negation and a conversion;
     * !![] and !+[] are true and 1, within a longer run ("!![] means"
     * alone is a question about it). A query's '+' may arrive as a space
     * (the form decoding): a run without '+' counts its spaces instead,
     * with an index and more arrays than a Markdown image ("![]()") has. */
    if ((j - i >= 6 && empty && bang && plus)
        || (truth && j - i >= 8)
        || (!plus && j - i >= 16 && space && index && empty >= 3 && bang))
        lw_xs_hit(x, LW_DETECT_STRONG, i, j - i, "js:jsfuck");
    /* the run ends where a string starts: an index by name in it
     * ([]['constructor'], ""['sub']) is read there */
    if (j > i + 1 && s[j - 1] == '[')
        index_string(x, j - 1);
    return j > i ? j : i + 1;
}

/* "+ADw-" is '<' in UTF-7: a page served (or sniffed) as UTF-7 reads
 * "+ADw-script+AD4-" as a script tag. */
static void utf7(xs_t *x, apr_size_t i)
{
    const unsigned char *s = x->s;
    apr_size_t k = i + 5, e;
    if (x->n - i < 6 || memcmp(s + i, "+ADw-", 5) != 0)
        return;
    if (k < x->n && s[k] == '/')
        k++;
    for (e = k; e < x->n && xs_alpha(s[e]) && e - k < XS_WORD; e++)
        ;
    if (e == k)
        return;
    /* a listed element, or any tag closed by "+AD4-" ('>') */
    if ((xs_word(x, (const char *)s + k, e - k) & (XS_TAG | XS_WEAKTAG))
        || (x->n - e >= 5 && memcmp(s + e, "+AD4-", 5) == 0))
        lw_xs_hit(x, LW_DETECT_STRONG, i, e - i, "html:utf-7 <%.*s",
                  (int)(e - k), (const char *)s + k);
}

/* The length of a script escape of '<' at i (\u003c, \x3c, \u{3c},
 * \74), 0 if none. */
static apr_size_t escaped_lt(const unsigned char *s, apr_size_t i,
                             apr_size_t n)
{
    if (n - i >= 6 && s[i + 1] == 'u' && memcmp(s + i + 2, "003", 3) == 0
        && (s[i + 5] | 0x20) == 'c')
        return 6;
    if (n - i >= 4 && s[i + 1] == 'x' && s[i + 2] == '3'
        && (s[i + 3] | 0x20) == 'c')
        return 4;
    /* \u{3c} and the octal escapes \74, \074 of a string literal */
    if (n - i >= 6 && s[i + 1] == 'u' && s[i + 2] == '{' && s[i + 3] == '3'
        && (s[i + 4] | 0x20) == 'c' && s[i + 5] == '}')
        return 6;
    if (n - i >= 4 && s[i + 1] == '0' && s[i + 2] == '7' && s[i + 3] == '4'
        && (n - i == 4 || !xs_digit(s[i + 4])))
        return 4;
    if (n - i >= 3 && s[i + 1] == '7' && s[i + 2] == '4'
        && (n - i == 3 || !xs_digit(s[i + 3])))
        return 3;
    return 0;
}

/* 0xBC is '<' with the high bit set: a page served as US-ASCII drops
 * that bit, so "\xbcscript\xbe" is a script tag there. Also as U+00BC in
 * UTF-8 (C2 BC), not as the second byte of another character (C3 BC). */
static void ascii7(xs_t *x, apr_size_t i)
{
    const unsigned char *s = x->s;
    apr_size_t k = i + 1, e;
    if (i > 0 && s[i - 1] >= 0x80 && s[i - 1] != 0xc2)
        return;
    if (k < x->n && (s[k] == '/' || s[k] == ('/' | 0x80)))
        k++;
    for (e = k; e < x->n && xs_alpha(s[e]) && e - k < XS_WORD; e++)
        ;
    if (e > k && (xs_word(x, (const char *)s + k, e - k) & XS_TAG))
        lw_xs_hit(x, LW_DETECT_STRONG, i, e - i, "html:us-ascii <%.*s",
                  (int)(e - k), (const char *)s + k);
}

/* "@import" followed by a string or url(: a style sheet of the
 * attacker's, wherever the value lands in a <style>. */
static void css_import(xs_t *x, apr_size_t i)
{
    const unsigned char *s = x->s;
    apr_size_t k;
    if (x->n - i < 8 || memcmp(s + i + 1, "import", 6) != 0)
        return;
    k = lw_xs_skip(s, i + 7, x->n);
    if (k < x->n && (s[k] == '"' || s[k] == '\''
                     || (x->n - k >= 4 && (s[k] | 0x20) == 'u'
                         && (s[k + 1] | 0x20) == 'r' && (s[k + 2] | 0x20) == 'l'
                         && s[k + 3] == '(')))
        lw_xs_hit(x, LW_DETECT_STRONG, i, k + 1 - i, "css:@import");
}

/* '[' followed by a string literal naming a sink or a property:
 * x['constructor'], top["alert"]. After ':' or ',' the '[' opens an
 * array of strings, as a JSON filter's {"$in":["open","paid"]}: no
 * index of anything. */
static void index_string(xs_t *x, apr_size_t i)
{
    const unsigned char *s = x->s;
    apr_size_t k = lw_xs_skip(s, i + 1, x->n), e, b = i;
    unsigned char q;
    char buf[XS_WORD];
    apr_size_t blen = 0;
    if (k >= x->n || (s[k] != '"' && s[k] != '\'' && s[k] != '`'))
        return;
    while (b > 0 && xs_space(s[b - 1]))
        b--;
    if (b > 0 && (s[b - 1] == ':' || s[b - 1] == ','))
        return;
    q = s[k];
    for (e = k + 1; e < x->n && s[e] != q && blen < XS_WORD; e++)
        buf[blen++] = (char)s[e];
    if (e < x->n && s[e] == q
        && (xs_word(x, buf, blen) & (XS_SINK | XS_CODESINK | XS_PROP)))
        lw_xs_hit(x, LW_DETECT_STRONG, i, e + 1 - i, "js:index %.*s",
                  (int)blen, buf);
}

int lw_detect_xss(const lw_words_t *w, const char *str, apr_size_t len,
                  lw_detect_out_t *out)
{
    const unsigned char *s = (const unsigned char *)str;
    apr_size_t i;
    xs_t x;

    for (i = 0; i < len && !gate[s[i]]; i++)
        ;
    if (i == len)
        return LW_DETECT_NONE;

    x.w = w;
    x.s = s;
    x.n = len;
    x.verdict = LW_DETECT_NONE;
    x.out = out;
    x.rescan = 1;
    x.tags_from = 0;
    x.shape = 0;
    x.opened = x.opened_len = 0;
    for (i = 0; i < len && x.verdict < LW_DETECT_STRONG; ) {
        unsigned char c = s[i];
        switch (kind[c]) {
        case K_TEXT:
            i++;
            break;
        case K_LT:
            if (i >= x.tags_from)
                i = lw_xs_tag(&x, i, 1);
            else
                i++;
            break;
        case K_BSL: {
            /* "\u003cscript" in a JSON or script string is written into
             * the page as "<script" */
            apr_size_t open = escaped_lt(s, i, len);
            if (open && i >= x.tags_from) {
                i = lw_xs_tag(&x, i, open);
                break;
            }
            if (i + 1 >= len || s[i + 1] != 'u') {
                i++;
                break;
            }
        }
            /* a \u escape starts a word */
            /* fall through */
        case K_WORD: {
            char buf[XS_WORD];
            apr_size_t wlen, j, k;
            if (xs_digit(c)) {  /* a number (5.0, 10px) names nothing */
                for (i++; i < len && kind[s[i]] == K_WORD; i++)
                    ;
                break;
            }
            /* lw_xs_scheme skips control bytes between the letters */
            if (scheme_first[c] && (i == 0 || !xs_idchar(s[i - 1]))
                && i + 1 < len && (s[i + 1] < 0x20
                                   || xs_lower(s[i + 1]) == scheme_second[c]))
                scheme(&x, i, i == 0 || scheme_before[s[i - 1]]);
            /* most words are text: find the end and what follows before
             * reading the word itself */
            for (j = i; j < len && kind[s[j]] == K_WORD; j++)
                ;
            if (j > i && (j == len || s[j] != '\\')) {
                k = j < len && (xs_space(s[j]) || s[j] == '/')
                    ? lw_xs_skip(s, j, len) : j;
                /* a word after a dot is judged even at the end:
                 * x.innerHTML */
                if (k >= len ? i == 0 || s[i - 1] != '.' : !after_word[s[k]]) {
                    i = j;
                    break;
                }
            }
            /* lw_xs_ident judges a listed word or a handler name (on...):
             * any other word ends where it reads it (no escape, no byte
             * 0xbc after it) and is skipped unread */
            if (j > i && (j == len || (s[j] != '\\' && s[j] != 0xbc))
                && !(xs_lower(c) == 'o' && j - i > 1
                     && xs_lower(s[i + 1]) == 'n')
                && !lw_words_get_in(w, (const char *)s + i, j - i, ~0u)) {
                i = j;
                break;
            }
            j = lw_xs_read_ident(s, i, len, buf, &wlen);
            if (j == i) {       /* a '\u' that is no escape */
                i++;
                break;
            }
            lw_xs_ident(&x, i, j, buf, wlen);
            i = j;
            break;
        }
        case K_RUN:
            if (c == '[')
                index_string(&x, i);
            if (c == '+')
                utf7(&x, i);
            i = jsfuck(&x, i);
            break;
        case K_AT:
            css_import(&x, i);
            i++;
            break;
        case K_ASCII7:
            ascii7(&x, i);
            i++;
            break;
        }
    }
    return x.verdict;
}
