/* bench_prefilter: the engine's literal prefilter (lw_ac.c, the automaton
 * every field is scanned with) against Vectorscan (Debian's
 * libvectorscan-dev, Hyperscan's API) on the same literal set: every
 * literal of the signatures, caseless, each reporting its rule. Both must
 * report the same rules on every input (checked; a difference is printed
 * and counted). Prints, per input set, the median, p99, p99.9 and worst
 * nanoseconds per field (each field's time the fastest of ROUNDS batches
 * of REPS scans, the two matchers alternating: warm caches), the same with
 * 1 MiB of other memory written before each single scan ("cold"), the
 * total MB/s, and the memory each needs.
 *
 *   bench_prefilter SIGNATURES CORPUS [ROUNDS] [REPS]
 *
 * Built by scripts/bench/bench-prefilter against a build's liblwcore.a;
 * not part of the module or the tools. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hs/hs.h>

#include "lw_engine_int.h"
#include "lw_sig.h"
#include "lw_norm.h"

typedef struct {
    const char **v;
    apr_size_t *len;
    int n, cap;
} fields_t;

static void add(fields_t *f, const char *s, apr_size_t len)
{
    if (len == 0)
        return;
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 4096;
        f->v = realloc(f->v, sizeof(*f->v) * (size_t)f->cap);
        f->len = realloc(f->len, sizeof(*f->len) * (size_t)f->cap);
        if (!f->v || !f->len)
            exit(1);
    }
    f->v[f->n] = s;
    f->len[f->n++] = len;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *b;
    long sz;
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    sz = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    b = malloc((size_t)sz + 1);
    if (!b || fread(b, 1, (size_t)sz, fp) != (size_t)sz)
        exit(1);
    b[sz] = '\0';
    fclose(fp);
    *n = (size_t)sz;
    return b;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    word_t *bits;
} hsctx_t;

static int on_match(unsigned id, unsigned long long from,
                    unsigned long long to, unsigned flags, void *ctx)
{
    hsctx_t *c = ctx;
    (void)from;
    (void)to;
    (void)flags;
    c->bits[id / WBITS] |= (word_t)1 << (id % WBITS);
    return 0;
}

int main(int argc, char **argv)
{
    apr_pool_t *pool;
    lw_ruleset_t *rs;
    lw_engine_t *e;
    void *blob;
    apr_size_t blen;
    char *err = NULL, path[4096];
    const char **pats;
    unsigned *ids, *flags;
    size_t *lens, acsz, dbsz = 0, scsz = 0;
    int np = 0, i, r, s, rounds = 5, reps = 20;
    hs_database_t *db;
    hs_scratch_t *scratch = NULL;
    hs_compile_error_t *cerr;
    fields_t sets[2];
    static const char *const set_names[2] = { "benign", "attacks" };
    word_t *b1, *b2;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_prefilter SIGNATURES CORPUS [ROUNDS] [REPS]\n");
        return 2;
    }
    if (argc > 3)
        rounds = atoi(argv[3]);
    if (argc > 4)
        reps = atoi(argv[4]);
    apr_initialize();
    apr_pool_create(&pool, NULL);
    rs = lw_ruleset_create(pool);
    if (lw_ruleset_load(rs, argv[1], &err) != APR_SUCCESS
        || lw_ruleset_compile_engine(rs, pool, &blob, &blen, &e, &err)
           != APR_SUCCESS) {
        fprintf(stderr, "bench_prefilter: %s\n", err ? err : "?");
        return 2;
    }

    /* The automaton's literal set, as lw_engine_attach.c builds it. */
    pats = calloc(100000, sizeof(*pats));
    lens = calloc(100000, sizeof(*lens));
    ids = calloc(100000, sizeof(*ids));
    flags = calloc(100000, sizeof(*flags));
    for (i = 0; i < e->nrules; i++) {
        const lw_blob_rule_t *ru = &e->rules[i];
        apr_uint32_t j;
        if (ru->detector || ru->category == LW_CAT_LEAK)
            continue;
        for (j = ru->lit_first; j < ru->lit_first + ru->nlits && np < 100000; j++) {
            pats[np] = e->strs + e->lits[j].off;
            lens[np] = e->lits[j].len;
            ids[np] = (unsigned)i;
            flags[np] = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;
            np++;
        }
    }
    if (hs_compile_lit_multi(pats, flags, ids, lens, (unsigned)np,
                             HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
        fprintf(stderr, "bench_prefilter: vectorscan: %s\n", cerr->message);
        return 2;
    }
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
        return 2;
    hs_database_size(db, &dbsz);
    hs_scratch_size(scratch, &scsz);
    acsz = lw_ac_size(e->ac[F_BOTH]);
    printf("literals: %d (%d rules and detectors); automaton %zu bytes; vectorscan "
           "database %zu + scratch %zu bytes\n", np, e->nrules, acsz, dbsz,
           scsz);

    /* benign: NASA paths, popular User-Agents, Referers made of the paths;
     * attacks: the payload lists' lines (as decoded values) */
    memset(sets, 0, sizeof(sets));
    {
        size_t n;
        char *t, *line, *save;
        snprintf(path, sizeof(path), "%s/benign/nasa_jul95_first10k.log", argv[2]);
        t = slurp(path, &n);
        for (line = t ? strtok_r(t, "\n", &save) : NULL; line;
             line = strtok_r(NULL, "\n", &save)) {
            char *q = strchr(line, '"'), *a, *b;
            if (!q || !(a = strchr(q, ' ')) || !(b = strchr(a + 1, ' ')))
                continue;
            *b = '\0';
            add(&sets[0], a + 1, strlen(a + 1));
            {
                char *ref = malloc(strlen(a + 1) + 32);
                sprintf(ref, "http://ksc.nasa.gov%s", a + 1);
                add(&sets[0], ref, strlen(ref));
            }
        }
        snprintf(path, sizeof(path), "%s/benign/popular_user_agents.txt", argv[2]);
        t = slurp(path, &n);
        for (line = t ? strtok_r(t, "\n", &save) : NULL; line;
             line = strtok_r(NULL, "\n", &save))
            add(&sets[0], line, strlen(line));
    }
    {
        static const char *const lists[] = {
            "Command_Injection__command-execution-unix.txt",
            "Directory_Traversal__directory_traversal.txt",
            "File_Inclusion__JHADDIX_LFI.txt", "XSS_Injection__JHADDIX_XSS.txt",
            "SQL_Injection__FUZZDB_MySQL_ReadLocalFiles.txt" };
        size_t n;
        int k;
        for (k = 0; k < 5; k++) {
            char *t, *line, *save;
            snprintf(path, sizeof(path), "%s/payloads/patt/%s", argv[2], lists[k]);
            t = slurp(path, &n);
            for (line = t ? strtok_r(t, "\n", &save) : NULL; line;
                 line = strtok_r(NULL, "\n", &save))
                add(&sets[1], line, strlen(line));
        }
    }

    b1 = calloc((size_t)e->nwords, sizeof(word_t));
    b2 = calloc((size_t)e->nwords, sizeof(word_t));
    printf("%-8s %-11s %8s %8s %8s %8s %9s\n", "set", "matcher", "median",
           "p99", "p99.9", "worst", "MB/s");
    for (s = 0; s < 2; s++) {
        fields_t *f = &sets[s];
        double *tac = malloc(sizeof(double) * (size_t)f->n);
        double *ths = malloc(sizeof(double) * (size_t)f->n);
        double bytes = 0, sum_ac = 0, sum_hs = 0;
        int diffs = 0, m;
        hsctx_t ctx;
        ctx.bits = b2;
        for (i = 0; i < f->n; i++) {
            double best_ac = 1e18, best_hs = 1e18;
            bytes += (double)f->len[i];
            memset(b1, 0, sizeof(word_t) * (size_t)e->nwords);
            memset(b2, 0, sizeof(word_t) * (size_t)e->nwords);
            lw_ac_scan_bits(e->ac[F_BOTH], f->v[i], f->len[i], ~0u, b1);
            hs_scan(db, f->v[i], (unsigned)f->len[i], 0, scratch, on_match, &ctx);
            if (memcmp(b1, b2, sizeof(word_t) * (size_t)e->nwords) != 0) {
                if (diffs++ < 3)
                    fprintf(stderr, "differ on: %.80s\n", f->v[i]);
            }
            for (r = 0; r < rounds; r++) {
                double t0 = now_ns(), t1, t2;
                for (m = 0; m < reps; m++)
                    lw_ac_scan_bits(e->ac[F_BOTH], f->v[i], f->len[i], ~0u, b1);
                t1 = now_ns();
                for (m = 0; m < reps; m++)
                    hs_scan(db, f->v[i], (unsigned)f->len[i], 0, scratch,
                            on_match, &ctx);
                t2 = now_ns();
                if ((t1 - t0) / reps < best_ac)
                    best_ac = (t1 - t0) / reps;
                if ((t2 - t1) / reps < best_hs)
                    best_hs = (t2 - t1) / reps;
            }
            tac[i] = best_ac;
            ths[i] = best_hs;
            sum_ac += best_ac;
            sum_hs += best_hs;
        }
        qsort(tac, (size_t)f->n, sizeof(double), cmp_dbl);
        qsort(ths, (size_t)f->n, sizeof(double), cmp_dbl);
#define PCT(v, q) v[(int)((f->n - 1) * (q))]
        printf("%-8s %-11s %8.0f %8.0f %8.0f %8.0f %9.1f\n", set_names[s],
               "automaton", PCT(tac, 0.5), PCT(tac, 0.99), PCT(tac, 0.999),
               tac[f->n - 1], bytes / sum_ac * 1e3);
        printf("%-8s %-11s %8.0f %8.0f %8.0f %8.0f %9.1f\n", set_names[s],
               "vectorscan", PCT(ths, 0.5), PCT(ths, 0.99), PCT(ths, 0.999),
               ths[f->n - 1], bytes / sum_hs * 1e3);
        printf("%-8s %d fields, %.0f bytes; rules reported differently on %d\n",
               set_names[s], f->n, bytes, diffs);
        /* Cold: between two fields 1 MiB of other memory is written, as a
         * server child does between requests; the matcher's tables are
         * then partly out of the L1 and L2 caches. One scan per field,
         * the two matchers in turn. */
        {
            static char *junk;
            double cac = 0, chs = 0;
            if (!junk)
                junk = calloc(1, 1 << 20);
            for (i = 0; i < f->n; i++) {
                double t0, t1;
                memset(junk, i & 0xff, 1 << 20);
                t0 = now_ns();
                lw_ac_scan_bits(e->ac[F_BOTH], f->v[i], f->len[i], ~0u, b1);
                t1 = now_ns();
                tac[i] = t1 - t0;
                cac += t1 - t0;
                memset(junk, (i + 1) & 0xff, 1 << 20);
                t0 = now_ns();
                hs_scan(db, f->v[i], (unsigned)f->len[i], 0, scratch,
                        on_match, &ctx);
                t1 = now_ns();
                ths[i] = t1 - t0;
                chs += t1 - t0;
            }
            qsort(tac, (size_t)f->n, sizeof(double), cmp_dbl);
            qsort(ths, (size_t)f->n, sizeof(double), cmp_dbl);
            printf("%-8s %-11s %8.0f %8.0f %8.0f %8.0f %9.1f  (cold)\n",
                   set_names[s], "automaton", PCT(tac, 0.5), PCT(tac, 0.99),
                   PCT(tac, 0.999), tac[f->n - 1], bytes / cac * 1e3);
            printf("%-8s %-11s %8.0f %8.0f %8.0f %8.0f %9.1f  (cold)\n",
                   set_names[s], "vectorscan", PCT(ths, 0.5), PCT(ths, 0.99),
                   PCT(ths, 0.999), ths[f->n - 1], bytes / chs * 1e3);
        }
        free(tac);
        free(ths);
    }
    hs_free_scratch(scratch);
    hs_free_database(db);
    apr_terminate();
    return 0;
}
