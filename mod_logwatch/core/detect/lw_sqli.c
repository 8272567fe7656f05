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
#include <strings.h>

#include "lw_detect.h"
#include "lw_sqli.h"

const char *const lw_sqli_sections[] = {
    "keyword", "union", "select", "statement", "waitfor", "logic",
    "compare", "arith", "clause", "sink", "literal", "function",
    "function_common", "procedure", "object", "type", "from",
    "limit", "catalog", "info", "dotcmd", "charcode", "ddl"
};
const int lw_sqli_nsections = LW_SQLI_SEC__COUNT;

#define C_WORD LW_SQLI_C_WORD
#define C_SPACE LW_SQLI_C_SPACE
#define C_SQL LW_SQLI_C_SQL
#define C_INNER LW_SQLI_C_INNER
#define C_DIG (C_WORD | C_INNER)

/* Byte classes: the gate and the tokenizer. */
const unsigned char lw_sqli_cls[256] = {
    ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
    ['\r'] = C_SPACE, [' '] = C_SPACE,
    ['!'] = C_SQL, ['"'] = C_SQL, ['#'] = C_SQL, ['$'] = C_WORD | C_INNER,
    ['%'] = C_SQL, ['&'] = C_SQL, ['\''] = C_SQL, ['('] = C_SQL,
    [')'] = C_SQL, ['*'] = C_SQL, ['+'] = C_SQL, [','] = C_SQL,
    ['-'] = C_SQL, ['.'] = LW_SQLI_C_DOT, ['/'] = C_SQL, [':'] = C_SQL,
    [';'] = C_SQL,
    ['<'] = C_SQL, ['='] = C_SQL, ['>'] = C_SQL, ['?'] = C_SQL,
    ['@'] = C_SQL, ['['] = C_SQL, ['\\'] = C_SQL, [']'] = C_SQL,
    ['^'] = C_SQL, ['`'] = C_SQL, ['{'] = C_SQL, ['|'] = C_SQL,
    ['}'] = C_SQL, ['~'] = C_SQL,
    ['0'] = C_DIG, ['1'] = C_DIG, ['2'] = C_DIG, ['3'] = C_DIG,
    ['4'] = C_DIG, ['5'] = C_DIG, ['6'] = C_DIG, ['7'] = C_DIG,
    ['8'] = C_DIG, ['9'] = C_DIG, ['_'] = C_WORD,
#define L8(a) [a] = C_WORD, [a + 1] = C_WORD, [a + 2] = C_WORD, \
    [a + 3] = C_WORD, [a + 4] = C_WORD, [a + 5] = C_WORD, [a + 6] = C_WORD, \
    [a + 7] = C_WORD
    L8('A'), L8('I'), L8('Q'), ['Y'] = C_WORD, ['Z'] = C_WORD,
    L8('a'), L8('i'), L8('q'), ['y'] = C_WORD, ['z'] = C_WORD,
    L8(0x80), L8(0x88), L8(0x90), L8(0x98),
    [0xa0] = C_WORD | LW_SQLI_C_A0, [0xa1] = C_WORD, [0xa2] = C_WORD,
    [0xa3] = C_WORD, [0xa4] = C_WORD, [0xa5] = C_WORD, [0xa6] = C_WORD,
    [0xa7] = C_WORD, L8(0xa8), L8(0xb0), L8(0xb8), L8(0xc0), L8(0xc8), L8(0xd0), L8(0xd8), L8(0xe0), L8(0xe8),
    L8(0xf0), L8(0xf8)
#undef L8
};

static const char *const ctx_name[3] = { "", "'", "\"" };

#define SEC(x) (1u << (x))
#define IS_WORD(c) (lw_sqli_cls[(unsigned char)(c)] & C_WORD)
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* Sections whose words give a token one of the letters every sequence
 * holds (lw_sqli_tok.c, is_hot(): U S E D & K x t f l), and those that do
 * only before a '(' (f F). */
#define HOT_WORDS (SEC(LW_SQLI_UNION) | SEC(LW_SQLI_SELECT) \
    | SEC(LW_SQLI_STATEMENT) | SEC(LW_SQLI_WAITFOR) | SEC(LW_SQLI_LOGIC) \
    | SEC(LW_SQLI_CLAUSE) | SEC(LW_SQLI_SINK) | SEC(LW_SQLI_PROCEDURE) \
    | SEC(LW_SQLI_OBJECT) | SEC(LW_SQLI_LIMIT) | SEC(LW_SQLI_CATALOG) \
    | SEC(LW_SQLI_ARITH))
