/* libFuzzer: the xml body parser (lw_body_xml) on XML and SOAP bodies:
 * the invariants of fuzz_body.h, and a second run stopped after its first
 * field yields exactly one. */
#include "fuzz_body.h"

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_body_run(lw_body_xml, 1, data, size);
    return 0;
}
