/* logwatch-summarize: the daily report from attack records (the module's
 * and logwatch-scan's), with abuse reports, site-owner alerts, firewall and
 * mod_security suggestions.
 *
 *   logwatch-summarize [options] [FILE...|-]
 *
 * Input files may be gzipped; no file or "-" reads stdin. See usage(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "lw_sum.h"
#include "lw_report.h"
#include "lw_disk.h"
#include "lw_suggest.h"
#include "lw_escape.h"
#include "lw_net.h"
#include "lw_abuse.h"
#include "lw_sum_input.h"
#include "tool_args.h"

static void usage(FILE *f)
{
    fputs(
"usage: logwatch-summarize [options] [FILE...|-]\n"
"Reads attack records (JSON lines, plain or gzipped; '-' or none: stdin)\n"
"and prints a report.\n"
"  --format text|json|html   report format (text)\n"
"  --output FILE             write the report to FILE (stdout)\n"
"  --since WHEN, --until WHEN  window: YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM],\n"
"                            today, yesterday, now, Nh, Nd (N hours/days ago);\n"
"                            times without a zone are local; until is exclusive\n"
"  --top N                   sources/targets listed in text/html (100; 0 all)\n"
"  --threads 1|2             read and parse in a thread of their own (2)\n"
"  --disk PATH               report the file system holding PATH (repeatable)\n"
"  --disk-threshold PCT      warn at this use of blocks or inodes (90)\n"
"  --threshold N             attacks for abuse reports and firewall (3)\n"
"  --firewall iptables|nftables|ipset  commands blocking those sources\n"
"  --modsecurity             SecRule suggestions for attacks not blocked,\n"
"                            scoped to the argument and text of the attack\n"
"  --benign FILE             an access log of ordinary traffic: a suggestion\n"
"                            matching one of its requests is dropped and\n"
"                            counted (repeatable)\n"
"  --secrule-id-base N       first rule id (99000; local range 1-99999)\n"
"  --ignore-net CIDR         your own network: its records are left out of\n"
"                            every list, never reported nor blocked (repeatable)\n"
"  --ignore-net-from FILE    the same for each LogWatchIgnoreNet of an httpd\n"
"                            config file (or each CIDR of a plain list)\n"
"  --abuse-reports DIR       write abuse reports (one per contact) to DIR\n"
"  --whois-server HOST[:PORT]  ask this server instead of whois.iana.org\n"
"  --abuse-map FILE          CIDR -> abuse address, overrides WHOIS\n"
"  --whois-cache FILE        remember WHOIS answers\n"
"  --state FILE              never report a source twice the same day\n"
"  --send                    also hand each message to sendmail -t -oi\n"
"  --sendmail PATH           sendmail program (/usr/sbin/sendmail)\n"
"  --from ADDR               From: of the messages\n"
"  --client-alerts DIR       alerts to owners of attacked sites, into DIR\n"
"  --alert-sources M         distinct sources that trigger an alert (2)\n"
"  --contacts FILE           \"vhost address\" lines for the alerts\n"
"  --report-to ADDR          alerts for sites without a contact go here\n"
"                            (default: the From address)\n"
"  --whois-timeout SECONDS   per WHOIS server (5)\n"
"  --whois-budget SECONDS    all WHOIS lookups of the run together (60);\n"
"                            sources left then are contact unknown\n"
"  --help, --version\n", f);
}

/* ---------------------------------------------------------------- time */

