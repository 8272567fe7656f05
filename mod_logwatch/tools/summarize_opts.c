/* logwatch-summarize's command line; see summarize_opts.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <apr_strings.h>

#include "lw.h"
#include "lw_abuse.h"
#include "lw_disk.h"
#include "lw_escape.h"
#include "lw_net.h"
#include "lw_suggest.h"
#include "summarize_opts.h"
#include "tool_args.h"

void opts_usage(FILE *f)
{
    fputs(
"usage: logwatch-summarize [options] [FILE...|-]\n"
"Reads attack records (JSON lines, plain or gzipped; '-' or none: stdin)\n"
"and prints a report.\n"
"  --format text|json|html   report format (text)\n"
"  --output FILE             write the report to FILE (stdout)\n"
"  --breaches FILE           also write the Possible breaches section (text)\n"
"                            to FILE; FILE is left empty when there is none\n"
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

void opts_init(opts_t *o, apr_pool_t *p)
{
    memset(o, 0, sizeof(*o));
    o->format = "text";
    o->threads = 2;
    o->top = 100;
    o->threshold = LW_ABUSE_DEFAULT_THRESHOLD;
    o->disk_threshold = LW_DISK_DEFAULT_THRESHOLD;
    o->secrule_base = LW_SECRULE_ID_BASE;
    o->disks = apr_array_make(p, 4, sizeof(const char *));
    o->ignore = apr_array_make(p, 4, sizeof(lw_cidr_t));
    o->benign = apr_array_make(p, 2, sizeof(const char *));
    o->inputs = apr_array_make(p, 4, sizeof(const char *));
}

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
    OPT_CONTACTS, OPT_REPORT_TO, OPT_WHOIS_TIMEOUT, OPT_WHOIS_BUDGET,
    OPT_BREACHES
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
    { "breaches", OPT_BREACHES, 1, NULL },
    { NULL, 0, 0, NULL }
};

int opts_parse(int argc, const char *const *argv, opts_t *o, apr_pool_t *p)
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
            opts_usage(stdout);
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
        case OPT_BREACHES:
            o->breaches = v;
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
