/* mod_logwatch_defense.c: live defense. Every flagged request counts for
 * its source (r->useragent_ip, the address mod_remoteip trusts) in one
 * table shared by all processes (lw_tally); the attack that brings a source
 * to LogWatchThreshold writes one `threshold` record and an error-log
 * notice, and with LogWatchBlock On the source's requests are refused
 * early for a while.
 *
 * The table and its mutex are made once per httpd lifetime, from the
 * process pool, and found again through ap_retained_data at each graceful
 * restart: the tallies and block marks outlive the configuration that made
 * them (a new LogWatchSharedMemory needs a stop and start). The benign
 * path costs one atomic read: with nobody blocked, no lock is taken. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_mutex.h"
#include "apr_atomic.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_shm.h"
#include "apr_global_mutex.h"

#include "lw_net.h"
#include "lw_record.h"
#include "mod_logwatch_config.h"
#include "mod_logwatch_defense.h"
#include "mod_logwatch_leak.h"
#include "mod_logwatch_log.h"
#include "mod_logwatch_shm.h"

APLOG_USE_MODULE(logwatch);

#define MUTEX_TYPE "logwatch-tally"
#define RETAINED_KEY "mod_logwatch-tally"

#define DEFAULT_THRESHOLD 3
#define DEFAULT_WINDOW 86400            /* seconds */
#define DEFAULT_BLOCK_SECS 600
#define DEFAULT_BLOCK_STATUS HTTP_FORBIDDEN
#define DEFAULT_SHM (1024 * 1024)
#define DEFAULT_V6_PREFIX 64
#define BLOCK_STATUS_MIN 400           /* LogWatchBlock STATUS: an error */
#define BLOCK_STATUS_MAX 599
/* Room one "category count" of LW00100's summary takes at most. */
#define COUNT_ITEM_MAX 40
#define MAX_SHM (1024 * 1024 * 1024)
#define MAX_THRESHOLD 1000000
#define MAX_SECONDS (366 * 86400)     /* windows and blocks: a year */

struct logwatch_defense_conf {
    int threshold;             /* -1 unset */
    apr_int64_t window;        /* seconds, -1 unset */
    int block;                 /* -1 unset, 0 Off, 1 On */
    apr_int64_t block_secs;    /* -1 unset */
    int block_status;          /* -1 unset */
    int v6prefix;              /* LogWatchIPv6Prefix, -1 unset */
    apr_array_header_t *ignore; /* lw_cidr_t; a vhost adds to the server's */
};

/* Made once, kept across restarts (never freed before httpd exits). */
typedef struct {
    apr_shm_t *shm;
    apr_size_t size;           /* bytes asked for when made */
    lw_tally_t *tally;
    apr_global_mutex_t *mutex;
} defense_retained_t;

/* The proxies mod_remoteip trusts (see proxy_walk below). */
typedef struct {
    apr_array_header_t *nets;     /* apr_ipsubnet_t * */
    apr_array_header_t *headers;  /* RemoteIPHeader names */
} proxies_t;

/* The defense's state for one configuration pass: logwatch_g's
 * defense_state, made from pconf in pre_config, inherited by the
 * children (each then has its own copy). */
struct logwatch_defense_state {
    defense_retained_t *rt;    /* set in the parent's post_config */
    apr_size_t shm_wanted;     /* LogWatchSharedMemory of this pass */
    proxies_t *proxies;        /* read in post_config */
    int lock_reported;         /* LW00107 said in this process */
};
#define DS (logwatch_g->defense_state)

logwatch_defense_state_t *logwatch_defense_state_create(apr_pool_t *pconf)
{
    logwatch_defense_state_t *d = apr_pcalloc(pconf, sizeof(*d));

    d->shm_wanted = DEFAULT_SHM;
    return d;
}

/* ---- configuration ---- */