/* Local midnight of the day of t, shifted by days. */
static apr_time_t local_midnight(apr_time_t t, int days)
{
    time_t tt = (time_t)apr_time_sec(t);
    struct tm tm;

    localtime_r(&tt, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mday += days;
    tm.tm_isdst = -1;
    return apr_time_from_sec(mktime(&tm));
}

/* WHEN as in usage(). Returns 0 and sets *out, -1 when not understood. */
static int parse_when(const char *w, apr_time_t now, apr_time_t *out)
{
    lw_rec_time_t tm = { 0, 0, 0, 0, 0, 0, 0, 0 };
    int zone = 0, oh, om;
    const char *p;
    char *end;
    long n;
    struct tm lt;

    if (strcmp(w, "now") == 0) {
        *out = now;
        return 0;
    }
    if (strcmp(w, "today") == 0) {
        *out = local_midnight(now, 0);
        return 0;
    }
    if (strcmp(w, "yesterday") == 0) {
        *out = local_midnight(now, -1);
        return 0;
    }
    errno = 0;
    n = strtol(w, &end, 10);
    if (end != w && errno == 0 && n >= 0 && n < 100000
        && (strcmp(end, "h") == 0 || strcmp(end, "d") == 0)) {
        *out = now - apr_time_from_sec((apr_time_t)n * (*end == 'h' ? 3600 : 86400));
        return 0;
    }
    if (strlen(w) < 10 || lw_digits(w, 4, &tm.year) || w[4] != '-'
        || lw_digits(w + 5, 2, &tm.mon) || w[7] != '-'
        || lw_digits(w + 8, 2, &tm.mday)
        || tm.mon < 1 || tm.mon > 12 || tm.mday < 1 || tm.mday > 31)
        return -1;
    p = w + 10;
    if (*p == 'T' || *p == ' ') {
        if (lw_digits(p + 1, 2, &tm.hour) || p[3] != ':'
            || lw_digits(p + 4, 2, &tm.min))
            return -1;
        p += 6;
        if (*p == ':') {
            if (lw_digits(p + 1, 2, &tm.sec))
                return -1;
            p += 3;
        }
        if (tm.hour > 23 || tm.min > 59 || tm.sec > 60)
            return -1;
    }
    if (*p == 'Z') {
        zone = 1;
        p++;
    } else if (*p == '+' || *p == '-') {
        if (lw_digits(p + 1, 2, &oh))
            return -1;
        if (p[3] == ':' ? lw_digits(p + 4, 2, &om) : lw_digits(p + 3, 2, &om))
            return -1;
        tm.utc_offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
        zone = 1;
        p += p[3] == ':' ? 6 : 5;
    }
    if (*p)
        return -1;
    if (zone)
        return lw_rec_time_get(&tm, out);
    memset(&lt, 0, sizeof(lt));
    lt.tm_year = tm.year - 1900;
    lt.tm_mon = tm.mon - 1;
    lt.tm_mday = tm.mday;
    lt.tm_hour = tm.hour;
    lt.tm_min = tm.min;
    lt.tm_sec = tm.sec;
    lt.tm_isdst = -1;
    *out = apr_time_from_sec(mktime(&lt));
    return 0;
}

/* ------------------------------------------------------------- options */

typedef struct {
    const char *format, *output, *since, *until, *firewall;
    int top, modsecurity, threshold, send, alert_sources;
    double disk_threshold;
    apr_uint32_t secrule_base;
    apr_array_header_t *disks, *ignore, *inputs, *benign;
    const char *abuse_dir, *whois_server, *abuse_map, *whois_cache, *state;
    const char *sendmail, *from, *alerts_dir, *contacts, *report_to;
    int whois_timeout, whois_budget, threads;
} opts_t;

/* lo >= 0: every option's number is a count, a percentage or seconds. */
static int num_arg(const char *opt, const char *v, long lo, long hi, long *out)
{
    apr_uint64_t n;

    if (!lw_parse_number(v, LW_NUM_PLAIN, (apr_uint64_t)lo,
                         (apr_uint64_t)hi, &n)) {
        fprintf(stderr, "logwatch-summarize: %s: not a number in %ld..%ld\n",
                opt, lo, hi);
        return -1;
    }
    *out = (long)n;
    return 0;
}

/* The admin's own networks, from the httpd configuration that lists them
 * for the module (one list for both): every CIDR after a LogWatchIgnoreNet
 * directive, or every word of a line that starts with a CIDR (a plain
 * shared list); comments and other lines are skipped. 0, or -1 after a
 * message (unreadable file, bad CIDR). */
static int ignore_net_from(apr_pool_t *p, const char *path,
                           apr_array_header_t *out)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int lineno = 0, rc = 0;

    if (f == NULL) {
        fprintf(stderr, "logwatch-summarize: --ignore-net-from %s: %s\n",
                lw_esc_text(p, path), strerror(errno));
        return -1;
    }
    while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
        char *last = NULL, *w = apr_strtok(line, " \t\r\n", &last);
        lw_cidr_t c;

        lineno++;
        if (w == NULL || *w == '#')
            continue;
        if (strcasecmp(w, "LogWatchIgnoreNet") == 0)
            w = apr_strtok(NULL, " \t\r\n", &last);
        else if (!lw_cidr_parse(w, strlen(w), &c))
            continue;
        for (; w != NULL && *w != '#'; w = apr_strtok(NULL, " \t\r\n", &last)) {
            if (!lw_cidr_parse(w, strlen(w), &c)) {
                fprintf(stderr, "logwatch-summarize: %s:%d: '%s' is not a "
                        "CIDR\n", lw_esc_text(p, path), lineno,
                        lw_esc_text(p, w));
                rc = -1;
                break;
            }
            *(lw_cidr_t *)apr_array_push(out) = c;
        }
    }
    fclose(f);
    return rc;
}

