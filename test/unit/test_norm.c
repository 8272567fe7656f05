/* Unit tests of normalisation (lw_norm.c). */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "lw_test.h"
#include "lw_norm.h"

static apr_pool_t *P;

/* Normalised form of a C string, as a C string (the result may contain
 * no NUL: step 3 removes them). */
static const char *N(const char *in, unsigned flags)
{
    apr_size_t outlen = 12345;
    const char *r = lw_normalize(P, in, strlen(in), flags, &outlen);
    return apr_pstrmemdup(P, r, outlen);
}

/* Same, input given with its length (may hold NULs). */
static const char *NL(const char *in, apr_size_t len, unsigned flags)
{
    apr_size_t outlen = 12345;
    const char *r = lw_normalize(P, in, len, flags, &outlen);
    return apr_pstrmemdup(P, r, outlen);
}

static int same_pointer(const char *in, unsigned flags)
{
    apr_size_t outlen = 0;
    const char *r = lw_normalize(P, in, strlen(in), flags, &outlen);
    return r == in && outlen == strlen(in);
}

static void test_unchanged(void)
{
    CHECK(same_pointer("/index.html", LW_N_PATH));
    CHECK(same_pointer("/a/b/c.php", LW_N_PATH));
    CHECK(same_pointer("hello world", LW_N_PLUS));
    CHECK(same_pointer("a+b", 0));                 /* '+' kept without PLUS */
    CHECK(same_pointer("id=42&page=2&lang=en", LW_N_PLUS)); /* no entity */
    CHECK(same_pointer("100% sure, 50%off, %zz", 0));  /* no escape */
    CHECK(same_pointer("&abcdefghij;", 0));           /* name too long */
    CHECK(same_pointer("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101", 0));
    CHECK(same_pointer("../../etc/passwd", LW_N_PATH));
    CHECK(same_pointer("http://example.com/x", 0)); /* '//' is data here */
    CHECK(same_pointer("/a?u=http://example.com/", LW_N_PATH));
    CHECK(same_pointer("caf\xc3\xa9 \xc3\xa0 la", 0)); /* UTF-8 letters */
    CHECK(same_pointer("x * y / z", 0));
    CHECK(same_pointer("/a/..", LW_N_PATH));
    /* Conservative pre-scan, same answer: '&' that is no entity. */
    {
        const char *in = "a=1&b=2";
        apr_size_t ol;
        CHECK(lw_normalize(P, in, strlen(in), 0, &ol) == in && ol == 7);
    }
    /* Empty input, NULL outlen. */
    CHECK(lw_normalize(P, "", 0, LW_N_PLUS, NULL) != NULL);
    {
        apr_size_t ol = 99;
        const char *e = "";
        CHECK(lw_normalize(P, e, 0, 0, &ol) == e && ol == 0);
    }
}

static void test_percent(void)
{
    CHECK_STR(N("%41%42c", 0), "ABc");
    CHECK_STR(N("%3cscript%3E", 0), "<script>");
    CHECK_STR(N("a%20b", 0), "a b");
    /* Repeated decoding: double and triple encoding. */
    CHECK_STR(N("%252e%252e%252f", LW_N_PATH), "../");
    CHECK_STR(N("%25252e", 0), ".");
    /* At most 8 rounds: nine levels leave one level encoded. */
    CHECK_STR(N("%252525252525252541", 0), "%41");
    CHECK_STR(N("%2525252525252541", 0), "A");
    /* A payload list's own encoding (%%35%63 is %5c) sent triple-encoded:
     * six rounds. */
    CHECK_STR(N("%252525%25252535%25252563e", LW_N_DECODE), "\\e");
    /* Invalid sequences stay as they are. */
    CHECK_STR(N("100%", 0), "100%");
    CHECK_STR(N("%zz%4", 0), "%zz%4");
    CHECK_STR(N("%%41", 0), "%A");
    CHECK_STR(N("%%341", 0), "A");     /* second round sees %41 */
    CHECK_STR(N("%G0%0", 0), "%G0%0");
    CHECK_STR(N("%", 0), "%");
    CHECK_STR(N("%%%", 0), "%%%");
    /* '+' */
    CHECK_STR(N("a+b", LW_N_PLUS), "a b");
    CHECK_STR(N("a+++b", LW_N_PLUS), "a b");
    CHECK_STR(N("a%2Bb", 0), "a+b");
    /* Only the '+' as sent is a space: "%2B" is a '+' to the application,
     * even when another round of decoding follows. */
    CHECK_STR(N("a%2Bb+c", LW_N_PLUS), "a+b c");
    CHECK_STR(N("'%2Bchar(39)%2B'", LW_N_PLUS), "'+char(39)+'");
    CHECK_STR(N("a%252Bb%2525", LW_N_PLUS), "a+b%");
    CHECK_STR(N("1+UNION+SELECT", LW_N_PLUS), "1 UNION SELECT");
}

