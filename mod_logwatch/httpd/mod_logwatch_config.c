/* mod_logwatch_config.c: the directives and the server/directory configs. */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_file_info.h"
#include "apr_thread_proc.h"

#include "lw_leak.h"
#include "mod_logwatch_config.h"
#include "mod_logwatch_memo.h"
#include "mod_logwatch_defense.h"

APLOG_USE_MODULE(logwatch);

/* Inspected whatever LogWatchInspectHeader says: the engine has a target of
 * its own for each of them. */
static const char *const default_headers[] = { "User-Agent", "Referer",
                                               "Cookie" };
#define NDEFAULT_HEADERS (int)(sizeof(default_headers) / sizeof(default_headers[0]))

void *logwatch_create_server_conf(apr_pool_t *p, server_rec *s)
{
    logwatch_server_conf *sc = apr_pcalloc(p, sizeof(*sc));

    (void)s;
    sc->headers = apr_array_make(p, 4, sizeof(const char *));
    sc->skip = apr_array_make(p, 2, sizeof(const char *));
    sc->all_headers = -1;
    sc->max_inspect = -1;
    sc->min_score = -1;
    sc->record_errors = -1;
    sc->inspect_response = -1;
    sc->defense = logwatch_defense_create_conf(p);
    return sc;
}

/* The names a server inspects: the defaults, then its extra names (which
 * for a virtual host include the main server's), each once. Computed once
 * per server in post_config, so the hot path only reads the list. */
void logwatch_config_finalize(apr_pool_t *p, server_rec *s)
{
    for (; s != NULL; s = s->next) {
        logwatch_server_conf *sc =
            ap_get_module_config(s->module_config, &logwatch_module);
        apr_array_header_t *out = apr_array_make(p, NDEFAULT_HEADERS + 4,
                                                 sizeof(const char *));
        int i, j;

        for (i = 0; i < NDEFAULT_HEADERS; i++)
            APR_ARRAY_PUSH(out, const char *) = default_headers[i];
        for (i = 0; i < sc->headers->nelts; i++) {
            const char *h = APR_ARRAY_IDX(sc->headers, i, const char *);
            int dup = 0;

            for (j = 0; j < out->nelts && !dup; j++)
                dup = strcasecmp(h, APR_ARRAY_IDX(out, j, const char *)) == 0;
            if (!dup)
                APR_ARRAY_PUSH(out, const char *) = h;
        }
        sc->inspect = out;
    }
}

static int name_in(const apr_array_header_t *a, const char *name)
{
    int i;

    for (i = 0; i < a->nelts; i++)
        if (!strcasecmp(APR_ARRAY_IDX(a, i, const char *), name))
            return 1;
    return 0;
}

/* base's names that add does not contradict, then add's own: a virtual
 * host's -NAME leaves out a name the main server inspects, and its NAME
 * inspects one the main server leaves out. */
static apr_array_header_t *names_merge(apr_pool_t *p,
                                       const apr_array_header_t *base,
                                       const apr_array_header_t *add,
                                       const apr_array_header_t *against)
{
    apr_array_header_t *out = apr_array_make(p, base->nelts + add->nelts + 1,
                                             sizeof(const char *));
    int i;

    for (i = 0; i < base->nelts; i++) {
        const char *n = APR_ARRAY_IDX(base, i, const char *);
        if (!name_in(against, n))
            APR_ARRAY_PUSH(out, const char *) = n;
    }
    for (i = 0; i < add->nelts; i++)
        APR_ARRAY_PUSH(out, const char *) = APR_ARRAY_IDX(add, i,
                                                          const char *);
    return out;
}