/* The options of usage(). None has a letter: a single-dash word other
 * than "-" is an unknown option, so the numbers start past any character. */
enum {
    OPT_HELP = 256, OPT_VERSION, OPT_BENIGN, OPT_MODSECURITY, OPT_SEND,
    OPT_FORMAT, OPT_OUTPUT, OPT_SINCE, OPT_UNTIL, OPT_THREADS, OPT_TOP,
    OPT_DISK, OPT_DISK_THRESHOLD, OPT_THRESHOLD, OPT_FIREWALL,
    OPT_SECRULE_ID_BASE, OPT_IGNORE_NET, OPT_IGNORE_NET_FROM,
    OPT_ABUSE_REPORTS, OPT_WHOIS_SERVER, OPT_ABUSE_MAP, OPT_WHOIS_CACHE,
    OPT_STATE, OPT_SENDMAIL, OPT_FROM, OPT_CLIENT_ALERTS, OPT_ALERT_SOURCES,
    OPT_CONTACTS, OPT_REPORT_TO, OPT_WHOIS_TIMEOUT, OPT_WHOIS_BUDGET
};

static const apr_getopt_option_t sum_opts[] = {
    { "help", OPT_HELP, 0, NULL },
    { "version", OPT_VERSION, 0, NULL },
    { "benign", OPT_BENIGN, 1, NULL },
    { "modsecurity", OPT_MODSECURITY, 0, NULL },
    { "send", OPT_SEND, 0, NULL },
    { "format", OPT_FORMAT, 1, NULL },
    { "output", OPT_OUTPUT, 1, NULL },
    { "since", OPT_SINCE, 1, NULL },
    { "until", OPT_UNTIL, 1, NULL },
    { "threads", OPT_THREADS, 1, NULL },
    { "top", OPT_TOP, 1, NULL },
    { "disk", OPT_DISK, 1, NULL },
    { "disk-threshold", OPT_DISK_THRESHOLD, 1, NULL },
    { "threshold", OPT_THRESHOLD, 1, NULL },
    { "firewall", OPT_FIREWALL, 1, NULL },
    { "secrule-id-base", OPT_SECRULE_ID_BASE, 1, NULL },
    { "ignore-net", OPT_IGNORE_NET, 1, NULL },
    { "ignore-net-from", OPT_IGNORE_NET_FROM, 1, NULL },
    { "abuse-reports", OPT_ABUSE_REPORTS, 1, NULL },
    { "whois-server", OPT_WHOIS_SERVER, 1, NULL },
    { "abuse-map", OPT_ABUSE_MAP, 1, NULL },
    { "whois-cache", OPT_WHOIS_CACHE, 1, NULL },
    { "state", OPT_STATE, 1, NULL },
    { "sendmail", OPT_SENDMAIL, 1, NULL },
    { "from", OPT_FROM, 1, NULL },
    { "client-alerts", OPT_CLIENT_ALERTS, 1, NULL },
    { "alert-sources", OPT_ALERT_SOURCES, 1, NULL },
    { "contacts", OPT_CONTACTS, 1, NULL },
    { "report-to", OPT_REPORT_TO, 1, NULL },
    { "whois-timeout", OPT_WHOIS_TIMEOUT, 1, NULL },
    { "whois-budget", OPT_WHOIS_BUDGET, 1, NULL },
    { NULL, 0, 0, NULL }
};

