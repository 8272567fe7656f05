/* mod_logwatch_log.c: where the records go. A file (O_APPEND, shared by
 * every server naming the same path), a piped logger that httpd restarts
 * when it dies, the local syslog, or a remote collector (syslog://, RFC
 * 5424 through the core's lw_syslog). Each record is one write(), syslog()
 * or send of at most LW_RECORD_MAX bytes; a failure never reaches the
 * request: it is counted and reported at most once a minute per process. */
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/uio.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "apr_strings.h"
#include "apr_hash.h"
#include "apr_atomic.h"
#include "apr_file_info.h"

#include "mod_logwatch_defense.h"
#include "mod_logwatch_log.h"
#include "mod_logwatch_shm.h"

APLOG_USE_MODULE(logwatch);


/* ---- the destinations: an init (open_logs) and a write each ---- */

typedef struct {
    /* open_logs, in the parent: make d usable (open the file, start the
     * logger, resolve the collector); 0, or -1 when logged as failed. */
    int (*init)(logwatch_dest_t *d, apr_pool_t *pconf, server_rec *s,
                const char *hostname);
    /* One record (line with its '\n', at most d->max bytes), counted as
     * written or dropped; failures reported at a bounded rate. */
    void (*write)(logwatch_dest_t *d, request_rec *r, const char *line,
                  apr_size_t len, int severity, apr_time_t t);
} dest_ops_t;

static int file_init(logwatch_dest_t *d, apr_pool_t *pconf, server_rec *s,
                     const char *hostname)
{
    apr_status_t rv = apr_file_open(&d->fd, d->path,
                                    APR_FOPEN_WRITE | APR_FOPEN_APPEND
                                    | APR_FOPEN_CREATE | APR_FOPEN_LARGEFILE,
                                    APR_OS_DEFAULT, pconf);

    (void)hostname;
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     LOGWATCH_LOGNO(00007)
                     "cannot open the attack log %s; httpd "
                     "keeps serving, its records are dropped (counted) "
                     "until a restart opens it", d->path);
        return -1;
    }
    return 0;
}

static int pipe_init(logwatch_dest_t *d, apr_pool_t *pconf, server_rec *s,
                     const char *hostname)
{
    piped_log *pl = ap_open_piped_log_ex(pconf, d->path,
                                         (apr_cmdtype_e)d->cmdtype);
    apr_status_t rv;

    (void)hostname;
    if (pl == NULL) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                     LOGWATCH_LOGNO(00008)
                     "cannot start the piped attack logger %s", d->path);
        return -1;
    }
    d->fd = ap_piped_log_write_fd(pl);
    /* Bounded wait on a full pipe (writes of at most PIPE_BUF stay
     * atomic); the O_NONBLOCK it sets is on our own pipe only. */
    rv = apr_file_pipe_timeout_set(d->fd, apr_time_from_msec(
                                       LOGWATCH_PIPE_TIMEOUT_MS));
    if (rv != APR_SUCCESS)
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s,
                     LOGWATCH_LOGNO(00018)
                     "cannot bound writes to %s; a stuck logger "
                     "will hold requests", d->path);
    return 0;
}

static int syslog_init(logwatch_dest_t *d, apr_pool_t *pconf, server_rec *s,
                       const char *hostname)
{
    (void)d;
    (void)pconf;
    (void)s;
    (void)hostname;
    if (logwatch_g != NULL)
        logwatch_g->syslog_used = 1;
    return 0;
}

static int remote_init(logwatch_dest_t *d, apr_pool_t *pconf, server_rec *s,
                       const char *hostname)
{
    /* Resolves now; each child connects on its first record. */
    apr_status_t rv = lw_syslog_open(&d->remote, pconf, d->url, hostname);

    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     LOGWATCH_LOGNO(00019)
                     "cannot resolve the syslog collector %s", d->spec);
        return -1;
    }
    if (lw_syslog_max_record(d->remote) < d->max)
        d->max = lw_syslog_max_record(d->remote);
    return 0;
}

static void file_write(logwatch_dest_t *d, request_rec *r, const char *line,
                       apr_size_t len, int severity, apr_time_t t);
static void pipe_write(logwatch_dest_t *d, request_rec *r, const char *line,
                       apr_size_t len, int severity, apr_time_t t);
