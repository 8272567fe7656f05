/* lw_abuse: the entry points main() calls (declared in lw_mail.h): which
 * sources to report, their contacts, one message per contact, the alerts
 * to site owners, the files and the hand-over to sendmail. */
#include "lw_abuse.h"
#include "lw_mail.h"
#include <apr_file_io.h>
#include <apr_network_io.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <string.h>

#define SEND_TIMEOUT apr_time_from_sec(60)

void lw_abuse_opts_default(lw_abuse_opts_t *o, apr_pool_t *p)
{
    char host[256];
    const char *from = NULL;

    memset(o, 0, sizeof(*o));
    o->threshold = LW_ABUSE_DEFAULT_THRESHOLD;
    o->ignore = lw_ignore_create(p);
    o->state_keep_days = LW_STATE_DEFAULT_KEEP_DAYS;
    lw_whois_opts_default(&o->whois);
    o->sendmail = LW_MAIL_DEFAULT_SENDMAIL;
    o->alert_sources = LW_ALERT_DEFAULT_SOURCES;
    o->log = stderr;
    if (apr_gethostname(host, sizeof(host), p) == APR_SUCCESS) {
        from = apr_pstrcat(p, "logwatch@", host, NULL);
        if (!lw_email_valid(from))
            from = apr_pstrcat(p, "logwatch@", host, ".localdomain", NULL);
    }
    o->from = from && lw_email_valid(from) ? from
              : "logwatch@localhost.localdomain";
}

int lw_abuse_eligible(const lw_src_t *s, const lw_abuse_opts_t *o)
{
    if (!s || !s->ip || s->attacks < (apr_uint64_t)(o->threshold > 0
                                                    ? o->threshold : 1))
        return 0;
    return lw_reportable_ip(s->ip, o->ignore);
}

int lw_abuse_lookup_all(lw_summary_t *sum, const lw_abuse_opts_t *o,
                        apr_pool_t *p, const char **err)
{
    lw_whois_opts_t wo = o->whois;
    lw_whois_t *w;
    apr_array_header_t *srcs;
    int i, found = 0;

    if (!wo.log) wo.log = o->log;
    if (lw_whois_open(&w, &wo, p, err) != APR_SUCCESS) return -1;
    srcs = lw_summary_sources(sum, p);
    for (i = 0; i < srcs->nelts; i++) {
        lw_src_t *s = APR_ARRAY_IDX(srcs, i, lw_src_t *);
        const char *how = NULL;
        if (!lw_abuse_eligible(s, o)) continue;
        if (s->abuse_source) {                 /* looked up already */
            found += s->abuse != NULL;
            continue;
        }
        s->abuse = lw_whois_abuse(w, s->ip, &how);
        s->abuse_source = how ? how : "unknown";
        found += s->abuse != NULL;
    }
    if (lw_whois_close(w) != APR_SUCCESS && o->log)
        fprintf(o->log, "logwatch-summarize: cannot write the WHOIS cache\n");
    return found;
}

/* Write msg into dir as "PREFIX-STAMP-N-NAME.eml", never over an existing
 * file (O_EXCL), mode 0600. */
