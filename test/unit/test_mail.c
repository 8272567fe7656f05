/* lw_mail: escaping for bodies and file names, dates, the abuse and alert
 * messages built from hostile records, sendmail hand-over; lw_state. */
#include <stdlib.h>
#include <unistd.h>
#include "lw_test.h"
#include "lw_mail.h"
#include <apr_file_io.h>
#include <apr_strings.h>
#include <apr_hash.h>

/* 1 when every header line of msg (up to the blank line) is printable
 * ASCII and starts with one of our field names. */
static int headers_clean(const char *msg)
{
    static const char *const names[] = {
        "From: ", "To: ", "Date: ", "Message-ID: ", "Subject: ",
        "MIME-Version: ", "X-ARF: ", "Auto-Submitted: ", "X-Mailer: ",
        "Content-Type: ", NULL
    };
    const char *line = msg;
    while (*line && *line != '\n') {
        const char *nl = strchr(line, '\n'), *c;
        int i, known = 0;
        if (!nl) return 0;
        for (c = line; c < nl; c++)
            if ((unsigned char)*c < 32 || (unsigned char)*c > 126) return 0;
        for (i = 0; names[i]; i++)
            if (strncmp(line, names[i], strlen(names[i])) == 0) known = 1;
        if (line[0] == ' ' && line != msg && nl - line > 1)
            known = 1;                          /* a folded continuation */
        if (nl - line > 78) return 0;
        if (!known) return 0;
        line = nl + 1;
    }
    return *line == '\n';
}

/* Header folding undone ("\n " -> " "). */
static const char *unfold(apr_pool_t *p, const char *msg)
{
    char *out = apr_pstrdup(p, msg), *o = out;
    const char *m;
    for (m = msg; *m; m++) {
        if (m[0] == '\n' && m[1] == ' ') continue;
        *o++ = *m;
    }
    *o = '\0';
    return out;
}

static int all_7bit(const char *msg)
{
    for (; *msg; msg++) {
        unsigned char c = (unsigned char)*msg;
        if (c != '\n' && (c < 32 || c > 126)) return 0;
    }
    return 1;
}

static lw_count_t *counter(apr_pool_t *p, const char *key, apr_uint64_t n)
{
    lw_count_t *c = apr_pcalloc(p, sizeof(*c));
    c->key = key;
    c->count = n;
    return c;
}

static char *read_all(apr_pool_t *p, const char *path)
{
    apr_file_t *f;
    char *buf = apr_pcalloc(p, 65536);
    apr_size_t n = 65535;
    if (apr_file_open(&f, path, APR_FOPEN_READ, APR_OS_DEFAULT, p)
        != APR_SUCCESS)
        return NULL;
    apr_file_read_full(f, buf, n, &n);
    buf[n] = '\0';
    apr_file_close(f);
    return buf;
}

