/* libFuzzer: the json body parser (lw_body_json) on JSON bodies (strings decoded into the pool: names and values need not point into the body):
 * the invariants of fuzz_body.h, and a second run stopped after its first
 * field yields exactly one. */
#include "fuzz_body.h"

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_body_run(lw_body_json, 0, data, size);
    return 0;
}
