/* mod_logwatch_leak.c: response evidence. The early pass (fixups), the
 * output filter that copies the first bytes of a flagged request's
 * response, and the verdicts leaked, webshell and anomalous_size at log
 * time.
 *
 * When the request is classified: whether a response is read depends on
 * the request being flagged, so the classification must come before the
 * response's first bytes pass the filter. A request for a static file
 * (no handler but the default one at fixups) is the exception: the
 * filter is added unclassified, and when the response reaches it as
 * file buckets ended by EOS, all in one brigade, it keeps a copy of
 * those buckets (a reference to the open file: nothing is read, the
 * response goes on untouched); the request is classified at log time,
 * after the response left, as without this file, and only when that
 * flags it are the copies read (leak_held_scan): the same bytes the
 * filter would have read. A worker so classifies while the client reads
 * its answer, not before sending it. Any other response, or a request
 * with a body kept, is classified when the filter or the body filter
 * first sees it, with the same inputs as at fixups.
 *
 * Where the filter sits: AP_FTYPE_CONTENT_SET - 1, after the handler and
 * the resource filters (mod_include, mod_sed) and before every
 * AP_FTYPE_CONTENT_SET filter, mod_deflate's among them: it sees the
 * bytes the application wrote, uncompressed. A response that is already
 * compressed when it reaches the filter (a precompressed file, PHP's
 * zlib.output_compression, a backend's gzip through mod_proxy) is not
 * read: it is counted as skipped.
 *
 * What it reads: it never delays nor changes a brigade. It reads the
 * data buckets of each brigade passed to it, in order, until it holds
 * LogWatchInspectResponse bytes, copying them into one buffer from the
 * request pool, then removes itself. Reading a bucket is what the next
 * filters do anyway: heap, pool, transient and mmap buckets give their
 * bytes in place; a pipe or socket bucket (mod_cgi, mod_cgid) is read
 * without blocking, once, and the brigade is passed on at once: what the
 * script has written by then is inspected, the rest of that stream is
 * read by the filters after this one and never waited for here; a file
 * bucket is read too, which
 * turns its first 8 KiB or so into a heap bucket, so the first part of a
 * file response to a flagged request is written by write() instead of
 * sendfile() (only for flagged requests, only up to the cap). The leak
 * rules run once, at the end of the response or when the cap is reached
 * (or at log time when the response ended early). Responses to requests
 * that are not flagged are never read: the filter is not even added, or
 * (a static file) it holds a copy of its file buckets until log time. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_strings.h"
#include "apr_thread_mutex.h"

#include "lw_leak.h"
#include "lw_norm.h"
#include "mod_logwatch_leak.h"
#include "mod_logwatch_memo.h"
#include "mod_logwatch_body.h"
#include "mod_logwatch_config.h"
#include "mod_logwatch_defense.h"
#include "mod_logwatch_shm.h"

APLOG_USE_MODULE(logwatch);

/* Paths whose usual size a child keeps. */
#define LEAK_SIZE_SLOTS 1024

/* The original request's, in its slot (logwatch_req_t). */
typedef struct logwatch_leak_state {
    request_rec *r;           /* the original request */
    int classified;           /* the early pass ran */
    int pending;              /* not flagged yet, a body to come: the
                               * filter classifies again when the
                               * response begins */
    apr_size_t body_len;      /* of body the last pass saw */
    int flagged;
    apr_uint32_t cats;        /* categories the leak rules read for */
    apr_size_t cap;
    char *buf;
    apr_size_t len;
    int scanned;              /* the leak rules have run */
    int found;
    int verdict;              /* -1 until log time */
    const apr_uint32_t *excl; /* LogWatchExclude ids here */
    int nexcl;
    int deferred;             /* not classified before the response: a
                               * static file's, held, is judged at log
                               * time (leak_hold) */
    int compressed;           /* so when it reached the filter */
    apr_bucket_brigade *held; /* copies of its file buckets, or NULL */
    /* Last, not zeroed (state_make): the classification fills res, the
     * leak rules ev when they find (found). */
    lw_result_t res;
    lw_evidence_t ev;
} leak_state_t;

static ap_filter_rec_t *leak_filter_handle;

/* The usual sizes, one table per child (threads share it under the
 * mutex). Made in child_init, never per request. */
static lw_sizes_t *sizes;
#if APR_HAS_THREADS
static apr_thread_mutex_t *sizes_mutex;
#endif

/* The state of r's original request (an internal redirect's response
 * is the original's), or NULL. */
