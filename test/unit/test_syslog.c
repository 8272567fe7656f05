/* lw_syslog: URL parsing, RFC 5424 formatting, and a UDP and a TCP send to
 * sockets of our own on loopback (the rsyslog round trip is in
 * test/integration/test_fleet.py). */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <syslog.h>
#include "lw_test.h"
#include "lw_syslog.h"

#include <apr_strings.h>
#include <apr_network_io.h>
#include <apr_env.h>

static void test_url(apr_pool_t *p)
{
    lw_syslog_url_t u;
    const char *err;

    CHECK(lw_syslog_parse_url(p, "syslog://collector.example", &u, &err)
          == APR_SUCCESS);
    CHECK_STR(u.host, "collector.example");
    CHECK(u.port == 514);
    CHECK(u.tcp == 0);
    CHECK(u.facility == 16);
    CHECK(u.timeout == LW_SYSLOG_DEFAULT_TIMEOUT);
    CHECK(u.maxlen == LW_SYSLOG_DEFAULT_MAXLEN);

    CHECK(lw_syslog_parse_url(p, "syslog://10.1.2.3:6514/?proto=tcp"
                              "&facility=local3&timeout=250&maxlen=16384",
                              &u, &err) == APR_SUCCESS);
    CHECK_STR(u.host, "10.1.2.3");
    CHECK(u.port == 6514);
    CHECK(u.tcp == 1);
    CHECK(u.facility == 19);
    CHECK(u.timeout == 250000);
    CHECK(u.maxlen == 16384);

    CHECK(lw_syslog_parse_url(p, "SYSLOG://[::1]:1514?facility=daemon&proto=UDP",
                              &u, &err) == APR_SUCCESS);
    CHECK_STR(u.host, "::1");
    CHECK(u.port == 1514);
    CHECK(u.tcp == 0);
    CHECK(u.facility == 3);

    CHECK(lw_syslog_parse_url(p, "syslog://h?facility=7", &u, &err)
          == APR_SUCCESS && u.facility == 7);

    /* Errors name the problem. */
    CHECK(lw_syslog_parse_url(p, "syslog:local0", &u, &err) == APR_EINVAL);
    CHECK(err && strstr(err, "not a syslog:// URL"));
    CHECK(lw_syslog_parse_url(p, "syslog://", &u, &err) == APR_EINVAL);
    CHECK(err && strstr(err, "no host"));
    CHECK(lw_syslog_parse_url(p, "syslog://h:99999", &u, &err) == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, "syslog://h:x", &u, &err) == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, "syslog://h?proto=sctp", &u, &err)
          == APR_EINVAL);
    CHECK(err && strstr(err, "proto"));
    CHECK(lw_syslog_parse_url(p, "syslog://h?facility=local8", &u, &err)
          == APR_EINVAL);
    CHECK(err && strstr(err, "local8"));
    CHECK(lw_syslog_parse_url(p, "syslog://h?facilty=local1", &u, &err)
          == APR_EINVAL);
    CHECK(err && strstr(err, "unknown parameter 'facilty'"));
    CHECK(lw_syslog_parse_url(p, "syslog://h?proto", &u, &err) == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, "syslog://h?timeout=0", &u, &err)
          == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, "syslog://h?maxlen=100", &u, &err)
          == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, "syslog://user@h", &u, &err) == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, "syslog://h/path", &u, &err) == APR_EINVAL);
    CHECK(lw_syslog_parse_url(p, NULL, &u, &err) == APR_EINVAL);

    CHECK(lw_syslog_facility_from_name("kern") == 0);
    CHECK(lw_syslog_facility_from_name("AUTHPRIV") == 10);
    CHECK(lw_syslog_facility_from_name("local7") == 23);
    CHECK(lw_syslog_facility_from_name("23") == 23);
    CHECK(lw_syslog_facility_from_name("24") == -1);
    CHECK(lw_syslog_facility_from_name("local") == -1);
    CHECK(lw_syslog_facility_from_name("") == -1);
    CHECK(lw_syslog_facility_from_name("security") == 4);
    CHECK(lw_syslog_facility_from_name("+3") == -1);
    CHECK(lw_syslog_facility_from_name("3x") == -1);
    CHECK(lw_syslog_facility_from_name("99999999999999999999") == -1);
    /* the values syslog(3) knows, shifted as the local destination uses
     * them */
    CHECK(lw_syslog_facility_from_name("local7") << 3 == LOG_LOCAL7);
    CHECK(lw_syslog_facility_from_name("daemon") << 3 == LOG_DAEMON);
    CHECK(lw_syslog_facility_from_name("authpriv") << 3 == LOG_AUTHPRIV);
    CHECK(lw_syslog_facility_from_name("cron") << 3 == LOG_CRON);

    CHECK(lw_syslog_severity(LW_SEV_CRITICAL) == 2);
    CHECK(lw_syslog_severity(LW_SEV_HIGH) == 3);
    CHECK(lw_syslog_severity(LW_SEV_MEDIUM) == 4);
    CHECK(lw_syslog_severity(LW_SEV_LOW) == 5);
    CHECK(lw_syslog_severity(LW_SEV_INFO) == 6);
}

