/* libFuzzer: the xss detector with the shipped words file
 * (conf/signatures/xss.words). The input is the value, in an exact-size
 * buffer (not NUL terminated: a read past its end is a fault under ASan).
 * Invariants: the verdict is one of the three, a finding's span lies inside
 * the value and its reason is a non-empty NUL-terminated string, the same
 * value gives the same verdict, and a value the gate lets through is no
 * slower than linear (libFuzzer's -timeout catches a quadratic case on
 * 8 KiB inputs). */
#include "fuzz_common.h"
#include "lw_detect.h"

#ifndef FUZZ_SIGNATURES
#define FUZZ_SIGNATURES "conf/signatures"
#endif

static lw_words_t *words;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("LW_FUZZ_SIGNATURES");
    char *err = NULL;

    (void)argc;
    (void)argv;
    fuzz_apr_init();
    words = lw_words_create(fuzz_root, lw_xss_sections, lw_xss_nsections);
    if (words == NULL
        || lw_words_add_file(words, apr_pstrcat(fuzz_root,
                                                dir ? dir : FUZZ_SIGNATURES,
                                                "/xss.words", NULL),
                             &err) != APR_SUCCESS) {
        fprintf(stderr, "fuzz_detect_xss: words: %s\n", err ? err : "?");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *v = malloc(size ? size : 1);
    lw_detect_out_t out, again;
    int rc, rc2;

    memcpy(v, data, size);
    memset(&out, 0xa5, sizeof(out));
    rc = lw_detect_xss(words, v, size, &out);
    FUZZ_ASSERT(rc == LW_DETECT_NONE || rc == LW_DETECT_WEAK
                || rc == LW_DETECT_STRONG);
    if (rc != LW_DETECT_NONE) {
        FUZZ_ASSERT(out.off <= size && out.len <= size - out.off);
        FUZZ_ASSERT(memchr(out.why, '\0', sizeof(out.why)) != NULL);
        FUZZ_ASSERT(out.why[0] != '\0');
    }
    rc2 = lw_detect_xss(words, v, size, &again);
    FUZZ_ASSERT(rc2 == rc);
    FUZZ_ASSERT(rc == LW_DETECT_NONE
                || (again.off == out.off && again.len == out.len
                    && strcmp(again.why, out.why) == 0));
    free(v);
    return 0;
}
