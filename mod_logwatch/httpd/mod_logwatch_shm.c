/* mod_logwatch_shm.c: the compiled signatures in shared memory, the shared
 * counters, and the engine.
 *
 * The parent compiles once per configuration pass (in the directive
 * handler, see mod_logwatch_config.c); post_config copies the blob into an
 * anonymous segment of pconf and builds the engine on it (decoding and
 * JIT-compiling the patterns, building the literal prefilter) in a pool of
 * its own under pconf. Every child inherits both at fork: the engine's
 * pages stay shared copy-on-write, as the children only read them (the
 * hit counters they bump live in the segment). If the parent cannot build
 * the engine, each child builds its own in child_init, as before.
 *
 * A graceful restart clears pconf: the parent drops the old segment and
 * the old engine while the old children keep their copies until they
 * exit. So that the parent's memory stays flat over restarts, the engine
 * and the compilation each get an allocator of their own (freed to malloc,
 * not kept on pconf's free lists), and the parent then hands the JIT's
 * unused executable memory and malloc's free pages back to the system. */
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "apr_shm.h"
#include "apr_atomic.h"
#include "apr_strings.h"

#include "mod_logwatch_config.h"
#include "mod_logwatch_shm.h"

APLOG_USE_MODULE(logwatch);

/* The counters live in a segment made once per httpd lifetime (retained
 * across restarts), so totals keep counting through graceful restarts and
 * old-generation children still finishing requests count into the same
 * place as the new ones. */
/* The key names the layout (with the struct's size): bumped when the
 * meaning of the counters changes at the same size. */
#define RETAINED_KEY "mod_logwatch-stats-3"

typedef struct {
    apr_shm_t *shm;
    logwatch_stats_t *stats;
} logwatch_retained_t;

/* logwatch_g->stats: set in the parent's post_config, inherited by the
 * children. */
logwatch_stats_t *logwatch_stats(void)
{
    return logwatch_g != NULL ? logwatch_g->stats : NULL;
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
                     LOGWATCH_LOGNO(00003)
                     "cannot create the shared counters; the module "
                     "works without them");
        return NULL;
    }
    rt->stats = apr_shm_baseaddr_get(rt->shm);
    memset(rt->stats, 0, sizeof(*rt->stats));
    return rt->stats;
}

/* A pool with an allocator of its own, child of parent (NULL when it
 * cannot be made): destroying it gives its memory back to malloc, where a
 * pool of the shared allocator (pconf's, ptemp's) would keep it on free
 * lists for ever, reused only by blocks no larger; a set that grows at a
 * restart then takes new memory each time. */
static apr_pool_t *pool_own(apr_pool_t *parent, const char *tag)
{
    apr_pool_t *p = lw_pool_own(parent);

    if (p != NULL)
        apr_pool_tag(p, tag);
    return p;
}

/* Runs in the parent after a pool of its own was destroyed (cleanups of a
 * pool run after its subpools are gone): the JIT keeps the executable
 * memory of freed patterns for reuse, and malloc keeps freed pages below
 * the top of its heap; give both back. Not in a child: at its exit it
 * would only do work for nothing. */
static apr_status_t release_unused(void *data)
{
    const logwatch_global_t *g = data;

    if (getpid() != g->parent_pid)
        return APR_SUCCESS;
    pcre2_jit_free_unused_memory(NULL);
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return APR_SUCCESS;
}

void logwatch_shm_pre_config(apr_pool_t *ptemp)
{
    logwatch_global_t *g = logwatch_g;

    g->parent_pid = getpid();
    /* ptemp lives until the end of post_config, when the blob has been
     * copied into the segment; NULL: the compilation uses ptemp itself. */
    g->build = pool_own(ptemp, "logwatch-build");
    apr_pool_cleanup_register(ptemp, g, release_unused,
                              apr_pool_cleanup_null);
}

/* The engine, once for every process of this generation, in a pool of its
 * own under pconf. On failure the children build their own (LW00004 in a
 * child says when that fails too). */
