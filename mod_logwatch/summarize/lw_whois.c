/* lw_whois: the abuse contact of an address, from an abuse map, a cache,
 * or WHOIS (IANA, then the registry it refers to). */
#include "lw_whois.h"
#include <apr_file_io.h>
#include <apr_hash.h>
#include <apr_network_io.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <stdlib.h>
#include <string.h>

void lw_whois_opts_default(lw_whois_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->timeout = LW_WHOIS_DEFAULT_TIMEOUT;
    o->max_answer = LW_WHOIS_DEFAULT_MAX;
    o->max_hops = LW_WHOIS_DEFAULT_HOPS;
    o->cache_ttl = LW_WHOIS_DEFAULT_TTL;
}

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

/* ---- the network ---------------------------------------------------- */

static apr_interval_time_t remaining(apr_time_t deadline)
{
    apr_time_t now = apr_time_now();
    return deadline > now ? deadline - now : 0;
}

apr_status_t lw_whois_query(apr_pool_t *p, const char *host, apr_port_t port,
                            const char *query, apr_interval_time_t timeout,
                            apr_size_t max, char **answer, apr_size_t *len,
                            int *truncated)
{
    apr_time_t deadline = apr_time_now() + timeout;
    apr_sockaddr_t *sa;
    apr_socket_t *sock = NULL;
    apr_status_t rv;
    char *buf;
    apr_size_t got = 0, n;
    const char *q;

    *answer = NULL;
    *len = 0;
    *truncated = 0;
    if (max == 0) max = LW_WHOIS_DEFAULT_MAX;
    /* Name resolution is bounded by the resolver's own timeouts. */
    rv = apr_sockaddr_info_get(&sa, host, APR_UNSPEC, port, 0, p);
    if (rv != APR_SUCCESS) return rv;
    rv = apr_socket_create(&sock, sa->family, SOCK_STREAM, APR_PROTO_TCP, p);
    if (rv != APR_SUCCESS) return rv;
    rv = apr_socket_timeout_set(sock, remaining(deadline));
    if (rv == APR_SUCCESS) rv = apr_socket_connect(sock, sa);
    q = apr_pstrcat(p, query, "\r\n", NULL);
    n = strlen(q);
    while (rv == APR_SUCCESS && n > 0) {
        apr_size_t w = n;
        apr_interval_time_t left = remaining(deadline);
        if (left <= 0) { rv = APR_TIMEUP; break; }
        apr_socket_timeout_set(sock, left);
        rv = apr_socket_send(sock, q, &w);
        q += w;
        n -= w;
    }
    buf = apr_palloc(p, max + 1);
    while (rv == APR_SUCCESS) {
        apr_interval_time_t left = remaining(deadline);
        if (got == max) {
            *truncated = 1;             /* the rest is never read */
            break;
        }
        if (left <= 0) { rv = APR_TIMEUP; break; }
        apr_socket_timeout_set(sock, left);
        n = max - got;
        rv = apr_socket_recv(sock, buf + got, &n);
        got += n;
    }
    apr_socket_close(sock);
    if (APR_STATUS_IS_EOF(rv)) rv = APR_SUCCESS;
    if (got > 0 && (APR_STATUS_IS_TIMEUP(rv) || APR_STATUS_IS_EAGAIN(rv))) {
        *truncated = 2;                 /* partial: still worth a look */
        rv = APR_SUCCESS;
    }
    if (APR_STATUS_IS_TIMEUP(rv) || APR_STATUS_IS_EAGAIN(rv)) return APR_TIMEUP;
    if (rv != APR_SUCCESS && got == 0) return rv;
    buf[got] = '\0';
    *answer = buf;
    *len = got;
    return APR_SUCCESS;
}

/* ---- the context: map, cache, lookups ------------------------------- */

typedef struct {
    lw_cidr_t net;
    const char *addr;
} map_entry_t;

typedef struct {
    const char *contact;
    apr_time_t when;
    const char *how;
} cache_entry_t;

struct lw_whois_t {
    apr_pool_t *pool;
    lw_whois_opts_t o;
    const char *srv_host;             /* from o.server, or NULL */
    apr_port_t srv_port;
    apr_array_header_t *map;          /* map_entry_t */
    apr_hash_t *cache;                /* canonical ip -> cache_entry_t* */
    apr_hash_t *dead;                 /* "host:port" -> "" (timed out) */
    int cache_dirty;
};