logwatch_defense_conf *logwatch_defense_create_conf(apr_pool_t *p)
{
    logwatch_defense_conf *c = apr_pcalloc(p, sizeof(*c));

    c->threshold = -1;
    c->window = -1;
    c->block = -1;
    c->block_secs = -1;
    c->block_status = -1;
    c->v6prefix = -1;
    c->ignore = apr_array_make(p, 2, sizeof(lw_cidr_t));
    return c;
}

logwatch_defense_conf *logwatch_defense_merge_conf(
    apr_pool_t *p, const logwatch_defense_conf *base,
    const logwatch_defense_conf *add)
{
    logwatch_defense_conf *c = apr_pcalloc(p, sizeof(*c));

    c->threshold = add->threshold >= 0 ? add->threshold : base->threshold;
    c->window = add->window >= 0 ? add->window : base->window;
    c->block = add->block >= 0 ? add->block : base->block;
    c->block_secs = add->block_secs >= 0 ? add->block_secs : base->block_secs;
    c->block_status = add->block_status >= 0 ? add->block_status
                                             : base->block_status;
    c->v6prefix = add->v6prefix >= 0 ? add->v6prefix : base->v6prefix;
    c->ignore = apr_array_append(p, base->ignore, add->ignore);
    return c;
}

/* Effective values, defaults filled in. */
static apr_uint32_t eff_threshold(const logwatch_defense_conf *c)
{
    return c->threshold > 0 ? (apr_uint32_t)c->threshold : DEFAULT_THRESHOLD;
}

static apr_interval_time_t eff_window(const logwatch_defense_conf *c)
{
    return apr_time_from_sec(c->window >= 0 ? c->window : DEFAULT_WINDOW);
}

static apr_interval_time_t eff_block_for(const logwatch_defense_conf *c)
{
    return apr_time_from_sec(c->block_secs >= 0 ? c->block_secs
                                                : DEFAULT_BLOCK_SECS);
}

static int eff_v6prefix(const logwatch_defense_conf *c)
{
    return c->v6prefix > 0 ? c->v6prefix : DEFAULT_V6_PREFIX;
}

static int eff_status(const logwatch_defense_conf *c)
{
    return c->block_status > 0 ? c->block_status : DEFAULT_BLOCK_STATUS;
}

static logwatch_defense_conf *conf_of(server_rec *s)
{
    logwatch_server_conf *sc =
        ap_get_module_config(s->module_config, &logwatch_module);

    return sc != NULL ? sc->defense : NULL;
}

const char *logwatch_set_threshold(cmd_parms *cmd, void *dcv,
                                   const char *count, const char *secs)
{
    logwatch_defense_conf *c = conf_of(cmd->server);
    apr_uint64_t n, w;
    const char *err;

    (void)dcv;
    if ((err = logwatch_parse_number(cmd, "COUNT", count, LW_NUM_PLAIN, 1,
                                     MAX_THRESHOLD, &n)) != NULL
        || (err = logwatch_parse_number(cmd, "SECONDS", secs, LW_NUM_PLAIN,
                                        1, MAX_SECONDS, &w)) != NULL)
        return err;
    c->threshold = (int)n;
    c->window = (apr_int64_t)w;
    return NULL;
}

const char *logwatch_set_block(cmd_parms *cmd, void *dcv, const char *onoff,
                               const char *secs, const char *status)
{
    logwatch_defense_conf *c = conf_of(cmd->server);
    apr_uint64_t v;
    const char *err;

    (void)dcv;
    if (strcasecmp(onoff, "On") == 0)
        c->block = 1;
    else if (strcasecmp(onoff, "Off") == 0)
        c->block = 0;
    else
        return "LogWatchBlock: On or Off, then optional SECONDS and STATUS";
    if (secs != NULL) {
        if ((err = logwatch_parse_number(cmd, "SECONDS", secs, LW_NUM_PLAIN,
                                         1, MAX_SECONDS, &v)) != NULL)
            return err;
        c->block_secs = (apr_int64_t)v;
    }
    if (status != NULL) {
        if ((err = logwatch_parse_number(cmd, "STATUS", status, LW_NUM_PLAIN,
                                         BLOCK_STATUS_MIN, BLOCK_STATUS_MAX,
                                         &v)) != NULL)
            return err;
        c->block_status = (int)v;
    }
    return NULL;
}

