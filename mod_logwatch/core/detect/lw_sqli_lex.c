/* The SQL tokenizer of the sqli detector: strings in ' " ` [..] and
 * $$..$$, comments (/ * * /, MySQL's versioned comments whose text is SQL,
 * -- and #), numbers (0x, 0b, X'..', scientific), names (dotted, @vars),
 * and the operators of MySQL, PostgreSQL (::, @>, <@, #>, ->>), MSSQL,
 * Oracle and SQLite. Each token goes to lw_sqli_push() with its letter. */
#include "lw_sqli.h"

#define IS_WORD(c) (lw_sqli_cls[(unsigned char)(c)] & LW_SQLI_C_WORD)
#define WORD_AT(s, p) LW_SQLI_WORD_AT(s, p)
#define IS_SPACE(c) (lw_sqli_cls[(unsigned char)(c)] & LW_SQLI_C_SPACE)
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define SEC(x) (1u << (x))

/* Index of the quote that closes a literal whose text starts at p ('' and
 * a backslash escape), len when the literal runs to the end. */
apr_size_t lw_sqli_string_end(const char *s, apr_size_t len, apr_size_t p,
                             int q)
{
    while (p < len) {
        if (s[p] == '\\')
            p += 2;
        else if (s[p] == q) {
            if (p + 1 < len && s[p + 1] == q)
                p += 2;
            else
                return p;
        }
        else
            p++;
    }
    return len;
}

static apr_size_t find2(const char *s, apr_size_t len, apr_size_t p,
                        char a, char b)
{
    for (; p + 1 < len; p++)
        if (s[p] == a && s[p + 1] == b)
            return p;
    return len;
}

static apr_size_t line_end(const char *s, apr_size_t len, apr_size_t p)
{
    const char *nl = memchr(s + p, '\n', len - p);
    return nl ? (apr_size_t)(nl - s) : len;
}