static void syslog_write(logwatch_dest_t *d, request_rec *r,
                         const char *line, apr_size_t len, int severity,
                         apr_time_t t);
static void remote_write(logwatch_dest_t *d, request_rec *r,
                         const char *line, apr_size_t len, int severity,
                         apr_time_t t);

/* Indexed by logwatch_dest_type_e. */
static const dest_ops_t dest_ops[LOGWATCH_DEST__COUNT] = {
    { file_init, file_write },       /* LOGWATCH_DEST_FILE */
    { pipe_init, pipe_write },       /* LOGWATCH_DEST_PIPE */
    { syslog_init, syslog_write },   /* LOGWATCH_DEST_SYSLOG */
    { remote_init, remote_write }    /* LOGWATCH_DEST_REMOTE */
};

static logwatch_dest_t *open_dest(apr_pool_t *pconf, server_rec *s,
                                  const logwatch_dest_t *conf,
                                  const char *hostname)
{
    logwatch_dest_t *d = apr_pmemdup(pconf, conf, sizeof(*conf));

    d->max = LW_RECORD_MAX;
    return dest_ops[d->type].init(d, pconf, s, hostname) == 0 ? d : NULL;
}

/* What `apachectl -t` can tell about a file destination before any
 * restart: its directory exists and the user running the check (the one
 * who starts httpd and opens the log in the parent) may create files
 * there; an existing file is not a directory and may be written. NULL, or
 * why not. */
static const char *file_problem(apr_pool_t *p, const char *path)
{
    apr_finfo_t fi;
    char *dir = ap_make_dirstr_parent(p, path);
    apr_size_t n = strlen(dir);

    if (n > 1 && dir[n - 1] == '/')
        dir[n - 1] = '\0';
    if (apr_stat(&fi, path, APR_FINFO_TYPE, p) == APR_SUCCESS) {
        if (fi.filetype == APR_DIR)
            return "it is a directory";
        if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
            return apr_psprintf(p, "it is not writable (%s)",
                                strerror(errno));
        return NULL;
    }
    if (apr_stat(&fi, dir, APR_FINFO_TYPE, p) != APR_SUCCESS)
        return apr_psprintf(p, "its directory %s does not exist", dir);
    if (fi.filetype != APR_DIR)
        return apr_psprintf(p, "%s is not a directory", dir);
    if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0)
        return apr_psprintf(p, "its directory %s is not writable (%s)", dir,
                            strerror(errno));
    return NULL;
}

/* A piped logger run without a shell ("|prog args"): httpd execs prog
 * itself, without a PATH search, in the child it forks, so a wrong path
 * only shows as AH00104 and LW00008 at every start. NULL, or why not. */
static const char *program_problem(apr_pool_t *p, const char *cmd)
{
    char **argv = NULL;

    if (apr_tokenize_to_argv(cmd, &argv, p) != APR_SUCCESS
        || argv == NULL || argv[0] == NULL)
        return "no program to run";
    if (strchr(argv[0], '/') == NULL)
        return apr_psprintf(p, "program '%s' has no path (piped loggers "
                            "are not searched in PATH: give its full "
                            "path)", argv[0]);
    if (faccessat(AT_FDCWD, argv[0], X_OK, AT_EACCESS) != 0)
        return apr_psprintf(p, "program %s cannot be run (%s)", argv[0],
                            strerror(errno));
    return NULL;
}

/* syslog(3) drops a message in silence when nothing listens on the
 * socket: say so once per pass (under -t on the terminal, at a start or
 * restart in the error log), without failing: the syslog daemon may well
 * start after httpd. 1 when sc is a syslog destination. */
static int syslog_socket_check(apr_pool_t *ptemp, server_rec *s,
                               const logwatch_server_conf *sc, int said)
{
    apr_finfo_t fi;

    if (sc->log == NULL || sc->log->type != LOGWATCH_DEST_SYSLOG)
        return 0;
    if (!said && (apr_stat(&fi, _PATH_LOG, APR_FINFO_TYPE, ptemp)
                      != APR_SUCCESS || fi.filetype != APR_SOCK))
        ap_log_error(APLOG_MARK, APLOG_WARNING
                     | (ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST
                        ? APLOG_STARTUP : 0), 0, s,
                     LOGWATCH_LOGNO(00028)
                     "LogWatchLog %s: nothing listens on %s (rsyslog or "
                     "journald not running): its records are lost, though "
                     "counted as written, until one does", sc->log->spec,
                     _PATH_LOG);
    return 1;
}

