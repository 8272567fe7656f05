/* application/x-www-form-urlencoded: "name=value" parts split at '&'
 * only, each at its first '=', as the engine splits a query string. The
 * bytes stay encoded: the engine decodes them as query arguments. */
#include <string.h>

#include "lw_body_int.h"

int lw_body_form(const char *body, apr_size_t len, apr_pool_t *p,
                 lw_body_cb cb, void *ctx, int *more)
{
    const char *end = body + len, *seg = body;
    lw_body_out_t o;

    (void)p;
    lw_body_out_init(&o, LW_BODY_FORM, cb, ctx);
    while (len && seg < end) {
        const char *se = memchr(seg, '&', (apr_size_t)(end - seg)), *eq;
        if (!se)
            se = end;
        eq = memchr(seg, '=', (apr_size_t)(se - seg));
        if (se > seg) {
            apr_size_t nlen = (apr_size_t)((eq ? eq : se) - seg);
            if (lw_body_emit(&o, seg, nlen, seg, nlen, eq ? eq + 1 : NULL,
                             eq ? (apr_size_t)(se - eq - 1) : 0))
                break;
        }
        seg = se + 1;
    }
    *more = o.more;
    return o.n;
}