const char *logwatch_set_ipv6_prefix(cmd_parms *cmd, void *dcv,
                                     const char *arg)
{
    logwatch_defense_conf *c = conf_of(cmd->server);
    apr_uint64_t v;
    const char *err;

    (void)dcv;
    err = logwatch_parse_number(cmd, "prefix length", arg, LW_NUM_PLAIN, 1,
                                LW_V6_PREFIX_MAX, &v);
    if (err == NULL)
        c->v6prefix = (int)v;
    return err;
}

const char *logwatch_add_ignore_net(cmd_parms *cmd, void *dcv,
                                    const char *arg)
{
    logwatch_defense_conf *c = conf_of(cmd->server);
    lw_cidr_t net;

    (void)dcv;
    if (!lw_cidr_parse(arg, strlen(arg), &net))
        return apr_psprintf(cmd->pool, "LogWatchIgnoreNet: '%s' is not an "
                            "address or a network (addr/prefix)", arg);
    APR_ARRAY_PUSH(c->ignore, lw_cidr_t) = net;
    return NULL;
}

const char *logwatch_set_shared_memory(cmd_parms *cmd, void *dcv,
                                       const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    apr_uint64_t v;

    (void)dcv;
    if (err == NULL)
        err = logwatch_parse_number(cmd, NULL, arg, LW_NUM_UNITS,
                                    lw_tally_size(1), MAX_SHM, &v);
    if (err == NULL)
        DS->shm_wanted = (apr_size_t)v;
    return err;
}

/* ---- the proxies mod_remoteip trusts ---- */

/* Whatever mod_remoteip makes of a request, an address it takes for a
 * proxy is never counted nor blocked: when a forwarded address cannot be
 * used (X-Forwarded-For: 1.2.3.4:80) the request keeps the proxy's
 * address, and blocking that would refuse everybody behind it. The list
 * is every address named anywhere in the configuration by
 * RemoteIPTrustedProxy, RemoteIPInternalProxy or their *List files (a
 * superset of any one virtual host's), read from the configuration tree
 * the way mod_remoteip reads its directives; hosts are resolved as it does. */

static void proxy_add(apr_pool_t *p, apr_pool_t *ptemp, const char *arg)
{
    char *ip = apr_pstrdup(ptemp, arg), *mask = strchr(ip, '/');
    apr_ipsubnet_t *net;
    apr_sockaddr_t *sa;
    apr_status_t rv;

    if (mask != NULL)
        *mask++ = '\0';
    rv = apr_ipsubnet_create(&net, ip, mask, p);
    if (rv == APR_SUCCESS) {
        APR_ARRAY_PUSH(DS->proxies->nets, apr_ipsubnet_t *) = net;
        return;
    }
    if (rv != APR_EINVAL || mask != NULL
        || apr_sockaddr_info_get(&sa, ip, APR_UNSPEC, 0, APR_IPV4_ADDR_OK,
                                 ptemp) != APR_SUCCESS)
        return;                   /* mod_remoteip refuses it too */
    for (; sa != NULL; sa = sa->next) {
        char *text;

        if (apr_sockaddr_ip_get(&text, sa) == APR_SUCCESS
            && apr_ipsubnet_create(&net, text, NULL, p) == APR_SUCCESS)
            APR_ARRAY_PUSH(DS->proxies->nets, apr_ipsubnet_t *) = net;
    }
}

static void proxy_words(apr_pool_t *p, apr_pool_t *ptemp, const char *args)
{
    const char *w;

    while (*(w = ap_getword_conf(ptemp, &args)) != '\0' && *w != '#')
        proxy_add(p, ptemp, w);
}

