/* Shared by the libFuzzer harnesses: one APR initialisation, a pool per
 * input, and an abort() that libFuzzer reports as a crash when an
 * invariant of the code under test does not hold. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>

#define FUZZ_ASSERT(cond) do {                                          \
        if (!(cond)) {                                                  \
            fprintf(stderr, "%s:%d: invariant failed: %s\n",            \
                    __FILE__, __LINE__, #cond);                         \
            abort();                                                    \
        }                                                               \
    } while (0)

static apr_pool_t *fuzz_root;

static void fuzz_apr_init(void)
{
    if (fuzz_root != NULL)
        return;
    if (apr_initialize() != APR_SUCCESS
        || apr_pool_create(&fuzz_root, NULL) != APR_SUCCESS) {
        fprintf(stderr, "APR initialisation failed\n");
        abort();
    }
}

/* What lw_json_str's value reads back as: the n bytes at s with bytes below
 * 0x20, 0x7f and above 0x7f as the text \xhh and a backslash doubled, as
 * the access log writes them (written out here from that contract, not
 * from the code under test). */
static inline char *fuzz_logesc(apr_pool_t *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char *out = apr_palloc(p, n * 4 + 1), *o = out;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f) {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
        else if (c == '\\') {
            *o++ = '\\';
            *o++ = '\\';
        }
        else
            *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

/* A NUL-terminated copy of the input, from p. */
static inline char *fuzz_cstr(apr_pool_t *p, const unsigned char *d, size_t n)
{
    char *s = apr_palloc(p, n + 1);
    memcpy(s, d, n);
    s[n] = '\0';
    return s;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The LLVMFuzzerInitialize of a harness that needs APR and nothing else
 * (write it at file level); a harness needing more writes its own. */
#define FUZZ_INIT_APR_ONLY                                              \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                   \
    {                                                                   \
        (void)argc;                                                     \
        (void)argv;                                                     \
        fuzz_apr_init();                                                \
        return 0;                                                       \
    }

#endif