static apr_status_t write_message(apr_pool_t *p, const char *dir,
                                  const char *prefix, const char *name,
                                  apr_time_t now, const char *msg,
                                  const char **path, const char **err)
{
    apr_time_exp_t tm;
    char stamp[32];
    apr_status_t rv;
    int n;

    {
        /* "out/" and "out" name the same directory: no "out//x" paths */
        apr_size_t dl = strlen(dir);
        while (dl > 1 && dir[dl - 1] == '/') dl--;
        dir = apr_pstrmemdup(p, dir, dl);
    }
    apr_time_exp_lt(&tm, now);
    apr_snprintf(stamp, sizeof(stamp), "%04d%02d%02d-%02d%02d%02d",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
    rv = apr_dir_make_recursive(dir, APR_FPROT_UREAD | APR_FPROT_UWRITE
                                | APR_FPROT_UEXECUTE, p);
    if (rv != APR_SUCCESS) {
        char e[120];
        *err = apr_psprintf(p, "%s: %s", dir, apr_strerror(rv, e, sizeof(e)));
        return rv;
    }
    for (n = 1; n < 10000; n++) {
        apr_file_t *f;
        apr_size_t len = strlen(msg);
        *path = apr_psprintf(p, "%s/%s-%s-%d-%s.eml", dir, prefix, stamp, n,
                             name);
        rv = apr_file_open(&f, *path, APR_FOPEN_WRITE | APR_FOPEN_CREATE
                           | APR_FOPEN_EXCL | APR_FOPEN_BINARY,
                           APR_FPROT_UREAD | APR_FPROT_UWRITE, p);
        if (APR_STATUS_IS_EEXIST(rv)) continue;
        if (rv == APR_SUCCESS) {
            rv = apr_file_write_full(f, msg, len, NULL);
            if (apr_file_close(f) != APR_SUCCESS && rv == APR_SUCCESS)
                rv = APR_EGENERAL;
        }
        if (rv != APR_SUCCESS) {
            char e[120];
            *err = apr_psprintf(p, "%s: %s", *path,
                                apr_strerror(rv, e, sizeof(e)));
        }
        return rv;
    }
    *err = apr_psprintf(p, "%s: too many messages with the same name", dir);
    return APR_EEXIST;
}

/* Hand to sendmail when asked; 1 sent, 0 not asked, -1 failed. */
static int maybe_send(apr_pool_t *p, const lw_abuse_opts_t *o,
                      const char *msg, const char *path)
{
    apr_status_t rv;
    char e[120];
    if (!o->send) return 0;
    rv = lw_mail_send(p, o->sendmail, msg, strlen(msg), SEND_TIMEOUT);
    if (rv == APR_SUCCESS) return 1;
    if (o->log)
        fprintf(o->log, "logwatch-summarize: %s: sendmail %s failed: %s\n",
                path, o->sendmail, rv == APR_EGENERAL
                ? "it exited with an error" : apr_strerror(rv, e, sizeof(e)));
    return -1;
}

apr_status_t lw_abuse_write_reports(lw_summary_t *sum, const lw_abuse_opts_t *o,
                                    apr_pool_t *p, apr_array_header_t **files,
                                    lw_abuse_stats_t *stats, const char **err)
{
    lw_abuse_stats_t st;
    lw_state_t *state = NULL;
    apr_array_header_t *srcs, *contacts, *out;
    apr_hash_t *by_contact = apr_hash_make(p);
    apr_time_t now = o->now ? o->now : apr_time_now();
    apr_status_t rv = APR_SUCCESS;
    int i, looked = 0;

    memset(&st, 0, sizeof(st));
    out = apr_array_make(p, 4, sizeof(const char *));
    if (files) *files = out;
    if (stats) *stats = st;
    if (!o->out_dir) return APR_SUCCESS;
    if (!lw_email_valid(o->from)) {
        *err = apr_psprintf(p, "the From address is not a plain address: %s",
                            lw_mail_body_safe(p, o->from, strlen(o->from)));
        return APR_EINVAL;
    }
    if (o->state_file
        && (rv = lw_state_open(&state, o->state_file, now, o->state_keep_days,
                               p, err)) != APR_SUCCESS)
        return rv;

    /* group the eligible sources by contact, biggest first */
    contacts = apr_array_make(p, 8, sizeof(const char *));
    srcs = lw_summary_sources(sum, p);
    for (i = 0; i < srcs->nelts; i++) {
        lw_src_t *s = APR_ARRAY_IDX(srcs, i, lw_src_t *);
        apr_array_header_t *list;
        if (!lw_abuse_eligible(s, o)) continue;
        st.eligible++;
        if (state && lw_state_reported_today(state, s->ip)) {
            st.already_reported++;
            continue;
        }
        if (!s->abuse_source && !looked) {
            looked = 1;
            if (lw_abuse_lookup_all(sum, o, p, err) < 0) return APR_EINVAL;
        }
        if (!s->abuse || !lw_email_valid(s->abuse)) {
            st.no_contact++;
            continue;
        }
        list = apr_hash_get(by_contact, s->abuse, APR_HASH_KEY_STRING);
        if (!list) {
            list = apr_array_make(p, 2, sizeof(lw_src_t *));
            apr_hash_set(by_contact, s->abuse, APR_HASH_KEY_STRING, list);
            *(const char **)apr_array_push(contacts) = s->abuse;
        }
        *(lw_src_t **)apr_array_push(list) = s;
    }

    for (i = 0; i < contacts->nelts && rv == APR_SUCCESS; i++) {
        const char *to = APR_ARRAY_IDX(contacts, i, const char *), *path;
        apr_array_header_t *list = apr_hash_get(by_contact, to,
                                                APR_HASH_KEY_STRING);
        const char *msg = lw_mail_abuse_message(p, o, to, list);
        int sent, j;
        if (!msg) continue;
        rv = write_message(p, o->out_dir, "abuse",
                           lw_mail_name_safe(p, to, 80), now, msg, &path, err);
        if (rv != APR_SUCCESS) break;
        *(const char **)apr_array_push(out) = path;
        st.reports++;
        sent = maybe_send(p, o, msg, path);
        if (sent > 0) st.sent++;
        if (sent < 0) {
            st.send_failed++;
            continue;              /* not marked: the next run tries again */
        }
        for (j = 0; state && j < list->nelts; j++)
            lw_state_mark(state, APR_ARRAY_IDX(list, j, lw_src_t *)->ip);
    }
    if (state) {
        const char *e2 = NULL;
        apr_status_t srv = lw_state_save(state, &e2);
        if (srv != APR_SUCCESS && rv == APR_SUCCESS) {
            rv = srv;
            *err = e2;
        }
    }
    if (stats) *stats = st;
    return rv;
}

/* "vhost address" lines; '#' comments. Bad lines are reported and
 * skipped: one typo must not stop every alert. */
static apr_hash_t *load_contacts(apr_pool_t *p, const lw_abuse_opts_t *o,
                                 const char **err)
{
    apr_hash_t *h = apr_hash_make(p);
    apr_file_t *f;
    char line[1024];
    int lineno = 0;
    apr_status_t rv;

    if (!o->contacts_file) return h;
    rv = apr_file_open(&f, o->contacts_file, APR_FOPEN_READ
                       | APR_FOPEN_BUFFERED, APR_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        char e[120];
        *err = apr_psprintf(p, "contacts file %s: %s", o->contacts_file,
                            apr_strerror(rv, e, sizeof(e)));
        return NULL;
    }
    while (apr_file_gets(line, sizeof(line), f) == APR_SUCCESS) {
        char *last, *vhost, *addr, *c;
        lineno++;
        if ((c = strchr(line, '#'))) *c = '\0';
        vhost = apr_strtok(line, " \t\r\n", &last);
        addr = vhost ? apr_strtok(NULL, " \t\r\n", &last) : NULL;
        if (!vhost) continue;
        if (!addr || apr_strtok(NULL, " \t\r\n", &last)
            || !lw_email_valid(addr)) {
            if (o->log)
                fprintf(o->log, "logwatch-summarize: contacts file %s line "
                        "%d: want \"vhost address\"; skipped\n",
                        o->contacts_file, lineno);
            continue;
        }
        for (c = vhost; *c; c++) *c = (char)apr_tolower(*c);
        apr_hash_set(h, apr_pstrdup(p, vhost), APR_HASH_KEY_STRING,
                     apr_pstrdup(p, addr));
    }
    apr_file_close(f);
    return h;
}

apr_status_t lw_alerts_write(lw_summary_t *sum, const lw_abuse_opts_t *o,
                             apr_pool_t *p, apr_array_header_t **files,
                             const char **err)
{
    apr_array_header_t *targets, *out = apr_array_make(p, 4,
                                                       sizeof(const char *));
    apr_hash_t *contacts;
    apr_time_t now = o->now ? o->now : apr_time_now();
    int i, min = o->alert_sources > 0 ? o->alert_sources : 1;

    if (files) *files = out;
    if (!o->alerts_dir) return APR_SUCCESS;
    if (!lw_email_valid(o->from)) {
        *err = "the From address is not a plain address";
        return APR_EINVAL;
    }
    if (o->report_to && !lw_email_valid(o->report_to)) {
        *err = "the report recipient is not a plain address";
        return APR_EINVAL;
    }
    if (!(contacts = load_contacts(p, o, err))) return APR_ENOENT;
    targets = lw_summary_targets(sum, p);
    for (i = 0; i < targets->nelts; i++) {
        const lw_target_t *t = APR_ARRAY_IDX(targets, i, const lw_target_t *);
        const char *to = NULL, *msg, *path;
        char *lower;
        apr_status_t rv;
        int k;
        /* A site whose response leaked gets its alert whatever the
         * number of sources. */
        if (!t->vhost || !t->sources
            || (apr_hash_count(t->sources) < (unsigned)min
                && !t->by_verdict[LW_V_LEAKED]
                && !t->by_verdict[LW_V_WEBSHELL]))
            continue;
        lower = apr_pstrdup(p, t->vhost);
        for (k = 0; lower[k]; k++) lower[k] = (char)apr_tolower(lower[k]);
        to = apr_hash_get(contacts, lower, APR_HASH_KEY_STRING);
        if (!to) to = o->report_to ? o->report_to : o->from;
        msg = lw_mail_alert_message(p, o, to, t, sum);
        if (!msg) continue;
        rv = write_message(p, o->alerts_dir, "alert",
                           lw_mail_name_safe(p, t->vhost, 80), now, msg,
                           &path, err);
        if (rv != APR_SUCCESS) return rv;
        *(const char **)apr_array_push(out) = path;
        maybe_send(p, o, msg, path);
    }
    return APR_SUCCESS;
}
