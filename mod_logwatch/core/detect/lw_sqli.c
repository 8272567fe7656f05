/* The SQL injection detector. A value is read three times: bare (a number
 * or name pasted into the query), as if it followed an opening ' and as if
 * it followed an opening " (a string literal the value breaks out of). Each
 * reading is cut into SQL tokens (strings, numbers, names, operators,
 * comments) of MySQL, PostgreSQL, MSSQL, Oracle and SQLite; each token is
 * given one letter, and the last few letters of that "fingerprint" are
 * compared with token sequences that only SQL forms: a value then a boolean
 * operator and a comparison, UNION SELECT, a stacked statement, a known
 * function call, a comment after a breakout, ORDER BY n, a cast ... Words
 * (keywords, functions, system objects, types) come from the sqli.words
 * table, so the detector knows no particular payload, only the grammar.
 *
 * Token letters (the fingerprint in out->why, "sql:CTX|LETTERS"):
 *   s string   1 number   n name   v @variable   t system object
 *   L null/true/false      f distinctive function (or a procedure)
 *   F known function       g other name followed by '('
 *   y type (after ::)      k keyword     U union   S select
 *   E statement keyword    D waitfor     r from/join/into/table
 *   & and/or/xor/&&/||/having/where/when
 *   = comparison (like, in, is, ->> ...) o other operator   * star
 *   K order/group by, procedure          x outfile/dumpfile   l limit
 *   ( ) , ; . and : (the :: cast)        c comment
 * A parenthesised group is folded when it closes: "(...)" becomes one
 * ")" and "f(...)" the function letter, so a sequence reads across it.
 * CTX is empty for the bare reading, ' or " for the quoted ones. */
#include "lw_detect.h"
#include "lw_sqli.h"

const char *const lw_sqli_sections[] = {
    "keyword", "union", "select", "statement", "waitfor", "logic",
    "compare", "arith", "clause", "sink", "literal", "function",
    "function_common", "procedure", "object", "type", "from",
    "limit"
};
const int lw_sqli_nsections = LW_SQLI_SEC__COUNT;

#define C_WORD LW_SQLI_C_WORD
#define C_SPACE LW_SQLI_C_SPACE
#define C_SQL LW_SQLI_C_SQL

/* Byte classes: the gate and the tokenizer. */
const unsigned char lw_sqli_cls[256] = {
    ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
    ['\r'] = C_SPACE, [' '] = C_SPACE,
    ['!'] = C_SQL, ['"'] = C_SQL, ['#'] = C_SQL, ['$'] = C_WORD,
    ['%'] = C_SQL, ['&'] = C_SQL, ['\''] = C_SQL, ['('] = C_SQL,
    [')'] = C_SQL, ['*'] = C_SQL, ['+'] = C_SQL, [','] = C_SQL,
    ['-'] = C_SQL, ['/'] = C_SQL, [':'] = C_SQL, [';'] = C_SQL,
    ['<'] = C_SQL, ['='] = C_SQL, ['>'] = C_SQL, ['?'] = C_SQL,
    ['@'] = C_SQL, ['['] = C_SQL, ['\\'] = C_SQL, [']'] = C_SQL,
    ['^'] = C_SQL, ['`'] = C_SQL, ['{'] = C_SQL, ['|'] = C_SQL,
    ['}'] = C_SQL, ['~'] = C_SQL,
    ['0'] = C_WORD, ['1'] = C_WORD, ['2'] = C_WORD, ['3'] = C_WORD,
    ['4'] = C_WORD, ['5'] = C_WORD, ['6'] = C_WORD, ['7'] = C_WORD,
    ['8'] = C_WORD, ['9'] = C_WORD, ['_'] = C_WORD,
#define L8(a) [a] = C_WORD, [a + 1] = C_WORD, [a + 2] = C_WORD, \
    [a + 3] = C_WORD, [a + 4] = C_WORD, [a + 5] = C_WORD, [a + 6] = C_WORD, \
    [a + 7] = C_WORD
    L8('A'), L8('I'), L8('Q'), ['Y'] = C_WORD, ['Z'] = C_WORD,
    L8('a'), L8('i'), L8('q'), ['y'] = C_WORD, ['z'] = C_WORD,
    L8(0x80), L8(0x88), L8(0x90), L8(0x98), L8(0xa0), L8(0xa8), L8(0xb0),
    L8(0xb8), L8(0xc0), L8(0xc8), L8(0xd0), L8(0xd8), L8(0xe0), L8(0xe8),
    L8(0xf0), L8(0xf8)
#undef L8
};

static const char *const ctx_name[3] = { "", "'", "\"" };

int lw_detect_sqli(const lw_words_t *w, const char *s, apr_size_t len,
                   lw_detect_out_t *out)
{
    unsigned seen = 0;
    apr_size_t i;
    int best = LW_DETECT_NONE, ctx;
    lw_sqli_match_t m, bm;

    memset(&bm, 0, sizeof(bm));

    if (!s || !len)
        return LW_DETECT_NONE;
    /* The gate: a single word (no white space, no SQL punctuation) cannot
     * form any sequence below; most values end here. */
    for (i = 0; i < len; i++)
        seen |= lw_sqli_cls[(unsigned char)s[i]];
    if (!(seen & (C_SQL | C_SPACE)))
        return LW_DETECT_NONE;

    for (ctx = 0; ctx < 3; ctx++) {
        int v;
        if (ctx && !memchr(s, ctx == 1 ? '\'' : '"', len))
            continue;
        v = lw_sqli_scan(w, s, len, ctx == 0 ? 0 : ctx == 1 ? '\'' : '"', &m);
        if (v > best) {
            best = v;
            bm = m;
            bm.ctx = ctx;
            if (v == LW_DETECT_STRONG)
                break;
        }
    }
    if (best != LW_DETECT_NONE && out) {
        apr_size_t k = 0;
        const char *c = ctx_name[bm.ctx];
        out->off = bm.off;
        out->len = bm.len;
        memcpy(out->why, "sql:", 4);
        k = 4;
        while (*c)
            out->why[k++] = *c++;
        out->why[k++] = '|';
        for (i = 0; i < (apr_size_t)bm.nfp && k < LW_DETECT_WHY - 1; i++)
            out->why[k++] = bm.fp[i];
        out->why[k] = '\0';
    }
    return best;
}
