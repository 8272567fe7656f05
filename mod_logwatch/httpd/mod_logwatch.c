/* mod_logwatch.c: the module record, its hooks, and the per-request work at
 * log time: classify what the access log's %r shows (and the body's first
 * bytes, mod_logwatch_body.c), mark the request with the LOGWATCH note and
 * variable, and write one JSON record. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "apr_atomic.h"
#include "apr_network_io.h"

#include "lw_record.h"
#include "mod_logwatch_body.h"
#include "mod_logwatch_config.h"
#include "mod_logwatch_defense.h"
#include "mod_logwatch_leak.h"
#include "mod_logwatch_log.h"
#include "mod_logwatch_memo.h"
#include "mod_logwatch_shm.h"
#include "mod_logwatch_status.h"

APLOG_USE_MODULE(logwatch);

logwatch_global_t *logwatch_g;

/* ---- configuration-pass hooks ---- */

static int logwatch_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp)
{
    (void)plog;
    logwatch_g = apr_pcalloc(pconf, sizeof(*logwatch_g));
    logwatch_g->pconf = pconf;
    logwatch_g->defense_state = logwatch_defense_state_create(pconf);
    logwatch_shm_pre_config(ptemp);
    return OK;
}

static int logwatch_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                                 apr_pool_t *ptemp, server_rec *s)
{
    int rv;

    (void)plog;
    rv = logwatch_check_signatures(pconf, ptemp, s);
    if (rv == OK)
        rv = logwatch_log_check(ptemp, s);
    return rv;
}

/* The machine name goes into every record, and into the header of the
 * messages to a syslog collector, whose handles open_logs makes. */
static int logwatch_open_logs(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp, server_rec *s)
{
    char name[APRMAXHOSTLEN + 1];
    apr_status_t rv;

    rv = apr_gethostname(name, sizeof(name), pconf);
    if (rv == APR_SUCCESS) {
        logwatch_g->hostname = apr_pstrdup(pconf, name);
    }
    else {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                     LOGWATCH_LOGNO(00014)
                     "cannot read the host name; records use "
                     "ServerName unless LogWatchHostname is set");
        logwatch_g->hostname = s->server_hostname;
    }
    return logwatch_log_open(pconf, plog, ptemp, s);
}

static int logwatch_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                                apr_pool_t *ptemp, server_rec *s)
{
    (void)plog;
    (void)ptemp;
    logwatch_config_finalize(pconf, s);
    logwatch_signatures_report(s);
    return logwatch_shm_post_config(pconf, s);
}

static void logwatch_child_init(apr_pool_t *pchild, server_rec *s)
{
    logwatch_shm_child_init(pchild, s);
    logwatch_log_child_init(pchild, s);
}

/* ---- the request ---- */

/* Split the request line as the access log's %r shows it: method, then
 * the target, then the protocol when there are three parts or more (an
 * HTTP/0.9 line has none). Copies into p; any part may end up NULL. */
static void split_request_line(apr_pool_t *p, const char *line,
                               lw_request_t *req)
{
    char *s = apr_pstrdup(p, line);
    char *end, *sp;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'
                       || end[-1] == '\n'))
        *--end = '\0';
    req->method = *s ? s : NULL;
    sp = strpbrk(s, " \t");
    if (sp == NULL)
        return;
    *sp++ = '\0';
    while (*sp == ' ' || *sp == '\t')
        sp++;
    req->uri = sp;
    /* the last part is the protocol when something stands before it */
    for (end = sp + strlen(sp); end > sp && end[-1] != ' ' && end[-1] != '\t';
         end--)
        ;
    if (end > sp) {
        req->protocol = end;
        end--;
        while (end > sp && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        *end = '\0';
    }
}

