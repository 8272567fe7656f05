/* mod_logwatch_body.c: an input filter that keeps a copy of the first
 * LogWatchInspectBody bytes of a request body as the application reads
 * it, for the log-time inspection (the core splits it into fields,
 * lw_body.h).
 *
 * It is a pass-through: it asks the next filter for exactly what its
 * caller asked (mode, blocking, length), copies from the data buckets it
 * got back, and returns them untouched. So it never reads more than the
 * application reads, never holds data back, and a body the application
 * never reads is never read for it. Once the copy is full (or the body
 * ended) the filter takes itself out of the chain: the rest of a large
 * upload goes by without it. Its one buffer comes from the request pool,
 * at most the cap (at most the Content-Length when that is smaller).
 *
 * It is a resource filter, so it sees the body as the handler does:
 * after mod_deflate's input filter (a content-set filter) inflated a
 * compressed body, and never the chunked framing (HTTP_IN, a protocol
 * filter, removes it). It is added to main requests that have a body,
 * where the module inspects, whatever their Content-Type says:
 * applications read bodies whatever the header says, so the core reads
 * a body of another type or none by its first bytes (lw_body_kind_of).
 * A body of such a type whose first bytes are not text (an image, an
 * archive) is not copied: the filter steps out at its first data.
 *
 * A multipart body is read as it streams (lw_body_mp_feed): the copy
 * keeps the parts' headers and field values, not files' contents, so a
 * field after an upload larger than the cap is still inspected, and the
 * filter stays in the chain to the close delimiter (scanning, not
 * copying, the files' bytes). The cap still bounds the copy, and "cut"
 * then means a byte that is not a file's was lost. */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_strings.h"
#include "apr_buckets.h"

#include "lw_body.h"
#include "mod_logwatch_body.h"
#include "mod_logwatch_config.h"
#include "mod_logwatch_leak.h"

APLOG_USE_MODULE(logwatch);

#define BODY_FILTER "LOGWATCH_BODY"

/* The copy, in the request's slot (logwatch_req_t). */
typedef struct logwatch_body_copy {
    char *buf;                 /* from r->pool, allocated at the first data */
    apr_size_t len, size;      /* kept, room */
    apr_size_t cap;            /* LogWatchInspectBody here */
    const char *type;          /* the Content-Type */
    int sniff;                 /* of no declared kind: read by its bytes */
    int cut;                   /* the application read more than the cap */
    int multipart;             /* read as it streams (mp) */
    lw_body_mp_t mp;
} body_copy_t;

/* The buffer, made at the first data: a body never read costs nothing.
 * It grows once to the cap when n bytes would not fit in a buffer sized
 * by the Content-Length (something between the wire and here, such as
 * mod_deflate, changed the length). */
static void copy_room(body_copy_t *cp, apr_pool_t *pool, apr_size_t n)
{
    if (cp->buf == NULL)
        cp->buf = apr_palloc(pool, cp->size);
    if (n > cp->size - cp->len && cp->size < cp->cap) {
        char *nb = apr_palloc(pool, cp->cap);
        memcpy(nb, cp->buf, cp->len);
        cp->buf = nb;
        cp->size = cp->cap;
    }
}

/* A multipart body: the core keeps what is not a file's contents, so a
 * field after a file larger than the cap is kept; the filter stays until
 * the close delimiter, the end, or a byte to keep that did not fit. */
static int copy_multipart(body_copy_t *cp, apr_pool_t *pool,
                          const char *data, apr_size_t n)
{
    int done;

    copy_room(cp, pool, n);
    cp->mp.buf = cp->buf;
    cp->mp.size = cp->size;
    done = lw_body_mp_feed(&cp->mp, data, n);
    cp->len = cp->mp.len;
    cp->cut = cp->mp.cut;
    return done;
}

