/* Unit tests for the bounded JSON writer and the strict reader. */
#include <stdlib.h>
#include <apr_strings.h>

#include "lw_json.h"
#include "lw_test.h"

/* What the decoded JSON value must read for one input byte: the byte
 * itself when printable, else the text \xHH; a backslash reads \\. */
static void expect_text(unsigned char c, char *out)
{
    if (c == '\\')
        strcpy(out, "\\\\");
    else if (c < 0x20 || c >= 0x7f)
        sprintf(out, "\\x%02x", c);
    else {
        out[0] = (char)c;
        out[1] = '\0';
    }
}

static void test_every_byte(apr_pool_t *p)
{
    char mem[64], all[256], want[256 * 4 + 1], t[8];
    lw_buf_t b;
    lw_jval_t v;
    const char *err = NULL;
    int c, bad_parse = 0, bad_value = 0, bad_ascii = 0;
    apr_size_t i, wl = 0;

    for (c = 0; c < 256; c++) {
        char ch = (char)c;
        lw_buf_init(&b, mem, sizeof(mem));
        lw_json_str(&b, &ch, 1, 100);
        for (i = 0; i < b.len; i++)
            if ((unsigned char)b.data[i] < 0x20 || (unsigned char)b.data[i] >= 0x7f)
                bad_ascii++;
        if (lw_json_parse(p, b.data, b.len, &v, &err) || v.type != LW_JSTR) {
            bad_parse++;
            continue;
        }
        expect_text((unsigned char)c, t);
        if (strcmp(v.str, t) != 0 || v.len != strlen(t))
            bad_value++;
    }
    CHECK(bad_parse == 0);
    CHECK(bad_value == 0);
    CHECK(bad_ascii == 0);

    /* The exact wire forms the record documents. */
    lw_buf_init(&b, mem, sizeof(mem));
    lw_json_str(&b, "\x1b\\\"a", 4, 100);
    CHECK(b.len == strlen("\"\\\\x1b\\\\\\\\\\\"a\""));
    CHECK(memcmp(b.data, "\"\\\\x1b\\\\\\\\\\\"a\"", b.len) == 0);

    /* All 256 bytes in one value. */
    for (c = 0; c < 256; c++) {
        all[c] = (char)c;
        expect_text((unsigned char)c, t);
        memcpy(want + wl, t, strlen(t));
        wl += strlen(t);
    }
    want[wl] = '\0';
    {
        char big[2048];
        lw_buf_init(&b, big, sizeof(big));
        lw_json_str(&b, all, 256, 1000);
        CHECK(!b.overflow);
        CHECK(lw_json_parse(p, b.data, b.len, &v, &err) == APR_SUCCESS);
        CHECK(v.type == LW_JSTR && v.len == wl && memcmp(v.str, want, wl) == 0);
    }
}

static void test_cut_and_overflow(apr_pool_t *p)
{
    char mem[64];
    lw_buf_t b;
    lw_jval_t v;
    const char *err;

    lw_buf_init(&b, mem, sizeof(mem));
    lw_json_str(&b, "abcdef", 6, 3);
    CHECK(b.len == 13 && memcmp(b.data, "\"abc...[cut]\"", 13) == 0);
    CHECK(lw_json_parse(p, b.data, b.len, &v, &err) == APR_SUCCESS);
    CHECK_STR(v.str, "abc...[cut]");

    /* exactly max bytes: no marker */
    lw_buf_init(&b, mem, sizeof(mem));
    lw_json_str(&b, "abc", 3, 3);
    CHECK(b.len == 5 && memcmp(b.data, "\"abc\"", 5) == 0);

    /* cut to nothing still says so */
    lw_buf_init(&b, mem, sizeof(mem));
    lw_json_str(&b, "abc", 3, 0);
    CHECK(b.len == 10 && memcmp(b.data, "\"...[cut]\"", 10) == 0);

    /* an escape never straddles the cut: the limit counts input bytes */
    lw_buf_init(&b, mem, sizeof(mem));
    lw_json_str(&b, "\x01\x02\x03", 3, 2);
    CHECK(lw_json_parse(p, b.data, b.len, &v, &err) == APR_SUCCESS);
    CHECK_STR(v.str, "\\x01\\x02...[cut]");

    /* A string that does not fit leaves the buffer as it was. */
    lw_buf_init(&b, mem, 10);
    lw_buf_adds(&b, "[1,");
    lw_json_str(&b, "\x01\x01", 2, 100);
    CHECK(b.overflow);
    CHECK(b.len == 3);
    /* ... and once overflowed, everything is dropped */
    lw_buf_adds(&b, "x");
    CHECK(b.len == 3);

    /* the closing quote is accounted for: 8 bytes of room, "abcdef" + 2 */
    lw_buf_init(&b, mem, 8);
    lw_json_str(&b, "abcdef", 6, 100);
    CHECK(!b.overflow && b.len == 8);
    lw_buf_init(&b, mem, 7);
    lw_json_str(&b, "abcdef", 6, 100);
    CHECK(b.overflow && b.len == 0);

    lw_buf_init(&b, mem, 8);
    lw_buf_addf(&b, "%d-%s", 12, "ab");
    CHECK(!b.overflow && b.len == 5 && memcmp(b.data, "12-ab", 5) == 0);
    lw_buf_addf(&b, "%s", "xyz");   /* 8 bytes exactly: fits */
    CHECK(!b.overflow && b.len == 8);
    lw_buf_addf(&b, "%s", "q");
    CHECK(b.overflow && b.len == 8);
}

