/* lw_mail: the RFC 5322 messages of lw_abuse (abuse reports and alerts
 * to site owners), their safe pieces and the hand-over to sendmail (argv,
 * never a shell). Every string from a record is attacker-controlled: see
 * lw_abuse.h for what may appear where. Part of the summarizer library (no
 * httpd header). */
#ifndef LW_MAIL_H
#define LW_MAIL_H

#include "lw_abuse.h"

/* Building blocks, exposed for the tests. */

/* The whole abuse message for contact to, covering srcs (lw_src_t *).
 * From p. */
const char *lw_mail_abuse_message(apr_pool_t *p, const lw_abuse_opts_t *o,
                                  const char *to,
                                  const apr_array_header_t *srcs);

/* The whole alert message for target t, to the address to. From p. */
const char *lw_mail_alert_message(apr_pool_t *p, const lw_abuse_opts_t *o,
                                  const char *to, const lw_target_t *t,
                                  const lw_summary_t *sum);

/* s made safe for a mail body line: control characters (C0, DEL, the ESC
 * of ANSI sequences) and non-ASCII bytes as "\xHH", TAB as a space.
 * From p. */
const char *lw_mail_body_safe(apr_pool_t *p, const char *s, apr_size_t len);

/* s reduced to [A-Za-z0-9._-] (others become '_'), at most max bytes,
 * never "", "." or "..": for file names and Message-ID parts. From p. */
const char *lw_mail_name_safe(apr_pool_t *p, const char *s, apr_size_t max);

/* RFC 5322 date of t in local time with its zone: "Fri, 27 Nov 2026
 * 02:45:00 +0000", into buf (at least 40 bytes). */
void lw_mail_date(apr_time_t t, char *buf);

/* Runs sendmail (path) with argv {path, "-t", "-oi"}, the message on its
 * stdin, no shell; waits at most timeout. APR_SUCCESS when it exited 0. */
apr_status_t lw_mail_send(apr_pool_t *p, const char *sendmail,
                          const char *msg, apr_size_t len,
                          apr_interval_time_t timeout);

#endif
