/* Response evidence (lw_leak.h) with the default signatures: the leak
 * rules read what a response shows, only for the request categories they
 * name, never a request; the signature checks refuse malformed leak
 * rules; scripts in upload directories; the usual-size table. */
#include <unistd.h>
#include <apr_strings.h>
#include "lw_test_engine.h"
#include "lw_leak.h"

#define C(cat) (1u << LW_CAT_##cat)

typedef struct {
    apr_uint32_t cats;        /* the request's categories */
    const char *body;
    apr_size_t len;           /* 0: strlen(body) */
    apr_uint32_t want;        /* rule id, 0: no evidence */
    int verdict;
} leak_case_t;

static const char passwd[] =
    "<html><body><pre>root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n</pre></body></html>";
static const char environ_file[] =
    "APACHE_RUN_DIR=/var/run/apache2\0APACHE_PID_FILE=/x.pid\0PATH=/bin";

static const leak_case_t cases[] = {
    { C(LFI), passwd, 0, 950100, LW_V_LEAKED },
    { C(LFI) | C(SCANNER), passwd, 0, 950100, LW_V_LEAKED },
    /* a passwd file is no evidence for a SQL injection or an XSS */
    { C(SQLI), passwd, 0, 0, 0 },
    { C(XSS), passwd, 0, 0, 0 },
    { C(LFI), environ_file, sizeof(environ_file) - 1, 950120, LW_V_LEAKED },
    /* php://filter/convert.base64-encode/resource=/etc/passwd */
    { C(LFI), "cm9vdDp4OjA6MDpyb290Oi9yb290Oi9iaW4vYmFzaApkYWVtb246eDoxOjE6",
      0, 950105, LW_V_LEAKED },
    { C(LFI), "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n"
              "[mci extensions]\r\n", 0, 950130, LW_V_LEAKED },
    { C(SQLI), "<br /><b>Warning</b>:  SQLite3::query(): Unable to prepare "
               "statement: 1, near \"'\": syntax error in <b>/var/www/item.php"
               "</b> on line <b>9</b><br />", 0, 950240, LW_V_LEAKED },
    { C(SQLI), "You have an error in your SQL syntax; check the manual that "
               "corresponds to your MySQL server version", 0, 950200,
      LW_V_LEAKED },
    { C(SQLI), "ERROR:  syntax error at or near \"UNION\"", 0, 950210,
      LW_V_LEAKED },
    { C(SQLI), "Unclosed quotation mark after the character string ''.", 0,
      950220, LW_V_LEAKED },
    { C(SQLI), "ORA-01756: quoted string not properly terminated", 0, 950230,
      LW_V_LEAKED },
    { C(RCE), "checking 1.2.3.4\nuid=33(www-data) gid=33(www-data) "
              "groups=33(www-data)\n", 0, 950500, LW_V_LEAKED },
    { C(RCE), " Volume Serial Number is 1A2B-3C4D\r\n", 0, 950510,
      LW_V_LEAKED },
    { C(RCE), "<title>WSO 2.5</title>", 0, 950600, LW_V_WEBSHELL },
    /* uid= output for a SQL injection's response: not command output */
    { C(SQLI), "uid=0(root) gid=0(root)", 0, 0, 0 },
    /* the ordinary pages of a site: nothing */
    { C(LFI) | C(SQLI) | C(RCE) | C(PROBE),
      "<html><head><title>Products</title></head><body><p>Our range of "
      "tools: see the Index of products, or call 10:30:00.</p></body></html>",
      0, 0, 0 },
    { C(SQLI), "", 0, 0, 0 },
};

/* A leak rule file with one mistake: it must not load. */
static void bad_rule(apr_pool_t *p, const char *body, const char *want)
{
    char path[64];
    FILE *f;
    lw_ruleset_t *rs = lw_ruleset_create(p);
    char *err = NULL;
    void *blob;
    apr_size_t len;
    apr_status_t rv;

    snprintf(path, sizeof(path), "/tmp/lw-test-leak-%ld.rules",
             (long)getpid());
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(body, f);
    fclose(f);
    rv = lw_ruleset_load(rs, path, &err);
    if (rv == APR_SUCCESS)
        rv = lw_ruleset_compile(rs, p, &blob, &len, &err);
    unlink(path);
    CHECK(rv != APR_SUCCESS);
    CHECK(err != NULL && strstr(err, want) != NULL);
    if (err && !strstr(err, want))
        fprintf(stderr, "got \"%s\", want \"%s\"\n", err, want);
}

