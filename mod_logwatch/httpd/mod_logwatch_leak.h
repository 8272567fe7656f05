/* mod_logwatch_leak.h: response evidence (mod_logwatch_leak.c). A request
 * is classified early (fixups: request line and headers, as at log time;
 * a static file's at log time, from a copy of its file buckets held till
 * then); when it is flagged and a leak rule reads responses of its categories,
 * an output filter copies the first LogWatchInspectResponse bytes of the
 * response as they pass, and the leak rules read them. At log time the
 * record gets the evidence and the verdict. */
#ifndef MOD_LOGWATCH_LEAK_H
#define MOD_LOGWATCH_LEAK_H

#include "mod_logwatch.h"

void logwatch_leak_register_hooks(apr_pool_t *p);

/* From the body filter's insert_filter hook, when a copy of r's body will
 * be kept: a request the early pass did not flag gets the output filter,
 * which classifies again, body and all, when the response begins. */
void logwatch_leak_body_coming(request_rec *r);

/* The request as the engine sees it: the request line as the access
 * log's %r shows it, and the inspected headers (mod_logwatch.c). */
void logwatch_request_of(request_rec *r, const logwatch_server_conf *sc,
                         lw_request_t *req);

/* The result of the earlier pass over r (the original request): at
 * fixups (no body), or, for a request with a body, when its response
 * began (the body the application had read by then). 1 when that pass
 * saw body_len bytes of body, as the log-time pass does: its *res and
 * *flagged are the request's. Else 0, *res and *flagged those of the
 * pass that ran (its hits, when flagged, are counted already), or
 * *flagged 0 when none ran. *res is filled only when *flagged. */
int logwatch_leak_early(request_rec *r, apr_size_t body_len, lw_result_t *res,
                        int *flagged);

/* At log time, for every request that log_transaction inspected: the
 * verdict of a flagged one, kept with its evidence for the record and
 * the counters, and the usual-size table for one that was not. Returns
 * the verdict (lw_verdict_e; for an unflagged request, its status's).
 * req is read for a flagged request only (log time does not fill it for
 * the others). */
int logwatch_leak_log(request_rec *r, const request_rec *last,
                      const lw_request_t *req, const lw_result_t *res,
                      int flagged);

/* The record's verdict and evidence, as logwatch_leak_log found them
 * (nothing when it did not run for r). */
void logwatch_leak_fill(request_rec *r, lw_record_t *rec);

/* The verdict logwatch_leak_log gave r, else the status's. */
int logwatch_leak_verdict(request_rec *r, const request_rec *last);

#endif