static void proxy_file(apr_pool_t *p, apr_pool_t *ptemp, const char *args)
{
    const char *name = ap_getword_conf(ptemp, &args);
    char line[MAX_STRING_LEN];
    ap_configfile_t *cfp;

    name = ap_server_root_relative(ptemp, name);
    if (name == NULL || ap_pcfg_openfile(&cfp, ptemp, name) != APR_SUCCESS)
        return;                   /* mod_remoteip has stopped httpd -t */
    while (ap_cfg_getline(line, sizeof(line), cfp) == APR_SUCCESS)
        proxy_words(p, ptemp, line);
    ap_cfg_closefile(cfp);
}

static void proxy_walk(apr_pool_t *p, apr_pool_t *ptemp,
                       const ap_directive_t *d)
{
    for (; d != NULL; d = d->next) {
        const char *n = d->directive;

        if (!strcasecmp(n, "RemoteIPTrustedProxy")
            || !strcasecmp(n, "RemoteIPInternalProxy"))
            proxy_words(p, ptemp, d->args);
        else if (!strcasecmp(n, "RemoteIPTrustedProxyList")
                 || !strcasecmp(n, "RemoteIPInternalProxyList"))
            proxy_file(p, ptemp, d->args);
        else if (!strcasecmp(n, "RemoteIPHeader")) {
            const char *args = d->args;

            APR_ARRAY_PUSH(DS->proxies->headers, const char *) =
                ap_getword_conf(p, &args);
        }
        if (d->first_child != NULL)
            proxy_walk(p, ptemp, d->first_child);
    }
}

static void proxies_read(apr_pool_t *pconf, apr_pool_t *ptemp)
{
    DS->proxies = apr_pcalloc(pconf, sizeof(*DS->proxies));
    DS->proxies->nets = apr_array_make(pconf, 4, sizeof(apr_ipsubnet_t *));
    DS->proxies->headers = apr_array_make(pconf, 1, sizeof(const char *));
    proxy_walk(pconf, ptemp, ap_conftree);
}

static int is_proxy(const request_rec *r)
{
    int i;

    if (DS->proxies == NULL || r->useragent_addr == NULL)
        return 0;
    for (i = 0; i < DS->proxies->nets->nelts; i++)
        if (apr_ipsubnet_test(APR_ARRAY_IDX(DS->proxies->nets, i,
                                            apr_ipsubnet_t *),
                              r->useragent_addr))
            return 1;
    return 0;
}

const char *logwatch_defense_forwarded(const request_rec *r)
{
    const char *v;
    int i;

    if (DS->proxies == NULL || !is_proxy(r))
        return NULL;
    for (i = 0; i < DS->proxies->headers->nelts; i++) {
        v = apr_table_get(r->headers_in,
                          APR_ARRAY_IDX(DS->proxies->headers, i,
                                        const char *));
        if (v != NULL)
            return v;
    }
    return NULL;
}

/* ---- the shared table ---- */

static int defense_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    /* every pass, so that `Mutex ... logwatch-tally` is understood */
    ap_mutex_register(pconf, MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0);
    return OK;
}

