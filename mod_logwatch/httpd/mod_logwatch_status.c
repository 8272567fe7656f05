/* mod_logwatch_status.c: `SetHandler logwatch-status` shows the shared
 * counters, the hits per rule and the sources with the most attacks, as
 * HTML, as JSON (?json) or as Prometheus text (?metrics); and a short
 * section on mod_status's page. Everything shown comes from the shared
 * counters, the signatures (rule messages: escaped) and canonical address
 * text made by lw_addr_format (never the request's own bytes); the page's
 * own URI, used in links, is escaped too. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"
#include "apr_atomic.h"
#include "apr_optional_hooks.h"
#include "mod_status.h"

#include "lw_json.h"
#include "lw_net.h"
#include "lw_svg.h"
#include "mod_logwatch_defense.h"
#include "mod_logwatch_shm.h"
#include "mod_logwatch_status.h"

APLOG_USE_MODULE(logwatch);

#define HANDLER "logwatch-status"
#define TOP_SOURCES 20
#define JSON_ESC_MAX 8                 /* bytes of JSON per byte, at most */
#define JSON_ESC_SLACK 16

/* The totals' names in each form, from LOGWATCH_TOTALS. */
static const struct {
    const char *json, *metric, *label, *help;
} totals[LOGWATCH_T__COUNT] = {
#define TOTAL_ROW(f, json, metric, label, help) { json, metric, label, help },
    LOGWATCH_TOTALS(TOTAL_ROW)
#undef TOTAL_ROW
};

/* One consistent-enough copy of the shared counters (each read atomic). */
#define TOTAL(snap, name) ((snap).totals[LOGWATCH_T_##name])
typedef struct {
    int present;
    apr_uint64_t totals[LOGWATCH_T__COUNT];
    apr_uint64_t generation, loaded_at, rules, shm_bytes;
    apr_uint64_t by_category[LW_CAT__COUNT];
    apr_uint64_t by_verdict[LW_V__COUNT];
} snap_t;

static void snapshot(snap_t *s)
{
    logwatch_stats_t *st = logwatch_stats();
    int i;

    memset(s, 0, sizeof(*s));
    if (st == NULL)
        return;
    s->present = 1;
#define R(f) s->f = apr_atomic_read64(&st->f)
    R(generation); R(loaded_at); R(rules); R(shm_bytes);
#undef R
    for (i = 0; i < LOGWATCH_T__COUNT; i++)
        s->totals[i] = apr_atomic_read64(&st->totals[i]);
    for (i = 0; i < LW_CAT__COUNT; i++)
        s->by_category[i] = apr_atomic_read64(&st->by_category[i]);
    for (i = 0; i < LW_V__COUNT; i++)
        s->by_verdict[i] = apr_atomic_read64(&st->by_verdict[i]);
}

static const lw_engine_t *engine(void)
{
    return logwatch_g != NULL ? logwatch_g->engine : NULL;
}

/* Categories a rule or a request can be counted under (not the
 * record-only ones but server_error and threshold, which have their own
 * counters). */
static int shown_category(int c)
{
    return c != LW_CAT_TOOL && c != LW_CAT_THRESHOLD
        && c != LW_CAT_SERVER_ERROR && c != LW_CAT_LEAK;
}

/* A source's text: its address, or its network (addr/prefix) when it
 * stands for more than one address (IPv6, LogWatchIPv6Prefix). */
static const char *addr_text(apr_pool_t *p, const lw_tally_entry_t *e)
{
    char buf[LW_CIDR_STRLEN];
    lw_cidr_t net;
    int n;

    net.addr = e->addr;
    net.prefix = (int)e->prefix;
    n = e->addr.family == 6 && e->prefix > 0 && e->prefix < 128
        ? lw_cidr_format(&net, buf, sizeof(buf))
        : lw_addr_format(&e->addr, buf, sizeof(buf));
    return n < 0 ? "?" : apr_pstrdup(p, buf);
}

