/* libFuzzer: the classifier with the default signatures, and the record
 * written from its result. The input is split on '\n' into method, target,
 * protocol, User-Agent, Referer, Cookie and one other header, and an
 * eighth part names a header of its own (the header_names target) whose
 * value is the seventh's. Invariants:
 * the result stays within its bounds, and the JSON line (at PIPE_BUF and at
 * the 512-byte minimum) fits its cap, ends with its only '\n', is ASCII
 * and parses back as a record (with every rule at PIPE_BUF). The work
 * budget (half the inputs with the smallest one) never changes whether a
 * request is flagged, and, when neither evaluation hit a limit, keeps
 * the full evaluation's severity, categories and tool. */
#include <limits.h>
#include <apr_strings.h>

#include "fuzz_engine.h"
#include "lw_json.h"

static lw_engine_t *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = fuzz_engine_load("fuzz_classify");
    return 0;
}

static void check_line(apr_pool_t *p, const lw_record_t *rec, apr_size_t max)
{
    apr_size_t len = 0, i;
    const char *line = lw_record_json(p, rec, max, &len);
    lw_record_t back;
    const char *err = NULL;

    FUZZ_ASSERT(line != NULL && len > 0 && len <= max);
    FUZZ_ASSERT(line[len - 1] == '\n');
    for (i = 0; i + 1 < len; i++)
        FUZZ_ASSERT((unsigned char)line[i] >= 0x20
                    && (unsigned char)line[i] < 0x7f);
    if (lw_record_parse(p, line, len - 1, &back, &err) != APR_SUCCESS) {
        fprintf(stderr, "record does not parse back (%s): %.*s\n", err,
                (int)len, line);
        abort();
    }
    FUZZ_ASSERT(back.status == rec->status);
    /* only a tiny cap may drop rules (from the end), PIPE_BUF never */
    FUZZ_ASSERT(max < PIPE_BUF ? back.nrules <= rec->nrules
                               : back.nrules == rec->nrules);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    char *s, *part[8] = { NULL };
    lw_header_t hdr[5];
    lw_request_t req;
    lw_limits_t lim;
    lw_result_t res;
    lw_record_t rec;
    int n = 0, nh = 0, flagged, i;
    static const char *const names[4] = { "User-Agent", "Referer", "Cookie",
                                          "X-Forwarded-Host" };

    apr_pool_create(&p, fuzz_root);
    s = fuzz_cstr(p, data, size);
    /* split on '\n' (the NUL copy keeps embedded NULs inside parts) */
    part[0] = s;
    n = 1;
    for (i = 0; i < (int)size && n < 8; i++)
        if (s[i] == '\n') {
            s[i] = '\0';
            part[n++] = s + i + 1;
        }
    memset(&req, 0, sizeof(req));
    req.method = part[0];
    req.uri = part[1];
    req.protocol = part[2];
    for (i = 0; i < 4; i++)
        if (part[3 + i] != NULL) {
            hdr[nh].name = names[i];
            hdr[nh].value = part[3 + i];
            nh++;
        }
    if (part[7] != NULL && part[7][0] != '\0') {
        hdr[nh].name = part[7];
        hdr[nh].value = part[6];
        nh++;
    }
    req.headers = hdr;
    req.nheaders = nh;
    lw_limits_default(&lim);
    if (size > 0 && (data[0] & 1))
        lim.max_inspect = 64;       /* also try the cut path */
    if (size > 0 && (data[0] & 2))
        lim.work_budget = 1;        /* settle as soon as the hits allow */
    flagged = lw_classify(engine, &req, &lim, p, &res);
    {
        lw_limits_t off = lim;
        lw_result_t full;
        int fflag;
        off.work_budget = 0;
        fflag = lw_classify(engine, &req, &off, p, &full);
        FUZZ_ASSERT(fflag == flagged);
        FUZZ_ASSERT(full.stopped == 0);
        if (!res.stopped)
            FUZZ_ASSERT(res.nhits == full.nhits && res.score == full.score);
        else
            FUZZ_ASSERT(res.nhits >= LW_SETTLE_HITS
                        && res.score >= lim.min_score);
        if (!res.limit_hit && !full.limit_hit) {
            FUZZ_ASSERT(res.severity == full.severity);
            FUZZ_ASSERT(res.categories == full.categories);
            FUZZ_ASSERT((res.tool == NULL) == (full.tool == NULL));
        }
    }
    FUZZ_ASSERT(flagged == 0 || flagged == 1);
    FUZZ_ASSERT(res.nhits >= 0 && res.nhits <= LW_MAX_HITS);
    for (i = 0; i < res.nhits; i++) {
        FUZZ_ASSERT(res.hits[i].excerpt_len <= LW_MAX_EXCERPT);
        FUZZ_ASSERT(res.hits[i].field != NULL);
        FUZZ_ASSERT(lw_category_name(res.hits[i].category) != NULL);
    }
    if (flagged)
        FUZZ_ASSERT(res.score >= lim.min_score && res.categories != 0);
    /* a field cut at max_inspect is never clean: its tail was not read */
    if (res.truncated)
        FUZZ_ASSERT(flagged == 1 && res.limit_hit == 1);

    fuzz_record_of(&rec, &req, &res, p);
    if (part[3])
        rec.vhost = part[3];
    rec.bytes = 10;
    rec.duration_us = 1;
    rec.user_agent = part[3];
    rec.referer = part[4];
    check_line(p, &rec, PIPE_BUF);
    check_line(p, &rec, 512);
    apr_pool_destroy(p);
    return 0;
}
