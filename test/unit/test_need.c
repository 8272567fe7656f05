/* Unit tests of the byte sets a regex cannot match without (lw_need.c):
 * the reading of each construct, and on every shipped pattern that no
 * string PCRE2 matches lacks a byte of one of its sets. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "lw_test.h"
#include "lw_need.h"
#include "lw_norm.h"

static int has(const lw_byteset_t *s, unsigned c)
{
    return (int)((s->b[c >> 6] >> (c & 63)) & 1);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sets of pat as strings of their printable bytes ('_' for white
 * space), sorted, joined by '|'. */
static const char *sets_of(apr_pool_t *p, const char *pat)
{
    lw_byteset_t s[LW_NEED_MAX];
    int n = lw_need_sets(pat, s), k;
    unsigned c;
    char *parts[LW_NEED_MAX], *out = "";

    for (k = 0; k < n; k++) {
        char buf[300];
        int j = 0;
        for (c = 0; c < 256 && j < 290; c++)
            if (has(&s[k], c) && c > 32 && c < 127)
                buf[j++] = (char)c;
        if (has(&s[k], ' '))
            buf[j++] = '_';
        buf[j] = '\0';
        parts[k] = apr_pstrdup(p, buf);
    }
    qsort(parts, (size_t)n, sizeof(parts[0]), cmp_str);
    for (k = 0; k < n; k++)
        out = apr_pstrcat(p, out, k ? "|" : "", parts[k], NULL);
    return out;
}

static void test_constructs(apr_pool_t *p)
{
    CHECK_STR(sets_of(p, "abc"), "Aa|Bb|Cc");
    CHECK_STR(sets_of(p, "a|b"), "ABab");
    CHECK_STR(sets_of(p, "(?:a|b)c"), "ABab|Cc");
    CHECK_STR(sets_of(p, "x|y?"), "");             /* a branch needs nothing */
    CHECK_STR(sets_of(p, "a?b*c{0,3}"), "");
    CHECK_STR(sets_of(p, "a+b{2}c{1,}"), "Aa|Bb|Cc");
    CHECK_STR(sets_of(p, "\\s"), "_");
    CHECK_STR(sets_of(p, "(?=<)(?!x)(?<=;)(?<!y)"), ";|<");
    /* the rarest kept: white space and '=' before letters */
    CHECK_STR(sets_of(p, "abcd\\s=e"), "=|Cc|Dd|_");
    CHECK_STR(sets_of(p, "\\bid\\b.^$"), "Dd|Ii");
    CHECK_STR(sets_of(p, "[\\d-x]"), "-0123456789Xx");
    CHECK_STR(sets_of(p, "[]a]"), "A]a");
    CHECK_STR(sets_of(p, "\\(\\x41\\x{3c}"), "(|<|Aa");
    CHECK_STR(sets_of(p, "(?<n>q)(?'m'r)(?P<o>s)(?>t)"), "Qq|Rr|Ss|Tt");
    CHECK_STR(sets_of(p, "(?i)u(?-i:v)"), "Uu|Vv");
    CHECK_STR(sets_of(p, "a{,}"), ",|Aa|{|}");     /* a literal brace */
    CHECK_STR(sets_of(p, "(a)\\1"), "Aa");
    {
        lw_byteset_t s[LW_NEED_MAX];
        CHECK(lw_need_sets("[^a]", s) == 0);       /* nearly every byte */
        CHECK(lw_need_sets("[^a-z0-9]", s) == 1 && !has(&s[0], 'a')
              && !has(&s[0], 'A') && has(&s[0], '<') && has(&s[0], 0xff));
    }
    /* what this reader does not follow gives nothing */
    CHECK_STR(sets_of(p, "\\Qab\\E"), "");
    CHECK_STR(sets_of(p, "(?x)a b"), "");
    CHECK_STR(sets_of(p, "\\p{L}x"), "");
    CHECK_STR(sets_of(p, "(a)(?(1)b|c)"), "");
    CHECK_STR(sets_of(p, "a(?R)?"), "");
    CHECK_STR(sets_of(p, "[[:alpha:]]x"), "");
    CHECK_STR(sets_of(p, "(*UTF)x"), "");
    CHECK_STR(sets_of(p, "(ab"), "");
    CHECK_STR(sets_of(p, "ab)"), "");
}

/* Strings to try a pattern on: each example value and its normalised
 * form, their pieces and joins, and random strings over the pattern's
 * own bytes (those are what it can match). */
static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

static int sound_on(const lw_byteset_t *s, int n, const apr_uint64_t *cls,
                    const char *t, apr_size_t len)
{
    apr_uint64_t m = lw_need_text(cls, t, len);
    int k;
    apr_size_t i;
    for (k = 0; k < n; k++) {
        int found = 0;
        for (i = 0; i < len && !found; i++)
            found = has(&s[k], (unsigned char)t[i]);
        if (!found || !(lw_need_mask(cls, &s[k]) & m))
            return 0;
    }
    return 1;
}

