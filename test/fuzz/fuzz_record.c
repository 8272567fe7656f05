/* libFuzzer: the attack-record reader (lw_record_parse), as the summarizer
 * meets it on hostile input. A record that parses is written again with
 * lw_record_json and must read back the same. */
#include <limits.h>
#include <apr_strings.h>

#include "fuzz_common.h"
#include "lw_record.h"

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_record_t rec, back;
    const char *err = NULL, *line;
    apr_size_t len = 0;
    int i;

    apr_pool_create(&p, fuzz_root);
    /* not NUL terminated: the reader must respect len */
    if (lw_record_parse(p, apr_pmemdup(p, data, size), size, &rec, &err)
        != APR_SUCCESS) {
        FUZZ_ASSERT(err != NULL);
        apr_pool_destroy(p);
        return 0;
    }
    FUZZ_ASSERT(rec.nrules >= 0 && (rec.nrules == 0 || rec.rules != NULL));
    for (i = 0; i < rec.nrules; i++)
        FUZZ_ASSERT(rec.rules[i].excerpt == NULL
                    || rec.rules[i].excerpt[rec.rules[i].excerpt_len] == '\0');
    line = lw_record_json(p, &rec, 65536, &len);
    FUZZ_ASSERT(line != NULL && len > 0 && line[len - 1] == '\n');
    if (lw_record_parse(p, line, len - 1, &back, &err) != APR_SUCCESS) {
        fprintf(stderr, "rewritten record does not parse (%s): %.*s\n", err,
                (int)len, line);
        abort();
    }
    FUZZ_ASSERT(back.status == rec.status && back.nrules == rec.nrules
                && back.categories == rec.categories);
    line = lw_record_json(p, &rec, PIPE_BUF, &len);
    FUZZ_ASSERT(line != NULL && len <= PIPE_BUF);
    apr_pool_destroy(p);
    return 0;
}
