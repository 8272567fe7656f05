/* libFuzzer: the shell command-injection detector (lw_detect_shell) with
 * the shipped word table (conf/signatures/shell.words). The input is the
 * decoded value, in a buffer of exactly its size (ASan sees any read past
 * it). Invariants: the verdict is NONE, WEAK or STRONG; a verdict names its
 * reason ("sh:", "cmd:" or "ps:", NUL-terminated in the buffer) and a span
 * inside the value; the same value gives the same answer twice; a value
 * the detector flags strongly stays flagged when two words and a newline
 * are put in front of it (the newline is a command position at least as strong
 * as the value's start; the shellshock prefix "() {" counts only there). */
#include "fuzz_common.h"
#include "lw_detect.h"

static lw_words_t *words;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *err = NULL;
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    words = lw_words_create(fuzz_root, lw_shell_sections, lw_shell_nsections);
    if (!words || lw_words_add_file(words, FUZZ_SIGNATURES "/shell.words",
                                    &err) != APR_SUCCESS) {
        fprintf(stderr, "shell.words: %s\n", err ? err : "bad sections");
        abort();
    }
    return 0;
}

static int prefixed(const char *why)
{
    return strncmp(why, "sh:", 3) == 0 || strncmp(why, "cmd:", 4) == 0
        || strncmp(why, "ps:", 3) == 0;
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
    r1 = lw_detect_shell(words, v, size, &o1);
    r2 = lw_detect_shell(words, v, size, &o2);
    FUZZ_ASSERT(r1 >= LW_DETECT_NONE && r1 <= LW_DETECT_STRONG);
    FUZZ_ASSERT(r1 == r2);
    if (r1 != LW_DETECT_NONE) {
        FUZZ_ASSERT(memchr(o1.why, '\0', sizeof(o1.why)) != NULL);
        FUZZ_ASSERT(prefixed(o1.why));
        FUZZ_ASSERT(strcmp(o1.why, o2.why) == 0);
        FUZZ_ASSERT(o1.off <= size && o1.len <= size - o1.off);
    }
    if (r1 == LW_DETECT_STRONG && strcmp(o1.why, "sh:() {") != 0) {
        char *w = malloc(size + 4);
        FUZZ_ASSERT(w != NULL);
        memcpy(w, "x y\n", 4);
        memcpy(w + 4, data, size);
        r2 = lw_detect_shell(words, w, size + 4, &o2);
        if (r2 != LW_DETECT_STRONG)
            fprintf(stderr, "prefixed: %d %s (alone: %s)\n", r2, o2.why, o1.why);
        FUZZ_ASSERT(r2 == LW_DETECT_STRONG);
        free(w);
    }
    free(v);
    return 0;
}