static apr_int64_t secs_left(const lw_tally_entry_t *e, apr_time_t now)
{
    return e->blocked_until > now ? apr_time_sec(e->blocked_until - now) + 1
                                  : 0;
}

/* ---- JSON ---- */

static void jstr(request_rec *r, const char *s)
{
    apr_size_t n = s ? strlen(s) : 0;
    /* room for the longest escape of every byte, and the quotes */
    apr_size_t cap = n * JSON_ESC_MAX + JSON_ESC_SLACK;
    lw_buf_t b;

    lw_buf_init(&b, apr_palloc(r->pool, cap), cap);
    lw_json_str(&b, s ? s : "", n, n + 1);
    ap_rwrite(b.data, (int)b.len, r);
}

static void json_page(request_rec *r, const snap_t *s,
                      const logwatch_defense_info_t *d)
{
    const lw_engine_t *e = engine();
    int i, c, first;

    ap_set_content_type(r, "application/json");
    if (r->header_only)
        return;
    ap_rprintf(r, "{\"version\":\"%s\",\"time\":%" APR_TIME_T_FMT
               ",\"counters_shared\":%s", LW_VERSION,
               apr_time_sec(apr_time_now()), s->present ? "true" : "false");
    ap_rputs(",\"totals\":{", r);
    for (i = 0; i < LOGWATCH_T__COUNT; i++)
        ap_rprintf(r, "%s\"%s\":%" APR_UINT64_T_FMT, i ? "," : "",
                   totals[i].json, s->totals[i]);
    ap_rputs("}", r);
    ap_rputs(",\"by_category\":{", r);
    for (c = 0, first = 1; c < LW_CAT__COUNT; c++) {
        if (!shown_category(c))
            continue;
        ap_rprintf(r, "%s\"%s\":%" APR_UINT64_T_FMT, first ? "" : ",",
                   lw_category_name(c), s->by_category[c]);
        first = 0;
    }
    ap_rputs("},\"by_verdict\":{", r);
    for (i = 0; i < LW_V__COUNT; i++)
        ap_rprintf(r, "%s\"%s\":%" APR_UINT64_T_FMT, i ? "," : "",
                   lw_verdict_name(i), s->by_verdict[i]);
    ap_rprintf(r, "},\"signatures\":{\"generation\":%" APR_UINT64_T_FMT
               ",\"loaded_at\":%" APR_TIME_T_FMT ",\"rules\":%"
               APR_UINT64_T_FMT ",\"shm_bytes\":%" APR_UINT64_T_FMT "}",
               s->generation, apr_time_sec((apr_time_t)s->loaded_at),
               s->rules, s->shm_bytes);
    /* rules that matched at least once since the set was loaded */
    ap_rputs(",\"rules\":[", r);
    for (i = 0, first = 1; e != NULL && i < lw_engine_rule_count(e); i++) {
        apr_uint32_t hits = lw_engine_rule_hits(e, i);

        if (hits == 0)
            continue;
        ap_rprintf(r, "%s{\"id\":%u,\"category\":\"%s\",\"hits\":%u,"
                   "\"msg\":", first ? "" : ",", lw_engine_rule_id(e, i),
                   lw_category_name(lw_engine_rule_category(e, i)), hits);
        jstr(r, lw_engine_rule_msg(e, i));
        ap_rputs("}", r);
        first = 0;
    }
    ap_rprintf(r, "],\"sources\":{\"present\":%s,\"slots\":%u,\"used\":%u,"
               "\"evictions\":%u,\"full\":%u,\"blocked\":%u,"
               "\"table_bytes\":%"
               APR_SIZE_T_FMT ",\"segment_bytes\":%" APR_SIZE_T_FMT
               ",\"threshold\":%d,\"window_s\":%" APR_TIME_T_FMT
               ",\"block\":%s,\"block_s\":%" APR_TIME_T_FMT
               ",\"block_status\":%d,\"ignore_nets\":%d,\"top\":[",
               d->present ? "true" : "false", d->st.slots, d->st.used,
               d->st.evictions, d->st.full, d->st.blocked, d->st.bytes,
               d->segment,
               d->threshold, apr_time_sec(d->window),
               d->block ? "true" : "false", apr_time_sec(d->block_for),
               d->block_status, d->nignore);
    for (i = 0; i < d->ntop; i++) {
        const lw_tally_entry_t *t = &d->top[i];

        ap_rprintf(r, "%s{\"source\":\"%s\",\"attacks\":%u,\"total\":%u,"
                   "\"refused\":%u,\"blocked\":%s,\"blocked_for_s\":%"
                   APR_INT64_T_FMT ",\"first\":%" APR_TIME_T_FMT
                   ",\"last\":%" APR_TIME_T_FMT ",\"by_category\":{",
                   i ? "," : "", addr_text(r->pool, t), t->attacks,
                   t->total, t->refused,
                   secs_left(t, d->now) ? "true" : "false",
                   secs_left(t, d->now), apr_time_sec(t->first),
                   apr_time_sec(t->last));
        for (c = 0, first = 1; c < LW_CAT__COUNT; c++) {
            if (t->by_cat[c] == 0)
                continue;
            ap_rprintf(r, "%s\"%s\":%u", first ? "" : ",",
                       lw_category_name(c), t->by_cat[c]);
            first = 0;
        }
        ap_rputs("}}", r);
    }
    ap_rputs("]}}\n", r);
}

