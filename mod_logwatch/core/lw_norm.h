/* Normalisation: turn what an attacker sent into what the application will
 * see, so one signature catches every encoding of the same attack. */
#ifndef LW_NORM_H
#define LW_NORM_H

#include "lw.h"

/* Flags for lw_normalize(). */
enum {
    LW_N_PLUS      = 1u << 0,  /* '+' as sent means space (query, args,
                                * cookie); a decoded "%2B" stays '+' */
    LW_N_PATH      = 1u << 1,  /* the value is a URL path: step 4 folds
                                * '//' runs and "/./" only with this flag,
                                * and only before the first '?' (elsewhere
                                * "http://" is data); backslashes become
                                * '/' in every field */
    LW_N_DECODE    = 1u << 2   /* steps 1-3 only: decoding, no slash,
                                * comment or white-space folding (the
                                * form the language detectors read) */
};

/* Returns the normalised form of in[0..len) in a buffer from p (NUL
 * terminated; *outlen without the NUL). Steps, in this order:
 *  1. percent-decoding repeated until nothing changes (at most 8 rounds:
 *     double and triple encoding, and a payload's own encodings sent
 *     encoded again), including %uXXXX (IIS) to UTF-8, and
 *     HTML entities (&lt; &#47; &#x2f; ...) and JavaScript/JSON escapes
 *     (\u0027, \u{27}, \x27, a surrogate pair) decoded in the same
 *     rounds (a framework's JSON.parse or unescape decodes them);
 *     '+' becomes a space when LW_N_PLUS;
 *  2. overlong UTF-8 forms of ASCII (c0 ae, e0 80 ae, ...) become the ASCII
 *     byte; U+00A0 and fullwidth forms of ASCII are folded too;
 *  3. NUL bytes are removed;
 *  4. backslashes become '/', runs of '/' become one, "/./" becomes "/";
 *  5. SQL comments "/ * ... * /" become one space ("/ *!50000" keeps its
 *     content: MySQL executes it);
 *  6. every run of whitespace (space, \t \n \r \v \f, 0xa0) becomes one space.
 * With LW_N_DECODE only steps 1-3 run: a tokenizer needs the quotes,
 * comments, backslashes and line breaks as the application receives them.
 * Case is kept: rules are compiled caseless.
 * When nothing changes the input pointer itself is returned (no copy);
 * then nothing changes with LW_N_DECODE (and the same LW_N_PLUS) either:
 * decoding is a subset of the steps, and the later steps never undo what
 * it changed (they never lengthen the text nor make a '+'). */
const char *lw_normalize(apr_pool_t *p, const char *in, apr_size_t len,
                         unsigned flags, apr_size_t *outlen);

/* Plain percent-decoding, one round, '+' as space when plus != 0. The result
 * is from p, NUL terminated. Used for parameter names in records. */
/* lw_normalize, and *undecoded (when not NULL) set to 1 when the rounds
 * ran out with an escape still left to decode: the field may hide what
 * a further decoding by the application would show (the engine flags it
 * as an evasion, never as clean). Step 2 can make an escape too (an
 * overlong '%', a NUL removed from inside "%41"): decoding resumes then. */
const char *lw_normalize_ex(apr_pool_t *p, const char *in, apr_size_t len,
                            unsigned flags, apr_size_t *outlen,
                            int *undecoded);

/* The forms a decoding passed through that still held an escape the next
 * round decoded: the text after round 1, 2 ... as far as the field was
 * encoded beyond its last layer. A "raw" rule reads the bytes as sent to
 * see an encoding the attack relies on (%00 after a URL, %c0%ae, %0d%0a,
 * \\host); an attacker who wraps the field in one more layer that the
 * application also undoes (%u, entities, a NUL between bytes, overlong
 * forms, one more %25) moves those bytes out of the form as sent and into
 * one of these; and the decoded form itself (steps 1-3) whenever an
 * escape was decoded: a raw rule knows some percent forms of what it
 * looks for, not every byte's ("%2E" for '.', "%u005c" for '\\').
 * At most LW_NORM_STAGES, each from p; n is 0 for a field with nothing
 * to decode (nothing is copied then), and with LW_N_DECODE. */
#define LW_NORM_STAGES 8
typedef struct {
    int n;
    const char *s[LW_NORM_STAGES];
    apr_size_t len[LW_NORM_STAGES];
} lw_norm_stages_t;

/* lw_normalize_ex, and the intermediate forms in *st (when not NULL). */
const char *lw_normalize_st(apr_pool_t *p, const char *in, apr_size_t len,
                            unsigned flags, apr_size_t *outlen,
                            int *undecoded, lw_norm_stages_t *st);

/* Base64 (standard or URL-safe alphabet, padded or not) that decodes to
 * text, decoded: applications decode whole values sent in base64, and an
 * attack sent that way is the attack. Only a value made entirely of one
 * alphabet, at least LW_B64_MIN bytes (with padding) long, with some
 * upper-case digit (text always makes some: a value without one is a hex
 * hash, a number or a word), whose decoded bytes are all text: printable
 * ASCII, white space (\t \n \v \f \r) and valid UTF-8 (no overlong form,
 * no surrogate), at least half of them ASCII. The minimum
 * counts the padding: "JChpZCk=" is "$(id)", while short unpadded values
 * are ordinary words and ids.
 * Tokens, hashes, session ids and image data decode to binary and stop
 * at the first byte that is not text, before anything is allocated.
 * Returns the text from p (NUL terminated, *outlen its length) or NULL. */
#define LW_B64_MIN 8
const char *lw_b64_text(apr_pool_t *p, const char *in, apr_size_t len,
                        apr_size_t *outlen);

/* The cheap gate before lw_b64_text, inline for every field: long enough,
 * and a first digit that begins the base64 of text (its top six bits: a
 * printable ASCII byte, white space or a UTF-8 lead byte). Most words,
 * paths, URLs and numbers stop here. */
extern const unsigned char lw_b64_first[256];
static inline int lw_b64_maybe(const char *s, apr_size_t len)
{
    return len >= LW_B64_MIN && lw_b64_first[(unsigned char)s[0]];
}

char *lw_url_decode(apr_pool_t *p, const char *in, apr_size_t len, int plus,
                    apr_size_t *outlen);

#endif
