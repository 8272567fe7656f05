/* lw_whois: parsing of recorded WHOIS answers (test/integration/whois/),
 * address validation, server specs, the map and the cache, and a query to
 * a server that never answers (must give up at the deadline). */
#include <stdlib.h>
#include <unistd.h>
#include "lw_test.h"
#include "lw_whois.h"
#include <apr_file_io.h>
#include <apr_network_io.h>
#include <apr_strings.h>

static char *slurp(apr_pool_t *p, const char *name, apr_size_t *len)
{
    const char *path = apr_pstrcat(p, lw_test_srcdir(),
                                   "/test/integration/whois/", name, NULL);
    char *buf = NULL;
    apr_file_t *f;
    apr_finfo_t fi;
    *len = 0;
    if (apr_file_open(&f, path, APR_FOPEN_READ, APR_OS_DEFAULT, p)
        != APR_SUCCESS) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    buf = apr_palloc(p, (apr_size_t)fi.size + 1);
    apr_file_read_full(f, buf, (apr_size_t)fi.size, len);
    buf[*len] = '\0';
    apr_file_close(f);
    return buf;
}

static const char *abuse_of(apr_pool_t *p, const char *name)
{
    apr_size_t len;
    char *t = slurp(p, name, &len);
    const char *a = t ? lw_whois_parse_abuse(p, t, len) : "(no file)";
    return a ? a : "(none)";
}

static const char *referral_of(apr_pool_t *p, const char *name,
                               apr_port_t *port)
{
    apr_size_t len;
    char *t = slurp(p, name, &len);
    const char *r = t ? lw_whois_parse_referral(p, t, len, port) : "(no file)";
    return r ? r : "(none)";
}

static const char *text_abuse(apr_pool_t *p, const char *t)
{
    const char *a = lw_whois_parse_abuse(p, t, strlen(t));
    return a ? a : "(none)";
}

static void write_file(apr_pool_t *p, const char *path, const char *text)
{
    apr_file_t *f;
    apr_size_t n = strlen(text);
    if (apr_file_open(&f, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE
                      | APR_FOPEN_TRUNCATE, APR_OS_DEFAULT, p) == APR_SUCCESS) {
        apr_file_write_full(f, text, n, NULL);
        apr_file_close(f);
    }
}

