/* bench_engine: the classifier in-process, on the benign corpus as the live
 * module sees it (NASA request lines with popular User-Agents and, on every
 * other request, a Referer), on the attack payload lists (each URL-encoded
 * into ?id=) and on a set of pathological inputs. Prints the median, p99,
 * p99.9 and worst nanoseconds per request, each request's time being the
 * median of its times over the rounds (the machine is shared and noisy);
 * also the per-round figures (raw), medians over the rounds. The few
 * pathological inputs get three times as many rounds.
 *
 *   bench_engine [--signatures PATH] [--corpus DIR] [--rounds N]
 *                [--set benign|bare|attacks|patho|all] [--limit N] [--tsv]
 *                [--slowest N [--save FILE]] [--requests FILE]
 *
 * --limit N classifies only the first N requests of each set, once (for
 * callgrind: `valgrind --tool=callgrind --toggle-collect=bench_classify`).
 * --tsv prints "set<TAB>stat<TAB>value" lines for the scripts.
 * --slowest N prints each set's N slowest requests (ns, score, rules
 * matched, whether the engine stopped early, the request) to stderr: what
 * the tail is made of; with --save, also appends them to FILE as
 * "set<TAB>method<TAB>target<TAB>User-Agent<TAB>Referer" lines.
 * --requests FILE classifies the requests of such a file (set "file"):
 * with --limit and `valgrind --tool=callgrind --dump-after=bench_classify`
 * each request's instructions, e.g. those of a set's slowest ones. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#include "lw.h"
#include "lw_engine.h"
#include "lw_sig.h"

typedef struct {
    const char *name;          /* pathological inputs: what it is */
    lw_request_t req;
    lw_header_t h[2];
} breq_t;

typedef struct {
    breq_t *v;
    int n, cap;
} set_t;

static breq_t *push(set_t *s)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->v = realloc(s->v, sizeof(*s->v) * (size_t)s->cap);
        if (!s->v) {
            perror("bench_engine");
            exit(1);
        }
    }
    memset(&s->v[s->n], 0, sizeof(s->v[0]));
    return &s->v[s->n++];
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) {
        perror("bench_engine");
        exit(1);
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char **read_lines(const char *path, int *n)
{
    FILE *f = fopen(path, "rb");
    char **v = NULL, buf[65536];
    int cap = 0;

    *n = 0;
    if (!f)
        return NULL;
    while (fgets(buf, sizeof(buf), f)) {
        size_t len = strlen(buf);
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 1024;
            v = realloc(v, sizeof(*v) * (size_t)cap);
            if (!v) {
                perror("bench_engine");
                exit(1);
            }
        }
        v[(*n)++] = xstrndup(buf, len);
    }
    fclose(f);
    return v;
}

static void set_headers(breq_t *b, const char *ua, const char *ref)
{
    int n = 0;
    if (ua) {
        b->h[n].name = "User-Agent";
        b->h[n++].value = ua;
    }
    if (ref) {
        b->h[n].name = "Referer";
        b->h[n++].value = ref;
    }
    b->req.headers = b->h;
    b->req.nheaders = n;
}

/* NASA request lines "METHOD TARGET HTTP/x" (as the integration harness
 * takes them); with_headers: a User-Agent on each, and on every other one
 * a Referer naming the previous page, as a browser sends. */
