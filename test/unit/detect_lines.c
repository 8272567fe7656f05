/* Development driver for the language detectors: classifies each line of
 * standard input (a bare value, as a payload list holds it) with one
 * detector and prints "VERDICT<TAB>WHY<TAB>LINE". The value goes through
 * the same decoding the engine applies before a detector sees it.
 * With --span each verdict is followed by the span it rests on ("OFF+LEN"),
 * so a comparison of two builds covers the whole result.
 *   detect_lines DETECTOR WORDSFILE [--decoded] [--span] < values */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <apr_general.h>
#include <apr_pools.h>

#include "lw_detect.h"
#include "lw_norm.h"

int main(int argc, char **argv)
{
    apr_pool_t *p, *lp;
    lw_words_t *w;
    char *err = NULL, *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int det, decoded = 0, span = 0, a;

    if (argc < 3 || (det = lw_detector_from_name(argv[1])) < 0) {
        fprintf(stderr, "usage: detect_lines sqli|shell|xss WORDSFILE "
                "[--decoded] [--span] < values\n");
        return 2;
    }
    for (a = 3; a < argc; a++) {
        if (strcmp(argv[a], "--decoded") == 0)
            decoded = 1;
        else if (strcmp(argv[a], "--span") == 0)
            span = 1;
    }
    apr_initialize();
    apr_pool_create(&p, NULL);
    apr_pool_create(&lp, p);
    w = lw_words_create(p, lw_detector(det)->sections,
                        *lw_detector(det)->nsections);
    if (!w || lw_words_add_file(w, argv[2], &err) != APR_SUCCESS) {
        fprintf(stderr, "detect_lines: %s\n", err ? err : "bad sections");
        return 1;
    }
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lw_detect_out_t out;
        const char *v = line;
        apr_size_t len = (apr_size_t)n;
        int rc;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (!decoded)
            v = lw_normalize(lp, line, len, LW_N_DECODE | LW_N_PLUS, &len);
        memset(&out, 0, sizeof(out));
        rc = lw_detector(det)->fn(w, v, len, &out);
        if (span)
            printf("%d\t%s\t%lu+%lu\t", rc, rc ? out.why : "",
                   rc ? (unsigned long)out.off : 0UL,
                   rc ? (unsigned long)out.len : 0UL);
        else
            printf("%d\t%s\t", rc, rc ? out.why : "");
        printf("%.*s\n", (int)(line[n - 1] == '\n' ? n - 1 : n), line);
        apr_pool_clear(lp);
    }
    free(line);
    apr_terminate();
    return 0;
}
