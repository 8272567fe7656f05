/* Whole-value encodings the application decodes (lw_norm.c): JavaScript
 * escapes and base64, classified with the shipped signatures in every
 * placement. The attack decoded is found, its record names the decoded
 * field ("(base64)"); the look-alikes (tokens, JWTs, images, hashes,
 * escaped ordinary text) stay clean. */
#include <apr_strings.h>
#include "lw_test_engine.h"

static const char UA[] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

enum { IN_QUERY, IN_NAME, IN_PATH, IN_COOKIE, IN_HEADER, IN_FORM, IN_JSON,
       NPLACES };
static const char *const place_names[NPLACES] = {
    "query", "name", "path", "cookie", "header", "form", "json"
};

/* v percent-encoded: every byte but letters and digits. */
static const char *pct(apr_pool_t *p, const char *s)
{
    char *o = apr_palloc(p, strlen(s) * 3 + 1), *d = o;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9'))
            *d++ = (char)c;
        else
            d += apr_snprintf(d, 4, "%%%02X", c);
    }
    *d = '\0';
    return o;
}

/* v (as the application receives it) sent in place k. */
static int classify_in(const lw_engine_t *e, int k, const char *v,
                       apr_pool_t *p, lw_result_t *res)
{
    lw_header_t h[2] = { { "User-Agent", UA }, { NULL, NULL } };
    lw_request_t req;
    lw_limits_t lim;
    const char *uri = "/index.php";
    int nh = 1;

    lw_limits_default(&lim);
    if (k == IN_QUERY)
        uri = apr_pstrcat(p, "/index.php?q=", pct(p, v), NULL);
    else if (k == IN_NAME)
        uri = apr_pstrcat(p, "/index.php?", pct(p, v), "=1", NULL);
    else if (k == IN_PATH)
        uri = apr_pstrcat(p, "/api/items/", pct(p, v), NULL);
    else if (k == IN_COOKIE) {
        h[1].name = "Cookie";
        h[1].value = apr_pstrcat(p, "lang=en; pref=", pct(p, v), NULL);
        nh = 2;
    } else if (k == IN_HEADER) {
        h[1].name = "X-Api-Note";
        h[1].value = v;
        nh = 2;
    }
    lw_test_request(&req, k >= IN_FORM ? "POST" : "GET", uri, h, nh);
    if (k == IN_FORM) {
        req.body = apr_pstrcat(p, "a=1&q=", pct(p, v), NULL);
        req.body_type = "application/x-www-form-urlencoded";
    } else if (k == IN_JSON) {
        /* v as a JSON string: '\' and '"' escaped */
        char *b = apr_palloc(p, strlen(v) * 2 + 16), *d = b;
        const char *s;
        d += apr_snprintf(d, 8, "{\"q\":\"");
        for (s = v; *s; s++) {
            if (*s == '\\' || *s == '"')
                *d++ = '\\';
            *d++ = *s;
        }
        strcpy(d, "\"}");
        req.body = b;
        req.body_type = "application/json";
    }
    if (req.body)
        req.body_len = strlen(req.body);
    return lw_classify(e, &req, &lim, p, res);
}

/* The attacks, each with its category: as JavaScript escapes and base64. */
static const struct { const char *v; unsigned cat; } attacks[] = {
    { "\\u0027\\u0020or\\u00201=1--", LW_CAT_SQLI },
    { "\\x27 union select password from users--", LW_CAT_SQLI },
    { "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e", LW_CAT_XSS },
    { "\\u{3c}svg onload=alert(1)\\u{3e}", LW_CAT_XSS },
    { "\\u003b cat /etc/passwd", LW_CAT_RCE },
    { "\\u002e\\u002e\\u002f\\u002e\\u002e\\u002f\\u002e\\u002e\\u002f"
      "etc/passwd", LW_CAT_LFI },
    { "JyBvciAxPTEtLQ==", LW_CAT_SQLI },                 /* ' or 1=1-- */
    { "JChpZCk=", LW_CAT_RCE },                          /* $(id) */
    /* <script>alert(1)</script>, URL-safe alphabet, unpadded */
    { "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg", LW_CAT_XSS },
    /* 1 union select username,password from users-- */
    { "MSB1bmlvbiBzZWxlY3QgdXNlcm5hbWUscGFzc3dvcmQgZnJvbSB1c2Vycy0t",
      LW_CAT_SQLI },
    /* ../../../../etc/passwd */
    { "Li4vLi4vLi4vLi4vZXRjL3Bhc3N3ZA==", LW_CAT_LFI },
};

