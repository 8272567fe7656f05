/* Inside the SQL injection detector: the word-table sections (one home:
 * lw_sqli_sections[] lists their names in this order) and the scanner of
 * one reading of a value (lw_sqli_tok.c). */
#ifndef LW_SQLI_H
#define LW_SQLI_H

#include <string.h>
#include "lw_detect.h"

enum {
    LW_SQLI_KEYWORD = 0,     /* k: from, table, by, all, distinct ... */
    LW_SQLI_UNION,           /* U: union, except, intersect */
    LW_SQLI_SELECT,          /* S */
    LW_SQLI_STATEMENT,       /* E: insert, drop, exec, declare, shutdown ... */
    LW_SQLI_WAITFOR,         /* D: waitfor (delay|time) 'hh:mm:ss' */
    LW_SQLI_LOGIC,           /* &: and, or, xor, having, where, when */
    LW_SQLI_COMPARE,         /* =: like, rlike, regexp, is, in, between ... */
    LW_SQLI_ARITH,           /* o: div, mod */
    LW_SQLI_CLAUSE,          /* K: order, group, limit, procedure */
    LW_SQLI_SINK,            /* x: outfile, dumpfile */
    LW_SQLI_LITERAL,         /* L: null, true, false */
    LW_SQLI_FUNCTION,        /* f: functions only SQL calls (benchmark) */
    LW_SQLI_FUNCTION_COMMON, /* F: SQL functions with common names (count) */
    LW_SQLI_PROCEDURE,       /* f: procedures called without '(' */
    LW_SQLI_OBJECT,          /* t: information_schema, sysobjects ... */
    LW_SQLI_TYPE,            /* y: a type after :: */
    LW_SQLI_FROM,            /* r: from, join, into, table: a source follows */
    LW_SQLI_LIMIT,           /* l: limit */
    LW_SQLI_CATALOG,         /* t, and alone a verdict: names only a
                              * database's own catalog has (sysobjects) */
    LW_SQLI_INFO,            /* what a call with no argument answers about
                              * the server: version(), user() */
    LW_SQLI_DOTCMD,          /* SQLite shell commands: ;.shell */
    LW_SQLI_CHARCODE,        /* a character from its code: char(97) */
    LW_SQLI_DDL,             /* what a statement makes or drops: database */
    LW_SQLI_SEC__COUNT
};

typedef struct {
    apr_size_t off, len;   /* span of the matched tokens */
    int ctx;               /* 0 bare, 1 after ', 2 after " */
    int nfp;
    char fp[16];           /* the token letters of the match */
} lw_sqli_match_t;

/* A token sequence of lw_sqli_tok.c read into bit masks, newest element
 * first. The sequences are written as text for their reader; they are
 * turned into masks once, when the word table is created
 * (lw_sqli_prepare, lw_words_aux), with, for each token bit,
 * the sequences whose newest element accepts it: a token is checked only
 * against those, with one AND per element. */
#define LW_SQLI_MAX_SEQS 128     /* at least the number of sequences */
#define LW_SQLI_MAX_ELEMS 8      /* elements of the longest sequence */
#define LW_SQLI_TOK_BITS 44      /* the token bits of lw_sqli_tok.c */
typedef struct {
    apr_uint64_t el[LW_SQLI_MAX_ELEMS];
    apr_uint64_t not_mask;       /* "!c": the token before is not c */
    unsigned char n, anchored;
} lw_sqli_seq_t;

typedef struct {
    /* per token bit: the sequences whose newest element accepts it, and
     * those whose element before the newest does (or that have one
     * element); per reading (bare, quoted) and per verdict level below
     * which a sequence is still worth trying: the sequences that apply */
    apr_uint64_t cand[LW_SQLI_TOK_BITS][LW_SQLI_MAX_SEQS / 64];
    apr_uint64_t cand2[LW_SQLI_TOK_BITS][LW_SQLI_MAX_SEQS / 64];
    apr_uint64_t where[2][LW_SQLI_MAX_SEQS / 64];
    apr_uint64_t above[3][LW_SQLI_MAX_SEQS / 64];
    lw_sqli_seq_t seq[LW_SQLI_MAX_SEQS];
} lw_sqli_prog_t;

/* The state of one reading (lw_sqli_tok.c), shared with the tokenizer
 * (lw_sqli_lex.c). */
#define LW_SQLI_RING 8
#define LW_SQLI_DEPTH 16

typedef struct {
    char t;
    char folded;             /* a keyword was folded into it */
    char truthy;             /* a number or a string that reads as one
                              * that is not 0: true to MySQL */
    apr_uint32_t idx;        /* position in the token stream (0: first) */
    apr_uint32_t sec;        /* the word's sections (0 for other tokens) */
    apr_size_t off, end;     /* bytes of the value */
    apr_uint64_t bits;       /* its letter and properties (lw_sqli_tok.c) */
} lw_sqli_tok_t;

typedef struct {
    lw_sqli_tok_t r[LW_SQLI_RING];
    int n;
} lw_sqli_ring_t;

