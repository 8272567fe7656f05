/* libFuzzer: the multipart/form-data parser (lw_body_multipart). The
 * input's first line is the Content-Type's boundary parameter, the rest
 * the body: the invariants of fuzz_body.h (names, values and file names
 * point into the body; file contents are never yielded), and the
 * boundary reader on the first line as a Content-Type. */
#include "fuzz_body.h"

FUZZ_INIT_APR_ONLY

/* Every field as "path|name|value" lines, for comparing two splits. */
typedef struct {
    apr_pool_t *p;
    char *out;
} fuzz_acc_t;

static int fuzz_collect(void *ctx, const lw_body_field_t *f)
{
    fuzz_acc_t *a = ctx;
    a->out = apr_pstrcat(a->p, a->out,
                         apr_pstrmemdup(a->p, f->path, f->path_len), "|",
                         f->name ? apr_pstrmemdup(a->p, f->name, f->name_len)
                                 : "-", "|",
                         f->value ? apr_pstrmemdup(a->p, f->value,
                                                   f->value_len) : "-",
                         "\n", NULL);
    return 0;
}

static const char *fuzz_fields(apr_pool_t *p, const char *b, apr_size_t blen,
                               const char *body, apr_size_t len)
{
    fuzz_acc_t a = { p, "" };
    int more;
    lw_body_multipart(body, len, b, blen, p, fuzz_collect, &a, &more);
    return a.out;
}

/* The streaming capture (lw_body_mp_feed) fed in pieces of k bytes, with
 * room: what it keeps. */
static const char *fuzz_capture(apr_pool_t *p, const char *b, apr_size_t blen,
                                const char *body, apr_size_t len,
                                apr_size_t k, apr_size_t room,
                                apr_size_t *klen, int *cut)
{
    lw_body_mp_t m;
    apr_size_t off = 0;

    lw_body_mp_init(&m, b, blen);
    m.buf = apr_palloc(p, room ? room : 1);
    m.size = room;
    while (off < len) {
        apr_size_t n = k < len - off ? k : len - off;
        if (lw_body_mp_feed(&m, body + off, n))
            break;
        off += n;
    }
    lw_body_mp_end(&m);
    FUZZ_ASSERT(m.len <= room && m.len <= len);
    *klen = m.len;
    *cut = m.cut;
    return m.buf;
}

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
        /* the streaming capture, with room for the body, fed whole, byte
         * by byte or in pieces: never cut, and read as the whole body is
         * (files' contents apart, which are never fields; the fields of a
         * body short enough that an XML file's prolog is kept whole) */
        if (fb.len <= LW_BODY_FILE_HEAD) {
            const char *want = fuzz_fields(p, b, blen, fb.body, fb.len);
            apr_size_t k, klen, k0 = 0;
            int cut;
            const char *c0 = NULL;
            for (k = 1; k <= fb.len + 1; k = k < 4 ? k + 1 : k * 3) {
                const char *c = fuzz_capture(p, b, blen, fb.body, fb.len, k,
                                             fb.len + blen + 3, &klen, &cut);
                FUZZ_ASSERT(!cut);
                if (c0)
                    FUZZ_ASSERT(klen == k0 && memcmp(c, c0, klen) == 0);
                c0 = c;
                k0 = klen;
                FUZZ_ASSERT(strcmp(fuzz_fields(p, b, blen, c, klen), want)
                            == 0);
            }
            /* less room: bounded, and a cut loses what did not fit */
            fuzz_capture(p, b, blen, fb.body, fb.len, 5, fb.len / 2, &klen,
                         &cut);
        }
    }
    apr_pool_destroy(p);
    return 0;
}
