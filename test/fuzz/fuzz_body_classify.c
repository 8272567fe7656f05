/* libFuzzer: request bodies through the classifier with the default
 * signatures, and the record written from the result. The input's first
 * byte picks the Content-Type (form, multipart with boundary "B", JSON,
 * XML, another type or none: read by its bytes) and the inspection
 * length; the rest is the body of a POST. Invariants: the result stays
 * within its bounds, a hit's field names where it was (a body location
 * whose kind is the one the body was read as, or one of the request's
 * own fields), and the JSON line parses
 * back with every rule. */
#include <limits.h>
#include <apr_strings.h>

#include "fuzz_engine.h"
#include "lw_body.h"

static lw_engine_t *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = fuzz_engine_load("fuzz_body_classify");
    return 0;
}

static const char *const types[6] = {
    "application/x-www-form-urlencoded", "multipart/form-data; boundary=B",
    "application/json", "application/soap+xml", "text/plain", ""
};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_request_t req;
    lw_limits_t lim;
    lw_result_t res;
    lw_record_t rec, back;
    const char *line, *err = NULL, *kname;
    apr_size_t len = 0;
    int flagged, i, t;

    if (size < 1)
        return 0;
    apr_pool_create(&p, fuzz_root);
    t = (data[0] & 0x7f) % 6;
    kname = lw_body_kind_name(lw_body_kind_of(types[t],
                                              (const char *)data + 1,
                                              size - 1));
    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.uri = "/app/login.php";
    req.protocol = "HTTP/1.1";
    /* an exact-size copy: ASan sees any read past the body */
    req.body = size > 1 ? apr_pmemdup(p, data + 1, size - 1) : NULL;
    req.body_len = size - 1;
    req.body_type = types[t];
    lw_limits_default(&lim);
    if (data[0] & 0x80)
        lim.max_inspect = 64;
    flagged = lw_classify(engine, &req, &lim, p, &res);
    FUZZ_ASSERT(flagged == 0 || flagged == 1);
    FUZZ_ASSERT(res.nhits >= 0 && res.nhits <= LW_MAX_HITS);
    for (i = 0; i < res.nhits; i++) {
        const char *f = res.hits[i].field;
        FUZZ_ASSERT(f != NULL && res.hits[i].excerpt_len <= LW_MAX_EXCERPT);
        if (strncmp(f, "body", 4) == 0) {
            const char *k = strchr(f, ':');
            FUZZ_ASSERT(kname != NULL && k != NULL);
            FUZZ_ASSERT(strncmp(k + 1, kname, strlen(kname)) == 0);
        }
    }
    if (flagged)
        FUZZ_ASSERT(res.score >= lim.min_score || res.limit_hit);

    fuzz_record_of(&rec, &req, &res, p);
    line = lw_record_json(p, &rec, PIPE_BUF, &len);
    FUZZ_ASSERT(line != NULL && len > 0 && len <= PIPE_BUF);
    for (i = 0; i + 1 < (int)len; i++)
        FUZZ_ASSERT((unsigned char)line[i] >= 0x20
                    && (unsigned char)line[i] < 0x7f);
    if (lw_record_parse(p, line, len - 1, &back, &err) != APR_SUCCESS) {
        fprintf(stderr, "record does not parse back (%s): %.*s\n", err,
                (int)len, line);
        abort();
    }
    FUZZ_ASSERT(back.nrules == rec.nrules);
    apr_pool_destroy(p);
    return 0;
}