typedef struct {
    const lw_words_t *w;
    const char *s;
    apr_size_t len, pos;
    int quote;               /* 0, '\'' or '"' */
    int versioned;           /* inside a MySQL comment whose text is SQL */
    int stmt_lead;           /* a quoted reading's breakout is followed by a
                              * statement keyword */
    int no_rbracket;         /* no ']' is left: a '[' is an operator */
    apr_size_t vers_at;      /* where the text of the last versioned
                              * comment starts (a keyword glued to it) */
    apr_uint32_t next_sec;   /* the sections of the word pushed next */
    int next_info;           /* the token pushed next reads server
                              * information (a group that holds such) */
    apr_uint32_t carry;      /* bit d: the group at depth d holds a token
                              * that reads server information */
    lw_sqli_ring_t ring;
    lw_sqli_ring_t stack[LW_SQLI_DEPTH]; /* the window before each '(' */
    apr_size_t open_off[LW_SQLI_DEPTH];
    int depth, overflow;     /* saved groups, '(' past LW_SQLI_DEPTH */
    apr_uint32_t idx, hot;   /* tokens pushed; index of the last hot one */
    int best;
    int lead_name;           /* a SELECT that starts the value is a name */
    int lead_s;              /* the strong match starts at a leading S */
    int in_stmt;             /* after a SELECT a person wrote (lw_sqli_lead)
                              * and before a ';': weak sequences are that
                              * statement's own grammar */
    apr_uint32_t lead_idx;   /* ... at that token */
    apr_uint64_t lead_marks; /* the bits of the match and the token
                              * before it */
    apr_uint64_t marks;      /* the bits of every token read */
    apr_uint32_t marks_from; /* marks_after: the bits of the tokens from */
    apr_uint64_t marks_after; /* this index on (the statement a person
                              * wrote, not the prose before it) */
    lw_sqli_match_t *m;
    const lw_sqli_prog_t *prog;
} lw_sqli_scan_t;

/* Whether a SELECT read now would start a statement a person wrote: the
 * first token, or after a name or a comparison (prose, markup: "<code>
 * SELECT"), where no injected SELECT stands (those follow UNION, '(' or
 * ';'). */
static APR_INLINE int lw_sqli_lead(const lw_sqli_scan_t *sc)
{
    char t = sc->ring.n ? sc->ring.r[sc->ring.n - 1].t : 0;
    return sc->idx == 0 || t == 'n' || t == '=';
}

/* The tokenizer hands each token to the sequence checker. */
void lw_sqli_push(lw_sqli_scan_t *sc, char t, apr_size_t off,
                  apr_size_t end);
void lw_sqli_open(lw_sqli_scan_t *sc, apr_size_t off);
void lw_sqli_close(lw_sqli_scan_t *sc, apr_size_t off);
void lw_sqli_comment(lw_sqli_scan_t *sc, apr_size_t off, apr_size_t end);
/* Read one token at sc->pos; 0 at the end of the value. */
int lw_sqli_lex(lw_sqli_scan_t *sc);
/* Index of the quote q that closes a literal whose text starts at p, len
 * when it runs to the end. */
apr_size_t lw_sqli_string_end(const char *s, apr_size_t len, apr_size_t p,
                              int q);

/* Scan one reading of s: quote 0 (bare) or the quote character the value
 * is taken to follow. Returns LW_DETECT_*; fills m when not NONE. prog:
 * the sequences as masks (lw_sqli_compile). */
int lw_sqli_scan(const lw_words_t *w, const char *s, apr_size_t len,
                 int quote, lw_sqli_match_t *m, const lw_sqli_prog_t *prog);

/* Read the sequences into prog. */
void lw_sqli_compile(lw_sqli_prog_t *prog);

/* The byte class table shared by the gate and the tokenizer. */
extern const unsigned char lw_sqli_cls[256];
#define LW_SQLI_C_WORD 1     /* letters, digits, _, $, bytes >= 0x80 */
#define LW_SQLI_C_SPACE 2
#define LW_SQLI_C_SQL 4      /* punctuation SQL needs */
#define LW_SQLI_C_INNER 8    /* digits and $: a token may start after one
                              * inside a run of word bytes */
#define LW_SQLI_C_DOT 16     /* '.': a value of one name may be dotted */
#define LW_SQLI_C_A0 32      /* 0xa0: white space after an ASCII byte */
/* A byte 0xa0 after an ASCII byte is no UTF-8 continuation: MySQL reads
 * it (Latin-1's no-break space) as white space: 1%a0union%a0select. */
#define LW_SQLI_NBSP(s, p) ((unsigned char)(s)[p] == 0xa0 \
    && ((p) == 0 || (unsigned char)(s)[(p) - 1] < 0x80))
#define LW_SQLI_WORD_AT(s, p) \
    ((lw_sqli_cls[(unsigned char)(s)[p]] & LW_SQLI_C_WORD) \
     && !LW_SQLI_NBSP(s, p))

#endif
