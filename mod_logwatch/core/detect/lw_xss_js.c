/* The xss detector's script half: an identifier judged by what follows it
 * (white space and comments skipped, as JavaScript does):
 *   SINK(ARG)        a call; STRONG when the argument looks like script (a
 *                    number, string, template, regex, array, an object or
 *                    sink name, a call, nothing) or the call follows a byte
 *                    that ends a string or statement ("';alert(x)//");
 *                    WEAK for a word argument: "confirm(order) please"
 *   SINK`...`        a tagged template: a call without parentheses
 *   CODESINK('...')  Function, setTimeout, import ... with code in a string
 *   OBJ.PROP         document.cookie, window.alert, top.location
 *   OBJ[...]         computed access: window['al'+'ert'], (document)["x"]
 *   (SINK)(...)      a sink taken as a value: (alert)(1), [1].find(alert)
 *   ASSIGN=...       location='//x', x.innerHTML='<..'
 *   onNAME=VALUE     an event handler outside a tag: the value broke out
 *                    of an attribute ('" onfocus=x autofocus="')
 * Identifiers may hold \uXXXX and \u{X} escapes (al\u0065rt). */
#include "lw_xss.h"

#define XS_LOOK 256             /* how far white space/comments are skipped */

apr_size_t lw_xs_skip(const unsigned char *s, apr_size_t i, apr_size_t n)
{
    apr_size_t lim = n - i > XS_LOOK ? i + XS_LOOK : n;
    while (i < lim) {
        if (xs_space(s[i]))
            i++;
        else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            const unsigned char *e;
            i += 2;
            while (i < lim && (e = memchr(s + i, '*', lim - i)) != NULL) {
                i = (apr_size_t)(e - s) + 1;
                if (i < n && s[i] == '/')
                    break;
            }
            if (i >= lim || s[i] != '/')
                return n;
            i++;
        }
        else
            return i;
    }
    return i < n ? i : n;
}

static int hexval(unsigned char c)
{
    if (xs_digit(c))
        return c - '0';
    c = xs_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

apr_size_t lw_xs_read_ident(const unsigned char *s, apr_size_t i,
                            apr_size_t n, char *buf, apr_size_t *wlen)
{
    apr_size_t len = 0;
    int ok = 1;
    while (i < n) {
        unsigned long cp;
        if (xs_idchar(s[i])) {
            cp = s[i++];
        }
        else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'u') {
            apr_size_t k = i + 2;
            int h, d = 0;
            cp = 0;
            if (k < n && s[k] == '{') {
                for (k++; k < n && d < 8 && (h = hexval(s[k])) >= 0; k++, d++)
                    cp = cp * 16 + (unsigned long)h;
                if (k >= n || s[k] != '}' || d == 0)
                    break;
                k++;
            }
            else {
                for (; k < n && d < 4 && (h = hexval(s[k])) >= 0; k++, d++)
                    cp = cp * 16 + (unsigned long)h;
                if (d < 4)
                    break;
            }
            i = k;
        }
        else
            break;
        if (cp >= 0x80 || len >= XS_WORD)
            ok = 0;
        else
            buf[len++] = (char)xs_lower((unsigned char)cp);
    }
    *wlen = ok ? len : 0;
    return i;
}

/* The last byte before i that is no white space, 0 at the start. */
static unsigned char before(const unsigned char *s, apr_size_t i)
{
    apr_size_t lim = i > XS_LOOK ? i - XS_LOOK : 0;
    while (i > lim && xs_space(s[i - 1]))
        i--;
    return i > 0 ? s[i - 1] : 0;
}

/* Bytes that end a string, an expression or a statement just before a
 * call: a value that broke out of a JavaScript string ('-alert(1)-'). */
static int breakout(unsigned char c)
{
    return c && memchr(";'\"`+-*|&}{=>^%~!", c, 17) != NULL;
}

/* The byte after the ')' that closes the '(' at p (strings skipped), or
 * n when it is not closed near. */
