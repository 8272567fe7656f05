/* libFuzzer: the shell command-injection detector (lw_detect_shell) with
 * the shipped word table (conf/signatures/shell.words). Invariants: those
 * of every detector (fuzz_detect.h), with reasons "sh:", "cmd:" or "ps:";
 * and a value the detector flags strongly stays flagged when two words and
 * a newline are put in front of it (the newline is a command position at
 * least as strong as the value's start; the shellshock prefix "() {"
 * counts only there). */
#include "fuzz_detect.h"

static lw_words_t *words;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    words = fuzz_detect_words(LW_DET_SHELL);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *const prefixes[] = { "sh:", "cmd:", "ps:", NULL };
    lw_detect_out_t o1, o2;
    int r1, r2;

    r1 = fuzz_detect_check(lw_detect_shell, words, data, size, prefixes, &o1);
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
    return 0;
}
