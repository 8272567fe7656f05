/* lw_whois_parse: reading WHOIS answers (abuse address, referral),
 * validating mail addresses and host names, the query style of each
 * registry. Pure text work on untrusted bytes: every function takes a
 * length, none reads past it. */
#include "lw_whois.h"
#include <apr_hash.h>
#include <apr_strings.h>
#include <string.h>
#include <strings.h>

/* ---- small text helpers ---------------------------------------------- */

static int lc(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ws(int c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Case-insensitive: does [s, s+n) equal the NUL-ended word? */
static int eq_word(const char *s, apr_size_t n, const char *word)
{
    apr_size_t i;
    for (i = 0; i < n; i++)
        if (!word[i] || lc((unsigned char)s[i]) != lc((unsigned char)word[i]))
            return 0;
    return word[n] == '\0';
}

/* Case-insensitive search of needle in [s, s+n). */
static const char *find_ci(const char *s, apr_size_t n, const char *needle)
{
    apr_size_t m = strlen(needle), i;
    for (i = 0; m <= n && i <= n - m; i++)
        if (eq_word(s + i, m, needle)) return s + i;
    return NULL;
}

/* A DNS host name: LDH labels of 1..63, at least one dot, <= 253. */
static int valid_host(const char *s, apr_size_t n)
{
    apr_size_t i, lab = 0;
    int dots = 0;
    if (n == 0 || n > 253) return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (lab == 0 || s[i - 1] == '-') return 0;
            lab = 0;
            dots++;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-'))
            return 0;
        if (lab == 0 && c == '-') return 0;
        if (++lab > 63) return 0;
    }
    return lab > 0 && s[n - 1] != '-' && dots > 0;
}

static int valid_local(const char *s, apr_size_t n)
{
    static const char specials[] = "!#$%&'*+-/=?^_`{|}~";
    apr_size_t i;
    if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.') return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (s[i + 1] == '.') return 0;
            continue;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9'))
            continue;
        if (c == '\0' || !strchr(specials, c)) return 0;
    }
    return 1;
}

static int email_valid_n(const char *s, apr_size_t n)
{
    const char *at;
    if (!s || n == 0 || n > 254) return 0;
    at = memchr(s, '@', n);
    if (!at) return 0;
    if (memchr(at + 1, '@', (apr_size_t)(s + n - at - 1))) return 0;
    return valid_local(s, (apr_size_t)(at - s))
        && valid_host(at + 1, (apr_size_t)(s + n - at - 1));
}

int lw_email_valid(const char *addr)
{
    return addr ? email_valid_n(addr, strlen(addr)) : 0;
}

/* [v, v+n) without surrounding blanks, lower-cased, if it is exactly one
 * valid address (a CR or anything else inside rejects it); else NULL. */
static const char *email_token(apr_pool_t *p, const char *v, apr_size_t n)
{
    apr_size_t i = 0, j = n;
    char *out;
    while (i < j && (v[i] == ' ' || v[i] == '\t')) i++;
    while (j > i && (v[j - 1] == ' ' || v[j - 1] == '\t')) j--;
    if (!email_valid_n(v + i, j - i)) return NULL;
    out = apr_pstrmemdup(p, v + i, j - i);
    for (j = 0; out[j]; j++) out[j] = (char)lc((unsigned char)out[j]);
    return out;
}

/* ---- answer parsing ------------------------------------------------- */

/* One line "key: value" of an answer. */
typedef struct {
    const char *line, *end;     /* the line without its '\n' */
    const char *key;            /* NULL when the line is not key: value */
    apr_size_t klen;
    const char *val;
    apr_size_t vlen;
} wline_t;

/* Next line from *pos; 0 at the end. */
static int next_line(const char **pos, const char *end, wline_t *l)
{
    const char *s = *pos, *nl, *c, *k;
    if (s >= end) return 0;
    nl = memchr(s, '\n', (apr_size_t)(end - s));
    l->line = s;
    l->end = nl ? nl : end;
    *pos = nl ? nl + 1 : end;
    while (l->end > s && ws(l->end[-1])) l->end--;
    l->key = NULL;
    k = s;
    while (k < l->end && ws(*k)) k++;      /* ARIN indents nothing; be lax */
    for (c = k; c < l->end && *c != ':' && !ws(*c); c++)
        ;
    if (c > k && c < l->end && *c == ':' && *k != '%' && *k != '#') {
        l->key = k;
        l->klen = (apr_size_t)(c - k);
        l->val = c + 1;
        while (l->val < l->end && ws(*l->val)) l->val++;
        l->vlen = (apr_size_t)(l->end - l->val);
    }
    return 1;
}

