/* libFuzzer: the JSON reader (lw_json_parse) and string writer
 * (lw_json_str). Any input written as a JSON string must parse back as
 * one string holding that input, escaped as lw_json.h says; any parsed value
 * must be walkable. */
#include <apr_strings.h>

#include "fuzz_common.h"
#include "lw_json.h"

FUZZ_INIT_APR_ONLY

static size_t walk(const lw_jval_t *v, int depth)
{
    size_t n = 1, i;

    FUZZ_ASSERT(depth <= 17);
    if (v->type == LW_JSTR)
        FUZZ_ASSERT(v->str != NULL && v->str[v->len] == '\0');
    if (v->type == LW_JARR || v->type == LW_JOBJ)
        for (i = 0; i < v->len; i++) {
            if (v->type == LW_JOBJ) {
                FUZZ_ASSERT(v->keys[i] != NULL);
                FUZZ_ASSERT(lw_json_get(v, v->keys[i]) != NULL);
            }
            n += walk(&v->items[i], depth + 1);
        }
    return n;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_jval_t v;
    lw_buf_t b;
    const char *err = NULL;
    char *mem;
    apr_size_t cap = size * 8 + 64, max, take;
    const char *want;

    apr_pool_create(&p, fuzz_root);
    if (lw_json_parse(p, apr_pmemdup(p, data, size), size, &v, &err)
        == APR_SUCCESS)
        walk(&v, 0);
    else
        FUZZ_ASSERT(err != NULL);
    /* the writer: with room, then cut at a size from the first byte */
    mem = apr_palloc(p, cap);
    max = size > 0 ? data[0] : 0;
    lw_buf_init(&b, mem, cap);
    take = size > 0 && data[0] & 1 ? max : size;
    lw_json_str(&b, (const char *)data, size, take);
    take = take < size ? take : size;
    FUZZ_ASSERT(!b.overflow);
    if (lw_json_parse(p, b.data, b.len, &v, &err) != APR_SUCCESS) {
        fprintf(stderr, "written string does not parse (%s): %.*s\n", err,
                (int)b.len, b.data);
        abort();
    }
    FUZZ_ASSERT(v.type == LW_JSTR);
    /* the very value, escaped as the contract says, "...[cut]" when cut */
    want = apr_pstrcat(p, fuzz_logesc(p, (const char *)data, take),
                       take < size ? "...[cut]" : "", NULL);
    if (v.len != strlen(want) || memcmp(v.str, want, v.len) != 0) {
        fprintf(stderr, "read back \"%.*s\", want \"%s\"\n", (int)v.len,
                v.str, want);
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