/* check_config: under `apachectl -t` a file destination that open_logs
 * could not open, or a piped program that cannot be run, fails the test,
 * as httpd's own CustomLog does for a file. At a start
 * or restart it is only reported: open_logs then logs LW00007 and httpd
 * keeps serving without it. */
int logwatch_log_check(apr_pool_t *ptemp, server_rec *s)
{
    int testing = ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST;
    int bad = 0, said_syslog = 0;

    for (; s != NULL; s = s->next) {
        logwatch_server_conf *sc =
            ap_get_module_config(s->module_config, &logwatch_module);
        const char *why;

        if (testing)
            said_syslog |= syslog_socket_check(ptemp, s, sc, said_syslog);
        if (sc->log == NULL)
            continue;
        if (sc->log->type == LOGWATCH_DEST_FILE)
            why = file_problem(ptemp, sc->log->path);
        else if (sc->log->type == LOGWATCH_DEST_PIPE
                 && sc->log->cmdtype == APR_PROGRAM_ENV)
            why = program_problem(ptemp, sc->log->path);
        else
            continue;
        if (why == NULL)
            continue;
        ap_log_error(APLOG_MARK, APLOG_STARTUP
                     | (testing ? APLOG_EMERG : APLOG_ERR), 0, s,
                     LOGWATCH_LOGNO(00022)
                     "LogWatchLog %s (server %s:%d) cannot be "
                     "opened: %s", sc->log->spec,
                     s->defn_name ? s->defn_name : "?", s->defn_line_number,
                     why);
        bad = 1;
    }
    return bad && testing ? HTTP_INTERNAL_SERVER_ERROR : OK;
}

/* open_logs: every pass, in the parent, before the children are made. */
int logwatch_log_open(apr_pool_t *pconf, apr_pool_t *plog,
                       apr_pool_t *ptemp, server_rec *s)
{
    apr_hash_t *opened = apr_hash_make(ptemp);
    apr_hash_t *failed = apr_hash_make(ptemp);
    server_rec *main_s = s;
    int any = 0, said_syslog = 0;
    int first = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG;

    (void)plog;
    for (; s != NULL; s = s->next) {
        logwatch_server_conf *sc =
            ap_get_module_config(s->module_config, &logwatch_module);
        const char *key, *host;

        sc->dest = NULL;
        if (sc->log == NULL)
            continue;
        if (!first)
            said_syslog |= syslog_socket_check(ptemp, s, sc, said_syslog);
        host = sc->hostname ? sc->hostname
                            : logwatch_g ? logwatch_g->hostname : NULL;
        /* one handle per file or command; a collector's messages also
         * carry the host name, which LogWatchHostname may vary */
        key = apr_psprintf(ptemp, "%d %s %s", (int)sc->log->type,
                           sc->log->path ? sc->log->path : sc->log->spec,
                           sc->log->type == LOGWATCH_DEST_REMOTE && host
                               ? host : "");
        /* A destination that cannot be opened never stops httpd (a
         * graceful restart would take every site down): the error is
         * logged, the server's records are counted as dropped, and the
         * next restart tries again. `apachectl -t` catches what it can
         * beforehand (logwatch_log_check). */
        if (apr_hash_get(failed, key, APR_HASH_KEY_STRING) != NULL)
            continue;
        sc->dest = apr_hash_get(opened, key, APR_HASH_KEY_STRING);
        if (sc->dest == NULL) {
            sc->dest = open_dest(pconf, s, sc->log, host);
            if (sc->dest == NULL) {
                apr_hash_set(failed, key, APR_HASH_KEY_STRING, "");
                continue;
            }
            apr_hash_set(opened, key, APR_HASH_KEY_STRING, sc->dest);
        }
        any = 1;
    }
    if (!any && apr_hash_count(failed) == 0 && !first)
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, main_s,
                     LOGWATCH_LOGNO(00017)
                     "no LogWatchLog: attacks only set the LOGWATCH "
                     "note and variable");
    return OK;
}