void *logwatch_merge_server_conf(apr_pool_t *p, void *basev, void *addv)
{
    const logwatch_server_conf *base = basev, *add = addv;
    logwatch_server_conf *sc = apr_pcalloc(p, sizeof(*sc));

    sc->log = add->log ? add->log : base->log;
    sc->headers = names_merge(p, base->headers, add->headers, add->skip);
    sc->skip = names_merge(p, base->skip, add->skip, add->headers);
    sc->all_headers = add->all_headers >= 0 ? add->all_headers
                                            : base->all_headers;
    sc->max_inspect = add->max_inspect >= 0 ? add->max_inspect
                                            : base->max_inspect;
    sc->min_score = add->min_score >= 0 ? add->min_score : base->min_score;
    sc->record_errors = add->record_errors >= 0 ? add->record_errors
                                                : base->record_errors;
    sc->hostname = add->hostname ? add->hostname : base->hostname;
    sc->inspect_response = add->inspect_response >= 0 ? add->inspect_response
                                                      : base->inspect_response;
    sc->defense = logwatch_defense_merge_conf(p, base->defense, add->defense);
    return sc;
}

void *logwatch_create_dir_conf(apr_pool_t *p, char *dir)
{
    logwatch_dir_conf *dc = apr_pcalloc(p, sizeof(*dc));

    (void)dir;
    dc->enabled = -1;
    dc->inspect_body = -1;
    dc->excl_ids = apr_array_make(p, 2, sizeof(apr_uint32_t));
    return dc;
}

/* Exclusions add up from the outer to the inner sections: a <Location>
 * can silence a rule, never bring back one silenced outside it. */
void *logwatch_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const logwatch_dir_conf *base = basev, *add = addv;
    logwatch_dir_conf *dc = apr_pcalloc(p, sizeof(*dc));

    dc->enabled = add->enabled >= 0 ? add->enabled : base->enabled;
    dc->excl_ids = apr_array_append(p, base->excl_ids, add->excl_ids);
    dc->excl_cats = base->excl_cats | add->excl_cats;
    dc->inspect_body = add->inspect_body >= 0 ? add->inspect_body
                                              : base->inspect_body;
    return dc;
}

void logwatch_limits(const logwatch_server_conf *sc, lw_limits_t *lim)
{
    lw_limits_default(lim);
    if (sc->max_inspect >= 0)
        lim->max_inspect = (apr_size_t)sc->max_inspect;
    if (sc->min_score >= 0)
        lim->min_score = sc->min_score;
}

void logwatch_limits_at(const logwatch_server_conf *sc,
                        const logwatch_dir_conf *dc, lw_limits_t *lim)
{
    logwatch_limits(sc, lim);
    if (dc != NULL && (dc->excl_ids->nelts != 0 || dc->excl_cats != 0))
        lim->work_budget = 0;
}

int logwatch_exclude(const logwatch_dir_conf *dc, lw_result_t *res,
                     int min_score)
{
    if (dc == NULL || (dc->excl_ids->nelts == 0 && dc->excl_cats == 0))
        return 1;
    return lw_result_exclude(res, (const apr_uint32_t *)dc->excl_ids->elts,
                             dc->excl_ids->nelts, dc->excl_cats, min_score);
}

int logwatch_record_errors(const logwatch_server_conf *sc)
{
    return sc->record_errors > 0;
}

/* ---- directive handlers ---- */

static const char *set_enabled(cmd_parms *cmd, void *dcv, int on)
{
    logwatch_dir_conf *dc = dcv;

    (void)cmd;
    dc->enabled = on ? 1 : 0;
    return NULL;
}

/* "word:" or "word://" before anything else: a scheme, not a file. */
static int looks_like_scheme(const char *arg)
{
    const char *c = arg;

    while (apr_isalpha(*c))
        c++;
    return c - arg >= 2 && *c == ':';
}