static void test_attacks_everywhere(const lw_engine_t *e, apr_pool_t *p)
{
    size_t i;
    int k;

    for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
        for (k = 0; k < NPLACES; k++) {
            lw_result_t res;
            int got = classify_in(e, k, attacks[i].v, p, &res);
            if (got != 1 || !(res.categories & (1u << attacks[i].cat)))
                fprintf(stderr, "not flagged in %s: %s\n", place_names[k],
                        attacks[i].v);
            CHECK(got == 1 && (res.categories & (1u << attacks[i].cat)));
        }
}

/* The record says the attack was in base64 and shows it decoded. */
static void test_record(const lw_engine_t *e, apr_pool_t *p)
{
    lw_result_t res;
    int i, seen = 0;

    CHECK(classify_in(e, IN_QUERY, "JyBvciAxPTEtLQ==", p, &res) == 1);
    for (i = 0; i < res.nhits; i++) {
        const lw_hit_t *h = &res.hits[i];
        if (h->field && strcmp(h->field, "args:q(base64)") == 0) {
            seen++;
            /* the excerpt is from the decoded text */
            CHECK(h->excerpt_len > 0 && !memchr(h->excerpt, 'J',
                                                h->excerpt_len));
            seen += h->excerpt[0] == '\'';
        }
    }
    CHECK(seen > 1);
    CHECK(classify_in(e, IN_COOKIE, "JyBvciAxPTEtLQ==", p, &res) == 1);
    for (seen = 0, i = 0; i < res.nhits; i++)
        seen += res.hits[i].field
                && strstr(res.hits[i].field, "(base64)") != NULL;
    CHECK(seen > 0);
    /* a JavaScript escape: the excerpt is the decoded text */
    CHECK(classify_in(e, IN_QUERY, "\\u0027\\u0020or\\u00201=1--", p,
                      &res) == 1);
    {
        const lw_hit_t *h = lw_test_find_hit(&res, 100120);
        CHECK(h != NULL && h->excerpt_len > 0 && h->excerpt[0] == '\'');
    }
}

static void test_look_alikes(const lw_engine_t *e, apr_pool_t *p)
{
    static const char *const benign[] = {
        /* a JWT: header.payload.signature */
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwi"
        "bmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4"
        "fwpMeJf36POk6yJV_adQssw5c",
        /* a PNG, a JPEG */
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAC"
        "hwGA60e6kgAAAABJRU5ErkJggg==",
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUG",
        "d41d8cd98f00b204e9800998ecf8427e",
        "XRQ4Gjp4MlY0e5/85pzXAHrop1jMpBXV",
        "dQw4w9WgXcQ",
        /* base64 of ordinary text, JSON and a URL */
        "SGVsbG8sIHdvcmxkIQ==",
        "eyJ1c2VyIjogImJvYiIsICJ0aGVtZSI6ICJkYXJrIn0=",
        "aHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29tL2NoZWNrb3V0P3N0ZXA9Mg==",
        "SmFuZSBPJ0JyaWVuLCBEdWJsaW4=",                  /* Jane O'Brien */
        /* escaped ordinary text and Windows paths */
        "{\"name\":\"Jos\\u00e9\",\"msg\":\"It\\u0027s fine\"}",
        "\\ud83d\\ude00 great",
        "D:\\projects\\xml\\utils",
        "E:\\music\\u2\\album",
    };
    size_t i;
    int k;

    for (i = 0; i < sizeof(benign) / sizeof(benign[0]); i++)
        for (k = 0; k < NPLACES; k++) {
            lw_result_t res;
            int got;
            if (k == IN_PATH && strpbrk(benign[i], "/\\"))
                continue;       /* a path of its own, not a segment */
            got = classify_in(e, k, benign[i], p, &res);
            if (got != 0)
                fprintf(stderr, "flagged in %s: %s (rule %u)\n",
                        place_names[k], benign[i],
                        res.nhits ? res.hits[0].rule_id : 0);
            CHECK(got == 0);
        }
    /* base64 text as the User-Agent: its rules judge a User-Agent's shape,
     * not decoded text */
    {
        lw_header_t h[1] = { { "User-Agent", "SGVsbG8sIHdvcmxkIQ==" } };
        lw_request_t req;
        lw_limits_t lim;
        lw_result_t res;
        int hi;
        lw_limits_default(&lim);
        lw_test_request(&req, "GET", "/index.html", h, 1);
        lw_classify(e, &req, &lim, p, &res);
        for (hi = 0; hi < res.nhits; hi++)
            CHECK(!res.hits[hi].field
                  || !strstr(res.hits[hi].field, "(base64)"));
    }
}

int main(void)
{
    lw_engine_t *e;

    LW_TEST_BEGIN(p);
    e = lw_test_shipped_engine(p);
    CHECK(e != NULL);
    if (e) {
        test_attacks_everywhere(e, p);
        test_record(e, p);
        test_look_alikes(e, p);
    }
    LW_TEST_END();
}
