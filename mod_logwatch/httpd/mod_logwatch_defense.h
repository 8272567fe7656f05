/* Live defense: per-source tallies in shared memory, threshold
 * records, blocking of repeat attackers, LogWatchIgnoreNet, and what the
 * status page shows of them. The glue calls only what is declared here.
 *
 *   mod_logwatch_defense.c  tallies, threshold records, blocking, the
 *                           LogWatchThreshold / LogWatchBlock /
 *                           LogWatchIgnoreNet / LogWatchSharedMemory
 *                           directives
 *   mod_logwatch_status.c   SetHandler logwatch-status (HTML, ?json,
 *                           ?metrics) and the section on mod_status's page
 */
#ifndef MOD_LOGWATCH_DEFENSE_H
#define MOD_LOGWATCH_DEFENSE_H

#include "httpd.h"
#include "http_config.h"

#include "lw.h"
#include "lw_tally.h"

/* The defense's state for one configuration pass (opaque; made in the
 * module's pre_config into logwatch_g). */
typedef struct logwatch_defense_state logwatch_defense_state_t;
logwatch_defense_state_t *logwatch_defense_state_create(apr_pool_t *pconf);

/* Per-server settings (opaque to the glue; in logwatch_server_conf). */
typedef struct logwatch_defense_conf logwatch_defense_conf;

logwatch_defense_conf *logwatch_defense_create_conf(apr_pool_t *p);
logwatch_defense_conf *logwatch_defense_merge_conf(
    apr_pool_t *p, const logwatch_defense_conf *base,
    const logwatch_defense_conf *add);

/* Directive handlers (entries in logwatch_cmds). */
const char *logwatch_set_threshold(cmd_parms *cmd, void *dcv,
                                   const char *count, const char *secs);
const char *logwatch_set_block(cmd_parms *cmd, void *dcv, const char *onoff,
                               const char *secs, const char *status);
const char *logwatch_set_ipv6_prefix(cmd_parms *cmd, void *dcv,
                                     const char *arg);
const char *logwatch_add_ignore_net(cmd_parms *cmd, void *dcv,
                                    const char *arg);
const char *logwatch_set_shared_memory(cmd_parms *cmd, void *dcv,
                                       const char *arg);

/* Hooks of the defense (from register_hooks). */
void logwatch_defense_register_hooks(apr_pool_t *p);

/* Called by the log-transaction hook for each flagged request, after its
 * record went out: counts it by category and verdict, tallies its source,
 * writes the threshold record and sets the block when the source crosses
 * the threshold. last is the final internal redirect (status). */
void logwatch_defense_attack(request_rec *r, const request_rec *last,
                             const lw_request_t *req, const lw_result_t *res,
                             apr_time_t now);

/* The proxy header as received when the request's address is that of a
 * proxy mod_remoteip trusts (it could not take the client's from the
 * header), else NULL: for the record's "forwarded". */
const char *logwatch_defense_forwarded(const request_rec *r);

/* ---- for the status page ---- */

/* Lift a source's block (POST ?unblock=ADDR on the status page): 1 done,
 * 0 it was not blocked, -1 not an address. */
int logwatch_defense_unblock(request_rec *r, const char *text);

/* 1 when the request's source is in LogWatchIgnoreNet. */
int logwatch_defense_ignored(request_rec *r);

typedef struct {
    int present;               /* a tally table exists */
    lw_tally_stats_t st;
    apr_size_t segment;        /* bytes of the shared segment */
    apr_size_t configured;     /* LogWatchSharedMemory of this pass (takes
                                * effect when the segment is made anew) */
    int ntop;
    lw_tally_entry_t *top;     /* ntop copies, most attacks first */
    apr_time_t now;
    /* the main server's settings, for display */
    int threshold;
    apr_interval_time_t window;
    int block;
    apr_interval_time_t block_for;
    int block_status;
    int nignore;
} logwatch_defense_info_t;

/* A consistent copy of the table's statistics and its top n sources (taken
 * under the lock), from p. */
void logwatch_defense_info(request_rec *r, int n,
                           logwatch_defense_info_t *info);

#endif