static const char *set_log(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);
    logwatch_dest_t *d = apr_pcalloc(cmd->pool, sizeof(*d));

    (void)dcv;
    d->spec = arg;
    if (*arg == '|') {
        d->type = LOGWATCH_DEST_PIPE;
        d->path = arg + 1;
        /* As httpd 2.4 runs piped logs (ap_open_piped_log): "|prog" and
         * the older "||prog" run prog directly, its arguments split on
         * blanks; "|$cmd" runs cmd through the shell. */
        d->cmdtype = APR_PROGRAM_ENV;
        if (*d->path == '|') {
            d->path++;
        }
        else if (*d->path == '$') {
            d->cmdtype = APR_SHELLCMD_ENV;
            d->path++;
        }
        while (*d->path == ' ' || *d->path == '\t')
            d->path++;
        if (*d->path == '\0')
            return "LogWatchLog: empty piped command";
    }
    else if (strncasecmp(arg, "syslog://", 9) == 0) {
        const char *err = NULL;

        d->type = LOGWATCH_DEST_REMOTE;
        d->url = apr_pcalloc(cmd->pool, sizeof(*d->url));
        if (lw_syslog_parse_url(cmd->pool, arg, d->url, &err) != APR_SUCCESS)
            return apr_psprintf(cmd->pool, "LogWatchLog: %s",
                                err ? err : "bad syslog:// destination");
    }
    else if (strcasecmp(arg, "syslog") == 0
             || strncasecmp(arg, "syslog:", 7) == 0) {
        const char *fac = arg[6] == ':' ? arg + 7 : "local7";
        int code = lw_syslog_facility_from_name(fac);

        d->type = LOGWATCH_DEST_SYSLOG;
        /* syslog(3) takes the facility shifted: LOG_LOCAL7 is 23 << 3 */
        d->facility = code < 0 ? -1 : code << 3;
        if (d->facility < 0)
            return apr_psprintf(cmd->pool,
                                "LogWatchLog: unknown syslog facility '%s'",
                                fac);
    }
    else if (looks_like_scheme(arg)) {
        /* "sylog:local7" would silently become a file of that name */
        return apr_psprintf(cmd->pool, "LogWatchLog: '%s' looks like a "
                            "destination scheme, but only syslog[:facility] "
                            "and syslog://HOST are known; a file name with "
                            "a ':' must start with ./ or /", arg);
    }
    else {
        d->type = LOGWATCH_DEST_FILE;
        d->path = ap_server_root_relative(cmd->pool, arg);
        if (d->path == NULL)
            return apr_psprintf(cmd->pool, "LogWatchLog: invalid path '%s'",
                                arg);
    }
    sc->log = d;
    return NULL;
}

/* The signature set is the base set (the installed default, another
 * directory named by LogWatchDefaultSignatures, or none when that says Off)
 * plus every LogWatchSignatures, in order: a local file adds to the base
 * set, it never silently replaces it. A path already loaded (an older
 * configuration naming the default directory itself) is skipped. */
static const char *base_sigs(const logwatch_global_t *g)
{
    return g->default_sigs != NULL ? g->default_sigs : LW_SIGDIR;
}

/* Load one path into g->rs, once per real path; note how many rules it
 * brought. NULL, or the loader's "FILE:LINE: reason". */
static const char *load_sig_path(logwatch_global_t *g, apr_pool_t *p,
                                 const char *path, const char *what)
{
    char *real, *msg = NULL;
    int i, before;

    if (g->rs == NULL)
        g->rs = lw_ruleset_create(g->build ? g->build : p);
    if (g->sig_paths == NULL)
        g->sig_paths = apr_array_make(g->pconf, 4, sizeof(const char *));
    /* the same directory however named: symbolic links, "dir/", "./dir" */
    {
        char *r = realpath(path, NULL);

        real = apr_pstrdup(p, r != NULL ? r : path);
        free(r);
    }
    for (i = 0; i < g->sig_paths->nelts; i++)
        if (strcmp(APR_ARRAY_IDX(g->sig_paths, i, const char *), real) == 0)
            return NULL;
    APR_ARRAY_PUSH(g->sig_paths, const char *) = apr_pstrdup(g->pconf, real);
    before = lw_ruleset_count(g->rs);
    if (lw_ruleset_load(g->rs, path, &msg) != APR_SUCCESS)
        return msg ? msg : path;
    g->sig_summary = apr_psprintf(g->pconf, "%s%s%d from %s%s",
                                  g->sig_summary ? g->sig_summary : "",
                                  g->sig_summary ? ", " : "",
                                  lw_ruleset_count(g->rs) - before, path,
                                  what);
    return NULL;
}