static void test_format(apr_pool_t *p)
{
    const char *rec = "{\"time\":\"x\",\"uri\":\"/a?b=\\\"c\\\"\"}\n";
    apr_size_t len;
    char *m, host[400];
    /* 2011-06-21T15:56:40.000123Z; TZ is UTC for this test. */
    apr_time_t t = apr_time_from_sec(1308671800) + 123;

    m = lw_syslog_format(p, 16, 4, t, "web1.example", 4242, rec,
                         strlen(rec), &len);
    CHECK_STR(m, "<132>1 2011-06-21T15:56:40.000123+00:00 web1.example "
              "mod_logwatch 4242 - - {\"time\":\"x\",\"uri\":\"/a?b=\\\"c\\\"\"}");
    CHECK(len == strlen(m));

    /* kern.emerg is PRI 0; a host with spaces and controls is cleaned. */
    m = lw_syslog_format(p, 0, 0, t, "bad host\x01\xc3", 1, "{}", 2, &len);
    CHECK_STR(m, "<0>1 2011-06-21T15:56:40.000123+00:00 bad_host__ "
              "mod_logwatch 1 - - {}");
    m = lw_syslog_format(p, 23, 7, t, "", 1, "{}", 2, &len);
    CHECK_STR(m, "<191>1 2011-06-21T15:56:40.000123+00:00 - mod_logwatch "
              "1 - - {}");

    /* The host name is cut at 255 characters. */
    memset(host, 'h', 300);
    host[300] = '\0';
    m = lw_syslog_format(p, 1, 6, t, host, 1, "{}", 2, &len);
    CHECK(strstr(m, apr_pstrcat(p, " ", apr_pstrndup(p, host, 255),
                                " mod_logwatch", NULL)) != NULL);
    CHECK(len < LW_SYSLOG_HDR_MAX + 2);

    /* Local time with its offset, west and east, half hours included. */
    setenv("TZ", "EST5", 1);
    tzset();
    m = lw_syslog_format(p, 1, 6, t, "h", 1, "{}", 2, &len);
    CHECK(strstr(m, " 2011-06-21T10:56:40.000123-05:00 ") != NULL);
    setenv("TZ", "IST-5:30", 1);
    tzset();
    m = lw_syslog_format(p, 1, 6, t, "h", 1, "{}", 2, &len);
    CHECK(strstr(m, " 2011-06-21T21:26:40.000123+05:30 ") != NULL);
    setenv("TZ", "UTC", 1);
    tzset();
}

/* A record sent to our own UDP socket arrives as one datagram. */
static void test_udp(apr_pool_t *p)
{
    apr_sockaddr_t *sa;
    apr_socket_t *srv;
    lw_syslog_url_t u;
    lw_syslog_t *s;
    const char *err;
    char buf[2048];
    apr_size_t n = sizeof(buf) - 1;
    apr_uint64_t sent, dropped;

    CHECK(apr_sockaddr_info_get(&sa, "127.0.0.1", APR_INET, 0, 0, p) == 0);
    CHECK(apr_socket_create(&srv, APR_INET, SOCK_DGRAM, APR_PROTO_UDP, p) == 0);
    CHECK(apr_socket_bind(srv, sa) == 0);
    CHECK(apr_socket_addr_get(&sa, APR_LOCAL, srv) == 0);
    CHECK(lw_syslog_parse_url(p, apr_psprintf(p, "syslog://127.0.0.1:%d",
                                              sa->port), &u, &err) == 0);
    CHECK(lw_syslog_open(&s, p, &u, "h1") == 0);
    CHECK(lw_syslog_max_record(s) == 8192 - 80 - 2);
    CHECK(lw_syslog_send(s, 4, 0, "{\"a\":1}\n", 8) == APR_SUCCESS);
    apr_socket_timeout_set(srv, apr_time_from_sec(2));
    CHECK(apr_socket_recv(srv, buf, &n) == APR_SUCCESS);
    buf[n] = '\0';
    CHECK(strncmp(buf, "<132>1 ", 7) == 0);
    CHECK(n > 20 && strcmp(buf + n - 20, "mod_logwatch ") != 0);
    CHECK(strstr(buf, " h1 mod_logwatch ") != NULL);
    CHECK(n >= 7 && strcmp(buf + n - 7, "{\"a\":1}") == 0);
    lw_syslog_stats(s, &sent, &dropped);
    CHECK(sent == 1 && dropped == 0);
}