static leak_state_t *state_of(request_rec *r)
{
    const logwatch_req_t *q;

    while (r->prev != NULL)
        r = r->prev;
    q = logwatch_req_get(r);
    return q != NULL ? q->leak : NULL;
}

static leak_state_t *state_make(request_rec *r)
{
    logwatch_req_t *q;

    while (r->prev != NULL)
        r = r->prev;
    q = logwatch_req_make(r);
    if (q->leak == NULL) {
        q->leak = apr_palloc(r->pool, sizeof(*q->leak));
        memset(q->leak, 0, APR_OFFSETOF(leak_state_t, res));
        q->leak->res.nhits = 0;
        q->leak->verdict = -1;
    }
    return q->leak;
}

/* What the request carried, for the leak rules to tell a page that echoes
 * its input from one that leaks: the target as sent and decoded, and the
 * body kept, decoded. */
static const char *request_text(request_rec *r, apr_size_t *len)
{
    const logwatch_server_conf *sc =
        ap_get_module_config(r->server->module_config, &logwatch_module);
    const char *uri, *body = "";
    apr_size_t ulen, blen = 0, rlen;
    lw_request_t req;
    char *out;

    logwatch_request_of(r, sc, &req);
    logwatch_body_get(r, &req);
    if (req.uri == NULL)
        req.uri = "";
    uri = lw_normalize(r->pool, req.uri, strlen(req.uri),
                       LW_N_DECODE | LW_N_PLUS, &ulen);
    if (req.body != NULL && req.body_len > 0)
        body = lw_normalize(r->pool, req.body, req.body_len,
                            LW_N_DECODE | LW_N_PLUS, &blen);
    rlen = strlen(req.uri);
    *len = rlen + 1 + ulen + 1 + blen;
    out = apr_palloc(r->pool, *len);
    memcpy(out, req.uri, rlen);
    out[rlen] = '\n';
    memcpy(out + rlen + 1, uri, ulen);
    out[rlen + 1 + ulen] = '\n';
    memcpy(out + rlen + 2 + ulen, body, blen);
    return out;
}

static void leak_scan(request_rec *r, leak_state_t *st)
{
    const logwatch_server_conf *sc;
    lw_limits_t lim;
    const char *in;
    apr_size_t inlen;

    if (st->scanned || logwatch_g == NULL || logwatch_g->engine == NULL)
        return;
    st->scanned = 1;
    if (st->len == 0)
        return;
    sc = ap_get_module_config(r->server->module_config, &logwatch_module);
    logwatch_limits(sc, &lim);
    LOGWATCH_COUNT(responses_inspected);
    LOGWATCH_COUNT_ADD(response_bytes, st->len);
    in = request_text(st->r ? st->r : r, &inlen);
    st->found = lw_leak_scan(logwatch_g->engine, st->cats, st->buf, st->len,
                             st->excl, st->nexcl, in, inlen, &lim, r->pool,
                             &st->ev);
}

/* Content-Encoding other than identity: the bytes are not the page's. */
static int compressed(request_rec *r)
{
    const char *ce = apr_table_get(r->headers_out, "Content-Encoding");

    if (ce == NULL && !apr_is_empty_table(r->err_headers_out))
        ce = apr_table_get(r->err_headers_out, "Content-Encoding");
    return ce != NULL && *ce && strcasecmp(ce, "identity") != 0;
}

/* The categories the leak rules read a response for, of a result: none
 * when it is not flagged, when the source is ignored or leak excluded
 * here. */
static void leak_cats(request_rec *r, const logwatch_dir_conf *dc,
                      leak_state_t *st, int flagged, const lw_result_t *res)
{
    st->cats = 0;
    if (!flagged || logwatch_defense_ignored(r)
        || (dc != NULL && (dc->excl_cats & (1u << LW_CAT_LEAK))))
        return;
    st->cats = res->categories & lw_leak_wanted(logwatch_g->engine);
    if (dc != NULL) {
        st->excl = (const apr_uint32_t *)dc->excl_ids->elts;
        st->nexcl = dc->excl_ids->nelts;
    }
}

/* Request line, headers and the body read so far, classified as at log
 * time (LogWatchExclude of the original request's place). */
