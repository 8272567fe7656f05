/* logwatch-summarize's command line: its options, their defaults, the
 * usage text and the parser. */
#ifndef SUMMARIZE_OPTS_H
#define SUMMARIZE_OPTS_H

#include <stdio.h>
#include <apr_pools.h>
#include <apr_tables.h>

typedef struct {
    const char *format, *output, *since, *until, *firewall;
    const char *breaches;       /* --breaches FILE, or NULL */
    int top, modsecurity, threshold, send, alert_sources;
    double disk_threshold;
    apr_uint32_t secrule_base;
    apr_array_header_t *disks, *ignore, *inputs, *benign;
    const char *abuse_dir, *whois_server, *abuse_map, *whois_cache, *state;
    const char *sendmail, *from, *alerts_dir, *contacts, *report_to;
    int whois_timeout, whois_budget, threads;
} opts_t;

/* The defaults, and empty lists for the repeatable options. */
void opts_init(opts_t *o, apr_pool_t *p);

/* Returns 0 to go on, 1 to exit 0 (help, version), -1 on a usage error
 * (after its message). */
int opts_parse(int argc, const char *const *argv, opts_t *o, apr_pool_t *p);

void opts_usage(FILE *f);

#endif
