/* lw_common.c: names and scores shared by every part of mod_logwatch. */
#include <string.h>
#include <apr_allocator.h>
#include "lw.h"

/* Indexed by lw_category_e; the order is the contract. */
static const char *const cat_names[LW_CAT__COUNT] = {
    "sqli", "xss", "lfi", "rfi", "rce", "scanner", "probe", "protocol",
    "tool", "server_error", "threshold", "leak"
};

/* Indexed by lw_verdict_e. */
static const char *const verdict_names[LW_V__COUNT] = {
    "leaked", "webshell", "anomalous_size", "served", "error", "redirected", "not_found", "rejected", "blocked",
    "unknown"
};

const char *lw_verdict_name(int v)
{
    if (v < 0 || v >= LW_V__COUNT)
        return NULL;
    return verdict_names[v];
}

int lw_verdict_of_status(int status)
{
    if (status == 401 || status == 403 || status == 406 || status == 429)
        return LW_V_BLOCKED;
    if (status == 404 || status == 410)
        return LW_V_NOT_FOUND;
    if (status >= 400 && status < 500)
        return LW_V_REJECTED;
    if (status >= 500 && status < 600)
        return LW_V_ERROR;
    if (status >= 300 && status < 400)
        return LW_V_REDIRECTED;
    if (status >= 200 && status < 300)
        return LW_V_SERVED;
    return LW_V_UNKNOWN;
}

int lw_verdict_from_name(const char *s, apr_size_t n)
{
    int i;

    if (s == NULL)
        return LW_V_UNKNOWN;
    for (i = 0; i < LW_V__COUNT; i++)
        if (strlen(verdict_names[i]) == n
            && memcmp(verdict_names[i], s, n) == 0)
            return i;
    return LW_V_UNKNOWN;
}

static const char *const sev_names[LW_SEV__COUNT] = {
    "info", "low", "medium", "high", "critical"
};

static const int sev_scores[LW_SEV__COUNT] = { 0, 2, 3, 4, 5 };

const char *lw_category_name(int cat)
{
    if (cat < 0 || cat >= LW_CAT__COUNT)
        return NULL;
    return cat_names[cat];
}

int lw_category_from_bytes(const char *s, apr_size_t n)
{
    apr_size_t j;
    int i;

    for (i = 0; n && i < LW_CAT__COUNT; i++) {
        const char *name = cat_names[i];
        if (name[0] != s[0])
            continue;
        /* the rest in place: the names are a few bytes */
        for (j = 1; j < n && name[j] && name[j] == s[j]; j++)
            ;
        if (j == n && name[j] == '\0')
            return i;
    }
    return -1;
}

int lw_category_from_name(const char *name)
{
    int i;

    if (name == NULL)
        return -1;
    for (i = 0; i < LW_CAT__COUNT; i++)
        if (strcmp(name, cat_names[i]) == 0)
            return i;
    return -1;
}

const char *lw_severity_name(int sev)
{
    if (sev < 0 || sev >= LW_SEV__COUNT)
        return NULL;
    return sev_names[sev];
}

int lw_severity_from_name(const char *name)
{
    int i;

    if (name == NULL)
        return -1;
    for (i = 0; i < LW_SEV__COUNT; i++)
        if (strcmp(name, sev_names[i]) == 0)
            return i;
    return -1;
}

/* Out-of-range severities score 0: they can never flag a request. */
int lw_severity_score(int sev)
{
    if (sev < 0 || sev >= LW_SEV__COUNT)
        return 0;
    return sev_scores[sev];
}

apr_pool_t *lw_pool_own(apr_pool_t *parent)
{
    apr_allocator_t *alloc;
    apr_pool_t *p;

    if (apr_allocator_create(&alloc) != APR_SUCCESS)
        return NULL;
    if (apr_pool_create_ex(&p, parent, NULL, alloc) != APR_SUCCESS) {
        apr_allocator_destroy(alloc);
        return NULL;
    }
    apr_allocator_owner_set(alloc, p);
    return p;
}

void lw_limits_default(lw_limits_t *lim)
{
    lim->max_inspect = LW_DEFAULT_MAX_INSPECT;
    lim->match_limit = LW_DEFAULT_MATCH_LIMIT;
    lim->depth_limit = LW_DEFAULT_DEPTH_LIMIT;
    lim->min_score = LW_DEFAULT_MIN_SCORE;
    lim->work_budget = LW_DEFAULT_WORK_BUDGET;
}

int lw_parse_number(const char *s, int flags, apr_uint64_t lo,
                    apr_uint64_t hi, apr_uint64_t *out)
{
    const apr_uint64_t max = ~(apr_uint64_t)0;
    apr_uint64_t v = 0, mult = 1;

    if (s == NULL || *s < '0' || *s > '9')
        return 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');

        if (v > (max - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if ((flags & LW_NUM_UNITS) && *s != '\0') {
        switch (*s++) {
        case 'k': case 'K': mult = (apr_uint64_t)1 << 10; break;
        case 'm': case 'M': mult = (apr_uint64_t)1 << 20; break;
        case 'g': case 'G': mult = (apr_uint64_t)1 << 30; break;
        default: return 0;
        }
    }
    if (*s != '\0' || v > max / mult)
        return 0;
    v *= mult;
    if (v < lo || v > hi)
        return 0;
    if (out != NULL)
        *out = v;
    return 1;
}