/* Returns 0 to go on, 1 to exit 0 (help, version), -1 on a usage error. */
static int parse_args(int argc, const char *const *argv, opts_t *o,
                      apr_pool_t *p)
{
    tool_args_t ta;
    apr_status_t st;
    const char *v;
    int c;
    long n;

    tool_args_init(&ta, p, argc, argv);
    while ((st = tool_args_next(&ta, sum_opts, &c, &v)) != APR_EOF) {
        const apr_getopt_option_t *opt = tool_args_find(sum_opts, c);

        if (st == APR_BADARG && opt != NULL && !opt->has_arg) {
            fprintf(stderr, "logwatch-summarize: --%s takes no value: %s\n",
                    opt->name, lw_esc_text(p, ta.cur));
            return -1;
        }
        if (st != APR_SUCCESS) {
            if (ta.cur[1] == '-')
                fprintf(stderr, "logwatch-summarize: unknown option or "
                        "missing value: %s\n", lw_esc_text(p, ta.cur));
            else
                fprintf(stderr, "logwatch-summarize: unknown option %s\n",
                        lw_esc_text(p, ta.cur));
            return -1;
        }
        switch (c) {
        case 0:
            *(const char **)apr_array_push(o->inputs) = v;
            break;
        case OPT_HELP:
            usage(stdout);
            return 1;
        case OPT_VERSION:
            printf("logwatch-summarize %s\n", LW_VERSION);
            return 1;
        case OPT_BENIGN:
            *(const char **)apr_array_push(o->benign) = v;
            break;
        case OPT_MODSECURITY:
            o->modsecurity = 1;
            break;
        case OPT_SEND:
            o->send = 1;
            break;
        case OPT_FORMAT:
            if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "html")) {
                fprintf(stderr, "logwatch-summarize: --format text|json|html\n");
                return -1;
            }
            o->format = v;
            break;
        case OPT_OUTPUT:
            o->output = v;
            break;
        case OPT_SINCE:
            o->since = v;
            break;
        case OPT_UNTIL:
            o->until = v;
            break;
        case OPT_THREADS:
            if (num_arg("--threads", v, 1, 2, &n))
                return -1;
            o->threads = (int)n;
            break;
        case OPT_TOP:
            if (num_arg("--top", v, 0, 1000000, &n))
                return -1;
            o->top = (int)n;
            break;
        case OPT_DISK_THRESHOLD:
            if (num_arg("--disk-threshold", v, 1, 100, &n))
                return -1;
            o->disk_threshold = (double)n;
            break;
        case OPT_THRESHOLD:
            if (num_arg("--threshold", v, 1, 1000000000, &n))
                return -1;
            o->threshold = (int)n;
            break;
        case OPT_SECRULE_ID_BASE:
            if (num_arg("--secrule-id-base", v, 1, LW_SECRULE_ID_MAX, &n))
                return -1;
            o->secrule_base = (apr_uint32_t)n;
            break;
        case OPT_ALERT_SOURCES:
            if (num_arg("--alert-sources", v, 1, 1000000, &n))
                return -1;
            o->alert_sources = (int)n;
            break;
        case OPT_WHOIS_TIMEOUT:
            if (num_arg("--whois-timeout", v, 1, 600, &n))
                return -1;
            o->whois_timeout = (int)n;
            break;
        case OPT_WHOIS_BUDGET:
            if (num_arg("--whois-budget", v, 1, 86400, &n))
                return -1;
            o->whois_budget = (int)n;
            break;
        case OPT_DISK:
            *(const char **)apr_array_push(o->disks) = v;
            break;
        case OPT_FIREWALL:
            if (lw_fw_kind_from_name(v) < 0) {
                fprintf(stderr, "logwatch-summarize: --firewall "
                        "iptables|nftables|ipset\n");
                return -1;
            }
            o->firewall = v;
            break;
        case OPT_IGNORE_NET: {
            lw_cidr_t cidr;
            if (!lw_cidr_parse(v, strlen(v), &cidr)) {
                fprintf(stderr, "logwatch-summarize: --ignore-net %s: not a "
                        "CIDR\n", lw_esc_text(p, v));
                return -1;
            }
            *(lw_cidr_t *)apr_array_push(o->ignore) = cidr;
            break;
        }
        case OPT_IGNORE_NET_FROM:
            if (ignore_net_from(p, v, o->ignore) != 0)
                return -1;
            break;
        case OPT_ABUSE_REPORTS:
            o->abuse_dir = v;
            break;
        case OPT_WHOIS_SERVER:
            o->whois_server = v;
            break;
        case OPT_ABUSE_MAP:
            o->abuse_map = v;
            break;
        case OPT_WHOIS_CACHE:
            o->whois_cache = v;
            break;
        case OPT_STATE:
            o->state = v;
            break;
        case OPT_SENDMAIL:
            o->sendmail = v;
            break;
        case OPT_FROM:
            o->from = v;
            break;
        case OPT_CLIENT_ALERTS:
            o->alerts_dir = v;
            break;
        case OPT_CONTACTS:
            o->contacts = v;
            break;
        case OPT_REPORT_TO:
            o->report_to = v;
            break;
        }
    }
    return 0;
}

