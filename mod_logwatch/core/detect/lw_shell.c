/* The shell detector (placeholder until its tokenizer lands). */
#include "lw_detect.h"

const char *const lw_shell_sections[] = { "keyword" };
const int lw_shell_nsections = 1;

int lw_detect_shell(const lw_words_t *w, const char *s, apr_size_t len,
                 lw_detect_out_t *out)
{
    (void)w; (void)s; (void)len; (void)out;
    return LW_DETECT_NONE;
}
