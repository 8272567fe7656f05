/* The shell detector's cheap gates: a value without any byte a command
 * injection needs, or made of plain words none of which shell.words lists
 * where the parse would look, is rejected before the lexer runs (most
 * benign values stop here in a few instructions per byte). */
#include <string.h>

#include "lw_shell.h"

/* Bytes a command injection needs one of; values without them are
 * rejected before tokenizing (but see " -" below). */
static const unsigned char gate[256] = {
    [';'] = 1, ['|'] = 1, ['&'] = 1, ['\n'] = 1, ['\r'] = 1, ['`'] = 1,
    ['$'] = 1, ['('] = 1, [')'] = 1, ['{'] = 1, ['}'] = 1, ['<'] = 1,
    ['>'] = 1, ['\''] = 1, ['"'] = 1, ['\\'] = 1, ['^'] = 1, ['%'] = 1,
    ['/'] = 1
};

int lw_sh_shellshock(const char *s, apr_size_t n)
{
    apr_size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i++] != '(')
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i++] != ')')
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i < n && s[i] == '{';
}

/* Bytes after which the parse (lw_shell.c) can only hit through a word of the
 * table: no quote, escape, expansion ($ %), glob, redirection, brace,
 * backquote, '&', '|', '=' or line break. The lexer then cuts words only at
 * blanks, ';', '(' and ')', takes them as they are (lower case), and every
 * verdict needs a word of shell.words at some place (a command, a
 * wrapper's command, a binary's directory, a system path, a sink before
 * '(', a PowerShell member after ')'), or cmd's IF EXIST. 1: allowed,
 * 2: cuts words, 3: '/', 4: '.' (allowed, and mark a word's pieces). */
