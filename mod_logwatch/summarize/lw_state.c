/* lw_state: the once-a-day memory of reported sources, and which addresses
 * may be reported at all. */
#include "lw_state.h"
#include <apr_file_io.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <stdlib.h>
#include <string.h>

struct lw_state_t {
    apr_pool_t *pool;
    const char *path;
    char today[11];
    char cutoff[11];                  /* entries before this day are dropped */
    apr_hash_t *seen;                 /* "DAY ADDR" -> "" */
    int dirty;
};

void lw_state_day(apr_time_t t, char *buf)
{
    apr_time_exp_t tm;
    apr_time_exp_lt(&tm, t);
    apr_snprintf(buf, 11, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday);
}

static int valid_day(const char *s, apr_size_t len)
{
    apr_size_t i;
    if (len != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    return 1;
}

/* Canonical form of ip, or NULL when it is not an address. */
static const char *canon(apr_pool_t *p, const char *ip, apr_size_t len)
{
    lw_addr_t a;
    char buf[LW_ADDR_STRLEN];
    if (!ip || !lw_addr_parse(ip, len, &a)) return NULL;
    if (lw_addr_format(&a, buf, sizeof(buf)) < 0) return NULL;
    return apr_pstrdup(p, buf);
}

static void parse_file(lw_state_t *st, char *text, apr_size_t len)
{
    char *line = text, *end = text + len;

    while (line < end) {
        char *nl = memchr(line, '\n', (apr_size_t)(end - line));
        char *le = nl ? nl : end, *sp;
        const char *ip;
        if (le > line && le[-1] == '\r') le--;
        sp = memchr(line, ' ', (apr_size_t)(le - line));
        if (line[0] != '#' && sp && valid_day(line, (apr_size_t)(sp - line))
            && (ip = canon(st->pool, sp + 1, (apr_size_t)(le - sp - 1)))) {
            char day[11];
            memcpy(day, line, 10);
            day[10] = '\0';
            if (strcmp(day, st->cutoff) >= 0)
                apr_hash_set(st->seen, apr_pstrcat(st->pool, day, " ", ip,
                                                   NULL),
                             APR_HASH_KEY_STRING, "");
            else
                st->dirty = 1;              /* pruned: rewrite */
        }
        if (!nl) break;
        line = nl + 1;
    }
}

apr_status_t lw_state_open(lw_state_t **stp, const char *path, apr_time_t now,
                           int keep_days, apr_pool_t *p, const char **err)
{
    lw_state_t *st = apr_pcalloc(p, sizeof(*st));
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;

    st->pool = p;
    st->path = apr_pstrdup(p, path);
    st->seen = apr_hash_make(p);
    if (keep_days < 1) keep_days = 1;
    lw_state_day(now, st->today);
    lw_state_day(now - apr_time_from_sec((apr_time_t)keep_days * 86400),
                 st->cutoff);
    *stp = st;

    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, p);
    if (APR_STATUS_IS_ENOENT(rv)) return APR_SUCCESS;
    if (rv == APR_SUCCESS) rv = apr_file_info_get(&fi, APR_FINFO_SIZE, f);
    if (rv == APR_SUCCESS) {
        /* A state file is small (a line per source per day); a huge one is
         * not ours: refuse rather than read it all. */
        if (fi.size > 64 * 1024 * 1024) {
            apr_file_close(f);
            *err = apr_psprintf(p, "state file %s is too large", path);
            return APR_EGENERAL;
        }
        else {
            apr_size_t n = (apr_size_t)fi.size;
            char *buf = apr_palloc(p, n + 1);
            rv = apr_file_read_full(f, buf, n, &n);
            if (rv == APR_SUCCESS || rv == APR_EOF) {
                buf[n] = '\0';
                parse_file(st, buf, n);
                rv = APR_SUCCESS;
            }
        }
        apr_file_close(f);
    }
    if (rv != APR_SUCCESS) {
        char e[120];
        *err = apr_psprintf(p, "state file %s: %s", path,
                            apr_strerror(rv, e, sizeof(e)));
    }
    return rv;
}