static void load_benign(set_t *s, const char *corpus, char **uas, int nua,
                        int with_headers)
{
    char path[4096];
    char **lines;
    int n, i, k = 0;
    const char *prev = NULL;

    snprintf(path, sizeof(path), "%s/benign/nasa_jul95_first10k.log", corpus);
    lines = read_lines(path, &n);
    if (!lines) {
        fprintf(stderr, "bench_engine: cannot read %s\n", path);
        exit(2);
    }
    for (i = 0; i < n; i++) {
        char *q1 = strchr(lines[i], '"'), *q2, *sp1, *sp2;
        breq_t *b;
        if (!q1 || !(q2 = strchr(q1 + 1, '"')))
            continue;
        *q2 = '\0';
        q1++;
        if (!(sp1 = strchr(q1, ' ')) || !(sp2 = strchr(sp1 + 1, ' '))
            || strchr(sp2 + 1, ' ') || strncmp(sp2 + 1, "HTTP/", 5) != 0
            || sp1[1] != '/')
            continue;
        b = push(s);
        b->req.method = xstrndup(q1, (size_t)(sp1 - q1));
        b->req.uri = xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
        b->req.protocol = xstrndup(sp2 + 1, strlen(sp2 + 1));
        if (with_headers) {
            const char *ref = NULL;
            if (prev && (k & 1)) {
                size_t L = strlen(prev) + 32;
                char *r = malloc(L);
                snprintf(r, L, "http://ksc.nasa.gov%s", prev);
                ref = r;
            }
            set_headers(b, uas[k % nua], ref);
            k++;
        }
        prev = b->req.uri;
    }
}

static char *url_encode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s), j = 0;
    char *d = malloc(3 * n + 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
            || c == '~')
            d[j++] = (char)c;
        else {
            d[j++] = '%';
            d[j++] = hex[c >> 4];
            d[j++] = hex[c & 15];
        }
    }
    d[j] = '\0';
    return d;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every payload list (payloads/patt, payloads/fuzzdb), one request per
 * line: GET /index.php?id=<payload URL-encoded> with a browser UA. */
static void load_attacks(set_t *s, const char *corpus, char **uas, int nua)
{
    static const char *const dirs[] = { "patt", "fuzzdb" };
    int d, k = 0;

    for (d = 0; d < 2; d++) {
        char dir[4096], *names[512];
        int nn = 0, f;
        DIR *dh;
        struct dirent *de;
        snprintf(dir, sizeof(dir), "%s/payloads/%s", corpus, dirs[d]);
        if (!(dh = opendir(dir)))
            continue;
        while ((de = readdir(dh)) && nn < 512)
            if (strstr(de->d_name, "__"))
                names[nn++] = strdup(de->d_name);
        closedir(dh);
        qsort(names, (size_t)nn, sizeof(*names), cmp_name);
        for (f = 0; f < nn; f++) {
            char path[8192], **lines;
            int n, i;
            snprintf(path, sizeof(path), "%s/%s", dir, names[f]);
            lines = read_lines(path, &n);
            for (i = 0; i < n; i++) {
                char *enc = url_encode(lines[i]);
                breq_t *b = push(s);
                size_t L = strlen(enc) + 16;
                char *u = malloc(L);
                snprintf(u, L, "/index.php?id=%s", enc);
                free(enc);
                b->req.method = "GET";
                b->req.uri = u;
                b->req.protocol = "HTTP/1.1";
                set_headers(b, uas[k++ % nua], NULL);
            }
        }
    }
}

static char *repeat(const char *prefix, const char *unit, size_t total,
                    const char *suffix)
{
    size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix), j;
    char *d = malloc(pl + total + ul + sl + 1);
    memcpy(d, prefix, pl);
    for (j = pl; j < pl + total; j += ul)
        memcpy(d + j, unit, ul);
    memcpy(d + j, suffix, sl + 1);
    return d;
}

static void patho(set_t *s, const char *name, const char *uri,
                  const char *ua, const char *ref)
{
    breq_t *b = push(s);
    b->name = name;
    b->req.method = "GET";
    b->req.uri = uri;
    b->req.protocol = "HTTP/1.1";
    set_headers(b, ua, ref);
}

#define K8 8192

/* Long parameters, deep encodings, regex-hostile strings; each also sent
 * where rules on headers see it. */