/* "sqli lfi": the flagged categories, space separated. */
static const char *category_list(apr_pool_t *p, apr_uint32_t cats)
{
    char buf[160];
    apr_size_t len = 0;
    int c;

    for (c = 0; c < LW_CAT__COUNT; c++) {
        const char *name = lw_category_name(c);
        apr_size_t n;

        if (!(cats & (1u << c)) || name == NULL)
            continue;
        n = strlen(name);
        if (len + n + 2 > sizeof(buf))
            break;
        if (len > 0)
            buf[len++] = ' ';
        memcpy(buf + len, name, n);
        len += n;
    }
    return apr_pstrmemdup(p, buf, len);
}

/* At most LOGWATCH_ERRORS_PER_SEC server_error records in this process
 * for each second of their time stamp (the request's start, which a slow
 * request logs a second or more later). A slot per second, (second << 32)
 * | count, for the last LOGWATCH_ERR_SLOTS seconds (logwatch_g->err_slot),
 * updated by compare-and-swap; a request older than that is not
 * recorded. */

static int error_rate_ok(apr_time_t t)
{
    apr_uint32_t sec = (apr_uint32_t)apr_time_sec(t);
    volatile apr_uint64_t *slot =
        &logwatch_g->err_slot[sec % LOGWATCH_ERR_SLOTS];

    for (;;) {
        apr_uint64_t old = apr_atomic_read64(slot), nv;
        apr_uint32_t s = (apr_uint32_t)(old >> 32), n = (apr_uint32_t)old;

        if (s == sec) {
            if (n >= LOGWATCH_ERRORS_PER_SEC)
                return 0;
            nv = old + 1;
        }
        else if ((apr_int32_t)(sec - s) > 0)
            nv = (apr_uint64_t)sec << 32 | 1;
        else
            return 0;
        if (apr_atomic_cas64(slot, nv, old) == old)
            return 1;
    }
}

static void write_record(request_rec *r, const request_rec *last,
                         const logwatch_server_conf *sc,
                         const lw_request_t *req, const lw_result_t *res,
                         apr_time_t now)
{
    conn_rec *c = r->connection;
    lw_record_t rec;

    /* The request's start, as the access log's %t: logwatch-scan reads %t,
     * so both tools give a request the same time. */
    logwatch_record_fill(&rec, r, last, sc, req,
                         r->request_time > 0 ? r->request_time : now);
    if (r->request_time > 0 && now >= r->request_time)
        rec.duration_us = now - r->request_time;
    rec.request_id = apr_table_get(r->subprocess_env, "UNIQUE_ID");
    if (rec.request_id == NULL) {
        /* No UNIQUE_ID (mod_unique_id absent, or the request failed before
         * it ran): the error log's id for this request, made now if no
         * error was logged yet, as the core does for %L. */
        if (r->log_id == NULL) {
            const char *id = NULL;

            if (ap_run_generate_log_id(c, r, &id) == OK && id != NULL)
                r->log_id = id;
        }
        rec.request_id = r->log_id;
    }
    if (res != NULL) {
        lw_record_set_result(&rec, res, r->pool);
        logwatch_leak_fill(r, &rec);
    }
    else {
        rec.categories = 1u << LW_CAT_SERVER_ERROR;
        rec.severity = LW_SEV_INFO;
        rec.score = 0;
    }
    logwatch_record_write(r, sc, &rec, now);
}

/* The index of name among the (few) names of a, or -1: the first letter
 * first. */
static int listed_at(const apr_array_header_t *a, const char *name)
{
    int i;

    for (i = 0; i < a->nelts; i++) {
        const char *n = APR_ARRAY_IDX(a, i, const char *);
        if ((n[0] | 0x20) == (name[0] | 0x20) && !strcasecmp(n, name))
            return i;
    }
    return -1;
}

/* The request line, then the named headers (User-Agent, Referer, Cookie
 * and LogWatchInspectHeader NAMEs, each with its repeats merged), then
 * every other header as it came (httpd merged repeats when it read them)
 * unless left out (-NAME, or "none"), LOGWATCH_MAX_HEADERS at most. One
 * pass over the headers: a named one seen twice is merged as
 * apr_table_getm merges it. */