static void test_unicode_escapes(void)
{
    CHECK_STR(N("%u002e%u002E/", 0), "../");
    CHECK_STR(N("%U003cscript", 0), "<script");
    CHECK_STR(N("%u00e9", 0), "\xc3\xa9");
    CHECK_STR(N("%u4e2d", 0), "\xe4\xb8\xad");
    CHECK_STR(N("%uff0e%uff0e%uff0f", LW_N_PATH), "../");  /* fullwidth */
    /* Look-alikes other than fullwidth forms are kept (rules see them). */
    CHECK_STR(N("..%u2215", 0), "..\xe2\x88\x95");
    /* Truncated or invalid %u: kept. */
    CHECK_STR(N("%u002", 0), "%u002");
    CHECK_STR(N("%u", 0), "%u");
    CHECK_STR(N("%u00zz", 0), "%u00zz");
    CHECK_STR(N("%ud800x", 0), "%ud800x");               /* surrogate */
    CHECK_STR(N("%u0000a", 0), "a");                      /* NUL removed */
}

static void test_entities(void)
{
    CHECK_STR(N("&lt;script&gt;", 0), "<script>");
    CHECK_STR(N("&quot;&apos;&amp;", 0), "\"'&");
    CHECK_STR(N("javascript&colon;alert&lpar;1&rpar;", 0),
              "javascript:alert(1)");
    CHECK_STR(N("java&Tab;script&NewLine;x", 0), "java script x");
    CHECK_STR(N("&sol;etc&sol;passwd", 0), "/etc/passwd");
    CHECK_STR(N("&#47;&#x2f;&#X2F;", 0), "///");
    CHECK_STR(N("&#x2e;&#x2e;/", LW_N_PATH), "../");
    CHECK_STR(N("&#60script", 0), "<script");              /* no ';' */
    CHECK_STR(N("&#0000060;", 0), "<");                     /* zeros */
    CHECK_STR(N("&#x3c&#x3C;", 0), "<<");
    CHECK_STR(N("&#233;", 0), "\xc3\xa9");
    CHECK_STR(N("&#65313;", 0), "A");          /* fullwidth A, folded */
    CHECK_STR(N("&nbsp;x", 0), " x");
    /* Not entities: kept. */
    CHECK_STR(N("&foo;&lt", 0), "&foo;&lt");
    CHECK_STR(N("&#;&#x;&#xzz", 0), "&#;&#x;&#xzz");
    CHECK_STR(N("&#99999999999;", 0), "&#99999999999;");
    CHECK_STR(N("&#xd800;", 0), "&#xd800;");
    CHECK_STR(N("&", 0), "&");
    CHECK_STR(N("a=1&b=2", 0), "a=1&b=2");
    /* Entities and percent-encoding mix across rounds. */
    CHECK_STR(N("%26lt;", 0), "<");
    CHECK_STR(N("&#37;3c", 0), "<");
    CHECK_STR(N("&amp;lt;", 0), "<");
}

static void test_utf8_fold(void)
{
    CHECK_STR(N("%c0%ae%c0%ae/", LW_N_PATH), "../");
    CHECK_STR(N("%c0%ae%c0%ae%c0%af", 0), "../");
    CHECK_STR(N("%e0%80%ae%e0%80%af", 0), "./");
    CHECK_STR(N("%f0%80%80%ae", 0), ".");
    CHECK_STR(N("%c1%9c", 0), "/");        /* overlong '\', then step 4 */
    CHECK_STR(N("%c1%81", 0), "A");
    CHECK_STR(N("..%c0%2f..%c1%1c", 0), "../../");   /* IIS top bits */
    CHECK_STR(N("%c0%80x", 0), "x");                  /* overlong NUL */
    CHECK_STR(N("a%c2%a0b", 0), "a b");
    CHECK_STR(N("%ef%bc%9cscript%ef%bc%9e", 0), "<script>");
    CHECK_STR(N("\xef\xbd\x93\xef\xbd\x85\xef\xbd\x8c", 0), "sel");
    CHECK_STR(N("a\xe3\x80\x80" "b", 0), "a\xe3\x80\x80" "b");
    /* Not foldable: kept byte for byte. */
    CHECK_STR(N("\xc0", 0), "\xc0");
    CHECK_STR(N("\xc0" "a", 0), "\xc0" "a");           /* Latin-1 text */
    CHECK_STR(N("\xe0\x80", 0), "\xe0\x80");
    CHECK_STR(N("\xe0\xa4\xb9", 0), "\xe0\xa4\xb9");   /* a real letter */
    CHECK_STR(N("\xef\xbc", 0), "\xef\xbc");
    CHECK_STR(N("\xf0\x80\x80", 0), "\xf0\x80\x80");
}

