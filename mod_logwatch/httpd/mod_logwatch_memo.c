/* mod_logwatch_memo.c: the memo of clean fields (core/lw_memo.h) for the
 * module. Most of a benign request's headers come back request after
 * request (Accept*, Sec-Fetch-*, sec-ch-ua*, a returning browser's
 * User-Agent, a site's Referers and paths): the memo charges what
 * inspecting them cost instead of normalising and scanning them again,
 * and the records are the same as without it.
 *
 * One memo per child, shared by its threads (lw_memo_create_shared: up
 * to 16 parts, each used by one thread at a time; a part in use is a
 * miss, never a wait), made at child_init from pchild
 * before any thread runs, then only used. A memo per thread learnt each
 * field once per thread (the event MPM hands a connection's requests to
 * any of its threads) and, at LogWatchMemo per thread, was full long
 * before a site's paths and User-Agents were in it. Its size:
 * LogWatchMemo times the child's threads (ThreadsPerChild; 1 under
 * prefork), at most LOGWATCH_MEMO_MAX: the memory of a memo per thread,
 * in one place. When full a part empties itself.
 *
 * Entries are valid for one engine and one set of limits: the memo
 * serves the first request's (lw_memo_bind refuses a request with other
 * limits, a virtual host's own LogWatchMaxInspect say, which is then
 * inspected without it). A memo lives no longer than its child, and a
 * child serves one generation with one engine (inherited from the parent
 * or built in its child_init): a graceful restart's new engine is only
 * ever seen by new children, with new memos, so an engine reusing an old
 * one's address cannot meet the old entries. LogWatchExclude works on the
 * result after classification, and the memo keeps only fields that
 * matched nothing, so a place's exclusions never reach it. A request
 * body's fields do not go through the memo (the core reads them with
 * limits of their own); the request line and headers of the same request
 * do, in the early pass and at log time. */
#include <strings.h>

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "ap_mpm.h"

#include "mod_logwatch_config.h"
#include "mod_logwatch_memo.h"

APLOG_USE_MODULE(logwatch);

/* LogWatchMemo of the configuration pass being read (0: Off). Reset by
 * pre_config: a directive removed at a restart goes back to the default. */
static apr_size_t memo_bytes = LOGWATCH_MEMO_DEFAULT;

/* This child's memo (NULL: none), and the server its report goes to. */
static lw_memo_t *memo_child;
static server_rec *memo_server;

/* LW00027 at the child's end: how much the memo answered (info). */
static apr_status_t memo_report(void *data)
{
    apr_uint64_t h, m, f;

    (void)data;
    if (memo_child == NULL)
        return APR_SUCCESS;
    lw_memo_counts(memo_child, &h, &m, &f);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, memo_server,
                 LOGWATCH_LOGNO(00027)
                 "memo of clean fields (shared by the child's threads): %"
                 APR_UINT64_T_FMT " fields answered, %" APR_UINT64_T_FMT
                 " inspected, %" APR_UINT64_T_FMT " times emptied", h, m, f);
    memo_child = NULL;
    return APR_SUCCESS;
}

static int memo_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                           apr_pool_t *ptemp)
{
    (void)pconf;
    (void)plog;
    (void)ptemp;
    memo_bytes = LOGWATCH_MEMO_DEFAULT;
    return OK;
}

static void memo_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_size_t bytes = memo_bytes;
    int threads = 1;

    memo_child = NULL;
    memo_server = s;
    if (memo_bytes == 0)
        return;
    if (ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads) != APR_SUCCESS
        || threads < 1)
        threads = 1;
    if (bytes > LOGWATCH_MEMO_MAX / (apr_size_t)threads)
        bytes = LOGWATCH_MEMO_MAX;
    else
        bytes *= (apr_size_t)threads;
    memo_child = lw_memo_create_shared(pchild, bytes, threads);
    if (memo_child == NULL) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     LOGWATCH_LOGNO(00026)
                     "cannot make the memo of clean fields: requests are "
                     "inspected without it in this child");
        return;
    }
    apr_pool_cleanup_register(pchild, NULL, memo_report,
                              apr_pool_cleanup_null);
}

lw_memo_t *logwatch_memo(void)
{
    return memo_child;
}

const char *logwatch_set_memo(cmd_parms *cmd, void *dcv, const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    apr_uint64_t v;

    (void)dcv;
    if (err != NULL)
        return err;
    if (strcasecmp(arg, "off") == 0) {
        memo_bytes = 0;
        return NULL;
    }
    err = logwatch_parse_number(cmd, NULL, arg, LW_NUM_UNITS, 64 * 1024,
                                LOGWATCH_MEMO_MAX, &v);
    if (err == NULL)
        memo_bytes = (apr_size_t)v;
    return err;
}

void logwatch_memo_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_pre_config(memo_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(memo_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}