static void load_patho(set_t *s)
{
    const char *ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    char *p;

    patho(s, "8K '<a' in q", repeat("/s?q=", "<a", K8, ""), ua, NULL);
    patho(s, "8K '<' in q", repeat("/s?q=", "<", K8, ""), ua, NULL);
    patho(s, "8K '<a' in UA+Referer", "/", repeat("", "<a", K8, ""),
          repeat("http://x/?", "<a", K8, ""));
    patho(s, "8K '<a on' in q", repeat("/s?q=", "<a on", K8, ""), ua, NULL);
    patho(s, "8K \"' or '\" in q", repeat("/s?q=", "' or '", K8, ""), ua, NULL);
    patho(s, "8K %27+or+%27 in q", repeat("/s?q=", "%27+or+%27", K8, ""), ua, NULL);
    patho(s, "nested %25 x2700 then 27", repeat("/s?q=", "%25", K8, "27"), ua, NULL);
    patho(s, "8K ..%252f in path", repeat("/", "..%252f", K8, "etc/passwd"), ua, NULL);
    patho(s, "8K ../ in q", repeat("/s?f=", "../", K8, "etc/passwd"), ua, NULL);
    patho(s, "10,000 parameters", repeat("/s?", "a=1&", 40000, "z=2"), ua, NULL);
    patho(s, "10,000 empty params", repeat("/s?", "&", 10000, ""), ua, NULL);
    patho(s, "8K 'A' parameter", repeat("/s?x=", "A", K8, ""), ua, NULL);
    patho(s, "8K ';' in q", repeat("/s?c=", ";", K8, ""), ua, NULL);
    patho(s, "8K '; ' in q", repeat("/s?c=", "; ", K8, ""), ua, NULL);
    patho(s, "8K '|' in q", repeat("/s?c=", "|", K8, ""), ua, NULL);
    patho(s, "8K ';id' in q", repeat("/s?c=", ";i", K8, ""), ua, NULL);
    patho(s, "8K '&&' in q", repeat("/s?c=", "%26%26", K8, ""), ua, NULL);
    patho(s, "8K '..' in q", repeat("/s?c=", "..", K8, ""), ua, NULL);
    patho(s, "8K '.%u' in q", repeat("/s?c=", "..%u", K8, ""), ua, NULL);
    patho(s, "8K \"'\" in q", repeat("/s?c=", "'", K8, ""), ua, NULL);
    patho(s, "8K \"' \" in q", repeat("/s?c=", "%27%20", K8, ""), ua, NULL);
    patho(s, "8K 'union ' in q", repeat("/s?c=", "union+", K8, ""), ua, NULL);
    patho(s, "8K 'select(' in q", repeat("/s?c=", "select(", K8, ""), ua, NULL);
    patho(s, "8K '/**/' in q", repeat("/s?c=", "/**/", K8, ""), ua, NULL);
    patho(s, "8K '/*' in q", repeat("/s?c=", "/*", K8, ""), ua, NULL);
    patho(s, "8K '&#x3c;' in q", repeat("/s?c=", "%26%23x3c;", K8, ""), ua, NULL);
    patho(s, "8K '%u003c' in q", repeat("/s?c=", "%u003c", K8, ""), ua, NULL);
    patho(s, "8K '${jndi:' in q", repeat("/s?c=", "${jndi:", K8, ""), ua, NULL);
    patho(s, "8K '${' in UA", "/", repeat("", "${", K8, ""), NULL);
    patho(s, "8K '() {' in UA", "/", repeat("", "() {", K8, ""), NULL);
    patho(s, "8K '(;' in UA", "/", repeat("", "(;", K8, ""), NULL);
    patho(s, "8K 'mozilla' in UA", "/", repeat("", "mozilla ", K8, ""), NULL);
    patho(s, "8K 'on' in UA", "/", repeat("", "<x on", K8, ""), NULL);
    patho(s, "8K 'http://' in q", repeat("/s?u=", "http://", K8, ""), ua, NULL);
    patho(s, "8K '=' in q", repeat("/s?u=", "=", K8, ""), ua, NULL);
    patho(s, "8K 'java' in q", repeat("/s?u=", "javascript:", K8, ""), ua, NULL);
    patho(s, "8K 'or 1=1 ' in q", repeat("/s?u=", "or+1=1+", K8, ""), ua, NULL);
    patho(s, "8K '\\' in q", repeat("/s?u=", "%5c", K8, ""), ua, NULL);
    patho(s, "8K '%00' in q", repeat("/s?u=", "%00", K8, ""), ua, NULL);
    patho(s, "8K '%c0%ae' in path", repeat("/", "%c0%ae", K8, ""), ua, NULL);
    patho(s, "8K '//' in path", repeat("/", "/", K8, "x"), ua, NULL);
    patho(s, "8K '/./' in path", repeat("/", "./", K8, "x"), ua, NULL);
    patho(s, "8K '<!--' in q", repeat("/s?u=", "<!--", K8, ""), ua, NULL);
    patho(s, "8K '<s' tag prefix", repeat("/s?u=", "<s ", K8, ""), ua, NULL);
    patho(s, "8K '\"' in q", repeat("/s?u=", "%22", K8, ""), ua, NULL);
    patho(s, "8K 'a' Cookie", "/", ua, NULL);
    /* A cookie header too: made by hand, push() returns a fresh slot. */
    p = repeat("a=", "b; a=", K8, "");
    s->v[s->n - 1].h[1].name = "Cookie";
    s->v[s->n - 1].h[1].value = p;
    s->v[s->n - 1].req.nheaders = 2;
    patho(s, "8K 'sleep(' in q", repeat("/s?u=", "sleep(", K8, ""), ua, NULL);
    /* Short tags with event handlers wake most XSS rules at every step. */
    patho(s, "8K '<x onx=' in q", repeat("/s?u=", "%3Cx+onx%3D", K8, ""), ua, NULL);
    patho(s, "8K '<x onx=' in UA", "/", repeat("", "<x onx=", K8, ""), NULL);
    patho(s, "8K '<x onx=' UA+Referer", "/", repeat("", "<x onx=", K8, ""),
          repeat("http://x/?", "<x onx=", K8, ""));
    /* Rule-waking tokens between runs of letters, in every header. */
    p = repeat("", "union select sleep load_file script document. ${ <? {{ .. | aaaaaaaa ",
               K8, "");
    patho(s, "8K wake-all tokens UA+Referer", "/", p, p);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *sorted, int n, double q)
{
    int i = (int)(q * (n - 1) + 0.5);
    return sorted[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_dbl);
    return n ? v[n / 2] : 0;
}