static void test_nul(void)
{
    CHECK_STR(NL("a\0b\0", 4, 0), "ab");
    CHECK_STR(N("passwd%00.jpg", 0), "passwd.jpg");
    CHECK_STR(N("x%2500", 0), "x");
    CHECK_STR(NL("\0\0\0", 3, 0), "");
}

static void test_slashes(void)
{
    CHECK_STR(N("..%5c..%5cwindows", 0), "../../windows");
    CHECK_STR(N("a\\b", 0), "a/b");
    CHECK_STR(N("//a///b", LW_N_PATH), "/a/b");
    CHECK_STR(N("/a/./b/././c/.", LW_N_PATH), "/a/b/c/.");
    CHECK_STR(N("/a/.//./b", LW_N_PATH), "/a/b");
    CHECK_STR(N("/a/../../b", LW_N_PATH), "/a/../../b");  /* kept visible */
    CHECK_STR(N("/a/.../b/x./y", LW_N_PATH), "/a/.../b/x./y");
    CHECK_STR(N("....//....//etc", LW_N_PATH), "..../..../etc");
    CHECK_STR(N("/.%2e/%2e%2e//x", LW_N_PATH), "/../../x");
    /* Only in a path, and only before the query. */
    CHECK_STR(N("u=http://x//y\\z", 0), "u=http://x//y/z");
    CHECK_STR(N("/p//q?u=http://x", LW_N_PATH), "/p/q?u=http://x");
    CHECK_STR(N("/p\\q?u=a\\b", LW_N_PATH), "/p/q?u=a/b");
}

static void test_sql_comments(void)
{
    CHECK_STR(N("1/**/union/**/select/**/1", 0), "1 union select 1");
    CHECK_STR(N("/**/union/**/select", LW_N_PLUS), " union select");
    CHECK_STR(N("1%2f%2a%2a%2funion%2f%2a%2a%2fselect", 0), "1 union select");
    CHECK_STR(N("union/*foo bar*/select", 0), "union select");
    CHECK_STR(N("/*!50000select*/", 0), " select ");
    CHECK_STR(N("1 /*!union*/ /*!50000select*/ 2", 0), "1 union select 2");
    CHECK_STR(N("/*M!100101select*/x", 0), " select x");
    CHECK_STR(N("/*!12345678x*/", 0), " 78x ");   /* at most 6 digits */
    /* An executable comment may hold a plain one. */
    CHECK_STR(N("/*!50000 union /*x*/ select*/", 0), " union select ");
    /* Unclosed: kept (nothing hidden). */
    CHECK_STR(N("a/*b", 0), "a/*b");
    CHECK_STR(N("/*/", 0), "/*/");
    CHECK_STR(N("a/*b/*c/*d", 0), "a/*b/*c/*d");
    CHECK_STR(N("a*/b", 0), "a*/b");
    CHECK_STR(N("/**/", 0), " ");
    CHECK_STR(N("a/***/b", 0), "a b");
    /* Backslashes become slashes before comments are seen. */
    CHECK_STR(N("1\\**\\union%5c*%2a%5cselect", 0), "1 union select");
}

static void test_whitespace(void)
{
    CHECK_STR(N("a%09b%0ac%0d%0a%0bd%0ce", 0), "a b c d e");
    CHECK_STR(N("a  \t\n b", 0), "a b");
    CHECK_STR(N("a%a0b", 0), "a b");               /* Latin-1 nbsp */
    CHECK_STR(N("%a0%a0x", 0), " x");
    CHECK_STR(N("\xc3\xa0 la", 0), "\xc3\xa0 la"); /* U+00E0, not a space */
    CHECK_STR(N("\xe4\xb8\xa0", 0), "\xe4\xb8\xa0");
    CHECK_STR(N(" \t", 0), " ");
    CHECK_STR(N("union%09%0a%20select", LW_N_PLUS), "union select");
    CHECK_STR(N("union++select", LW_N_PLUS), "union select");
}