static int count(const char *hay, const char *needle)
{
    int k = 0;
    while ((hay = strstr(hay, needle)) != NULL) {
        k++;
        hay++;
    }
    return k;
}

/* accept() on the non-blocking listener (APR does not wait on accept
 * itself), for at most 3 s, so that a missing connection fails the test
 * instead of hanging it. */
static apr_status_t accept_wait(apr_socket_t **conn, apr_socket_t *srv,
                                apr_pool_t *p)
{
    apr_status_t rv;
    int i;

    for (i = 0; i < 300; i++) {
        rv = apr_socket_accept(conn, srv, p);
        if (!APR_STATUS_IS_EAGAIN(rv))
            return rv;
        apr_sleep(apr_time_from_msec(10));
    }
    return rv;
}

/* Read from conn until want appears (or 2 s pass); returns whether it did. */
static int recv_until(apr_socket_t *conn, const char *want)
{
    char buf[4096];
    apr_size_t got = 0, n;

    buf[0] = '\0';
    apr_socket_timeout_set(conn, apr_time_from_sec(2));
    while (!strstr(buf, want) && got < sizeof(buf) - 1) {
        n = sizeof(buf) - 1 - got;
        if (apr_socket_recv(conn, buf + got, &n) != APR_SUCCESS)
            break;
        got += n;
        buf[got] = '\0';
    }
    return strstr(buf, want) != NULL;
}

/* TCP: octet-counted frames; a dead collector is a bounded, counted drop
 * followed by back-off; after a restart the handle reconnects. */
