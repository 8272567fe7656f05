/* Shared by the unit tests that classify with the shipped signatures. */
#ifndef LW_TEST_ENGINE_H
#define LW_TEST_ENGINE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
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
 * NULL, the reason on stderr, when it does not load. */
static inline lw_engine_t *lw_test_rules_engine(apr_pool_t *p,
                                                const char *text)
{
    char path[] = "/tmp/lw_test_rules.XXXXXX.rules";
    lw_ruleset_t *rs = lw_ruleset_create(p);
    lw_engine_t *e = NULL;
    char *err = NULL;
    void *blob;
    apr_size_t len;
    int fd = mkstemps(path, 6);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    if (lw_ruleset_load(rs, path, &err) != APR_SUCCESS
        || lw_ruleset_compile(rs, p, &blob, &len, &err) != APR_SUCCESS
        || lw_engine_create(&e, blob, len, p, &err) != APR_SUCCESS) {
        fprintf(stderr, "rules: %s\n", err ? err : "?");
        e = NULL;
    }
    unlink(path);
    return e;
}

#endif
