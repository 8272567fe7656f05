/* The sqli detector (placeholder until its tokenizer lands). */
#include "lw_detect.h"

const char *const lw_sqli_sections[] = { "keyword" };
const int lw_sqli_nsections = 1;

int lw_detect_sqli(const lw_words_t *w, const char *s, apr_size_t len,
                 lw_detect_out_t *out)
{
    (void)w; (void)s; (void)len; (void)out;
    return LW_DETECT_NONE;
}