#define HOT_CALLS (SEC(LW_SQLI_FUNCTION) | SEC(LW_SQLI_FUNCTION_COMMON) \
    | SEC(LW_SQLI_INFO))

/* The end of a (dotted) name from p, as the tokenizer reads it. */
static apr_size_t name_end(const char *s, apr_size_t len, apr_size_t p)
{
    while (p < len && (LW_SQLI_WORD_AT(s, p)
                       || (s[p] == '.' && p + 1 < len
                           && (LW_SQLI_WORD_AT(s, p + 1) || s[p + 1] == '.'))))
        p++;
    return p;
}

/* Whether the word s[p..e), read by a name that ends at q, takes a hot
 * letter: a HOT_WORDS section, or a HOT_CALLS one before a '('. */
static APR_INLINE int hot_word(const lw_words_t *w,
                                const lw_words_filter_t *f, const char *s,
                                apr_size_t len, apr_size_t p, apr_size_t e,
                                apr_size_t q)
{
    apr_uint32_t bits;
    if (e - p > 64 || !lw_words_maybe(f, s + p, e - p, HOT_WORDS | HOT_CALLS))
        return 0;
    bits = lw_words_get(w, s + p, e - p) & (HOT_WORDS | HOT_CALLS);
    if (!bits)
        return 0;
    if (bits & HOT_WORDS)
        return 1;
    while (q < len && (lw_sqli_cls[(unsigned char)s[q]] & C_SPACE))
        q++;
    return q < len && s[q] == '(';
}

/* A value without white space or SQL punctuation reads as one name: it
 * can flag only as a catalog name alone (information_schema.tables,
 * sysobjects, msdb..sysjobs, tempdb.dbo.x): one filter test for most. */
static int catalog_may_flag(const lw_words_t *w, const char *s,
                            apr_size_t len, unsigned seen)
{
    const apr_uint32_t cat = SEC(LW_SQLI_CATALOG), any = cat
        | SEC(LW_SQLI_OBJECT);
    const lw_words_filter_t *f;
    apr_size_t a = 0, b;
    if (len > 64 || !w)
        return 0;
    f = lw_words_filter(w);
    if (lw_words_maybe(f, s, len, cat) && lw_words_get(w, s, len) & cat)
        return 1;
    if (!(seen & LW_SQLI_C_DOT))
        return 0;               /* one part: the whole was that */
    while (a < len) {
        for (b = a; b < len && s[b] != '.'; b++)
            ;
        if (b > a && lw_words_maybe(f, s + a, b - a, any)
            && (lw_words_get(w, s + a, b - a) & any))
            return 1;
        a = b + 1;
    }
    return 0;
}

/* The bare reading's gate. It can flag only near a token of a hot letter:
 * an operator &&, || or ::, or a word of HOT_WORDS (HOT_CALLS before a
 * '('). The tokenizer looks words up from where a token starts to the end
 * of the (dotted) name, and each part of a dotted name; a token starts
 * inside a run of word bytes only after a digit (a number, $1, the
 * version of a comment), after a '$' (the end of a $tag$ string) or after
 * a 0x literal; a number may start at a '.' (.5e1). Every such key is
 * tried here, most through the words' first/last byte filter without
 * hashing; 0 means no key is hot, so the reading's verdict is NONE without
 * tokenizing it. */