static apr_size_t paren_end(const unsigned char *s, apr_size_t p,
                            apr_size_t n)
{
    apr_size_t lim = n - p > XS_LOOK ? p + XS_LOOK : n;
    int depth = 0;
    for (; p < lim; p++) {
        unsigned char c = s[p];
        if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return p + 1;
        else if (c == '"' || c == '\'' || c == '`') {
            const unsigned char *q = memchr(s + p + 1, c, lim - p - 1);
            if (!q)
                return n;
            p = (apr_size_t)(q - s);
        }
    }
    return n;
}

/* Is the word that ends at e the keyword of a function literal: a name
 * or none, a parameter list, then a body (function () {...}, function
 * f(a) {...})? A function handed over is not code in a string. */
static int function_literal(const unsigned char *s, apr_size_t e,
                            apr_size_t n)
{
    apr_size_t p = lw_xs_skip(s, e, n);
    while (p < n && xs_idchar(s[p]))
        p++;
    p = lw_xs_skip(s, p, n);
    if (p >= n || s[p] != '(')
        return 0;
    p = lw_xs_skip(s, paren_end(s, p, n), n);
    return p < n && s[p] == '{';
}

/* How script-like is the argument list opening after '(' at k? 2: a
 * number, string, template, regex, array, object, an object or sink name,
 * a call; 1: a word or nothing, and the call ends a statement ("alert(xss)"
 * at the end, "alert()</script>"); 0: text ("confirm(order) please"). */
static int script_arg(xs_t *x, apr_size_t k, int strings_only)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, e;
    char buf[XS_WORD];
    apr_size_t wl;
    e = k = lw_xs_skip(s, k, n);
    if (k >= n)
        return 0;
    if (s[k] == '"' || s[k] == '\'' || s[k] == '`')
        return 2;
    if (strings_only && !xs_idchar(s[k]))
        return 0;
    if (xs_digit(s[k]) || memchr("/[{-+!~.", s[k], 8))
        return 2;
    if (s[k] != ')') {
        if (!(xs_idchar(s[k]) || s[k] == '\\'))
            return 0;
        e = lw_xs_read_ident(s, k, n, buf, &wl);
        if (function_literal(s, e, n))
            return 0;           /* setTimeout(function () { f(); }, 9) */
        if (xs_word(x, buf, wl) & (XS_OBJECT | XS_SINK | XS_CODESINK
                                    | XS_DECODER))
            return 2;
        e = lw_xs_skip(s, e, n);
        /* a call, a property, or a string built at run time: eval(a+b) */
        if (e < n && (s[e] == '(' || s[e] == '.' || s[e] == '[' || s[e] == '`'
                      || s[e] == '+'))
            return 2;
        if (strings_only || e >= n || s[e] != ')')
            return 0;
    }
    e = lw_xs_skip(s, e + 1, n);
    return e >= n || memchr(";/<>'\"`}", s[e], 8) != NULL;
}

/* An index by a string literal at q (its opening quote): code when the
 * name is computed (a concatenation, an escape, an interpolation), names
 * a sink or property, or what it names is called or assigned from a
 * call; window['dataLayer'] = [] and top['news'] name a variable. */
static int literal_code(xs_t *x, apr_size_t q)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, e, a;
    char buf[XS_WORD];
    apr_size_t bl = 0;
    for (e = q + 1; e < n && s[e] != s[q] && e - q <= XS_LOOK; e++) {
        if (s[e] == '\\' || (s[q] == '`' && s[e] == '$'))
            return 1;
        if (bl < XS_WORD)
            buf[bl++] = (char)xs_lower(s[e]);
    }
    if (e >= n || s[e] != s[q])
        return 1;
    if (bl < XS_WORD && (xs_word(x, buf, bl) & (XS_SINK | XS_CODESINK
                                                | XS_PROP | XS_DECODER)))
        return 1;
    a = lw_xs_skip(s, e + 1, n);
    if (a >= n || s[a] != ']')
        return 1;               /* 'al'+'ert' */
    a = lw_xs_skip(s, a + 1, n);
    return a < n && (s[a] == '(' || s[a] == '`' || s[a] == '[');
}

/* Is the call of the sink at i (its '(' at k) all a string literal holds:
 * a quote right before the name, the same right after the ')', and no
 * operator on either side ("use `alert()` for debugging", echo
 * "alert(1)")? A string ends there, but a call next to a string without
 * an operator between is no script in any context. */
