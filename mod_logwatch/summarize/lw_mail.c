/* lw_mail: the messages themselves (abuse reports with X-ARF parts, site
 * owner alerts), the escaping they need, and the hand-over to sendmail.
 * Headers only ever carry our own text, counts, canonical addresses and
 * validated mail addresses; every part is 7-bit and quoted-printable. */
#include "lw_mail.h"
#include "lw_breach.h"
#include "lw_record.h"
#include "lw_report.h"
#include <apr_strings.h>
#include <apr_thread_proc.h>
#include <apr_signal.h>
#include <apr_lib.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define XARF_SCHEMA "http://www.x-arf.org/schema/abuse_attack_0.1.2.json"

const char *lw_mail_body_safe(apr_pool_t *p, const char *s, apr_size_t len)
{
    static const char hex[] = "0123456789abcdef";
    char *out, *o;
    apr_size_t i;

    if (!s) return "";
    out = o = apr_palloc(p, 4 * len + 1);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            *o++ = (char)c;
        }
        else if (c == '\t') {
            *o++ = ' ';
        }
        else {                          /* C0, DEL, ESC, non-ASCII */
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *lw_mail_name_safe(apr_pool_t *p, const char *s, apr_size_t max)
{
    apr_size_t n = s ? strlen(s) : 0, i;
    char *out;

    if (max == 0) max = 1;
    if (n > max) n = max;
    out = apr_palloc(p, n + 2);
    for (i = 0; i < n; i++) {
        char c = s[i];
        out[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9') || c == '.' || c == '-')
                 ? c : '_';
    }
    out[n] = '\0';
    /* never "", ".", "..", nor a leading dot or dash (hidden file, option) */
    if (n == 0 || out[0] == '.' || out[0] == '-') {
        memmove(out + 1, out, n + 1);
        out[0] = '_';
    }
    return out;
}

/* "Wed, 22 Jun 2011 13:46:16 -0400" (RFC 5322) of tm, into 40 bytes. */
static void rfc_date(const apr_time_exp_t *tm, char *buf)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
                                       "Fri", "Sat"};
    static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                       "Jun", "Jul", "Aug", "Sep", "Oct",
                                       "Nov", "Dec"};
    long off = tm->tm_gmtoff;

    apr_snprintf(buf, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
                 days[tm->tm_wday % 7], tm->tm_mday, mons[tm->tm_mon % 12],
                 tm->tm_year + 1900, tm->tm_hour, tm->tm_min, tm->tm_sec,
                 off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
                 ((off < 0 ? -off : off) % 3600) / 60);
}

void lw_mail_date(apr_time_t t, char *buf)
{
    apr_time_exp_t tm;

    apr_time_exp_lt(&tm, t);
    rfc_date(&tm, buf);
}

/* t shown at the given UTC offset (as the log had it):
 * "2011-06-22 13:46:16 -0400". */
static const char *time_at(apr_pool_t *p, apr_time_t t, int off)
{
    apr_time_exp_t tm;
    int a = off < 0 ? -off : off;
    if (!t) return "unknown";
    apr_time_exp_tz(&tm, t, off);
    return apr_psprintf(p, "%04d-%02d-%02d %02d:%02d:%02d %c%02d%02d",
                        tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
                        a / 3600, (a % 3600) / 60);
}

/* Same, RFC 5322 style, for X-ARF's Date. */
static const char *rfc_date_at(apr_pool_t *p, apr_time_t t, int off)
{
    apr_time_exp_t tm;
    char *buf = apr_palloc(p, 40);

    apr_time_exp_tz(&tm, t, off);
    tm.tm_gmtoff = off;
    rfc_date(&tm, buf);
    return buf;
}

/* A growing buffer from a pool. */
typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len, cap;
} mbuf_t;

