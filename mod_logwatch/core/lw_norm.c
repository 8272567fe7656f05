/* lw_norm.c: normalisation of request fields before matching.
 *
 * Runs on every inspected field of every request, so the common case (a
 * field where nothing would change) is one pre-scan (16 bytes at a time
 * with SSE2, a table per byte otherwise) that returns the input pointer;
 * '%' and '&' that begin no escape do not count as changes. Otherwise the field is copied once into a pool buffer
 * of len + 1 bytes by the first decoding round and every later step works
 * in place: no step ever makes the text longer (a decoded token is never
 * longer than its encoding), so writing never overtakes reading. */
#include <string.h>
#include "lw_norm.h"

/* Decoding rounds: double and triple encoding are common, and a payload
 * list's own encodings (%%35%63, %c0%ae) sent encoded again need a few more.
 * Each round is linear and shortens the text, so the bound keeps the work
 * at MAX_ROUNDS passes; a field still encoded past it is reported
 * (lw_normalize_ex's *undecoded) rather than passed on as if clean. */
#define MAX_ROUNDS 8

/* Pre-scan classes: ALWAYS means the byte may change the field; the others
 * change it only in some context. */
enum { K_ALWAYS = 1, K_SLASH = 2, K_SPACE = 3, K_PLUS = 4, K_A0 = 5,
       K_QMARK = 6, K_PCT = 7, K_AMP = 8, K_BSL = 9 };

static const unsigned char scan_tab[256] = {
    [0] = K_ALWAYS, ['%'] = K_PCT, ['&'] = K_AMP, ['\\'] = K_BSL,
    ['\t'] = K_ALWAYS, ['\n'] = K_ALWAYS, ['\v'] = K_ALWAYS,
    ['\f'] = K_ALWAYS, ['\r'] = K_ALWAYS,
    /* lead bytes of the UTF-8 forms folded in step 2 */
    [0xc0] = K_ALWAYS, [0xc1] = K_ALWAYS, [0xc2] = K_ALWAYS,
    [0xe0] = K_ALWAYS,
    [0xef] = K_ALWAYS, [0xf0] = K_ALWAYS,
    ['/'] = K_SLASH, [' '] = K_SPACE, ['+'] = K_PLUS, [0xa0] = K_A0,
    ['?'] = K_QMARK
};

static const unsigned char ws_tab[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1
};

#define HEXV(c) ((c) >= '0' && (c) <= '9' ? (c) - '0' \
                 : ((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'f' \
                   ? ((c) | 0x20) - 'a' + 10 : -1)
#define IS_CONT(c) (((c) & 0xc0) == 0x80)

/* s[0] == '\\'. Returns the length of a JavaScript/JSON escape of text
 * (\uXXXX, a surrogate pair of them, \u{X...}, \xHH) and its code point
 * in *cp, or 0: what JSON.parse, eval and most frameworks' string
 * unescaping decode. Only escapes of text are decoded: white space,
 * printable ASCII and, for \u, U+00A0 and above. The escapes of NUL,
 * control characters and of bytes 0x80-0xff written as \xHH (binary
 * data: a serialized stream's header, shellcode) stay as sent, where the
 * rules that look for them read them. Lone surrogates, a '\x' with one
 * hex digit and code points past U+10FFFF are no escapes either. Octal
 * \NNN is not decoded: "C:\123" and "\0" are common in benign paths
 * and text. An escape is never shorter than its UTF-8 form. */
/* Four hex digits at s (the caller checked they are there) into *v. */
static inline int hex4(const unsigned char *s, apr_uint32_t *v)
{
    apr_uint32_t x = 0;
    int i;

    for (i = 0; i < 4; i++) {
        int d = HEXV(s[i]);
        if (d < 0)
            return 0;
        x = x << 4 | (apr_uint32_t)d;
    }
    *v = x;
    return 1;
}

#define JS_TEXT(v) (((v) >= 0x20 && (v) != 0x7f && ((v) < 0x80 || (v) >= 0xa0)) \
                    || ((v) >= '\t' && (v) <= '\r'))
