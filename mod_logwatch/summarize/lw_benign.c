/* lw_benign.c: benign requests for checking rule suggestions. */
#include "lw_benign.h"

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>

typedef struct {
    const char *name;          /* decoded, lower case */
    const char *value;
} arg_t;

struct lw_benign {
    apr_pool_t *p;
    apr_array_header_t *args;  /* arg_t */
    apr_array_header_t *uris;  /* const char *, decoded */
    apr_hash_t *paths;         /* path as sent -> "" */
    int n;
};

lw_benign_t *lw_benign_create(apr_pool_t *p)
{
    lw_benign_t *b = apr_pcalloc(p, sizeof(*b));

    b->p = p;
    b->args = apr_array_make(p, 256, sizeof(arg_t));
    b->uris = apr_array_make(p, 256, sizeof(const char *));
    b->paths = apr_hash_make(p);
    return b;
}

int lw_benign_count(const lw_benign_t *b)
{
    return b->n;
}

static int hexval(int c)
{
    return apr_isdigit(c) ? c - '0' : apr_tolower(c) - 'a' + 10;
}

static apr_size_t pct_decode(char *s, apr_size_t n, int plus)
{
    apr_size_t i, o = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && apr_isxdigit(s[i + 1])
            && apr_isxdigit(s[i + 2])) {
            s[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        }
        else {
            s[o++] = plus && s[i] == '+' ? ' ' : s[i];
        }
    }
    return o;
}

char *lw_benign_decode(apr_pool_t *p, const char *s, apr_size_t n)
{
    char *d = apr_pstrmemdup(p, s, n);
    apr_size_t i, o = 0;
    int sp = 0;

    n = pct_decode(d, n, 1);
    n = pct_decode(d, n, 0);
    for (i = 0; i < n; i++) {
        int c = (unsigned char)d[i];

        if (c == '\0')
            continue;
        if (apr_isspace(c)) {
            if (!sp)
                d[o++] = ' ';
            sp = 1;
            continue;
        }
        sp = 0;
        d[o++] = (char)apr_tolower(c);
    }
    d[o] = '\0';
    return d;
}

static void add_target(lw_benign_t *b, const char *t, apr_size_t n)
{
    const char *q = memchr(t, '?', n);
    apr_size_t plen = q ? (apr_size_t)(q - t) : n;

    b->n++;
    apr_hash_set(b->paths, apr_pstrmemdup(b->p, t, plen), plen, "");
    *(const char **)apr_array_push(b->uris) = lw_benign_decode(b->p, t, n);
    if (q == NULL)
        return;
    q++;
    n -= plen + 1;
    while (n > 0) {
        const char *amp = memchr(q, '&', n);
        apr_size_t len = amp ? (apr_size_t)(amp - q) : n;
        const char *eq = memchr(q, '=', len);
        arg_t *a = apr_array_push(b->args);

        a->name = lw_benign_decode(b->p, q, eq ? (apr_size_t)(eq - q) : len);
        a->value = eq ? lw_benign_decode(b->p, eq + 1,
                                         len - (apr_size_t)(eq + 1 - q))
                      : "";
        if (amp == NULL)
            break;
        q = amp + 1;
        n -= len + 1;
    }
}

int lw_benign_load(lw_benign_t *b, const char *path, const char **err)
{
    FILE *f = fopen(path, "r");
    char line[16384];

    if (f == NULL) {
        *err = apr_psprintf(b->p, "%s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        /* the request line: METHOD TARGET PROTOCOL between quotes */
        char *r = strchr(line, '"'), *sp, *end;

        if (r == NULL || (sp = strchr(r + 1, ' ')) == NULL)
            continue;
        sp++;
        for (end = sp; *end && *end != ' ' && *end != '"'; end++)
            ;
        if (*sp == '/' && end > sp)
            add_target(b, sp, (apr_size_t)(end - sp));
    }
    fclose(f);
    return 0;
}

int lw_benign_has(const lw_benign_t *b, lw_benign_kind_e kind,
                  const char *name, const char *needle)
{
    int i;

    switch (kind) {
    case LW_BENIGN_ARG:
    case LW_BENIGN_ARG_NAMES:
        for (i = 0; i < b->args->nelts; i++) {
            const arg_t *a = &APR_ARRAY_IDX(b->args, i, arg_t);

            if (kind == LW_BENIGN_ARG_NAMES) {
                if (strstr(a->name, needle))
                    return 1;
            }
            else if ((name == NULL || strcmp(a->name, name) == 0)
                     && strstr(a->value, needle)) {
                return 1;
            }
        }
        return 0;
    case LW_BENIGN_URI:
        for (i = 0; i < b->uris->nelts; i++)
            if (strstr(APR_ARRAY_IDX(b->uris, i, const char *), needle))
                return 1;
        return 0;
    case LW_BENIGN_PATH:
        return apr_hash_get(b->paths, needle, APR_HASH_KEY_STRING) != NULL;
    }
    return 0;
}