static void classify(request_rec *r, leak_state_t *st)
{
    const logwatch_dir_conf *dc;
    const logwatch_server_conf *sc;
    lw_request_t req;
    lw_limits_t lim;

    dc = ap_get_module_config(r->per_dir_config, &logwatch_module);
    sc = ap_get_module_config(r->server->module_config, &logwatch_module);
    logwatch_request_of(r, sc, &req);
    logwatch_body_get(r, &req);
    logwatch_limits_at(sc, dc, &lim);
    st->flagged = lw_classify_memo(logwatch_g->engine, &req, &lim, r->pool,
                                   &st->res, logwatch_memo());
    if (st->flagged)
        st->flagged = logwatch_exclude(dc, &st->res, lim.min_score);
    st->body_len = req.body_len;
    st->classified = 1;
    st->deferred = 0;
    leak_cats(r, dc, st, st->flagged, &st->res);
}

/* A response of file buckets alone, ended in this brigade: a static
 * file as the default handler passes it. */
static int file_only(apr_bucket_brigade *bb)
{
    apr_bucket *b;

    for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
         b = APR_BUCKET_NEXT(b)) {
        if (APR_BUCKET_IS_EOS(b))
            return 1;
        if (!APR_BUCKET_IS_FILE(b) && !APR_BUCKET_IS_METADATA(b))
            return 0;
    }
    return 0;
}

/* Keep a copy of the file buckets up to the cap: a copy of a file bucket
 * shares the open file (a reference count), reads nothing and leaves the
 * response as it is. */
static void leak_hold(request_rec *r, leak_state_t *st,
                      apr_bucket_brigade *bb)
{
    apr_size_t n = 0;
    apr_bucket *b, *c;

    st->compressed = compressed(r);
    st->held = apr_brigade_create(st->r->pool, bb->bucket_alloc);
    for (b = APR_BRIGADE_FIRST(bb);
         b != APR_BRIGADE_SENTINEL(bb) && n < st->cap;
         b = APR_BUCKET_NEXT(b)) {
        if (!APR_BUCKET_IS_FILE(b) || b->length == 0)
            continue;
        if (apr_bucket_copy(b, &c) != APR_SUCCESS)
            break;
        APR_BRIGADE_INSERT_TAIL(st->held, c);
        n += b->length;
    }
}

/* At log time, a flagged request whose response was held: the leak
 * rules read its first bytes, as the filter would have. */
static void leak_held_scan(request_rec *r, leak_state_t *st, int flagged,
                           const lw_result_t *res)
{
    const logwatch_dir_conf *dc =
        ap_get_module_config(r->per_dir_config, &logwatch_module);
    apr_bucket *b;

    st->deferred = 0;
    leak_cats(r, dc, st, flagged, res);
    if (st->cats == 0) {
        st->scanned = 1;
        return;
    }
    if (st->compressed) {
        LOGWATCH_COUNT(responses_skipped);
        st->scanned = 1;
        return;
    }
    st->buf = apr_palloc(r->pool, st->cap);
    for (b = APR_BRIGADE_FIRST(st->held);
         b != APR_BRIGADE_SENTINEL(st->held) && st->len < st->cap;
         b = APR_BUCKET_NEXT(b)) {
        const char *data;
        apr_size_t n;

        if (apr_bucket_read(b, &data, &n, APR_BLOCK_READ) != APR_SUCCESS)
            break;
        if (n > st->cap - st->len)
            n = st->cap - st->len;
        memcpy(st->buf + st->len, data, n);
        st->len += n;
    }
    apr_brigade_cleanup(st->held);
    leak_scan(r, st);
}

