/* libFuzzer: the xml body parser (lw_body_xml) on XML and SOAP bodies:
 * the invariants of fuzz_body.h, and a second run stopped after its first
 * field yields exactly one. */
#include "fuzz_body.h"

FUZZ_INIT_APR_ONLY

static int first_only(void *ctx, const lw_body_field_t *f)
{
    fuzz_body_field(ctx, f);
    return 1;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    fuzz_body_t b = { (const char *)data, size, 1, 0, 0 };
    int more = -1, got;

    apr_pool_create(&p, fuzz_root);
    got = lw_body_xml((const char *)data, size, p, fuzz_body_field, &b, &more);
    fuzz_body_check(&b, got, more);
    b.n = 0;
    got = lw_body_xml((const char *)data, size, p, first_only, &b, &more);
    FUZZ_ASSERT(got <= 1 && got == b.n);
    apr_pool_destroy(p);
    return 0;
}