static void wlog(lw_whois_t *w, const char *fmt, const char *a, const char *b)
{
    if (w->o.log) {
        fputs("logwatch-summarize: whois: ", w->o.log);
        fprintf(w->o.log, fmt, a ? a : "", b ? b : "");
        fputc('\n', w->o.log);
    }
}

/* Whole file into memory (NUL-ended), at most max bytes. */
static apr_status_t slurp(apr_pool_t *p, const char *path, apr_size_t max,
                          char **text, apr_size_t *len)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                                    APR_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) return rv;
    rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv == APR_SUCCESS && (apr_size_t)fi.size > max) rv = APR_ENOSPC;
    if (rv == APR_SUCCESS) {
        apr_size_t n = (apr_size_t)fi.size;
        *text = apr_palloc(p, n + 1);
        rv = apr_file_read_full(f, *text, n, &n);
        if (rv == APR_EOF) rv = APR_SUCCESS;
        (*text)[n] = '\0';
        *len = n;
    }
    apr_file_close(f);
    return rv;
}

/* Split [s,e) into up to max whitespace-separated fields. */
static int fields(const char *s, const char *e, const char **f,
                  apr_size_t *fl, int max)
{
    int n = 0;
    while (s < e && n < max) {
        while (s < e && ws(*s)) s++;
        if (s >= e) break;
        f[n] = s;
        while (s < e && !ws(*s)) s++;
        fl[n] = (apr_size_t)(s - f[n]);
        n++;
    }
    while (s < e && ws(*s)) s++;
    return s < e ? -1 : n;                      /* -1: too many fields */
}

static apr_status_t load_map(lw_whois_t *w, const char **err)
{
    char *text;
    apr_size_t len;
    const char *pos, *end;
    int lineno = 0;
    apr_status_t rv = slurp(w->pool, w->o.map_file, 16 * 1024 * 1024, &text,
                            &len);
    if (rv != APR_SUCCESS) {
        char e[120];
        *err = apr_psprintf(w->pool, "abuse map %s: %s", w->o.map_file,
                            apr_strerror(rv, e, sizeof(e)));
        return rv;
    }
    pos = text;
    end = text + len;
    while (pos < end) {
        const char *nl = memchr(pos, '\n', (apr_size_t)(end - pos));
        const char *le = nl ? nl : end, *h = memchr(pos, '#', (apr_size_t)(le - pos));
        const char *f[2];
        apr_size_t fl[2];
        int n;
        lineno++;
        n = fields(pos, h ? h : le, f, fl, 2);
        if (n == 2) {
            map_entry_t *m = apr_array_push(w->map);
            if (!lw_cidr_parse(f[0], fl[0], &m->net)
                || !email_valid_n(f[1], fl[1])) {
                *err = apr_psprintf(w->pool, "abuse map %s line %d: want "
                                    "\"CIDR address\"", w->o.map_file, lineno);
                return APR_EINVAL;
            }
            m->addr = email_token(w->pool, f[1], fl[1]);
        }
        else if (n != 0) {
            *err = apr_psprintf(w->pool, "abuse map %s line %d: want "
                                "\"CIDR address\"", w->o.map_file, lineno);
            return APR_EINVAL;
        }
        pos = nl ? nl + 1 : end;
    }
    return APR_SUCCESS;
}

/* Cache lines: "IP CONTACT UNIXTIME HOW". Bad lines are dropped. */
static void load_cache(lw_whois_t *w)
{
    char *text;
    apr_size_t len;
    const char *pos, *end;
    apr_time_t now = apr_time_now();

    if (slurp(w->pool, w->o.cache_file, 64 * 1024 * 1024, &text, &len)
        != APR_SUCCESS)
        return;
    pos = text;
    end = text + len;
    while (pos < end) {
        const char *nl = memchr(pos, '\n', (apr_size_t)(end - pos));
        const char *le = nl ? nl : end;
        const char *f[4];
        apr_size_t fl[4];
        lw_addr_t a;
        char ipbuf[LW_ADDR_STRLEN], *tend;
        if (pos[0] != '#' && fields(pos, le, f, fl, 4) == 4
            && lw_addr_parse(f[0], fl[0], &a) && email_valid_n(f[1], fl[1])
            && lw_addr_format(&a, ipbuf, sizeof(ipbuf)) > 0) {
            char *ts = apr_pstrmemdup(w->pool, f[2], fl[2]);
            apr_int64_t secs = apr_strtoi64(ts, &tend, 10);
            apr_time_t when = apr_time_from_sec(secs);
            if (*tend == '\0' && secs > 0 && when <= now
                && now - when < w->o.cache_ttl) {
                cache_entry_t *c = apr_palloc(w->pool, sizeof(*c));
                c->contact = email_token(w->pool, f[1], fl[1]);
                c->when = when;
                c->how = apr_pstrmemdup(w->pool, f[3], fl[3]);
                apr_hash_set(w->cache, apr_pstrdup(w->pool, ipbuf),
                             APR_HASH_KEY_STRING, c);
            }
            else {
                w->cache_dirty = 1;         /* expired: rewrite without it */
            }
        }
        pos = nl ? nl + 1 : end;
    }
}

