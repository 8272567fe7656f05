/* mod_logwatch_memo.h: the memo of clean fields (core/lw_memo.h) in httpd,
 * one per child, shared by its threads (mod_logwatch_memo.c). */
#ifndef MOD_LOGWATCH_MEMO_H
#define MOD_LOGWATCH_MEMO_H

#include "mod_logwatch.h"
#include "lw_memo.h"

/* LogWatchMemo's default: bytes per thread (a child's memo has this
 * times its threads, at most LOGWATCH_MEMO_MAX). */
#define LOGWATCH_MEMO_DEFAULT (128u * 1024)
#define LOGWATCH_MEMO_MAX (64u * 1024 * 1024)

void logwatch_memo_register_hooks(apr_pool_t *p);

/* LogWatchMemo BYTES|Off (main server only). */
const char *logwatch_set_memo(cmd_parms *cmd, void *dcv, const char *arg);

/* This child's memo (made at child_init), or NULL: LogWatchMemo Off, or
 * it could not be made. For lw_classify_memo / lw_classify_again, from
 * any thread. */
lw_memo_t *logwatch_memo(void);

#endif