static int defense_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    defense_retained_t *d;
    apr_pool_t *pproc = s->process->pool;
    char key[80];
    apr_status_t rv;

    (void)plog;
    DS->rt = NULL;
    proxies_read(pconf, ptemp);
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    /* The key names the layout: a module upgraded under a graceful restart
     * whose table differs makes a table of its own. */
    apr_snprintf(key, sizeof(key), "%s-%d-%" APR_SIZE_T_FMT "-%"
                 APR_SIZE_T_FMT, RETAINED_KEY, LW_TALLY_LAYOUT, sizeof(*d),
                 sizeof(lw_tally_entry_t));
    d = ap_retained_data_get(key);
    if (d == NULL)
        d = ap_retained_data_create(key, sizeof(*d));
    if (d->mutex == NULL) {
        rv = ap_global_mutex_create(&d->mutex, NULL, MUTEX_TYPE, NULL, s,
                                    pproc, 0);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                         LOGWATCH_LOGNO(00103)
                         "cannot create the %s mutex", MUTEX_TYPE);
            d->mutex = NULL;
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    if (d->tally == NULL) {
        rv = apr_shm_create(&d->shm, DS->shm_wanted, NULL, pproc);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                         LOGWATCH_LOGNO(00102)
                         "cannot create a shared-memory segment of %"
                         APR_SIZE_T_FMT " bytes for the source tallies: no "
                         "thresholds, no blocking", DS->shm_wanted);
            d->shm = NULL;
            return OK;
        }
        d->size = DS->shm_wanted;
        d->tally = lw_tally_init(apr_shm_baseaddr_get(d->shm),
                                 apr_shm_size_get(d->shm));
        if (d->tally == NULL) {      /* the directive keeps it from happening */
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         LOGWATCH_LOGNO(00109)
                         "%" APR_SIZE_T_FMT " bytes hold no source "
                         "tally at all", DS->shm_wanted);
            apr_shm_destroy(d->shm);
            d->shm = NULL;
            return OK;
        }
    }
    else if (d->size != DS->shm_wanted) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                     LOGWATCH_LOGNO(00105)
                     "LogWatchSharedMemory is now %" APR_SIZE_T_FMT
                     " bytes; the source tallies keep their %" APR_SIZE_T_FMT
                     " bytes until httpd is stopped and started",
                     DS->shm_wanted, d->size);
    }
    DS->rt = d;
    {
        lw_tally_stats_t st;

        lw_tally_stats(d->tally, &st);
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                     LOGWATCH_LOGNO(00106)
                     "source tallies: %u slots, %u in use, %u "
                     "blocked, %" APR_SIZE_T_FMT " bytes", st.slots, st.used,
                     st.blocked, d->size);
    }
    return OK;
}

static void defense_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_status_t rv;

    if (DS->rt == NULL || DS->rt->mutex == NULL)
        return;
    rv = apr_global_mutex_child_init(&DS->rt->mutex,
                                     apr_global_mutex_lockfile(DS->rt->mutex),
                                     pchild);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     LOGWATCH_LOGNO(00104)
                     "this process cannot use the %s mutex: no "
                     "tallies nor blocking here", MUTEX_TYPE);
        DS->rt = NULL;
    }
}

/* The lock failing means a broken mutex: say it once per process, and go
 * on without the tallies for that request rather than fail it. */
static int tally_lock(server_rec *s)
{
    apr_status_t rv = apr_global_mutex_lock(DS->rt->mutex);

    if (rv != APR_SUCCESS && !DS->lock_reported) {
        DS->lock_reported = 1;
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     LOGWATCH_LOGNO(00107)
                     "cannot take the %s mutex", MUTEX_TYPE);
    }
    return rv == APR_SUCCESS;
}

/* The request's source as counted (lw_addr_source: IPv6 per
 * LogWatchIPv6Prefix network), unless unparsable, in LogWatchIgnoreNet or
 * a proxy's. */
static int source_of(request_rec *r, const logwatch_defense_conf *c,
                     lw_cidr_t *src)
{
    const char *ip = r->useragent_ip;
    lw_addr_t a;

    if (ip == NULL || !lw_addr_parse_host(ip, strlen(ip), &a))
        return 0;
    if (c != NULL && c->ignore->nelts > 0
        && lw_cidr_match_any((const lw_cidr_t *)c->ignore->elts,
                             c->ignore->nelts, &a))
        return 0;
    if (is_proxy(r))
        return 0;
    lw_addr_source(&a, c != NULL ? eff_v6prefix(c) : DEFAULT_V6_PREFIX, src);
    return 1;
}

/* The source's text: the address, or the network when it stands for more
 * than one address. */
static const char *source_text(apr_pool_t *p, const lw_cidr_t *src)
{
    char buf[LW_CIDR_STRLEN];
    int n = src->addr.family == 6 && src->prefix < 128
        ? lw_cidr_format(src, buf, sizeof(buf))
        : lw_addr_format(&src->addr, buf, sizeof(buf));

    return n < 0 ? "?" : apr_pstrdup(p, buf);
}

/* ---- the early refusal ---- */