static void test_url_decode(void)
{
    apr_size_t ol = 0;
    char *r;

    r = lw_url_decode(P, "a%20b+c%2", 9, 1, &ol);
    CHECK_STR(r, "a b c%2");
    CHECK(ol == 7);
    r = lw_url_decode(P, "a+b%252e", 8, 0, &ol);
    CHECK_STR(r, "a+b%2e");                        /* one round only */
    r = lw_url_decode(P, "%00x", 4, 0, &ol);
    CHECK(ol == 2 && r[0] == '\0' && r[1] == 'x' && r[2] == '\0');
    r = lw_url_decode(P, "", 0, 1, &ol);
    CHECK(r != NULL && ol == 0 && r[0] == '\0');
    r = lw_url_decode(P, "%u0041", 6, 0, NULL);
    CHECK_STR(r, "%u0041");
}

/* The pre-scan works 16 bytes at a time with a lookahead of two: put
 * each token at every offset of a longer field, across block edges. */
static void test_block_edges(void)
{
    static const struct { const char *tok, *want; unsigned flags; } t[] = {
        { "%41", "A", 0 }, { "//", "/", LW_N_PATH }, { "/./", "/", LW_N_PATH },
        { "  ", " ", 0 }, { "&lt;", "<", 0 }, { "&#65", "A", 0 },
        { "\t", " ", 0 }, { "\xc0\xae", ".", 0 }, { "/*x*/", " ", 0 },
        { "+", " ", LW_N_PLUS }, { "\\", "/", 0 }, { "%u0041", "A", 0 },
        { "x\xa0", "x ", 0 },
        /* no change: the same pointer must come back */
        { "100%z", NULL, 0 }, { "&x", NULL, 0 }, { "/", NULL, LW_N_PATH },
        { " ", NULL, 0 }, { "+", NULL, 0 }, { "//", NULL, 0 },
        { "?//", NULL, LW_N_PATH }, { "\xc3\xa0", NULL, 0 }, { "*/", NULL, 0 }
    };
    char buf[128], want[128];
    apr_size_t k, pos, len, ol;
    int bad = 0;

    for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        /* the tokens above are written with C escapes for readability */
        char tok[16];
        const char *src = t[k].tok;
        apr_size_t tl = 0;
        while (*src) {
            if (src[0] == '\\' && src[1] == 't') { tok[tl++] = '\t'; src += 2; }
            else if (src[0] == '\\' && src[1] == 'x') {
                tok[tl++] = (char)strtol(apr_pstrndup(P, src + 2, 2), NULL, 16);
                src += 4;
            } else if (src[0] == '\\' && src[1] == '\\') { tok[tl++] = '\\'; src += 2; }
            else tok[tl++] = *src++;
        }
        for (pos = 0; pos < 50; pos++) {
            const char *r;
            len = 0;
            memset(buf, 'a', pos);
            len = pos;
            memcpy(buf + len, tok, tl);
            len += tl;
            memset(buf + len, 'b', 60 - pos);
            len += 60 - pos;
            r = lw_normalize(P, buf, len, t[k].flags, &ol);
            if (t[k].want == NULL) {
                if (r != buf || ol != len) {
                    bad++;
                    fprintf(stderr, "block edge: token %s at %u changed\n",
                            t[k].tok, (unsigned)pos);
                }
                continue;
            }
            memset(want, 'a', pos);
            strcpy(want + pos, t[k].want);
            memset(want + pos + strlen(t[k].want), 'b', 60 - pos);
            if (r == buf || ol != pos + strlen(t[k].want) + 60 - pos
                || memcmp(r, want, ol) != 0) {
                bad++;
                fprintf(stderr, "block edge: token %s at %u\n", t[k].tok,
                        (unsigned)pos);
            }
        }
    }
    CHECK(bad == 0);
}