static void test_parse_good(apr_pool_t *p)
{
    static const char doc[] =
        " {\"a\": 1, \"b\": [true, false, null, -0.5e2, \"x\"],"
        " \"c\": {\"d\": {}}, \"e\": [], \"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\","
        " \"u\": \"\\u00e9\\u20ac\\ud83d\\ude00\\u0041\", \"z\": \"a\\u0000b\"} \n";
    lw_jval_t v;
    const lw_jval_t *x, *y;
    const char *err = NULL;

    CHECK(lw_json_parse(p, doc, sizeof(doc) - 1, &v, &err) == APR_SUCCESS);
    CHECK(v.type == LW_JOBJ && v.len == 7);
    x = lw_json_get(&v, "a");
    CHECK(x && x->type == LW_JNUM && x->num == 1);
    x = lw_json_get(&v, "b");
    CHECK(x && x->type == LW_JARR && x->len == 5);
    if (x && x->len == 5) {
        CHECK(x->items[0].type == LW_JBOOL && x->items[0].num == 1);
        CHECK(x->items[1].type == LW_JBOOL && x->items[1].num == 0);
        CHECK(x->items[2].type == LW_JNULL);
        CHECK(x->items[3].type == LW_JNUM && x->items[3].num == -50);
        CHECK(x->items[4].type == LW_JSTR && strcmp(x->items[4].str, "x") == 0);
    }
    x = lw_json_get(&v, "c");
    y = lw_json_get(x, "d");
    CHECK(y && y->type == LW_JOBJ && y->len == 0);
    CHECK(lw_json_get(y, "anything") == NULL);
    x = lw_json_get(&v, "e");
    CHECK(x && x->type == LW_JARR && x->len == 0);
    x = lw_json_get(&v, "s");
    CHECK(x && x->len == 9 && memcmp(x->str, "q\"\\/\b\f\n\r\t", 9) == 0);
    x = lw_json_get(&v, "u");
    CHECK(x && x->len == 10
          && memcmp(x->str, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" "A", 10) == 0);
    x = lw_json_get(&v, "z");
    CHECK(x && x->len == 3 && memcmp(x->str, "a\0b", 3) == 0);
    CHECK(lw_json_get(&v, "missing") == NULL);
    CHECK(lw_json_get(lw_json_get(&v, "a"), "a") == NULL);

    CHECK(lw_json_parse(p, "0", 1, &v, &err) == APR_SUCCESS && v.num == 0);
    CHECK(lw_json_parse(p, "-12.25E+1", 9, &v, &err) == APR_SUCCESS
          && v.num == -122.5);
    CHECK(lw_json_parse(p, "\"\"", 2, &v, &err) == APR_SUCCESS
          && v.type == LW_JSTR && v.len == 0);
    /* the input need not be NUL terminated: a number at the very end */
    {
        char *t = apr_pmemdup(p, "[12345", 6);
        CHECK(lw_json_parse(p, t + 1, 5, &v, &err) == APR_SUCCESS
              && v.num == 12345);
    }
}

static int nest_ok(apr_pool_t *p, int depth, char open, char close)
{
    char *s = apr_palloc(p, (apr_size_t)depth * 2);
    lw_jval_t v;
    const char *err;
    int i;
    for (i = 0; i < depth; i++) {
        s[i] = open;
        s[depth * 2 - 1 - i] = close;
    }
    return lw_json_parse(p, s, (apr_size_t)depth * 2, &v, &err) == APR_SUCCESS;
}

static void test_parse_bad(apr_pool_t *p)
{
    static const char *const bad[] = {
        "", " ", "{", "}", "[", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}",
        "{\"a\":1,}", "{a:1}", "{\"a\" 1}", "01", "1.", ".5", "-", "+1", "1e",
        "1e+", "--1", "0x10", "nan", "Infinity", "tru", "nul", "falsey",
        "'a'", "\"abc", "\"\\\"", "\"\\x41\"", "\"\\u12\"", "\"\\u12g4\"",
        "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\udc00\"", "\"a\nb\"",
        "\"a\tb\"", "[1] x", "[1][2]", "{} {}", "1 2", "[\"a\" \"b\"]",
        "{\"a\":1 \"b\":2}", "{1:2}", "[1,2", "\"\\", "[\"\\u",
    };
    apr_size_t i;
    int fails = 0;
    lw_jval_t v;
    const char *err;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err = NULL;
        if (lw_json_parse(p, bad[i], strlen(bad[i]), &v, &err) == APR_SUCCESS
            || !err) {
            fails++;
            fprintf(stderr, "accepted bad JSON: %s\n", bad[i]);
        }
    }
    CHECK(fails == 0);
    /* an embedded NUL byte is not a value */
    CHECK(lw_json_parse(p, "[1]\0", 4, &v, &err) != APR_SUCCESS);
    CHECK(lw_json_parse(p, "\"a\0b\"", 5, &v, &err) != APR_SUCCESS);

    CHECK(nest_ok(p, 16, '[', ']'));
    CHECK(!nest_ok(p, 17, '[', ']'));
    CHECK(!nest_ok(p, 100000, '[', ']'));
    {
        /* objects count too: 16 levels ok, 17 not */
        char deep[512];
        int d, n;
        for (d = 16; d <= 17; d++) {
            n = 0;
            for (i = 0; i < (apr_size_t)d; i++)
                n += sprintf(deep + n, "{\"k\":");
            n += sprintf(deep + n, "1");
            for (i = 0; i < (apr_size_t)d; i++)
                deep[n++] = '}';
            CHECK((lw_json_parse(p, deep, (apr_size_t)n, &v, &err)
                   == APR_SUCCESS) == (d == 16));
        }
    }
}

