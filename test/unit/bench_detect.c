/* Benchmark loop for the language detectors (not a test): decodes each
 * line of standard input the engine's way once, then times the detector on
 * every value (ROUNDS calls each, the best of 5 batches, so a busy machine
 * inflates less) and prints the median and 90th percentile in ns per call,
 * and how many values the detector flagged.
 *   bench_detect DETECTOR WORDSFILE [--decoded] < values */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "lw_detect.h"
#include "lw_norm.h"

#define ROUNDS 200

typedef int (*detect_fn)(const lw_words_t *, const char *, apr_size_t,
                         lw_detect_out_t *);

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static const detect_fn fns[LW_DET__COUNT] = {
        lw_detect_sqli, lw_detect_shell, lw_detect_xss
    };
    const char *const *secs[LW_DET__COUNT] = {
        lw_sqli_sections, lw_shell_sections, lw_xss_sections
    };
    const int nsecs[LW_DET__COUNT] = {
        lw_sqli_nsections, lw_shell_nsections, lw_xss_nsections
    };
    apr_pool_t *p;
    lw_words_t *w;
    char *err = NULL, *line = NULL;
    const char **vals = NULL;
    apr_size_t *lens = NULL, n = 0, cap = 0, lcap = 0, i;
    double *ns;
    ssize_t r;
    int det, decoded, flagged = 0;
    volatile int sink = 0;

    if (argc < 3 || (det = lw_detector_from_name(argv[1])) < 0) {
        fprintf(stderr, "usage: bench_detect sqli|shell|xss WORDSFILE "
                "[--decoded] < values\n");
        return 2;
    }
    decoded = argc > 3 && strcmp(argv[3], "--decoded") == 0;
    apr_initialize();
    apr_pool_create(&p, NULL);
    w = lw_words_create(p, secs[det], nsecs[det]);
    if (!w || lw_words_add_file(w, argv[2], &err) != APR_SUCCESS) {
        fprintf(stderr, "bench_detect: %s\n", err ? err : "bad sections");
        return 1;
    }
    while ((r = getline(&line, &lcap, stdin)) >= 0) {
        apr_size_t len = (apr_size_t)r;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            vals = realloc(vals, cap * sizeof(*vals));
            lens = realloc(lens, cap * sizeof(*lens));
        }
        vals[n] = decoded ? apr_pstrmemdup(p, line, len)
            : lw_normalize(p, apr_pstrmemdup(p, line, len), len,
                           LW_N_DECODE | LW_N_PLUS,
                           &len);
        lens[n++] = len;
    }
    free(line);
    if (!n)
        return 1;
    ns = malloc(n * sizeof(*ns));
    for (i = 0; i < n; i++) {
        lw_detect_out_t o;
        double best = 1e30;
        int b, k;
        for (b = 0; b < 5; b++) {
            double t0 = now_ns();
            for (k = 0; k < ROUNDS; k++)
                sink += fns[det](w, vals[i], lens[i], &o);
            t0 = (now_ns() - t0) / ROUNDS;
            if (t0 < best)
                best = t0;
        }
        ns[i] = best;
        flagged += fns[det](w, vals[i], lens[i], &o) != LW_DETECT_NONE;
    }
    qsort(ns, n, sizeof(*ns), cmp);
    printf("%s: %lu values, %d flagged, median %.0f ns, p90 %.0f ns, "
           "max %.0f ns per value\n", argv[1], (unsigned long)n, flagged,
           ns[n / 2], ns[n * 9 / 10], ns[n - 1]);
    free(ns);
    free(vals);
    free(lens);
    apr_terminate();
    return 0;
}
