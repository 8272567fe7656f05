/* lw_whois: find the abuse contact of an address over WHOIS (TCP port 43):
 * ask IANA, follow "refer:"/"whois:" referrals (at most max_hops), ask the
 * registry in its own query style, read its abuse address. An abuse map
 * file (CIDR -> address) overrides WHOIS; a cache file remembers answers.
 * Everything a WHOIS server sends is untrusted: answers are capped, every
 * read is under a deadline, and an address is only returned after
 * lw_email_valid(). Part of the summarizer library (no httpd header). */
#ifndef LW_WHOIS_H
#define LW_WHOIS_H

#include "lw.h"
#include "lw_net.h"
#include <apr_network_io.h>
#include <stdio.h>

#define LW_WHOIS_IANA             "whois.iana.org"
#define LW_WHOIS_PORT             43
#define LW_WHOIS_DEFAULT_TIMEOUT  apr_time_from_sec(5)
#define LW_WHOIS_DEFAULT_MAX      (256 * 1024)
#define LW_WHOIS_DEFAULT_HOPS     3
#define LW_WHOIS_DEFAULT_TTL      apr_time_from_sec(7 * 24 * 3600)
#define LW_WHOIS_DEFAULT_BUDGET   apr_time_from_sec(60)

typedef struct {
    /* --whois-server HOST[:PORT]. NULL: start at whois.iana.org:43 and
     * connect to each referred server. When set, every hop (the first and
     * each referral) is sent to this host:port, but the query is still
     * written in the style of the registry the referral named: that is how
     * the tests route "refer: whois.ripe.net" to a fake server on loopback. */
    const char *server;
    apr_interval_time_t timeout;  /* per connection: connect, send and all
                                   * reads together (default 5 s) */
    apr_size_t max_answer;        /* bytes kept per answer (256 KiB); the rest
                                   * is not read */
    int max_hops;                 /* servers asked per address (3) */
    apr_interval_time_t budget;   /* all lookups of a context together, from
                                   * lw_whois_open (60 s): past it, addresses
                                   * not in the map or cache are unknown
                                   * ("whois:budget") */
    const char *cache_file;       /* NULL: no cache */
    apr_interval_time_t cache_ttl;/* cache entries older are ignored (7 d) */
    const char *map_file;         /* --abuse-map FILE; NULL: none */
    int no_network;               /* 1: map and cache only */
    FILE *log;                    /* diagnostics, one line each; NULL: quiet */
} lw_whois_opts_t;

void lw_whois_opts_default(lw_whois_opts_t *o);

/* "host[:port]" or "[v6]:port" into host/port (port default 43). Returns
 * 0 on success, APR_EINVAL otherwise (empty host, bad or zero port). */
apr_status_t lw_whois_parse_server(apr_pool_t *p, const char *spec,
                                   const char **host, apr_port_t *port);

/* 1 when addr is a plain addr-spec fit for a To: header: local@domain,
 * ASCII letters, digits and !#$%&'*+-/=?^_`{|}~. in the local part (no
 * leading, trailing or double dot), a domain of dot-separated LDH labels
 * with at least one dot, at most 254 bytes. Anything with CR, LF, space,
 * quotes, angle brackets, commas or non-ASCII is rejected. */
int lw_email_valid(const char *addr);

/* Parsing of one WHOIS answer (text of len bytes, need not be NUL-ended). */

/* The abuse address in an answer, or NULL. Looks, in order of trust, for
 * RIPE's "% Abuse contact for '...' is 'addr'", "OrgAbuseEmail:" (ARIN),
 * "abuse-mailbox:" (RIPE, AFRINIC, APNIC), "e-mail:" inside an "irt:"
 * object or an object whose handle is the abuse-c (APNIC, LACNIC), then
 * any "e-mail:"/"Email:" line whose address contains "abuse". The result
 * has passed lw_email_valid() and is lower-cased; from p. */
const char *lw_whois_parse_abuse(apr_pool_t *p, const char *text,
                                 apr_size_t len);

/* The server a referral names ("refer:", "whois:", "ReferralServer:
 * whois://host[:port]"), or NULL. Only a plain host name (LDH labels) is
 * accepted; the result is lower-cased, from p; *port gets its port (43 when
 * none). */
const char *lw_whois_parse_referral(apr_pool_t *p, const char *text,
                                    apr_size_t len, apr_port_t *port);

/* 1 when a referral to host may be followed: not an address literal (a
 * last label of digits: 127.0.0.1, 999.999.999.999), not a name under a
 * special-use or private top-level domain (localhost, local, internal,
 * arpa, ...). named (--whois-server's host, or NULL) is always allowed.
 * Where the name resolves is checked when connecting (lw_whois_query's
 * public_only). */
int lw_whois_referral_ok(const char *host, const char *named);

/* The query line (without CRLF) to send to the named registry for ip:
 * ARIN "n + IP", RIPE "-B IP" (with the abuse-contact comment), others
 * just "IP". From p. */
const char *lw_whois_query_text(apr_pool_t *p, const char *registry,
                                const char *ip);

/* One query: connect to host:port, send query CRLF, read until the peer
 * closes, max bytes are kept (*truncated = 1: the rest is not read) or the
 * deadline (timeout from the start) passes (*truncated = 2). Returns
 * APR_SUCCESS with the answer (NUL-terminated, from p) even when
 * truncated; APR_TIMEUP when the deadline passed with nothing read;
 * APR_EACCES, before connecting, when public_only is set and the host
 * resolves to an address that is not public (loopback, private,
 * link-local, ...: lw_addr_class); other errors as APR gives them. */
apr_status_t lw_whois_query(apr_pool_t *p, const char *host, apr_port_t port,
                            const char *query, apr_interval_time_t timeout,
                            int public_only, apr_size_t max, char **answer,
                            apr_size_t *len, int *truncated);

/* A lookup context: options, the map, the cache, servers that failed. */
typedef struct lw_whois_t lw_whois_t;

/* Reads the map and the cache (a missing cache file is fine; a missing or
 * bad map file is an error, with *err). */
apr_status_t lw_whois_open(lw_whois_t **w, const lw_whois_opts_t *o,
                           apr_pool_t *p, const char **err);

/* The abuse contact of ip (a valid address), or NULL when unknown. *how
 * (when not NULL) tells where it came from: "map", "cache",
 * "whois:HOST" (the server that gave it), or why there is none
 * ("whois:timeout", "whois:no-contact", ...). Strings from the context's
 * pool. A server that timed out, refused the connection or whose name
 * did not resolve is not asked again by this context ("whois:unavailable"). */
const char *lw_whois_abuse(lw_whois_t *w, const char *ip, const char **how);

/* Writes the cache (when one is configured and changed): to a temporary
 * file in the same directory, then rename(). */
apr_status_t lw_whois_close(lw_whois_t *w);

#endif
