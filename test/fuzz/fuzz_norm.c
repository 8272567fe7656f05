/* libFuzzer: the normaliser (lw_normalize, lw_url_decode, lw_b64_text). The first byte
 * picks the flags; the rest is the field. Invariants: the result is NUL
 * terminated at *outlen, holds no NUL byte (step 3 removes them), and
 * never grows past what the decoding steps can produce; the stages
 * (lw_normalize_st) are bounded and leave the normal form as it is; a
 * field the normal form leaves alone is left alone by decoding too; base64
 * text is at most 3/4 of the field, NUL terminated, and text (no control
 * byte but white space, valid UTF-8). */
#include "fuzz_common.h"
#include "lw_norm.h"

FUZZ_INIT_APR_ONLY

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    unsigned flags;
    const char *in, *out;
    char *dec;
    apr_size_t outlen = 0, declen = 0, i;

    if (size < 1)
        return 0;
    apr_pool_create(&p, fuzz_root);
    flags = data[0] & (LW_N_PLUS | LW_N_PATH | LW_N_DECODE);
    /* not NUL terminated on purpose: the normaliser must respect len */
    in = apr_pmemdup(p, data + 1, size - 1);
    out = lw_normalize(p, in, size - 1, flags, &outlen);
    FUZZ_ASSERT(out != NULL);
    if (out != in) {
        FUZZ_ASSERT(out[outlen] == '\0');
        for (i = 0; i < outlen; i++)
            FUZZ_ASSERT(out[i] != '\0');
    }
    else {
        FUZZ_ASSERT(outlen == size - 1);
    }
    /* decoding alone never lengthens (no step writes more than it reads) */
    if (flags & LW_N_DECODE)
        FUZZ_ASSERT(outlen <= size - 1);
    /* %uXXXX can turn 6 bytes into 3, entities shrink: never 4x growth */
    FUZZ_ASSERT(outlen <= 4 * (size - 1) + 4);
    /* the stages: within their bound, each NUL terminated, none longer
     * than the field, and the normal form the same as without them */
    {
        lw_norm_stages_t st;
        apr_size_t stlen = 0;
        int k;
        const char *o2 = lw_normalize_st(p, in, size - 1, flags, &stlen,
                                         NULL, &st);
        FUZZ_ASSERT(st.n >= 0 && st.n <= LW_NORM_STAGES);
        FUZZ_ASSERT(stlen == outlen && memcmp(o2, out, outlen) == 0);
        for (k = 0; k < st.n; k++)
            FUZZ_ASSERT(st.len[k] <= size - 1
                        && st.s[k][st.len[k]] == '\0');
        if (out == in || (flags & LW_N_DECODE))
            FUZZ_ASSERT(st.n == 0);
    }
    if (out == in && !(flags & LW_N_DECODE)) {
        apr_size_t l2 = 0;
        FUZZ_ASSERT(lw_normalize(p, in, size - 1, flags | LW_N_DECODE, &l2)
                    == in);
    }
    {
        apr_size_t blen = 0;
        const char *b = lw_b64_text(p, in, size - 1, &blen);
        if (b) {
            int st = 0;
            FUZZ_ASSERT(size - 1 >= LW_B64_MIN);
            FUZZ_ASSERT(blen <= (size - 1) / 4 * 3 + 2 && b[blen] == '\0');
            for (i = 0; i < blen; i++) {
                unsigned char c = (unsigned char)b[i];
                if (st) {
                    FUZZ_ASSERT((c & 0xc0) == 0x80);
                    st--;
                    continue;
                }
                FUZZ_ASSERT(c >= 0x20 || (c >= '\t' && c <= '\r'));
                FUZZ_ASSERT(c != 0x7f && c != 0xc0 && c != 0xc1 && c < 0xf5);
                st = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
                FUZZ_ASSERT(c < 0x80 || c >= 0xc0);
            }
            FUZZ_ASSERT(st == 0);
        }
    }
    dec = lw_url_decode(p, in, size - 1, data[0] & 0x80, &declen);
    FUZZ_ASSERT(dec != NULL && dec[declen] == '\0' && declen <= size - 1);
    apr_pool_destroy(p);
    return 0;
}
