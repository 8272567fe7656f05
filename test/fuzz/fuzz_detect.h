/* Shared by the language detectors' libFuzzer harnesses: the shipped word
 * table of a detector, and the invariants every detector keeps. The value
 * is handed over in a buffer of exactly its size (not NUL terminated: ASan
 * sees any read past its end). */
#ifndef FUZZ_DETECT_H
#define FUZZ_DETECT_H

#include "fuzz_common.h"
#include "lw_detect.h"

#ifndef FUZZ_SIGNATURES
#define FUZZ_SIGNATURES "conf/signatures"
#endif

/* DETECTOR.words from $LW_FUZZ_SIGNATURES or the source tree; aborts when
 * it does not load. */
static lw_words_t *fuzz_detect_words(int det)
{
    const lw_detector_t *d = lw_detector(det);
    const char *dir = getenv("LW_FUZZ_SIGNATURES");
    lw_words_t *w;
    char *err = NULL;

    fuzz_apr_init();
    w = lw_words_create(fuzz_root, d->sections, *d->nsections);
    if (!w || lw_words_add_file(w, apr_pstrcat(fuzz_root,
                                               dir ? dir : FUZZ_SIGNATURES,
                                               "/", lw_detector_name(det),
                                               ".words", NULL),
                                &err) != APR_SUCCESS) {
        fprintf(stderr, "%s.words: %s\n", lw_detector_name(det),
                err ? err : "bad sections");
        abort();
    }
    return w;
}

/* Runs fn twice on data and checks: the verdict is NONE, WEAK or STRONG;
 * a finding's reason is NUL-terminated, non-empty and starts with one of
 * the prefixes (NULL-terminated list), its span lies inside the value; the
 * same value gives the same verdict, reason and span. Returns the verdict
 * and the first call's finding in *out. */
static int fuzz_detect_check(lw_detect_fn fn, const lw_words_t *w,
                             const unsigned char *data, size_t size,
                             const char *const *prefixes,
                             lw_detect_out_t *out)
{
    char *v = malloc(size ? size : 1);
    lw_detect_out_t again;
    int rc, rc2, i, ok = 0;

    FUZZ_ASSERT(v != NULL);
    memcpy(v, data, size);
    memset(out, 0x55, sizeof(*out));
    memset(&again, 0xa5, sizeof(again));
    rc = fn(w, v, size, out);
    rc2 = fn(w, v, size, &again);
    FUZZ_ASSERT(rc >= LW_DETECT_NONE && rc <= LW_DETECT_STRONG);
    FUZZ_ASSERT(rc2 == rc);
    if (rc != LW_DETECT_NONE) {
        FUZZ_ASSERT(memchr(out->why, '\0', sizeof(out->why)) != NULL);
        FUZZ_ASSERT(out->why[0] != '\0');
        for (i = 0; prefixes[i]; i++)
            if (strncmp(out->why, prefixes[i], strlen(prefixes[i])) == 0)
                ok = 1;
        FUZZ_ASSERT(ok);
        FUZZ_ASSERT(out->off <= size && out->len <= size - out->off);
        FUZZ_ASSERT(strcmp(out->why, again.why) == 0);
        FUZZ_ASSERT(again.off == out->off && again.len == out->len);
    }
    free(v);
    return rc;
}

#endif