/* ===================================================================
 * Adapter to the abuse-report API (lw_mail.h, lw_whois.h, lw_state.h):
 * WHOIS contacts for the report, abuse reports, site-owner alerts. All
 * calls into that part go through these two functions.
 * =================================================================== */

static void abuse_setup(lw_abuse_opts_t *ao, const opts_t *o, apr_pool_t *p)
{
    int i;

    lw_abuse_opts_default(ao, p);
    ao->threshold = o->threshold;
    for (i = 0; i < o->ignore->nelts; i++)
        *(lw_cidr_t *)apr_array_push(ao->ignore) =
            APR_ARRAY_IDX(o->ignore, i, lw_cidr_t);
    ao->state_file = o->state;
    ao->whois.server = o->whois_server;
    ao->whois.map_file = o->abuse_map;
    ao->whois.cache_file = o->whois_cache;
    ao->out_dir = o->abuse_dir;
    if (o->from)
        ao->from = o->from;
    ao->send = o->send;
    if (o->sendmail)
        ao->sendmail = o->sendmail;
    ao->alerts_dir = o->alerts_dir;
    if (o->alert_sources)
        ao->alert_sources = o->alert_sources;
    ao->contacts_file = o->contacts;
    ao->report_to = o->report_to;
    if (o->whois_timeout)
        ao->whois.timeout = apr_time_from_sec(o->whois_timeout);
    if (o->whois_budget)
        ao->whois.budget = apr_time_from_sec(o->whois_budget);
    ao->log = stderr;
}