static int is_hex(char c)
{
    return IS_DIGIT(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static apr_size_t number_end(const char *s, apr_size_t len, apr_size_t p)
{
    if (s[p] == '0' && p + 2 < len && (s[p + 1] | 0x20) == 'x'
        && is_hex(s[p + 2])) {
        for (p += 2; p < len && is_hex(s[p]); p++)
            ;
        return p;
    }
    if (s[p] == '0' && p + 2 < len && (s[p + 1] | 0x20) == 'b'
        && (s[p + 2] == '0' || s[p + 2] == '1')) {
        for (p += 2; p < len && (s[p] == '0' || s[p] == '1'); p++)
            ;
        return p;
    }
    while (p < len && IS_DIGIT(s[p]))
        p++;
    if (p < len && s[p] == '.')
        for (p++; p < len && IS_DIGIT(s[p]); p++)
            ;
    if (p < len && (s[p] | 0x20) == 'e') {
        apr_size_t q = p + 1;
        if (q < len && (s[q] == '+' || s[q] == '-'))
            q++;
        if (q < len && IS_DIGIT(s[q]))
            for (p = q; p < len && IS_DIGIT(s[p]); p++)
                ;
    }
    return p;
}

static apr_size_t word_end(const char *s, apr_size_t len, apr_size_t p,
                           int *dotted)
{
    while (p < len) {
        if (WORD_AT(s, p))
            p++;
        else if (s[p] == '.' && p + 1 < len
                 && (WORD_AT(s, p + 1) || s[p + 1] == '.')) {
            *dotted = 1;
            p++;
        }
        else
            break;
    }
    return p;
}

/* The sections of a name; for a dotted name (sys.objects,
 * master..xp_cmdshell, dbms_pipe.receive_message) the whole or, failing
 * that, what its parts say about objects and functions. A name is a
 * catalog's when a part is (msdb..sysjobs), or when it reaches into a
 * system database through MSSQL's default schema (tempdb..x) or two
 * system parts (tempdb.dbo.x): not master.zip, sys.path, dual.example.org.
 * Any db..name (MSSQL's default schema) is an object. */
static apr_uint32_t name_bits(const lw_words_t *w, const char *s,
                              apr_size_t len, int dotted)
{
    apr_uint32_t bits = lw_words_get(w, s, len), keep, pb;
    const apr_uint32_t obj = SEC(LW_SQLI_OBJECT) | SEC(LW_SQLI_CATALOG);
    apr_size_t a = 0, b;
    int k = 0, lead = 0, empty = 0, inner = 0;
    if (bits || !dotted)
        return bits;
    /* a package of functions comes first (dbms_pipe.receive_message), or
     * after schemas (pg_catalog.pg_sleep, sys.fn_varbintohexstr); an
     * object or a procedure may be anywhere (master..xp_cmdshell); a
     * common function name after a dot is a method (util.isNull, x.count) */
    keep = obj | SEC(LW_SQLI_PROCEDURE);
    while (a < len) {
        for (b = a; b < len && s[b] != '.'; b++)
            ;
        pb = b > a ? lw_words_get(w, s + a, b - a)
            & (keep | (k == lead ? SEC(LW_SQLI_FUNCTION) : 0)) : 0;
        if (b == a) {
            empty = 1;
            inner |= k > 0 && b + 1 < len && s[b + 1] != '.';
        }
        else if (k++ == lead && (pb & obj))
            lead++;
        bits |= pb;
        a = b + 1;
    }
    if ((bits & obj) && (lead >= 2 || (lead && empty)))
        bits |= SEC(LW_SQLI_CATALOG);
    if (inner)
        bits |= SEC(LW_SQLI_OBJECT);    /* db..name: only MSSQL writes it */
    return bits;
}

/* A name s[p..q) whose sections are bits: its letter. */
static void word_as(lw_sqli_scan_t *sc, apr_size_t p, apr_size_t q,
                    apr_uint32_t bits)
{
    const char *s = sc->s;
    apr_size_t r = q;
    int paren, imm = q < sc->len && s[q] == '(';
    char last = sc->ring.n ? sc->ring.r[sc->ring.n - 1].t : 0, t;

    while (r < sc->len && IS_SPACE(s[r]))
        r++;
    paren = r < sc->len && s[r] == '(';
    if (imm && (bits & (SEC(LW_SQLI_FUNCTION) | SEC(LW_SQLI_PROCEDURE))))
        t = 'f';
    else if (paren && (bits & (SEC(LW_SQLI_FUNCTION) | SEC(LW_SQLI_PROCEDURE)
                               | SEC(LW_SQLI_FUNCTION_COMMON))))
        t = 'F';
    else if (last == ':' && (bits & SEC(LW_SQLI_TYPE)))
        t = 'y';
    else if (bits & SEC(LW_SQLI_UNION))
        t = 'U';
    else if (bits & SEC(LW_SQLI_SELECT))
        t = 'S';
    else if (bits & SEC(LW_SQLI_WAITFOR))
        t = 'D';
    else if (bits & SEC(LW_SQLI_STATEMENT))
        t = 'E';
    else if (bits & SEC(LW_SQLI_LOGIC))
        t = '&';
    else if (bits & SEC(LW_SQLI_COMPARE))
        t = '=';
    else if (bits & SEC(LW_SQLI_ARITH))
        t = 'o';
    else if (bits & SEC(LW_SQLI_CLAUSE))
        t = 'K';
    else if (bits & SEC(LW_SQLI_SINK))
        t = 'x';
    else if (bits & SEC(LW_SQLI_LITERAL))
        t = 'L';
    else if (bits & SEC(LW_SQLI_PROCEDURE))
        t = 'f';
    else if (bits & (SEC(LW_SQLI_OBJECT) | SEC(LW_SQLI_CATALOG)))
        t = 't';
    else if (bits & SEC(LW_SQLI_FROM))
        t = 'r';
    else if (bits & SEC(LW_SQLI_LIMIT))
        t = 'l';
    else if (bits & SEC(LW_SQLI_KEYWORD))
        t = 'k';
    else if (imm)
        t = 'g';
    else
        t = 'n';
    if (t == 'S' && lw_sqli_lead(sc)) {
        sc->in_stmt = 1;
        if (sc->lead_name)
            t = 'n';
    }
    sc->next_sec = bits;
    lw_sqli_push(sc, t, p, q);
    sc->pos = q;
}

static void word(lw_sqli_scan_t *sc, apr_size_t p, apr_size_t q, int dotted)
{
    word_as(sc, p, q, name_bits(sc->w, sc->s + p, q - p, dotted));
}

/* Keywords a comment may cut: UN/ * * /ION SEL/ *x* /ECT. MySQL reads
 * them as two words, but a filter that deletes comments before passing
 * the query on, and a reader of the log, see one. */
#define CUT_WORDS (SEC(LW_SQLI_UNION) | SEC(LW_SQLI_SELECT) \
    | SEC(LW_SQLI_STATEMENT) | SEC(LW_SQLI_LOGIC) | SEC(LW_SQLI_FROM) \
    | SEC(LW_SQLI_CLAUSE) | SEC(LW_SQLI_WAITFOR))
#define CUT_MAX 16

/* The word at s[p..e) continued after comments ("un/ * * /ion"): the end
 * of the last piece when the pieces joined are a keyword of CUT_WORDS,
 * with its sections in *bits; 0 when they are not. */
static apr_size_t cut_word(const lw_sqli_scan_t *sc, apr_size_t p,
                           apr_size_t e, apr_uint32_t *bits)
{
    const char *s = sc->s;
    apr_size_t len = sc->len, n = e - p, c, q;
    char buf[CUT_MAX];
    if (n >= CUT_MAX)
        return 0;
    memcpy(buf, s + p, n);
    while (e + 2 < len && s[e] == '/' && s[e + 1] == '*' && s[e + 2] != '!') {
        c = find2(s, len, e + 2, '*', '/');
        if (c >= len || c + 2 >= len || !WORD_AT(s, c + 2))
            return 0;
        for (q = c + 2; q < len && WORD_AT(s, q); q++)
            ;
        if (n + (q - c - 2) >= CUT_MAX)
            return 0;
        memcpy(buf + n, s + c + 2, q - c - 2);
        n += q - c - 2;
        e = q;
        *bits = sc->w && lw_words_maybe(lw_words_filter(sc->w), buf, n,
                                        CUT_WORDS)
            ? lw_words_get(sc->w, buf, n) & CUT_WORDS : 0;
        if (*bits)
            return e;
    }
    return 0;
}

/* An operator of one to three bytes: its letter and its length. */
static char op(const char *s, apr_size_t len, apr_size_t p, apr_size_t *n)
{
    char c = s[p], d = p + 1 < len ? s[p + 1] : 0;
    char e = p + 2 < len ? s[p + 2] : 0;
    *n = 1;
    switch (c) {
    case ':':
        if (d == ':' || d == '=')
            *n = 2;
        return d == ':' ? ':' : d == '=' ? '=' : 'o';
    case '|':
    case '&':
        if (d == c) {
            *n = 2;
            return '&';
        }
        return 'o';
    case '<':
        if (d == '=' && e == '>')
            *n = 3;
        else if (d == '=' || d == '>' || d == '@' || d == '<')
            *n = 2;
        return d == '<' ? 'o' : '=';
    case '>':
        if (d == '=' || d == '>')
            *n = 2;
        return d == '>' ? 'o' : '=';
    case '=':
        if (d == '=')
            *n = 2;
        return '=';
    case '!':
        if (d == '=' || d == '~') {
            *n = d == '~' && e == '*' ? 3 : 2;
            return '=';
        }
        return 'o';
    case '~':
        if (d == '*')
            *n = 2;
        return '=';
    case '-':    /* -> and ->> (JSON) */
    case '#':    /* #> and #>> (JSON path) */
    case '@':    /* @> (contains) */
        if (d != '>')
            return 'o';
        *n = c != '@' && e == '>' ? 3 : 2;
        return '=';
    case '?':    /* ?| ?& (JSON keys) */
        if (d == '|' || d == '&') {
            *n = 2;
            return '=';
        }
        return 'o';
    case '*':
        return '*';
    case ',': case ';': case '.':
        return c;
    default:
        return 'o';
    }
}

/* A comment from p to e: noted, and the scan goes on after it. */
static int comment(lw_sqli_scan_t *sc, apr_size_t p, apr_size_t e)
{
    lw_sqli_comment(sc, p, e);
    sc->pos = e;
    return 1;
}

/* Read one token (or a comment, or the start or end of a MySQL versioned
 * comment) at sc->pos. 0 at the end of the value. */
int lw_sqli_lex(lw_sqli_scan_t *sc)
{
    const char *s = sc->s;
    apr_size_t len = sc->len, p = sc->pos, e, n;
    char c, d;
    int dotted = 0;

    while (p < len && (IS_SPACE(s[p]) || LW_SQLI_NBSP(s, p)))
        p++;
    if (p >= len) {
        sc->pos = len;
        return 0;
    }
    c = s[p];
    d = p + 1 < len ? s[p + 1] : 0;
    switch (c) {
    case '\'':
    case '"':
        e = lw_sqli_string_end(s, len, p + 1, c);
        e = e < len ? e + 1 : len;
        lw_sqli_push(sc, 's', p, e);
        sc->pos = e;
        return 1;
    case '`':
    case '[':
        /* a quoted name; a '[' without a ']' after it is an operator (the
         * search is not repeated for the next '[': linear time) */
        if (c == '[' && sc->no_rbracket)
            break;
        e = p + 1;
        while (e < len && s[e] != (c == '[' ? ']' : '`'))
            e++;
        if (e < len || c == '`') {
            e = e < len ? e + 1 : len;
            lw_sqli_push(sc, 'n', p, e);
            sc->pos = e;
            return 1;
        }
        sc->no_rbracket = 1;
        break;
    case '/':
        if (d != '*')
            break;
        if (p + 2 < len && s[p + 2] == '!') {
            /* MySQL runs the text of a versioned comment ("/ *!50000 ...") */
            for (e = p + 3; e < len && IS_DIGIT(s[e]); e++)
                ;
            sc->versioned = 1;
            sc->vers_at = e;
            sc->pos = e;
            return 1;
        }
        e = find2(s, len, p + 2, '*', '/');
        return comment(sc, p, e < len ? e + 2 : len);
    case '*':
        if (d == '/' && sc->versioned) {
            sc->versioned = 0;
            sc->pos = p + 2;
            return 1;
        }
        break;
    case '-':
        /* "--" starts a comment, but "--word" is an option in prose and
         * "<!--", "-->" open and close an HTML comment */
        if (d == '-'
            && !(p + 2 < len && (WORD_AT(s, p + 2) || s[p + 2] == '>'))
            && !(p >= 2 && s[p - 1] == '!' && s[p - 2] == '<'))
            return comment(sc, p, line_end(s, len, p));
        break;
    case '#':
        if (d != '>')
            return comment(sc, p, line_end(s, len, p));
        break;
    case '@':
        e = p + 1 + (d == '@');
        if (e < len && WORD_AT(s, e)) {
            e = word_end(s, len, e, &dotted);
            lw_sqli_push(sc, 'v', p, e);
            sc->pos = e;
            return 1;
        }
        break;
    case '$':
        /* $$text$$ and $tag$text$tag$ (PostgreSQL), $1 (a parameter) */
        for (e = p + 1; e < len && WORD_AT(s, e) && s[e] != '$'; e++)
            ;
        if (e < len && s[e] == '$') {
            apr_size_t tl = e + 1 - p, k = e + 1;
            for (; k + tl <= len; k++)
                if (s[k] == '$' && memcmp(s + k, s + p, tl) == 0)
                    break;
            k = k + tl <= len ? k + tl : len;
            lw_sqli_push(sc, 's', p, k);
            sc->pos = k;
            return 1;
        }
        if (IS_DIGIT(d)) {
            for (e = p + 1; e < len && IS_DIGIT(s[e]); e++)
                ;
            lw_sqli_push(sc, 'v', p, e);
            sc->pos = e;
            return 1;
        }
        break;
    case '(':
        lw_sqli_open(sc, p);
        sc->pos = p + 1;
        return 1;
    case ')':
        lw_sqli_close(sc, p);
        sc->pos = p + 1;
        return 1;
    default:
        break;
    }
    if (IS_DIGIT(c) || (c == '.' && IS_DIGIT(d))) {
        e = number_end(s, len, p);
        if (e < len && WORD_AT(s, e)) {
            /* 1union, 1e0union: a number glued to a keyword is two tokens
             * to MySQL, so is one glued to a non-ASCII character (1–);
             * 90s, 3rd are names */
            apr_size_t q = word_end(s, len, e, &dotted);
            if ((unsigned char)s[e] < 0x80
                && !lw_words_get(sc->w, s + e, q - e)) {
                word(sc, p, q, dotted);
                return 1;
            }
        }
        lw_sqli_push(sc, '1', p, e);
        sc->pos = e;
        return 1;
    }
    if (IS_WORD(c)) {
        e = word_end(s, len, p, &dotted);
        if (e == p) {
            /* a byte word_end does not take (a lone 0xa0 is skipped as
             * white space above): step over it, the scan must advance */
            sc->pos = p + 1;
            return 1;
        }
        if (e == p + 1 && e < len && s[e] == '\'' && strchr("nNxXbBeE", c)) {
            /* N'..', X'..', B'..', E'..' literals */
            apr_size_t q = lw_sqli_string_end(s, len, e + 1, '\'');
            q = q < len ? q + 1 : len;
            lw_sqli_push(sc, (c | 0x20) == 'x' || (c | 0x20) == 'b' ? '1' : 's',
                         p, q);
            sc->pos = q;
            return 1;
        }
        if (!dotted && e + 2 < len && s[e] == '/') {
            apr_uint32_t bits = 0;
            apr_size_t q = cut_word(sc, p, e, &bits);
            if (q) {
                word_as(sc, p, q, bits);
                return 1;
            }
        }
        word(sc, p, e, dotted);
        return 1;
    }
    c = op(s, len, p, &n);
    lw_sqli_push(sc, c, p, p + n);
    sc->pos = p + n;
    return 1;
}
