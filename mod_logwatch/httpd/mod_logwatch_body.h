/* mod_logwatch_body.h: the copy of a request body's first bytes kept for
 * the log-time inspection (mod_logwatch_body.c). */
#ifndef MOD_LOGWATCH_BODY_H
#define MOD_LOGWATCH_BODY_H

#include "mod_logwatch.h"

/* The filter and the insert_filter hook (from register_hooks). */
void logwatch_body_register_hooks(apr_pool_t *p);

/* What the application read of r's body, as kept (at most
 * LogWatchInspectBody bytes), into req->body, body_len and body_type; left
 * NULL when nothing was kept. r is the original request: the copy may
 * belong to one of its internal redirects. */
void logwatch_body_get(request_rec *r, lw_request_t *req);

#endif