/* ---- Prometheus text format 0.0.4 ---- */

static void metric(request_rec *r, const char *name, const char *type,
                   const char *help, apr_uint64_t v)
{
    ap_rprintf(r, "# HELP %s %s\n# TYPE %s %s\n%s %" APR_UINT64_T_FMT "\n",
               name, help, name, type, name, v);
}

static void metrics_page(request_rec *r, const snap_t *s,
                         const logwatch_defense_info_t *d)
{
    const lw_engine_t *e = engine();
    int i, c;

    ap_set_content_type(r, "text/plain; version=0.0.4; charset=utf-8");
    if (r->header_only)
        return;
    for (i = 0; i < LOGWATCH_T__COUNT; i++)
        metric(r, totals[i].metric, "counter", totals[i].help, s->totals[i]);
    ap_rputs("# HELP logwatch_attacks_total Flagged requests by category.\n"
             "# TYPE logwatch_attacks_total counter\n", r);
    for (c = 0; c < LW_CAT__COUNT; c++)
        if (shown_category(c))
            ap_rprintf(r, "logwatch_attacks_total{category=\"%s\"} %"
                       APR_UINT64_T_FMT "\n", lw_category_name(c),
                       s->by_category[c]);
    ap_rputs("# HELP logwatch_attacks_by_verdict_total Flagged requests by "
             "verdict.\n# TYPE logwatch_attacks_by_verdict_total counter\n",
             r);
    for (i = 0; i < LW_V__COUNT; i++)
        ap_rprintf(r, "logwatch_attacks_by_verdict_total{verdict=\"%s\"} %"
                   APR_UINT64_T_FMT "\n", lw_verdict_name(i),
                   s->by_verdict[i]);
    ap_rputs("# HELP logwatch_rule_hits_total Matches per rule since the "
             "signatures were loaded.\n# TYPE logwatch_rule_hits_total "
             "counter\n", r);
    for (i = 0; e != NULL && i < lw_engine_rule_count(e); i++) {
        apr_uint32_t hits = lw_engine_rule_hits(e, i);

        if (hits > 0)
            ap_rprintf(r, "logwatch_rule_hits_total{id=\"%u\",category=\"%s\"}"
                       " %u\n", lw_engine_rule_id(e, i),
                       lw_category_name(lw_engine_rule_category(e, i)), hits);
    }
    metric(r, "logwatch_signature_generation", "gauge",
           "Signature sets loaded since httpd started.", s->generation);
    metric(r, "logwatch_signature_rules", "gauge",
           "Rules in the current signature set.", s->rules);
    metric(r, "logwatch_signature_loaded_timestamp_seconds", "gauge",
           "When the current signature set was loaded.",
           (apr_uint64_t)apr_time_sec((apr_time_t)s->loaded_at));
    metric(r, "logwatch_signature_shm_bytes", "gauge",
           "Shared memory of the signature set.", s->shm_bytes);
    metric(r, "logwatch_sources_slots", "gauge",
           "Sources the tally table can hold.", d->st.slots);
    metric(r, "logwatch_sources_tracked", "gauge",
           "Sources in the tally table.", d->st.used);
    metric(r, "logwatch_sources_evicted_total", "counter",
           "Sources evicted from a full tally table.", d->st.evictions);
    metric(r, "logwatch_sources_blocked", "gauge",
           "Sources marked blocked.", d->st.blocked);
    metric(r, "logwatch_sources_shm_bytes", "gauge",
           "Shared memory of the tally table.", d->segment);
    /* The configuration a ban tool's thresholds must match (fail2ban's
     * maxretry and findtime, CrowdSec's capacity and leakspeed). */
    metric(r, "logwatch_threshold_attacks", "gauge",
           "Attacks from one source that cross LogWatchThreshold.",
           (apr_uint64_t)d->threshold);
    metric(r, "logwatch_threshold_window_seconds", "gauge",
           "LogWatchThreshold's window.",
           (apr_uint64_t)apr_time_sec(d->window));
    metric(r, "logwatch_block_duration_seconds", "gauge",
           "How long LogWatchBlock refuses a source (0: blocking off).",
           d->block ? (apr_uint64_t)apr_time_sec(d->block_for) : 0);
    ap_rputs("# HELP logwatch_build_info The module's version.\n"
             "# TYPE logwatch_build_info gauge\n", r);
    ap_rprintf(r, "logwatch_build_info{version=\"%s\"} 1\n", LW_VERSION);
}

