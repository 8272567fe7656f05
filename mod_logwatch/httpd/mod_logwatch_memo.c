/* mod_logwatch_memo.c: the memo of clean fields (core/lw_memo.h) for the
 * module. Most of a benign request's headers come back request after
 * request (Accept*, Sec-Fetch-*, sec-ch-ua*, a returning browser's
 * User-Agent, a site's Referers): the memo charges what inspecting them
 * cost instead of normalising and scanning them again, and the records
 * are the same as without it.
 *
 * A memo is not locked, so each thread that classifies has its own, in
 * a thread key made at child_init: made on the thread's first request,
 * from a pool of its own (never pchild, which threads must not allocate
 * from at once), and then only used. Its size is fixed (LogWatchMemo);
 * when full it empties itself. Memory: LogWatchMemo times the threads
 * that classify (ThreadsPerChild, plus mod_http2's workers) per child.
 *
 * Entries are valid for one engine and one set of limits: lw_memo_bind
 * (called by every classification) empties the memo when either differs
 * from the last request's. A memo lives no longer than its child, and a
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
#include "apr_thread_proc.h"
#include "apr_thread_mutex.h"

#include "mod_logwatch_config.h"
#include "mod_logwatch_memo.h"

APLOG_USE_MODULE(logwatch);

/* LogWatchMemo of the configuration pass being read (0: Off). Reset by
 * pre_config: a directive removed at a restart goes back to the default. */
static apr_size_t memo_bytes = LOGWATCH_MEMO_DEFAULT;

#if APR_HAS_THREADS
static apr_threadkey_t *memo_key;     /* this child's; NULL: no memos */
static apr_thread_mutex_t *memo_lock; /* the list, at a thread's first
                                       * request and exit only */
static server_rec *memo_server;
/* A thread whose memo could not be made: not tried again. */
static char memo_none;

typedef struct thread_memo {
    apr_pool_t *pool;
    lw_memo_t *memo;
    struct thread_memo *next, *prev;
} thread_memo_t;

/* The threads' memos, and what those whose threads ended had counted. */
static thread_memo_t *memo_list;
static apr_uint64_t gone_hits, gone_misses, gone_flushes;
static unsigned memo_threads;

/* A thread ends (mod_http2's workers come and go): its memo goes, its
 * counts stay. */
static void thread_memo_free(void *v)
{
    thread_memo_t *t = v;
    apr_uint64_t h, m, f;

    if (t == NULL || v == (void *)&memo_none)
        return;
    lw_memo_counts(t->memo, &h, &m, &f);
    apr_thread_mutex_lock(memo_lock);
    gone_hits += h;
    gone_misses += m;
    gone_flushes += f;
    if (t->prev)
        t->prev->next = t->next;
    else
        memo_list = t->next;
    if (t->next)
        t->next->prev = t->prev;
    apr_thread_mutex_unlock(memo_lock);
    apr_pool_destroy(t->pool);
}

/* LW00027 at the child's end: how much the memos answered (info). */
static apr_status_t memo_report(void *data)
{
    apr_uint64_t h, m, f, th = 0, tm = 0, tf = 0;
    thread_memo_t *t;

    (void)data;
    apr_thread_mutex_lock(memo_lock);
    th = gone_hits;
    tm = gone_misses;
    tf = gone_flushes;
    for (t = memo_list; t != NULL; t = t->next) {
        lw_memo_counts(t->memo, &h, &m, &f);
        th += h;
        tm += m;
        tf += f;
    }
    apr_thread_mutex_unlock(memo_lock);
    if (memo_threads)
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, memo_server,
                     LOGWATCH_LOGNO(00027)
                     "memo of clean fields: %u threads, %" APR_UINT64_T_FMT
                     " fields answered, %" APR_UINT64_T_FMT " inspected, %"
                     APR_UINT64_T_FMT " times emptied", memo_threads, th, tm,
                     tf);
    return APR_SUCCESS;
}
#else
static lw_memo_t *memo_only;          /* the process's one thread */
static int memo_tried;
static apr_pool_t *memo_pool;
#endif

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
#if APR_HAS_THREADS
    apr_status_t rv;

    memo_key = NULL;
    memo_list = NULL;
    memo_threads = 0;
    gone_hits = gone_misses = gone_flushes = 0;
    memo_server = s;
    if (memo_bytes == 0)
        return;
    /* In this order: pchild's cleanups run last first, so the key is
     * deleted (no thread end frees a memo any more) before the lock
     * goes, and the report comes before both. */
    rv = apr_thread_mutex_create(&memo_lock, APR_THREAD_MUTEX_DEFAULT,
                                 pchild);
    if (rv == APR_SUCCESS)
        rv = apr_threadkey_private_create(&memo_key, thread_memo_free,
                                          pchild);
    if (rv != APR_SUCCESS) {
        memo_key = NULL;
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                     LOGWATCH_LOGNO(00026)
                     "cannot make the memo's thread key: requests are "
                     "inspected without a memo in this child");
        return;
    }
    apr_pool_cleanup_register(pchild, NULL, memo_report,
                              apr_pool_cleanup_null);
#else
    (void)s;
    memo_pool = pchild;
    memo_only = NULL;
    memo_tried = 0;
#endif
}

lw_memo_t *logwatch_memo(void)
{
#if APR_HAS_THREADS
    thread_memo_t *t;
    void *v = NULL;
    apr_pool_t *p;

    if (memo_key == NULL)
        return NULL;
    apr_threadkey_private_get(&v, memo_key);
    if (v != NULL)
        return v == (void *)&memo_none ? NULL : ((thread_memo_t *)v)->memo;
    /* The thread's first request: its memo, once. */
    p = lw_pool_own(NULL);
    t = p != NULL ? apr_pcalloc(p, sizeof(*t)) : NULL;
    if (t != NULL) {
        t->pool = p;
        t->memo = lw_memo_create(p, memo_bytes);
    }
    if (t == NULL || t->memo == NULL
        || apr_threadkey_private_set(t, memo_key) != APR_SUCCESS) {
        if (p != NULL)
            apr_pool_destroy(p);
        apr_threadkey_private_set(&memo_none, memo_key);
        return NULL;
    }
    apr_thread_mutex_lock(memo_lock);
    t->next = memo_list;
    if (memo_list)
        memo_list->prev = t;
    memo_list = t;
    memo_threads++;
    apr_thread_mutex_unlock(memo_lock);
    return t->memo;
#else
    if (!memo_tried && memo_bytes != 0 && memo_pool != NULL)
        memo_only = lw_memo_create(memo_pool, memo_bytes);
    memo_tried = 1;
    return memo_only;
#endif
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