static void put_n(mbuf_t *b, const char *s, apr_size_t n)
{
    if (b->len + n + 1 > b->cap) {
        apr_size_t cap = b->cap ? b->cap : 4096;
        char *nb;
        while (b->len + n + 1 > cap) cap *= 2;
        nb = apr_palloc(b->p, cap);
        if (b->len) memcpy(nb, b->buf, b->len);
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void put(mbuf_t *b, const char *s)
{
    put_n(b, s, strlen(s));
}

static void putf(mbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(mbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = apr_pvsprintf(b->p, fmt, ap);
    va_end(ap);
    put(b, s);
}

/* Quoted-printable of an ASCII text whose lines end in '\n': '=' escaped,
 * trailing blanks protected, soft breaks keep lines under 76. */
static void qp_append(mbuf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int col = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char enc[4];
        int n;
        if (c == '\n') {
            put(b, "\n");
            col = 0;
            continue;
        }
        if ((c >= 33 && c <= 126 && c != '=')
            || (c == ' ' && s[1] != '\n' && s[1] != '\0')) {
            enc[0] = (char)c;
            n = 1;
        }
        else {
            enc[0] = '=';
            enc[1] = hex[c >> 4];
            enc[2] = hex[c & 15];
            n = 3;
        }
        if (col + n > 75) {
            put(b, "=\n");
            col = 0;
        }
        put_n(b, enc, (apr_size_t)n);
        col += n;
    }
    if (col) put(b, "\n");
}

/* Parts and headers of both kinds of message. */

static const char *domain_of(const char *addr)
{
    const char *at = strrchr(addr, '@');
    return at ? at + 1 : "localhost";
}

static const char *random_hex(apr_pool_t *p, int bytes)
{
    unsigned char r[16];
    char *out = apr_palloc(p, 2 * sizeof(r) + 1);
    int i;
    if (bytes > 16) bytes = 16;
    if (apr_generate_random_bytes(r, (apr_size_t)bytes) != APR_SUCCESS) {
        apr_uint64_t t = (apr_uint64_t)apr_time_now();
        for (i = 0; i < bytes; i++) r[i] = (unsigned char)(t >> (8 * (i % 8)));
    }
    for (i = 0; i < bytes; i++)
        apr_snprintf(out + 2 * i, 3, "%02x", r[i]);
    return out;
}

/* flags: HDR_XARF (an X-ARF abuse report), HDR_URGENT (Importance: high,
 * for a possible breach). */
#define HDR_XARF   1
#define HDR_URGENT 2
static void headers(mbuf_t *b, const lw_abuse_opts_t *o, const char *to,
                    const char *subject, const char *boundary, int xarf)
{
    char date[40];
    apr_time_t now = o->now ? o->now : apr_time_now();
    lw_mail_date(now, date);
    putf(b, "From: %s\nTo: %s\nDate: %s\n", o->from, to, date);
    putf(b, "Message-ID: <logwatch.%" APR_INT64_T_FMT ".%ld.%s@%s>\n",
         (apr_int64_t)apr_time_sec(now), (long)getpid(),
         random_hex(b->p, 8), domain_of(o->from));
    put(b, "Subject:");
    {
        /* folded at spaces to keep lines within 78 columns (RFC 5322);
         * unfolding gives the subject back exactly */
        const char *w = subject;
        int col = 8;
        while (*w) {
            const char *e = strchr(w, ' ');
            apr_size_t n = e ? (apr_size_t)(e - w) : strlen(w);
            if (col > 8 && col + 1 + (int)n > 78) {
                put(b, "\n");
                col = 0;
            }
            put(b, " ");
            put_n(b, w, n);
            col += 1 + (int)n;
            w += n;
            while (*w == ' ') w++;
        }
        put(b, "\n");
    }
    put(b, "MIME-Version: 1.0\n");
    if (xarf & HDR_XARF) put(b, "X-ARF: Yes\n");
    if (xarf & HDR_URGENT) put(b, "Importance: high\nX-Priority: 1\n");
    put(b, "Auto-Submitted: auto-generated\n");
    putf(b, "X-Mailer: logwatch-summarize %s\n", LW_VERSION);
    putf(b, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n", boundary);
    put(b, "This is a multi-part message in MIME format.\n");
}

/* A text part's headers; qp: quoted-printable, else 7bit (only for text
 * that is ours: short printable ASCII lines). */
static void part(mbuf_t *b, const char *boundary, const char *name,
                 const char *disposition, int qp)
{
    putf(b, "\n--%s\n", boundary);
    putf(b, "Content-Type: text/plain; charset=us-ascii%s%s%s\n",
         name ? "; name=\"" : "", name ? name : "", name ? "\"" : "");
    putf(b, "Content-Transfer-Encoding: %s\n", qp ? "quoted-printable" : "7bit");
    putf(b, "Content-Disposition: %s%s%s%s\n\n", disposition,
         name ? "; filename=\"" : "", name ? name : "", name ? "\"" : "");
}

/* A record line, readable: time, vhost, request, status, verdict, agent;
 * everything through lw_mail_body_safe. The raw line when it does not
 * parse. */
static const char *record_readable(apr_pool_t *p, const char *line)
{
    lw_record_t r;
    const char *err = NULL;
    lw_record_init(&r);
    if (lw_record_parse(p, line, strlen(line), &r, &err) != APR_SUCCESS)
        return lw_mail_body_safe(p, line, strlen(line));
#define S(x) lw_mail_body_safe(p, (x) ? (x) : "-", strlen((x) ? (x) : "-"))
    return apr_psprintf(p, "%s %s %s \"%s %s %s\" %d %s \"%s\"",
                        time_at(p, r.time, r.utc_offset), S(r.vhost),
                        S(r.client), S(r.method), S(r.uri), S(r.protocol),
                        r.status, S(r.verdict), S(r.user_agent));
#undef S
}

/* "lfi 3, rfi 3": every category, tool and server_error included */
static const char *cat_list(apr_pool_t *p, const apr_uint64_t *by_cat)
{
    const char *s = lw_fmt_named(p, by_cat, LW_CAT__COUNT, lw_category_name, 0);
    return s ? s : "none";
}

static const char *verdict_list(apr_pool_t *p, const apr_uint64_t *by_v)
{
    const char *s = lw_fmt_named(p, by_v, LW_V__COUNT, lw_verdict_name, 0);
    return s ? s : "none";
}

/* "key (n), key (n)" of a counter hash, sanitised, at most max keys. */
static const char *count_list(apr_pool_t *p, apr_hash_t *h, int max)
{
    apr_array_header_t *a;
    const char *s = NULL;
    int i;
    if (!h) return "none";
    a = lw_count_sorted(h, p);
    for (i = 0; i < a->nelts && i < max; i++) {
        const lw_count_t *c = APR_ARRAY_IDX(a, i, const lw_count_t *);
        s = apr_psprintf(p, "%s%s%s (%" APR_UINT64_T_FMT ")", s ? s : "",
                         s ? ", " : "",
                         lw_mail_body_safe(p, c->key, strlen(c->key)),
                         c->count);
    }
    if (a->nelts > max)
        s = apr_psprintf(p, "%s and %d more", s, a->nelts - max);
    return s ? s : "none";
}

static const char *canon_ip(apr_pool_t *p, const char *ip)
{
    lw_addr_t a;
    char buf[LW_ADDR_STRLEN];
    if (!ip || !lw_addr_parse(ip, strlen(ip), &a)
        || lw_addr_format(&a, buf, sizeof(buf)) < 0)
        return NULL;
    return apr_pstrdup(p, buf);
}

static int is_v6(const char *ip)
{
    return strchr(ip, ':') != NULL;
}

/* "info" when every category is reconnaissance, else "attack". */
static const char *report_type(const lw_src_t *s)
{
    apr_uint32_t recon = (1u << LW_CAT_SCANNER) | (1u << LW_CAT_PROBE)
                         | (1u << LW_CAT_PROTOCOL) | (1u << LW_CAT_TOOL);
    int c, other = 0;
    for (c = 0; c < LW_CAT__COUNT; c++)
        if (s->by_cat[c] && !(recon & (1u << c))) other = 1;
    return other ? "attack" : "info";
}

const char *lw_mail_abuse_message(apr_pool_t *p, const lw_abuse_opts_t *o,
                                  const char *to,
                                  const apr_array_header_t *srcs)
{
    mbuf_t b = {p, NULL, 0, 0}, body = {p, NULL, 0, 0};
    const char *boundary = apr_pstrcat(p, "=_logwatch_", random_hex(p, 12),
                                       NULL);
    apr_uint64_t total = 0;
    const char *names = NULL, *subject;
    int i, j, shown = 0;

    if (!srcs || srcs->nelts == 0 || !lw_email_valid(to)
        || !lw_email_valid(o->from))
        return NULL;
    for (i = 0; i < srcs->nelts; i++) {
        const lw_src_t *s = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
        const char *ip = canon_ip(p, s->ip);
        if (!ip) return NULL;                   /* never an unchecked string */
        total += s->attacks;
        if (shown < 3) {
            names = apr_pstrcat(p, names ? names : "", names ? ", " : "", ip,
                                NULL);
            shown++;
        }
    }
    if (srcs->nelts > shown)
        names = apr_psprintf(p, "%s and %d more", names, srcs->nelts - shown);
    subject = apr_psprintf(p, "Abuse report: %" APR_UINT64_T_FMT " attack%s "
                           "from %s", total, total == 1 ? "" : "s", names);
    headers(&b, o, to, subject, boundary, HDR_XARF);

    /* 1: the human-readable part */
    putf(&body, "Hello,\n\n"
         "the web servers we look after were attacked from the address%s\n"
         "below. You are listed as the abuse contact for %s.\n"
         "Please investigate and stop the attacks: the machine%s may be\n"
         "compromised.\n\n"
         "Times are as the attacked server logged them, with its UTC "
         "offset.\n",
         srcs->nelts > 1 ? "es" : "", srcs->nelts > 1 ? "them" : "it",
         srcs->nelts > 1 ? "s" : "");
    for (i = 0; i < srcs->nelts; i++) {
        const lw_src_t *s = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
        apr_uint64_t blocked = s->by_verdict[LW_V_BLOCKED]
                               + s->by_verdict[LW_V_REJECTED];
        putf(&body, "\nSource: %s\n", canon_ip(p, s->ip));
        putf(&body, "  Attacks:    %" APR_UINT64_T_FMT "\n", s->attacks);
        putf(&body, "  First seen: %s\n", time_at(p, s->first, s->first_off));
        putf(&body, "  Last seen:  %s\n", time_at(p, s->last, s->last_off));
        putf(&body, "  Kinds:      %s\n", cat_list(p, s->by_cat));
        putf(&body, "  Targets:    %s\n", count_list(p, s->targets, 10));
        putf(&body, "  Outcome:    %s\n", verdict_list(p, s->by_verdict));
        putf(&body, "  Blocked:    %s\n",
             blocked == s->attacks ? "yes, every attack was refused"
             : blocked ? "some attacks were refused, not all"
             : "no attack is known to have been blocked");
        if (s->tools && apr_hash_count(s->tools))
            putf(&body, "  Client:     %s\n", count_list(p, s->tools, 5));
        putf(&body, "  Records (%d%s):\n", s->nsamples,
             (apr_uint64_t)s->nsamples < s->attacks ? ", the first ones" : "");
        for (j = 0; j < s->nsamples; j++)
            putf(&body, "    %s\n", record_readable(p, s->samples[j]));
    }
    put(&body, "\nThe machine-readable report (X-ARF) and the log records "
        "follow as\nattachments, one pair per source address.\n\n"
        "Regards,\n");
    putf(&body, "%s (logwatch-summarize %s)\n", o->from, LW_VERSION);
    part(&b, boundary, NULL, "inline", 1);
    qp_append(&b, body.buf);

    /* 2 and 3, per source: the X-ARF report and the evidence */
    for (i = 0; i < srcs->nelts; i++) {
        const lw_src_t *s = APR_ARRAY_IDX(srcs, i, const lw_src_t *);
        const char *ip = canon_ip(p, s->ip);
        mbuf_t r = {p, NULL, 0, 0}, ev = {p, NULL, 0, 0};
        put(&r, "---\n");
        putf(&r, "Reported-From: %s\n", o->from);
        put(&r, "Category: abuse\n");
        putf(&r, "Report-Type: %s\n", report_type(s));
        put(&r, "Service: http\n");
        put(&r, "Version: 0.2\n");
        putf(&r, "User-Agent: logwatch-summarize %s\n", LW_VERSION);
        putf(&r, "Report-ID: %s@%s\n", random_hex(p, 12), domain_of(o->from));
        putf(&r, "Date: %s\n", rfc_date_at(p, s->first ? s->first
                                           : apr_time_now(), s->first_off));
        putf(&r, "Source: %s\n", ip);
        putf(&r, "Source-Type: %s\n", is_v6(ip) ? "ipv6" : "ipv4");
        putf(&r, "Occurrences: %" APR_UINT64_T_FMT "\n", s->attacks);
        put(&r, "Attachment: text/plain\n");
        putf(&r, "Schema-URL: %s\n", XARF_SCHEMA);
        /* the X-ARF report is plain 7-bit YAML, as its parsers expect:
         * every value in it is ours or validated */
        part(&b, boundary, "report.txt", "inline", 0);
        put(&b, r.buf);
        for (j = 0; j < s->nsamples; j++)
            putf(&ev, "%s\n", lw_mail_body_safe(p, s->samples[j],
                                                strlen(s->samples[j])));
        if (!ev.buf) put(&ev, "(no record kept)\n");
        part(&b, boundary, apr_pstrcat(p, "evidence-",
                                       lw_mail_name_safe(p, ip, 64), ".log",
                                       NULL), "attachment", 1);
        qp_append(&b, ev.buf);
    }
    putf(&b, "\n--%s--\n", boundary);
    return b.buf;
}

const char *lw_mail_alert_message(apr_pool_t *p, const lw_abuse_opts_t *o,
                                  const char *to, const lw_target_t *t,
                                  const lw_summary_t *sum)
{
    mbuf_t b = {p, NULL, 0, 0}, body = {p, NULL, 0, 0};
    const char *boundary = apr_pstrcat(p, "=_logwatch_", random_hex(p, 12),
                                       NULL);
    const char *vhost = lw_mail_name_safe(p, t->vhost, 100);
    unsigned nsrc = t->sources ? apr_hash_count(t->sources) : 0;
    apr_array_header_t *srcs;
    apr_uint64_t breached = t->by_verdict[LW_V_LEAKED]
                            + t->by_verdict[LW_V_WEBSHELL];
    int i, j;

    if (!lw_email_valid(to) || !lw_email_valid(o->from)) return NULL;
    if (breached)
        headers(&b, o, to, apr_psprintf(p, "Possible breach: %s answered "
                                        "an attack with a leak", vhost),
                boundary, HDR_URGENT);
    else
        headers(&b, o, to, apr_psprintf(p, "Security alert: %s attacked "
                                        "from %u source%s", vhost, nsrc,
                                        nsrc == 1 ? "" : "s"), boundary, 0);
    putf(&body, "Hello,\n\nthe site %s\nwas attacked %" APR_UINT64_T_FMT
         " time%s from %u address%s.\n\n",
         lw_mail_body_safe(p, t->vhost, strlen(t->vhost)), t->attacks,
         t->attacks == 1 ? "" : "s", nsrc, nsrc == 1 ? "" : "es");
    if (breached && sum) {
        apr_array_header_t *br = lw_summary_breaches(sum, p);
        putf(&body, "POSSIBLE BREACH: %" APR_UINT64_T_FMT " response%s of "
             "this site showed what an attack\nwas after (file contents, "
             "database errors, command output, a web\nshell): the "
             "application answered it. Check these first:\n",
             breached, breached == 1 ? "" : "s");
        for (j = 0; j < br->nelts; j++) {
            const lw_breach_t *e = APR_ARRAY_IDX(br, j, const lw_breach_t *);
            if (strcmp(e->vhost, t->vhost) != 0
                || (e->verdict != LW_V_LEAKED && e->verdict != LW_V_WEBSHELL))
                continue;
            putf(&body, "  %s (%s), first seen %s\n",
                 lw_mail_body_safe(p, e->path, strlen(e->path)),
                 lw_verdict_name(e->verdict),
                 time_at(p, e->first, e->first_off));
            if (e->ev_id)
                putf(&body, "    evidence: rule %u, %s: %s\n", e->ev_id,
                     e->ev_msg ? lw_mail_body_safe(p, e->ev_msg,
                                                   strlen(e->ev_msg)) : "-",
                     e->ev_excerpt ? lw_mail_body_safe(p, e->ev_excerpt,
                                                       strlen(e->ev_excerpt))
                                   : "");
            putf(&body, "    request:  %s\n",
                 lw_mail_body_safe(p, e->uri, strlen(e->uri)));
        }
        put(&body, "\n");
    }
    put(&body, "When several sources aim at the same site, the attackers may "
        "know or\nbelieve its application to be vulnerable: the "
        "application(s) on this\nsite should be reviewed, and updated or "
        "fixed where needed.\n\n");
    putf(&body, "Kinds of attack: %s\n", cat_list(p, t->by_cat));
    putf(&body, "Outcome:         %s\n\n", verdict_list(p, t->by_verdict));
    put(&body, "Where the attacks came from:\n");
    srcs = lw_count_sorted(t->sources, p);
    for (i = 0; i < srcs->nelts; i++) {
        const lw_count_t *c = APR_ARRAY_IDX(srcs, i, const lw_count_t *);
        const lw_src_t *s = sum ? apr_hash_get(sum->sources, c->key,
                                               APR_HASH_KEY_STRING) : NULL;
        putf(&body, "  %s: %" APR_UINT64_T_FMT " attack%s on this site\n",
             lw_mail_body_safe(p, c->key, strlen(c->key)), c->count,
             c->count == 1 ? "" : "s");
        if (s) {
            putf(&body, "    kinds (on all sites): %s\n",
                 cat_list(p, s->by_cat));
            putf(&body, "    seen from %s to %s\n",
                 time_at(p, s->first, s->first_off),
                 time_at(p, s->last, s->last_off));
        }
        if (i >= 99 && srcs->nelts > 100) {
            putf(&body, "  ... and %d more\n", srcs->nelts - 100);
            break;
        }
    }
    if (t->by_verdict[LW_V_SERVED]) {
        putf(&body, "\n%" APR_UINT64_T_FMT " attack%s reached the application "
             "(it answered 2xx); review these first:\n",
             t->by_verdict[LW_V_SERVED],
             t->by_verdict[LW_V_SERVED] == 1 ? "" : "s");
        srcs = t->served_uris ? lw_count_sorted(t->served_uris, p) : NULL;
        for (j = 0; srcs && j < srcs->nelts && j < 50; j++) {
            const lw_count_t *c = APR_ARRAY_IDX(srcs, j, const lw_count_t *);
            putf(&body, "  %s (%" APR_UINT64_T_FMT ")\n",
                 lw_mail_body_safe(p, c->key, strlen(c->key)), c->count);
        }
    }
    else {
        put(&body, "\nNo attack is known to have reached the application "
            "(none was answered\nwith 2xx); the error and refusal statuses "
            "above are still worth a look.\n");
    }
    if (t->nsamples) {
        put(&body, "\nSome of the records:\n");
        for (j = 0; j < t->nsamples; j++)
            putf(&body, "  %s\n", record_readable(p, t->samples[j]));
    }
    putf(&body, "\nRegards,\n%s (logwatch-summarize %s)\n", o->from,
         LW_VERSION);
    part(&b, boundary, NULL, "inline", 1);
    qp_append(&b, body.buf);
    putf(&b, "\n--%s--\n", boundary);
    return b.buf;
}

apr_status_t lw_mail_send(apr_pool_t *p, const char *sendmail,
                          const char *msg, apr_size_t len,
                          apr_interval_time_t timeout)
{
    apr_procattr_t *attr;
    apr_proc_t proc;
    apr_file_t *devnull = NULL;
    const char *argv[4];
    apr_status_t rv, wrv;
    apr_sigfunc_t *old;
    apr_time_t deadline = apr_time_now() + timeout;
    int code = -1;
    apr_exit_why_e why = APR_PROC_EXIT;

    argv[0] = sendmail;
    argv[1] = "-t";
    argv[2] = "-oi";
    argv[3] = NULL;
    if ((rv = apr_procattr_create(&attr, p)) != APR_SUCCESS) return rv;
    /* our end of its stdin non-blocking, so that writes obey the timeout
     * even when it never reads */
    rv = apr_procattr_io_set(attr, APR_CHILD_BLOCK, APR_NO_PIPE, APR_NO_PIPE);
    /* its stdout must not mix into our report */
    if (rv == APR_SUCCESS
        && apr_file_open(&devnull, "/dev/null", APR_FOPEN_WRITE,
                         APR_OS_DEFAULT, p) == APR_SUCCESS)
        rv = apr_procattr_child_out_set(attr, devnull, NULL);
    /* APR_PROGRAM_ENV: execve of that path, our environment, no shell and
     * no PATH search */
    if (rv == APR_SUCCESS) rv = apr_procattr_cmdtype_set(attr, APR_PROGRAM_ENV);
    if (rv == APR_SUCCESS) rv = apr_procattr_error_check_set(attr, 1);
    if (rv != APR_SUCCESS) return rv;
    rv = apr_proc_create(&proc, sendmail, argv, NULL, attr, p);
    if (devnull) apr_file_close(devnull);
    if (rv != APR_SUCCESS) return rv;

    old = apr_signal(SIGPIPE, SIG_IGN);         /* it may exit early */
    apr_file_pipe_timeout_set(proc.in, timeout);
    wrv = apr_file_write_full(proc.in, msg, len, NULL);
    apr_file_close(proc.in);
    apr_signal(SIGPIPE, old);
    if (APR_STATUS_IS_TIMEUP(wrv) || APR_STATUS_IS_EAGAIN(wrv))
        deadline = 0;                           /* stuck: stop it now */

    for (;;) {
        rv = apr_proc_wait(&proc, &code, &why, APR_NOWAIT);
        if (APR_STATUS_IS_CHILD_DONE(rv)) break;
        if (apr_time_now() >= deadline) {
            apr_proc_kill(&proc, SIGKILL);
            apr_proc_wait(&proc, &code, &why, APR_WAIT);
            return APR_TIMEUP;
        }
        apr_sleep(apr_time_from_msec(20));
    }
    if (wrv != APR_SUCCESS) return wrv;
    return (why == APR_PROC_EXIT && code == 0) ? APR_SUCCESS : APR_EGENERAL;
}