/* "% Abuse contact for '...' is 'addr'" (RIPE, AFRINIC). */
static const char *ripe_abuse_line(apr_pool_t *p, const wline_t *l)
{
    apr_size_t n = (apr_size_t)(l->end - l->line);
    const char *a = find_ci(l->line, n, "abuse contact for");
    const char *is, *q1, *q2;
    if (!a || l->line[0] != '%') return NULL;
    is = find_ci(a, (apr_size_t)(l->end - a), "' is '");
    if (!is) return NULL;
    q1 = is + 6;
    q2 = memchr(q1, '\'', (apr_size_t)(l->end - q1));
    if (!q2) return NULL;
    return email_token(p, q1, (apr_size_t)(q2 - q1));
}

const char *lw_whois_parse_abuse(apr_pool_t *p, const char *text,
                                 apr_size_t len)
{
    const char *end = text + len, *pos = text;
    const char *ripe = NULL, *arin = NULL, *mailbox = NULL, *objmail = NULL;
    const char *anyabuse = NULL;
    apr_hash_t *abuse_c = apr_hash_make(p);
    wline_t l;
    /* per object (paragraph) state */
    int in_obj = 0, obj_is_contact = 0;
    const char *obj_email = NULL;

    if (!text) return NULL;
    /* First pass: the handles named as abuse contacts. */
    while (next_line(&pos, end, &l)) {
        if (l.key && (eq_word(l.key, l.klen, "abuse-c")
                      || eq_word(l.key, l.klen, "mnt-irt"))
            && l.vlen > 0 && l.vlen < 128) {
            apr_size_t j = 0;
            while (j < l.vlen && !ws(l.val[j])) j++;
            apr_hash_set(abuse_c, apr_pstrmemdup(p, l.val, j), j, "");
        }
    }
    pos = text;
    while (next_line(&pos, end, &l)) {
        const char *e;
        if (l.line == l.end) {                     /* end of an object */
            if (obj_is_contact && obj_email && !objmail) objmail = obj_email;
            in_obj = obj_is_contact = 0;
            obj_email = NULL;
            continue;
        }
        if (!ripe && (e = ripe_abuse_line(p, &l))) ripe = e;
        if (!l.key) continue;
        if (!in_obj) {
            in_obj = 1;
            obj_is_contact = eq_word(l.key, l.klen, "irt");
        }
        if ((eq_word(l.key, l.klen, "nic-hdl") || eq_word(l.key, l.klen, "irt")
             || eq_word(l.key, l.klen, "nic-hdl-br")) && l.vlen < 128) {
            apr_size_t j = 0;
            while (j < l.vlen && !ws(l.val[j])) j++;
            if (apr_hash_get(abuse_c, l.val, j)) obj_is_contact = 1;
        }
        if (eq_word(l.key, l.klen, "OrgAbuseEmail")
            || eq_word(l.key, l.klen, "RAbuseEmail")) {
            /* ARIN lists the less specific networks first: keep the last */
            if ((e = email_token(p, l.val, l.vlen))) arin = e;
        }
        else if (eq_word(l.key, l.klen, "abuse-mailbox")) {
            if (!mailbox && (e = email_token(p, l.val, l.vlen))) mailbox = e;
        }
        else if (eq_word(l.key, l.klen, "e-mail")
                 || eq_word(l.key, l.klen, "email")) {
            if ((e = email_token(p, l.val, l.vlen))) {
                if (!obj_email) obj_email = e;
                if (!anyabuse && strstr(e, "abuse")) anyabuse = e;
            }
        }
    }
    if (obj_is_contact && obj_email && !objmail) objmail = obj_email;
    if (ripe) return ripe;
    if (arin) return arin;
    if (mailbox) return mailbox;
    if (objmail) return objmail;
    return anyabuse;
}