static void test_tcp(apr_pool_t *p)
{
    apr_sockaddr_t *sa;
    apr_socket_t *srv, *conn;
    lw_syslog_url_t u;
    lw_syslog_t *s;
    const char *err, *want;
    char buf[4096] = "", *sp;
    apr_size_t n, got = 0;
    apr_port_t port;
    apr_time_t t0;
    apr_status_t rv;
    apr_uint64_t sent, dropped;
    int i;

    CHECK(apr_sockaddr_info_get(&sa, "127.0.0.1", APR_INET, 0, 0, p) == 0);
    CHECK(apr_socket_create(&srv, APR_INET, SOCK_STREAM, APR_PROTO_TCP, p) == 0);
    apr_socket_opt_set(srv, APR_SO_REUSEADDR, 1);
    CHECK(apr_socket_bind(srv, sa) == 0);
    CHECK(apr_socket_listen(srv, 5) == 0);
    apr_socket_opt_set(srv, APR_SO_NONBLOCK, 1);   /* see accept_wait */
    CHECK(apr_socket_addr_get(&sa, APR_LOCAL, srv) == 0);
    port = sa->port;
    CHECK(lw_syslog_parse_url(p, apr_psprintf(p, "syslog://127.0.0.1:%d"
                                              "?proto=tcp&timeout=200", port),
                              &u, &err) == 0);
    CHECK(lw_syslog_open(&s, p, &u, "h2") == 0);
    for (i = 0; i < 3; i++)
        CHECK(lw_syslog_send(s, 3, 0, "{\"n\":1}", 7) == APR_SUCCESS);
    CHECK(accept_wait(&conn, srv, p) == 0);
    apr_socket_timeout_set(conn, apr_time_from_sec(2));
    while (got < sizeof(buf) - 1 && count(buf, "{\"n\":1}") < 3) {
        n = sizeof(buf) - 1 - got;
        if (apr_socket_recv(conn, buf + got, &n) != APR_SUCCESS)
            break;
        got += n;
        buf[got] = '\0';
    }
    buf[got] = '\0';
    /* Each frame: "LEN " then exactly LEN bytes. */
    sp = buf;
    for (i = 0; i < 3; i++) {
        char *end;
        long len = strtol(sp, &end, 10);
        CHECK(*end == ' ' && len > 0);
        if (*end != ' ' || len <= 0)
            break;
        want = end + 1;
        CHECK(strncmp(want, "<131>1 ", 7) == 0);
        CHECK(strncmp(want + len - 7, "{\"n\":1}", 7) == 0);
        sp = (char *)want + len;
    }
    CHECK(i == 3 && *sp == '\0');

    /* The collector closed the idle connection (a restart): the next
     * record must not vanish into it but go over a new connection. */
    apr_socket_close(conn);
    apr_sleep(apr_time_from_msec(50));
    CHECK(lw_syslog_send(s, 3, 0, "{\"after_close\":1}", 17) == APR_SUCCESS);
    CHECK(accept_wait(&conn, srv, p) == 0);
    CHECK(recv_until(conn, "{\"after_close\":1}"));

    /* A handle inherited over fork() connects anew in the child, so
     * parent and child never share one TCP stream. */
    {
        pid_t pid = fork();
        if (pid == 0) {
            int ok = lw_syslog_send(s, 3, 0, "{\"child\":1}", 11) == APR_SUCCESS;
            _exit(ok ? 0 : 1);
        }
        else {
            apr_socket_t *cconn = NULL;
            int status = -1;
            CHECK(pid > 0);
            CHECK(accept_wait(&cconn, srv, p) == 0);
            CHECK(cconn && recv_until(cconn, "{\"child\":1}"));
            waitpid(pid, &status, 0);
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            if (cconn)
                apr_socket_close(cconn);
        }
    }
    /* ... and the parent's own connection is still good. */
    CHECK(lw_syslog_send(s, 3, 0, "{\"parent\":1}", 12) == APR_SUCCESS);
    CHECK(recv_until(conn, "{\"parent\":1}"));

    /* Collector gone: the send fails at once (refused), then back-off
     * drops without trying, quickly. */
    apr_socket_close(conn);
    apr_socket_close(srv);
    t0 = apr_time_now();
    rv = lw_syslog_send(s, 3, 0, "{}", 2);
    CHECK(rv != APR_SUCCESS && !APR_STATUS_IS_EAGAIN(rv));
    CHECK(APR_STATUS_IS_EAGAIN(lw_syslog_send(s, 3, 0, "{}", 2)));
    CHECK(apr_time_now() - t0 < apr_time_from_sec(1));
    lw_syslog_stats(s, &sent, &dropped);
    CHECK(sent == 5 && dropped == 2);

    /* Collector back on the same port: after the back-off, delivered. */
    CHECK(apr_socket_create(&srv, APR_INET, SOCK_STREAM, APR_PROTO_TCP, p) == 0);
    apr_socket_opt_set(srv, APR_SO_REUSEADDR, 1);
    CHECK(apr_socket_bind(srv, sa) == 0);
    CHECK(apr_socket_listen(srv, 5) == 0);
    apr_socket_opt_set(srv, APR_SO_NONBLOCK, 1);
    apr_sleep(apr_time_from_msec(250));
    CHECK(lw_syslog_send(s, 3, 0, "{\"back\":1}", 10) == APR_SUCCESS);
    CHECK(accept_wait(&conn, srv, p) == 0);
    apr_socket_timeout_set(conn, apr_time_from_sec(2));
    got = 0;
    while (got < sizeof(buf) - 1) {
        n = sizeof(buf) - 1 - got;
        if (apr_socket_recv(conn, buf + got, &n) != APR_SUCCESS)
            break;
        got += n;
        buf[got] = '\0';
        if (strstr(buf, "{\"back\":1}"))
            break;
    }
    buf[got] = '\0';
    CHECK(strstr(buf, "{\"back\":1}") != NULL);
    apr_socket_close(conn);
    apr_socket_close(srv);
}

int main(void)
{
    LW_TEST_BEGIN(p);
    setenv("TZ", "UTC", 1);
    tzset();
    test_url(p);
    test_format(p);
    test_udp(p);
    test_tcp(p);
    LW_TEST_END();
}