/* After mod_remoteip has set r->useragent_ip, before any access check or
 * handler. The refusal goes through ap_die and is logged as usual. */
static int defense_check(request_rec *r)
{
    const logwatch_defense_conf *c;
    apr_time_t now, until = 0;
    lw_cidr_t a;
    int blocked = 0;

    if (DS->rt == NULL || lw_tally_blocked_count(DS->rt->tally) == 0)
        return DECLINED;
    c = conf_of(r->server);
    if (c == NULL || c->block <= 0 || !source_of(r, c, &a))
        return DECLINED;
    now = apr_time_now();
    if (!tally_lock(r->server))
        return DECLINED;
    if (lw_tally_check_block(DS->rt->tally, &a.addr, now)) {
        lw_tally_entry_t *e = lw_tally_find(DS->rt->tally, &a.addr);

        blocked = 1;
        until = e != NULL ? e->blocked_until : now;
    }
    apr_global_mutex_unlock(DS->rt->mutex);
    if (!blocked)
        return DECLINED;
    LOGWATCH_COUNT(refused);
    apr_table_setn(r->subprocess_env, "LOGWATCH_BLOCKED", "1");
    apr_table_setn(r->notes, "LOGWATCH_BLOCKED", "1");
    if (eff_status(c) == HTTP_TOO_MANY_REQUESTS
        || eff_status(c) == HTTP_SERVICE_UNAVAILABLE)
        apr_table_setn(r->err_headers_out, "Retry-After",
                       apr_psprintf(r->pool, "%" APR_TIME_T_FMT,
                                    apr_time_sec(until - now) + 1));
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  LOGWATCH_LOGNO(00101)
                  "refused %s (blocked for %" APR_TIME_T_FMT
                  " s more)", r->useragent_ip, apr_time_sec(until - now));
    return eff_status(c);
}

/* ---- counting an attack ---- */

/* The threshold record: the crossing request's fields, category
 * `threshold`, score = attacks in the window, request_id the crossing
 * request's with "-threshold" appended, and one rules entry per
 * category seen in the window: id 0, field "count", excerpt the number. */
static void write_threshold(request_rec *r, const request_rec *last,
                            const lw_request_t *req, const lw_result_t *res,
                            const lw_tally_entry_t *e,
                            const logwatch_defense_conf *c,
                            const lw_cidr_t *src, apr_time_t now,
                            int blocked)
{
    const logwatch_server_conf *sc =
        ap_get_module_config(r->server->module_config, &logwatch_module);
    lw_rec_rule_t rules[LW_CAT__COUNT];
    char counts[160];
    apr_size_t clen = 0;
    lw_record_t rec;
    const char *who = source_text(r->pool, src);
    int k, n = 0;

    counts[0] = '\0';
    for (k = 0; k < LW_CAT__COUNT; k++) {
        if (e->by_cat[k] == 0)
            continue;
        memset(&rules[n], 0, sizeof(rules[n]));
        rules[n].id = 0;
        rules[n].category = k;
        rules[n].severity = LW_SEV_INFO;
        rules[n].field = "count";
        rules[n].excerpt = apr_psprintf(r->pool, "%u", e->by_cat[k]);
        rules[n].excerpt_len = strlen(rules[n].excerpt);
        rules[n].msg = apr_psprintf(r->pool, "%u %s in %" APR_TIME_T_FMT
                                    " s from %s", e->by_cat[k],
                                    lw_category_name(k),
                                    apr_time_sec(eff_window(c)), who);
        if (clen + COUNT_ITEM_MAX < sizeof(counts))
            clen += apr_snprintf(counts + clen, sizeof(counts) - clen,
                                 "%s%s %u", clen ? ", " : "",
                                 lw_category_name(k), e->by_cat[k]);
        n++;
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  LOGWATCH_LOGNO(00100)
                  "source %s%s%s%s crossed the threshold: %u "
                  "attacks in %" APR_TIME_T_FMT " s (%s)%s", who,
                  strcmp(who, r->useragent_ip) ? " (" : "",
                  strcmp(who, r->useragent_ip) ? r->useragent_ip : "",
                  strcmp(who, r->useragent_ip) ? ")" : "", e->attacks,
                  apr_time_sec(eff_window(c)), counts,
                  blocked ? apr_psprintf(r->pool, "; refused with %d for %"
                                         APR_TIME_T_FMT " s", eff_status(c),
                                         apr_time_sec(eff_block_for(c)))
                          : "");
    LOGWATCH_COUNT(thresholds);
    if (sc == NULL || sc->dest == NULL)
        return;

    logwatch_record_fill(&rec, r, last, sc, req, now);
    rec.duration_us = 0;
    /* The crossing request's id, marked: a tool keying records by id must
     * not take this record for that request's attack record. */
    rec.request_id = apr_table_get(r->subprocess_env, "UNIQUE_ID");
    if (rec.request_id == NULL)
        rec.request_id = r->log_id;
    if (rec.request_id != NULL)
        rec.request_id = apr_pstrcat(r->pool, rec.request_id, "-threshold",
                                     NULL);
    rec.severity = res->severity;
    rec.score = (int)e->attacks;
    rec.categories = 1u << LW_CAT_THRESHOLD;
    rec.nrules = n;
    rec.rules = rules;
    logwatch_record_write(r, sc, &rec, now);
}