/* Before the report: contacts. After: messages. Notes for the report. */
static int abuse_run(lw_summary_t *s, lw_abuse_opts_t *ao, int before,
                     apr_array_header_t *notes, apr_pool_t *p)
{
    const char *err = NULL;
    apr_array_header_t *files = NULL;
    int n, i, rc = 0;

    if (before) {
        n = lw_abuse_lookup_all(s, ao, p, &err);
        if (n < 0) {
            fprintf(stderr, "logwatch-summarize: abuse contacts: %s\n",
                    lw_esc_text(p, err));
            return -1;
        }
        return 0;
    }
    if (ao->out_dir) {
        lw_abuse_stats_t st;
        memset(&st, 0, sizeof(st));
        if (lw_abuse_write_reports(s, ao, p, &files, &st, &err)
            != APR_SUCCESS) {
            fprintf(stderr, "logwatch-summarize: abuse reports: %s\n",
                    lw_esc_text(p, err));
            rc = -1;
        }
        *(const char **)apr_array_push(notes) = apr_psprintf(p,
            "abuse reports: %d written, %d sent, %d send failures; %d sources "
            "over the threshold, %d already reported today, %d without a "
            "contact", st.reports, st.sent, st.send_failed, st.eligible,
            st.already_reported, st.no_contact);
        for (i = 0; files && i < files->nelts; i++)
            *(const char **)apr_array_push(notes) = apr_pstrcat(p,
                "  ", APR_ARRAY_IDX(files, i, const char *), NULL);
    }
    if (ao->alerts_dir) {
        files = NULL;
        if (lw_alerts_write(s, ao, p, &files, &err) != APR_SUCCESS) {
            fprintf(stderr, "logwatch-summarize: alerts: %s\n",
                    lw_esc_text(p, err));
            rc = -1;
        }
        *(const char **)apr_array_push(notes) = apr_psprintf(p,
            "site-owner alerts: %d written", files ? files->nelts : 0);
        for (i = 0; files && i < files->nelts; i++)
            *(const char **)apr_array_push(notes) = apr_pstrcat(p,
                "  ", APR_ARRAY_IDX(files, i, const char *), NULL);
    }
    return rc;
}

