/* lw_abuse: abuse reports to the providers of attacking sources and alerts
 * to the owners of attacked sites, as RFC 5322 messages written into a
 * directory and, with --send, handed to sendmail (argv, never a shell).
 *
 * What logwatch-summarize's main() calls, in this order:
 *
 *     lw_abuse_opts_t ao;
 *     lw_abuse_opts_default(&ao, pool);
 *     ... set ao.threshold, ao.whois.server, ao.out_dir ... from the options,
 *     ... lw_ignore_add(ao.ignore, cidr) for each --ignore-net ...
 *     lw_abuse_lookup_all(sum, &ao, pool, &err);     fills lw_src_t.abuse
 *     (print the report; lw_abuse_eligible() says which sources are
 *      over the threshold and reportable, e.g. for --firewall)
 *     if (ao.out_dir) lw_abuse_write_reports(sum, &ao, pool, &files, &st, &err);
 *     if (ao.alerts_dir) lw_alerts_write(sum, &ao, pool, &files, &err);
 *
 * Options main() may map besides those named in lw_abuse_opts_t below:
 * --whois-timeout SECONDS (whois.timeout), --report-to ADDR (report_to).
 *
 * Every string from a record is attacker-controlled: in headers only the
 * canonical text of validated source addresses, vhosts reduced to
 * [A-Za-z0-9._-], and validated mail addresses ever appear; in bodies
 * control characters and non-ASCII bytes are shown as \xHH, and every part
 * is quoted-printable (7-bit, lines under 77 columns). Files are written
 * with LF line ends, as sendmail -t expects them on its input. The
 * messages themselves are built by lw_mail.h. Part of the summarizer
 * library (no httpd header). */
#ifndef LW_ABUSE_H
#define LW_ABUSE_H

#include <stdio.h>
#include "lw_sum.h"
#include "lw_whois.h"
#include "lw_state.h"

#define LW_MAIL_DEFAULT_SENDMAIL "/usr/sbin/sendmail"
#define LW_ABUSE_DEFAULT_THRESHOLD 3
#define LW_ALERT_DEFAULT_SOURCES 2

typedef struct {
    /* which sources */
    int threshold;                /* --threshold N: attacks in the window (3) */
    apr_array_header_t *ignore;   /* lw_cidr_t (lw_ignore_add); private and
                                   * reserved ranges are always excluded */
    const char *state_file;       /* --state FILE; NULL: no memory */
    int state_keep_days;          /* 30 */
    /* finding the contact */
    lw_whois_opts_t whois;        /* --whois-server, --whois-timeout,
                                   * --whois-cache, --abuse-map ... */
    /* the messages */
    const char *out_dir;          /* --abuse-reports DIR (NULL: none) */
    const char *from;             /* --from ADDR; default "logwatch@HOSTNAME" */
    const char *report_to;        /* --report-to ADDR: recipient of alerts
                                   * for vhosts without a contact; NULL:
                                   * such alerts are addressed to From */
    int send;                     /* --send */
    const char *sendmail;         /* --sendmail PATH (/usr/sbin/sendmail) */
    apr_time_t now;               /* Date, Message-ID, state day;
                                   * 0 = apr_time_now() */
    /* alerts to site owners */
    const char *alerts_dir;       /* --client-alerts DIR (NULL: none) */
    int alert_sources;            /* --alert-sources M: distinct sources (2) */
    const char *contacts_file;    /* --contacts FILE: "vhost address" lines */
    FILE *log;                    /* diagnostics (stderr by default) */
} lw_abuse_opts_t;

/* Defaults as above; ignore is an empty array from p. */
void lw_abuse_opts_default(lw_abuse_opts_t *o, apr_pool_t *p);

/* 1 when s has at least o->threshold attacks and its address is
 * reportable (valid, public, not in o->ignore). The state file is not
 * consulted here: use it for suggestions (--firewall) too. */
int lw_abuse_eligible(const lw_src_t *s, const lw_abuse_opts_t *o);

/* Find the abuse contact of every eligible source (map, cache, WHOIS) and
 * set s->abuse and s->abuse_source. Returns the number of sources whose
 * contact was found, or -1 with *err when the map or cache file cannot be
 * used. Never blocks longer than whois.timeout per server asked. */
int lw_abuse_lookup_all(lw_summary_t *sum, const lw_abuse_opts_t *o,
                        apr_pool_t *p, const char **err);

/* What lw_abuse_write_reports did. */
typedef struct {
    int eligible;         /* sources over the threshold and reportable */
    int already_reported; /* of those, skipped: reported today (state) */
    int no_contact;       /* of those, skipped: no abuse address known */
    int reports;          /* messages written (one per contact) */
    int sent;             /* messages sendmail accepted (exit 0) */
    int send_failed;
} lw_abuse_stats_t;

/* One message per abuse contact, covering all its eligible sources not
 * reported today (lw_abuse_lookup_all is called first when it was not),
 * written to o->out_dir as "abuse-YYYYMMDD-HHMMSS-N-
 * <contact sanitised>.eml" (created with mode 0600; the directory is
 * created when missing). With o->send each is also piped to
 * `sendmail -t -oi`. The reported sources are then marked in the state
 * file. *files (when not NULL) gets the paths written (const char *).
 * stats may be NULL. Returns APR_SUCCESS, or an error with *err (a file
 * that cannot be written; a failed send is only counted). */
apr_status_t lw_abuse_write_reports(lw_summary_t *sum, const lw_abuse_opts_t *o,
                                    apr_pool_t *p, apr_array_header_t **files,
                                    lw_abuse_stats_t *stats, const char **err);

/* For every vhost attacked by at least o->alert_sources distinct sources:
 * a message to its contact (o->contacts_file, else o->report_to) naming
 * the sources and their attacks, those that reached the application
 * (verdict "served"), and asking for the application to be reviewed.
 * Written to o->alerts_dir as "alert-YYYYMMDD-HHMMSS-N-<vhost sanitised>.eml";
 * sent like the reports when o->send. *files as above. */
apr_status_t lw_alerts_write(lw_summary_t *sum, const lw_abuse_opts_t *o,
                             apr_pool_t *p, apr_array_header_t **files,
                             const char **err);

#endif