int main(void)
{
    static const char hostile_ua[] =
        "evil\r\nBcc: victim@other.example\r\n\x1b[31mred\x1b[0m\xc3\xa9";
    lw_abuse_opts_t o;
    lw_src_t src;
    lw_target_t tgt;
    apr_array_header_t *srcs;
    const char *msg, *line, *dir;
    char date[40];
    lw_state_t *st;
    const char *err = NULL;
    LW_TEST_BEGIN(p);

    /* bodies: control characters, ANSI, non-ASCII shown, never obeyed */
    CHECK_STR(lw_mail_body_safe(p, "a\x1b[31mb\r\nc\td\x7f\xc3\xa9", 15),
              "a\\x1b[31mb\\x0d\\x0ac d\\x7f\\xc3\\xa9");
    CHECK_STR(lw_mail_body_safe(p, "x\0y", 3), "x\\x00y");
    CHECK_STR(lw_mail_body_safe(p, NULL, 0), "");

    /* file names */
    CHECK_STR(lw_mail_name_safe(p, "abuse@isp.example", 80),
              "abuse_isp.example");
    CHECK_STR(lw_mail_name_safe(p, "../../etc/passwd", 80), "_.._.._etc_passwd");
    CHECK_STR(lw_mail_name_safe(p, "..", 80), "_..");
    CHECK_STR(lw_mail_name_safe(p, "-rf", 80), "_-rf");
    CHECK_STR(lw_mail_name_safe(p, "", 80), "_");
    CHECK_STR(lw_mail_name_safe(p, "a\r\nb c/d", 80), "a__b_c_d");
    CHECK(strlen(lw_mail_name_safe(p, "aaaaaaaaaaaaaaaaaaaaaaaa", 10)) == 10);

    /* RFC 5322 date: "Wed, 22 Jun 2011 17:46:16 +0000" under TZ=UTC */
    setenv("TZ", "UTC", 1);
    lw_mail_date(apr_time_from_sec(1308764776), date);
    CHECK_STR(date, "Wed, 22 Jun 2011 17:46:16 +0000");

    /* an abuse message from a source whose records are hostile */
    lw_abuse_opts_default(&o, p);
    o.from = "reports@hoster.example";
    memset(&src, 0, sizeof(src));
    src.ip = "174.121.218.75";
    src.valid_ip = 1;
    src.attacks = 6;
    src.by_cat[LW_CAT_LFI] = 3;
    src.by_cat[LW_CAT_RFI] = 3;
    src.by_verdict[LW_V_ERROR] = 6;
    src.first = apr_time_from_sec(1308764776);
    src.last = src.first + apr_time_from_sec(45);
    src.first_off = src.last_off = -4 * 3600;
    src.targets = apr_hash_make(p);
    apr_hash_set(src.targets, "domain3.com", APR_HASH_KEY_STRING,
                 counter(p, "domain3.com", 6));
    src.tools = apr_hash_make(p);
    apr_hash_set(src.tools, hostile_ua, APR_HASH_KEY_STRING,
                 counter(p, hostile_ua, 6));
    src.nsamples = 2;
    src.samples[0] = "{\"time\":\"2011-06-22T13:46:16.000000-04:00\","
        "\"vhost\":\"domain3.com\",\"client\":\"174.121.218.75\","
        "\"method\":\"GET\",\"uri\":\"/a.php?q=\\\"'\\\\\\r\\nSubject: x\","
        "\"status\":500,\"user_agent\":\"evil\\r\\nBcc: v@o.example\\u001b[0m\","
        "\"verdict\":\"error\",\"severity\":\"high\",\"score\":5,"
        "\"categories\":[\"lfi\"]}";
    src.samples[1] = "not json \x1b]0;title\x07 \r\nBcc: v@o.example";
    srcs = apr_array_make(p, 1, sizeof(lw_src_t *));
    *(lw_src_t **)apr_array_push(srcs) = &src;
    msg = lw_mail_abuse_message(p, &o, "abuse@isp.example", srcs);
    CHECK(msg != NULL);
    if (msg) {
        CHECK(headers_clean(msg));
        CHECK(all_7bit(msg));
        CHECK(strstr(msg, "\nTo: abuse@isp.example\n") != NULL);
        CHECK(strstr(msg, "\nSubject: Abuse report: 6 attacks from "
                     "174.121.218.75\n") != NULL);
        CHECK(strstr(msg, "\nX-ARF: Yes\n") != NULL);
        CHECK(strstr(msg, "\nSource: 174.121.218.75\n") != NULL);
        CHECK(strstr(msg, "\nSource-Type: ipv4\n") != NULL);
        CHECK(strstr(msg, "\nReport-Type: attack\n") != NULL);
        CHECK(strstr(msg, "First seen: 2011-06-22 13:46:16 -0400") != NULL);
        CHECK(strstr(msg, "\x1b") == NULL);
        CHECK(strstr(msg, "\r") == NULL);
        /* every line within 76 characters (quoted-printable) */
        for (line = msg; *line; ) {
            const char *nl = strchr(line, '\n');
            if (!nl) break;
            /* header lines are ours and short; body lines are QP */
            CHECK(nl - line <= 998);
            line = nl + 1;
        }
    }
    /* a source whose address is not an address is never written */
    src.ip = "174.121.218.75\r\nBcc: x@y.example";
    CHECK(lw_mail_abuse_message(p, &o, "abuse@isp.example", srcs) == NULL);
    src.ip = "2001:DB8::1";
    msg = lw_mail_abuse_message(p, &o, "abuse@isp.example", srcs);
    CHECK(msg && strstr(msg, "Source: 2001:db8::1\n")
          && strstr(msg, "Source-Type: ipv6\n"));
    src.ip = "174.121.218.75";
    /* many long sources: the Subject names three and folds */
    {
        static const char *const v6[] = {
            "2a00:1450:4001:811:ffff:ffff:ffff:1001",
            "2a00:1450:4001:811:ffff:ffff:ffff:1002",
            "2a00:1450:4001:811:ffff:ffff:ffff:1003",
            "2a00:1450:4001:811:ffff:ffff:ffff:1004",
            "2a00:1450:4001:811:ffff:ffff:ffff:1005"
        };
        apr_array_header_t *many = apr_array_make(p, 5, sizeof(lw_src_t *));
        int k;
        for (k = 0; k < 5; k++) {
            lw_src_t *c = apr_pmemdup(p, &src, sizeof(src));
            c->ip = v6[k];
            *(lw_src_t **)apr_array_push(many) = c;
        }
        msg = lw_mail_abuse_message(p, &o, "abuse@isp.example", many);
        CHECK(msg && headers_clean(msg));
        CHECK(msg && strstr(unfold(p, msg), "Subject: Abuse report: 30 "
                            "attacks from 2a00:1450:4001:811:ffff:ffff:ffff:"
                            "1001, 2a00:1450:4001:811:ffff:ffff:ffff:1002, "
                            "2a00:1450:4001:811:ffff:ffff:ffff:1003 and 2 "
                            "more\n") != NULL);
        CHECK(msg && strstr(msg, "and 2 more\n") != NULL);
    }
    /* nor to or from an address that is not plain */
    CHECK(lw_mail_abuse_message(p, &o, "a@b.example\nBcc: c@d.example", srcs)
          == NULL);
    o.from = "x y@z.example";
    CHECK(lw_mail_abuse_message(p, &o, "abuse@isp.example", srcs) == NULL);
    o.from = "reports@hoster.example";

    /* an alert for a target with a hostile vhost and a served attack */
    memset(&tgt, 0, sizeof(tgt));
    tgt.vhost = "shop.example\r\nBcc: victim@x.example";
    tgt.attacks = 3;
    tgt.by_cat[LW_CAT_SQLI] = 3;
    tgt.by_verdict[LW_V_SERVED] = 1;
    tgt.by_verdict[LW_V_ERROR] = 2;
    tgt.sources = apr_hash_make(p);
    apr_hash_set(tgt.sources, "174.121.218.75", APR_HASH_KEY_STRING,
                 counter(p, "174.121.218.75", 2));
    apr_hash_set(tgt.sources, "91.224.160.60", APR_HASH_KEY_STRING,
                 counter(p, "91.224.160.60", 1));
    tgt.served_uris = apr_hash_make(p);
    apr_hash_set(tgt.served_uris, "/cart.php?id=1\x1b[2J", APR_HASH_KEY_STRING,
                 counter(p, "/cart.php?id=1\x1b[2J", 1));
    msg = lw_mail_alert_message(p, &o, "owner@shop.example", &tgt, NULL);
    CHECK(msg != NULL);
    if (msg) {
        CHECK(headers_clean(msg));
        CHECK(all_7bit(msg));
        CHECK(strstr(unfold(p, msg), "Subject: Security alert: "
                     "shop.example__Bcc__victim"
                     "_x.example attacked from 2 sources\n") != NULL);
        CHECK(strstr(msg, "/cart.php?id=3D1\\x1b[2J") != NULL);
        CHECK(strstr(msg, "reached the application") != NULL);
        CHECK(strstr(msg, "should be reviewed") != NULL);
    }

    /* sendmail: argv, no shell, exit status */
    dir = apr_psprintf(p, "/tmp/lw_test_mail.%d", (int)getpid());
    apr_dir_make(dir, APR_OS_DEFAULT, p);
    {
        /* a sendmail that reads the message and exits 0 */
        const char *ok = apr_pstrcat(p, dir, "/ok-sendmail", NULL);
        apr_file_t *f;
        CHECK(apr_file_open(&f, ok, APR_FOPEN_WRITE | APR_FOPEN_CREATE,
                            APR_FPROT_UREAD | APR_FPROT_UWRITE
                            | APR_FPROT_UEXECUTE, p) == APR_SUCCESS);
        apr_file_puts("#!/bin/sh\nexec cat >/dev/null\n", f);
        apr_file_close(f);
        CHECK(lw_mail_send(p, ok, "x\n", 2, apr_time_from_sec(5))
              == APR_SUCCESS);
        apr_file_remove(ok, p);
    }
    {
        /* one that never reads: a big message must not block us past the
         * timeout */
        const char *stuck = apr_pstrcat(p, dir, "/stuck-sendmail", NULL);
        apr_size_t big = 4 * 1024 * 1024;
        char *m = apr_palloc(p, big);
        apr_file_t *f;
        apr_time_t t0;
        memset(m, 'x', big);
        CHECK(apr_file_open(&f, stuck, APR_FOPEN_WRITE | APR_FOPEN_CREATE,
                            APR_FPROT_UREAD | APR_FPROT_UWRITE
                            | APR_FPROT_UEXECUTE, p) == APR_SUCCESS);
        apr_file_puts("#!/bin/sh\nexec sleep 30\n", f);
        apr_file_close(f);
        t0 = apr_time_now();
        CHECK(lw_mail_send(p, stuck, m, big, apr_time_from_msec(700))
              != APR_SUCCESS);
        CHECK(apr_time_now() - t0 < apr_time_from_sec(3));
        apr_file_remove(stuck, p);
    }
    CHECK(lw_mail_send(p, "/bin/false", "x\n", 2, apr_time_from_sec(5))
          != APR_SUCCESS);
    CHECK(lw_mail_send(p, "/nonexistent/sendmail", "x\n", 2,
                       apr_time_from_sec(5)) != APR_SUCCESS);
    /* a path with shell syntax is a file name, not a command line */
    CHECK(lw_mail_send(p, "/bin/true; touch /tmp/lw_pwned", "x\n", 2,
                       apr_time_from_sec(5)) != APR_SUCCESS);
    CHECK(access("/tmp/lw_pwned", F_OK) != 0);
    setenv("FAKE_SENDMAIL_DIR", dir, 1);
    CHECK(lw_mail_send(p, apr_pstrcat(p, lw_test_srcdir(),
                                      "/test/integration/fake_sendmail", NULL),
                       "Subject: t\n\nhello\n", 18, apr_time_from_sec(20))
          == APR_SUCCESS);
    {
        const char *kept = read_all(p, apr_pstrcat(p, dir, "/msg-1.eml", NULL));
        const char *argv = read_all(p, apr_pstrcat(p, dir, "/msg-1.json", NULL));
        CHECK_STR(kept, "Subject: t\n\nhello\n");
        CHECK(argv && strstr(argv, "\"-t\", \"-oi\"]") != NULL);
        apr_file_remove(apr_pstrcat(p, dir, "/msg-1.eml", NULL), p);
        apr_file_remove(apr_pstrcat(p, dir, "/msg-1.json", NULL), p);
    }

    /* state: reported today, kept across runs, pruned when old */
    {
        const char *path = apr_pstrcat(p, dir, "/state", NULL);
        apr_time_t now = apr_time_from_sec(1795000000);
        apr_array_header_t *nets = lw_ignore_create(p);
        CHECK(lw_state_open(&st, path, now, 30, p, &err) == APR_SUCCESS);
        CHECK(!lw_state_reported_today(st, "174.121.218.75"));
        lw_state_mark(st, "174.121.218.75");
        lw_state_mark(st, "2001:DB8:0:0::1");
        lw_state_mark(st, "not an address\nx");
        CHECK(lw_state_reported_today(st, "174.121.218.75"));
        CHECK(lw_state_save(st, &err) == APR_SUCCESS);
        CHECK(lw_state_open(&st, path, now + apr_time_from_sec(3600), 30, p,
                            &err) == APR_SUCCESS);
        CHECK(lw_state_reported_today(st, "174.121.218.75"));
        CHECK(lw_state_reported_today(st, "2001:db8::1"));
        CHECK(!lw_state_reported_today(st, "174.121.218.76"));
        /* the next day it may be reported again */
        CHECK(lw_state_open(&st, path, now + apr_time_from_sec(86400 * 2), 30,
                            p, &err) == APR_SUCCESS);
        CHECK(!lw_state_reported_today(st, "174.121.218.75"));
        /* forty days later the entry is pruned from the file */
        CHECK(lw_state_open(&st, path, now + apr_time_from_sec(86400 * 40),
                            30, p, &err) == APR_SUCCESS);
        CHECK(lw_state_save(st, &err) == APR_SUCCESS);
        line = read_all(p, path);
        CHECK(line && strstr(line, "174.121.218.75") == NULL);
        CHECK(line && strstr(line, "not an address") == NULL);
        apr_file_remove(path, p);

        CHECK(lw_ignore_add(nets, "174.121.0.0/16") == APR_SUCCESS);
        CHECK(lw_ignore_add(nets, "bogus") == APR_EINVAL);
        CHECK(!lw_reportable_ip("174.121.218.75", nets));
        CHECK(lw_reportable_ip("174.122.0.1", nets));
        CHECK(!lw_reportable_ip("10.0.0.1", NULL));
        CHECK(!lw_reportable_ip("127.0.0.1", NULL));
        CHECK(!lw_reportable_ip("fe80::1", NULL));
        CHECK(!lw_reportable_ip("203.0.113.5", NULL));
        CHECK(!lw_reportable_ip("1.2.3.4 ", NULL));
        CHECK(!lw_reportable_ip(NULL, NULL));
    }
    /* the pipeline on the seed's records: eligibility, contacts from the
     * map only (no network), one report, the state, an alert */
    {
        const char *seed = apr_pstrcat(p, lw_test_srcdir(),
                                       "/test/integration/data/"
                                       "seed_records.jsonl", NULL);
        const char *mapf = apr_pstrcat(p, dir, "/map", NULL);
        char *text = read_all(p, seed), *ln, *last;
        lw_summary_t *sum = lw_summary_create(p);
        apr_array_header_t *files = NULL, *all;
        lw_abuse_stats_t stats;
        apr_file_t *f;
        int i, eligible = 0;
        CHECK(text != NULL);
        for (ln = apr_strtok(text, "\n", &last); ln;
             ln = apr_strtok(NULL, "\n", &last))
            lw_summary_add_line(sum, ln, strlen(ln));
        CHECK(apr_file_open(&f, mapf, APR_FOPEN_WRITE | APR_FOPEN_CREATE,
                            APR_OS_DEFAULT, p) == APR_SUCCESS);
        apr_file_puts("174.121.218.0/24 abuse@one.example\n"
                      "221.157.0.0/16 abuse@two.example\n", f);
        apr_file_close(f);
        lw_abuse_opts_default(&o, p);
        o.from = "reports@hoster.example";
        o.whois.map_file = mapf;
        o.whois.no_network = 1;
        o.log = NULL;
        o.out_dir = apr_pstrcat(p, dir, "/out", NULL);
        o.state_file = apr_pstrcat(p, dir, "/state", NULL);
        all = lw_summary_sources(sum, p);
        for (i = 0; i < all->nelts; i++)
            eligible += lw_abuse_eligible(APR_ARRAY_IDX(all, i, lw_src_t *),
                                          &o);
        CHECK(eligible == 1);
        CHECK(lw_abuse_lookup_all(sum, &o, p, &err) == 1);
        CHECK(lw_abuse_write_reports(sum, &o, p, &files, &stats, &err)
              == APR_SUCCESS);
        CHECK(files && files->nelts == 1);
        CHECK(stats.eligible == 1 && stats.reports == 1);
        if (files && files->nelts == 1) {
            const char *path = APR_ARRAY_IDX(files, 0, const char *);
            const char *m = read_all(p, path);
            CHECK(strstr(path, "/abuse-") && strstr(path, "abuse_one.example"));
            CHECK(m && strstr(m, "\nTo: abuse@one.example\n"));
            CHECK(m && headers_clean(m));
            apr_file_remove(path, p);
        }
        /* same day again: nothing */
        CHECK(lw_abuse_write_reports(sum, &o, p, &files, &stats, &err)
              == APR_SUCCESS);
        CHECK(files->nelts == 0 && stats.already_reported == 1);
        /* threshold 2, ignoring the first network: only the second */
        o.threshold = 2;
        CHECK(lw_ignore_add(o.ignore, "174.121.218.75/32") == APR_SUCCESS);
        CHECK(lw_abuse_write_reports(sum, &o, p, &files, &stats, &err)
              == APR_SUCCESS);
        CHECK(files->nelts == 1 && stats.eligible == 1);
        for (i = 0; i < files->nelts; i++) {
            const char *m = read_all(p, APR_ARRAY_IDX(files, i, const char *));
            CHECK(m && strstr(m, "\nTo: abuse@two.example\n"));
            apr_file_remove(APR_ARRAY_IDX(files, i, const char *), p);
        }
        /* alerts: every site has one source; with M=1 three alerts */
        o.alerts_dir = apr_pstrcat(p, dir, "/alerts", NULL);
        o.alert_sources = 2;
        CHECK(lw_alerts_write(sum, &o, p, &files, &err) == APR_SUCCESS);
        CHECK(files->nelts == 0);
        o.alert_sources = 1;
        o.report_to = "owner@hoster.example";
        CHECK(lw_alerts_write(sum, &o, p, &files, &err) == APR_SUCCESS);
        CHECK(files->nelts == 3);
        for (i = 0; i < files->nelts; i++) {
            const char *m = read_all(p, APR_ARRAY_IDX(files, i, const char *));
            CHECK(m && strstr(m, "\nTo: owner@hoster.example\n"));
            apr_file_remove(APR_ARRAY_IDX(files, i, const char *), p);
        }
        apr_dir_remove(o.alerts_dir, p);
        apr_dir_remove(o.out_dir, p);
        apr_file_remove(o.state_file, p);
        apr_file_remove(mapf, p);
    }
    apr_dir_remove(dir, p);

    LW_TEST_END();
}