/* ======================================================== end of adapter */

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    opts_t o;
    lw_summary_t *s;
    lw_report_opts_t ro;
    lw_abuse_opts_t ao;
    apr_array_header_t *notes, *skipped;
    apr_time_t now;
    lw_disk_t *disks = NULL;
    FILE *out = stdout;
    int i, r, rc = 0, abuse;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);
    memset(&o, 0, sizeof(o));
    o.format = "text";
    o.threads = 2;
    o.top = 100;
    o.threshold = LW_ABUSE_DEFAULT_THRESHOLD;
    o.disk_threshold = LW_DISK_DEFAULT_THRESHOLD;
    o.secrule_base = LW_SECRULE_ID_BASE;
    o.disks = apr_array_make(pool, 4, sizeof(const char *));
    o.ignore = apr_array_make(pool, 4, sizeof(lw_cidr_t));
    o.benign = apr_array_make(pool, 2, sizeof(const char *));
    o.inputs = apr_array_make(pool, 4, sizeof(const char *));
    r = parse_args(argc, argv, &o, pool);
    if (r) {
        if (r < 0)
            usage(stderr);
        return r < 0 ? 2 : 0;
    }

    now = apr_time_now();
    s = lw_summary_create(pool);
    if ((o.since && parse_when(o.since, now, &s->since))
        || (o.until && parse_when(o.until, now, &s->until))) {
        fprintf(stderr, "logwatch-summarize: --since/--until: use "
                "YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM], today, yesterday, now, "
                "Nh or Nd\n");
        return 2;
    }
    s->ignore = o.ignore;
    s->keep_finds = o.modsecurity;
    if (s->since && s->until && s->until <= s->since)
        fprintf(stderr, "logwatch-summarize: warning: --until is not after "
                "--since: the window is empty\n");

    notes = apr_array_make(pool, 8, sizeof(const char *));
    skipped = apr_array_make(pool, 8, sizeof(const char *));
    if (o.inputs->nelts == 0)
        *(const char **)apr_array_push(o.inputs) = "-";
    if (lw_sumtool_read(s, o.inputs, o.threads, notes, pool))
        rc = 1;
    if (s->malformed || s->oversized)
        *(const char **)apr_array_push(notes) = apr_psprintf(pool,
            "%" APR_UINT64_T_FMT " malformed and %" APR_UINT64_T_FMT
            " oversized lines were skipped", s->malformed, s->oversized);

    lw_report_opts_init(&ro);
    ro.generated = now;
    ro.top = o.top;
    ro.threshold = (apr_uint64_t)o.threshold;
    ro.disk_threshold = o.disk_threshold;
    ro.notes = notes;

    abuse = o.abuse_dir || o.whois_server || o.alerts_dir || o.abuse_map;
    if (abuse) {
        abuse_setup(&ao, &o, pool);
        if (o.abuse_dir || o.whois_server || o.abuse_map) {
            if (abuse_run(s, &ao, 1, notes, pool))
                rc = 1;
            ro.whois_done = 1;
        }
    }

    if (o.disks->nelts) {
        disks = apr_pcalloc(pool, sizeof(*disks) * (apr_size_t)o.disks->nelts);
        for (i = 0; i < o.disks->nelts; i++)
            lw_disk_check(pool, APR_ARRAY_IDX(o.disks, i, const char *),
                          o.disk_threshold, &disks[i]);
        ro.disks = disks;
        ro.ndisks = o.disks->nelts;
    }
    if (o.firewall) {
        ro.firewall_kind = o.firewall;
        ro.firewall = lw_suggest_firewall(pool, lw_summary_sources(s, pool),
                                          lw_fw_kind_from_name(o.firewall),
                                          (apr_uint64_t)o.threshold, o.ignore,
                                          skipped);
    }
    ro.secrule_id_base = o.secrule_base;
    if (o.modsecurity) {
        lw_benign_t *benign = NULL;
        int dropped = 0;

        for (i = 0; i < o.benign->nelts; i++) {
            const char *err = NULL;

            if (benign == NULL)
                benign = lw_benign_create(pool);
            if (lw_benign_load(benign, APR_ARRAY_IDX(o.benign, i,
                                                      const char *), &err)) {
                fprintf(stderr, "logwatch-summarize: --benign %s\n",
                        lw_esc_text(pool, err));
                return 2;
            }
        }
        ro.secrules = lw_suggest_secrules_checked(pool, s, o.secrule_base,
                                                  benign, &dropped, skipped);
        if (benign != NULL)
            *(const char **)apr_array_push(skipped) = apr_psprintf(
                pool, "mod_security suggestions checked against %d benign "
                "requests (--benign): %d dropped, they would block ordinary "
                "traffic", lw_benign_count(benign), dropped);
        else
            *(const char **)apr_array_push(skipped) =
                "mod_security suggestions not checked against ordinary "
                "traffic: give --benign ACCESS_LOG";
    }

    /* Messages are written before the report so that it can list them. */
    if (abuse && (o.abuse_dir || o.alerts_dir) && abuse_run(s, &ao, 0, notes, pool))
        rc = 1;
    for (i = 0; i < skipped->nelts; i++)
        *(const char **)apr_array_push(notes) = APR_ARRAY_IDX(skipped, i,
                                                               const char *);

    if (o.output && (out = fopen(o.output, "w")) == NULL) {
        fprintf(stderr, "logwatch-summarize: %s: %s\n",
                lw_esc_text(pool, o.output), strerror(errno));
        return 1;
    }
    if (strcmp(o.format, "json") == 0)
        r = lw_report_json(out, s, &ro, pool);
    else if (strcmp(o.format, "html") == 0)
        r = lw_report_html(out, s, &ro, pool);
    else
        r = lw_report_text(out, s, &ro, pool);
    if (r || fflush(out) || (out != stdout && fclose(out))) {
        fprintf(stderr, "logwatch-summarize: writing the report failed\n");
        rc = 1;
    }
    fprintf(stderr, "logwatch-summarize: %" APR_UINT64_T_FMT " lines, %"
            APR_UINT64_T_FMT " records, %" APR_UINT64_T_FMT " attacks, %"
            APR_UINT64_T_FMT " malformed, %" APR_UINT64_T_FMT " oversized, %"
            APR_UINT64_T_FMT " outside the window, %" APR_UINT64_T_FMT
            " duplicates\n", s->lines, s->records, s->attacks, s->malformed,
            s->oversized, s->out_of_window, s->duplicates);
    /* On a big input, giving the summary back piece by piece takes longer
     * than the process exit that frees it; sanitizer builds free it all,
     * so that their leak check sees everything given back. */
#if defined(__SANITIZE_ADDRESS__)
    apr_pool_destroy(pool);
    apr_terminate();
#endif
    return rc;
}
