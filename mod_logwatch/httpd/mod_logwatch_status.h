/* mod_logwatch_status.h: SetHandler logwatch-status (HTML, ?json,
 * ?metrics) and the section on mod_status's page (mod_logwatch_status.c). */
#ifndef MOD_LOGWATCH_STATUS_H
#define MOD_LOGWATCH_STATUS_H

#include "apr_pools.h"

/* The handler and mod_status's hook (from register_hooks). */
void logwatch_status_register_hooks(apr_pool_t *p);

#endif
