/* libFuzzer: the signature-file parser and compiler (lw_ruleset_load,
 * lw_ruleset_compile). The input is written to a private file in /dev/shm
 * and loaded as a rules file, and as a word table of each detector (with
 * a detector rule of each that must then attach); when it compiles, an
 * engine is attached to the blob and one request classified. Invariants:
 * no crash, an error always names the file and line, a success gives a
 * usable engine. */
#include <unistd.h>
#include <apr_strings.h>

#include "fuzz_common.h"
#include "lw_sig.h"
#include "lw_engine.h"
#include "lw_detect.h"

static char path[64], wpath[LW_DET__COUNT][64], rpath[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    snprintf(path, sizeof(path), "/dev/shm/lwfuzz-sig-%ld.rules",
             (long)getpid());
    {
        int d;
        for (d = 0; d < LW_DET__COUNT; d++)
            snprintf(wpath[d], sizeof(wpath[d]),
                     "/dev/shm/lwfuzz-sig-%ld.%s.words", (long)getpid(),
                     lw_detector_name(d));
    }
    snprintf(rpath, sizeof(rpath), "/dev/shm/lwfuzz-sig-%ld-w.rules",
             (long)getpid());
    return 0;
}

/* The input as the file at path (truncated first). */
static void put_file(const char *path, const unsigned char *data,
                     size_t size)
{
    FILE *f = fopen(path, "wb");

    if (f == NULL)
        abort();
    if (size > 0 && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
}

/* One GET of uri classified by e: no crash. */
static void classify_get(lw_engine_t *e, const char *uri, apr_pool_t *p)
{
    lw_request_t req;
    lw_limits_t lim;
    lw_result_t res;

    memset(&req, 0, sizeof(req));
    req.method = "GET";
    req.uri = uri;
    req.protocol = "HTTP/1.1";
    lw_limits_default(&lim);
    lw_classify(e, &req, &lim, p, &res);
}

/* The input as each detector's word table: loads or fails with
 * "FILE:LINE: reason"; a table that loads serialises and attaches. */
static void fuzz_words(const unsigned char *data, size_t size)
{
    int d;
    for (d = 0; d < LW_DET__COUNT; d++) {
        apr_pool_t *p;
        lw_ruleset_t *rs;
        lw_engine_t *e = NULL;
        void *blob = NULL;
        apr_size_t len = 0;
        char *err = NULL;
        FILE *f;

        put_file(wpath[d], data, size);
        apr_pool_create(&p, fuzz_root);
        rs = lw_ruleset_create(p);
        if (lw_ruleset_load(rs, wpath[d], &err) != APR_SUCCESS) {
            FUZZ_ASSERT(err != NULL
                        && strncmp(err, wpath[d], strlen(wpath[d])) == 0
                        && err[strlen(wpath[d])] == ':');
            apr_pool_destroy(p);
            continue;
        }
        FUZZ_ASSERT(lw_ruleset_count(rs) == 0);
        /* A rules file whose only rule uses no word: compiles. */
        f = fopen(rpath, "wb");
        if (f == NULL || fputs("rule 1\n category probe\n severity low\n"
                               " msg m\n target args\n literal zz\n"
                               " pattern zz\n match /?a=zz\n nomatch /?a=z\n",
                               f) < 0)
            abort();
        fclose(f);
        if (lw_ruleset_load(rs, rpath, &err) != APR_SUCCESS
            || lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS
            || lw_engine_create(&e, blob, len, p, &err) != APR_SUCCESS) {
            fprintf(stderr, "a word table that loads does not attach: %s\n",
                    err ? err : "?");
            abort();
        }
        classify_get(e, "/index.php?id=1'%20or%201=1--&q=<script>;a=$(id)",
                     p);
        {
            /* The detector with the table rebuilt from the blob. */
            static const char v[] = "1' or sleep(1)--;cat /etc/passwd"
                                    "<svg onload=alert(1)>";
            lw_detect_out_t out;
            int rc = lw_detector(d)->fn(lw_engine_words(e, d), v,
                                        sizeof(v) - 1, &out);
            FUZZ_ASSERT(rc >= LW_DETECT_NONE && rc <= LW_DETECT_STRONG);
        }
        apr_pool_destroy(p);
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_ruleset_t *rs;
    lw_engine_t *e = NULL;
    void *blob = NULL;
    apr_size_t len = 0;
    char *err = NULL;

    put_file(path, data, size);
    apr_pool_create(&p, fuzz_root);
    rs = lw_ruleset_create(p);
    if (lw_ruleset_load(rs, path, &err) != APR_SUCCESS) {
        FUZZ_ASSERT(err != NULL && strncmp(err, path, strlen(path)) == 0);
    }
    else if (lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS) {
        FUZZ_ASSERT(err != NULL);
    }
    else if (lw_ruleset_count(rs) > 0) {
        FUZZ_ASSERT(blob != NULL && len > 0);
        if (lw_engine_create(&e, blob, len, p, &err) != APR_SUCCESS) {
            fprintf(stderr, "compiled set does not attach: %s\n", err);
            abort();
        }
        FUZZ_ASSERT(lw_engine_rule_count(e) == lw_ruleset_count(rs));
        classify_get(e, "/index.php?id=1'%20or%201=1--&q=<script>", p);
    }
    apr_pool_destroy(p);
    fuzz_words(data, size);
    return 0;
}

/* libFuzzer calls no destructor hook; remove the file at exit. */
static void cleanup(void) __attribute__((destructor));
static void cleanup(void)
{
    int d;
    if (path[0])
        unlink(path);
    if (rpath[0])
        unlink(rpath);
    for (d = 0; d < LW_DET__COUNT; d++)
        if (wpath[d][0])
            unlink(wpath[d]);
}