void logwatch_defense_attack(request_rec *r, const request_rec *last,
                             const lw_request_t *req, const lw_result_t *res,
                             apr_time_t now)
{
    logwatch_stats_t *st = logwatch_stats();
    const logwatch_defense_conf *c = conf_of(r->server);
    lw_tally_entry_t copy;
    lw_cidr_t a;
    int k, crossed = 0, blocked = 0;

    if (st != NULL) {
        for (k = 0; k < LW_CAT__COUNT; k++)
            if (res->categories & (1u << k))
                apr_atomic_inc64(&st->by_category[k]);
        apr_atomic_inc64(&st->by_verdict[logwatch_leak_verdict(r, last)]);
    }
    if (DS->rt == NULL || c == NULL || !source_of(r, c, &a))
        return;
    if (!tally_lock(r->server))
        return;
    {
        lw_tally_entry_t *e = lw_tally_hit(DS->rt->tally, &a.addr,
                                           res->categories, now,
                                           eff_threshold(c), eff_window(c),
                                           &crossed);

        /* NULL: every slot holds a source still blocked; this one is not
         * counted (lw_tally_stats' full), none of them is let go. */
        if (e == NULL) {
            apr_global_mutex_unlock(DS->rt->mutex);
            return;
        }
        e->prefix = (apr_uint32_t)a.prefix;
        /* Over the threshold: (re)blocked until SECONDS after this attack,
         * so a source that keeps attacking stays out. */
        if (c->block > 0 && e->attacks >= eff_threshold(c)) {
            lw_tally_block(DS->rt->tally, e, now + eff_block_for(c));
            blocked = 1;
        }
        copy = *e;
    }
    apr_global_mutex_unlock(DS->rt->mutex);
    if (crossed)
        write_threshold(r, last, req, res, &copy, c, &a, now, blocked);
}

/* ---- for the status page ---- */

void logwatch_defense_info(request_rec *r, int n,
                           logwatch_defense_info_t *info)
{
    const logwatch_defense_conf *c = conf_of(r->server);

    memset(info, 0, sizeof(*info));
    info->now = apr_time_now();
    info->configured = DS->shm_wanted;
    if (c != NULL) {
        info->threshold = (int)eff_threshold(c);
        info->window = eff_window(c);
        info->block = c->block > 0;
        info->block_for = eff_block_for(c);
        info->block_status = eff_status(c);
        info->nignore = c->ignore->nelts;
    }
    if (DS->rt == NULL || n < 0)
        return;
    info->top = apr_pcalloc(r->pool, sizeof(*info->top) * (n ? n : 1));
    if (!tally_lock(r->server))
        return;
    info->present = 1;
    info->segment = DS->rt->size;
    lw_tally_stats(DS->rt->tally, &info->st);
    info->ntop = lw_tally_top(DS->rt->tally, info->top, n);
    apr_global_mutex_unlock(DS->rt->mutex);
}

