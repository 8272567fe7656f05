/* The xss detector's markup half: a tag read as an HTML tokenizer reads
 * it. '<' + letter opens a tag (</ + letter an end tag); the name runs to
 * white space, '/' or '>'; attributes are separated by white space or '/',
 * their names run to white space, '/', '>' or '=', their values are quoted
 * ('"', '\'' and, as old IE did, '`') or run to white space or '>'. What is
 * judged: the element (lists [tag] and [weaktag]), event handlers (any
 * on+letters attribute with a value, not only the known ones: browsers add
 * events every year), URLs with a scheme that runs code, in any attribute
 * (href, src, action, formaction, xlink:href, data, values, to ... and
 * content="0;url=..."), style with script and srcdoc with markup. */
#include <strings.h>
#include "lw_xss.h"

static int hexval(unsigned char c)
{
    if (xs_digit(c))
        return c - '0';
    c = xs_lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Caseless search for the lower-case word in s[b..e); the offset or e. */
static apr_size_t find_ci(const unsigned char *s, apr_size_t b, apr_size_t e,
                          const char *word)
{
    apr_size_t wl = strlen(word), i, k;
    for (i = b; i + wl <= e; i++) {
        for (k = 0; k < wl && xs_lower(s[i + k]) == (unsigned char)word[k]; k++)
            ;
        if (k == wl)
            return i;
    }
    return e;
}

/* A style value as CSS reads it: comments dropped, escapes (\\HHHHHH and
 * \\X) decoded; at most the first XS_CSS bytes of the result. */
#define XS_CSS 512
static apr_size_t css_text(const unsigned char *s, apr_size_t b,
                           apr_size_t e, unsigned char *buf)
{
    apr_size_t o = 0;
    while (b < e && o < XS_CSS) {
        if (s[b] == '/' && b + 1 < e && s[b + 1] == '*') {
            const unsigned char *c;
            b += 2;
            while ((c = memchr(s + b, '*', e - b)) != NULL
                   && !((apr_size_t)(c - s) + 1 < e && c[1] == '/'))
                b = (apr_size_t)(c - s) + 1;
            b = c ? (apr_size_t)(c - s) + 2 : e;
        }
        else if (s[b] == '\\' && b + 1 < e) {
            unsigned long cp = 0;
            int d = 0, h;
            for (b++; b < e && d < 6 && (h = hexval(s[b])) >= 0; b++, d++)
                cp = cp * 16 + (unsigned long)h;
            if (d == 0)
                buf[o++] = s[b++];
            else {
                if (b < e && xs_space(s[b]))
                    b++;
                if (cp && cp < 0x80)
                    buf[o++] = (unsigned char)cp;
            }
        }
        else
            buf[o++] = s[b++];
    }
    return o;
}

/* Script in a style value: IE's expression() and behaviors, Firefox's
 * -moz-binding, an imported style sheet, a script URL. */
static const char *style_code(const unsigned char *s, apr_size_t b,
                              apr_size_t e)
{
    static const char *const words[] = {
        "expression", "behavior", "-moz-binding", "@import", NULL
    };
    unsigned char buf[XS_CSS];
    apr_size_t n = css_text(s, b, e, buf), k, end;
    int w;
    for (w = 0; words[w]; w++) {
        apr_size_t at = find_ci(buf, 0, n, words[w]);
        if (at < n) {
            apr_size_t after = lw_xs_skip(buf, at + strlen(words[w]), n);
            if (w > 1 || (after < n && (buf[after] == '(' || buf[after] == ':')))
                return words[w];
        }
    }
    for (k = 0; k < n; k++)
        if ((k == 0 || !xs_idchar(buf[k - 1]))
            && lw_xs_scheme(buf, k, n, &end) != NULL)
            return "url";
    return NULL;
}

static int handler_name(const unsigned char *s, apr_size_t b, apr_size_t e)
{
    apr_size_t i;
    if (e - b < 5 || xs_lower(s[b]) != 'o' || xs_lower(s[b + 1]) != 'n')
        return 0;
    for (i = b + 2; i < e; i++)
        if (!xs_alpha(s[i]))
            return 0;
    return 1;
}

/* A handler's unquoted value in JSX's braces that defines a function or
 * names one, and calls nothing: onClick={() => setOpen(true)},
 * onChange={handleChange}. As HTML the block runs nothing (a function
 * expression not called, a name read); a call inside it is judged when
 * the value is read as script. */
int lw_xs_jsx(xs_t *x, apr_size_t v)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, k;
    if (s[v] != '{')
        return 0;
    k = lw_xs_skip(s, v + 1, n);
    if (k < n && s[k] == '(') {
        const unsigned char *c = memchr(s + k, ')', n - k > 128 ? 128 : n - k);
        if (!c)
            return 0;
        k = lw_xs_skip(s, (apr_size_t)(c - s) + 1, n);
        return n - k >= 2 && s[k] == '=' && s[k + 1] == '>';
    }
    if (k >= n || !xs_idchar(s[k]))
        return 0;
    while (k < n && (xs_idchar(s[k]) || s[k] == '.'))
        k++;
    k = lw_xs_skip(s, k, n);
    return k < n && (s[k] == '}' || (n - k >= 2 && s[k] == '='
                                     && s[k + 1] == '>'));
}