/* ---- HTML ---- */

static void row(request_rec *r, const char *name, apr_uint64_t v)
{
    ap_rprintf(r, "<tr><th>%s</th><td>%" APR_UINT64_T_FMT "</td></tr>\n",
               name, v);
}

static const char *when(apr_pool_t *p, apr_time_t t)
{
    char *buf;

    if (t <= 0)
        return "-";
    buf = apr_palloc(p, APR_RFC822_DATE_LEN);
    apr_rfc822_date(buf, t);
    return buf;
}

/* The charts of the page (lw_svg.h): attacks by category and verdict,
 * and the top sources stacked by category. Labels are escaped here. */
static apr_uint32_t shown_mask(void)
{
    apr_uint32_t m = 0;
    int c;

    for (c = 0; c < LW_CAT__COUNT; c++)
        if (shown_category(c))
            m |= 1u << c;
    return m;
}

static void chart_counts(request_rec *r, const char *cls, const char *title,
                         const apr_uint64_t *counts, int n,
                         const char *(*name)(int), const char *(*color)(int),
                         apr_uint32_t only)
{
    lw_svg_row_t *rows = apr_pcalloc(r->pool, sizeof(*rows) * (apr_size_t)n);
    int i, k = 0;

    for (i = 0; i < n; i++) {
        if (!counts[i] || (only && !(only & (1u << i))))
            continue;
        rows[k].label = name(i);
        rows[k].value = counts[i];
        rows[k].color = color(i);
        k++;
    }
    if (k)
        ap_rputs(lw_svg_bars(r->pool, cls, title, rows, k, 0), r);
}