void logwatch_request_of(request_rec *r, const logwatch_server_conf *sc,
                         lw_request_t *req)
{
    const apr_array_header_t *arr;
    const apr_table_entry_t *te;
    lw_header_t *hdrs;
    const char **named;
    int i, k, nn, nh = 0, nall = 0, max, twice = 0;

    memset(req, 0, sizeof(*req));
    split_request_line(r->pool, r->the_request, req);
    /* httpd refused the request-target as longer than LimitRequestLine:
     * the_request holds the start it read, the rest was never read. */
    req->target_cut = r->status == HTTP_REQUEST_URI_TOO_LARGE;
    if (sc->inspect == NULL || r->headers_in == NULL)
        return;
    arr = apr_table_elts(r->headers_in);
    te = (const apr_table_entry_t *)arr->elts;
    nn = sc->inspect->nelts;
    max = nn;
    if (sc->all_headers != 0)
        max += arr->nelts < LOGWATCH_MAX_HEADERS ? arr->nelts
                                                 : LOGWATCH_MAX_HEADERS;
    hdrs = apr_palloc(r->pool, sizeof(*hdrs) * (apr_size_t)(max ? max : 1));
    named = apr_pcalloc(r->pool, sizeof(*named) * (apr_size_t)(nn ? nn : 1));
    /* the others go after the named ones, which are counted first */
    for (i = 0; i < arr->nelts; i++) {
        if (te[i].key == NULL || te[i].val == NULL)
            continue;
        if ((k = listed_at(sc->inspect, te[i].key)) >= 0) {
            if (named[k] != NULL)
                twice = 1;
            named[k] = te[i].val;
            continue;
        }
        if (sc->all_headers == 0 || te[i].key[0] == '\0'
            || listed_at(sc->skip, te[i].key) >= 0)
            continue;
        if (nall == LOGWATCH_MAX_HEADERS) {
            req->headers_left_out++;
            continue;
        }
        hdrs[nn + nall].name = te[i].key;
        hdrs[nn + nall].value = te[i].val;
        nall++;
    }
    for (k = 0; k < nn; k++) {
        const char *name = APR_ARRAY_IDX(sc->inspect, k, const char *);
        const char *v = named[k];

        if (v == NULL)
            continue;
        if (twice)
            v = apr_table_getm(r->pool, r->headers_in, name);
        hdrs[nh].name = name;
        hdrs[nh].value = v;
        nh++;
    }
    if (nh < nn && nall)
        memmove(hdrs + nh, hdrs + nn, sizeof(*hdrs) * (apr_size_t)nall);
    req->headers = hdrs;
    req->nheaders = nh + nall;
}

/* Runs before mod_log_config, so `CustomLog ... env=LOGWATCH` and
 * %{LOGWATCH}n see the mark. Never fails the request. */
