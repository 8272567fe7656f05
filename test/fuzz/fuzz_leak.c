/* libFuzzer: the leak scanner with the default signatures. The first byte
 * is the request's categories (bit k: category k, sqli ... protocol), the
 * rest the response's first bytes. Invariants: evidence only from a leak
 * rule that reads responses of those categories, its excerpt inside the
 * bytes scanned and at most LW_MAX_EXCERPT long, its verdict leaked or
 * webshell, and the same answer twice; the input as a path for the
 * upload-script check and as sizes for the usual-size table: no crash. */
#include <apr_strings.h>

#include "fuzz_engine.h"
#include "lw_leak.h"

static lw_engine_t *engine;
static lw_sizes_t *sizes;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = fuzz_engine_load("fuzz_leak");
    sizes = lw_sizes_create(fuzz_root, 64);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_limits_t lim;
    lw_evidence_t ev, ev2;
    apr_uint32_t cats;
    const char *body;
    apr_size_t n;
    int got, got2, i;

    if (size < 1)
        return 0;
    cats = data[0];     /* bits 0..7: sqli ... protocol */
    body = (const char *)data + 1;
    n = size - 1;
    apr_pool_create(&p, fuzz_root);
    lw_limits_default(&lim);
    got = lw_leak_scan(engine, cats, body, n, NULL, 0, NULL, 0, &lim, p, &ev);
    if (got) {
        i = ev.rule_index;
        FUZZ_ASSERT(i >= 0 && i < lw_engine_rule_count(engine));
        FUZZ_ASSERT(lw_engine_rule_category(engine, i) == LW_CAT_LEAK);
        FUZZ_ASSERT(lw_engine_rule_id(engine, i) == ev.rule_id);
        FUZZ_ASSERT(ev.verdict == LW_V_LEAKED || ev.verdict == LW_V_WEBSHELL);
        FUZZ_ASSERT(ev.excerpt >= body && ev.excerpt_len <= LW_MAX_EXCERPT
                    && ev.excerpt + ev.excerpt_len <= body + n);
        FUZZ_ASSERT(ev.msg != NULL);
        /* the rule alone finds it too */
        FUZZ_ASSERT(lw_leak_scan_rule(engine, i, body, n, 0, p, &ev2));
        /* and no request category outside its "when" finds it */
        FUZZ_ASSERT((lw_leak_wanted(engine) & cats) != 0);
    }
    got2 = lw_leak_scan(engine, cats, body, n, NULL, 0, NULL, 0, &lim, p, &ev2);
    FUZZ_ASSERT(got == got2 && (!got || ev2.rule_id == ev.rule_id));
    /* excluding the rule found: never the same rule again */
    if (got) {
        apr_uint32_t excl = ev.rule_id;
        if (lw_leak_scan(engine, cats, body, n, &excl, 1, NULL, 0, &lim, p,
                         &ev2))
            FUZZ_ASSERT(ev2.rule_id != excl);
    }
    FUZZ_ASSERT(!lw_leak_scan(engine, 0, body, n, NULL, 0, NULL, 0, &lim, p,
                              &ev2));
    /* the response as the request's own text: whatever it finds is
     * inside the bytes scanned */
    if (lw_leak_scan(engine, cats, body, n, NULL, 0, body, n / 2, &lim, p,
                     &ev2))
        FUZZ_ASSERT(ev2.excerpt >= body && ev2.excerpt + ev2.excerpt_len
                                           <= body + n);
    {
        char *path = apr_pstrmemdup(p, body, n);
        apr_int64_t b = (apr_int64_t)(n * 997);
        (void)lw_leak_upload_script(path);
        lw_sizes_add(sizes, body, n, b);
        (void)lw_sizes_unusual(sizes, body, n, b * 5 + 2048);
    }
    apr_pool_destroy(p);
    return 0;
}