apr_status_t lw_whois_open(lw_whois_t **wp, const lw_whois_opts_t *o,
                           apr_pool_t *p, const char **err)
{
    lw_whois_t *w = apr_pcalloc(p, sizeof(*w));
    apr_status_t rv;

    w->pool = p;
    w->o = *o;
    if (w->o.timeout <= 0) w->o.timeout = LW_WHOIS_DEFAULT_TIMEOUT;
    if (w->o.max_answer == 0) w->o.max_answer = LW_WHOIS_DEFAULT_MAX;
    if (w->o.max_hops <= 0) w->o.max_hops = LW_WHOIS_DEFAULT_HOPS;
    if (w->o.cache_ttl <= 0) w->o.cache_ttl = LW_WHOIS_DEFAULT_TTL;
    w->map = apr_array_make(p, 8, sizeof(map_entry_t));
    w->cache = apr_hash_make(p);
    w->dead = apr_hash_make(p);
    if (o->server) {
        rv = lw_whois_parse_server(p, o->server, &w->srv_host, &w->srv_port);
        if (rv != APR_SUCCESS) {
            *err = apr_psprintf(p, "bad WHOIS server \"%s\" (want HOST[:PORT])",
                                o->server);
            return rv;
        }
    }
    if (o->map_file && (rv = load_map(w, err)) != APR_SUCCESS) return rv;
    if (o->cache_file) load_cache(w);
    *wp = w;
    return APR_SUCCESS;
}

/* Longest-prefix match in the map. */
static const char *map_lookup(lw_whois_t *w, const lw_addr_t *a)
{
    const char *best = NULL;
    int bestlen = -1, i;
    for (i = 0; i < w->map->nelts; i++) {
        const map_entry_t *m = &APR_ARRAY_IDX(w->map, i, map_entry_t);
        if (m->net.prefix > bestlen && lw_cidr_match(&m->net, a)) {
            best = m->addr;
            bestlen = m->net.prefix;
        }
    }
    return best;
}