static const unsigned char plain[256] = {
    [' '] = 2, ['\t'] = 2, ['\v'] = 2, ['\f'] = 2, [';'] = 2, ['('] = 2,
    [')'] = 2,
    ['/'] = 3, ['.'] = 4, [','] = 1, ['-'] = 1, [':'] = 1, ['+'] = 1,
    ['_'] = 1, ['!'] = 1, ['#'] = 1, ['@'] = 1, ['~'] = 1,
    ['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1,
    [0x80 ... 0xff] = 1
};

/* In one of the table's sections secs (lw_words_get folds case as the
 * lexer does)? The filter first: most words of a benign value stop there. */
static APR_INLINE int listed(const lw_words_t *w, const lw_words_filter_t *f,
                             const char *x, apr_size_t n, apr_uint32_t secs)
{
    return n && lw_words_maybe(f, x, n, secs)
        && (lw_words_get(w, x, n) & secs);
}

/* Would the parser find the word x[0..n) (n <= SH_WMAX), or a piece of
 * it, in the table where it looks? The word itself (any section); after
 * a leading '.' a PowerShell member; before its first '/' after the start
 * a system path; before its last '/' a binary's directory (only then is
 * the name after it looked up); a name without '/' before its first '.'
 * past the start when an extension follows (cmd.exe). first, last: those
 * slashes (n: none); dot: that '.' (n: none). */
static int plain_word_listed(const lw_words_t *w, const lw_words_filter_t *f,
                             const char *x, apr_size_t n, apr_size_t first,
                             apr_size_t last, apr_size_t dot)
{
    if (listed(w, f, x, n, ~(apr_uint32_t)(B(PROSE) | B(VERBS) | B(LOOKUP)
                                           | B(SCRIPTS) | B(PROBE)
                                           | B(TARGETS))))
        return 1;
    if (x[0] == '!' && lw_sh_history(x, n))
        return 1;
    if (x[0] == '.' && (first == 1 || (first == 2 && x[1] == '.')))
        return 1;               /* ./x ../../bin/sh: run from a relative path */
    if ((n == 2 && (x[0] | 0x20) == 'i' && (x[1] | 0x20) == 'f')
        || (n == 3 && (x[0] | 0x20) == 'f' && (x[1] | 0x20) == 'o'
            && (x[2] | 0x20) == 'r'))
        return 1;               /* cmd's IF EXIST path, FOR ... DO */
    if (x[0] == '.' && listed(w, f, x + 1, n - 1, B(PS)))
        return 1;
    if (last < n) {
        char d[SH_WMAX + 1];
        if ((first < n && listed(w, f, x, first, B(PATHS)))
            || (last > 0 && listed(w, f, x, last, B(BINDIRS))))
            return 1;
        /* usr/bin/id: a binary's directory from the root (classify); the
         * Unix ones start with bin, sbin, usr, opt or system */
        if (last == 0 || !strchr("bsuoBSUO", x[0]) || first > 6)
            return 0;
        d[0] = '/';
        memcpy(d + 1, x, last);
        return listed(w, f, d, last + 1, B(BINDIRS));
    }
    return dot < n && listed(w, f, x + dot + 1, n - dot - 1, B(EXTS))
        && listed(w, f, x, dot, SH_CMDBITS);
}

/* 1 when the value is made of plain bytes (above) and none of its words
 * is listed: the parse would find nothing, and need not run. A value
 * that fails here is parsed as before. */
static int plain_and_unlisted(const lw_words_t *w, const char *s,
                              apr_size_t len)
{
    const lw_words_filter_t *f = lw_words_filter(w);
    apr_size_t i = 0;
    unsigned c = 2;

    while (i < len) {
        apr_size_t ws, n, first, last, dot, base;
        while (i < len && (c = plain[(unsigned char)s[i]]) == 2)
            i++;
        ws = i;
        first = last = dot = len;
        base = ws;
        for (;;) {
            while (i < len && (c = plain[(unsigned char)s[i]]) == 1)
                i++;
            if (i >= len || c < 3)
                break;
            if (c == 3) {
                if (first == len && i > ws)
                    first = i;
                last = i;
                base = i + 1;
                dot = len;
            }
            else if (dot == len && i > base)
                dot = i;
            i++;
        }
        if (i < len && c == 0)
            return 0;
        n = i - ws;
        if (n > SH_WMAX)
            return 0;           /* a long word: looked up cut short */
        if (n && plain_word_listed(w, f, s + ws, n,
                                   first < len ? first - ws : n,
                                   last < len ? last - ws : n,
                                   dot < len ? dot - ws : n))
            return 0;
    }
    return 1;
}

/* "powershell whoami": PowerShell runs its arguments as a command
 * (-Command is its default), without any of the gate's bytes; sh and cmd
 * read a script or start a shell instead. k: the first word's length. */
/* A first word that runs its arguments or reads the host with no byte
 * of the gate: "powershell whoami", "env id", "nohup id", "gwmi
 * win32_process" (PowerShell's own names, not those English shares). */
static int run_first(const lw_words_t *w, const char *s, apr_size_t k)
{
    apr_uint32_t b;
    if (!k || k > SH_WMAX
        || !listed(w, lw_words_filter(w), s, k, B(SHELLS) | B(WRAP) | B(PS)))
        return 0;
    b = lw_words_get(w, s, k);
    if (b & B(WRAP))
        return 1;
    if (b & B(SHELLS))
        return (b & B(PS)) != 0;
    return !(b & (B(UNIX) | B(WIN) | B(COMMON)));
}

int lw_sh_reject(const lw_words_t *w, const char *s, apr_size_t len)
{
    apr_size_t i;
    int dash = 0;

    for (i = 0; i < len; i++) {
        if (gate[(unsigned char)s[i]])
            break;
        if (s[i] == '-' && i && (s[i - 1] == ' ' || s[i - 1] == '\t'))
            dash = 1;
    }
    /* " -x" (a flag), "!-1" (bash's history) and run_first's need none
     * of the gate's bytes; a tab separates words as a space
     * does (sh, cmd and PowerShell alike) */
    if (i == len && !dash && !(len > 1 && s[0] == '!')) {
        apr_size_t e, most = len < SH_WMAX + 1 ? len : SH_WMAX + 1;
        for (e = 0; e < most && s[e] != ' ' && s[e] != '\t'; e++)
            ;
        if (e == most || !run_first(w, s, e))
            return 1;
    }
    return plain_and_unlisted(w, s, len);
}