static void chart_sources(request_rec *r, const logwatch_defense_info_t *d)
{
    lw_svg_row_t *rows;
    int i, c, n = d->ntop < 10 ? d->ntop : 10;

    if (n <= 0)
        return;
    rows = apr_pcalloc(r->pool, sizeof(*rows) * (apr_size_t)n);
    for (i = 0; i < n; i++) {
        const lw_tally_entry_t *t = &d->top[i];
        apr_uint64_t *by = apr_pcalloc(r->pool, sizeof(*by) * LW_CAT__COUNT);
        for (c = 0; c < LW_CAT__COUNT; c++)
            by[c] = t->by_cat[c];
        rows[i].label = ap_escape_html(r->pool, addr_text(r->pool, t));
        rows[i].value = t->attacks;
        rows[i].by_cat = by;
    }
    ap_rputs(lw_svg_bars(r->pool, "top-sources", "Attacks in the window by "
                         "source and category", rows, n, shown_mask()), r);
}

static void html_page(request_rec *r, const snap_t *s,
                      const logwatch_defense_info_t *d)
{
    const lw_engine_t *e = engine();
    const char *self = ap_escape_html(r->pool, r->uri);
    int i, c;

    ap_set_content_type(r, "text/html; charset=utf-8");
    if (r->header_only)
        return;
    ap_rputs(DOCTYPE_HTML_4_01 "<html><head><title>mod_logwatch status"
             "</title></head><body>\n<h1>mod_logwatch status</h1>\n", r);
    ap_rprintf(r, "<p>Also as <a href=\"%s?json\">JSON</a> and "
               "<a href=\"%s?metrics\">Prometheus metrics</a>. "
               "Counters are shared by every process and kept across "
               "graceful restarts%s.</p>\n", self, self,
               s->present ? "" : " (<b>not available</b>)");
    ap_rputs("<h2>Totals</h2><table border=\"1\">\n", r);
    for (i = 0; i < LOGWATCH_T__COUNT; i++)
        row(r, totals[i].label, s->totals[i]);
    /* what may need action first: the sources, blocked ones with their
     * "unblock" button; then the pictures; then the rules */
    ap_rputs("</table>\n<h2>Sources</h2>\n", r);
    if (!d->present) {
        ap_rputs("<p>No source tallies (see the error log).</p>\n", r);
    }
    else {
        ap_rprintf(r, "<p>%u of %u slots in use, %u evicted, %u blocked; "
                   "%" APR_SIZE_T_FMT " bytes of shared memory. Threshold "
                   "%d attacks in %" APR_TIME_T_FMT " s; blocking %s",
                   d->st.used, d->st.slots, d->st.evictions, d->st.blocked,
                   d->segment, d->threshold, apr_time_sec(d->window),
                   d->block ? "on" : "off");
        if (d->block)
            ap_rprintf(r, " (%d for %" APR_TIME_T_FMT " s)", d->block_status,
                       apr_time_sec(d->block_for));
        ap_rprintf(r, "; %d ignored networks.</p>\n<table border=\"1\">"
                   "<tr><th>source</th><th>attacks in window</th>"
                   "<th>total</th><th>by category</th><th>refused</th>"
                   "<th>blocked</th><th>last seen</th></tr>\n", d->nignore);
        for (i = 0; i < d->ntop; i++) {
            const lw_tally_entry_t *t = &d->top[i];
            apr_int64_t left = secs_left(t, d->now);

            ap_rprintf(r, "<tr><td>%s</td><td>%u</td><td>%u</td><td>",
                       addr_text(r->pool, t), t->attacks, t->total);
            for (c = 0; c < LW_CAT__COUNT; c++)
                if (t->by_cat[c])
                    ap_rprintf(r, "%s&nbsp;%u ", lw_category_name(c),
                               t->by_cat[c]);
            ap_rprintf(r, "</td><td>%u</td><td>%s%s</td><td>%s</td></tr>\n",
                       t->refused,
                       left ? apr_psprintf(r->pool, "%" APR_INT64_T_FMT
                                           " s more", left) : "no",
                       left ? apr_psprintf(
                           r->pool, " <form method=\"post\" action=\"?"
                           "unblock=%s\" style=\"display:inline\"><button>"
                           "unblock</button></form>",
                           ap_escape_html(r->pool, ap_escape_uri(
                               r->pool, addr_text(r->pool, t)))) : "",
                       when(r->pool, t->last));
        }
        ap_rputs("</table>\n", r);
        chart_sources(r, d);
    }
    ap_rputs("<h2>By category</h2>\n", r);
    chart_counts(r, "categories", "Attacks by category", s->by_category,
                 LW_CAT__COUNT, lw_category_name, lw_category_color,
                 shown_mask());
    ap_rputs("<table border=\"1\">\n", r);
    for (c = 0; c < LW_CAT__COUNT; c++)
        if (shown_category(c))
            row(r, lw_category_name(c), s->by_category[c]);
    ap_rputs("</table>\n<h2>By verdict</h2>\n", r);
    chart_counts(r, "verdicts", "Attacks by verdict", s->by_verdict,
                 LW_V__COUNT, lw_verdict_name, lw_verdict_color, 0);
    ap_rputs("<table border=\"1\">\n", r);
    for (i = 0; i < LW_V__COUNT; i++)
        row(r, lw_verdict_name(i), s->by_verdict[i]);
    ap_rprintf(r, "</table>\n<h2>Signatures</h2><p>Generation %"
               APR_UINT64_T_FMT ", %" APR_UINT64_T_FMT " rules, %"
               APR_UINT64_T_FMT " bytes of shared memory, loaded %s.</p>\n",
               s->generation, s->rules, s->shm_bytes,
               when(r->pool, (apr_time_t)s->loaded_at));
    ap_rputs("<h3>Hits per rule (since loaded)</h3><table border=\"1\">\n"
             "<tr><th>id</th><th>category</th><th>hits</th><th>message</th>"
             "</tr>\n", r);
    for (i = 0; e != NULL && i < lw_engine_rule_count(e); i++) {
        apr_uint32_t hits = lw_engine_rule_hits(e, i);
        const char *msg = lw_engine_rule_msg(e, i);

        if (hits > 0)
            ap_rprintf(r, "<tr><td>%u</td><td>%s</td><td>%u</td><td>%s</td>"
                       "</tr>\n", lw_engine_rule_id(e, i),
                       lw_category_name(lw_engine_rule_category(e, i)), hits,
                       ap_escape_html(r->pool, msg ? msg : ""));
    }
    ap_rputs("</table>\n", r);
    ap_rputs("</body></html>\n", r);
}