static const char *load_base(logwatch_global_t *g, apr_pool_t *p)
{
    const char *err;

    if (g->default_loaded)
        return NULL;
    g->default_loaded = 1;
    if (*base_sigs(g) == '\0')
        return NULL;
    err = load_sig_path(g, p, base_sigs(g), g->default_sigs
                        ? " (LogWatchDefaultSignatures)" : " (default set)");
    if (err != NULL && g->default_sigs == NULL
        && apr_stat(&(apr_finfo_t){ 0 }, LW_SIGDIR, APR_FINFO_TYPE, p)
               != APR_SUCCESS)
        return apr_psprintf(p, "the default set %s is missing (not "
                            "installed?): install it, name the base set "
                            "with LogWatchDefaultSignatures PATH, or say "
                            "LogWatchDefaultSignatures Off to load only the "
                            "files given", LW_SIGDIR);
    return err;
}

static const char *set_default_signatures(cmd_parms *cmd, void *dcv,
                                          const char *arg)
{
    logwatch_global_t *g = logwatch_g;
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    (void)dcv;
    if (err != NULL)
        return err;
    if (g == NULL)
        return "LogWatchDefaultSignatures: module not initialised";
    if (g->default_loaded)
        return "LogWatchDefaultSignatures must come before the first "
               "LogWatchSignatures";
    if (strcasecmp(arg, "Off") == 0)
        g->default_sigs = "";
    else if (strcasecmp(arg, "On") == 0)
        g->default_sigs = NULL;
    else if ((g->default_sigs = ap_server_root_relative(cmd->pool, arg))
             == NULL)
        return apr_psprintf(cmd->pool, "LogWatchDefaultSignatures: invalid "
                            "path '%s'", arg);
    return NULL;
}

/* Load and compile here, not later: a broken file then fails `apachectl
 * -t` at once, with the loader's "FILE:LINE: reason" under httpd's own
 * "Syntax error on line N of httpd.conf". The set is compiled again after
 * each LogWatchSignatures so the last one leaves the complete blob. */
static const char *add_signatures(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_global_t *g = logwatch_g;
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    const char *path;
    char *msg = NULL;

    (void)dcv;
    if (err != NULL)
        return err;
    if (g == NULL)
        return "LogWatchSignatures: module not initialised";
    path = ap_server_root_relative(cmd->temp_pool, arg);
    if (path == NULL)
        return apr_psprintf(cmd->pool, "LogWatchSignatures: invalid path '%s'",
                            arg);
    g->nsig_dirs++;
    err = load_base(g, cmd->temp_pool);
    if (err == NULL)
        err = load_sig_path(g, cmd->temp_pool, path, "");
    if (err == NULL
        && lw_ruleset_compile(g->rs, g->build ? g->build : cmd->temp_pool,
                              &g->blob, &g->blob_len, &msg) != APR_SUCCESS)
        err = msg ? msg : path;
    if (err != NULL)
        return apr_pstrcat(cmd->pool, "LogWatchSignatures: ", err, NULL);
    g->nrules = lw_ruleset_count(g->rs);
    return NULL;
}

/* check_config: runs in every pass, -t included, after all directives.
 * Without LogWatchSignatures the base set alone is loaded here. Either way
 * it says how many rules came from where (on the terminal under -t, in
 * the error log at a start or restart). */
