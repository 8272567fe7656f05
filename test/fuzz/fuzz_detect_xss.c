/* libFuzzer: the xss detector (lw_detect_xss) with the shipped word table
 * (conf/signatures/xss.words). Invariants: those of every detector
 * (fuzz_detect.h), with reasons "html:", "js:", "url:" or "css:"; a value
 * the gate lets through is no slower than linear (libFuzzer's -timeout
 * catches a quadratic case on 8 KiB inputs). */
#include "fuzz_detect.h"

static lw_words_t *words;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    words = fuzz_detect_words(LW_DET_XSS);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *const prefixes[] = { "html:", "js:", "url:", "css:",
                                            NULL };
    lw_detect_out_t out;

    fuzz_detect_check(lw_detect_xss, words, data, size, prefixes, &out);
    return 0;
}