/* The cost of the two clock reads around a call, subtracted from each
 * time (the median of many empty timings). */
static double timer_overhead(void)
{
    double v[1001];
    int i;
    for (i = 0; i < 1001; i++) {
        double a = now_ns();
        v[i] = now_ns() - a;
    }
    return median_of(v, 1001);
}

/* One request, the unit callgrind counts (--toggle-collect=bench_classify):
 * lw_classify alone would also count the examples every rule checks while
 * the signatures compile, about a third of the total with --limit 2000. */
__attribute__((noinline))
static int bench_classify(const lw_engine_t *e, const lw_request_t *req,
                          const lw_limits_t *lim, apr_pool_t *p,
                          lw_result_t *res)
{
    return lw_classify(e, req, lim, p, res);
}

/* Every request once per round (a warm-up pass first). Two views:
 *  - per input, the median of its times over the rounds, then percentiles
 *    over the inputs ("median p99 p99.9 worst"): a request preempted in one
 *    round does not count as slow, one slow in most rounds does;
 *  - per round, the percentiles over that round's times, then the median
 *    over the rounds ("raw_p99.9 raw_worst"): includes what the machine
 *    did to us (interrupts, other jobs).
 * t[r * n + i]: request i, round r. */
static int slowest;          /* --slowest N */
static const char *save_path;  /* --save FILE */

