/* libFuzzer, differential: the summarizer's fast record reader
 * (lw_fast_record) against the reference (lw_record_parse) on any input.
 * The fast reader may leave a line to the reference, never accept one the
 * reference rejects, and when it accepts it reads the same values. The
 * input is also read after a different record and with the date cache of
 * the previous input, as in a real run. */
#include "fuzz_common.h"
#include "lw_record.h"
#include "lw_sum_fast.h"

FUZZ_INIT_APR_ONLY

static void same_sv(const char *name, lw_sv_t a, const char *b)
{
    if ((a.p == NULL) != (b == NULL)
        || (b != NULL && (a.n != strlen(b) || memcmp(a.p, b, a.n) != 0))) {
        fprintf(stderr, "%s: fast \"%.*s\", reference \"%s\"\n", name,
                (int)a.n, a.p ? a.p : "", b ? b : "(null)");
        abort();
    }
}

static lw_fast_cache_t last_cache;      /* carried from input to input */

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_record_t r;
    lw_fastrec_t f, g;
    lw_fast_cache_t cache;
    const char *err = NULL;
    char *line;
    int fast, fast2, ok;

    apr_pool_create(&p, fuzz_root);
    /* exactly size bytes, no NUL after: the reader must respect len */
    line = malloc(size ? size : 1);
    memcpy(line, data, size);
    memset(&cache, 0, sizeof(cache));
    fast = lw_fast_record(line, size, &f, p, &cache);
    fast2 = lw_fast_record(line, size, &g, p, &last_cache);
    ok = lw_record_parse(p, line, size, &r, &err) == APR_SUCCESS;
    FUZZ_ASSERT(fast == fast2);
    if (fast) {
        if (!ok) {
            fprintf(stderr, "fast reader accepted what the reference "
                    "rejects (%s): %.*s\n", err, (int)size, line);
            abort();
        }
        FUZZ_ASSERT(f.time == r.time && g.time == r.time);
        FUZZ_ASSERT(f.utc_offset == r.utc_offset);
        FUZZ_ASSERT(f.status == r.status);
        FUZZ_ASSERT(f.categories == r.categories);
        same_sv("host", f.host, r.host);
        same_sv("vhost", f.vhost, r.vhost);
        same_sv("client", f.client, r.client);
        same_sv("uri", f.uri, r.uri);
        same_sv("user_agent", f.user_agent, r.user_agent);
        same_sv("verdict", f.verdict, r.verdict);
        same_sv("tool", f.tool, r.tool);
    }
    free(line);
    apr_pool_destroy(p);
    return 0;
}
