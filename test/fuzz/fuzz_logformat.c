/* libFuzzer: the LogFormat compiler and the access-log line parser. The
 * input's first line is tried as a format (else "combined" is used); every
 * following line is parsed with it. Invariants: an error names something,
 * a parsed line's fields are within their ranges. */
#include <apr_strings.h>

#include "fuzz_common.h"
#include "lw_logformat.h"

static const char *const nicknames[] = {
    "combined", "common", "vhost_combined",
    "%v %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" "
    "%{UNIQUE_ID}e \"%{X-Other}i\""
};

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    lw_logformat_t *f = NULL;
    lw_logline_t l;
    char *s, *nl, *end, *err = NULL;
    int i;

    apr_pool_create(&p, fuzz_root);
    s = fuzz_cstr(p, data, size);
    end = s + size;
    nl = memchr(s, '\n', size);
    if (nl != NULL)
        *nl = '\0';
    if (lw_logformat_compile(&f, s, p, &err) != APR_SUCCESS) {
        FUZZ_ASSERT(err != NULL);
        i = size > 0 ? data[0] % 4 : 0;
        if (lw_logformat_compile(&f, nicknames[i], p, &err) != APR_SUCCESS)
            abort();
    }
    s = nl ? nl + 1 : end;
    while (s < end) {
        nl = memchr(s, '\n', (size_t)(end - s));
        if (nl == NULL)
            nl = end;
        if (lw_logformat_parse(f, s, (apr_size_t)(nl - s), p, &l)
            == APR_SUCCESS) {
            FUZZ_ASSERT(l.nheaders >= 0 && l.nheaders <= LW_LOG_MAX_HEADERS);
            for (i = 0; i < l.nheaders; i++)
                FUZZ_ASSERT(l.headers[i].name != NULL);
            FUZZ_ASSERT(l.status >= -1);
            lw_logline_header(&l, "User-Agent");
        }
        /* the same line cut anywhere, as logwatch-scan cuts one too long
         * to hold */
        if (nl > s
            && lw_logformat_parse_prefix(f, s, (apr_size_t)(nl - s) / 2 + 1,
                                         p, &l) == APR_SUCCESS) {
            for (i = 0; i < l.nheaders; i++)
                FUZZ_ASSERT(l.headers[i].name != NULL);
            lw_logline_header(&l, "Referer");
        }
        s = nl + 1;
    }
    apr_pool_destroy(p);
    return 0;
}