/* POST ?unblock=ADDR: the page's own access rule guards it (same
 * handler, same <Location>). A form posted from another site by the
 * admin's browser is refused (Sec-Fetch-Site / Origin). Then back to the
 * page (303), which shows the source unblocked at once. */
static int unblock_action(request_rec *r)
{
    const char *site = apr_table_get(r->headers_in, "Sec-Fetch-Site");
    const char *origin = apr_table_get(r->headers_in, "Origin");
    const char *host = apr_table_get(r->headers_in, "Host");
    char *addr;

    if ((site != NULL && strcmp(site, "same-origin") != 0
         && strcmp(site, "none") != 0)
        || (origin != NULL && strcmp(origin, "null") != 0
            && (host == NULL || ap_strstr_c(origin, "://") == NULL
                || strcmp(ap_strstr_c(origin, "://") + 3, host) != 0)))
        return HTTP_FORBIDDEN;
    addr = apr_pstrdup(r->pool, r->args + 8);
    if (ap_unescape_url(addr) != OK
        || logwatch_defense_unblock(r, addr) < 0)
        return HTTP_BAD_REQUEST;
    apr_table_setn(r->headers_out, "Location",
                   ap_construct_url(r->pool, r->uri, r));
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    return HTTP_SEE_OTHER;
}

