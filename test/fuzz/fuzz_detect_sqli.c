/* libFuzzer: the SQL injection detector (lw_detect_sqli) with the shipped
 * word table (conf/signatures/sqli.words). Invariants: those of every
 * detector (fuzz_detect.h), with reasons "sql:...". */
#include "fuzz_detect.h"

static lw_words_t *words;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    words = fuzz_detect_words(LW_DET_SQLI);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *const prefixes[] = { "sql:", NULL };
    lw_detect_out_t out;

    fuzz_detect_check(lw_detect_sqli, words, data, size, prefixes, &out);
    return 0;
}