/* One attribute: name s[an..ae), value s[vs..ve) of the element named
 * s[tb..te). */
static void attr(xs_t *x, apr_size_t lt, apr_size_t tb, apr_size_t te,
                 apr_size_t an, apr_size_t ae, apr_size_t vs, apr_size_t ve,
                 int quoted)
{
    const unsigned char *s = x->s;
    const char *what;
    int tl = (int)(te - tb > 16 ? 16 : te - tb);
    int al = (int)(ae - an > 24 ? 24 : ae - an);
    apr_size_t k;

    if (ve == vs)
        return;
    if (handler_name(s, an, ae) && !quoted && lw_xs_jsx(x, vs))
        return;                 /* its script is read as script still */
    if (handler_name(s, an, ae)) {
        lw_xs_hit(x, LW_DETECT_STRONG, lt, ve - lt, "html:<%.*s %.*s",
                  tl, (const char *)s + tb, al, (const char *)s + an);
        return;
    }
    /* An unquoted value ends at white space; where that was a character
     * reference ("src=j&Tab;a&Tab;v..."), the browser decoded it inside
     * the value and the URL parser drops it: the engine decoded it before
     * the tokenizer here, so a scheme is read across control bytes. */
    if (!quoted && ve < x->n && s[ve] < 0x20) {
        apr_size_t end;
        const char *name = lw_xs_scheme(s, vs, x->n, &end);
        if (name && (name[0] == 'd' || end < x->n)) {
            lw_xs_hit(x, LW_DETECT_STRONG, lt, end - lt,
                      "url:%s in <%.*s %.*s", name, tl,
                      (const char *)s + tb, al, (const char *)s + an);
            return;
        }
    }
    for (k = vs; k < ve; k++) {
        apr_size_t end;
        if (k == vs || !xs_idchar(s[k - 1])) {
            const char *name = lw_xs_scheme(s, k, ve, &end);
            if (name && (name[0] == 'd' || end < ve)) {
                lw_xs_hit(x, LW_DETECT_STRONG, lt, end - lt,
                          "url:%s in <%.*s %.*s", name, tl,
                          (const char *)s + tb, al, (const char *)s + an);
                return;
            }
        }
    }
    if (ae - an == 5 && find_ci(s, an, ae, "style") == an
        && (what = style_code(s, vs, ve)) != NULL) {
        lw_xs_hit(x, LW_DETECT_STRONG, lt, ve - lt, "html:style %s", what);
        return;
    }
    if (ae - an == 6 && find_ci(s, an, ae, "srcdoc") == an
        && memchr(s + vs, '<', ve - vs)) {
        lw_xs_hit(x, LW_DETECT_STRONG, lt, ve - lt, "html:<%.*s srcdoc",
                  tl, (const char *)s + tb);
        return;
    }
    /* <img name=getElementById>, <form id=x><input name=attributes>: an
     * element named after what the page's script reads off document or
     * a form shadows it (DOM clobbering) */
    if (((ae - an == 2 && find_ci(s, an, ae, "id") == an)
         || (ae - an == 4 && find_ci(s, an, ae, "name") == an))
        && ve - vs <= XS_WORD
        && (xs_word(x, (const char *)s + vs, ve - vs) & XS_CLOBBER)) {
        lw_xs_hit(x, LW_DETECT_STRONG, lt, ve - lt, "html:<%.*s %.*s=%.*s",
                  tl, (const char *)s + tb, al, (const char *)s + an,
                  (int)(ve - vs), (const char *)s + vs);
        return;
    }
    if (ae - an <= XS_WORD) {
        apr_uint32_t bits = xs_word(x, (const char *)s + an, ae - an);
        /* restyling is what an editor's document of well-formed blocks
         * does (lw_xs_shape): a fragment only elsewhere */
        /* a frame is judged whole (bare, embedded or with code): its
         * style is the embed's border */
        if ((bits & XS_WEAKATTR) && te - tb <= XS_WORD
            && (xs_word(x, (const char *)s + tb, te - tb) & XS_FRAME))
            return;
        if ((bits & XS_WEAKATTR) && !(bits & XS_ATTR) && !x->shape)
            lw_xs_shape(x);
        if ((bits & XS_ATTR) || ((bits & XS_WEAKATTR) && !x->document))
            lw_xs_hit(x, bits & XS_ATTR ? LW_DETECT_STRONG : LW_DETECT_WEAK,
                      lt, ve - lt, "html:<%.*s %.*s", tl, (const char *)s + tb,
                      al, (const char *)s + an);
    }
}