static apr_size_t js_escape(const unsigned char *s, apr_size_t n,
                           apr_uint32_t *cp)
{
    apr_uint32_t v = 0;
    apr_size_t i;

    if (n < 4)
        return 0;
    if (s[1] == 'x') {
        int a = HEXV(s[2]), b = HEXV(s[3]);
        if ((a | b) < 0)
            return 0;
        *cp = (apr_uint32_t)(a << 4 | b);
        return *cp < 0x80 && JS_TEXT(*cp) ? 4 : 0;
    }
    if (s[1] != 'u')
        return 0;
    if (s[2] == '{') {
        /* \u{X...}: 1 to 8 digits (leading zeros are allowed) */
        for (i = 3; i < n && i < 11; i++) {
            int d = HEXV(s[i]);
            if (d < 0)
                break;
            v = v << 4 | (apr_uint32_t)d;
        }
        if (i == 3 || i >= n || s[i] != '}' || v > 0x10ffff
            || (v >= 0xd800 && v <= 0xdfff) || !JS_TEXT(v))
            return 0;
        *cp = v;
        return i + 1;
    }
    if (n < 6 || !hex4(s + 2, &v))
        return 0;
    if (v >= 0xd800 && v <= 0xdfff) {
        apr_uint32_t lo;
        if (v > 0xdbff || n < 12 || s[6] != '\\' || s[7] != 'u'
            || !hex4(s + 8, &lo))
            return 0;
        if (lo < 0xdc00 || lo > 0xdfff)
            return 0;
        *cp = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
        return 12;
    }
    if (!JS_TEXT(v))
        return 0;
    *cp = v;
    return 6;
}

/* 0xa0 alone is a Latin-1 no-break space, but after a byte >= 0x80 it is
 * most likely the continuation byte of a UTF-8 letter (U+00E0 is c3 a0):
 * it counts as white space only after ASCII, the start, or another space. */

/* Could the byte at s[i] change anything? Mirrors the steps below,
 * conservatively; *inpath is the LW_N_PATH state, cleared at a '?'. Looks
 * ahead up to s[len - 1] and back at s[i - 1]. */
static inline int changes_at(const unsigned char *s, apr_size_t len,
                             apr_size_t i, unsigned flags, int *inpath)
{
    unsigned k = scan_tab[s[i]];

    /* Ordered by how often they occur in benign fields. */
    if (k == 0) {
        return 0;
    } else if ((flags & LW_N_DECODE) && k != K_PCT && k != K_AMP
               && k != K_PLUS && k != K_BSL) {
        /* Decoding only: of the rest, NULs and the UTF-8 forms change. */
        return k == K_ALWAYS && (s[i] == 0 || s[i] >= 0x80);
    } else if (k == K_SLASH) {
        if (i + 1 < len) {
            unsigned char n = s[i + 1];
            if (n == '*')
                return 1;
            if (*inpath && (n == '/' || (n == '.' && i + 2 < len
                                         && s[i + 2] == '/')))
                return 1;
        }
    } else if (k == K_SPACE) {
        if (i + 1 < len && s[i + 1] == ' ')
            return 1;
    } else if (k == K_AMP) {
        /* "a=1&b=2" stays: only "&#" or "&name;" can be an entity. */
        apr_size_t e = i + 1;
        if (e < len && s[e] == '#')
            return 1;
        while (e < len && e - i <= 8 && ((s[e] | 0x20) >= 'a'
                                         && (s[e] | 0x20) <= 'z'))
            e++;
        if (e < len && s[e] == ';')
            return 1;
    } else if (k == K_PCT) {
        /* "100%" or "%zz" stays; only a real escape changes. */
        if (i + 2 < len && HEXV(s[i + 1]) >= 0 && HEXV(s[i + 2]) >= 0)
            return 1;
        if (i + 5 < len && (s[i + 1] | 0x20) == 'u')
            return 1;
    } else if (k == K_ALWAYS) {
        return 1;
    } else if (k == K_BSL) {
        /* step 4 makes it '/'; decoding changes only an escape */
        apr_uint32_t cp;
        return !(flags & LW_N_DECODE) || js_escape(s + i, len - i, &cp) > 0;
    } else if (k == K_PLUS) {
        if (flags & LW_N_PLUS)
            return 1;
    } else if (k == K_A0) {
        if (i == 0 || s[i - 1] < 0x80)
            return 1;
    } else {                   /* K_QMARK: the path ends here */
        *inpath = 0;
    }
    return 0;
}

