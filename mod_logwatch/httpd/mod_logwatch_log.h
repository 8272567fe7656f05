/* mod_logwatch_log.h: the destinations of the records (file, piped
 * logger, syslog, remote collector), and the records themselves: filled
 * from a request and written with one write (mod_logwatch_log.c). */
#ifndef MOD_LOGWATCH_LOG_H
#define MOD_LOGWATCH_LOG_H

#include "mod_logwatch.h"

/* check_config: a LogWatchLog file that cannot be opened fails `-t`. */
int logwatch_log_check(apr_pool_t *ptemp, server_rec *s);
int logwatch_log_open(apr_pool_t *pconf, apr_pool_t *plog,
                      apr_pool_t *ptemp, server_rec *s);
void logwatch_log_child_init(apr_pool_t *pchild, server_rec *s);
/* Write one record (line with its '\n', at most d->max bytes) to a
 * destination with a single write, syslog() or send; failures are counted
 * and reported at a bounded rate, never passed to the request. severity
 * (lw_severity_e) and t (the record's time) are for the remote form. */
void logwatch_log_write(logwatch_dest_t *d, request_rec *r,
                        const char *line, apr_size_t len, int severity,
                        apr_time_t t);


/* A record of the request with the fields every record
 * shares (time t, where, who, the request line as req has it, the final
 * status and bytes from last, referer, user agent, verdict); the caller
 * adds the rest. Then written with one write to sc->dest (which must be
 * set), counted as dropped when it cannot be made. Memory from r->pool. */
void logwatch_record_fill(lw_record_t *rec, request_rec *r,
                          const request_rec *last,
                          const logwatch_server_conf *sc,
                          const lw_request_t *req, apr_time_t t);
void logwatch_record_write(request_rec *r, const logwatch_server_conf *sc,
                           const lw_record_t *rec, apr_time_t now);

#endif