static int bare_may_flag(const lw_words_t *w, const char *s, apr_size_t len)
{
    const lw_words_filter_t *f = lw_words_filter(w);
    apr_size_t i = 0;
    while (i < len) {
        apr_size_t a, b, q, p, hexend = 0;
        unsigned inner = 0;
        char c = s[i];
        unsigned cl = lw_sqli_cls[(unsigned char)c];
        if (!(cl & C_WORD) || ((cl & LW_SQLI_C_A0) && LW_SQLI_NBSP(s, i))) {
            char d = i + 1 < len ? s[i + 1] : 0;
            apr_size_t k;
            switch (cl & C_SQL ? c : 0) {
            case '&': case '|': case ':': case '@':
                if (d == c)
                    return 1;   /* && || :: and @@var */
                break;
            case '/':           /* UN/ * * /ION: a keyword cut by a comment */
                if (d == '*' && i && LW_SQLI_WORD_AT(s, i - 1))
                    return 1;
                break;
            case ';':           /* ;.shell (SQLite), not "; .NET CLR" */
                for (k = i + 1; k < len
                     && (lw_sqli_cls[(unsigned char)s[k]] & C_SPACE); k++)
                    ;
                if (k < len && s[k] == '.') {
                    for (p = ++k; p < len && LW_SQLI_WORD_AT(s, p); p++)
                        ;
                    if (p > k && p - k <= 64
                        && lw_words_maybe(f, s + k, p - k,
                                          SEC(LW_SQLI_DOTCMD))
                        && (lw_words_get(w, s + k, p - k)
                            & SEC(LW_SQLI_DOTCMD)))
                        return 1;
                }
                break;
            case 0:
                if (c == '.' && IS_DIGIT(d)) {
                    q = name_end(s, len, i + 1);
                    if (hot_word(w, f, s, len, i, q, q))
                        return 1;
                }
                break;
            default:
                break;
            }
            i++;
            continue;
        }
        /* a run of word bytes; inner: a token may start inside it */
        a = i;
        for (b = a; b < len && IS_WORD(s[b]); b++)
            inner |= lw_sqli_cls[(unsigned char)s[b]];
        if (inner & LW_SQLI_C_A0)   /* a lone 0xa0 ends the run */
            for (b = a + 1; b < len && LW_SQLI_WORD_AT(s, b); b++)
                ;
        q = b < len && s[b] == '.' ? name_end(s, len, b) : b;
        if (hot_word(w, f, s, len, a, b, q)
            || (q != b && hot_word(w, f, s, len, a, q, q)))
            return 1;
        for (p = a + 1; (inner & C_INNER) && p < b; p++) {
            if (s[p - 1] == '0' && (s[p] | 0x20) == 'x')
                for (hexend = p + 1; hexend < b
                     && (IS_DIGIT(s[hexend])
                         || ((s[hexend] | 0x20) >= 'a'
                             && (s[hexend] | 0x20) <= 'f')); hexend++)
                    ;
            if ((IS_DIGIT(s[p - 1]) || s[p - 1] == '$' || p == hexend)
                && (hot_word(w, f, s, len, p, b, q)
                    || (q != b && hot_word(w, f, s, len, p, q, q))))
                return 1;
        }
        i = b;
    }
    return 0;
}

/* The quote a JSON (or Python) document quotes its strings with, 0 when
 * the value is not one: '{' or '[', the quote, ... and '}' or ']' at the
 * end ({"where": {"or": [...]}}, ["order history"]). Read as breaking out
 * of a literal with that quote it would be "{" then keys as SQL; its
 * strings are read bare and with the other quote still. */
static int document_quote(const char *s, apr_size_t len)
{
    apr_size_t a = 0, b = len;
    while (a < len && (lw_sqli_cls[(unsigned char)s[a]] & C_SPACE))
        a++;
    while (b > a && (lw_sqli_cls[(unsigned char)s[b - 1]] & C_SPACE))
        b--;
    if (b - a < 4 || (s[a] != '{' && s[a] != '[')
        || (s[b - 1] != '}' && s[b - 1] != ']'))
        return 0;
    for (a++; a < b && (lw_sqli_cls[(unsigned char)s[a]] & C_SPACE); a++)
        ;
    return s[a] == '"' || s[a] == '\'' ? s[a] : 0;
}

/* A keyword spelled across string literals that SQL joins: 'sel'||'ect',
 * 'un'+'ion', 'un' 'ion' (MySQL joins literals next to each other),
 * concat('sle','ep'). What they build is text the query
 * executes (EXEC('...'), PREPARE ... FROM) or a name a filter looked for;
 * no value joins the pieces of a statement word otherwise. Returns the
 * end of the literals that spell it (0: none). The words are what the
 * literals hold once joined, up to the first byte no name has. */
#define BUILT_SECS (SEC(LW_SQLI_UNION) | SEC(LW_SQLI_SELECT) \
    | SEC(LW_SQLI_STATEMENT) | SEC(LW_SQLI_WAITFOR) | SEC(LW_SQLI_FUNCTION) \
    | SEC(LW_SQLI_PROCEDURE))
