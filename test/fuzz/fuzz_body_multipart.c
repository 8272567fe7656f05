/* libFuzzer: the multipart/form-data parser (lw_body_multipart). The
 * input's first line is the Content-Type's boundary parameter, the rest
 * the body: the invariants of fuzz_body.h (names, values and file names
 * point into the body; file contents are never yielded), and the
 * boundary reader on the first line as a Content-Type. */
#include "fuzz_body.h"

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    const char *s = (const char *)data, *nl = memchr(s, '\n', size), *b;
    fuzz_body_t fb;
    apr_size_t blen = 0;
    int more = -1, got;
    char *ct;

    if (!nl)
        return 0;
    apr_pool_create(&p, fuzz_root);
    ct = apr_pstrcat(p, "multipart/form-data; boundary=",
                     apr_pstrmemdup(p, s, (apr_size_t)(nl - s)), NULL);
    b = lw_body_boundary(ct, &blen);
    if (b) {
        FUZZ_ASSERT(blen > 0 && blen <= strlen(ct));
        FUZZ_ASSERT(!memchr(b, '\n', blen) && !memchr(b, '\r', blen));
        fb.body = nl + 1;
        fb.len = size - (size_t)(nl + 1 - s);
        fb.in_body = 1;
        fb.n = 0;
        fb.sum = 0;
        got = lw_body_multipart(fb.body, fb.len, b, blen, p, fuzz_body_field,
                                &fb, &more);
        fuzz_body_check(&fb, got, more);
        /* the same through the split, by its Content-Type: a body that
         * holds no delimiter is read by its first bytes instead, maybe
         * as UTF-16 turned into UTF-8, or not at all (-1, nothing yielded) */
        fb.n = 0;
        fb.in_body = 0;
        got = lw_body_split(ct, fb.body, fb.len, p, fuzz_body_field, &fb,
                            &more);
        if (got < 0)
            FUZZ_ASSERT(fb.n == 0 && more == 0);
        else
            fuzz_body_check(&fb, got, more);
    }
    apr_pool_destroy(p);
    return 0;
}
