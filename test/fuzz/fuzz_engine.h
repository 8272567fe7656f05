/* Shared by the harnesses that classify with the default signatures: the
 * set from $LW_FUZZ_SIGNATURES or the source tree, loaded, compiled and
 * attached once per process; aborts naming the harness when it does not. */
#ifndef FUZZ_ENGINE_H
#define FUZZ_ENGINE_H

#include "fuzz_common.h"
#include "lw_sig.h"
#include "lw_engine.h"
#include "lw_record.h"

#ifndef FUZZ_SIGNATURES
#define FUZZ_SIGNATURES "conf/signatures"
#endif

/* The engine lives as long as the process, and its PCRE2 codes (malloc)
 * are pointed to only from APR pool memory, which LeakSanitizer does not
 * scan (APR's allocator maps it): what it allocates is not a leak. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define FUZZ_LSAN_OFF() __lsan_disable()
#define FUZZ_LSAN_ON() __lsan_enable()
#endif
#endif
#ifndef FUZZ_LSAN_OFF
#define FUZZ_LSAN_OFF() ((void)0)
#define FUZZ_LSAN_ON() ((void)0)
#endif

/* APR, then the default signature set as an engine from fuzz_root. */
static inline lw_engine_t *fuzz_engine_load(const char *harness)
{
    const char *dir = getenv("LW_FUZZ_SIGNATURES");
    lw_ruleset_t *rs;
    lw_engine_t *engine = NULL;
    void *blob = NULL;
    apr_size_t len = 0;
    char *err = NULL;

    fuzz_apr_init();
    rs = lw_ruleset_create(fuzz_root);
    FUZZ_LSAN_OFF();
    if (lw_ruleset_load(rs, dir ? dir : FUZZ_SIGNATURES, &err) != APR_SUCCESS
        || lw_ruleset_compile(rs, fuzz_root, &blob, &len, &err) != APR_SUCCESS
        || lw_engine_create(&engine, blob, len, fuzz_root, &err)
           != APR_SUCCESS) {
        fprintf(stderr, "%s: signatures: %s\n", harness, err ? err : "?");
        abort();
    }
    FUZZ_LSAN_ON();
    return engine;
}

/* The record of req answered 200 with the classifier's result res, its
 * other fields fixed (a harness sets those it varies afterwards); a
 * record with no category of its own as a server error's. */
static inline void fuzz_record_of(lw_record_t *rec, const lw_request_t *req,
                                  const lw_result_t *res, apr_pool_t *p)
{
    lw_record_init(rec);
    rec->time = apr_time_now();
    rec->host = "fuzz";
    rec->vhost = "localhost";
    rec->port = 80;
    rec->client = "192.0.2.1";
    rec->method = req->method;
    rec->uri = req->uri;
    rec->protocol = req->protocol;
    rec->status = 200;
    rec->request_id = "fuzz";
    rec->verdict = lw_verdict(rec->status);
    lw_record_set_result(rec, res, p);
    if (rec->categories == 0)
        rec->categories = 1u << LW_CAT_SERVER_ERROR;
}

#endif