static int quoted_call(xs_t *x, apr_size_t i, apr_size_t k)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, e;
    unsigned char q;
    if (i == 0 || (s[i - 1] != '`' && s[i - 1] != '"' && s[i - 1] != '\''))
        return 0;
    q = s[i - 1];
    if (i >= 2 && !xs_space(s[i - 2]) && !memchr("(:,", s[i - 2], 3))
        return 0;
    e = paren_end(s, k, n);
    return e < n && s[e] == q && (e + 1 >= n || xs_space(s[e + 1])
                                  || memchr(".,:;)!?", s[e + 1], 7));
}

/* Is the call whose '(' is at k followed on its line by a word of prose
 * ("eval(\"2+2\") returns 4", "import('x') vs require('x')"), not an
 * operator that takes it further (in, instanceof)? Script puts no word
 * after a call without an operator or a new line between. */
static int prose_after(xs_t *x, apr_size_t k)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, e = paren_end(s, k, n), b, l;
    char buf[XS_WORD];
    if (e >= n || (s[e] != ' ' && s[e] != '\t'))
        return 0;
    while (e < n && (s[e] == ' ' || s[e] == '\t'))
        e++;
    for (b = e; e < n && xs_alpha(s[e]) && e - b < XS_WORD; e++)
        ;
    if (e == b || (e < n && !xs_space(s[e]) && !memchr(".,?!", s[e], 4)))
        return 0;
    for (l = 0; l < e - b; l++)
        buf[l] = (char)xs_lower(s[b + l]);
    return !(xs_word(x, buf, e - b) & XS_KEYWORD);
}

/* Does the identifier at i follow a word of prose on its line (white
 * space between, no newline: JavaScript inserts no ';' there), one that
 * is no keyword before an expression? */
static int after_word_of(xs_t *x, apr_size_t i)
{
    const unsigned char *s = x->s;
    apr_size_t b = i, e;
    char buf[XS_WORD];
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (b == i || b == 0 || !xs_idchar(s[b - 1]))
        return 0;
    for (e = b; b > 0 && xs_idchar(s[b - 1]) && e - b < XS_WORD; b--)
        ;
    for (i = 0; i < e - b; i++)
        buf[i] = (char)xs_lower(s[b + i]);
    return !(xs_word(x, buf, e - b) & XS_KEYWORD);
}

/* OBJ followed by '.' or '[' at k (after optional ')'): a property. */
static void member(xs_t *x, apr_size_t i, apr_size_t k, const char *word,
                   apr_size_t wlen)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n;
    while (k < n && s[k] == ')')
        k = lw_xs_skip(s, k + 1, n);
    if (k >= n)
        return;
    if (s[k] == '.' || (s[k] == '?' && k + 1 < n && s[k + 1] == '.')) {
        char buf[XS_WORD];
        apr_size_t wl, e;
        k = lw_xs_skip(s, k + (s[k] == '?' ? 2 : 1), n);
        if (k >= n || !(xs_idchar(s[k]) || s[k] == '\\'))
            return;
        e = lw_xs_read_ident(s, k, n, buf, &wl);
        if (xs_word(x, buf, wl) & (XS_PROP | XS_SINK)) {
            /* "document.cookie explained", "window.location.href vs
             * ..." are text about script: the chain of members ends in a
             * word */
            apr_size_t a = lw_xs_skip(s, e, n), m;
            int plain = 0;      /* a member no list knows: .style */
            while (a + 1 < n && s[a] == '.' && xs_idchar(s[a + 1])) {
                char mb[XS_WORD];
                apr_size_t ml;
                m = lw_xs_read_ident(s, a + 1, n, mb, &ml);
                plain |= !xs_word(x, mb, ml);
                a = lw_xs_skip(s, m, n);
            }
            /* document.body.style.overflow = 'hidden' sets a property of
             * no interest; document.cookie.split(';') reads the cookie */
            if (plain && a < n && s[a] == '=' && (a + 1 >= n || s[a + 1] != '='))
                return;
            if (!(a < n && a > e && (xs_idchar(s[a]) || s[a] == '\\'))
                && !after_word_of(x, i))
                lw_xs_hit(x, LW_DETECT_STRONG, i, e - i, "js:%.*s.%.*s",
                          (int)wlen, word, (int)wl, buf);
        }
    }
    else if (s[k] == '[') {
        apr_size_t e = lw_xs_skip(s, k + 1, n);
        if (e < n && xs_digit(s[e])) {
            /* top[0] is an index; top[8680439..toString(30)](1) a call */
            const unsigned char *c = memchr(s + e, ']', n - e > 64 ? 64 : n - e);
            if (!c)
                return;
            e = lw_xs_skip(s, (apr_size_t)(c - s) + 1, n);
            if (e >= n || (s[e] != '(' && s[e] != '`'))
                return;
        }
        if (e < n && (s[e] == '"' || s[e] == '\'' || s[e] == '`')
            && !literal_code(x, e))
            return;
        if (e < n && s[e] != ']')
            lw_xs_hit(x, LW_DETECT_STRONG, i, e - i, "js:index %.*s",
                      (int)wlen, word);
    }
}