const char *lw_whois_abuse(lw_whois_t *w, const char *ip, const char **how)
{
    lw_addr_t a;
    char key[LW_ADDR_STRLEN];
    const char *found, *fallback = NULL, *fallback_from = NULL;
    const char *registry = LW_WHOIS_IANA, *why = "whois:no-contact";
    apr_port_t rport = LW_WHOIS_PORT;
    apr_hash_t *asked = apr_hash_make(w->pool);
    cache_entry_t *c;
    int hop;

    if (how) *how = "invalid";
    if (!ip || !lw_addr_parse(ip, strlen(ip), &a)
        || lw_addr_format(&a, key, sizeof(key)) < 0)
        return NULL;
    if ((found = map_lookup(w, &a))) {
        if (how) *how = "map";
        return found;
    }
    c = apr_hash_get(w->cache, key, APR_HASH_KEY_STRING);
    if (c) {
        if (how) *how = "cache";
        return c->contact;
    }
    if (w->o.no_network) {
        if (how) *how = "none";
        return NULL;
    }
    for (hop = 0; hop < w->o.max_hops && registry; hop++) {
        const char *host = w->srv_host ? w->srv_host : registry;
        apr_port_t port = w->srv_host ? w->srv_port : rport;
        const char *hp = apr_psprintf(w->pool, "%s:%u", host, (unsigned)port);
        const char *q = lw_whois_query_text(w->pool, registry, key);
        const char *ref;
        apr_port_t refport = LW_WHOIS_PORT;
        char *ans;
        apr_size_t len;
        int trunc;
        apr_status_t rv;

        apr_hash_set(asked, registry, APR_HASH_KEY_STRING, "");
        if (apr_hash_get(w->dead, hp, APR_HASH_KEY_STRING)) {
            why = "whois:timeout";
            break;
        }
        rv = lw_whois_query(w->pool, host, port, q, w->o.timeout,
                            w->o.max_answer, &ans, &len, &trunc);
        if (rv != APR_SUCCESS) {
            char e[120];
            wlog(w, "%s: %s", hp, apr_strerror(rv, e, sizeof(e)));
            if (APR_STATUS_IS_TIMEUP(rv)) {
                /* never wait for it again in this run */
                apr_hash_set(w->dead, hp, APR_HASH_KEY_STRING, "");
                why = "whois:timeout";
            }
            else {
                why = "whois:unreachable";
            }
            break;
        }
        if (trunc == 2) {
            /* it talked but never finished: as bad as silence */
            wlog(w, "%s: answer cut at the deadline%s", hp, "");
            apr_hash_set(w->dead, hp, APR_HASH_KEY_STRING, "");
        }
        else if (trunc) {
            wlog(w, "%s: answer cut at the size cap%s", hp, "");
        }
        ref = lw_whois_parse_referral(w->pool, ans, len, &refport);
        found = lw_whois_parse_abuse(w->pool, ans, len);
        if (ref && !apr_hash_get(asked, ref, APR_HASH_KEY_STRING)) {
            /* IANA's own contacts are not the network's: follow the
             * referral, keep what this answer had as a last resort */
            if (found && !fallback) {
                fallback = found;
                fallback_from = registry;
            }
            registry = ref;
            rport = refport;
            found = NULL;
            continue;
        }
        if (found) {
            if (how) *how = apr_pstrcat(w->pool, "whois:", registry, NULL);
            break;
        }
        why = trunc == 2 ? "whois:timeout"
              : trunc ? "whois:oversized" : "whois:no-contact";
        registry = NULL;
    }
    if (!found && fallback && strcmp(fallback_from, LW_WHOIS_IANA) != 0) {
        found = fallback;
        if (how) *how = apr_pstrcat(w->pool, "whois:", fallback_from, NULL);
    }
    if (!found) {
        if (how) *how = why;
        return NULL;
    }
    c = apr_palloc(w->pool, sizeof(*c));
    c->contact = found;
    c->when = apr_time_now();
    c->how = how ? *how : "whois";
    apr_hash_set(w->cache, apr_pstrdup(w->pool, key), APR_HASH_KEY_STRING, c);
    w->cache_dirty = 1;
    return found;
}

apr_status_t lw_whois_close(lw_whois_t *w)
{
    apr_pool_t *p = w->pool;
    apr_hash_index_t *hi;
    apr_file_t *f;
    char *tmp;
    apr_status_t rv;

    if (!w->o.cache_file || !w->cache_dirty) return APR_SUCCESS;
    tmp = apr_pstrcat(p, w->o.cache_file, ".XXXXXX", NULL);
    rv = apr_file_mktemp(&f, tmp, APR_FOPEN_CREATE | APR_FOPEN_WRITE
                         | APR_FOPEN_EXCL | APR_FOPEN_BUFFERED, p);
    if (rv != APR_SUCCESS) return rv;
    rv = apr_file_puts("# logwatch-summarize WHOIS cache: "
                       "IP CONTACT UNIXTIME SOURCE\n", f);
    for (hi = apr_hash_first(p, w->cache); hi && rv == APR_SUCCESS;
         hi = apr_hash_next(hi)) {
        const cache_entry_t *c = apr_hash_this_val(hi);
        const char *how = c->how;
        apr_size_t i;
        /* the source label is ours, but keep the format one token */
        for (i = 0; how[i]; i++)
            if (ws(how[i]) || how[i] == '\n') { how = "whois"; break; }
        rv = apr_file_printf(f, "%s %s %" APR_INT64_T_FMT " %s\n",
                             (const char *)apr_hash_this_key(hi), c->contact,
                             (apr_int64_t)apr_time_sec(c->when), how) > 0
             ? APR_SUCCESS : APR_EGENERAL;
    }
    if (rv == APR_SUCCESS) rv = apr_file_flush(f);
    if (apr_file_close(f) != APR_SUCCESS && rv == APR_SUCCESS) rv = APR_EGENERAL;
    if (rv == APR_SUCCESS) rv = apr_file_rename(tmp, w->o.cache_file, p);
    if (rv != APR_SUCCESS) apr_file_remove(tmp, p);
    else w->cache_dirty = 0;
    return rv;
}