/* Bytes that may stand between the letters of a tag name written apart. */
static int gap(unsigned char c)
{
    return !xs_alpha(c) && !xs_digit(c) && c >= 0x09 && c < 0x80
        && !memchr("<>=\"'`:", c, 7);
}

/* A tag name written apart, as filters that look for "<script" miss and
 * lenient (XML-ish, old IE) parsers may join: "<s c r i p t", "<f-o-r-m",
 * "<x: script". Only a listed element counts, spelt by at least four
 * single letters with at most three bytes between each two. */
static int spaced(xs_t *x, apr_size_t lt, apr_size_t nb, apr_size_t ne)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, k = nb, wl = 0;
    char buf[16];
    if (nb + 1 < n && gap(s[nb + 1])) {
        while (k < n && xs_alpha(s[k]) && (k + 1 >= n || !xs_alpha(s[k + 1]))
               && wl < sizeof(buf)) {
            apr_size_t g = k + 1;
            buf[wl++] = (char)xs_lower(s[k]);
            while (g < n && g - k <= 3 && gap(s[g]))
                g++;
            if (g == k + 1 || g - k > 3 || g >= n || !xs_alpha(s[g])) {
                k++;
                break;
            }
            k = g;
        }
        if (wl < 4)
            return 0;
    }
    else if (s[ne - 1] == ':' && ne < n && xs_space(s[ne])) {
        for (k = ne; k < n && xs_space(s[k]); k++)
            ;
        while (k < n && xs_alpha(s[k]) && wl < sizeof(buf))
            buf[wl++] = (char)xs_lower(s[k++]);
        if (wl == 0 || (k < n && !xs_space(s[k]) && s[k] != '/'
                        && s[k] != '>'))
            return 0;
    }
    else
        return 0;
    if (!(xs_word(x, buf, wl) & (XS_TAG | XS_WEAKTAG)))
        return 0;
    lw_xs_hit(x, LW_DETECT_STRONG, lt, k - lt, "html:<%.*s (spaced)",
              (int)wl, buf);
    return 1;
}