static void test_shipped(apr_pool_t *p)
{
    const char *dir = apr_pstrcat(p, lw_test_srcdir(), "/conf/signatures",
                                  NULL);
    static const char *const files[] = { "10-sqli", "20-xss", "30-lfi",
        "40-rfi", "45-xxe", "50-rce", "60-scanner", "70-probe", "80-protocol",
        "90-tool" };
    apr_uint64_t cls[256];
    int f, npat = 0, nset = 0, matched = 0, unsound = 0;
    unsigned seed = 7;

    lw_need_classes(cls);
    for (f = 0; f < (int)(sizeof(files) / sizeof(files[0])); f++) {
        char *text, *line, *save;
        apr_file_t *fp;
        apr_finfo_t fi;
        apr_size_t len;
        apr_array_header_t *ex = apr_array_make(p, 16, sizeof(char *));
        pcre2_code *code = NULL;
        lw_byteset_t sets[LW_NEED_MAX];
        int nsets = 0;
        const char *path = apr_pstrcat(p, dir, "/", files[f], ".rules", NULL);

        if (apr_file_open(&fp, path, APR_READ, 0, p) != APR_SUCCESS
            || apr_file_info_get(&fi, APR_FINFO_SIZE, fp) != APR_SUCCESS) {
            CHECK(!"rules file readable");
            continue;
        }
        len = (apr_size_t)fi.size;
        text = apr_palloc(p, len + 2);
        apr_file_read_full(fp, text, len, &len);
        apr_file_close(fp);
        text[len] = '\n';
        text[len + 1] = '\0';
        /* each rule: its pattern, then its examples; checked at the next
         * rule and at the end */
        for (line = apr_strtok(text, "\n", &save); ; 
             line = apr_strtok(NULL, "\n", &save)) {
            const char *l = line;
            while (l && (*l == ' ' || *l == '\t'))
                l++;
            if (!l || strncmp(l, "rule", 4) == 0) {
                int i, r, k;
                pcre2_match_data *md = code
                    ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
                for (i = 0; code && nsets && i < ex->nelts; i++) {
                    const char *e = APR_ARRAY_IDX(ex, i, const char *);
                    apr_size_t el = strlen(e), nl;
                    const char *forms[2];
                    forms[0] = e;
                    forms[1] = lw_normalize(p, e, el, LW_N_PLUS, &nl);
                    for (k = 0; k < 2; k++) {
                        apr_size_t fl = k ? nl : el;
                        /* the whole text, then 40 random pieces */
                        for (r = 0; r <= 40; r++) {
                            apr_size_t a = 0, b = fl;
                            if (r && fl) {
                                a = rnd(&seed) % fl;
                                b = a + rnd(&seed) % (fl - a + 1);
                            }
                            if (pcre2_match(code, (PCRE2_SPTR)forms[k] + a,
                                            b - a, 0, 0, md, NULL) >= 0) {
                                matched++;
                                if (!sound_on(sets, nsets, cls, forms[k] + a,
                                              b - a)) {
                                    unsound++;
                                    fprintf(stderr, "unsound: %s on %.*s\n",
                                            files[f], (int)(b - a),
                                            forms[k] + a);
                                }
                            }
                        }
                    }
                }
                if (md)
                    pcre2_match_data_free(md);
                if (code)
                    pcre2_code_free(code);
                code = NULL;
                nsets = 0;
                apr_array_clear(ex);
                if (!l)
                    break;
                continue;
            }
            if (strncmp(l, "pattern", 7) == 0) {
                int err;
                PCRE2_SIZE off;
                l += 7;
                while (*l == ' ')
                    l++;
                npat++;
                nsets = lw_need_sets(l, sets);
                nset += nsets > 0;
                code = pcre2_compile((PCRE2_SPTR)l, PCRE2_ZERO_TERMINATED,
                                     PCRE2_CASELESS | PCRE2_NEVER_UTF, &err,
                                     &off, NULL);
                CHECK(code != NULL);
            }
            else if (strncmp(l, "match", 5) == 0 || strncmp(l, "nomatch", 7) == 0) {
                /* the example, and whatever follows ": " (a header) */
                const char *v = l + (l[0] == 'm' ? 5 : 7);
                while (*v == ' ')
                    v++;
                APR_ARRAY_PUSH(ex, const char *) = v;
            }
        }
    }
    printf("shipped patterns: %d, %d with sets; %d matches tried, %d unsound\n",
           npat, nset, matched, unsound);
    CHECK(npat > 100 && nset * 10 > npat * 8);
    CHECK(matched > 500);
    CHECK(unsound == 0);
}

int main(void)
{
    LW_TEST_BEGIN(pool);
    test_constructs(pool);
    test_shipped(pool);
    LW_TEST_END();
}