#define LEAK_HEAD "rule 1\n category leak\n severity high\n msg m\n"

int main(void)
{
    lw_engine_t *e;
    apr_size_t i;
    lw_limits_t lim;
    LW_TEST_BEGIN(p);

    e = lw_test_shipped_engine(p);
    if (e == NULL) {
        CHECK(e != NULL);
        LW_TEST_END();
    }
    lw_limits_default(&lim);
    CHECK((lw_leak_wanted(e) & (C(SQLI) | C(LFI) | C(RCE))) == (C(SQLI) | C(LFI) | C(RCE)));
    CHECK(!(lw_leak_wanted(e) & C(TOOL)));
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const leak_case_t *t = &cases[i];
        lw_evidence_t ev;
        apr_size_t n = t->len ? t->len : strlen(t->body);
        int got = lw_leak_scan(e, t->cats, t->body, n, NULL, 0, NULL, 0,
                               &lim, p, &ev);
        int ok = t->want ? got && ev.rule_id == t->want
                           && ev.verdict == t->verdict
                           && ev.excerpt >= t->body
                           && ev.excerpt + ev.excerpt_len <= t->body + n
                           && ev.excerpt_len <= LW_MAX_EXCERPT
                         : !got;
        if (!ok)
            fprintf(stderr, "case %lu: want %u, got %d (rule %u)\n",
                    (unsigned long)i, t->want, got, got ? ev.rule_id : 0);
        CHECK(ok);
    }
    /* an excluded rule gives no evidence */
    {
        lw_evidence_t ev;
        apr_uint32_t excl = 950100;
        CHECK(!lw_leak_scan(e, C(LFI), passwd, sizeof(passwd) - 1, &excl, 1,
                            NULL, 0, &lim, p, &ev));
    }
    /* a page that echoes its input is no leak: the request carried the
     * passwd line, the page shows it back (a search page); a real leak
     * after the echo still counts */
    {
        static const char req[] = "/search?q=../../x\nroot:x:0:0:root:/root:"
                                  "/bin/bash\n";
        static const char echo[] = "<p>No results for <pre>\nroot:x:0:0:root:"
                                   "/root:/bin/bash\n</pre></p>";
        static const char both[] = "<pre>\nroot:x:0:0:root:/root:/bin/bash\n"
                                   "</pre><pre>\ndaemon:x:1:1:daemon:/usr/"
                                   "sbin:/usr/sbin/nologin\n</pre>";
        static const char idout[] = "uid=33(www-data) gid=33(www-data)";
        lw_evidence_t ev;
        CHECK(!lw_leak_scan(e, C(LFI), echo, sizeof(echo) - 1, NULL, 0,
                            req, sizeof(req) - 1, &lim, p, &ev));
        CHECK(lw_leak_scan(e, C(LFI), echo, sizeof(echo) - 1, NULL, 0,
                           NULL, 0, &lim, p, &ev));
        CHECK(lw_leak_scan(e, C(LFI), both, sizeof(both) - 1, NULL, 0,
                           req, sizeof(req) - 1, &lim, p, &ev)
              && ev.rule_id == 950100
              && memcmp(ev.excerpt, "\ndaemon:", 8) == 0);
        /* case folded, as the rules match */
        CHECK(!lw_leak_scan(e, C(RCE), idout, sizeof(idout) - 1, NULL, 0,
                            "?h=;echo UID=33(WWW-DATA) GID=33(www-data)", 42,
                            &lim, p, &ev));
        /* the request's ";id" is not the output of id */
        CHECK(lw_leak_scan(e, C(RCE), idout, sizeof(idout) - 1, NULL, 0,
                           "?h=1.2.3.4;id", 13, &lim, p, &ev));
    }
    /* leak rules never flag a request, even one that carries their text */
    {
        lw_request_t req;
        lw_result_t res;
        int k;
        memset(&req, 0, sizeof(req));
        req.method = "GET";
        req.protocol = "HTTP/1.1";
        req.uri = "/a?q=uid=0(root)%20gid=0(root)%20Volume%20Serial%20Number"
                  "%20is%201A2B-3C4D";
        lw_classify(e, &req, &lim, p, &res);
        for (k = 0; k < res.nhits; k++)
            CHECK(res.hits[k].category != LW_CAT_LEAK);
        CHECK(!(res.categories & C(LEAK)));
    }

    /* malformed leak rules stop the load, with the reason */
    bad_rule(p, LEAK_HEAD " target args\n when lfi\n literal a\n pattern a\n"
             " match a\n nomatch b\n", "one target 'response'");
    bad_rule(p, LEAK_HEAD " target response\n literal a\n pattern a\n"
             " match a\n nomatch b\n", "missing 'when'");
    bad_rule(p, LEAK_HEAD " target response\n when lfi tool\n literal a\n"
             " pattern a\n match a\n nomatch b\n", "unknown request category");
    bad_rule(p, LEAK_HEAD " target response\n when lfi\n pattern a\n"
             " match a\n nomatch b\n", "needs a 'literal'");
    bad_rule(p, LEAK_HEAD " target response\n when lfi\n literal zz\n"
             " pattern a\n match a\n nomatch b\n", "none of its literals");
    bad_rule(p, LEAK_HEAD " target response\n when lfi\n literal a\n"
             " pattern a\n match b\n nomatch c\n", "matches nothing");
    bad_rule(p, LEAK_HEAD " target response\n when lfi\n literal a\n"
             " pattern a\n match a\n nomatch xa\n", "matches its nomatch");
    bad_rule(p, LEAK_HEAD " target response\n when lfi\n literal a\n"
             " verdict owned\n pattern a\n match a\n nomatch b\n",
             "unknown verdict");
    bad_rule(p, "rule 1\n category sqli\n severity high\n msg m\n"
             " target response\n pattern a\n match /a\n nomatch /b\n",
             "only a leak rule");
    bad_rule(p, "rule 1\n category sqli\n severity high\n msg m\n"
             " target args\n when sqli\n pattern a\n match /?x=a\n"
             " nomatch /b\n", "belong to leak rules");

    /* scripts in upload directories */
    CHECK(lw_leak_upload_script("/wp-content/uploads/2024/05/x.php?c=id"));
    CHECK(lw_leak_upload_script("/images/shell.PHTML"));
    CHECK(lw_leak_upload_script("/site/files/a.jsp"));
    CHECK(!lw_leak_upload_script("/uploads/photo.jpg?x=.php"));
    CHECK(!lw_leak_upload_script("/index.php?dir=/uploads/"));
    CHECK(!lw_leak_upload_script("/uploads.php"));
    CHECK(!lw_leak_upload_script("/uploads/"));
    CHECK(!lw_leak_upload_script(NULL));

    /* usual sizes */
    {
        lw_sizes_t *t = lw_sizes_create(p, 64);
        const char *k = "www.example/item.php";
        int n;
        CHECK(!lw_sizes_unusual(t, k, strlen(k), 1000000));
        for (n = 0; n < LW_SIZES_MIN_SEEN - 1; n++)
            lw_sizes_add(t, k, strlen(k), 2000 + n);
        CHECK(!lw_sizes_unusual(t, k, strlen(k), 1000000)); /* too few */
        lw_sizes_add(t, k, strlen(k), 2000);
        CHECK(lw_sizes_unusual(t, k, strlen(k), 1000000));
        CHECK(!lw_sizes_unusual(t, k, strlen(k), 2500));
        CHECK(!lw_sizes_unusual(t, k, strlen(k), 0));  /* under 1 KiB */
        CHECK(!lw_sizes_unusual(t, "other", 5, 1000000));
        for (n = 0; n < 40; n++)
            lw_sizes_add(t, k, strlen(k), 40000);
        CHECK(!lw_sizes_unusual(t, k, strlen(k), 42000));
        CHECK(lw_sizes_unusual(t, k, strlen(k), 500));
    }
    LW_TEST_END();
}