static int needs_work_range(const unsigned char *s, apr_size_t len,
                            apr_size_t from, unsigned flags, int *inpath)
{
    apr_size_t i;

    for (i = from; i < len; i++)
        if (scan_tab[s[i]] && changes_at(s, len, i, flags, inpath))
            return 1;
    return 0;
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
/* 16 bytes at a time: only the bytes that may matter (any byte < 0x20 or
 * >= 0x80, '%', '&', '\', '+' with LW_N_PLUS, "/ *", two spaces, in a
 * path "//", "/./" or '?') get the exact check, in order. */
static int needs_work(const unsigned char *s, apr_size_t len, unsigned flags)
{
    int inpath = (flags & LW_N_PATH) != 0;
    const __m128i c1f = _mm_set1_epi8(0x1f), pct = _mm_set1_epi8('%');
    const __m128i amp = _mm_set1_epi8('&'), bsl = _mm_set1_epi8('\\');
    const __m128i plus = _mm_set1_epi8((flags & LW_N_PLUS) ? '+' : '%');
    const __m128i sl = _mm_set1_epi8('/'), star = _mm_set1_epi8('*');
    const __m128i sp = _mm_set1_epi8(' '), dot = _mm_set1_epi8('.');
    const __m128i qm = _mm_set1_epi8('?');
    apr_size_t i = 0;
    unsigned bits;

    for (; i + 18 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i x1 = _mm_loadu_si128((const __m128i *)(s + i + 1));
        __m128i m = _mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x);
        __m128i isl = _mm_cmpeq_epi8(x, sl), n;
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, pct));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, amp));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, bsl));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(x, plus));
        m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(x, sp),
                                          _mm_cmpeq_epi8(x1, sp)));
        n = _mm_cmpeq_epi8(x1, star);
        if (inpath) {
            __m128i x2 = _mm_loadu_si128((const __m128i *)(s + i + 2));
            n = _mm_or_si128(n, _mm_cmpeq_epi8(x1, sl));
            n = _mm_or_si128(n, _mm_and_si128(_mm_cmpeq_epi8(x1, dot),
                                              _mm_cmpeq_epi8(x2, sl)));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, qm));
        }
        m = _mm_or_si128(m, _mm_and_si128(isl, n));
        bits = (unsigned)(_mm_movemask_epi8(m) | _mm_movemask_epi8(x));
        /* Each candidate, in order, gets the exact byte check. */
        while (bits) {
            if (changes_at(s, len, i + (unsigned)__builtin_ctz(bits), flags,
                           &inpath))
                return 1;
            bits &= bits - 1;
        }
    }
    return needs_work_range(s, len, i, flags, &inpath);
}
#else
static int needs_work(const unsigned char *s, apr_size_t len, unsigned flags)
{
    int inpath = (flags & LW_N_PATH) != 0;

    return needs_work_range(s, len, 0, flags, &inpath);
}
#endif