static int logwatch_log_transaction(request_rec *r)
{
    logwatch_global_t *g = logwatch_g;
    const logwatch_dir_conf *dc = NULL;
    const logwatch_server_conf *sc;
    request_rec *last = r;
    lw_request_t req;
    lw_limits_t lim;
    lw_result_t res;
    apr_time_t now;
    int flagged;

    /* Nothing was read at all (a 408 on an idle connection): no line. */
    if (g == NULL || g->engine == NULL || r->the_request == NULL)
        return DECLINED;
    if (r->per_dir_config != NULL)
        dc = ap_get_module_config(r->per_dir_config, &logwatch_module);
    if (dc != NULL && dc->enabled == 0)
        return DECLINED;
    sc = ap_get_module_config(r->server->module_config, &logwatch_module);
    /* The final status and bytes are on the last internal redirect; the
     * request line, headers and location are the original request's. */
    while (last->next != NULL)
        last = last->next;

    /* The body kept first: whether the early pass's result still holds
     * depends on it alone. */
    memset(&req, 0, sizeof(req));
    logwatch_body_get(r, &req);

    LOGWATCH_COUNT(inspected);
    /* The early pass (fixups, for the response's evidence) read the same
     * request line and headers: its result is this one, unless the
     * application has read a body since (kept by mod_logwatch_body.c):
     * then the request is classified again, body and all, without
     * counting the early pass's hits twice. The request's fields are
     * read again only where something uses them: a classification, or a
     * record (flagged, or a 5xx); an unflagged request the early pass
     * classified needs none, and most requests are that. */
    if (logwatch_leak_early(r, req.body_len, &res, &flagged)) {
        if (flagged || last->status >= 500) {
            logwatch_request_of(r, sc, &req);
            logwatch_body_get(r, &req);
        }
    }
    else {
        lw_result_t early;
        int eflag = flagged;

        if (eflag)      /* else res holds nothing (logwatch_leak_early) */
            early = res;
        logwatch_limits_at(sc, dc, &lim);
        logwatch_request_of(r, sc, &req);
        logwatch_body_get(r, &req);
        flagged = lw_classify_again(g->engine, &req, &lim, r->pool, &res,
                                    eflag ? &early : NULL, logwatch_memo());
        if (flagged)
            flagged = logwatch_exclude(dc, &res, lim.min_score);
    }
    logwatch_leak_log(r, last, &req, &res, flagged);
    now = apr_time_now();
    if (flagged) {
        const char *cats = category_list(r->pool, res.categories);

        LOGWATCH_COUNT(flagged);
        apr_table_setn(r->notes, "LOGWATCH", cats);
        apr_table_setn(r->subprocess_env, "LOGWATCH", cats);
        if (last != r) {
            apr_table_setn(last->notes, "LOGWATCH", cats);
            apr_table_setn(last->subprocess_env, "LOGWATCH", cats);
        }
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      LOGWATCH_LOGNO(00012)
                      "flagged %s, score %d, to %s", cats, res.score,
                      sc->dest ? sc->dest->spec : "(no LogWatchLog)");
    }
    else if (last->status >= 500 && logwatch_record_errors(sc)) {
        if (!error_rate_ok(r->request_time > 0 ? r->request_time : now)) {
            LOGWATCH_COUNT(errors_suppressed);
            return DECLINED;
        }
        LOGWATCH_COUNT(errors_recorded);
    }
    else {
        return DECLINED;
    }
    /* The admin's own networks and monitoring (LogWatchIgnoreNet): the
     * LOGWATCH note stays, but no record, tally or block, so the daily
     * report never lists them. */
    if (logwatch_defense_ignored(r))
        return DECLINED;
    if (sc->dest != NULL)
        write_record(r, last, sc, &req, flagged ? &res : NULL, now);
    else if (sc->log != NULL)   /* its destination failed to open */
        LOGWATCH_COUNT(dropped);
    if (flagged)                /* tallies, threshold, blocking */
        logwatch_defense_attack(r, last, &req, &res, now);
    return DECLINED;
}

static void logwatch_register_hooks(apr_pool_t *p)
{
    static const char *const before_log_config[] = { "mod_log_config.c",
                                                     NULL };

    (void)p;
    ap_hook_pre_config(logwatch_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_check_config(logwatch_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_open_logs(logwatch_open_logs, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(logwatch_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(logwatch_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_log_transaction(logwatch_log_transaction, NULL, before_log_config,
                            APR_HOOK_MIDDLE);
    logwatch_defense_register_hooks(p);
    logwatch_leak_register_hooks(p);
    logwatch_status_register_hooks(p);
    logwatch_body_register_hooks(p);
    logwatch_memo_register_hooks(p);
}

module AP_MODULE_DECLARE_DATA logwatch_module = {
    STANDARD20_MODULE_STUFF,
    logwatch_create_dir_conf,
    logwatch_merge_dir_conf,
    logwatch_create_server_conf,
    logwatch_merge_server_conf,
    logwatch_cmds,
    logwatch_register_hooks,
#if defined(AP_MODULE_FLAG_NONE)
    AP_MODULE_FLAG_NONE
#endif
};