/* Big and hostile inputs: bounded, deterministic, never longer. */
static void test_odd_inputs(void)
{
    apr_size_t big = 1024 * 1024, i, ol, ol2;
    char *s = apr_palloc(P, big + 1);
    const char *r, *r2;
    unsigned flags;

    for (i = 0; i < big; i++)
        s[i] = "%25"[i % 3];
    s[big - big % 3] = '\0';
    r = lw_normalize(P, s, big - big % 3, 0, &ol);
    CHECK(ol == (big - big % 3) / 3);
    CHECK(r[0] == '%' && r[ol - 1] == '%' && r[ol] == '\0');

    memset(s, '%', big);
    r = lw_normalize(P, s, big, LW_N_PATH | LW_N_PLUS, &ol);
    CHECK(r == s && ol == big);

    /* Comment openers a million times with no close: linear, kept. */
    for (i = 0; i < big; i++)
        s[i] = "/*x"[i % 3];
    r = lw_normalize(P, s, big, 0, &ol);
    CHECK(r == s && ol == big);

    /* Random binary, all flag sets: never longer, same result twice,
     * and a fixed point is reached (normalising again changes nothing
     * that step 1 could still decode). */
    srand(4242);
    for (flags = 0; flags < 4; flags++) {
        int round, bad = 0;
        for (round = 0; round < 2000; round++) {
            static const char pick[] = "%25uUaAfF0/\\.*!+& \t\xc0\xae#x;";
            char buf[64];
            apr_size_t n = (apr_size_t)(rand() % 64), k;
            for (k = 0; k < n; k++)
                buf[k] = (rand() % 4) ? pick[rand() % (sizeof(pick) - 1)]
                                      : (char)rand();
            r = lw_normalize(P, buf, n, flags, &ol);
            r2 = lw_normalize(P, buf, n, flags, &ol2);
            if (ol > n || ol != ol2 || memcmp(r, r2, ol) != 0
                || memchr(r, '\0', ol) != NULL)
                bad++;
            if (r != buf && r[ol] != '\0')
                bad++;
        }
        CHECK(bad == 0);
    }
}

/* LW_N_DECODE: steps 1-3 only, the form the detectors read. */
static void test_decode_only(void)
{
    const unsigned D = LW_N_DECODE;
    /* decoding: double percent, %u, entities, overlong, fullwidth, NUL */
    CHECK_STR(N("%2527%20or%201=1", D), "' or 1=1");
    CHECK_STR(N("%u003cscript%u003e", D), "<script>");
    CHECK_STR(N("ja&Tab;vascript&colon;alert&lpar;1)", D),
              "ja\tvascript:alert(1)");
    CHECK_STR(N("%c0%ae%c0%ae/x", D), "../x");
    CHECK_STR(NL("a\0b%00c", 8, D), "abc");
    CHECK_STR(N("\xef\xbc\x9cscript", D), "<script");
    /* '+' as space only with LW_N_PLUS; "%2B" stays '+' */
    CHECK_STR(N("a+b%2Bc", D | LW_N_PLUS), "a b+c");
    CHECK_STR(N("a+b", D), "a+b");
    /* kept as sent: slashes, backslashes, comments, white space */
    CHECK(same_pointer("a//b/./c\\d", D | LW_N_PATH));
    CHECK(same_pointer("1/**/union/*!50000select*/ 2", D));
    CHECK(same_pointer("a  b\t\r\nc \xc2", D));
    CHECK(same_pointer("x\xa0y", D));
    CHECK_STR(N("%5c%2f%2f%20%20%09/*x*/", D), "\\//  \t/*x*/");
    /* the full form of the same input folds all of it */
    CHECK_STR(N("%5c%2f%2f%20%20%09/*x*/", 0), "/// ");
}

/* The engine pre-scans a field once for both forms: whenever the full
 * normalisation leaves a field as it is (the same pointer), decoding must
 * leave it too. Random strings over the bytes the steps act on, every
 * flag combination the engine uses. */
static void test_decode_subset(void)
{
    static const char alpha[] = "%%%2a5c0aeu&#;+ /\\*!.?xX\t\n\xa0\xc0"
                                "\xc2\xef\xbc\x81lt";
    static const unsigned fl[] = { 0, LW_N_PLUS, LW_N_PATH,
                                   LW_N_PATH | LW_N_PLUS };
    char buf[24];
    unsigned seed = 12345;
    int n, k, i, bad = 0, same = 0;
    apr_pool_t *sp;

    if (apr_pool_create(&sp, P) != APR_SUCCESS)
        return;

    for (n = 0; n < 200000; n++) {
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 20;
        for (i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
        }
        for (k = 0; k < 4; k++) {
            apr_size_t o;
            if (lw_normalize(sp, buf, (apr_size_t)len, fl[k], &o) != buf)
                continue;
            same++;
            if (lw_normalize(sp, buf, (apr_size_t)len,
                             LW_N_DECODE | (fl[k] & LW_N_PLUS), &o) != buf)
                bad++;
        }
        if ((n & 1023) == 0)
            apr_pool_clear(sp);
    }
    apr_pool_destroy(sp);
    CHECK(bad == 0);
    CHECK(same > 1000);
}

