/* mod_logwatch_shm.c: the compiled signatures in shared memory, the shared
 * counters, and the per-child engine.
 *
 * The parent compiles once per configuration pass (in the directive
 * handler, see mod_logwatch_config.c); post_config copies the blob into an
 * anonymous segment of pconf, which every child inherits at fork. Each
 * child attaches an engine to it (decoding and JIT-compiling the patterns
 * in its own pchild), so the rule metadata and hit counters are shared and
 * the JIT code is per process. A graceful restart clears pconf: the parent
 * drops the old segment while the old children keep their mapping until
 * they exit. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "apr_shm.h"
#include "apr_atomic.h"
#include "apr_strings.h"

#include "mod_logwatch.h"

APLOG_USE_MODULE(logwatch);

/* The counters live in a segment made once per httpd lifetime (retained
 * across restarts), so totals keep counting through graceful restarts and
 * old-generation children still finishing requests count into the same
 * place as the new ones. */
#define RETAINED_KEY "mod_logwatch-stats"

typedef struct {
    apr_shm_t *shm;
    logwatch_stats_t *stats;
} logwatch_retained_t;

/* Set in the parent's post_config, inherited by the children. */
static logwatch_stats_t *stats_block;

logwatch_stats_t *logwatch_stats(void)
{
    return stats_block;
}

static logwatch_stats_t *stats_attach(server_rec *s)
{
    logwatch_retained_t *rt;
    char key[64];
    apr_status_t rv;

    /* The key names the layout: a module upgraded under a graceful restart
     * that counts more gets a segment of its own (httpd copies the key). */
    apr_snprintf(key, sizeof(key), "%s-%" APR_SIZE_T_FMT, RETAINED_KEY,
                 sizeof(logwatch_stats_t));
    rt = ap_retained_data_get(key);
    if (rt == NULL)
        rt = ap_retained_data_create(key, sizeof(*rt));
    if (rt->stats != NULL)
        return rt->stats;
    rv = apr_shm_create(&rt->shm, sizeof(logwatch_stats_t), NULL, ap_pglobal);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     "LW00003: cannot create the shared counters; the module "
                     "works without them");
        return NULL;
    }
    rt->stats = apr_shm_baseaddr_get(rt->shm);
    memset(rt->stats, 0, sizeof(*rt->stats));
    return rt->stats;
}

int logwatch_shm_post_config(apr_pool_t *pconf, server_rec *s)
{
    logwatch_global_t *g = logwatch_g;
    apr_status_t rv;

    /* The first pass only checks the configuration; the real one follows
     * at once, so nothing is placed in shared memory for it. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    stats_block = stats_attach(s);
    if (g == NULL || g->blob == NULL) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     "LW00006: no signatures loaded: mod_logwatch inspects "
                     "nothing");
        return OK;
    }
    rv = apr_shm_create(&g->shm, g->blob_len, NULL, pconf);
    if (rv == APR_SUCCESS) {
        g->shm_blob = apr_shm_baseaddr_get(g->shm);
    }
    else {
        /* Still usable: the children inherit a private copy, only the
         * per-rule hit counters stop being shared between processes. */
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     "LW00002: cannot create a shared-memory segment of %"
                     APR_SIZE_T_FMT " bytes for the signatures; each process "
                     "keeps its own copy", g->blob_len);
        g->shm = NULL;
        g->shm_blob = apr_palloc(pconf, g->blob_len);
    }
    memcpy(g->shm_blob, g->blob, g->blob_len);
    g->blob = NULL;             /* it lived in ptemp, gone after this hook */

    if (stats_block != NULL) {
        apr_atomic_inc64(&stats_block->generation);
        apr_atomic_set64(&stats_block->loaded_at, (apr_uint64_t)apr_time_now());
        apr_atomic_set64(&stats_block->rules, (apr_uint64_t)g->nrules);
        apr_atomic_set64(&stats_block->shm_bytes, (apr_uint64_t)g->blob_len);
    }
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                 "LW00001: %d signatures loaded, generation %" APR_UINT64_T_FMT
                 ", %" APR_SIZE_T_FMT " bytes %s", g->nrules,
                 stats_block ? apr_atomic_read64(&stats_block->generation) : 0,
                 g->blob_len, g->shm ? "shared" : "per process");
    return OK;
}

void logwatch_shm_child_init(apr_pool_t *pchild, server_rec *s)
{
    logwatch_global_t *g = logwatch_g;
    char *err = NULL;
    apr_status_t rv;

    if (g == NULL || g->shm_blob == NULL)
        return;
    rv = lw_engine_create(&g->engine, g->shm_blob, g->blob_len, pchild, &err);
    if (rv != APR_SUCCESS) {
        g->engine = NULL;
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     "LW00004: this process cannot use the signatures and "
                     "inspects nothing: %s", err ? err : "unknown error");
        return;
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 "LW00013: engine attached, %d rules",
                 lw_engine_rule_count(g->engine));
}