static void parent_engine(apr_pool_t *pconf, server_rec *s)
{
    logwatch_global_t *g = logwatch_g;
    apr_pool_t *p = pool_own(pconf, "logwatch-engine");
    char *err = NULL;
    apr_status_t rv = APR_ENOMEM;

    apr_pool_cleanup_register(pconf, g, release_unused,
                              apr_pool_cleanup_null);
    if (p != NULL)
        rv = lw_engine_create(&g->engine, g->shm_blob, g->blob_len, p, &err);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                     LOGWATCH_LOGNO(00021)
                     "cannot build the engine in the parent (%s); "
                     "each child builds its own",
                     err ? err : "no memory for its pool");
        g->engine = NULL;
        if (p != NULL)
            apr_pool_destroy(p);
        return;
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 LOGWATCH_LOGNO(00013)
                 "engine attached in the parent, %d rules, shared "
                 "by the children", lw_engine_rule_count(g->engine));
}

int logwatch_shm_post_config(apr_pool_t *pconf, server_rec *s)
{
    logwatch_global_t *g = logwatch_g;
    apr_status_t rv;

    /* The first pass only checks the configuration; the real one follows
     * at once, so nothing is placed in shared memory for it. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    logwatch_g->stats = stats_attach(s);
    if (g == NULL || g->blob == NULL) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     LOGWATCH_LOGNO(00006)
                     "no signatures loaded: mod_logwatch inspects "
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
                     LOGWATCH_LOGNO(00002)
                     "cannot create a shared-memory segment of %"
                     APR_SIZE_T_FMT " bytes for the signatures; each process "
                     "keeps its own copy", g->blob_len);
        g->shm = NULL;
        g->shm_blob = apr_palloc(pconf, g->blob_len);
    }
    memcpy(g->shm_blob, g->blob, g->blob_len);
    g->blob = NULL;
    /* The set and the check of its examples are done with: free them now,
     * so that they and the engine are never in memory together and the
     * parent is back to its size by the time LW00001 is logged. */
    g->rs = NULL;
    if (g->build != NULL) {
        apr_pool_destroy(g->build);
        g->build = NULL;
        release_unused(g);
    }
    parent_engine(pconf, s);

    if (logwatch_g->stats != NULL) {
        apr_atomic_inc64(&logwatch_g->stats->generation);
        apr_atomic_set64(&logwatch_g->stats->loaded_at, (apr_uint64_t)apr_time_now());
        apr_atomic_set64(&logwatch_g->stats->rules, (apr_uint64_t)g->nrules);
        apr_atomic_set64(&logwatch_g->stats->shm_bytes, (apr_uint64_t)g->blob_len);
    }
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                 LOGWATCH_LOGNO(00001)
                 "%d signatures loaded, generation %" APR_UINT64_T_FMT
                 ", %" APR_SIZE_T_FMT " bytes %s", g->nrules,
                 logwatch_g->stats ? apr_atomic_read64(&logwatch_g->stats->generation) : 0,
                 g->blob_len, g->shm ? "shared" : "per process");
    return OK;
}

void logwatch_shm_child_init(apr_pool_t *pchild, server_rec *s)
{
    logwatch_global_t *g = logwatch_g;
    char *err = NULL;
    apr_status_t rv;

    /* Inherited from the parent: nothing to do. */
    if (g == NULL || g->shm_blob == NULL || g->engine != NULL)
        return;
    rv = lw_engine_create(&g->engine, g->shm_blob, g->blob_len, pchild, &err);
    if (rv != APR_SUCCESS) {
        g->engine = NULL;
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     LOGWATCH_LOGNO(00004)
                     "this process cannot use the signatures and "
                     "inspects nothing: %s", err ? err : "unknown error");
        return;
    }
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                 LOGWATCH_LOGNO(00024)
                 "engine attached in this child, %d rules",
                 lw_engine_rule_count(g->engine));
}