/* openlog() is per process and shared with httpd's own "ErrorLog syslog":
 * only claim the ident when the error log is not there. */
void logwatch_log_child_init(apr_pool_t *pchild, server_rec *s)
{
    (void)pchild;
    if (logwatch_g == NULL || !logwatch_g->syslog_used)
        return;
    if (s->error_fname != NULL && strncasecmp(s->error_fname, "syslog", 6) == 0) {
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                     LOGWATCH_LOGNO(00011)
                     "ErrorLog is syslog too: records carry httpd's "
                     "syslog ident");
        return;
    }
    openlog("mod_logwatch", LOG_PID | LOG_NDELAY, LOG_LOCAL7);
}

static void report_failure(request_rec *r, const logwatch_dest_t *d,
                           apr_status_t rv, const char *what)
{
    apr_uint32_t now_min = (apr_uint32_t)(apr_time_sec(apr_time_now()) / 60);
    apr_uint32_t last = apr_atomic_read32(&logwatch_g->last_report_min);
    logwatch_stats_t *st = logwatch_stats();

    if (last == now_min
        || apr_atomic_cas32(&logwatch_g->last_report_min, now_min, last)
           != last)
        return;
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r,
                  "%sattack record %s to %s (dropped so far: %"
                  APR_UINT64_T_FMT "; reported at most once a minute)",
                  what, rv == APR_SUCCESS ? "cut short" : "not written",
                  d->spec,
                  st ? apr_atomic_read64(&st->totals[LOGWATCH_T_dropped]) : 0);
}

/* A logger that stopped reading: after one write waited out the pipe
 * timeout, records are dropped at once (and counted) for a second, then
 * one request tries again while the others keep dropping; so a stuck
 * logger costs each process one bounded wait a second, not one per record. */
static int pipe_backing_off(logwatch_dest_t *d, apr_time_t t)
{
    apr_uint32_t now = (apr_uint32_t)apr_time_sec(t);
    apr_uint32_t until = apr_atomic_read32(&d->stall_until);

    if (until == 0)
        return 0;
    if (now < until)
        return 1;
    return apr_atomic_cas32(&d->stall_until, now + LOGWATCH_PIPE_BACKOFF_S,
                            until) != until;
}

/* One write() for the record; when the previous record was cut (the disk
 * was full), a newline first, in the same writev(), so the cut piece stays
 * a line of its own instead of spoiling this record. */
static volatile apr_uint32_t *torn_flag(logwatch_dest_t *d)
{
    logwatch_stats_t *st = logwatch_stats();

    return st != NULL ? &st->torn : &d->torn;
}

static apr_status_t write_record(logwatch_dest_t *d, const char *line,
                                 apr_size_t *n)
{
    struct iovec iov[2];
    apr_size_t len = *n, done = 0;
    apr_status_t rv;

    if (!apr_atomic_read32(torn_flag(d)))
        return apr_file_write(d->fd, line, n);
    iov[0].iov_base = (void *)"\n";
    iov[0].iov_len = 1;
    iov[1].iov_base = (void *)line;
    iov[1].iov_len = len;
    rv = apr_file_writev(d->fd, iov, 2, &done);
    if (rv == APR_SUCCESS && done == len + 1)
        apr_atomic_set32(torn_flag(d), 0);
    *n = done > 0 ? done - 1 : 0;
    return rv;
}

/* A file's or a pipe's write() came back: count it, remember a record
 * cut short (file) and report. */
static void fd_done(logwatch_dest_t *d, request_rec *r, apr_status_t rv,
                    apr_size_t n, apr_size_t len)
{
    if (rv == APR_SUCCESS && n == len) {
        LOGWATCH_COUNT(written);
        return;
    }
    LOGWATCH_COUNT(dropped);
    if (rv == APR_SUCCESS && n > 0 && d->type == LOGWATCH_DEST_FILE)
        apr_atomic_set32(torn_flag(d), 1);
    if (rv != APR_SUCCESS) {
        LOGWATCH_COUNT(write_errors);
        report_failure(r, d, rv, LOGWATCH_LOGNO(00009));
    }
    else {
        report_failure(r, d, rv, LOGWATCH_LOGNO(00010));
    }
}