/* "<?xml ...", "<?import ..." (IE's element behaviors), "<?xml:namespace"
 * and IE's conditional comments "<!--[if ...]>": markup only an XML or IE
 * parser reads, and reads as code. */
static apr_size_t declaration(xs_t *x, apr_size_t lt)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, k = lt + 2, e;
    if (s[lt + 1] == '!') {
        if (n - lt >= 7 && memcmp(s + lt + 2, "--[", 3) == 0
            && xs_lower(s[lt + 5]) == 'i' && xs_lower(s[lt + 6]) == 'f')
            lw_xs_hit(x, LW_DETECT_STRONG, lt, 7, "html:<!--[if");
        /* CDATA: raw text inside XML (SVG, MathML), a way around filters */
        else if (n - lt >= 9 && memcmp(s + lt + 2, "[CDATA[", 7) == 0)
            lw_xs_hit(x, LW_DETECT_STRONG, lt, 9, "html:<![CDATA[");
        return lt + 1;
    }
    for (e = k; e < n && xs_alpha(s[e]) && e - k < XS_WORD; e++)
        ;
    if (e > k && (xs_word(x, (const char *)s + k, e - k) & XS_TAG))
        lw_xs_hit(x, LW_DETECT_STRONG, lt, e - lt, "html:<?%.*s",
                  (int)(e - k), (const char *)s + k);
    return lt + 1;
}

void lw_xs_shape(xs_t *x)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, i = 0, e;
    int blocks = 0, comments = 1;
    const unsigned char *lt;
    x->shape = 1;
    x->last_end = n;
    while ((lt = memchr(s + i, '<', n - i)) != NULL) {
        i = (apr_size_t)(lt - s) + 1;
        if (i + 1 < n && s[i] == '/' && xs_alpha(s[i + 1])) {
            apr_size_t b = i + 1;   /* the local name: </x:script> */
            for (e = b; e < n && (xs_alpha(s[e]) || s[e] == ':')
                 && e - i <= XS_WORD; e++)
                if (s[e] == ':')
                    b = e + 1;
            if (xs_word(x, (const char *)s + b, e - b)
                & (XS_TAG | XS_WEAKTAG))
                x->last_end = i - 1;
            else
                blocks++;
        }
        else if (comments && n - i >= 3 && memcmp(s + i, "!--", 3) == 0) {
            /* a comment that ends: once one does not, none after it can */
            const unsigned char *c = s + i + 3;
            while ((c = memchr(c, '-', (apr_size_t)(s + n - c))) != NULL
                   && !(s + n - c >= 3 && c[1] == '-' && c[2] == '>'))
                c++;
            if (c) {
                blocks++;
                i = (apr_size_t)(c - s) + 3;
            }
            else
                comments = 0;
        }
    }
    x->document = blocks >= 2;
}

/* Is the text from i prose: words (letters, digits) apart by white space
 * or '+' (a URL's space), up to the end or a byte that no script would
 * put there ("<script> async vs defer", "<iframe>+responsive&client=")?
 * Not a call, template, assignment, member or index ("<script>alert(1)",
 * "<script>x=1"), and not nothing ("<script>" alone). */
static int prose(const unsigned char *s, apr_size_t i, apr_size_t n)
{
    int words = 0;
    for (;;) {
        while (i < n && (xs_space(s[i]) || s[i] == '+'))
            i++;
        if (i >= n || !(xs_alpha(s[i]) || xs_digit(s[i]) || s[i] >= 0x80))
            break;
        while (i < n && xs_idchar(s[i]))
            i++;
        words++;
    }
    if (!words)
        return 0;
    if (i >= n)
        return 1;
    if (s[i] == '.')            /* a full stop, not a member */
        return i + 1 >= n || xs_space(s[i + 1]);
    return !memchr("(`=[\\:", s[i], 6);
}