/* What decoding leaves: an escape still there when the rounds run out is
 * reported (lw_normalize_ex), and one that the overlong/NUL step makes is
 * decoded. */
static int undecoded(const char *in, unsigned flags)
{
    int u = -1;
    apr_size_t ol;
    lw_normalize_ex(P, in, strlen(in), flags, &ol, &u);
    return u;
}

static void test_undecoded(void)
{
    CHECK(undecoded("%252525252525252541", 0) == 1);
    CHECK(undecoded("%252525252525252541", LW_N_DECODE) == 1);
    CHECK(undecoded("%2525252525252541", 0) == 0);     /* eight: decoded */
    CHECK(undecoded("&amp;amp;amp;amp;amp;amp;amp;amp;lt;", 0) == 1);
    CHECK(undecoded("&amp;amp;amp;amp;amp;amp;amp;lt;", 0) == 0);
    /* a '%' or '&' left that begins no escape is no evasion */
    CHECK(undecoded("%2525252525252525 sure &amp; co", 0) == 0);
    CHECK(undecoded("100%25 sure", LW_N_PLUS) == 0);
    CHECK(undecoded("plain", 0) == 0);
    CHECK(undecoded("", 0) == 0);
    /* lw_normalize is lw_normalize_ex without the report */
    CHECK_STR(N("%252525252525252541", LW_N_DECODE), "%41");
}

static void test_fold_makes_escape(void)
{
    /* An overlong '%' (c0 a5) or '&' (c0 a6) folded in step 2 begins an
     * escape the application decodes: decoded too. */
    CHECK_STR(N("%c0%a527", 0), "'");
    CHECK_STR(N("%c0%a53cscript%c0%a53e", LW_N_DECODE), "<script>");
    CHECK_STR(N("%e0%80%a5%32%37", 0), "'");
    CHECK_STR(N("alert%c0%a6lpar;1%c0%a6rpar;", 0), "alert(1)");
    /* A NUL removed from inside an escape joins it. */
    CHECK_STR(NL("%\0" "27 or 1=1", 11, 0), "' or 1=1");
    CHECK_STR(N("%25%00%32%37", 0), "'");
    /* Folded text with no escape in it stays as it was. */
    CHECK_STR(N("%c0%ae%c0%ae/x", LW_N_PATH), "../x");
    CHECK_STR(N("%c0%a5zz", 0), "%zz");
    /* Rounds are shared: an overlong '%' at the eighth level is left
     * encoded and reported. */
    CHECK(undecoded("%c0%a52527", 0) == 0);
    CHECK(undecoded("%2525252525252525c0%2525252525252525a541", 0) == 1);
}

