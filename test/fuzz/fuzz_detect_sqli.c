/* libFuzzer: the SQL injection detector (lw_detect_sqli) with the shipped
 * word table (conf/signatures/sqli.words). The input is the decoded value,
 * in a buffer of exactly its size (ASan sees any read past it).
 * Invariants: the verdict is NONE, WEAK or STRONG; a verdict names its
 * reason ("sql:...", NUL-terminated in the buffer) and a span inside the
 * value; the same value gives the same answer twice. */
#include "fuzz_common.h"
#include "lw_detect.h"

static lw_words_t *words;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *err = NULL;
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    words = lw_words_create(fuzz_root, lw_sqli_sections, lw_sqli_nsections);
    if (!words || lw_words_add_file(words, FUZZ_SIGNATURES "/sqli.words",
                                    &err) != APR_SUCCESS) {
        fprintf(stderr, "sqli.words: %s\n", err ? err : "bad sections");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *v = malloc(size ? size : 1);
    lw_detect_out_t o1, o2;
    int r1, r2;

    FUZZ_ASSERT(v != NULL);
    memcpy(v, data, size);
    memset(&o1, 0x55, sizeof(o1));
    memset(&o2, 0x55, sizeof(o2));
    r1 = lw_detect_sqli(words, v, size, &o1);
    r2 = lw_detect_sqli(words, v, size, &o2);
    FUZZ_ASSERT(r1 >= LW_DETECT_NONE && r1 <= LW_DETECT_STRONG);
    FUZZ_ASSERT(r1 == r2);
    if (r1 != LW_DETECT_NONE) {
        FUZZ_ASSERT(memchr(o1.why, '\0', sizeof(o1.why)) != NULL);
        FUZZ_ASSERT(strncmp(o1.why, "sql:", 4) == 0);
        FUZZ_ASSERT(strcmp(o1.why, o2.why) == 0);
        FUZZ_ASSERT(o1.off <= size && o1.len <= size - o1.off);
    }
    free(v);
    return 0;
}