/* Every proper prefix of a document is an error, and random damage never
 * crashes (run under --enable-sanitizers to see it). */
static void test_parse_damage(apr_pool_t *p)
{
    static const char doc[] =
        "{\"time\":\"2011-06-21T11:56:40.000000-04:00\",\"uri\":\"/a?b=\\\\x00\","
        "\"n\":[1,-2.5e3,{\"x\":[\"\\u00e9\\ud83d\\ude00\"]}],\"t\":true}";
    apr_size_t n = sizeof(doc) - 1, i;
    int accepted = 0, k, noerr = 0;
    lw_jval_t v;
    const char *err;
    char buf[sizeof(doc)];
    apr_pool_t *sub;

    CHECK(lw_json_parse(p, doc, n, &v, &err) == APR_SUCCESS);
    for (i = 0; i < n; i++)
        if (lw_json_parse(p, doc, i, &v, &err) == APR_SUCCESS)
            accepted++;
    CHECK(accepted == 0);

    apr_pool_create(&sub, p);
    srand(12345);
    for (k = 0; k < 20000; k++) {
        int m, j;
        memcpy(buf, doc, n);
        m = 1 + rand() % 4;
        for (j = 0; j < m; j++)
            buf[rand() % n] = (char)(rand() % 256);
        err = NULL;
        if (lw_json_parse(sub, buf, n, &v, &err) != APR_SUCCESS && !err)
            noerr++;
        if (k % 1000 == 0)
            apr_pool_clear(sub);
    }
    for (k = 0; k < 20000; k++) {
        static const char alpha[] = "[]{}\",:\\u0123456789.eE+-tfn ";
        int len = rand() % 40, j;
        for (j = 0; j < len; j++)
            buf[j] = alpha[rand() % (sizeof(alpha) - 1)];
        err = NULL;
        if (lw_json_parse(sub, buf, (apr_size_t)len, &v, &err) != APR_SUCCESS
            && !err)
            noerr++;
        if (k % 1000 == 0)
            apr_pool_clear(sub);
    }
    apr_pool_destroy(sub);
    CHECK(noerr == 0);   /* every rejection says why */
}

int main(void)
{
    LW_TEST_BEGIN(p);
    test_every_byte(p);
    test_cut_and_overflow(p);
    test_parse_good(p);
    test_parse_bad(p);
    test_parse_damage(p);
    LW_TEST_END();
}
