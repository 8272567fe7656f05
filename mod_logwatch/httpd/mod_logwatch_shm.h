/* mod_logwatch_shm.h: the signatures in shared memory, the engine made
 * from them, and the shared counters (mod_logwatch_shm.c). */
#ifndef MOD_LOGWATCH_SHM_H
#define MOD_LOGWATCH_SHM_H

#include "mod_logwatch.h"
#include "apr_atomic.h"

/* pre_config: the pool the signatures are compiled in (g->build). */
void logwatch_shm_pre_config(apr_pool_t *ptemp);
int logwatch_shm_post_config(apr_pool_t *pconf, server_rec *s);
void logwatch_shm_child_init(apr_pool_t *pchild, server_rec *s);
/* The shared counters, or NULL before the first real start. */
logwatch_stats_t *logwatch_stats(void);
/* Bump one total (a name of LOGWATCH_TOTALS), when the counters exist. */
#define LOGWATCH_COUNT(name) do {                                   \
        logwatch_stats_t *lwst_ = logwatch_stats();                 \
        if (lwst_ != NULL)                                          \
            apr_atomic_inc64(&lwst_->totals[LOGWATCH_T_##name]);    \
    } while (0)
#define LOGWATCH_COUNT_ADD(name, n) do {                            \
        logwatch_stats_t *lwst_ = logwatch_stats();                 \
        if (lwst_ != NULL)                                          \
            apr_atomic_add64(&lwst_->totals[LOGWATCH_T_##name],      \
                             (apr_uint64_t)(n));                    \
    } while (0)

#endif