static void test_js_escapes(void)
{
    /* \uXXXX, \u{X...}, \xHH: text decoded, in any case of hex digit */
    CHECK_STR(N("\\u0027\\u0020or\\u00201=1--", LW_N_DECODE), "' or 1=1--");
    CHECK_STR(N("\\u003Cscript\\u003e", LW_N_DECODE), "<script>");
    CHECK_STR(N("\\x27\\x20or\\x201=1", LW_N_DECODE), "' or 1=1");
    CHECK_STR(N("\\u{27}\\u{0000003c}x", LW_N_DECODE), "'<x");
    CHECK_STR(N("\\u002e\\u002e\\u002fetc", LW_N_PATH), "../etc");
    /* UTF-8 out for code points >= 0x80; a surrogate pair is one */
    CHECK_STR(N("caf\\u00e9", LW_N_DECODE), "caf\xc3\xa9");
    CHECK_STR(N("\\u{1F600}", LW_N_DECODE), "\xf0\x9f\x98\x80");
    CHECK_STR(N("\\ud83d\\ude00", LW_N_DECODE), "\xf0\x9f\x98\x80");
    /* fullwidth '<' (step 2 folds it) */
    CHECK_STR(N("\\uff1cscript", LW_N_DECODE), "<script");
    /* lone or reversed surrogates, bad or short escapes: kept as sent */
    CHECK_STR(N("\\ud83d", LW_N_DECODE), "\\ud83d");
    CHECK_STR(N("\\ud83dx", LW_N_DECODE), "\\ud83dx");
    CHECK_STR(N("\\ude00\\ud83d", LW_N_DECODE), "\\ude00\\ud83d");
    CHECK_STR(N("\\ud83d\\u0041", LW_N_DECODE), "\\ud83dA");
    CHECK_STR(N("\\x4", LW_N_DECODE), "\\x4");
    CHECK_STR(N("\\x4g", LW_N_DECODE), "\\x4g");
    CHECK_STR(N("\\u", LW_N_DECODE), "\\u");
    CHECK_STR(N("a\\u00", LW_N_DECODE), "a\\u00");
    CHECK_STR(N("\\u004", LW_N_DECODE), "\\u004");
    CHECK_STR(N("\\u{}", LW_N_DECODE), "\\u{}");
    CHECK_STR(N("\\u{110000}", LW_N_DECODE), "\\u{110000}");
    CHECK_STR(N("\\u{d800}", LW_N_DECODE), "\\u{d800}");
    CHECK_STR(N("\\u{41", LW_N_DECODE), "\\u{41");
    CHECK_STR(N("\\u{000000041}", LW_N_DECODE), "\\u{000000041}");
    CHECK_STR(N("\\X41\\U0041", LW_N_DECODE), "\\X41\\U0041");
    CHECK_STR(N("\\", LW_N_DECODE), "\\");
    /* escapes of NUL, controls and bytes 0x80-0xff stay: binary data */
    CHECK_STR(N("\\xac\\xed\\x00\\x05", LW_N_DECODE), "\\xac\\xed\\x00\\x05");
    CHECK_STR(N("\\u0000\\u0001\\u007f\\u0085", LW_N_DECODE),
              "\\u0000\\u0001\\u007f\\u0085");
    /* white space escapes decode (and fold in the normal form) */
    CHECK_STR(N("'\\u000aor\\t1", LW_N_DECODE), "'\nor\\t1");
    CHECK_STR(N("'\\u000aor\\u00091", 0), "' or 1");
    /* no octal: Windows paths and "\0" in text stay */
    CHECK_STR(N("C:\\123\\0", LW_N_DECODE), "C:\\123\\0");
    CHECK_STR(N("C:\\xampp\\users", LW_N_DECODE), "C:\\xampp\\users");
    CHECK(same_pointer("C:\\xampp\\users", LW_N_DECODE));
    CHECK(same_pointer("C:\\users\\x1", LW_N_DECODE));
    /* after percent-decoding, and in layers: a decoded '\' goes again */
    CHECK_STR(N("%5Cu0027%20or%201=1", LW_N_DECODE), "' or 1=1");
    CHECK_STR(N("\\u005cu0027", LW_N_DECODE), "'");
    CHECK_STR(N("\\%750027", LW_N_DECODE), "'");
    CHECK_STR(N("&#x5c;x3cscript", LW_N_DECODE), "<script");
    CHECK_STR(N("\\u0026#x27;", LW_N_DECODE), "'");
    /* an entity and a %XX mixed in one layer */
    CHECK_STR(N("&#x27;%20or%201=1--", LW_N_DECODE), "' or 1=1--");
    CHECK_STR(N("%26%23x27%3B%2520or%25201%3D1--", LW_N_DECODE),
              "' or 1=1--");
    /* each stage with an escape left is kept, then the decoded form */
    {
        lw_norm_stages_t st;
        apr_size_t ol;
        const char *in = "%5Cu003cscript";
        lw_normalize_st(P, in, strlen(in), 0, &ol, NULL, &st);
        CHECK(st.n == 2);
        CHECK_STR(st.s[0], "\\u003cscript");
        CHECK_STR(st.s[1], "<script");
    }
    /* rounds are bounded: nine layers of '\' leave one, reported */
    CHECK(undecoded("\\u005cu005cu005cu005cu005cu005cu005cu005cu0027", 0) == 1);
    CHECK(undecoded("\\u005cu005cu005cu0027", 0) == 0);
}

/* lw_b64_text of a C string, or "(null)". */
static const char *B(const char *in)
{
    apr_size_t n = 12345;
    const char *r = lw_b64_text(P, in, strlen(in), &n);
    if (!r)
        return "(null)";
    CHECK(r[n] == '\0');
    return apr_pstrmemdup(P, r, n);
}