int logwatch_check_signatures(apr_pool_t *pconf, apr_pool_t *ptemp,
                              server_rec *s)
{
    logwatch_global_t *g = logwatch_g;
    const char *err = NULL;
    char *msg = NULL;

    (void)pconf;
    if (g == NULL)
        return OK;
    if (g->nsig_dirs == 0) {
        if (g->build != NULL)
            ptemp = g->build;
        if (g->default_sigs != NULL && *g->default_sigs == '\0')
            err = "LogWatchDefaultSignatures Off and no LogWatchSignatures: "
                  "no rules at all";
        if (err == NULL)
            err = load_base(g, ptemp);
        if (err == NULL && g->rs == NULL)
            err = "no signatures";
        if (err == NULL
            && lw_ruleset_compile(g->rs, ptemp, &g->blob, &g->blob_len, &msg)
                   != APR_SUCCESS)
            err = msg ? msg : base_sigs(g);
        if (err != NULL) {
            ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_EMERG, 0, s,
                         LOGWATCH_LOGNO(00005)
                         "no LogWatchSignatures given and the base "
                         "signatures failed: %s", err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        g->nrules = lw_ruleset_count(g->rs);
    }
    /* on the terminal under -t; a start writes it to the error log */
    if (ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST)
        logwatch_signatures_report(NULL);
    return OK;
}

void logwatch_signatures_report(server_rec *s)
{
    const logwatch_global_t *g = logwatch_g;

    /* a start reads the configuration twice: say it once */
    if (g == NULL || (s != NULL && ap_state_query(AP_SQ_MAIN_STATE)
                                       == AP_SQ_MS_CREATE_PRE_CONFIG))
        return;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                 LOGWATCH_LOGNO(00023) "%d signatures: %s",
                 g->nrules, g->sig_summary ? g->sig_summary : "none");
}

static const char *add_exclude(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_dir_conf *dc = dcv;
    int cat;

    if (apr_isdigit(*arg)) {
        apr_uint64_t id;
        const char *err = logwatch_parse_number(cmd, "rule id", arg,
                                                LW_NUM_PLAIN, 1,
                                                APR_UINT32_MAX, &id);

        if (err != NULL)
            return err;
        APR_ARRAY_PUSH(dc->excl_ids, apr_uint32_t) = (apr_uint32_t)id;
        return NULL;
    }
    cat = lw_category_from_name(arg);
    if (cat < 0 || cat == LW_CAT_SERVER_ERROR || cat == LW_CAT_THRESHOLD)
        return apr_psprintf(cmd->pool, "LogWatchExclude: '%s' is neither a "
                            "rule id nor a category", arg);
    dc->excl_cats |= 1u << cat;
    return NULL;
}

/* LogWatchInspectHeader NAME | -NAME | none | all. Every request header
 * is inspected by default; NAME is inspected whatever the rest says (and
 * before the others when there are more than LOGWATCH_MAX_HEADERS),
 * -NAME never, "none" inspects User-Agent, Referer, Cookie and the
 * NAMEs only, "all" restores the default (in a virtual host). */
static const char *add_header(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);
    const char *name = arg, *c;
    int i, skip = 0;

    (void)dcv;
    if (!strcasecmp(arg, "none") || !strcasecmp(arg, "all")) {
        sc->all_headers = (arg[0] | 0x20) == 'a';
        if (!sc->all_headers && sc->skip->nelts > 0)
            return "LogWatchInspectHeader: none with -NAME: nothing is "
                   "inspected beyond the named headers, there is nothing "
                   "to leave out";
        return NULL;
    }
    if (*name == '-') {
        skip = 1;
        name++;
    }
    /* a token (RFC 9110 5.1): what httpd accepts as a field name */
    for (c = name; *c; c++)
        if (!apr_isalnum(*c) && !strchr("!#$%&'*+-.^_`|~", *c))
            break;
    if (*name == '\0' || *c != '\0')
        return apr_psprintf(cmd->pool, "LogWatchInspectHeader: bad header "
                            "name '%s' (a header name, -NAME, none or all)",
                            arg);
    for (i = 0; i < NDEFAULT_HEADERS; i++)
        if (!strcasecmp(name, default_headers[i])) {
            if (skip)
                return apr_psprintf(cmd->pool, "LogWatchInspectHeader: %s "
                                    "is always inspected (switch its rules "
                                    "off with LogWatchExclude)", name);
            return NULL;
        }
    if (skip ? name_in(sc->headers, name) : name_in(sc->skip, name))
        return apr_psprintf(cmd->pool, "LogWatchInspectHeader: %s is both "
                            "inspected and left out", name);
    if (skip && sc->all_headers == 0)
        return "LogWatchInspectHeader: -NAME with none: nothing is "
               "inspected beyond the named headers, there is nothing to "
               "leave out";
    APR_ARRAY_PUSH(skip ? sc->skip : sc->headers, const char *) = name;
    return NULL;
}