int main(void)
{
    apr_port_t port = 0;
    const char *host = NULL, *how = NULL, *err = NULL, *dir;
    lw_whois_opts_t o;
    lw_whois_t *w;
    apr_size_t len;
    char *t;
    LW_TEST_BEGIN(p);

    /* registries */
    CHECK_STR(abuse_of(p, "arin_174.txt"), "abuse@web-customer.example");
    CHECK_STR(abuse_of(p, "ripe_91.txt"), "abuse@ripe-host.example");
    CHECK_STR(abuse_of(p, "apnic_221.txt"), "irt@kr-isp.example");
    CHECK_STR(abuse_of(p, "lacnic_200.txt"), "seguranca@lacnic-isp.example");
    CHECK_STR(abuse_of(p, "afrinic_41.txt"), "abuse@afr-isp.example");
    CHECK_STR(abuse_of(p, "iana_arin.txt"), "(none)");
    CHECK_STR(abuse_of(p, "hostile.txt"), "(none)");
    /* the ARIN referral answer has only a hostmaster address */
    CHECK_STR(abuse_of(p, "arin_referral.txt"), "(none)");

    CHECK_STR(referral_of(p, "iana_arin.txt", &port), "whois.arin.net");
    CHECK(port == 43);
    CHECK_STR(referral_of(p, "iana_ripe.txt", &port), "whois.ripe.net");
    CHECK_STR(referral_of(p, "iana_apnic.txt", &port), "whois.apnic.net");
    CHECK_STR(referral_of(p, "arin_referral.txt", &port), "whois.ripe.net");
    CHECK_STR(referral_of(p, "arin_174.txt", &port), "(none)");
    CHECK_STR(referral_of(p, "ripe_91.txt", &port), "(none)");
    t = "ReferralServer: rwhois://rwhois.example.net:4321\n";
    CHECK(lw_whois_parse_referral(p, t, strlen(t), &port) == NULL);
    t = "ReferralServer: whois://whois.example.net:4343\n";
    CHECK_STR(lw_whois_parse_referral(p, t, strlen(t), &port),
              "whois.example.net");
    CHECK(port == 4343);
    t = "refer: evil.example\r\nX: y\n";
    CHECK_STR(lw_whois_parse_referral(p, t, strlen(t), &port), "evil.example");
    t = "refer: evil_host;rm -rf\n";
    CHECK(lw_whois_parse_referral(p, t, strlen(t), &port) == NULL);
    t = "refer: x.example:0\n";
    CHECK(lw_whois_parse_referral(p, t, strlen(t), &port) == NULL);

    /* Referrals to this machine, its network or no host at all are
     * refused, unless --whois-server named that host. */
    {
        static const char *const bad[] = {
            "127.0.0.1", "10.0.0.5", "169.254.169.254", "0.0.0.0",
            "999.999.999.999", "192.168.1.1", "whois.localhost",
            "metadata.google.internal", "printer.local", "x.home.arpa",
            "1.0.0.127.in-addr.arpa", "nas.lan", NULL
        };
        int i;
        for (i = 0; bad[i]; i++) {
            char *ans = apr_psprintf(p, "refer: %s\n", bad[i]);
            const char *ref = lw_whois_parse_referral(p, ans, strlen(ans),
                                                      &port);
            CHECK(ref == NULL || !lw_whois_referral_ok(ref, NULL));
            CHECK(!lw_whois_referral_ok(bad[i], "whois.example.net"));
        }
        CHECK(lw_whois_referral_ok("whois.ripe.net", NULL));
        CHECK(lw_whois_referral_ok("whois.nic.ad.jp", NULL));
        CHECK(lw_whois_referral_ok("10.0.0.5", "10.0.0.5"));
        CHECK(lw_whois_referral_ok("WHOIS.Corp", "whois.corp"));
        CHECK(!lw_whois_referral_ok("", NULL) && !lw_whois_referral_ok(NULL, NULL));
    }
    /* A host that resolves to a non-public address is not connected to
     * (numeric here: no resolver needed). */
    {
        char *ans;
        int trunc;
        static const char *const bad[] = { "127.0.0.1", "10.0.0.5",
                                           "169.254.169.254", "0.0.0.0",
                                           "::1", "fe80::1", NULL };
        int i;
        for (i = 0; bad[i]; i++)
            CHECK(lw_whois_query(p, bad[i], 43, "1.2.3.4",
                                 apr_time_from_msec(300), 1, 1024, &ans, &len,
                                 &trunc) == APR_EACCES);
    }

    /* CRLF answers, case, no trailing newline */
    CHECK_STR(text_abuse(p, "OrgAbuseEmail: ABUSE@X.Example\r\n"),
              "abuse@x.example");
    CHECK_STR(text_abuse(p, "abuse-mailbox: a@b.example"), "a@b.example");
    /* the RIPE line wins over other addresses */
    CHECK_STR(text_abuse(p, "e-mail: abuse@second.example\n"
                         "% Abuse contact for 'a - b' is 'abuse@first.example'\n"),
              "abuse@first.example");
    /* a NUL in the middle of an answer ends nothing and leaks nothing */
    CHECK(lw_whois_parse_abuse(p, "e-mail: abuse@a.example\0x\n", 25) == NULL);
    CHECK(lw_whois_parse_abuse(p, "", 0) == NULL);
    CHECK(lw_whois_parse_abuse(p, NULL, 0) == NULL);

    /* addresses */
    CHECK(lw_email_valid("abuse@example.com"));
    CHECK(lw_email_valid("abuse+x.y@mail.example-isp.co.uk"));
    CHECK(!lw_email_valid("abuse@localhost"));
    CHECK(!lw_email_valid("abuse@example.com\r\nBcc: x@y.example"));
    CHECK(!lw_email_valid("abuse@example.com\n"));
    CHECK(!lw_email_valid("\"a b\"@example.com"));
    CHECK(!lw_email_valid("a b@example.com"));
    CHECK(!lw_email_valid("<abuse@example.com>"));
    CHECK(!lw_email_valid("abuse@example.com, x@y.example"));
    CHECK(!lw_email_valid("abuse@exa\xc3\xa9mple.com"));
    CHECK(!lw_email_valid("a@b@example.com"));
    CHECK(!lw_email_valid("@example.com"));
    CHECK(!lw_email_valid("abuse@"));
    CHECK(!lw_email_valid("a..b@example.com"));
    CHECK(!lw_email_valid("abuse@-x.example"));
    CHECK(!lw_email_valid(""));
    CHECK(!lw_email_valid(NULL));

    /* query styles */
    CHECK_STR(lw_whois_query_text(p, "whois.arin.net", "1.2.3.4"), "n + 1.2.3.4");
    CHECK_STR(lw_whois_query_text(p, "whois.ripe.net", "1.2.3.4"), "-B 1.2.3.4");
    CHECK_STR(lw_whois_query_text(p, "whois.apnic.net", "1.2.3.4"), "1.2.3.4");
    CHECK_STR(lw_whois_query_text(p, LW_WHOIS_IANA, "::1"), "::1");

    /* server specs */
    CHECK(lw_whois_parse_server(p, "127.0.0.1:4343", &host, &port) == 0);
    CHECK_STR(host, "127.0.0.1");
    CHECK(port == 4343);
    CHECK(lw_whois_parse_server(p, "whois.example.net", &host, &port) == 0);
    CHECK(port == 43);
    CHECK(lw_whois_parse_server(p, "[::1]:99", &host, &port) == 0);
    CHECK_STR(host, "::1");
    CHECK(port == 99);
    CHECK(lw_whois_parse_server(p, "::1", &host, &port) == 0);
    CHECK(lw_whois_parse_server(p, "host:0", &host, &port) != 0);
    CHECK(lw_whois_parse_server(p, "x.example:70000", &host, &port) != 0);
    CHECK(lw_whois_parse_server(p, "x.example:", &host, &port) != 0);
    CHECK(lw_whois_parse_server(p, ":43", &host, &port) != 0);
    CHECK(lw_whois_parse_server(p, "a b:43", &host, &port) != 0);

    /* map (longest prefix wins) and cache, without the network */
    dir = apr_psprintf(p, "/tmp/lw_test_whois.%d", (int)getpid());
    apr_dir_make(dir, APR_OS_DEFAULT, p);
    write_file(p, apr_pstrcat(p, dir, "/map", NULL),
               "# abuse map\n174.121.0.0/16 wide@map.example\n"
               "174.121.218.0/24   narrow@map.example  # comment\n\n");
    write_file(p, apr_pstrcat(p, dir, "/cache", NULL),
               apr_psprintf(p, "5.6.7.8 cached@cache.example %"
                            APR_INT64_T_FMT " whois:whois.ripe.net\n"
                            "9.9.9.9 old@cache.example 1000 whois:x\n"
                            "junk line\n",
                            (apr_int64_t)apr_time_sec(apr_time_now()) - 60));
    lw_whois_opts_default(&o);
    o.map_file = apr_pstrcat(p, dir, "/map", NULL);
    o.cache_file = apr_pstrcat(p, dir, "/cache", NULL);
    o.no_network = 1;
    CHECK(lw_whois_open(&w, &o, p, &err) == APR_SUCCESS);
    CHECK_STR(lw_whois_abuse(w, "174.121.218.75", &how), "narrow@map.example");
    CHECK_STR(how, "map");
    CHECK_STR(lw_whois_abuse(w, "174.121.1.1", &how), "wide@map.example");
    CHECK_STR(lw_whois_abuse(w, "5.6.7.8", &how), "cached@cache.example");
    CHECK_STR(how, "cache");
    CHECK(lw_whois_abuse(w, "9.9.9.9", &how) == NULL);     /* expired */
    CHECK(lw_whois_abuse(w, "not an ip", &how) == NULL);
    CHECK(lw_whois_close(w) == APR_SUCCESS);
    /* the rewritten cache dropped the expired and the junk line */
    {
        apr_file_t *f;
        char buf[4096];
        apr_size_t n = sizeof(buf) - 1;
        CHECK(apr_file_open(&f, o.cache_file, APR_FOPEN_READ, APR_OS_DEFAULT,
                            p) == APR_SUCCESS);
        apr_file_read_full(f, buf, n, &n);
        buf[n] = '\0';
        apr_file_close(f);
        CHECK(strstr(buf, "5.6.7.8 cached@cache.example") != NULL);
        CHECK(strstr(buf, "9.9.9.9") == NULL);
        CHECK(strstr(buf, "junk") == NULL);
    }
    write_file(p, apr_pstrcat(p, dir, "/badmap", NULL),
               "174.121.0.0/16 abuse@x.example\r\nBcc: y@z.example\n");
    o.map_file = apr_pstrcat(p, dir, "/badmap", NULL);
    err = NULL;
    CHECK(lw_whois_open(&w, &o, p, &err) != APR_SUCCESS && err != NULL);
    o.map_file = apr_pstrcat(p, dir, "/missing", NULL);
    CHECK(lw_whois_open(&w, &o, p, &err) != APR_SUCCESS);
    o.map_file = NULL;
    o.server = "bad host:x";
    CHECK(lw_whois_open(&w, &o, p, &err) != APR_SUCCESS);

    /* a server that accepts (backlog) but never answers: the query gives
     * up at the deadline */
    {
        apr_sockaddr_t *sa;
        apr_socket_t *ls;
        char *ans;
        int trunc;
        apr_time_t t0;
        apr_status_t rv;
        CHECK(apr_sockaddr_info_get(&sa, "127.0.0.1", APR_INET, 0, 0, p) == 0);
        CHECK(apr_socket_create(&ls, APR_INET, SOCK_STREAM, APR_PROTO_TCP, p)
              == 0);
        CHECK(apr_socket_bind(ls, sa) == 0);
        CHECK(apr_socket_listen(ls, 5) == 0);
        CHECK(apr_socket_addr_get(&sa, APR_LOCAL, ls) == 0);
        t0 = apr_time_now();
        rv = lw_whois_query(p, "127.0.0.1", sa->port, "1.2.3.4",
                            apr_time_from_msec(300), 0, 1024, &ans, &len,
                            &trunc);
        CHECK(APR_STATUS_IS_TIMEUP(rv));
        CHECK(apr_time_now() - t0 < apr_time_from_msec(1500));
        CHECK(apr_time_now() - t0 >= apr_time_from_msec(250));
        /* and through a context: unknown, fast, and not asked twice */
        lw_whois_opts_default(&o);
        o.server = apr_psprintf(p, "127.0.0.1:%u", (unsigned)sa->port);
        o.timeout = apr_time_from_msec(300);
        CHECK(lw_whois_open(&w, &o, p, &err) == APR_SUCCESS);
        t0 = apr_time_now();
        CHECK(lw_whois_abuse(w, "174.121.218.75", &how) == NULL);
        CHECK_STR(how, "whois:timeout");
        CHECK(lw_whois_abuse(w, "91.224.160.60", &how) == NULL);
        CHECK_STR(how, "whois:unavailable");
        CHECK(apr_time_now() - t0 < apr_time_from_msec(1000));
        apr_socket_close(ls);
    }
    apr_file_remove(apr_pstrcat(p, dir, "/map", NULL), p);
    apr_file_remove(apr_pstrcat(p, dir, "/badmap", NULL), p);
    apr_file_remove(apr_pstrcat(p, dir, "/cache", NULL), p);
    apr_dir_remove(dir, p);

    LW_TEST_END();
}
