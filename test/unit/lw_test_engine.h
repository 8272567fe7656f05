/* Shared by the unit tests that classify with the shipped signatures. */
#ifndef LW_TEST_ENGINE_H
#define LW_TEST_ENGINE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <apr_strings.h>

#include "lw_test.h"
#include "lw_sig.h"
#include "lw_engine.h"

/* The shipped set (conf/signatures of the source tree) loaded, compiled
 * and attached as an engine from p; NULL, the reason on stderr, when it
 * does not. */
static inline lw_engine_t *lw_test_shipped_engine(apr_pool_t *p)
{
    const char *sigs = apr_pstrcat(p, lw_test_srcdir(), "/conf/signatures",
                                   NULL);
    lw_ruleset_t *rs = lw_ruleset_create(p);
    lw_engine_t *e = NULL;
    void *blob;
    apr_size_t len;
    char *err = NULL;

    if (lw_ruleset_load(rs, sigs, &err) != APR_SUCCESS
        || lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS
        || lw_engine_create(&e, blob, len, p, &err) != APR_SUCCESS) {
        fprintf(stderr, "%s: %s\n", sigs, err ? err : "?");
        return NULL;
    }
    return e;
}

/* Rules text (as a .rules file holds it) compiled into an engine from p;
 * NULL and the reason in *err when it does not load. */
static inline lw_engine_t *lw_test_rules_engine_err(apr_pool_t *p,
                                                    const char *text,
                                                    char **err)
{
    char path[] = "/tmp/lw_test_rules.XXXXXX.rules";
    lw_ruleset_t *rs = lw_ruleset_create(p);
    lw_engine_t *e = NULL;
    void *blob;
    apr_size_t len;
    int fd = mkstemps(path, 6);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

    *err = NULL;
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    if (lw_ruleset_load(rs, path, err) != APR_SUCCESS
        || lw_ruleset_compile(rs, p, &blob, &len, err) != APR_SUCCESS
        || lw_engine_create(&e, blob, len, p, err) != APR_SUCCESS)
        e = NULL;
    unlink(path);
    return e;
}

/* The same, the reason on stderr. */
static inline lw_engine_t *lw_test_rules_engine(apr_pool_t *p,
                                                const char *text)
{
    char *err = NULL;
    lw_engine_t *e = lw_test_rules_engine_err(p, text, &err);

    if (!e)
        fprintf(stderr, "rules: %s\n", err ? err : "?");
    return e;
}

/* req as a request of method for uri over HTTP/1.1 with headers h[nh],
 * everything else (body, limits) empty. */
static inline void lw_test_request(lw_request_t *req, const char *method,
                                   const char *uri, const lw_header_t *h,
                                   int nh)
{
    memset(req, 0, sizeof(*req));
    req->method = method;
    req->uri = uri;
    req->protocol = "HTTP/1.1";
    req->headers = h;
    req->nheaders = nh;
}

/* The hit of rule id in a result, or NULL. */
static inline const lw_hit_t *lw_test_find_hit(const lw_result_t *res,
                                               apr_uint32_t id)
{
    int i;

    for (i = 0; i < res->nhits; i++)
        if (res->hits[i].rule_id == id)
            return &res->hits[i];
    return NULL;
}

/* Rule id hit, on the field named want (a macro: a failure names the
 * caller's line). */
#define CHECK_HIT_FIELD(res, id, want) do { \
        const lw_hit_t *hit_ = lw_test_find_hit((res), (id)); \
        CHECK(hit_ != NULL); \
        if (hit_) \
            CHECK_STR(hit_->field, (want)); \
    } while (0)

#endif