const char *logwatch_parse_number(cmd_parms *cmd, const char *what,
                                  const char *arg, int flags,
                                  apr_uint64_t lo, apr_uint64_t hi,
                                  apr_uint64_t *out)
{
    if (lw_parse_number(arg, flags, lo, hi, out))
        return NULL;
    return apr_psprintf(cmd->pool, "%s: %s%s'%s' is not a number from %"
                        APR_UINT64_T_FMT " to %" APR_UINT64_T_FMT "%s",
                        cmd->cmd->name, what ? what : "", what ? " " : "",
                        arg, lo, hi, (flags & LW_NUM_UNITS)
                        ? " (bytes; suffix k, M or G allowed)" : "");
}

static const char *set_max_inspect(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);

    apr_uint64_t v;
    const char *err = logwatch_parse_number(cmd, NULL, arg, LW_NUM_UNITS,
                                            LOGWATCH_MAX_INSPECT_MIN,
                                            LOGWATCH_MAX_INSPECT_MAX, &v);

    (void)dcv;
    if (err == NULL)
        sc->max_inspect = (apr_int64_t)v;
    return err;
}

apr_size_t logwatch_inspect_response(const logwatch_server_conf *sc)
{
    return sc->inspect_response >= 0 ? (apr_size_t)sc->inspect_response
                                     : LW_LEAK_DEFAULT_INSPECT;
}

static const char *set_inspect_response(cmd_parms *cmd, void *dcv,
                                        const char *arg)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);
    apr_uint64_t v;
    const char *err;

    (void)dcv;
    if (strcasecmp(arg, "Off") == 0) {
        sc->inspect_response = 0;
        return NULL;
    }
    err = logwatch_parse_number(cmd, NULL, arg, LW_NUM_UNITS,
                                LOGWATCH_INSPECT_RESPONSE_MIN,
                                LOGWATCH_INSPECT_RESPONSE_MAX, &v);
    if (err == NULL)
        sc->inspect_response = (apr_int64_t)v;
    return err;
}

static const char *set_inspect_body(cmd_parms *cmd, void *dcv,
                                    const char *arg)
{
    logwatch_dir_conf *dc = dcv;
    apr_uint64_t v;
    const char *err = logwatch_parse_number(cmd, NULL, arg, LW_NUM_UNITS, 0,
                                            LOGWATCH_INSPECT_BODY_MAX, &v);

    if (err == NULL)
        dc->inspect_body = (apr_int64_t)v;
    return err;
}

apr_size_t logwatch_inspect_body(const logwatch_dir_conf *dc)
{
    if (dc == NULL || dc->inspect_body < 0)
        return LOGWATCH_INSPECT_BODY_DEFAULT;
    return (apr_size_t)dc->inspect_body;
}

static const char *set_min_score(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);
    apr_uint64_t v;
    const char *err = logwatch_parse_number(cmd, NULL, arg, LW_NUM_PLAIN, 1,
                                            LOGWATCH_MIN_SCORE_MAX, &v);

    (void)dcv;
    if (err == NULL)
        sc->min_score = (int)v;
    return err;
}

static const char *set_record_errors(cmd_parms *cmd, void *dcv, int on)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);

    (void)dcv;
    sc->record_errors = on ? 1 : 0;
    return NULL;
}

static const char *set_hostname(cmd_parms *cmd, void *dcv, const char *arg)
{
    logwatch_server_conf *sc =
        ap_get_module_config(cmd->server->module_config, &logwatch_module);

    (void)dcv;
    sc->hostname = arg;
    return NULL;
}

