/* A small benchmark of one language detector (not a test): each line of
 * standard input, decoded the engine's way (LW_N_DECODE, unless
 * --decoded), is classified REPS times in a row, five times over; the
 * fastest of the five gives the line's time. Prints the median, 90th
 * percentile and maximum nanoseconds per value, and how many lines were
 * flagged (strong, weak).
 *   bench_detect DETECTOR WORDSFILE [REPS] [--decoded] < values */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "lw_detect.h"
#include "lw_norm.h"

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    apr_pool_t *p;
    lw_detect_fn fn;
    lw_words_t *w;
    char *err = NULL, *line = NULL;
    const char **vals = NULL;
    apr_size_t *lens = NULL, n = 0, cap = 0, i;
    size_t lcap = 0;
    ssize_t r;
    double *t;
    int det, reps = 100, decoded = 0, a, strong = 0, weak = 0;
    volatile int sink = 0;

    if (argc < 3 || (det = lw_detector_from_name(argv[1])) < 0) {
        fprintf(stderr, "usage: bench_detect sqli|shell|xss WORDSFILE [REPS]"
                " [--decoded] < values\n");
        return 2;
    }
    for (a = 3; a < argc; a++) {
        if (strcmp(argv[a], "--decoded") == 0)
            decoded = 1;
        else if ((reps = atoi(argv[a])) < 1)
            reps = 1;
    }
    apr_initialize();
    apr_pool_create(&p, NULL);
    fn = lw_detector(det)->fn;
    w = lw_words_create(p, lw_detector(det)->sections,
                        *lw_detector(det)->nsections);
    if (!w || lw_words_add_file(w, argv[2], &err) != APR_SUCCESS) {
        fprintf(stderr, "bench_detect: %s\n", err ? err : "bad sections");
        return 1;
    }
    while ((r = getline(&line, &lcap, stdin)) >= 0) {
        apr_size_t len = (apr_size_t)r;
        const char *v;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        v = decoded ? apr_pstrmemdup(p, line, len)
            : lw_normalize(p, line, len, LW_N_DECODE, &len);
        if (v == line)
            v = apr_pstrmemdup(p, line, len);
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            vals = realloc(vals, cap * sizeof(*vals));
            lens = realloc(lens, cap * sizeof(*lens));
            if (!vals || !lens)
                return 1;
        }
        vals[n] = v;
        lens[n++] = len;
    }
    free(line);
    if (n == 0) {
        fprintf(stderr, "bench_detect: no input\n");
        return 1;
    }
    t = malloc(n * sizeof(*t));
    for (i = 0; i < n; i++) {
        lw_detect_out_t out;
        double best = 0;
        int b, k, rc = fn(w, vals[i], lens[i], &out);
        strong += rc == LW_DETECT_STRONG;
        weak += rc == LW_DETECT_WEAK;
        for (b = 0; b < 5; b++) {
            double t0 = now_ns(), d;
            for (k = 0; k < reps; k++)
                sink += fn(w, vals[i], lens[i], &out);
            d = (now_ns() - t0) / reps;
            if (b == 0 || d < best)
                best = d;
        }
        t[i] = best;
    }
    qsort(t, n, sizeof(*t), cmp_double);
    printf("%s: %lu values, median %.0f ns, p90 %.0f ns, max %.0f ns; "
           "%d strong, %d weak\n", argv[1], (unsigned long)n, t[n / 2],
           t[n * 9 / 10], t[n - 1], strong, weak);
    free(t);
    free(vals);
    free(lens);
    apr_terminate();
    return 0;
}