/* onNAME= outside a tag. */
static void handler(xs_t *x, apr_size_t i, apr_size_t k, const char *word,
                    apr_size_t wlen, unsigned char prev)
{
    const unsigned char *s = x->s;
    apr_size_t v = lw_xs_skip(s, k + 1, x->n);
    int known = (xs_word(x, word, wlen) & XS_HANDLER) != 0;
    /* a known name starts an attribute of its own only where a tag's
     * attributes part: at the start, after white space or '/'; after ','
     * (an option list: Cloudflare's /cdn-cgi/image/...,onerror=redirect)
     * or a letter it stays inside the value it is part of */
    int own = i == 0 || xs_space(s[i - 1]) || s[i - 1] == '/';
    int code = 0;
    if (v >= x->n || s[v] == '&' || lw_xs_jsx(x, v))
        return;
    if (xs_idchar(s[v]) || s[v] == '\\') {
        /* the value is script by itself: a sink named (onerror=alert;
         * throw 1, {onerror=eval}throw'=...') or an object's member or
         * call (onfoo=top.alert(1)), not a word ("onsale=true") */
        char buf[XS_WORD];
        apr_size_t wl, e = lw_xs_read_ident(s, v, x->n, buf, &wl);
        apr_uint32_t bits = xs_word(x, buf, wl);
        e = lw_xs_skip(s, e, x->n);
        code = ((bits & XS_SINK) && (e >= x->n || memchr("(`;,}", s[e], 5)))
            || ((bits & XS_OBJECT) && e < x->n && (s[e] == '.' || s[e] == '['));
    }
    /* an unknown name counts only right after the quote it broke out of
     * or with script for its value: "onion=1" is a parameter, '"onion=1'
     * is not */
    if ((known && (own || code)) || (code && own)
        || prev == '"' || prev == '\'' || prev == '`')
        lw_xs_hit(x, LW_DETECT_STRONG, i, v + 1 - i, "html:%.*s=",
                  (int)wlen, word);
    else if (i > 0 && (xs_space(s[i - 1]) || prev == ';' || prev == ','))
        lw_xs_hit(x, LW_DETECT_WEAK, i, v + 1 - i, "html:%.*s=",
                  (int)wlen, word);
}

/* Where the argument list holding i opens: the byte after its '(' (or
 * after a ',' or the start when there is none near). */
static apr_size_t open_paren(const unsigned char *s, apr_size_t i)
{
    apr_size_t lim = i > XS_LOOK ? i - XS_LOOK : 0;
    int depth = 0;
    for (; i > lim; i--) {
        unsigned char c = s[i - 1];
        if (c == ')' || c == ']' || c == '}')
            depth++;
        else if (c == '(' || c == '[' || c == '{') {
            if (depth == 0)
                return i;
            depth--;
        }
    }
    return i;
}

/* Is the variable s[b..e) that a sink was stored in called in what
 * follows k (NAME( or NAME`), or is it a hook the engine calls itself
 * ([hook]: valueOf, toString)? */
