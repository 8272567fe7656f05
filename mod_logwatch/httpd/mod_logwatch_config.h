/* mod_logwatch_config.h: the directives and the per-server and
 * per-directory configuration (mod_logwatch_config.c). */
#ifndef MOD_LOGWATCH_CONFIG_H
#define MOD_LOGWATCH_CONFIG_H

#include "mod_logwatch.h"

extern const command_rec logwatch_cmds[];
void *logwatch_create_server_conf(apr_pool_t *p, server_rec *s);
void *logwatch_merge_server_conf(apr_pool_t *p, void *basev, void *addv);
void *logwatch_create_dir_conf(apr_pool_t *p, char *dir);
void *logwatch_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
/* Fill in every server's effective header list (post_config). */
void logwatch_config_finalize(apr_pool_t *p, server_rec *s);
/* Effective values of a server (defaults filled in). */
void logwatch_limits(const logwatch_server_conf *sc, lw_limits_t *lim);
/* The same for classifying a request where dc says (dc may be NULL):
 * without the work budget where LogWatchExclude applies, since the hits
 * it drops may be those the budget counted on (lw_engine.h). */
void logwatch_limits_at(const logwatch_server_conf *sc,
                        const logwatch_dir_conf *dc, lw_limits_t *lim);
int logwatch_record_errors(const logwatch_server_conf *sc);
/* A flagged result after LogWatchExclude where the request is (dc may be
 * NULL): 1 when it is still flagged. */
int logwatch_exclude(const logwatch_dir_conf *dc, lw_result_t *res,
                     int min_score);
/* LogWatchInspectResponse's bytes (0: Off). */
apr_size_t logwatch_inspect_response(const logwatch_server_conf *sc);
/* LogWatchInspectBody where a request is (dc may be NULL). */
apr_size_t logwatch_inspect_body(const logwatch_dir_conf *dc);
/* Load the default signatures when no LogWatchSignatures was given. */
int logwatch_check_signatures(apr_pool_t *pconf, apr_pool_t *ptemp,
                              server_rec *s);

/* The bounds of the directives' numbers. */
#define LOGWATCH_MAX_INSPECT_MIN 64
#define LOGWATCH_MAX_INSPECT_MAX (1024 * 1024)
#define LOGWATCH_MIN_SCORE_MAX 1000
#define LOGWATCH_INSPECT_RESPONSE_MIN 256
#define LOGWATCH_INSPECT_RESPONSE_MAX (1024 * 1024)
/* LogWatchInspectBody: a request keeps at most this many bytes of its
 * body (from its pool) for the log-time inspection. A body read past it
 * is flagged (its tail could hide an attack), so the default is where
 * ordinary forms and JSON documents end: ModSecurity's own limit for
 * bodies without files. */
#define LOGWATCH_INSPECT_BODY_DEFAULT (128 * 1024)
#define LOGWATCH_INSPECT_BODY_MAX (1024 * 1024)

/* Every directive's number, through lw_parse_number: NULL and *out set, or
 * the error "Directive: WHAT 'arg' is not a number from LO to HI" (what
 * may be NULL). */
const char *logwatch_parse_number(cmd_parms *cmd, const char *what,
                                  const char *arg, int flags,
                                  apr_uint64_t lo, apr_uint64_t hi,
                                  apr_uint64_t *out);

/* LW00023: how many signatures came from which path (s NULL: stderr). */
void logwatch_signatures_report(server_rec *s);

#endif