/* Does a sentence end with the tag s[lt..i): a word and a space before
 * it, a full stop, question or exclamation mark after it and nothing
 * more ("does onclick work inside a <form>?")? */
static int sentence_end(const unsigned char *s, apr_size_t lt, apr_size_t i,
                        apr_size_t n)
{
    if (lt < 2 || s[lt - 1] != ' ' || !xs_idchar(s[lt - 2]) || i >= n
        || !memchr(".?!", s[i], 3))
        return 0;
    for (i++; i < n && memchr(".?!", s[i], 3); i++)
        ;
    return i >= n;
}

/* The element itself, after its attributes (whose findings say more); i
 * is where its tag ends, nattr how many attributes it has. Judged by what
 * a browser does with it:
 *  - an element that only shows content ([weaktag]: images, media, form
 *    controls) runs nothing without an attribute that does, and those
 *    were judged already: nothing more to say (the end tags of the
 *    raw-text ones are judged apart, they break out of a context);
 *  - a tag without attributes followed by prose ("<script> async vs
 *    defer", "<iframe> responsive") is a name in a sentence: a script
 *    element of prose runs nothing, the empty frame loads nothing; unless
 *    an end tag of a listed element follows, which makes it an element;
 *  - a frame ([frame]) whose attributes hold no code (a script URL,
 *    srcdoc, a handler: judged already) shows a page of its own origin,
 *    which cannot reach into this one; in a document of well-formed
 *    blocks (an editor's post) that is what such documents embed (a map,
 *    a video), and neither with an attribute only embed codes write
 *    ([embed]: allowfullscreen, allow=...): no finding; elsewhere it frames
 *    the attacker's page into the site's (the phishing of
 *    "<iframe src=//evil/login>"): STRONG;
 *  - any other listed element ([tag]) runs or loads code: STRONG. */
static void element(xs_t *x, apr_uint32_t bits, apr_size_t lt,
                    apr_size_t ln, apr_size_t ne, apr_size_t i, int nattr,
                    int closed, int embed)
{
    if (!(bits & XS_TAG))
        return;
    if (nattr == 0 && closed && (prose(x->s, i, x->n)
                                 || sentence_end(x->s, lt, i, x->n))) {
        if (!x->shape)
            lw_xs_shape(x);
        if (x->last_end == x->n || x->last_end < i)
            return;
    }
    if (bits & XS_FRAME) {
        if (!x->shape)
            lw_xs_shape(x);
        if (x->document || embed)
            return;
    }
    lw_xs_hit(x, LW_DETECT_STRONG, lt, ne - lt, "html:<%.*s",
              (int)(ne - ln > 16 ? 16 : ne - ln), (const char *)x->s + ln);
}