static int called(xs_t *x, apr_size_t b, apr_size_t e, apr_size_t k)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, l = e - b, lim, q;
    char buf[XS_WORD];
    for (q = 0; q < l; q++)
        buf[q] = (char)xs_lower(s[b + q]);
    if (xs_word(x, buf, l) & XS_HOOK)
        return 1;
    lim = n - k > XS_LOOK ? k + XS_LOOK : n;
    for (q = k; q + l < lim; q++)
        if (memcmp(s + q, s + b, l) == 0 && !xs_idchar(s[q - 1])
            && (s[q + l] == '(' || s[q + l] == '`'))
            return 1;
    return 0;
}

/* The argument at k of a loader's call (fetch, $.getScript): another
 * origin ("//x.example", "https://x.example"), or a string built at run
 * time ('/log?c='+document.cookie, `${x}`, a call, a variable's member)?
 * A fixed path of the page's own site ("fetch('/api/items')") is an
 * application's code, not a request an attacker sends off. */
static int offsite_arg(xs_t *x, apr_size_t k)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, e, a;
    unsigned char q;
    k = lw_xs_skip(s, k, n);
    if (k >= n || (s[k] != '"' && s[k] != '\'' && s[k] != '`'))
        return 1;
    q = s[k];
    a = k + 1;
    if (a + 1 < n && (s[a] == '/' || s[a] == '\\')
        && (s[a + 1] == '/' || s[a + 1] == '\\'))
        return 1;
    for (e = a; e < n && e - a < 32 && (xs_alpha(s[e]) || (e > a
            && (xs_digit(s[e]) || s[e] == '+' || s[e] == '.' || s[e] == '-')));
         e++)
        ;
    if (e > a && e < n && s[e] == ':')
        return 1;
    for (e = a; e < n && s[e] != q && e - a <= XS_LOOK; e++)
        if (s[e] == '\\' || (q == '`' && s[e] == '$'))
            return 1;
    if (e >= n || s[e] != q)
        return 1;               /* cut short (a view that drops what
                                 * follows "//"), or longer than we read */
    e = lw_xs_skip(s, e + 1, n);
    return e < n && s[e] == '+';
}

/* Is the value assigned at a a string made at run time: a decoder's or
 * sink's result, an object's member (location=atob('...'),
 * location.href=unescape(...), location=window.name), not a word
 * ("location=paris")? */
static int assigned_code(xs_t *x, apr_size_t a)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, e, wl;
    char buf[XS_WORD];
    apr_uint32_t bits;
    if (!xs_idchar(s[a]) && s[a] != '\\')
        return 0;
    e = lw_xs_read_ident(s, a, n, buf, &wl);
    bits = xs_word(x, buf, wl);
    e = lw_xs_skip(s, e, n);
    if (e >= n)
        return 0;
    if (bits & (XS_DECODER | XS_SINK | XS_CODESINK))
        return s[e] == '(' || s[e] == '`';
    return (bits & XS_OBJECT) && (s[e] == '.' || s[e] == '[');
}