static void file_write(logwatch_dest_t *d, request_rec *r, const char *line,
                       apr_size_t len, int severity, apr_time_t t)
{
    apr_size_t n = len;
    apr_status_t rv = write_record(d, line, &n);

    (void)severity;
    (void)t;
    fd_done(d, r, rv, n, len);
}

static void pipe_write(logwatch_dest_t *d, request_rec *r, const char *line,
                       apr_size_t len, int severity, apr_time_t t)
{
    apr_size_t n = len;
    apr_status_t rv;

    (void)severity;
    if (pipe_backing_off(d, t)) {
        LOGWATCH_COUNT(dropped);
        return;
    }
    rv = apr_file_write(d->fd, line, &n);
    if (rv == APR_SUCCESS && n == len && d->stall_until)
        apr_atomic_set32(&d->stall_until, 0);
    else if (APR_STATUS_IS_TIMEUP(rv))
        apr_atomic_set32(&d->stall_until, (apr_uint32_t)apr_time_sec(t)
                                          + LOGWATCH_PIPE_BACKOFF_S);
    fd_done(d, r, rv, n, len);
}

static void syslog_write(logwatch_dest_t *d, request_rec *r,
                         const char *line, apr_size_t len, int severity,
                         apr_time_t t)
{
    (void)r;
    (void)t;
    /* syslog() cannot fail visibly; it either goes out or not. */
    if (len > 0 && line[len - 1] == '\n')
        len--;
    /* same priority mapping as the remote form */
    syslog(d->facility | lw_syslog_severity(severity), "%.*s", (int)len,
           line);
    LOGWATCH_COUNT(written);
}

static void remote_write(logwatch_dest_t *d, request_rec *r,
                         const char *line, apr_size_t len, int severity,
                         apr_time_t t)
{
    apr_status_t rv = lw_syslog_send(d->remote, lw_syslog_severity(severity),
                                     t, line, len);

    if (rv == APR_SUCCESS) {
        LOGWATCH_COUNT(written);
        return;
    }
    LOGWATCH_COUNT(dropped);
    /* EAGAIN: still backing off after a failure already counted */
    if (!APR_STATUS_IS_EAGAIN(rv)) {
        LOGWATCH_COUNT(write_errors);
        report_failure(r, d, rv, LOGWATCH_LOGNO(00020));
    }
}

void logwatch_log_write(logwatch_dest_t *d, request_rec *r,
                        const char *line, apr_size_t len, int severity,
                        apr_time_t t)
{
    dest_ops[d->type].write(d, r, line, len, severity, t);
}

/* ---- the records ---- */

void logwatch_record_fill(lw_record_t *rec, request_rec *r,
                          const request_rec *last,
                          const logwatch_server_conf *sc,
                          const lw_request_t *req, apr_time_t t)
{
    conn_rec *c = r->connection;
    apr_time_exp_t xt;

    lw_record_init(rec);
    rec->time = t;
    if (apr_time_exp_lt(&xt, t) == APR_SUCCESS)
        rec->utc_offset = xt.tm_gmtoff;
    rec->host = sc->hostname ? sc->hostname
                             : logwatch_g ? logwatch_g->hostname : NULL;
    rec->vhost = r->server->server_hostname;
    if (c->local_addr != NULL)
        rec->port = c->local_addr->port;
    rec->client = r->useragent_ip;
    if (c->client_ip != NULL
        && (rec->client == NULL || strcmp(rec->client, c->client_ip) != 0))
        rec->peer = c->client_ip;
    rec->forwarded = logwatch_defense_forwarded(r);
    rec->method = req->method;
    rec->uri = req->uri;
    rec->protocol = req->protocol;
    rec->status = last->status;
    rec->bytes = last->bytes_sent;
    rec->referer = apr_table_get(r->headers_in, "Referer");
    rec->user_agent = apr_table_get(r->headers_in, "User-Agent");
    rec->verdict = lw_verdict(rec->status);
}

void logwatch_record_write(request_rec *r, const logwatch_server_conf *sc,
                           const lw_record_t *rec, apr_time_t now)
{
    apr_size_t len = 0;
    const char *line = lw_record_json(r->pool, rec, sc->dest->max, &len);

    if (line == NULL || len == 0) {
        LOGWATCH_COUNT(dropped);
        return;
    }
    logwatch_log_write(sc->dest, r, line, len, rec->severity, now);
}
