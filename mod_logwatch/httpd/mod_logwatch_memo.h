/* mod_logwatch_memo.h: the memo of clean fields (core/lw_memo.h) in httpd,
 * one per thread that classifies (mod_logwatch_memo.c). */
#ifndef MOD_LOGWATCH_MEMO_H
#define MOD_LOGWATCH_MEMO_H

#include "mod_logwatch.h"
#include "lw_memo.h"

/* LogWatchMemo's default: bytes per thread. */
#define LOGWATCH_MEMO_DEFAULT (128u * 1024)
#define LOGWATCH_MEMO_MAX (64u * 1024 * 1024)

void logwatch_memo_register_hooks(apr_pool_t *p);

/* LogWatchMemo BYTES|Off (main server only). */
const char *logwatch_set_memo(cmd_parms *cmd, void *dcv, const char *arg);

/* The calling thread's memo, made on its first call (from a pool of its
 * own, never again after), or NULL: LogWatchMemo Off, or it could not be
 * made. For lw_classify_memo / lw_classify_again only, from the thread
 * that asked. */
lw_memo_t *logwatch_memo(void);

#endif