static apr_size_t built_keyword(const lw_words_t *w, const char *s,
                                apr_size_t len)
{
    apr_size_t i = 0;
    while (i < len) {
        char buf[65];
        apr_size_t n = 0, k = i, end = 0;
        int pieces = 0, call = 0, stop = 0, blank = 0;
        char q = s[i];
        if (q != '\'' && q != '"') {
            /* concat( or concat_ws( 'x', opens a list of pieces */
            if ((q | 0x20) == 'c' && i + 7 < len && strncasecmp(s + i, "concat", 6) == 0
                && (i == 0 || !IS_WORD(s[i - 1]))) {
                k = i + 6;
                if (k + 3 < len && strncasecmp(s + k, "_ws", 3) == 0)
                    k += 3;
                while (k < len && (lw_sqli_cls[(unsigned char)s[k]] & C_SPACE))
                    k++;
                if (k < len && s[k] == '(') {
                    call = 1;
                    k++;
                    while (k < len && (lw_sqli_cls[(unsigned char)s[k]] & C_SPACE))
                        k++;
                    if (k < len && (s[k] == '\'' || s[k] == '"')) {
                        i = k;
                        q = s[k];
                    }
                    else {
                        i = k;
                        continue;
                    }
                }
                else {
                    i++;
                    continue;
                }
            }
            else {
                i++;
                continue;
            }
        }
        /* a chain of literals joined by || or + (or the commas of concat) */
        k = i;
        while (k < len && (s[k] == '\'' || s[k] == '"') && !stop) {
            apr_size_t e;
            q = s[k];
            for (e = k + 1; e < len && s[e] != q; e++) {
                if (n < sizeof(buf) - 1 && !stop) {
                    if (IS_WORD(s[e]) && !(lw_sqli_cls[(unsigned char)s[e]] & LW_SQLI_C_A0))
                        buf[n++] = s[e];
                    else
                        stop = 1;   /* the word ends inside this literal */
                }
            }
            if (e >= len)
                break;
            pieces++;
            end = e + 1;
            k = e + 1;
            while (k < len && (lw_sqli_cls[(unsigned char)s[k]] & C_SPACE))
                k++;
            if (k + 1 < len && s[k] == '|' && s[k + 1] == '|')
                k += 2;
            else if (k < len && (s[k] == '+' || (call && s[k] == ',')))
                k++;
            else if (k == e + 1 || k >= len || s[k] != q)
                break;
            else
                blank = 1;  /* MySQL joins literals apart by a blank */
            while (k < len && (lw_sqli_cls[(unsigned char)s[k]] & C_SPACE))
                k++;
        }
        if (pieces >= 2 && n >= 3 && (lw_words_get(w, buf, n) & BUILT_SECS)) {
            /* literals side by side are also quoted words in a sentence
             * (he said 'up' 'date'): joined by blanks only, they count
             * where the value or an expression starts */
            apr_size_t b = i;
            while (b > 0 && (lw_sqli_cls[(unsigned char)s[b - 1]] & C_SPACE))
                b--;
            if (!blank || call || b == 0 || strchr("(,=", s[b - 1]))
                return end;
        }
        i = end > i ? end : i + 1;
    }
    return 0;
}

/* Whether built_keyword() can find anything: a || or + operator, a call
 * of concat, or two literals a blank apart (MySQL's 'un' 'ion'). Each
 * test is one library scan; most values fail them all. */
static int may_join(const char *s, apr_size_t len)
{
    const char *p = s, *e = s + len;
    if (memchr(s, '|', len) || memchr(s, '+', len))
        return 1;
    /* a blank: a space or a tab (SQL's white space either way) */
    while ((p = memchr(p, '\'', (apr_size_t)(e - p))) != NULL)
        if (++p + 1 < e && (p[0] == ' ' || p[0] == '\t') && p[1] == '\'')
            return 1;
    for (p = s; (p = memchr(p, '"', (apr_size_t)(e - p))) != NULL; )
        if (++p + 1 < e && (p[0] == ' ' || p[0] == '\t') && p[1] == '"')
            return 1;
    p = s;
    while ((p = memchr(p, '(', (apr_size_t)(e - p))) != NULL) {
        const char *b = p++;
        while (b > s && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b - s >= 6 && strncasecmp(b - 6, "concat", 6) == 0)
            return 1;
        if (b - s >= 9 && strncasecmp(b - 9, "concat_ws", 9) == 0)
            return 1;
    }
    return 0;
}

void *lw_sqli_prepare(apr_pool_t *p)
{
    lw_sqli_prog_t *prog = apr_palloc(p, sizeof(*prog));
    lw_sqli_compile(prog);
    return prog;
}

static int json_strings(const lw_words_t *w, const char *s, apr_size_t len,
                        char q, lw_detect_out_t *out);