static void test_base64(void)
{
    char *big;
    apr_size_t i;

    CHECK_STR(B("JyBvciAxPTEtLQ=="), "' or 1=1--");
    CHECK_STR(B("JyBvciAxPTEtLQ"), "' or 1=1--");       /* unpadded */
    CHECK_STR(B("JChpZCk="), "$(id)");                  /* the minimum */
    CHECK_STR(B("e3s3Kjd9fQ=="), "{{7*7}}");
    CHECK_STR(B("PHNjcmlwdD4-PC9zY3JpcHQ-"), "<script>></script>");
    CHECK_STR(B("PHNjcmlwdD4+PC9zY3JpcHQ+"), "<script>></script>");
    CHECK_STR(B("Li4vLi4vZXRjL3Bhc3N3ZA"), "../../etc/passwd");
    CHECK_STR(B("Y2Fmw6kgYXUgbGFpdA=="), "caf\xc3\xa9 au lait");
    /* too short, bad padding, a leftover digit, mixed alphabets */
    CHECK_STR(B("JChpZA="), "(null)");                  /* 7 bytes */
    CHECK_STR(B("JChpZCk"), "(null)");
    CHECK_STR(B("JyBvciAxPTEtLQ="), "(null)");          /* one '=' short */
    CHECK_STR(B("JyBvciAxPTEtLQ==="), "(null)");
    CHECK_STR(B("JyBvc=iAxPTEtLQ=="), "(null)");
    CHECK_STR(B("JyBvciAxPTEt="), "(null)");            /* len 12 + '=' */
    CHECK_STR(B("JyBvciAxPTEtL"), "(null)");            /* 13: 6 bits over */
    CHECK_STR(B("PHNjcmlwdD4-PC9zY3JpcHQ+"), "(null)");
    CHECK_STR(B("========"), "(null)");
    /* not text: hashes, tokens, ids, images, words */
    CHECK_STR(B("d41d8cd98f00b204e9800998ecf8427e"), "(null)");
    CHECK_STR(B("D41D8CD98F00B204E9800998ECF8427E"), "(null)");
    CHECK_STR(B("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"), "(null)");
    CHECK_STR(B("/9j/4AAQSkZJRgABAQEASABIAAD"), "(null)");
    CHECK_STR(B("R0lGODlhAQABAIAAAAAAAP"), "(null)");
    CHECK_STR(B("dQw4w9WgXcQ"), "(null)");
    CHECK_STR(B("administrator"), "(null)");
    CHECK_STR(B("1234567890123"), "(null)");
    CHECK_STR(B("550e8400-e29b-41d4-a716-446655440000"), "(null)");
    CHECK_STR(B("PHPSESSID"), "(null)");
    CHECK_STR(B("JyBvciAxPTEtLQ== "), "(null)");        /* a space */
    CHECK_STR(B("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"), "(null)");
    /* a control byte or broken UTF-8 in the text: not text */
    CHECK_STR(B("AGJhZCBzdHVmZg=="), "(null)");         /* "\0bad stuff" */
    CHECK_STR(B("wKBiYWQgc3R1ZmY="), "(null)");         /* c0 a0: overlong */
    CHECK_STR(B("7aCAYmFkIHN0dWZm"), "(null)");         /* ed a0 80 */
    CHECK_STR(B("YWJjZGVm4oI="), "(null)");             /* cut UTF-8 */
    /* valid UTF-8 but mostly not ASCII: letters, not an attack's syntax */
    CHECK_STR(B("5pel5pys6Kqe44Gu44OG44Kt44K544OI"), "(null)");
    CHECK_STR(B("PHN2ZwxvbmxvYWQ9YWxlcnQoMSk+"), "<svg\fonload=alert(1)>");
    /* a typographic dash or two in ASCII text: text */
    CHECK_STR(B("IGFuZCAxPTHigJM="), " and 1=1\xe2\x80\x93");
    /* long: every byte decoded, nothing read past the end */
    big = apr_palloc(P, 40001);
    for (i = 0; i < 40000; i += 4)
        memcpy(big + i, "QUJD", 4);
    big[40000] = '\0';
    {
        const char *r = B(big);
        CHECK(strlen(r) == 30000 && r[0] == 'A' && r[29999] == 'C');
    }
    big[39999] = '!';
    CHECK_STR(B(big), "(null)");
}

int main(void)
{
    LW_TEST_BEGIN(pool);
    P = pool;
    test_unchanged();
    test_percent();
    test_unicode_escapes();
    test_entities();
    test_utf8_fold();
    test_nul();
    test_slashes();
    test_sql_comments();
    test_whitespace();
    test_url_decode();
    test_block_edges();
    test_odd_inputs();
    test_decode_only();
    test_decode_subset();
    test_undecoded();
    test_fold_makes_escape();
    test_js_escapes();
    test_base64();
    LW_TEST_END();
}
