/* libFuzzer: the attack-record reader (lw_record_parse), as the summarizer
 * meets it on hostile input. A record that parses is written again with
 * lw_record_json and must read back the same: every number equal, every
 * string the value escaped as lw_json.h says. */
#include <limits.h>
#include <apr_strings.h>

#include "fuzz_common.h"
#include "lw_record.h"

FUZZ_INIT_APR_ONLY

/* A string member read back: NULL stays NULL, else the value escaped. */
static void same_str(apr_pool_t *p, const char *name, const char *was,
                     apr_size_t n, const char *got)
{
    const char *want;

    if (was == NULL) {
        FUZZ_ASSERT(got == NULL);
        return;
    }
    want = fuzz_logesc(p, was, n);
    if (got == NULL || strcmp(got, want) != 0) {
        fprintf(stderr, "%s: read back \"%s\", want \"%s\"\n", name,
                got ? got : "(null)", want);
        abort();
    }
}

#define SAME_STR(m) same_str(p, #m, rec.m, rec.m ? strlen(rec.m) : 0, back.m)
/* numbers below 0 are unknown, left out, read back as -1 */
#define SAME_NUM(m) FUZZ_ASSERT((rec.m < 0 ? -1 : rec.m) == back.m)

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
    /* room for everything (the input is at most a few KiB): nothing cut */
    line = lw_record_json(p, &rec, 1 << 20, &len);
    FUZZ_ASSERT(line != NULL && len > 0 && line[len - 1] == '\n');
    if (lw_record_parse(p, line, len - 1, &back, &err) != APR_SUCCESS) {
        fprintf(stderr, "rewritten record does not parse (%s): %.*s\n", err,
                (int)len, line);
        abort();
    }
    /* every member reads back: the same numbers, the strings escaped */
    if (rec.time >= 0)
        FUZZ_ASSERT(back.time == rec.time
                    && back.utc_offset == rec.utc_offset);
    SAME_STR(host);
    SAME_STR(vhost);
    SAME_NUM(port);
    SAME_STR(client);
    SAME_STR(peer);
    SAME_STR(method);
    SAME_STR(uri);
    SAME_STR(protocol);
    SAME_NUM(status);
    SAME_NUM(bytes);
    SAME_NUM(duration_us);
    SAME_STR(referer);
    SAME_STR(user_agent);
    SAME_STR(request_id);
    if (rec.verdict)
        SAME_STR(verdict);
    FUZZ_ASSERT(back.severity == rec.severity);
    SAME_NUM(score);
    FUZZ_ASSERT(back.categories == rec.categories);
    FUZZ_ASSERT(back.nrules == rec.nrules);
    for (i = 0; i < rec.nrules; i++) {
        const lw_rec_rule_t *a = &rec.rules[i], *b = &back.rules[i];
        FUZZ_ASSERT(a->id == b->id && a->category == b->category
                    && a->severity == b->severity);
        same_str(p, "field", a->field, a->field ? strlen(a->field) : 0,
                 b->field);
        same_str(p, "excerpt", a->excerpt, a->excerpt_len, b->excerpt);
        same_str(p, "msg", a->msg, a->msg ? strlen(a->msg) : 0, b->msg);
    }
    SAME_STR(tool);
    line = lw_record_json(p, &rec, 65536, &len);
    FUZZ_ASSERT(line != NULL && len > 0 && line[len - 1] == '\n');
    line = lw_record_json(p, &rec, PIPE_BUF, &len);
    FUZZ_ASSERT(line != NULL && len <= PIPE_BUF);
    apr_pool_destroy(p);
    return 0;
}