/* The result's stopped flag, in a harness also built with older cores. */
#ifdef LW_DEFAULT_WORK_BUDGET
#define STOPPED(r) ((r)->stopped)
#else
#define STOPPED(r) 0
#endif

static int has_sep(const char *s)
{
    return s && (strchr(s, '\t') || strchr(s, '\n'));
}

static void save_request(const char *label, const breq_t *b)
{
    const char *ua = "", *ref = "";
    FILE *f;
    int i;

    for (i = 0; i < b->req.nheaders; i++) {
        if (!strcmp(b->req.headers[i].name, "User-Agent"))
            ua = b->req.headers[i].value;
        else if (!strcmp(b->req.headers[i].name, "Referer"))
            ref = b->req.headers[i].value;
    }
    if (has_sep(b->req.method) || has_sep(b->req.uri) || has_sep(ua)
        || has_sep(ref) || !(f = fopen(save_path, "a")))
        return;
    fprintf(f, "%s\t%s\t%s\t%s\t%s\n", label, b->req.method, b->req.uri,
            ua, ref);
    fclose(f);
}

/* The requests of a --save file. */
static void load_requests(set_t *s, const char *path)
{
    int n, i;
    char **lines = read_lines(path, &n);

    for (i = 0; lines && i < n; i++) {
        char *f[5], *p = lines[i];
        int k;
        breq_t *b;
        for (k = 0; k < 5 && p; k++) {
            f[k] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (k < 5)
            continue;
        b = push(s);
        b->req.method = f[1];
        b->req.uri = f[2];
        b->req.protocol = "HTTP/1.1";
        set_headers(b, *f[3] ? f[3] : NULL, *f[4] ? f[4] : NULL);
    }
}

static int cmp_idx(const void *a, const void *b, void *per)
{
    double x = ((const double *)per)[*(const int *)a];
    double y = ((const double *)per)[*(const int *)b];
    return x > y ? -1 : x < y;
}

/* The n slowest requests of the set, with what the engine made of them. */
static void print_slowest(const char *label, set_t *s, const lw_engine_t *e,
                          const double *per, int n, apr_pool_t *p)
{
    int *idx = malloc(sizeof(int) * (size_t)n), i, k = slowest;
    lw_limits_t lim;
    lw_result_t res;

    if (!idx)
        return;
    lw_limits_default(&lim);
    for (i = 0; i < n; i++)
        idx[i] = i;
    qsort_r(idx, (size_t)n, sizeof(int), cmp_idx, (void *)per);
    if (k > n)
        k = n;
    for (i = 0; i < k; i++) {
        const breq_t *b = &s->v[idx[i]];
        const char *ua = b->req.nheaders ? b->req.headers[0].value : "";
        lw_classify(e, &b->req, &lim, p, &res);
        fprintf(stderr, "%s slow %3d %9.0f ns score %3d sev %d hits %2d "
                "stop %d %s%.90s ua %.20s\n", label, i + 1, per[idx[i]],
                res.score, res.severity, res.nhits, STOPPED(&res),
                b->name ? b->name : "", b->name ? "" : b->req.uri, ua);
        apr_pool_clear(p);
        if (save_path)
            save_request(label, b);
    }
    free(idx);
}

static void run_set(const char *label, set_t *s, const lw_engine_t *e,
                    int rounds, int limit, int tsv, apr_pool_t *p,
                    double ovh)
{
    lw_limits_t lim;
    lw_result_t res;
    int n = limit > 0 && limit < s->n ? limit : s->n, r, i, worst_i = 0;
    double *t, *tmp, *per, raw999[64], rawmax[64], st[6], sum = 0;
    double flagged = 0;
    size_t nn;
    static const char *const names[6] = { "median", "p99", "p99.9", "worst",
                                          "mean", "raw_p99.9" };

    lw_limits_default(&lim);
    if (n <= 0)
        return;
    if (rounds > 64)
        rounds = 64;
    for (i = 0; i < n; i++)     /* the vector moved while it grew */
        s->v[i].req.headers = s->v[i].h;
    nn = (size_t)n;
    t = malloc(sizeof(double) * nn * (size_t)rounds);
    tmp = malloc(sizeof(double) * (nn > 64 ? nn : 64));
    per = malloc(sizeof(double) * nn);
    if (!t || !tmp || !per) {
        perror("bench_engine");
        exit(1);
    }
    /* A warm-up pass, which also counts the flagged requests; with --limit
     * (callgrind) the one timed pass does both. */
    for (i = 0; i < n && limit <= 0; i++) {
        flagged += lw_classify(e, &s->v[i].req, &lim, p, &res);
        apr_pool_clear(p);
    }
    for (r = 0; r < rounds; r++) {
        for (i = 0; i < n; i++) {
            double a = now_ns(), b;
            int fl = bench_classify(e, &s->v[i].req, &lim, p, &res);
            b = now_ns();
            if (limit > 0)
                flagged += fl;
            b = b - a - ovh;
            t[(size_t)r * (size_t)n + (size_t)i] = b > 0 ? b : 0;
            apr_pool_clear(p);
        }
        for (i = 0; i < n; i++)
            tmp[i] = t[(size_t)r * (size_t)n + (size_t)i];
        qsort(tmp, (size_t)n, sizeof(*tmp), cmp_dbl);
        raw999[r] = pct(tmp, n, 0.999);
        rawmax[r] = tmp[n - 1];
    }
    for (i = 0; i < n; i++) {
        for (r = 0; r < rounds; r++)
            tmp[r] = t[(size_t)r * (size_t)n + (size_t)i];
        per[i] = median_of(tmp, rounds);
        sum += per[i];
        if (per[i] > per[worst_i])
            worst_i = i;
    }
    memcpy(tmp, per, sizeof(double) * (size_t)n);
    qsort(tmp, (size_t)n, sizeof(*tmp), cmp_dbl);
    st[0] = pct(tmp, n, 0.5);
    st[1] = pct(tmp, n, 0.99);
    st[2] = pct(tmp, n, 0.999);
    st[3] = tmp[n - 1];
    st[4] = sum / n;
    st[5] = median_of(raw999, rounds);
    if (tsv) {
        for (i = 0; i < 6; i++)
            printf("%s\t%s\t%.0f\n", label, names[i], st[i]);
        printf("%s\traw_worst\t%.0f\n", label, median_of(rawmax, rounds));
        printf("%s\tn\t%d\n", label, n);
        printf("%s\tflagged\t%.0f\n", label, flagged);
    } else {
        printf("%-8s n=%-6d flagged=%-6.0f median %7.0f  p99 %8.0f  "
               "p99.9 %8.0f  worst %8.0f  mean %7.0f ns"
               "  (raw p99.9 %.0f, raw worst %.0f)\n", label, n, flagged,
               st[0], st[1], st[2], st[3], st[4], st[5],
               median_of(rawmax, rounds));
        printf("%-8s slowest: %s%.100s\n", label,
               s->v[worst_i].name ? s->v[worst_i].name : "",
               s->v[worst_i].name ? "" : s->v[worst_i].req.uri);
    }
    if (slowest > 0)
        print_slowest(label, s, e, per, n, p);
    if (strcmp(label, "patho") == 0)
        for (i = 0; i < n; i++) {
            if (tsv)
                printf("patho_input\t%s\t%.0f\n", s->v[i].name, per[i]);
            else
                printf("  %-28s %10.0f ns\n", s->v[i].name, per[i]);
        }
    free(t);
    free(tmp);
    free(per);
}

int main(int argc, char **argv)
{
    const char *sigs = NULL, *corpus = NULL, *which = "all", *requests = NULL;
    int rounds = 7, limit = 0, tsv = 0, i, nua;
    double ovh;
    apr_pool_t *pool, *rp;
    lw_ruleset_t *rs;
    lw_engine_t *e;
    void *blob;
    apr_size_t len;
    char *err = NULL, path[4096], **uas;
    set_t benign = { 0 }, bare = { 0 }, attacks = { 0 }, pat = { 0 },
          file = { 0 };

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--signatures") && i + 1 < argc)
            sigs = argv[++i];
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            corpus = argv[++i];
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--set") && i + 1 < argc)
            which = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--tsv"))
            tsv = 1;
        else if (!strcmp(argv[i], "--slowest") && i + 1 < argc)
            slowest = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--save") && i + 1 < argc)
            save_path = argv[++i];
        else if (!strcmp(argv[i], "--requests") && i + 1 < argc) {
            requests = argv[++i];
            which = "file";
        }
        else {
            fprintf(stderr, "usage: bench_engine [--signatures PATH] "
                    "[--corpus DIR] [--rounds N] [--set benign|bare|attacks|"
                    "patho|all] [--limit N] [--tsv] [--slowest N [--save "
                    "FILE]] [--requests FILE]\n");
            return 2;
        }
    }
    if (rounds < 1)
        rounds = 1;
    if (limit > 0)
        rounds = 1;
    if (!sigs)
        sigs = getenv("LW_SIGNATURES");
    if (!corpus)
        corpus = getenv("LW_CORPUS");
    if (!sigs || !corpus) {
        fprintf(stderr, "bench_engine: --signatures and --corpus are needed "
                "(or LW_SIGNATURES, LW_CORPUS)\n");
        return 2;
    }
    apr_app_initialize(&argc, (const char *const **)&argv, NULL);
    apr_pool_create(&pool, NULL);
    apr_pool_create(&rp, pool);
    rs = lw_ruleset_create(pool);
    if (lw_ruleset_load(rs, sigs, &err) != APR_SUCCESS
        || lw_ruleset_compile(rs, pool, &blob, &len, &err) != APR_SUCCESS
        || lw_engine_create(&e, blob, len, pool, &err) != APR_SUCCESS) {
        fprintf(stderr, "bench_engine: %s\n", err ? err : "?");
        return 1;
    }
    snprintf(path, sizeof(path), "%s/benign/popular_user_agents.txt", corpus);
    uas = read_lines(path, &nua);
    if (!uas || !nua) {
        fprintf(stderr, "bench_engine: cannot read %s\n", path);
        return 2;
    }
    ovh = limit > 0 ? 0 : timer_overhead();
    if (tsv)
        printf("all\ttimer_ns\t%.0f\n", ovh);
    else
        printf("%d rules, %d rounds, timer overhead %.0f ns subtracted\n",
               lw_engine_rule_count(e), rounds, ovh);
    if (!strcmp(which, "all") || !strcmp(which, "benign")) {
        load_benign(&benign, corpus, uas, nua, 1);
        run_set("benign", &benign, e, rounds, limit, tsv, rp, ovh);
    }
    if (!strcmp(which, "all") || !strcmp(which, "bare")) {
        load_benign(&bare, corpus, uas, nua, 0);
        run_set("bare", &bare, e, rounds, limit, tsv, rp, ovh);
    }
    if (!strcmp(which, "all") || !strcmp(which, "attacks")) {
        load_attacks(&attacks, corpus, uas, nua);
        run_set("attacks", &attacks, e, rounds, limit, tsv, rp, ovh);
    }
    if (requests) {
        load_requests(&file, requests);
        run_set("file", &file, e, rounds, limit, tsv, rp, ovh);
    }
    if (!strcmp(which, "all") || !strcmp(which, "patho")) {
        load_patho(&pat);
        run_set("patho", &pat, e, limit > 0 ? 1 : 3 * rounds, limit, tsv, rp,
                ovh);
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return 0;
}
