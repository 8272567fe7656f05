/* lw_whois: the abuse contact of an address, from an abuse map, a cache,
 * or WHOIS (IANA, then the registry it refers to): the network and the
 * lookup context. Answers are read by lw_whois_parse.c. */
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
    o->budget = LW_WHOIS_DEFAULT_BUDGET;
}

static int ws(int c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* [s, s+n) as a lower-cased address when it is a valid one; else NULL. */
static const char *email_copy(apr_pool_t *p, const char *s, apr_size_t n)
{
    char *out = apr_pstrmemdup(p, s, n), *c;
    if (!lw_email_valid(out)) return NULL;
    for (c = out; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
    return out;
}

/* ---- the network ---------------------------------------------------- */

static apr_interval_time_t remaining(apr_time_t deadline)
{
    apr_time_t now = apr_time_now();
    return deadline > now ? deadline - now : 0;
}

/* 1 when every address of the resolved list is public. */
static int all_public(const apr_sockaddr_t *sa)
{
    for (; sa != NULL; sa = sa->next) {
        lw_addr_t a;
        char ip[LW_ADDR_STRLEN + 1];

        if (apr_sockaddr_ip_getbuf(ip, sizeof(ip), (apr_sockaddr_t *)sa)
            != APR_SUCCESS || !lw_addr_parse_host(ip, strlen(ip), &a)
            || !lw_addr_is_public(&a))
            return 0;
    }
    return 1;
}

apr_status_t lw_whois_query(apr_pool_t *p, const char *host, apr_port_t port,
                            const char *query, apr_interval_time_t timeout,
                            int public_only, apr_size_t max, char **answer,
                            apr_size_t *len, int *truncated)
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
    /* a name that leads to this machine or its network is not a registry,
     * whatever the answer that referred to it says */
    if (public_only && !all_public(sa)) return APR_EACCES;
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
    apr_time_t budget_end;            /* no WHOIS query after this */
    int budget_said;                  /* the end of the budget was logged */
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

/* Say once that the run's WHOIS budget is spent. */
static void budget_spent(lw_whois_t *w, apr_pool_t *p)
{
    if (w->budget_said)
        return;
    w->budget_said = 1;
    wlog(w, "WHOIS budget of %s s spent: the remaining sources are contact "
         "unknown%s", apr_psprintf(p, "%" APR_TIME_T_FMT,
                                   apr_time_sec(w->o.budget > 0
                                                ? w->o.budget
                                                : LW_WHOIS_DEFAULT_BUDGET)),
         "");
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
                || !(m->addr = email_copy(w->pool, f[1], fl[1]))) {
                *err = apr_psprintf(w->pool, "abuse map %s line %d: want "
                                    "\"CIDR address\"", w->o.map_file, lineno);
                return APR_EINVAL;
            }
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
        const char *contact = NULL;
        if (pos[0] != '#' && fields(pos, le, f, fl, 4) == 4
            && lw_addr_parse(f[0], fl[0], &a)
            && (contact = email_copy(w->pool, f[1], fl[1]))
            && lw_addr_format(&a, ipbuf, sizeof(ipbuf)) > 0) {
            char *ts = apr_pstrmemdup(w->pool, f[2], fl[2]);
            apr_int64_t secs = apr_strtoi64(ts, &tend, 10);
            apr_time_t when = apr_time_from_sec(secs);
            if (*tend == '\0' && secs > 0 && when <= now
                && now - when < w->o.cache_ttl) {
                cache_entry_t *c = apr_palloc(w->pool, sizeof(*c));
                c->contact = contact;
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
    w->budget_end = apr_time_now()
        + (o->budget > 0 ? o->budget : LW_WHOIS_DEFAULT_BUDGET);
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
    apr_hash_t *asked;
    apr_pool_t *qp;
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
    /* answers (up to max_answer each) live only as long as this lookup */
    apr_pool_create(&qp, w->pool);
    asked = apr_hash_make(qp);
    for (hop = 0; hop < w->o.max_hops && registry; hop++) {
        const char *host = w->srv_host ? w->srv_host : registry;
        apr_port_t port = w->srv_host ? w->srv_port : LW_WHOIS_PORT;
        const char *hp = apr_psprintf(qp, "%s:%u", host, (unsigned)port);
        const char *q = lw_whois_query_text(qp, registry, key);
        const char *ref;
        apr_port_t refport = LW_WHOIS_PORT;
        char *ans;
        apr_size_t len;
        int trunc;
        apr_status_t rv;

        apr_interval_time_t left = remaining(w->budget_end);

        apr_hash_set(asked, registry, APR_HASH_KEY_STRING, "");
        if (apr_hash_get(w->dead, hp, APR_HASH_KEY_STRING)) {
            why = "whois:unavailable";
            break;
        }
        if (left <= 0) {
            budget_spent(w, qp);
            why = "whois:budget";
            break;
        }
        rv = lw_whois_query(qp, host, port, q,
                            left < w->o.timeout ? left : w->o.timeout,
                            w->srv_host == NULL, w->o.max_answer, &ans, &len,
                            &trunc);
        if ((rv != APR_SUCCESS && APR_STATUS_IS_TIMEUP(rv)) || trunc == 2) {
            if (left < w->o.timeout) {
                /* cut short by the budget, not the server's fault */
                budget_spent(w, qp);
                why = "whois:budget";
                break;
            }
        }
        if (rv != APR_SUCCESS) {
            char e[120];
            wlog(w, "%s: %s", hp, apr_strerror(rv, e, sizeof(e)));
            /* never wait for it again in this run: a server that timed
             * out, refused, or whose name did not resolve (the resolver's
             * own timeouts are not ours to shorten) stays so for minutes */
            apr_hash_set(w->dead, apr_pstrdup(w->pool, hp),
                         APR_HASH_KEY_STRING, "");
            why = APR_STATUS_IS_TIMEUP(rv) ? "whois:timeout"
                  : rv == APR_EACCES ? "whois:refused"
                  : "whois:unreachable";
            break;
        }
        if (trunc == 2) {
            /* it talked but never finished: as bad as silence */
            wlog(w, "%s: answer cut at the deadline%s", hp, "");
            apr_hash_set(w->dead, apr_pstrdup(w->pool, hp),
                         APR_HASH_KEY_STRING, "");
        }
        else if (trunc) {
            wlog(w, "%s: answer cut at the size cap%s", hp, "");
        }
        ref = lw_whois_parse_referral(qp, ans, len, &refport);
        if (ref && !lw_whois_referral_ok(ref, w->srv_host)) {
            wlog(w, "%s: referral to %s refused: not a public WHOIS server",
                 hp, ref);
            ref = NULL;
        }
        found = lw_whois_parse_abuse(qp, ans, len);
        /* A referral is only followed to port 43: a record's owner must
         * not be able to point us at some other service. */
        if (ref && refport == LW_WHOIS_PORT
            && !apr_hash_get(asked, ref, APR_HASH_KEY_STRING)) {
            /* IANA's own contacts are not the network's: follow the
             * referral, keep what this answer had as a last resort */
            if (found && !fallback) {
                fallback = found;
                fallback_from = registry;
            }
            registry = ref;
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
        apr_pool_destroy(qp);
        return NULL;
    }
    found = apr_pstrdup(w->pool, found);
    apr_pool_destroy(qp);
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