const command_rec logwatch_cmds[] = {
    AP_INIT_FLAG("LogWatch", set_enabled, NULL, RSRC_CONF | ACCESS_CONF,
                 "On|Off: inspect requests here (default On)"),
    AP_INIT_TAKE1("LogWatchLog", set_log, NULL, RSRC_CONF,
                  "Attack log: a path (relative to ServerRoot), "
                  "\"|program\" (no shell), \"|$command\" (shell), "
                  "syslog[:facility] or "
                  "syslog://host[:port][?proto=udp|tcp&facility=...]"),
    AP_INIT_TAKE1("LogWatchDefaultSignatures", set_default_signatures,
                  NULL, RSRC_CONF, "On (the installed set, the default), "
                  "Off (only LogWatchSignatures), or the directory of the "
                  "base set; before any LogWatchSignatures"),
    AP_INIT_TAKE1("LogWatchSignatures", add_signatures, NULL, RSRC_CONF,
                  "A signature file or a directory of *.rules, added to the "
                  "default set (repeatable)"),
    AP_INIT_ITERATE("LogWatchExclude", add_exclude, NULL,
                    RSRC_CONF | ACCESS_CONF,
                    "Rule ids or categories not to report here"),
    AP_INIT_ITERATE("LogWatchInspectHeader", add_header, NULL, RSRC_CONF,
                    "NAME: inspected first; -NAME: never inspected; none: "
                    "only User-Agent, Referer, Cookie and the NAMEs; all "
                    "(default): every request header"),
    AP_INIT_TAKE1("LogWatchMaxInspect", set_max_inspect, NULL, RSRC_CONF,
                  "Bytes inspected per field (default 8192)"),
    AP_INIT_TAKE1("LogWatchInspectResponse", set_inspect_response, NULL,
                  RSRC_CONF, "BYTES|Off: bytes of the response to a flagged "
                  "request read by the leak rules (default 32K)"),
    AP_INIT_TAKE1("LogWatchInspectBody", set_inspect_body, NULL,
                  RSRC_CONF | ACCESS_CONF, "Bytes of a request body (form, "
                  "multipart, JSON, XML) kept and inspected, k/M suffixes "
                  "(default 128k, 0 = none)"),
    AP_INIT_TAKE1("LogWatchMinScore", set_min_score, NULL, RSRC_CONF,
                  "Score at which a request is flagged (default 3)"),
    AP_INIT_FLAG("LogWatchRecordErrors", set_record_errors, NULL, RSRC_CONF,
                 "On|Off: record non-attack 5xx as server_error "
                 "(default Off)"),
    AP_INIT_TAKE1("LogWatchHostname", set_hostname, NULL, RSRC_CONF,
                  "Machine name written in the records (default: the "
                  "system's host name)"),
    AP_INIT_TAKE1("LogWatchMemo", logwatch_set_memo, NULL, RSRC_CONF,
                  "BYTES|Off: memo of clean fields per thread, k/M "
                  "suffixes (default 128k, from 64k; mod_logwatch_memo.c)"),
    /* live defense: mod_logwatch_defense.c */
    AP_INIT_TAKE2("LogWatchThreshold", logwatch_set_threshold, NULL,
                  RSRC_CONF, "COUNT SECONDS: a source with COUNT attacks in "
                  "SECONDS gets a threshold record (default 3 86400)"),
    AP_INIT_TAKE123("LogWatchBlock", logwatch_set_block, NULL, RSRC_CONF,
                    "On|Off [SECONDS] [STATUS]: refuse sources over the "
                    "threshold (default Off, 600 s, 403)"),
    AP_INIT_ITERATE("LogWatchIgnoreNet", logwatch_add_ignore_net, NULL,
                    RSRC_CONF, "Addresses or networks (CIDR) never counted "
                    "nor blocked"),
    AP_INIT_TAKE1("LogWatchIPv6Prefix", logwatch_set_ipv6_prefix, NULL,
                  RSRC_CONF, "Prefix length of the IPv6 networks counted "
                  "as one source (1-128, default 64; IPv4 counts per "
                  "address)"),
    AP_INIT_TAKE1("LogWatchSharedMemory", logwatch_set_shared_memory, NULL,
                  RSRC_CONF, "Bytes for the source tallies, k/M suffixes "
                  "(default 1M; a change needs a stop and start)"),
    { NULL }
};