/* Writes code point cp (< 0x110000, no surrogate) as UTF-8; returns bytes. */
static inline apr_size_t put_utf8(unsigned char *d, apr_uint32_t cp)
{
    if (cp < 0x80) {
        d[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xc0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xe0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        d[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    d[0] = (unsigned char)(0xf0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    d[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Named entities that matter for attacks (case-sensitive, as in HTML);
 * each decodes to one ASCII byte, except nbsp (c2 a0, folded later). */
static const struct { const char *name; unsigned char len; unsigned char c; }
entities[] = {
    { "lt", 2, '<' }, { "LT", 2, '<' }, { "gt", 2, '>' }, { "GT", 2, '>' },
    { "amp", 3, '&' }, { "AMP", 3, '&' }, { "quot", 4, '"' },
    { "QUOT", 4, '"' }, { "apos", 4, '\'' }, { "sol", 3, '/' },
    { "bsol", 4, '\\' }, { "colon", 5, ':' }, { "semi", 4, ';' },
    { "lpar", 4, '(' }, { "rpar", 4, ')' }, { "Tab", 3, '\t' },
    { "NewLine", 7, '\n' }, { "period", 6, '.' }, { "comma", 5, ',' },
    { "excl", 4, '!' }, { "quest", 5, '?' }, { "num", 3, '#' },
    { "dollar", 6, '$' }, { "percnt", 6, '%' }, { "equals", 6, '=' },
    { "plus", 4, '+' }, { "ast", 3, '*' }, { "grave", 5, '`' },
    { "lsqb", 4, '[' }, { "rsqb", 4, ']' }, { "lbrack", 6, '[' },
    { "rbrack", 6, ']' }, { "lcub", 4, '{' }, { "rcub", 4, '}' },
    { "lbrace", 6, '{' }, { "rbrace", 6, '}' }, { "verbar", 6, '|' },
    { "vert", 4, '|' }, { "lowbar", 6, '_' }, { "Hat", 3, '^' },
    { "commat", 6, '@' }, { "nbsp", 4, 0xa0 }
};

/* s[0] == '&'. Returns the length of a valid entity and its code point in
 * *cp, or 0. Numeric ones may lack the ';' (browsers accept that). */
static apr_size_t parse_entity(const unsigned char *s, apr_size_t n,
                               apr_uint32_t *cp)
{
    apr_size_t i = 1, start;
    apr_uint32_t v = 0;
    int big = 0;

    if (i < n && s[i] == '#') {
        int hex = 0;
        i++;
        if (i < n && (s[i] | 0x20) == 'x') {
            hex = 1;
            i++;
        }
        start = i;
        for (; i < n; i++) {
            int d = hex ? HEXV(s[i]) : (s[i] >= '0' && s[i] <= '9'
                                        ? s[i] - '0' : -1);
            if (d < 0)
                break;
            if (!big)
                v = v * (hex ? 16 : 10) + (apr_uint32_t)d;
            if (v > 0x10ffff)
                big = 1;
        }
        if (i == start || big || (v >= 0xd800 && v <= 0xdfff))
            return 0;
        if (i < n && s[i] == ';')
            i++;
        *cp = v;
        return i;
    }
    start = i;
    while (i < n && i - start < 8
           && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
        i++;
    if (i >= n || s[i] != ';' || i - start < 2)
        return 0;
    {
        apr_size_t k, L = i - start;
        for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++)
            if (entities[k].len == L
                && memcmp(entities[k].name, s + start, L) == 0) {
                *cp = entities[k].c;
                return i + 1;
            }
    }
    return 0;
}

/* What the later steps look for, noted while decoding copies the bytes so
 * a step runs only when its input has something for it. */
enum { F_FOLD = 1, F_SLASH = 2, F_BSL = 4, F_WS = 8, F_ALL = 15,
       D_ESC = 16, /* '%', '&', '+', '\\': decoding looks closer */
       F_DEC = 32  /* an escape was decoded */ };
static const unsigned char feat_tab[256] = {
    ['%'] = D_ESC, ['&'] = D_ESC, ['+'] = D_ESC, [0] = F_FOLD, [0xc0] = F_FOLD, [0xc1] = F_FOLD, [0xc2] = F_FOLD,
    [0xe0] = F_FOLD, [0xef] = F_FOLD,
    [0xf0] = F_FOLD, ['/'] = F_SLASH, ['\\'] = D_ESC | F_BSL,
    [' '] = F_WS, ['\t'] = F_WS, ['\n'] = F_WS, ['\v'] = F_WS, ['\f'] = F_WS,
    ['\r'] = F_WS, [0xa0] = F_WS
};

/* One round of %XX, %uXXXX, entity and JavaScript escape decoding from s
 * to d (d may be s);
 * '+' becomes a space in the first round only (LW_N_PLUS is passed only
 * then): that is the '+' as sent, while "%2B" means a literal '+' to the
 * application. Sets *again when another round could change something: a
 * decoded byte is '%' or '&', or something was decoded after a '%' or
 * '&' that was not an escape (its following bytes changed, so it may be
 * one now). Anything else would parse the same way again. *feat gets the
 * F_ bits of the output. */
static apr_size_t decode_round(const unsigned char *s, apr_size_t n,
                               unsigned char *d, unsigned flags, int *again,
                               unsigned *feat)
{
    int plus = (flags & LW_N_PLUS) != 0, pending = 0, special = 0;
    unsigned f = 0;
    apr_size_t i = 0, j = 0;

#define DECODED(v) do { f |= (feat_tab[(unsigned char)(v)] & F_ALL) | F_DEC; \
                        special |= pending || (v) == '%' || (v) == '&' \
                                   || (v) == '\\'; \
                   } while (0)
    while (i < n) {
        unsigned char c = s[i];
        apr_uint32_t cp;
        apr_size_t k;

        unsigned t = feat_tab[c];

        if (t < D_ESC) {
            f |= t;
            d[j++] = c;
            i++;
            continue;
        }
        if (c == '+') {
            d[j++] = plus ? ' ' : '+';
            f |= plus ? F_WS : 0;
            i++;
            continue;
        }
        if (c == '%') {
            int h1, h2;
            if (i + 2 < n && (h1 = HEXV(s[i + 1])) >= 0
                && (h2 = HEXV(s[i + 2])) >= 0) {
                c = (unsigned char)(h1 << 4 | h2);
                d[j++] = c;
                i += 3;
                DECODED(c);
                continue;
            }
            if (i + 5 < n && (s[i + 1] | 0x20) == 'u') {
                if (hex4(s + i + 2, &cp)) {
                    if (cp < 0xd800 || cp > 0xdfff) {
                        k = put_utf8(d + j, cp);
                        i += 6;
                        /* the lead byte tells F_FOLD for non-ASCII */
                        DECODED(d[j]);
                        j += k;
                        continue;
                    }
                }
            }
            d[j++] = '%';   /* not an escape: kept as sent */
            i++;
            pending = 1;
            continue;
        }
        /* c is '\\' (\u, \x) or '&' (an entity) */
        k = c == '\\' ? js_escape(s + i, n - i, &cp)
                       : parse_entity(s + i, n - i, &cp);
        if (k) {
            apr_size_t w = put_utf8(d + j, cp);
            i += k;
            DECODED(d[j]);
            j += w;
            continue;
        }
        if (c == '\\')
            f |= F_BSL;
        d[j++] = c;     /* not an escape: kept as sent */
        i++;
        pending = 1;
    }
#undef DECODED
    *again = special;
    *feat = f;
    return j;
}

/* Steps 2 and 3: overlong and fullwidth ASCII, U+00A0, NUL removal. */
static apr_size_t fold_utf8(unsigned char *b, apr_size_t n)
{
    apr_size_t i = 0, j = 0;

    while (i < n) {
        unsigned char c = b[i], c2, c3, v = 0;
        apr_size_t take = 0;

        if (c < 0x80) {
            if (c)
                b[j++] = c;
            i++;
            continue;
        }
        c2 = i + 1 < n ? b[i + 1] : 0;
        c3 = i + 2 < n ? b[i + 2] : 0;
        switch (c) {
        case 0xc0: case 0xc1:
            /* Overlong 2-byte ASCII; old IIS also ignored the top bits of
             * the second byte (%c0%2e, %c1%1c): accepted only where that
             * yields a path character, to spare Latin-1 text. */
            if (i + 1 < n) {
                v = (unsigned char)((c & 1) << 6 | (c2 & 0x3f));
                if (IS_CONT(c2) || v == '.' || v == '/' || v == '\\')
                    take = 2;
            }
            break;
        case 0xc2:
            if (c2 == 0xa0 && i + 1 < n) {          /* U+00A0 */
                v = ' ';
                take = 2;
            }
            break;
        case 0xe0:
            if (i + 2 < n && (c2 == 0x80 || c2 == 0x81) && IS_CONT(c3)) {
                v = (unsigned char)((c2 & 1) << 6 | (c3 & 0x3f));
                take = 3;
            }
            break;
        case 0xf0:
            if (i + 3 < n && c2 == 0x80 && (c3 == 0x80 || c3 == 0x81)
                && IS_CONT(b[i + 3])) {
                v = (unsigned char)((c3 & 1) << 6 | (b[i + 3] & 0x3f));
                take = 4;
            }
            break;
        case 0xef:
            if (i + 2 >= n)
                break;
            if (c2 == 0xbc && c3 >= 0x81 && c3 <= 0xbf)  /* U+FF01..FF3F */
                v = (unsigned char)(c3 - 0x60);
            else if (c2 == 0xbd && c3 >= 0x80 && c3 <= 0x9e) /* ..FF5E */
                v = (unsigned char)(c3 - 0x20);
            if (v)
                take = 3;
            break;
        default:
            break;
        }
        if (take) {
            if (v)              /* an overlong NUL is removed like a NUL */
                b[j++] = v;
            i += take;
        } else {
            b[j++] = c;
            i++;
        }
    }
    return j;
}

/* Step 4: backslashes to '/'; in a path (up to a '?'), '//' runs and
 * "/./" folded. "../" is kept: it is the attack. */
static apr_size_t fold_slashes(unsigned char *b, apr_size_t n, unsigned flags)
{
    int inpath = (flags & LW_N_PATH) != 0;
    apr_size_t i, j = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == '\\')
            c = '/';
        else if (c == '?')
            inpath = 0;
        if (c == '/' && inpath && j > 0) {
            if (b[j - 1] == '/')
                continue;
            if (b[j - 1] == '.' && j >= 2 && b[j - 2] == '/') {
                j--;            /* "/." + "/" -> "/" */
                continue;
            }
        }
        b[j++] = c;
    }
    return j;
}

/* Steps 5 and 6 in one pass: SQL comments become a space, then white space
 * runs become one space (the second step applied to the first's output).
 * MySQL's executable comments, slash-star-bang with an optional version
 * (also MariaDB's star-M-bang), lose their markers and keep their content. */
static const unsigned char cw_tab[256] = {
    ['/'] = 1, ['*'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1,
    ['\f'] = 1, ['\r'] = 1, [0xa0] = 1
};

static apr_size_t fold_comments_ws(unsigned char *b, apr_size_t n)
{
    apr_size_t i = 0, j = 0, k;
    int exec = 0, noclose = 0;

    /* The last byte written tells all the state white space needs: a
     * space (a run is open) or a byte >= 0x80 (0xa0 continues a letter). */
#define EMIT_SPACE() do { if (j == 0 || b[j - 1] != ' ') b[j++] = ' '; } \
                     while (0)
    while (i < n) {
        unsigned char c = b[i];

        if (!cw_tab[c]) {
            b[j++] = c;
            i++;
            continue;
        }
        if (c == '/' && i + 1 < n && b[i + 1] == '*') {
            k = i + 2;
            if (k < n && b[k] == 'M' && k + 1 < n && b[k + 1] == '!')
                k++;
            if (k < n && b[k] == '!') {
                apr_size_t d = 0;
                k++;
                while (k < n && d < 6 && b[k] >= '0' && b[k] <= '9') {
                    k++;
                    d++;
                }
                EMIT_SPACE();
                exec = 1;
                i = k;
                continue;
            }
            /* Once no "* /" follows some point, none follows later ones:
             * remembering that keeps the pass linear. */
            if (!noclose) {
                for (k = i + 2; k + 1 < n; k++)
                    if (b[k] == '*' && b[k + 1] == '/')
                        break;
                if (k + 1 < n) {
                    EMIT_SPACE();
                    i = k + 2;
                    continue;
                }
                noclose = 1;
            }
        } else if (c == '*' && exec && i + 1 < n && b[i + 1] == '/') {
            EMIT_SPACE();
            exec = 0;
            i += 2;
            continue;
        }
        if (ws_tab[c] || (c == 0xa0 && (j == 0 || b[j - 1] < 0x80))) {
            EMIT_SPACE();
            i++;
            continue;
        }
        b[j++] = c;
        i++;
    }
#undef EMIT_SPACE
    return j;
}

/* Could another decoding round change b[0..n)? Only a '%', '&' or '\\'
 * can begin an escape: checked exactly by the pre-scan's rules. */
static int escape_left(const unsigned char *b, apr_size_t n)
{
    apr_size_t i;
    int inpath = 0;

    for (i = 0; i < n; i++)
        if ((b[i] == '%' || b[i] == '&' || b[i] == '\\')
            && changes_at(b, n, i, LW_N_DECODE, &inpath))
            return 1;
    return 0;
}

/* Keeps b[0..n) as a stage when it still holds an escape (a round that
 * only looked closer at a '%' that begins none leaves no stage), or
 * always when final (the decoded form). */
static void keep_stage(apr_pool_t *p, lw_norm_stages_t *st,
                       const unsigned char *b, apr_size_t n, int final)
{
    char *copy;

    if (!st || st->n >= LW_NORM_STAGES || (!final && !escape_left(b, n)))
        return;
    copy = apr_palloc(p, n + 1);
    if (!copy)
        return;
    memcpy(copy, b, n);
    copy[n] = '\0';
    st->s[st->n] = copy;
    st->len[st->n++] = n;
}

const char *lw_normalize_ex(apr_pool_t *p, const char *in, apr_size_t len,
                            unsigned flags, apr_size_t *outlen,
                            int *undecoded)
{
    return lw_normalize_st(p, in, len, flags, outlen, undecoded, NULL);
}

const char *lw_normalize_st(apr_pool_t *p, const char *in, apr_size_t len,
                            unsigned flags, apr_size_t *outlen,
                            int *undecoded, lw_norm_stages_t *st)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char *buf;
    apr_size_t n;
    unsigned feat;
    int again, round, dec = 0;

    if (outlen)
        *outlen = len;
    if (undecoded)
        *undecoded = 0;
    if (st) {
        st->n = 0;
        if (flags & LW_N_DECODE)
            st = NULL;      /* the detectors' form: no raw rule reads it */
    }
    if (in == NULL || len == 0 || !needs_work(s, len, flags))
        return in;
    buf = apr_palloc(p, len + 1);
    if (buf == NULL)
        return in;
    n = decode_round(s, len, buf, flags, &again, &feat);
    round = 1;
    for (;;) {
        for (; round < MAX_ROUNDS && again; round++) {
            dec |= feat & F_DEC;
            keep_stage(p, st, buf, n, 0);
            n = decode_round(buf, n, buf, flags & ~(unsigned)LW_N_PLUS,
                             &again, &feat);
        }
        dec |= feat & F_DEC;
        if (!(feat & F_FOLD))
            break;
        {
            apr_size_t before = n;
            n = fold_utf8(buf, n);
            if (n == before)
                break;
            feat = F_ALL;       /* folded bytes may be anything */
            dec = 1;
        }
        /* An overlong '%' or '&', or a NUL removed from inside an escape
         * ("%\0" "41"), makes an escape the application may decode:
         * decode again, within the same rounds. */
        if (!escape_left(buf, n))
            break;
        again = 1;
        if (round >= MAX_ROUNDS)
            break;
    }
    if (again && undecoded && escape_left(buf, n))
        *undecoded = 1;
    /* The decoded form is a stage too when anything was decoded: a raw
     * rule knows some percent forms of what it looks for ("%5c" for '\\',
     * "%(25)*00"), not every byte's ("%2E" for '.', "%u005c", "&#x5c;",
     * an overlong or fullwidth form, a NUL between bytes), and the
     * application reads the bytes decoded. A field with only '+' for
     * spaces adds none. */
    if (st && dec)
        keep_stage(p, st, buf, n, 1);
    if (flags & LW_N_DECODE)
        feat = 0;               /* steps 1-3 only */
    if ((feat & F_BSL) || ((feat & F_SLASH) && (flags & LW_N_PATH)))
        n = fold_slashes(buf, n, flags);
    if (feat & (F_SLASH | F_BSL | F_WS))   /* a backslash is a slash now */
        n = fold_comments_ws(buf, n);
    buf[n] = '\0';
    /* The pre-scan is conservative ("a//b" outside a path): keep the
     * promise that an unchanged field comes back as the same pointer. */
    if (n == len && memcmp(buf, in, len) == 0)
        return in;
    if (outlen)
        *outlen = n;
    return (const char *)buf;
}

const char *lw_normalize(apr_pool_t *p, const char *in, apr_size_t len,
                         unsigned flags, apr_size_t *outlen)
{
    return lw_normalize_ex(p, in, len, flags, outlen, NULL);
}

char *lw_url_decode(apr_pool_t *p, const char *in, apr_size_t len, int plus,
                    apr_size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char *d = apr_palloc(p, len + 1);
    apr_size_t i = 0, j = 0;

    if (d == NULL)
        return NULL;
    while (i < len) {
        unsigned char c = s[i];
        int h1, h2;
        if (c == '%' && i + 2 < len && (h1 = HEXV(s[i + 1])) >= 0
            && (h2 = HEXV(s[i + 2])) >= 0) {
            d[j++] = (unsigned char)(h1 << 4 | h2);
            i += 3;
            continue;
        }
        d[j++] = (c == '+' && plus) ? ' ' : c;
        i++;
    }
    d[j] = '\0';
    if (outlen)
        *outlen = j;
    return (char *)d;
}

/* Base64: the value of each alphabet byte plus one (0: not base64); '+'
 * and '/' are the standard alphabet's, '-' and '_' the URL-safe one's. */
static const unsigned char b64_tab[256] = {
    ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
    ['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
    ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18,
    ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
    ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
    ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54,
    ['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
    ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64, ['-'] = 63, ['_'] = 64
};

/* The base64 digits whose six bits begin a text byte: 0x09-0x0d (C, D),
 * 0x20-0x7e (I-Z, a-f), a UTF-8 lead byte 0xc2-0xf4 (w-z, 0-9). */
const unsigned char lw_b64_first[256] = {
    ['C'] = 1, ['D'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1
};

/* Is byte c, the next of the decoded text, still text? *st is the number
 * of UTF-8 continuation bytes still expected, *lo and *hi the range the
 * next one must be in (overlong forms and surrogates are not text). */
static int text_byte(unsigned char c, int *st, unsigned char *lo,
                     unsigned char *hi)
{
    if (*st) {
        if (c < *lo || c > *hi)
            return 0;
        (*st)--;
        *lo = 0x80;
        *hi = 0xbf;
        return 1;
    }
    if (c < 0x80)
        return (c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r');
    *lo = 0x80;
    *hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf)
        *st = 1;
    else if (c >= 0xe0 && c <= 0xef) {
        *st = 2;
        if (c == 0xe0)
            *lo = 0xa0;
        else if (c == 0xed)
            *hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        *st = 3;
        if (c == 0xf0)
            *lo = 0x90;
        else if (c == 0xf4)
            *hi = 0x8f;
    } else
        return 0;
    return 1;
}

/* One pass over in[0..len): decodes into d when d is not NULL, and stops
 * at the first byte that is not base64 or the first decoded byte that is
 * not text. Returns the decoded length, or -1. */
static long b64_pass(const unsigned char *in, apr_size_t len,
                     unsigned char *d)
{
    apr_uint32_t acc = 0;
    apr_size_t i, j = 0;
    apr_size_t high = 0;
    int bits = 0, st = 0, alpha = 0, upper = 0;
    unsigned char lo = 0x80, hi = 0xbf;

    for (i = 0; i < len; i++) {
        unsigned v = b64_tab[in[i]];
        if (!v)
            return -1;
        /* one alphabet only: '+' or '/' with '-' or '_' is no base64 */
        if (v >= 63)
            alpha |= (in[i] == '+' || in[i] == '/') ? 1 : 2;
        else if (v <= 26)
            upper = 1;
        acc = acc << 6 | (v - 1);
        bits += 6;
        if (bits >= 8) {
            unsigned char c;
            bits -= 8;
            c = (unsigned char)(acc >> bits);
            if (!text_byte(c, &st, &lo, &hi))
                return -1;
            high += c >> 7;
            if (d)
                d[j] = c;
            j++;
        }
    }
    /* Text always makes some upper-case base64 digits; a value without
     * any is a hex hash, a number or a lower-case word. Mostly ASCII: an
     * attack's syntax is ASCII (with a typographic dash or quote or two),
     * and a word or token that happens to decode to valid UTF-8 decodes
     * to letters of other scripts, two or three bytes >= 0x80 each. */
    if (alpha == 3 || !upper || st || high * 2 > j)
        return -1;
    return (long)j;
}

const char *lw_b64_text(apr_pool_t *p, const char *in, apr_size_t len,
                        apr_size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char *d;
    long n;

    if (!lw_b64_maybe(in, len))
        return NULL;
    /* up to two '=' of padding, only where padding goes */
    if (s[len - 1] == '=') {
        apr_size_t pad = 1;
        len--;
        if (s[len - 1] == '=') {
            len--;
            pad++;
        }
        if (((len + pad) & 3) != 0 || (len & 3) == 0)
            return NULL;
    }
    if ((len & 3) == 1)
        return NULL;            /* one digit left over: 6 bits, no byte */
    n = b64_pass(s, len, NULL);
    if (n <= 0)
        return NULL;
    d = apr_palloc(p, (apr_size_t)n + 1);
    if (!d)
        return NULL;
    b64_pass(s, len, d);
    d[n] = '\0';
    *outlen = (apr_size_t)n;
    return (const char *)d;
}