/* nested: s is a string of a JSON document being read */
static int detect(const lw_words_t *w, const char *s, apr_size_t len,
                  lw_detect_out_t *out, int nested)
{
    unsigned seen = 0;
    apr_size_t i;
    int best = LW_DETECT_NONE, ctx, doc, hasq[3];
    lw_sqli_match_t m, bm;
    const lw_sqli_prog_t *prog = lw_words_aux(w);
    lw_sqli_prog_t local;

    memset(&bm, 0, sizeof(bm));

    if (!s || !len)
        return LW_DETECT_NONE;
    /* The gate: a single word (no white space, no SQL punctuation) cannot
     * form any sequence below; most values end here. */
    for (i = 0; i < len && !(seen & (C_SQL | C_SPACE)); i++)
        seen |= lw_sqli_cls[(unsigned char)s[i]];
    if (!(seen & (C_SQL | C_SPACE)) && (seen & LW_SQLI_C_A0))
        for (i = 0; i < len; i++)
            if (LW_SQLI_NBSP(s, i)) {
                seen |= C_SPACE;    /* 1%a0union%a0select: MySQL's blank */
                break;
            }
    if (!(seen & (C_SQL | C_SPACE)) && !catalog_may_flag(w, s, len, seen))
        return LW_DETECT_NONE;   /* (the loop stops at the first such byte) */

    doc = document_quote(s, len);
    hasq[1] = memchr(s, '\'', len) != NULL;
    hasq[2] = memchr(s, '"', len) != NULL;
    for (ctx = 0; ctx < 3; ctx++) {
        int v, q = ctx == 1 ? '\'' : '"';
        if (ctx && (!hasq[ctx] || q == doc))
            continue;
        if (!ctx && !bare_may_flag(w, s, len))
            continue;
        if (!prog) {
            /* a table made without lw_words_create's preparation */
            lw_sqli_compile(&local);
            prog = &local;
        }
        v = lw_sqli_scan(w, s, len, ctx == 0 ? 0 : ctx == 1 ? '\'' : '"', &m,
                         prog);
        if (v > best) {
            best = v;
            bm = m;
            bm.ctx = ctx;
            if (v == LW_DETECT_STRONG)
                break;
        }
    }
    if (best < LW_DETECT_STRONG && (hasq[1] || hasq[2]) && may_join(s, len)) {
        apr_size_t e = built_keyword(w, s, len);
        if (e) {
            best = LW_DETECT_STRONG;
            memset(&bm, 0, sizeof(bm));
            bm.len = e;
            bm.fp[0] = 's';
            bm.fp[1] = 'P';
            bm.fp[2] = 's';
            bm.nfp = 3;
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
    if (best < LW_DETECT_STRONG && doc && !nested) {
        lw_detect_out_t o;
        memset(&o, 0, sizeof(o));
        /* a fragment in a document's string is the document's text */
        if (json_strings(w, s, len, (char)doc, &o) == LW_DETECT_STRONG) {
            best = LW_DETECT_STRONG;
            if (out)
                *out = o;
        }
    }
    return best;
}

/* The strings of a JSON document a parameter carries
 * (?filter={"id":"1 or 1=1"}): each read as a value of its own, as the
 * engine reads a JSON body's. Keys too (an attacker's SQL may be one).
 * At most JSON_STRINGS of them; each byte is read once more at most. */
#define JSON_STRINGS 32
static int json_strings(const lw_words_t *w, const char *s, apr_size_t len,
                        char q, lw_detect_out_t *out)
{
    apr_size_t i, e;
    int best = LW_DETECT_NONE, n = 0;
    for (i = 0; i < len && n < JSON_STRINGS; i = e + 1) {
        lw_detect_out_t o;
        int v;
        while (i < len && s[i] != q)
            i++;
        for (e = i + 1; e < len && s[e] != q; e++)
            if (s[e] == '\\')
                e++;
        if (e >= len)
            break;
        n++;
        if (e - i - 1 < 3)
            continue;
        memset(&o, 0, sizeof(o));
        v = detect(w, s + i + 1, e - i - 1, &o, 1);
        if (v > best) {
            best = v;
            *out = o;
            out->off += i + 1;
            if (v == LW_DETECT_STRONG)
                break;
        }
    }
    return best;
}

int lw_detect_sqli(const lw_words_t *w, const char *s, apr_size_t len,
                   lw_detect_out_t *out)
{
    return detect(w, s, len, out, 0);
}
