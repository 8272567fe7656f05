/* Response evidence: what the first bytes of the response to a flagged
 * request show. Leak rules (category "leak", target "response" in the
 * signature files) read those bytes and nothing else; each names the
 * request categories whose responses it reads ("when"), so a traversal's
 * response is searched for file contents, an SQL injection's for SQL
 * errors, a command injection's for command output. A match is the
 * record's "evidence" and makes the verdict "leaked" (or "webshell" for
 * the rules that say so).
 *
 * Also here, as they need no httpd either: whether a path looks like a
 * script dropped into an upload directory, and the per-process table of
 * each path's usual response size ("anomalous_size"). */
#ifndef LW_LEAK_H
#define LW_LEAK_H

#include "lw.h"
#include "lw_engine.h"

/* LogWatchInspectResponse: bytes of a response read at most (default). */
#define LW_LEAK_DEFAULT_INSPECT (32u * 1024u)

typedef struct {
    apr_uint32_t rule_id;
    int rule_index;
    int verdict;              /* LW_V_LEAKED or LW_V_WEBSHELL */
    int severity;
    const char *msg;
    const char *excerpt;      /* into the scanned bytes, not NUL-ended */
    apr_size_t excerpt_len;   /* at most LW_MAX_EXCERPT */
} lw_evidence_t;

/* Request categories whose responses some leak rule reads (1u << cat):
 * a request of none of them needs no inspection. */
apr_uint32_t lw_leak_wanted(const lw_engine_t *e);

/* Try the leak rules that apply to a request of categories cats (its
 * result's bitmask) on len bytes of its response. Rules whose id is
 * among excl[nexcl] are skipped. A match whose text the request itself
 * carried (reflect: the request's decoded target and body, reflect_len
 * bytes; NULL: none) is a page echoing its input, no leak: the rule's
 * next match is tried instead, up to LW_LEAK_MAX_REFLECTED times. Under
 * the PCRE2 limits of lim; memory from p. Returns 1 with *ev filled (the
 * matching rule of highest severity, the first of them in load order),
 * else 0. */
#define LW_LEAK_MAX_REFLECTED 8
int lw_leak_scan(const lw_engine_t *e, apr_uint32_t cats, const char *buf,
                 apr_size_t len, const apr_uint32_t *excl, int nexcl,
                 const char *reflect, apr_size_t reflect_len,
                 const lw_limits_t *lim, apr_pool_t *p, lw_evidence_t *ev);

/* The text a match is looked up by in the request (lw_leak_scan): the
 * matched bytes from the first letter or digit, at most this many. */
#define LW_LEAK_REFLECT_KEY 24

/* For the signature checks: rule index alone on buf, whatever its "when"
 * (and, with nofilter, whether or not its literals occur). 1 on a match,
 * with *ev filled. */
int lw_leak_scan_rule(const lw_engine_t *e, int index, const char *buf,
                      apr_size_t len, int nofilter, apr_pool_t *p,
                      lw_evidence_t *ev);

/* 1 when the request-target's path (up to '?') names a script (.php,
 * .phtml, .phar, .jsp, .asp, .aspx, .cgi, .pl) inside a directory where
 * uploads land (uploads, upload, images, img, files, media, tmp,
 * attachments): a shell dropped by an upload form. */
int lw_leak_upload_script(const char *uri);

/* The usual response size of each path, in a fixed table (nslots, a
 * power of two, allocated once): a slot per path hash, keeping a running
 * mean of the sizes of the responses that were not attacks. Not
 * thread-safe: the caller serialises. */
typedef struct lw_sizes lw_sizes_t;
lw_sizes_t *lw_sizes_create(apr_pool_t *p, unsigned nslots);
/* A response that was no attack: key (vhost and path) answered bytes. A
 * path whose slot another holds takes it over. */
void lw_sizes_add(lw_sizes_t *t, const char *key, apr_size_t klen,
                  apr_int64_t bytes);
/* 1 when bytes is far from the usual size of key: the path was seen at
 * least LW_SIZES_MIN_SEEN times and bytes is over 4 times its mean plus
 * 1 KiB, or under a quarter of it minus 1 KiB. */
#define LW_SIZES_MIN_SEEN 8
int lw_sizes_unusual(const lw_sizes_t *t, const char *key, apr_size_t klen,
                     apr_int64_t bytes);

#endif