const char *lw_whois_parse_referral(apr_pool_t *p, const char *text,
                                    apr_size_t len, apr_port_t *port)
{
    const char *end = text + len, *pos = text;
    wline_t l;

    if (!text) return NULL;
    while (next_line(&pos, end, &l)) {
        const char *v, *h, *he;
        apr_port_t pt = LW_WHOIS_PORT;
        char *out;
        apr_size_t i;
        if (!l.key) continue;
        if (!eq_word(l.key, l.klen, "refer") && !eq_word(l.key, l.klen, "whois")
            && !eq_word(l.key, l.klen, "ReferralServer"))
            continue;
        v = l.val;
        h = v;
        if (l.vlen > 8 && eq_word(v, 8, "whois://")) h = v + 8;
        else if (find_ci(v, l.vlen, "://"))
            continue;               /* rwhois://, http://: not port 43 */
        he = h;
        while (he < l.end && !ws(*he) && *he != ':' && *he != '/') he++;
        if (he < l.end && *he == ':') {
            const char *d = he + 1;
            unsigned long v2 = 0;
            while (d < l.end && *d >= '0' && *d <= '9' && v2 < 65536)
                v2 = v2 * 10 + (unsigned long)(*d++ - '0');
            if (d == he + 1 || v2 == 0 || v2 > 65535) continue;
            pt = (apr_port_t)v2;
        }
        if (!valid_host(h, (apr_size_t)(he - h))) continue;
        out = apr_pstrmemdup(p, h, (apr_size_t)(he - h));
        for (i = 0; out[i]; i++) out[i] = (char)lc((unsigned char)out[i]);
        if (port) *port = pt;
        return out;
    }
    return NULL;
}

int lw_whois_referral_ok(const char *host, const char *named)
{
    /* Special-use (RFC 6761, 6762, 8375) and common private top-level
     * names: no registry's WHOIS server lives there. */
    static const char *const private_tld[] = {
        "localhost", "local", "localdomain", "internal", "intranet", "lan",
        "home", "corp", "private", "invalid", "test", "example", "arpa",
        NULL
    };
    const char *last;
    int i;

    if (host == NULL || *host == '\0')
        return 0;
    if (named != NULL && strcasecmp(host, named) == 0)
        return 1;
    last = strrchr(host, '.');
    last = last ? last + 1 : host;
    for (i = 0; last[i] >= '0' && last[i] <= '9'; i++)
        ;
    if (last[i] == '\0')
        return 0;                   /* 10.0.0.5, 999.999.999.999, 0 */
    for (i = 0; private_tld[i] != NULL; i++)
        if (strcasecmp(last, private_tld[i]) == 0)
            return 0;
    return 1;
}

const char *lw_whois_query_text(apr_pool_t *p, const char *registry,
                                const char *ip)
{
    if (registry && strstr(registry, "arin"))
        return apr_pstrcat(p, "n + ", ip, NULL);
    if (registry && strstr(registry, "ripe"))
        return apr_pstrcat(p, "-B ", ip, NULL);
    return apr_pstrdup(p, ip);
}

apr_status_t lw_whois_parse_server(apr_pool_t *p, const char *spec,
                                   const char **host, apr_port_t *port)
{
    const char *h = spec, *he, *ps = NULL;
    unsigned long v = 0;

    if (!spec || !*spec) return APR_EINVAL;
    if (*spec == '[') {
        he = strchr(spec, ']');
        if (!he) return APR_EINVAL;
        h = spec + 1;
        if (he[1] == ':') ps = he + 2;
        else if (he[1]) return APR_EINVAL;
    }
    else {
        const char *c = strchr(spec, ':');
        if (c && strchr(c + 1, ':')) {
            he = spec + strlen(spec);        /* bare IPv6, no port */
        }
        else if (c) {
            he = c;
            ps = c + 1;
        }
        else {
            he = spec + strlen(spec);
        }
    }
    if (he == h) return APR_EINVAL;
    *host = apr_pstrmemdup(p, h, (apr_size_t)(he - h));
    if (!valid_host(*host, strlen(*host)) && !lw_addr_valid(*host)
        && strcmp(*host, "localhost") != 0)
        return APR_EINVAL;
    *port = LW_WHOIS_PORT;
    if (ps) {
        if (!*ps) return APR_EINVAL;
        for (; *ps; ps++) {
            if (*ps < '0' || *ps > '9') return APR_EINVAL;
            v = v * 10 + (unsigned long)(*ps - '0');
            if (v > 65535) return APR_EINVAL;
        }
        if (v == 0) return APR_EINVAL;
        *port = (apr_port_t)v;
    }
    return APR_SUCCESS;
}

