/* libFuzzer: the signature-file parser and compiler (lw_ruleset_load,
 * lw_ruleset_compile). The input is written to a private file in /dev/shm
 * and loaded as a rules file; when it compiles, an engine is attached to
 * the blob and one request classified. Invariants: no crash, an error
 * always names the file and line, a success gives a usable engine. */
#include <unistd.h>
#include <apr_strings.h>

#include "fuzz_common.h"
#include "lw_sig.h"
#include "lw_engine.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    snprintf(path, sizeof(path), "/dev/shm/lwfuzz-sig-%ld.rules",
             (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_ruleset_t *rs;
    lw_engine_t *e = NULL;
    lw_request_t req;
    lw_limits_t lim;
    lw_result_t res;
    void *blob = NULL;
    apr_size_t len = 0;
    char *err = NULL;
    FILE *f = fopen(path, "wb");

    if (f == NULL)
        abort();
    if (size > 0 && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
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
        memset(&req, 0, sizeof(req));
        req.method = "GET";
        req.uri = "/index.php?id=1'%20or%201=1--&q=<script>";
        req.protocol = "HTTP/1.1";
        lw_limits_default(&lim);
        lw_classify(e, &req, &lim, p, &res);
    }
    apr_pool_destroy(p);
    return 0;
}

/* libFuzzer calls no destructor hook; remove the file at exit. */
static void cleanup(void) __attribute__((destructor));
static void cleanup(void)
{
    if (path[0])
        unlink(path);
}
