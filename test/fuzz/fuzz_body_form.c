/* libFuzzer: the form body parser (lw_body_form) on application/x-www-form-urlencoded bodies:
 * the invariants of fuzz_body.h, and a second run stopped after its first
 * field yields exactly one. */
#include "fuzz_body.h"

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_body_run(lw_body_form, 1, data, size);
    return 0;
}
