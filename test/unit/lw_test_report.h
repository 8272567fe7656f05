/* Shared by the unit tests of the summarizer's reports. */
#ifndef LW_TEST_REPORT_H
#define LW_TEST_REPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <apr_strings.h>

#include "lw_sum.h"
#include "lw_report.h"
#include "lw_record.h"

/* A report writer's output into memory, as a string from p. */
static inline char *lw_test_render(const lw_summary_t *s,
                                   const lw_report_opts_t *o,
                                   int (*fn)(FILE *, const lw_summary_t *,
                                             const lw_report_opts_t *,
                                             apr_pool_t *),
                                   apr_pool_t *p)
{
    char *buf = NULL, *r;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    fn(f, s, o, p);
    fclose(f);
    r = apr_pstrmemdup(p, buf, len);
    free(buf);
    return r;
}

/* The common part of the tests' records: a GET of uri on vhost from client
 * at t, logged by host, HTTP/1.1; the caller sets the rest. */
static inline void lw_test_get_record(lw_record_t *r, apr_time_t t,
                                      const char *host, const char *client,
                                      const char *vhost, const char *uri)
{
    lw_record_init(r);
    r->time = t;
    r->host = host;
    r->vhost = vhost;
    r->client = client;
    r->method = "GET";
    r->uri = uri;
    r->protocol = "HTTP/1.1";
}

/* r into s as the module writes it: one line, lw_record_json's. */
static inline void lw_test_add_record(lw_summary_t *s, apr_pool_t *p,
                                      const lw_record_t *r)
{
    apr_size_t len;
    char *line = lw_record_json(p, r, 65536, &len);

    if (line && len && line[len - 1] == '\n')
        len--;
    lw_summary_add_line(s, line, len);
}

#endif