int lw_state_reported_today(const lw_state_t *st, const char *ip)
{
    char key[11 + LW_ADDR_STRLEN];
    lw_addr_t a;
    if (!st || !ip || !lw_addr_parse(ip, strlen(ip), &a)) return 0;
    memcpy(key, st->today, 10);
    key[10] = ' ';
    if (lw_addr_format(&a, key + 11, sizeof(key) - 11) < 0) return 0;
    return apr_hash_get(st->seen, key, APR_HASH_KEY_STRING) != NULL;
}

void lw_state_mark(lw_state_t *st, const char *ip)
{
    const char *c;
    if (!st || !ip || !(c = canon(st->pool, ip, strlen(ip)))) return;
    apr_hash_set(st->seen, apr_pstrcat(st->pool, st->today, " ", c, NULL),
                 APR_HASH_KEY_STRING, "");
    st->dirty = 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

apr_status_t lw_state_save(lw_state_t *st, const char **err)
{
    apr_pool_t *p = st->pool;
    apr_hash_index_t *hi;
    apr_array_header_t *keys = apr_array_make(p, 16, sizeof(const char *));
    char *tmp = apr_pstrcat(p, st->path, ".XXXXXX", NULL);
    apr_file_t *f;
    apr_status_t rv;
    char e[120];
    int i;

    if (!st->dirty) return APR_SUCCESS;
    for (hi = apr_hash_first(p, st->seen); hi; hi = apr_hash_next(hi))
        *(const char **)apr_array_push(keys) = apr_hash_this_key(hi);
    qsort(keys->elts, (size_t)keys->nelts, sizeof(const char *), cmp_str);

    rv = apr_file_mktemp(&f, tmp, APR_FOPEN_CREATE | APR_FOPEN_WRITE
                         | APR_FOPEN_EXCL | APR_FOPEN_BUFFERED, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_puts("# logwatch-summarize: sources reported, "
                           "one \"DAY ADDRESS\" a line\n", f);
        for (i = 0; rv == APR_SUCCESS && i < keys->nelts; i++) {
            rv = apr_file_puts(APR_ARRAY_IDX(keys, i, const char *), f);
            if (rv == APR_SUCCESS) rv = apr_file_putc('\n', f);
        }
        if (rv == APR_SUCCESS) rv = apr_file_flush(f);
        if (rv == APR_SUCCESS) rv = apr_file_sync(f);
        if (apr_file_close(f) != APR_SUCCESS && rv == APR_SUCCESS)
            rv = APR_EGENERAL;
        if (rv == APR_SUCCESS) rv = apr_file_rename(tmp, st->path, p);
        if (rv != APR_SUCCESS) apr_file_remove(tmp, p);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "state file %s: %s", st->path,
                            apr_strerror(rv, e, sizeof(e)));
        return rv;
    }
    st->dirty = 0;
    return APR_SUCCESS;
}

apr_array_header_t *lw_ignore_create(apr_pool_t *p)
{
    return apr_array_make(p, 4, sizeof(lw_cidr_t));
}

apr_status_t lw_ignore_add(apr_array_header_t *nets, const char *cidr)
{
    lw_cidr_t c;
    if (!cidr || !lw_cidr_parse(cidr, strlen(cidr), &c)) return APR_EINVAL;
    *(lw_cidr_t *)apr_array_push(nets) = c;
    return APR_SUCCESS;
}

int lw_reportable_ip(const char *ip, const apr_array_header_t *nets)
{
    lw_addr_t a;
    if (!ip || !lw_addr_parse(ip, strlen(ip), &a)) return 0;
    if (!lw_addr_is_public(&a)) return 0;
    if (nets && lw_cidr_match_any((const lw_cidr_t *)nets->elts, nets->nelts,
                                  &a))
        return 0;
    return 1;
}