static apr_status_t leak_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    leak_state_t *st = f->ctx;
    apr_bucket *b;

    if (st->deferred) {
        /* A static file is held and judged at log time, after it left;
         * anything else is classified now, before it passes, as the early
         * pass would have at fixups. */
        if (file_only(bb)) {
            leak_hold(f->r, st, bb);
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        if (logwatch_g != NULL && logwatch_g->engine != NULL)
            classify(st->r, st);
        st->deferred = 0;
        if (st->cats == 0)
            st->scanned = 1;
    }
    if (st->pending && !st->scanned) {
        /* The response begins: the application has read what it reads of
         * the body before answering. Only a request now flagged has its
         * response read. */
        st->pending = 0;
        if (logwatch_g != NULL && logwatch_g->engine != NULL)
            classify(st->r, st);
        if (st->cats == 0)
            st->scanned = 1;
    }
    if (st->scanned) {
        ap_remove_output_filter(f);
        return ap_pass_brigade(f->next, bb);
    }
    if (st->buf == NULL) {
        if (compressed(f->r)) {
            LOGWATCH_COUNT(responses_skipped);
            st->scanned = 1;
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        st->buf = apr_palloc(f->r->pool, st->cap);
    }
    for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
         b = APR_BUCKET_NEXT(b)) {
        const char *data;
        apr_size_t n;
        int stream;

        if (APR_BUCKET_IS_EOS(b)) {
            leak_scan(f->r, st);
            break;
        }
        if (APR_BUCKET_IS_METADATA(b) || b->length == 0)
            continue;
        stream = b->length == (apr_size_t)-1;
        if (apr_bucket_read(b, &data, &n, stream ? APR_NONBLOCK_READ
                                                 : APR_BLOCK_READ)
            != APR_SUCCESS) {
            if (!stream)
                leak_scan(f->r, st);   /* what came so far */
            break;
        }
        if (n > st->cap - st->len)
            n = st->cap - st->len;
        memcpy(st->buf + st->len, data, n);
        st->len += n;
        if (st->len == st->cap) {
            leak_scan(f->r, st);
            break;
        }
        if (stream)
            break;      /* no second wait on a pipe or socket */
    }
    if (st->scanned)
        ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* The early pass: request line and headers, as the log-time pass reads
 * them, so the result is the same (and reused at log time). Subrequests
 * are not requests of the client's; an internal redirect's response is
 * the original request's, read with the original's state. */
static int leak_fixups(request_rec *r)
{
    logwatch_global_t *g = logwatch_g;
    const logwatch_dir_conf *dc;
    const logwatch_server_conf *sc;
    request_rec *orig = r;
    leak_state_t *st;
    apr_size_t cap;

    if (g == NULL || g->engine == NULL || r->main != NULL
        || r->the_request == NULL)
        return DECLINED;
    while (orig->prev != NULL)
        orig = orig->prev;
    if (orig != r) {
        st = state_of(r);
        if (st != NULL && (st->cats || st->pending || st->deferred)
            && !st->scanned && st->held == NULL)
            ap_add_output_filter_handle(leak_filter_handle, st, r,
                                        r->connection);
        return DECLINED;
    }
    if (state_of(r) != NULL)
        return DECLINED;
    dc = ap_get_module_config(r->per_dir_config, &logwatch_module);
    if (dc != NULL && dc->enabled == 0)
        return DECLINED;
    sc = ap_get_module_config(r->server->module_config, &logwatch_module);
    cap = logwatch_inspect_response(sc);
    if (cap == 0 || lw_leak_wanted(g->engine) == 0)
        return DECLINED;   /* the log-time pass does it all */
    st = state_make(r);
    st->r = r;
    st->cap = cap;
    if ((r->handler == NULL || strcmp(r->handler, "default-handler") == 0)
        && r->proto_num < HTTP_VERSION(2, 0)) {
        /* A static file, most likely: its response can be held and the
         * request judged at log time, after the response left (the
         * filter decides on what reaches it). Not over HTTP/2, where
         * another thread may still read the file when the request is
         * logged: a copy shares the file's offset. */
        st->deferred = 1;
        ap_add_output_filter_handle(leak_filter_handle, st, r,
                                    r->connection);
        return DECLINED;
    }
    classify(r, st);
    /* A request not flagged here gets the filter only when a body is
     * kept for it (logwatch_leak_body_coming): nothing else could change
     * its verdict before the response. */
    if (st->cats != 0)
        ap_add_output_filter_handle(leak_filter_handle, st, r,
                                    r->connection);
    return DECLINED;
}

void logwatch_leak_body_coming(request_rec *r)
{
    leak_state_t *st = state_of(r);

    if (st != NULL && st->deferred && st->held == NULL
        && logwatch_g != NULL && logwatch_g->engine != NULL) {
        /* A body to read: judged now, as the early pass would have at
         * fixups (no body kept yet); the filter is there already. */
        classify(st->r, st);
        if (!st->flagged)
            st->pending = 1;
        else if (st->cats == 0)
            st->scanned = 1;
        return;
    }
    /* A body attack shows only once the application read the body: the
     * filter asks again when the response begins. An internal redirect
     * that comes later gets the filter at its fixups (leak_fixups). */
    if (st == NULL || !st->classified || st->flagged || st->pending
        || st->scanned)
        return;
    st->pending = 1;
    ap_add_output_filter_handle(leak_filter_handle, st, r, r->connection);
}

int logwatch_leak_early(request_rec *r, apr_size_t body_len, lw_result_t *res,
                        int *flagged)
{
    leak_state_t *st = state_of(r);

    *flagged = 0;
    if (st == NULL || !st->classified)
        return 0;
    /* an unflagged result is never read: most requests, not copied */
    if (st->flagged)
        *res = st->res;
    *flagged = st->flagged;
    return st->body_len == body_len;
}

/* "vhost path": the key of the usual-size table. */
static const char *size_key(request_rec *r, apr_size_t *len)
{
    const char *path = r->parsed_uri.path ? r->parsed_uri.path : r->uri;
    const char *k = apr_pstrcat(r->pool, r->server->server_hostname
                                ? r->server->server_hostname : "", " ",
                                path ? path : "", NULL);

    *len = strlen(k);
    return k;
}

static void sizes_lock(void)
{
#if APR_HAS_THREADS
    if (sizes_mutex != NULL)
        apr_thread_mutex_lock(sizes_mutex);
#endif
}

static void sizes_unlock(void)
{
#if APR_HAS_THREADS
    if (sizes_mutex != NULL)
        apr_thread_mutex_unlock(sizes_mutex);
#endif
}

int logwatch_leak_log(request_rec *r, const request_rec *last,
                      const lw_request_t *req, const lw_result_t *res,
                      int flagged)
{
    leak_state_t *st;
    int v = lw_verdict_of_status(last->status);
    apr_size_t klen;
    const char *key;

    if (!flagged) {
        /* Only responses to requests that are no attack make the usual
         * size: an attacker cannot teach the table his own. */
        if (sizes != NULL && v == LW_V_SERVED && last->bytes_sent > 0
            && r->header_only == 0) {
            key = size_key(r, &klen);
#if APR_HAS_THREADS
            /* Every answered request comes here: never wait for the
             * table, a busy one misses this sample. */
            if (sizes_mutex != NULL
                && apr_thread_mutex_trylock(sizes_mutex) != APR_SUCCESS)
                return v;
            lw_sizes_add(sizes, key, klen, last->bytes_sent);
            sizes_unlock();
#else
            lw_sizes_add(sizes, key, klen, last->bytes_sent);
#endif
        }
        return v;
    }
    st = state_of(r);
    if (st != NULL && st->deferred && st->held != NULL)
        leak_held_scan(r, st, flagged, res);   /* a static file's */
    if (st != NULL && st->cats && !st->scanned)
        leak_scan(r, st);     /* the response ended before its EOS */
    if (st != NULL && st->found) {
        v = st->ev.verdict;
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, LOGWATCH_LOGNO(00025)
                      "response evidence: %s, rule %u (%s)",
                      lw_verdict_name(v), st->ev.rule_id, st->ev.msg);
    }
    else if (v == LW_V_SERVED && (res->categories & (1u << LW_CAT_RCE))
             && lw_leak_upload_script(req->uri)) {
        v = LW_V_WEBSHELL;
    }
    else if (v == LW_V_SERVED && sizes != NULL) {
        int odd;
        key = size_key(r, &klen);
        sizes_lock();
        odd = lw_sizes_unusual(sizes, key, klen, last->bytes_sent);
        sizes_unlock();
        if (odd)
            v = LW_V_ANOMALOUS_SIZE;
    }
    state_make(r)->verdict = v;
    return v;
}

