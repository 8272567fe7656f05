/* Test-only: send each line of stdin as one record through lw_syslog.
 *   syslog_send URL HOSTNAME [SEVERITY]
 * Prints "sent N dropped M" when stdin ends; exits 1 if any was dropped
 * by a failure other than back-off, 2 on bad usage. Used by
 * test_fleet.py against a real rsyslog. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <apr_general.h>
#include <apr_pools.h>

#include "lw_syslog.h"

int main(int argc, char **argv)
{
    apr_pool_t *p;
    lw_syslog_url_t u;
    lw_syslog_t *s;
    const char *err;
    static char line[70000];
    apr_uint64_t sent = 0, dropped = 0;
    int sev = 4, failures = 0;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: syslog_send URL HOSTNAME [SEVERITY] <lines\n");
        return 2;
    }
    if (argc == 4)
        sev = atoi(argv[3]);
    /* A collector closing the connection must not kill us (httpd ignores
     * SIGPIPE the same way). */
    signal(SIGPIPE, SIG_IGN);
    apr_initialize();
    apr_pool_create(&p, NULL);
    if (lw_syslog_parse_url(p, argv[1], &u, &err) != APR_SUCCESS) {
        fprintf(stderr, "syslog_send: %s\n", err);
        return 2;
    }
    if (lw_syslog_open(&s, p, &u, argv[2]) != APR_SUCCESS) {
        fprintf(stderr, "syslog_send: cannot resolve %s\n", u.host);
        return 2;
    }
    while (fgets(line, sizeof(line), stdin)) {
        apr_status_t rv = lw_syslog_send(s, sev, 0, line, strlen(line));
        if (rv != APR_SUCCESS && !APR_STATUS_IS_EAGAIN(rv)) {
            char buf[128];
            failures++;
            fprintf(stderr, "syslog_send: %s\n",
                    apr_strerror(rv, buf, sizeof(buf)));
        }
    }
    lw_syslog_stats(s, &sent, &dropped);
    printf("sent %" APR_UINT64_T_FMT " dropped %" APR_UINT64_T_FMT "\n",
           sent, dropped);
    apr_pool_destroy(p);
    apr_terminate();
    return failures ? 1 : 0;
}