static apr_status_t body_filter(ap_filter_t *f, apr_bucket_brigade *bb,
                                ap_input_mode_t mode, apr_read_type_e block,
                                apr_off_t readbytes)
{
    body_copy_t *cp = f->ctx;
    /* what the caller's brigade already held is not this read's */
    apr_bucket *held = APR_BRIGADE_EMPTY(bb) ? NULL : APR_BRIGADE_LAST(bb);
    apr_status_t rv = ap_get_brigade(f->next, bb, mode, block, readbytes);
    apr_bucket *b;

    /* A speculative read is read again for real later; the other modes
     * carry no body bytes. */
    if (rv != APR_SUCCESS || cp == NULL
        || (mode != AP_MODE_READBYTES && mode != AP_MODE_GETLINE
            && mode != AP_MODE_EXHAUSTIVE))
        return rv;
    for (b = held ? APR_BUCKET_NEXT(held) : APR_BRIGADE_FIRST(bb);
         b != APR_BRIGADE_SENTINEL(bb); b = APR_BUCKET_NEXT(b)) {
        const char *data;
        apr_size_t n;

        if (APR_BUCKET_IS_EOS(b)) {
            if (cp->multipart && cp->buf != NULL) {
                lw_body_mp_end(&cp->mp);
                cp->len = cp->mp.len;
            }
            ap_remove_input_filter(f);
            break;
        }
        if (APR_BUCKET_IS_METADATA(b) || b->length == 0)
            continue;
        if (cp->len >= cp->cap && !cp->multipart) {
            cp->cut = 1;
            ap_remove_input_filter(f);
            break;
        }
        /* The bucket came back from this very read: reading it in the
         * caller's mode costs nothing the caller would not pay. A bucket
         * that cannot be read so ends the copy, never the request. */
        if (apr_bucket_read(b, &data, &n, block) != APR_SUCCESS) {
            ap_remove_input_filter(f);
            break;
        }
        if (cp->multipart) {
            if (copy_multipart(cp, f->r->pool, data, n)) {
                ap_remove_input_filter(f);
                break;
            }
            continue;
        }
        if (cp->len == 0 && cp->sniff && !lw_body_is_text(data, n)) {
            /* binary: nothing to read as text (lw_body_sniff) */
            ap_remove_input_filter(f);
            break;
        }
        copy_room(cp, f->r->pool, n);
        if (n > cp->size - cp->len) {
            n = cp->size - cp->len;
            cp->cut = 1;
        }
        if (n > 0) {
            memcpy(cp->buf + cp->len, data, n);
            cp->len += n;
        }
    }
    return rv;
}

/* Add the filter to a main request that has a body (a Content-Length
 * other than 0, or a Transfer-Encoding), where the module inspects and
 * LogWatchInspectBody is not 0. A request without a body (most are
 * GETs) costs two header lookups here, Content-Length then
 * Transfer-Encoding; APR's table index ends the second at once when no
 * header starts with a 'T'. */
static void body_insert_filter(request_rec *r)
{
    const logwatch_dir_conf *dc;
    const char *type, *cl;
    logwatch_req_t *q = logwatch_req_get(r);
    body_copy_t *cp;
    apr_size_t cap;
    apr_off_t len = -1;
    char *end;

    if (r->main != NULL || logwatch_g == NULL || logwatch_g->engine == NULL
        || (q != NULL && q->body != NULL))
        return;
    dc = ap_get_module_config(r->per_dir_config, &logwatch_module);
    if (dc != NULL && dc->enabled == 0)
        return;
    cap = logwatch_inspect_body(dc);
    if (cap == 0)
        return;
    cl = apr_table_get(r->headers_in, "Content-Length");
    if (cl != NULL && apr_strtoff(&len, cl, &end, 10) == APR_SUCCESS
        && *end == '\0' && len == 0)
        return;
    if (cl == NULL && apr_table_get(r->headers_in, "Transfer-Encoding") == NULL)
        return;
    type = apr_table_get(r->headers_in, "Content-Type");
    cp = apr_pcalloc(r->pool, sizeof(*cp));
    cp->cap = cap;
    cp->size = cap;
    /* No more room than the body can fill, unless something between the
     * wire and here (mod_deflate) changes its length. */
    if (len > 0 && (apr_uint64_t)len < cap
        && apr_table_get(r->headers_in, "Content-Encoding") == NULL)
        cp->size = (apr_size_t)len;
    cp->type = type ? apr_pstrdup(r->pool, type) : "";
    cp->sniff = lw_body_kind(type) == LW_BODY_NONE;
    if (lw_body_kind(type) == LW_BODY_MULTIPART) {
        apr_size_t blen;
        const char *b = lw_body_boundary(cp->type, &blen);
        if (b != NULL) {
            cp->multipart = 1;
            lw_body_mp_init(&cp->mp, b, blen);
        }
    }
    logwatch_req_make(r)->body = cp;
    ap_add_input_filter(BODY_FILTER, cp, r, r->connection);
    /* The early pass judged the request without this body: the response
     * filter asks again when the response begins. */
    logwatch_leak_body_coming(r);
}

void logwatch_body_get(request_rec *r, lw_request_t *req)
{
    const body_copy_t *best = NULL;

    /* The original request, then each internal redirect: the one whose
     * handler read the most. */
    for (; r != NULL; r = r->next) {
        const logwatch_req_t *q = logwatch_req_get(r);
        const body_copy_t *cp = q != NULL ? q->body : NULL;
        if (cp != NULL && cp->len > 0 && (best == NULL || cp->len > best->len))
            best = cp;
    }
    if (best == NULL)
        return;
    req->body = best->buf;
    req->body_len = best->len;
    req->body_type = best->type;
    req->body_cut = best->cut;
}

void logwatch_body_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_register_input_filter(BODY_FILTER, body_filter, NULL,
                             AP_FTYPE_RESOURCE);
    ap_hook_insert_filter(body_insert_filter, NULL, NULL, APR_HOOK_MIDDLE);
}