void logwatch_leak_fill(request_rec *r, lw_record_t *rec)
{
    leak_state_t *st = state_of(r);

    if (st == NULL || st->verdict < 0)
        return;
    rec->verdict = lw_verdict_name(st->verdict);
    if (st->found) {
        rec->ev_id = st->ev.rule_id;
        rec->ev_msg = st->ev.msg;
        rec->ev_excerpt = st->ev.excerpt;
        rec->ev_excerpt_len = st->ev.excerpt_len;
    }
}

int logwatch_leak_verdict(request_rec *r, const request_rec *last)
{
    leak_state_t *st = state_of(r);

    if (st != NULL && st->verdict >= 0)
        return st->verdict;
    return lw_verdict_of_status(last->status);
}

static void leak_child_init(apr_pool_t *pchild, server_rec *s)
{
    (void)s;
    sizes = lw_sizes_create(pchild, LEAK_SIZE_SLOTS);
#if APR_HAS_THREADS
    if (apr_thread_mutex_create(&sizes_mutex, APR_THREAD_MUTEX_DEFAULT,
                                pchild) != APR_SUCCESS)
        sizes = NULL;   /* no table rather than a racy one */
#endif
}

void logwatch_leak_register_hooks(apr_pool_t *p)
{
    (void)p;
    /* Last: other modules' fixups (mod_rewrite's per-directory rules
     * among them) have decided what the request is. */
    ap_hook_fixups(leak_fixups, NULL, NULL, APR_HOOK_LAST);
    ap_hook_child_init(leak_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    leak_filter_handle = ap_register_output_filter("LOGWATCH_LEAK",
                                                   leak_filter, NULL,
                                                   AP_FTYPE_CONTENT_SET - 1);
}