/* Lift the block of the source holding text (an address, or the network
 * the status page shows for it): 1 when it was blocked, 0 when not, -1
 * when text is no address. Its count stays: it is blocked again only
 * when it crosses the threshold in a new window. */
int logwatch_defense_unblock(request_rec *r, const char *text)
{
    const logwatch_defense_conf *c = conf_of(r->server);
    lw_cidr_t given, src;
    lw_tally_entry_t *e;
    int was = 0;

    if (text == NULL || !lw_cidr_parse(text, strlen(text), &given))
        return -1;
    if (DS->rt == NULL)
        return 0;
    lw_addr_source(&given.addr, c != NULL ? eff_v6prefix(c)
                                           : DEFAULT_V6_PREFIX, &src);
    if (!tally_lock(r->server))
        return 0;
    e = lw_tally_find(DS->rt->tally, &src.addr);
    if (e != NULL && e->blocked_until) {
        lw_tally_block(DS->rt->tally, e, 0);
        was = 1;
    }
    apr_global_mutex_unlock(DS->rt->mutex);
    if (was)
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                      LOGWATCH_LOGNO(00108)
                      "%s unblocked from the status page",
                      source_text(r->pool, &src));
    return was;
}

/* Behind a reverse proxy on this machine without mod_remoteip, every
 * request comes from the proxy's address, which the shipped LogWatchIgnoreNet
 * (127.0.0.0/8 ::1) leaves out: nothing would ever be recorded, in
 * silence. A flagged request from an ignored address that carries a
 * forwarding header the source was not taken from says so, once per
 * process. */
static apr_uint32_t proxy_warned;

static void warn_unresolved_proxy(request_rec *r)
{
    const char *hdr = "X-Forwarded-For";

    if (apr_atomic_read32(&proxy_warned) != 0
        || strcmp(r->useragent_ip, r->connection->client_ip) != 0)
        return;
    if (apr_table_get(r->headers_in, hdr) == NULL) {
        hdr = "Forwarded";
        if (apr_table_get(r->headers_in, hdr) == NULL)
            return;
    }
    if (apr_atomic_cas32(&proxy_warned, 1, 0) != 0)
        return;
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                  LOGWATCH_LOGNO(00110)
                  "a flagged request from %s, in LogWatchIgnoreNet, carries "
                  "%s: behind a reverse proxy without mod_remoteip every "
                  "request comes from the proxy and none is recorded; "
                  "enable mod_remoteip (RemoteIPHeader %s, "
                  "RemoteIPInternalProxy %s) or take the proxy's address "
                  "out of LogWatchIgnoreNet (said once per process)",
                  r->useragent_ip, hdr,
                  *hdr == 'X' ? "X-Forwarded-For" : "Forwarded",
                  r->useragent_ip);
}

/* The request's source is in LogWatchIgnoreNet: the admin's own networks
 * and monitoring, never recorded, counted nor blocked. */
int logwatch_defense_ignored(request_rec *r)
{
    const logwatch_defense_conf *c = conf_of(r->server);
    const char *ip = r->useragent_ip;
    lw_addr_t a;

    if (c == NULL || c->ignore->nelts == 0 || ip == NULL
        || !lw_addr_parse(ip, strlen(ip), &a))
        return 0;
    if (!lw_cidr_match_any((const lw_cidr_t *)c->ignore->elts,
                           c->ignore->nelts, &a))
        return 0;
    warn_unresolved_proxy(r);
    return 1;
}

void logwatch_defense_register_hooks(apr_pool_t *p)
{
    static const char *const after_remoteip[] = { "mod_remoteip.c", NULL };

    (void)p;
    ap_hook_pre_config(defense_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(defense_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(defense_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_read_request(defense_check, after_remoteip, NULL,
                              APR_HOOK_MIDDLE);
}