/* The query is NAME alone, or NAME= (what a client that always writes
 * key=value sends: Prometheus' `params: {metrics: [""]}`, an HTML form). */
static int is_query(const request_rec *r, const char *name)
{
    apr_size_t n = strlen(name);

    return r->args != NULL && strncmp(r->args, name, n) == 0
        && (r->args[n] == '\0'
            || (r->args[n] == '=' && r->args[n + 1] == '\0'));
}

static int status_handler(request_rec *r)
{
    logwatch_defense_info_t d;
    snap_t s;

    if (r->handler == NULL || strcmp(r->handler, HANDLER) != 0)
        return DECLINED;
    r->allowed |= (AP_METHOD_BIT << M_GET);
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, M_POST, -1);
    if (r->method_number == M_POST && r->args != NULL
        && strncmp(r->args, "unblock=", 8) == 0)
        return unblock_action(r);
    if (r->method_number != M_GET)
        return HTTP_METHOD_NOT_ALLOWED;
    snapshot(&s);
    logwatch_defense_info(r, TOP_SOURCES, &d);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    if (is_query(r, "json"))
        json_page(r, &s, &d);
    else if (is_query(r, "metrics"))
        metrics_page(r, &s, &d);
    else
        html_page(r, &s, &d);
    return OK;
}

/* ---- mod_status ---- */

static int status_section(request_rec *r, int flags)
{
    logwatch_defense_info_t d;
    snap_t s;
    int c;

    snapshot(&s);
    logwatch_defense_info(r, 0, &d);
    if (flags & AP_STATUS_SHORT) {
        ap_rprintf(r, "LogWatchInspected: %" APR_UINT64_T_FMT "\n"
                   "LogWatchFlagged: %" APR_UINT64_T_FMT "\n"
                   "LogWatchWritten: %" APR_UINT64_T_FMT "\n"
                   "LogWatchDropped: %" APR_UINT64_T_FMT "\n"
                   "LogWatchThresholds: %" APR_UINT64_T_FMT "\n"
                   "LogWatchRefused: %" APR_UINT64_T_FMT "\n"
                   "LogWatchSources: %u\nLogWatchBlocked: %u\n",
                   TOTAL(s, inspected), TOTAL(s, flagged), TOTAL(s, written),
                   TOTAL(s, dropped), TOTAL(s, thresholds), TOTAL(s, refused),
                   d.st.used, d.st.blocked);
        return OK;
    }
    ap_rprintf(r, "<hr /><h2>mod_logwatch</h2>\n<dl><dt>%" APR_UINT64_T_FMT
               " requests inspected, %" APR_UINT64_T_FMT " flagged, %"
               APR_UINT64_T_FMT " records written, %" APR_UINT64_T_FMT
               " dropped</dt>\n<dt>", TOTAL(s, inspected), TOTAL(s, flagged),
               TOTAL(s, written), TOTAL(s, dropped));
    for (c = 0; c < LW_CAT__COUNT; c++)
        if (shown_category(c))
            ap_rprintf(r, "%s %" APR_UINT64_T_FMT "; ", lw_category_name(c),
                       s.by_category[c]);
    ap_rprintf(r, "</dt>\n<dt>%u sources tracked of %u, %u blocked, %"
               APR_UINT64_T_FMT " threshold crossings, %" APR_UINT64_T_FMT
               " requests refused; signatures generation %" APR_UINT64_T_FMT
               " (%" APR_UINT64_T_FMT " rules)</dt></dl>\n", d.st.used,
               d.st.slots, d.st.blocked, TOTAL(s, thresholds),
               TOTAL(s, refused),
               s.generation, s.rules);
    return OK;
}

void logwatch_status_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_handler(status_handler, NULL, NULL, APR_HOOK_MIDDLE);
    APR_OPTIONAL_HOOK(ap, status_hook, status_section, NULL, NULL,
                      APR_HOOK_MIDDLE);
}