void lw_xs_ident(xs_t *x, apr_size_t i, apr_size_t j, const char *word,
                 apr_size_t wlen)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, k, a;
    apr_uint32_t bits;
    unsigned char nc, prev;
    int dotted;

    if (wlen < 2 || xs_digit((unsigned char)word[0]))
        return;
    dotted = i > 0 && s[i - 1] == '.';
    nc = j < n ? s[j] : 0;      /* most words are followed by plain text */
    if (nc && !xs_space(nc) && nc != '/' && !memchr("(`.[=)?,;:]", nc, 11))
        return;
    k = lw_xs_skip(s, j, n);
    nc = k < n ? s[k] : 0;
    if (nc != '(' && nc != '`' && nc != '.' && nc != '[' && nc != '='
        && nc != ')' && nc != '?' && nc != ',' && nc != ';' && nc != ':'
        && nc != ']' && !dotted)
        return;
    prev = before(s, i);
    if (nc == '=' && wlen >= 5 && word[0] == 'o' && word[1] == 'n'
        && (k + 1 >= n || s[k + 1] != '=')) {
        apr_size_t t;
        for (t = 2; t < wlen && xs_alpha((unsigned char)word[t]); t++)
            ;
        if (t == wlen) {
            handler(x, i, k, word, wlen, prev);
            return;
        }
    }
    bits = xs_word(x, word, wlen);
    if (!bits)
        return;
    dotted = prev == '.';
    if (dotted && (bits & XS_DOM)) {
        /* x.innerHTML, this.parentNode: "el.innerHTML explained" is text */
        a = lw_xs_skip(s, j, n);
        if (!(a < n && a > j && (xs_idchar(s[a]) || s[a] == '\\'))) {
            lw_xs_hit(x, LW_DETECT_STRONG, i, j - i, "js:.%.*s",
                      (int)wlen, word);
            return;
        }
    }
    if (nc == '=' && (bits & XS_ATTR) && (prev == '"' || prev == '\''
                                          || prev == '`')
        && (k + 1 >= n || s[k + 1] != '=')) {
        /* '" formaction=//x.example', '"xmlns=...': out of the attribute */
        a = lw_xs_skip(s, k + 1, n);
        if (a < n)
            lw_xs_hit(x, LW_DETECT_STRONG, i, a + 1 - i, "html:%.*s=",
                      (int)wlen, word);
        return;
    }
    if (nc == ':') {
        /* behavior: url(x.htc), -moz-binding: url(x.xml#b) */
        if (bits & XS_CSS) {
            a = lw_xs_skip(s, k + 1, n);
            if (n - a >= 4 && (s[a] | 0x20) == 'u' && (s[a + 1] | 0x20) == 'r'
                && (s[a + 2] | 0x20) == 'l' && s[a + 3] == '(')
                lw_xs_hit(x, LW_DETECT_STRONG, i, a + 4 - i, "css:%.*s",
                          (int)wlen, word);
        }
        return;
    }
    if (nc == '?' && k + 2 < n && s[k + 1] == '.' && s[k + 2] == '(') {
        k += 2;                 /* alert?.(1) */
        nc = '(';
    }
    else if (nc == '?' && k + 1 < n && s[k + 1] == '.') {
        k++;                    /* alert?.call?.(0,1): a member */
        nc = '.';
    }
    if (nc == ']' && prev == '[' && (bits & (XS_SINK | XS_CODESINK))) {
        /* [eval][0]('x'): the sink in an array, taken out and called */
        const unsigned char *c;
        a = lw_xs_skip(s, k + 1, n);
        if (a < n && s[a] == '['
            && (c = memchr(s + a, ']', n - a > 64 ? 64 : n - a)) != NULL) {
            a = lw_xs_skip(s, (apr_size_t)(c - s) + 1, n);
            if (a < n && (s[a] == '(' || s[a] == '`'))
                lw_xs_hit(x, LW_DETECT_STRONG, i, a + 1 - i, "js:ref %.*s",
                          (int)wlen, word);
        }
        return;
    }
    if (nc == '`' && (bits & (XS_SINK | XS_CODESINK)
                      || (dotted && (bits & XS_PROP)))) {
        lw_xs_hit(x, LW_DETECT_STRONG, i, k + 1 - i, "js:tpl %.*s",
                  (int)wlen, word);
        return;
    }
    if (nc == '(') {
        if (bits & XS_CODESINK) {
            if (script_arg(x, k + 1, 1) && !prose_after(x, k)
                && !(!dotted && after_word_of(x, i))
                && (!(bits & XS_LOADER) || offsite_arg(x, k + 1)))
                lw_xs_hit(x, LW_DETECT_STRONG, i, k + 1 - i, "js:call %.*s",
                          (int)wlen, word);
        }
        else if (bits & XS_SINK || (dotted && (bits & XS_PROP))) {
            /* "price alert (daily)": a word argument after a space is
             * text; script puts no space there. "why does alert(1) not
             * show": a word before the call on its line, not a keyword
             * that takes an expression (new, typeof, return ...), is no
             * statement either */
            int arg = script_arg(x, k + 1, 0);
            if (!dotted && after_word_of(x, i))
                ;
            else if (quoted_call(x, i, k) || prose_after(x, k))
                ;
            /* x.call(value): what it calls is what precedes it, judged on
             * its own (alert.call(0,1)); a word handed over is no script */
            else if ((bits & XS_RELAY) && dotted && arg != 2)
                ;
            else if (arg == 2 || (arg == 1 && k == j)
                || (breakout(prev) && prev != '='))
                lw_xs_hit(x, LW_DETECT_STRONG, i, k + 1 - i, "js:call %.*s",
                          (int)wlen, word);
            /* after '=' a call with text after it is a URL's parameter
             * ("?wd=alert()+in+javascript") as much as an assignment: a
             * fragment */
            else if (prev == '=')
                lw_xs_hit(x, LW_DETECT_WEAK, i, k + 1 - i, "js:call %.*s",
                          (int)wlen, word);
        }
        return;
    }
    if (nc == '.' && (bits & (XS_SINK | XS_CODESINK))) {
        /* alert.call(null,1), eval.apply(0,[s]), alert.bind(0)(1) */
        char buf[XS_WORD];
        apr_size_t wl, e;
        a = lw_xs_skip(s, k + 1, n);
        if (a < n && xs_idchar(s[a])) {
            e = lw_xs_read_ident(s, a, n, buf, &wl);
            e = lw_xs_skip(s, e, n);
            if (e + 1 < n && s[e] == '?' && s[e + 1] == '.')
                e = lw_xs_skip(s, e + 2, n);
            if (e < n && (s[e] == '(' || s[e] == '`')
                && (xs_word(x, buf, wl) & XS_PROP))
                lw_xs_hit(x, LW_DETECT_STRONG, i, e + 1 - i, "js:%.*s.%.*s",
                          (int)wlen, word, (int)wl, buf);
        }
    }
    if (bits & XS_OBJECT) {
        member(x, i, k, word, wlen);
        if (x->verdict == LW_DETECT_STRONG)
            return;
    }
    if ((nc == ')' || (nc == ',' && prev != '='))
        && bits & (XS_SINK | XS_CODESINK) && (prev == '(' || prev == ',')) {
        /* (alert)(1), (0,alert)(1), [1].find(alert),
         * Reflect.apply(alert,0,[1]) */
        a = k;
        while (a < n && s[a] == ')')
            a = lw_xs_skip(s, a + 1, n);
        if ((a < n && (s[a] == '(' || s[a] == '`')))
            lw_xs_hit(x, LW_DETECT_STRONG, i, a + 1 - i, "js:ref %.*s",
                      (int)wlen, word);
        else {
            /* the argument list the sink is handed to: a callback of a
             * call (.then(alert), Array.from([1],alert)) */
            apr_size_t p = open_paren(s, i);
            lw_xs_hit(x, p > 1 && s[p - 1] == '(' && (xs_idchar(s[p - 2])
                                                     || s[p - 2] == ']')
                      ? LW_DETECT_STRONG : LW_DETECT_WEAK,
                      i, k + 1 - i, "js:ref %.*s", (int)wlen, word);
        }
        return;
    }
    if ((nc == ',' || nc == ';') && prev == '=' && (bits & XS_SINK)) {
        /* a=alert,a(1); valueOf=alert;window+'' (a hook the engine
         * calls itself): the sink stored, then called */
        apr_size_t b = i, e;
        while (b > 0 && xs_space(s[b - 1]))
            b--;
        for (b--; b > 0 && xs_space(s[b - 1]); b--)
            ;
        for (e = b; b > 0 && xs_idchar(s[b - 1]) && e - b < XS_WORD; b--)
            ;
        lw_xs_hit(x, e > b && called(x, b, e, k) ? LW_DETECT_STRONG
                  : LW_DETECT_WEAK, i, j - i, "js:ref %.*s", (int)wlen, word);
        return;
    }
    if (nc == '=' && (bits & XS_ASSIGN) && (dotted || (bits & XS_OBJECT))
        && (k + 1 >= n || s[k + 1] != '=')) {
        a = lw_xs_skip(s, k + 1, n);
        if (a < n && (memchr("\"'`/", s[a], 4) || assigned_code(x, a)))
            lw_xs_hit(x, LW_DETECT_STRONG, i, a + 1 - i, "js:assign %.*s",
                      (int)wlen, word);
    }
}