apr_size_t lw_xs_tag(xs_t *x, apr_size_t lt, apr_size_t open)
{
    const unsigned char *s = x->s;
    apr_size_t n = x->n, i = lt + open, nb, ne, ln;
    apr_uint32_t bits = 0;
    int closing = 0, closed = 0, nattr = 0, embed = 0;

    if (open == 1 && i < n && (s[i] == '?' || s[i] == '!'))
        return declaration(x, lt);
    if (i < n && s[i] == '/') {
        closing = 1;
        i++;
    }
    if (i >= n || !xs_alpha(s[i]))
        return lt + 1;
    nb = i;
    /* in a script string the tag ends with an escape too: \u003e */
    while (i < n && !xs_space(s[i]) && s[i] != '/' && s[i] != '>'
           && !(open > 1 && s[i] == '\\'))
        i++;
    ne = i;
    /* <x:script>: with a namespace prefix an XML parser (XHTML, SVG, an
     * XSLT result) still makes a script element */
    for (ln = ne; ln > nb && s[ln - 1] != ':'; ln--)
        ;
    if (ne - ln <= XS_WORD)
        bits = xs_word(x, (const char *)s + ln, ne - ln);
    /* <svg:mask>, <xsl:stylesheet>: the namespace makes it an SVG or XSLT
     * element whatever its local name */
    if (ln > nb && ln - 1 - nb <= XS_WORD)
        bits |= xs_word(x, (const char *)s + nb, ln - 1 - nb) & XS_TAG;
    if (!closing && !bits && spaced(x, lt, nb, ne))
        return ne;
    if (closing) {
        /* the end of the element the value opened last closes nothing of
         * the page's: "<iframe src=...></iframe>" */
        if ((bits & (XS_TAG | XS_WEAKTAG))
            && !(ne - ln == x->opened_len && ne - ln <= XS_WORD
                 && strncasecmp((const char *)s + ln,
                                (const char *)s + x->opened, ne - ln) == 0))
            lw_xs_hit(x, LW_DETECT_WEAK, lt, ne - lt, "html:</%.*s",
                      (int)(ne - ln > 16 ? 16 : ne - ln),
                      (const char *)s + ln);
        x->tags_from = ne;
        return ne;
    }
    if (bits & (XS_TAG | XS_WEAKTAG)) {
        x->opened = ln;
        x->opened_len = ne - ln;
    }
    for (;;) {
        apr_size_t an, ae, vs, ve, j;
        int quoted = 0;
        while (i < n && (xs_space(s[i]) || s[i] == '/'))
            i++;
        if (i >= n)
            break;
        if (s[i] == '>') {
            closed = 1;
            i++;
            break;
        }
        nattr++;
        an = i++;               /* a first '=' belongs to the name */
        while (i < n && !xs_space(s[i]) && s[i] != '/' && s[i] != '>'
               && s[i] != '=')
            i++;
        ae = i;
        if ((bits & XS_FRAME) && ae - an <= XS_WORD
            && (xs_word(x, (const char *)s + an, ae - an) & XS_EMBED))
            embed = 1;
        for (j = i; j < n && xs_space(s[j]); j++)
            ;
        if (j >= n || s[j] != '=') {
            /* "<svg onload" cut off by the end: the name of a parameter
             * ("?<svg onload=alert(1)>=x" splits at its '=') */
            if (j >= n && handler_name(s, an, ae)
                && (xs_word(x, (const char *)s + an, ae - an) & XS_HANDLER))
                lw_xs_hit(x, LW_DETECT_STRONG, lt, ae - lt, "html:<%.*s %.*s",
                          (int)(ne - ln > 16 ? 16 : ne - ln),
                          (const char *)s + ln,
                          (int)(ae - an > 24 ? 24 : ae - an),
                          (const char *)s + an);
            i = j;
            continue;
        }
        for (j++; j < n && xs_space(s[j]); j++)
            ;
        if (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == '`')) {
            const unsigned char *q = memchr(s + j + 1, s[j], n - j - 1);
            vs = j + 1;
            ve = q ? (apr_size_t)(q - s) : n;
            i = q ? ve + 1 : n;
            quoted = 1;
        }
        else {
            for (vs = j; j < n && !xs_space(s[j]) && s[j] != '>'; j++)
                ;
            ve = i = j;
        }
        attr(x, lt, ln, ne, an, ae, vs, ve, quoted);
        if (x->verdict == LW_DETECT_STRONG)
            return i;
        /* markup in a quoted value: the page may echo the value inside an
         * attribute that this quote closes ("x foo='><img onerror=..."),
         * so the value is read as markup too */
        if (quoted && memchr(s + vs, '<', ve - vs)) {
            element(x, bits, lt, ln, ne, i, nattr, 0, embed);
            x->tags_from = vs;
            return ne;
        }
    }
    element(x, bits, lt, ln, ne, i, nattr, closed, embed);
    /* A tag still open at the end may be no tag at all ("x<y ... "): read
     * what follows its name again as text and script, once per value. */
    if (!closed && x->rescan) {
        x->rescan = 0;
        x->tags_from = ne;
    }
    else
        x->tags_from = i;
    return ne;
}
