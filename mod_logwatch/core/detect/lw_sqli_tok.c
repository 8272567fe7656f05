/* One reading of a value as SQL: the folding of the token stream and the
 * token sequences that decide (see lw_sqli.c for the letters). The last
 * LW_SQLI_RING tokens are kept; a '(' saves that window so its ')' can put
 * it back with the group folded into one token. Work is linear in the
 * value: each byte is read once (lw_sqli_lex.c), each token checked
 * against a fixed list of short sequences. */
#include "lw_sqli.h"

#define SEC(x) (1u << (x))
enum { B = 1, Q = 2, ANY = 3 };      /* which readings a sequence is for */
enum { WEAK = LW_DETECT_WEAK, STRONG = LW_DETECT_STRONG };

/* The sequences, read backwards from the newest token (which must match
 * the last element). '^' anchors at the first token of the reading ('s',
 * the literal a quoted reading breaks out of); "!c" first: the token before
 * the match is not c. Between elements a '(' is skipped. Classes:
 *   V an operand          W an operand that is not a bare name
 *   X what a select list starts with
 *   Y what follows a stacked statement keyword
 *   A what follows a breakout and a ')'
 *   C a comparison written with symbols (=, <, >=, <>, ...), not a word
 *   Z a lone quote that ends the value: the query's own quote closes it
 *   T a number or a string that MySQL reads as a number other than 0 */
#define P(seq) seq, sizeof(seq) - 1
static const struct {
    const char *p;
    apr_size_t len;
    unsigned char where, level;
    unsigned char same;      /* the two operands of the last '=' are the
                              * same text (x=x): a tautology */
} pats[] = {
    /* UNION [ALL] SELECT and a select list */
    { P("USX"), ANY, STRONG, 0 },           /* -1 union select 1,2 */
    { P("USn,"), ANY, STRONG, 0 },          /* union select name, pass */
    { P("USn[kr]"), ANY, STRONG, 0 },       /* union select pass from */
    { P("[s1)L]US$"), ANY, WEAK, 0 },       /* 1 union select */
    /* SELECT with a select list, a subquery */
    { P("(SX"), ANY, STRONG, 0 },           /* (select 1 ... */
    { P("S*"), ANY, STRONG, 0 },            /* select * */
    { P("Sv"), ANY, STRONG, 0 },            /* select @@version */
    { P("^S[fF]("), ANY, STRONG, 0 },       /* select count( */
    { P("^S1,"), ANY, STRONG, 0 },          /* select 1,2 */
    { P("^SL[;$]"), ANY, STRONG, 0 },       /* select current_user; */
    { P("FSX"), ANY, STRONG, 0 },           /* if(..) select 1 */
    /* stacked statements, procedures, waitfor delay */
    { P(";[SED]Y"), ANY, STRONG, 0 },       /* ; drop table */
    { P(";S[1s]"), ANY, STRONG, 0 },        /* ; select 1 */
    { P(";[SED]n[k&K=,E]"), ANY, STRONG, 0 }, /* ; update t set */
    /* "; set the table": a statement word, a name and FROM, JOIN, INTO or
     * TABLE is SQL after a value, or when the statement is a SELECT */
    { P("[1s)];[SED]nr"), ANY, STRONG, 0 },  /* 1; copy t from */
    { P(";Snr"), ANY, STRONG, 0 },           /* ; select pass from */
    { P(";[SED]c"), ANY, STRONG, 0 },       /* ; shutdown -- */
    { P("^s;[SED]$"), Q, STRONG, 0 },       /* '; shutdown */
    /* 1; shutdown, not "Status; Uptime; Load": what a stacked query
     * follows is a value, not a bare word of a list */
    { P("[1s)];[SED]$"), ANY, WEAK, 0 },    /* 1; shutdown */
    { P("[SE]f"), ANY, STRONG, 0 },         /* exec xp_cmdshell */
    { P("D[kn][s1]"), ANY, STRONG, 0 },     /* waitfor delay '0:0:5' */
    { P("^s[SED][tfF*(v]"), Q, STRONG, 0 }, /* ' exec xp_cmdshell */
    { P("^s[SED]r[nt]"), Q, STRONG, 0 },    /* ' drop table t */
    /* boolean conditions: after the breakout of a quoted reading; else
     * (prose after an apostrophe, a bare value) after a value, not a name,
     * and, unless both sides of the comparison are values, not after a
     * comparison already (x>5 and y<3 is an expression) */
    { P("^s&V=V"), Q, STRONG, 0 },          /* ' or a=b */
    { P("^s)&V=V"), Q, STRONG, 0 },         /* ') or (a=b */
    { P("V&WCW"), ANY, STRONG, 0 },         /* id=1 or 2>1 */
    { P("V&[1)vtLfF]=[1)vtLfF]"), ANY, STRONG, 0 }, /* 1 or 1 like 1 */
    { P("!=[1s)]&W=V"), ANY, STRONG, 0 },   /* 1 or 1=x */
    { P("!=[1s)]&V=W"), ANY, STRONG, 0 },   /* 1 and x>0 */
    { P("V&n=n"), ANY, STRONG, 1 },         /* 1 or x=x */
    { P("V&VCV"), ANY, WEAK, 0 },           /* a or b=c (not: a or b is c) */
    { P("^&n=n"), ANY, STRONG, 1 },         /* or x=x */
    { P("^&W=W"), ANY, STRONG, 0 },         /* or 1=1 */
    { P("^&V=W"), ANY, WEAK, 0 },           /* and x>1 */
    { P("^&W=V"), ANY, WEAK, 0 },
    { P("^&Wc"), ANY, STRONG, 0 },          /* or true-- */
    { P("^&[1L]$"), ANY, WEAK, 0 },         /* and 1 */
    { P("k&W=W"), ANY, STRONG, 0 },         /* case when 1=1 */
    { P("F([1sL]=[1sL]"), ANY, STRONG, 0 }, /* if(1=1 */
    { P("V&f"), ANY, STRONG, 0 },           /* 1 and sleep(5) */
    { P("V&f("), ANY, STRONG, 0 },          /* 1 and sleep(5 */
    { P("[1s)]&F"), ANY, STRONG, 0 },       /* 1 and ascii(x) */
    { P("[1s)]&F("), ANY, STRONG, 0 },
    { P("V&Wc"), ANY, WEAK, 0 },            /* 1 or 1-- */
    { P("[1)]&L[$c]"), ANY, STRONG, 0 },    /* 1 or true */
    { P("[1)]&L;c"), ANY, STRONG, 0 },      /* 1 or true;-- */
    { P("^s&Wc"), Q, STRONG, 0 },           /* ' or 'a'# */
    { P("^s&[1vtLfF)]$"), Q, STRONG, 0 },   /* ' or 1 */
    { P("^s&[1vtLfF)][&;)KU]"), Q, STRONG, 0 }, /* ' or 1 union */
    { P("^s&T$"), Q, STRONG, 0 },           /* ' or '1 */
    { P("^s&s[o=*]"), Q, STRONG, 0 },        /* ' or ''-' */
    { P("^s&g"), Q, STRONG, 0 },            /* ' || f( */
    { P("^s&[ns]"), Q, WEAK, 0 },           /* ' or x */
    { P("^s[C=][1vtLfF)][&;)KUc]"), Q, STRONG, 0 }, /* '=1-- */
    { P("^s[C=][1vtLfF)]"), Q, WEAK, 0 },   /* ' is null */
    { P("^sCZ"), Q, STRONG, 0 },            /* '=' */
    { P("^s=s"), Q, WEAK, 0 },              /* 'like' */
    { P("^s[o=&][fF]"), Q, STRONG, 0 },     /* '+char(65) */
    { P("^so[s1]c"), Q, STRONG, 0 },        /* 1'^0# */
    { P("^so[s1]"), Q, WEAK, 0 },           /* '-' */
    { P("^s,[1sLv][,)]"), Q, STRONG, 0 },   /* ', 1, 2) */
    { P("^s,[1sL]"), Q, WEAK, 0 },          /* ', 1 */
    /* a breakout closed by ')' or ended by a comment */
    { P("^s)A"), Q, STRONG, 0 },            /* ') union */
    { P("^s)&[1vtLfF)]"), Q, STRONG, 0 },   /* ') or 1 */
    { P("^s)CV"), Q, STRONG, 0 },           /* ')=(1 */
    { P("^s)[o&][fF]"), Q, STRONG, 0 },     /* ')+char(65) */
    { P("^s)&g("), Q, STRONG, 0 },          /* ') or f( */
    { P("^s)&n"), Q, WEAK, 0 },
    { P("^s)c"), Q, STRONG, 0 },            /* ')-- */
    { P("^s),[1sLv)]"), Q, STRONG, 0 },     /* '),(1 */
    { P("^s)[;,]$"), Q, WEAK, 0 },          /* '); */
    /* a breakout that closes groups and opens new ones for the query's
     * own closing parentheses: ')) and (( */
    { P("^s)&($"), Q, STRONG, 0 },
    { P("^s;$"), Q, WEAK, 0 },              /* '; (and a NUL cut off) */
    { P("^s*[s1]"), Q, WEAK, 0 },           /* '*1*' */
    /* a comment glued to the breakout ends the query there; with a
     * blank or a '#' it is also prose ("the players' #10") */
    { P("^sQ"), Q, STRONG, 0 },             /* admin'-- */
    { P("^sc"), Q, WEAK, 0 },               /* admin' -- */
    { P("^s;c"), Q, WEAK, 0 },              /* '; -- */
    /* a function only SQL has, unless prose names it; what follows the
     * call is SQL's (sleep(5)--, sleep(5) and 1, sleep(5) in (1)), or
     * nothing: "sleep(1000) in python" asks about it */
    { P("!nf("), ANY, WEAK, 0 },            /* benchmark( */
    { P("!nf[$c;&)o,KUl]"), ANY, STRONG, 0 }, /* sleep(5)-- */
    { P("!nf=[(1sLvfF]"), ANY, STRONG, 0 }, /* sleep(5)=0 */
    { P("^F($"), ANY, STRONG, 0 },          /* database( (a name) */
    { P("f("), ANY, WEAK, 0 },              /* use sleep() */
    /* clauses after a value */
    { P("[s1)]K1"), ANY, STRONG, 0 },       /* 1 order by 5 */
    { P("^K1$"), ANY, STRONG, 0 },          /* order by 5 */
    { P("^K1[c;,]"), ANY, STRONG, 0 },      /* order by 5-- */
    { P("[s1)]l1"), ANY, STRONG, 0 },       /* 1 limit 1 */
    { P("^sl1"), Q, STRONG, 0 },            /* ' limit 1 */
    { P("[s1)]KF"), ANY, STRONG, 0 },       /* 1 procedure analyse( */
    { P("^KF"), ANY, STRONG, 0 },
    { P("^sKF"), Q, STRONG, 0 },
    { P("^sK[1nv]"), Q, STRONG, 0 },        /* ' group by x */
    { P("rxs"), ANY, STRONG, 0 },           /* into outfile '/x' */
    /* casts */
    { P("[s1)fFgL]:y"), ANY, STRONG, 0 },   /* '::int */
    { P("n:y"), ANY, WEAK, 0 },             /* x::int */
    /* system objects after a keyword */
    { P("rt"), ANY, STRONG, 0 },            /* from sysobjects */
    /* what only a probe sends alone: a catalog name, a server variable
     * or information call (or a group around one), a procedure with its
     * argument; and a value that breaks out to read one */
    { P("^M$"), B, STRONG, 0 },             /* information_schema.tables */
    { P("^I$"), B, STRONG, 0 },             /* @@version, cast(user() ..) */
    { P("^s[o=&]I"), Q, STRONG, 0 },        /* '+@@version+' */
    { P("^f[sv][$;,c]"), B, STRONG, 0 },    /* xp_dirtree '\\h\a' */
    /* a SQLite shell command after a statement */
    { P(";.G"), ANY, STRONG, 0 },           /* 1;.shell id */
    /* a division by zero: an error on demand */
    { P("[1s)]N0[$;)&c]"), ANY, STRONG, 0 }, /* 1 div 0 */
    /* a string built from character codes: char(97)||char(100) */
    { P("H[oP,]H"), ANY, STRONG, 0 },
    /* a statement SQL has no word for here (PL/SQL's begin), then a
     * distinctive call, or a statement word, a name and a string (SQLite's
     * attach database '/x'), after a value */
    { P("[1s)];nf"), ANY, STRONG, 0 },      /* '; begin dbms_lock.sleep */
    { P("[1s)];[SED]ns"), ANY, STRONG, 0 }, /* '; attach database '/x' */
    /* after a value, a statement on a schema object or a call */
    { P("[1s)];[SED]O"), ANY, STRONG, 0 },  /* 1;drop database x */
    { P("[1s)];[SED][gF]"), ANY, STRONG, 0 }, /* 1;call x() */
    /* a statement and its arguments stacked after a value */
    { P("[1s)];[SED][SED]nr"), ANY, STRONG, 0 }, /* 1;bulk insert x from */
    { P("[1s)];[SED][SED]s,"), ANY, STRONG, 0 }, /* 1;exec sp_configure 'x',1 */
    { P("[1s)];[SED]s,"), ANY, STRONG, 0 },  /* 1;sp_configure 'x',1 */
    /* a subquery that reads a table, as an operand */
    { P("[o=,](Snr"), ANY, STRONG, 0 },     /* '+(select pass from */
    { P("[o=,](Sk1"), ANY, STRONG, 0 },     /* =(select top 1 */
    /* a keyword or a quote glued to a MySQL versioned comment */
    { P("J"), ANY, STRONG, 0 },             /* / *!50000union* / */
};

#define NSEQ (sizeof(pats) / sizeof(pats[0]))
typedef char lw_sqli_seqs_fit[NSEQ <= LW_SQLI_MAX_SEQS ? 1 : -1];

/* Each token letter is a bit; T, C and Z are properties of a token.
 * cls_mask maps a letter or a class of the sequences to the bits it
 * accepts, so an element is checked with one AND. */
typedef apr_uint64_t mask_t;
#define B_s ((mask_t)1 << 0)
#define B_1 ((mask_t)1 << 1)
#define B_n ((mask_t)1 << 2)
#define B_v ((mask_t)1 << 3)
#define B_t ((mask_t)1 << 4)
#define B_L ((mask_t)1 << 5)
#define B_f ((mask_t)1 << 6)
#define B_F ((mask_t)1 << 7)
#define B_g ((mask_t)1 << 8)
#define B_y ((mask_t)1 << 9)
#define B_k ((mask_t)1 << 10)
#define B_r ((mask_t)1 << 11)
#define B_U ((mask_t)1 << 12)
#define B_S ((mask_t)1 << 13)
#define B_E ((mask_t)1 << 14)
#define B_D ((mask_t)1 << 15)
#define B_AND ((mask_t)1 << 16)
#define B_EQ ((mask_t)1 << 17)
#define B_o ((mask_t)1 << 18)
#define B_STAR ((mask_t)1 << 19)
#define B_K ((mask_t)1 << 20)
#define B_x ((mask_t)1 << 21)
#define B_OPEN ((mask_t)1 << 22)
#define B_CLOSE ((mask_t)1 << 23)
#define B_COMMA ((mask_t)1 << 24)
#define B_SEMI ((mask_t)1 << 25)
#define B_DOT ((mask_t)1 << 26)
#define B_CAST ((mask_t)1 << 27)
#define B_c ((mask_t)1 << 28)
#define B_END ((mask_t)1 << 29)
#define B_T ((mask_t)1 << 30)
#define B_C ((mask_t)1 << 31)
#define B_Z ((mask_t)1 << 32)
#define B_l ((mask_t)1 << 33)
/* properties: reads server information (@@version, version(), a group
 * holding one), a catalog name, a SQLite shell command, a keyword glued
 * to the start of a MySQL versioned comment, div/mod, the number 0 */
#define B_I ((mask_t)1 << 34)
#define B_M ((mask_t)1 << 35)
#define B_G ((mask_t)1 << 36)
#define B_J ((mask_t)1 << 37)
#define B_N ((mask_t)1 << 38)
#define B_0 ((mask_t)1 << 39)
#define B_H ((mask_t)1 << 40)     /* char(97), chr(97): a character code */
#define B_P ((mask_t)1 << 41)     /* || or &&, not a word */
#define B_O ((mask_t)1 << 42)     /* database, user, index: a DDL object */
#define B_Q ((mask_t)1 << 43)     /* -- or slash-star glued to the token
                                   * before it: admin'-- */
#define B_HOTPROP (B_I | B_M | B_G | B_J | B_N)
typedef char lw_sqli_bits_fit[B_Q < ((mask_t)1 << LW_SQLI_TOK_BITS) ? 1 : -1];

static const mask_t cls_mask[128] = {
    ['s'] = B_s, ['1'] = B_1, ['n'] = B_n, ['v'] = B_v, ['t'] = B_t,
    ['L'] = B_L, ['f'] = B_f, ['F'] = B_F, ['g'] = B_g, ['y'] = B_y,
    ['k'] = B_k, ['r'] = B_r, ['U'] = B_U, ['S'] = B_S, ['E'] = B_E,
    ['D'] = B_D, ['&'] = B_AND, ['='] = B_EQ, ['o'] = B_o, ['*'] = B_STAR,
    ['K'] = B_K, ['x'] = B_x, ['('] = B_OPEN, [')'] = B_CLOSE,
    [','] = B_COMMA, [';'] = B_SEMI, ['.'] = B_DOT, [':'] = B_CAST,
    ['c'] = B_c, ['$'] = B_END, ['T'] = B_T, ['C'] = B_C, ['Z'] = B_Z,
    ['l'] = B_l, ['I'] = B_I, ['M'] = B_M, ['G'] = B_G, ['J'] = B_J,
    ['N'] = B_N, ['0'] = B_0, ['H'] = B_H, ['P'] = B_P, ['O'] = B_O,
    ['Q'] = B_Q,
    ['V'] = B_s | B_1 | B_n | B_v | B_t | B_L | B_f | B_F | B_g | B_CLOSE,
    ['W'] = B_s | B_1 | B_v | B_t | B_L | B_f | B_F | B_CLOSE,
    ['X'] = B_1 | B_s | B_v | B_t | B_L | B_f | B_F | B_g | B_OPEN | B_STAR,
    ['Y'] = B_k | B_r | B_v | B_t | B_L | B_f | B_F | B_STAR | B_OPEN
        | B_AND | B_EQ | B_x | B_K | B_D,
    ['A'] = B_K | B_U | B_S | B_E | B_D | B_CAST | B_x
};

static mask_t tok_mask(const lw_sqli_scan_t *sc, const lw_sqli_tok_t *tk)
{
    mask_t m = cls_mask[(unsigned char)tk->t & 127];
    if (tk->truthy)
        m |= B_T;
    if (tk->t == '=' && !(lw_sqli_cls[(unsigned char)sc->s[tk->off]]
                          & LW_SQLI_C_WORD))
        m |= B_C;
    if (tk->t == '&' && !(lw_sqli_cls[(unsigned char)sc->s[tk->off]]
                          & LW_SQLI_C_WORD))
        m |= B_P;
    if (tk->t == 's' && tk->off + 1 == tk->end && tk->idx > 0)
        m |= B_Z;
    if (tk->t == 'v' && tk->end - tk->off > 2 && sc->s[tk->off + 1] == '@')
        m |= B_I;                               /* @@version */
    if (tk->t == 'L' && (tk->sec & SEC(LW_SQLI_INFO)))
        m |= B_I;                               /* current_user */
    if (tk->t == 't' && (tk->sec & SEC(LW_SQLI_CATALOG)))
        m |= B_M;
    if (tk->sec & SEC(LW_SQLI_DOTCMD))
        m |= B_G;
    if ((tk->t == 'F' || tk->t == 'f') && (tk->sec & SEC(LW_SQLI_CHARCODE)))
        m |= B_H;
    if (tk->sec & SEC(LW_SQLI_DDL))
        m |= B_O;
    if (tk->t == 'o' && (tk->sec & SEC(LW_SQLI_ARITH)))
        m |= B_N;
    if (tk->t == '1' && !tk->truthy)
        m |= B_0;
    if (sc->versioned && tk->off == sc->vers_at && strchr("USEDK&rxs", tk->t))
        m |= B_J;                   /* / *!50000select, / *!1111' */
    if (tk->t == 'c' && tk->off > 0 && tk->off < sc->len
        && (sc->s[tk->off] == '-' || sc->s[tk->off] == '/')
        && sc->ring.n > 1 && sc->ring.r[sc->ring.n - 2].end == tk->off)
        m |= B_Q;                   /* admin'--, 1' then slash-star */
    return m;
}

/* The bits an element [es, ee) of a sequence accepts. */
static mask_t elem_mask(const char *es, const char *ee)
{
    mask_t m = 0;
    if (*es != '[')
        return cls_mask[(unsigned char)*es & 127];
    for (es++; es < ee - 1; es++)
        m |= cls_mask[(unsigned char)*es & 127];
    return m;
}

static int same_text(const lw_sqli_scan_t *sc, const lw_sqli_tok_t *a,
                     const lw_sqli_tok_t *b)
{
    apr_size_t i, n = a->end - a->off;
    if (n != b->end - b->off)
        return 0;
    for (i = 0; i < n; i++)
        if ((sc->s[a->off + i] | 0x20) != (sc->s[b->off + i] | 0x20))
            return 0;
    return 1;
}

/* Read sequence k into masks, newest element first. */
static void compile(lw_sqli_prog_t *prog, apr_size_t k)
{
    const char *p = pats[k].p, *pe = p + pats[k].len, *ps;
    lw_sqli_seq_t *sq = &prog->seq[k];
    sq->anchored = p[0] == '^';
    sq->not_mask = p[0] == '!' ? cls_mask[(unsigned char)p[1] & 127] : 0;
    ps = p + sq->anchored + 2 * (p[0] == '!');
    sq->n = 0;
    while (pe > ps) {
        const char *es = pe - 1;    /* element [es, pe) */
        if (*es == ']')
            while (es > ps && *es != '[')
                es--;
        if (sq->n == LW_SQLI_MAX_ELEMS) {
            /* longer than the masks hold: it would never match, which the
             * unit tests of its class notice (raise LW_SQLI_MAX_ELEMS) */
            sq->el[0] = 0;
            break;
        }
        sq->el[sq->n++] = elem_mask(es, pe);
        pe = es;
    }
}

void lw_sqli_compile(lw_sqli_prog_t *prog)
{
    apr_size_t k;
    int b, l;
    mask_t m;
    memset(prog->cand, 0, sizeof(prog->cand));
    memset(prog->cand2, 0, sizeof(prog->cand2));
    memset(prog->where, 0, sizeof(prog->where));
    memset(prog->above, 0, sizeof(prog->above));
    for (k = 0; k < NSEQ; k++) {
        const lw_sqli_seq_t *sq = &prog->seq[k];
        apr_uint64_t bit = (apr_uint64_t)1 << (k % 64);
        compile(prog, k);
        for (m = sq->el[0]; m; m &= m - 1)
            prog->cand[__builtin_ctzll(m)][k / 64] |= bit;
        if (sq->n < 2)
            for (b = 0; b < LW_SQLI_TOK_BITS; b++)
                prog->cand2[b][k / 64] |= bit;
        else
            for (m = sq->el[1]; m; m &= m - 1)
                prog->cand2[__builtin_ctzll(m)][k / 64] |= bit;
        if (pats[k].where & B)
            prog->where[0][k / 64] |= bit;
        if (pats[k].where & Q)
            prog->where[1][k / 64] |= bit;
        for (l = 0; l < 3; l++)
            if (pats[k].level > l)
                prog->above[l][k / 64] |= bit;
    }
}

/* Match a sequence against the newest tokens; returns the index in the
 * ring of the first matched token, -1 when it does not match. */
static int match(const lw_sqli_ring_t *rg, const lw_sqli_seq_t *sq)
{
    int ri = rg->n - 1, k = 0, first = 1;

    while (k < sq->n) {
        if (ri < 0)
            return -1;
        if (sq->el[k] & rg->r[ri].bits) {
            ri--;
            k++;
            first = 0;
        }
        else if (!first && rg->r[ri].t == '('
                 && !(ri > 0 && rg->r[ri - 1].t == ')'))
            ri--;                   /* ")(" is never SQL: not skipped */
        else
            return -1;
    }
    if (sq->anchored && rg->r[ri + 1].idx != 0)
        return -1;
    if (ri >= 0 && (sq->not_mask & rg->r[ri].bits))
        return -1;
    return ri + 1;
}

static void evaluate(lw_sqli_scan_t *sc)
{
    const lw_sqli_ring_t *rg = &sc->ring;
    mask_t newest, b;
    apr_uint64_t cand[LW_SQLI_MAX_SEQS / 64] = { 0 };
    const lw_sqli_prog_t *prog = sc->prog;
    int word;
    if (sc->idx - sc->hot > LW_SQLI_RING || !rg->n)
        return;
    newest = rg->r[rg->n - 1].bits;
    for (b = newest; b; b &= b - 1) {
        int i = __builtin_ctzll(b), j;
        for (j = 0; j < LW_SQLI_MAX_SEQS / 64; j++)
            cand[j] |= prog->cand[i][j];
    }
    for (word = 0; word < LW_SQLI_MAX_SEQS / 64; word++)
        cand[word] &= prog->where[sc->quote != 0][word]
            & prog->above[sc->best][word];
    if (rg->n >= 2 && rg->r[rg->n - 2].t != '(') {
        /* the token before the newest is no '(' a sequence could skip:
         * it must match the element before the newest */
        apr_uint64_t c2[LW_SQLI_MAX_SEQS / 64] = { 0 };
        for (b = rg->r[rg->n - 2].bits; b; b &= b - 1) {
            int i = __builtin_ctzll(b), j;
            for (j = 0; j < LW_SQLI_MAX_SEQS / 64; j++)
                c2[j] |= prog->cand2[i][j];
        }
        for (word = 0; word < LW_SQLI_MAX_SEQS / 64; word++)
            cand[word] &= c2[word];
    }
    /* the sequences in their order: the first that matches at a level
     * decides the span and the letters */
    for (word = 0; word < LW_SQLI_MAX_SEQS / 64; word++) {
        apr_uint64_t c;
        for (c = cand[word]; c; c &= c - 1) {
            apr_size_t k = (apr_size_t)word * 64 + __builtin_ctzll(c);
            int at, i;
            if (!(pats[k].where & (sc->quote ? Q : B))
                || pats[k].level <= sc->best
                || (pats[k].level == WEAK && sc->in_stmt))
                continue;
            at = match(rg, &prog->seq[k]);
            if (at < 0)
                continue;
            if (pats[k].same && (rg->n < 3 || rg->r[rg->n - 2].t != '='
                                 || !same_text(sc, &rg->r[rg->n - 1],
                                               &rg->r[rg->n - 3])))
                continue;
            sc->best = pats[k].level;
            sc->lead_s = rg->r[at].t == 'S' && (rg->r[at].idx == 0
                || (at > 0 && strchr("n=", rg->r[at - 1].t)));
            sc->lead_idx = rg->r[at].idx;
            for (i = at ? at - 1 : 0, sc->lead_marks = 0; i < rg->n; i++)
                sc->lead_marks |= rg->r[i].bits;
            sc->m->off = rg->r[at].off;
            sc->m->len = rg->r[rg->n - 1].end - rg->r[at].off;
            for (i = at, sc->m->nfp = 0; i < rg->n; i++)
                if (rg->r[i].t != '$')
                    sc->m->fp[sc->m->nfp++] = rg->r[i].t;
            if (sc->best == STRONG)
                return;
        }
    }
}

/* Every sequence holds one of these letters (or the breakout literal of a
 * quoted reading): the sequences are tried only near one, so names,
 * numbers and punctuation cost no more than their reading. */
static int is_hot(const lw_sqli_scan_t *sc, char t)
{
    switch (t) {
    case 'U': case 'S': case 'E': case 'D': case '&': case 'K': case 'x':
    case 't': case 'f': case 'F': case ':': case 'l':
        return 1;
    case 's':
        return sc->quote && sc->idx == 0;
    default:
        return 0;
    }
}

void lw_sqli_push(lw_sqli_scan_t *sc, char t, apr_size_t off, apr_size_t end)
{
    lw_sqli_ring_t *rg = &sc->ring;
    lw_sqli_tok_t *nt, *lt = rg->n ? &rg->r[rg->n - 1] : NULL;
    char last = lt ? lt->t : 0;
    apr_uint32_t sec = sc->next_sec;
    int info = sc->next_info;

    sc->next_sec = 0;
    sc->next_info = 0;
    /* fold one keyword: UNION ALL, ORDER BY, OR NOT, NOT LIKE; UNION( */
    if (lt && !lt->folded && ((t == 'k' && (last == 'U' || last == 'K'
                                            || last == '&' || last == '='))
                              || (t == '=' && last == '='))) {
        lt->folded = 1;
        return;
    }
    if (t == '(' && last == 'U')
        return;
    if (rg->n == LW_SQLI_RING) {
        memmove(rg->r, rg->r + 1, sizeof(lw_sqli_tok_t) * (LW_SQLI_RING - 1));
        rg->n--;
    }
    nt = &rg->r[rg->n++];
    nt->t = t;
    if (t == ';')
        sc->in_stmt = 0;
    nt->folded = 0;
    nt->truthy = 0;
    if (t == '1' || t == 's') {
        /* skip the quote, a sign and zeros: 1, '1', '5abc', 0x1 */
        apr_size_t k = off + (t == 's');
        if (k < end && (sc->s[k] == '-' || sc->s[k] == '+'))
            k++;
        while (k < end && (sc->s[k] == '0' || sc->s[k] == '.'))
            k++;
        nt->truthy = k < end && sc->s[k] >= '1' && sc->s[k] <= '9';
        if (t == '1' && !nt->truthy && end - off > 2 && sc->s[off] == '0'
            && (sc->s[off + 1] | 0x20) == 'x')
            nt->truthy = 1;
    }
    nt->idx = sc->idx;
    nt->off = off;
    nt->end = end;
    nt->sec = sec;
    nt->bits = tok_mask(sc, nt);
    if (info)
        nt->bits |= B_I;
    if (nt->bits & B_I)
        sc->carry |= 1u << sc->depth;
    sc->marks |= nt->bits;
    if (nt->idx >= sc->marks_from)
        sc->marks_after |= nt->bits;
    if (is_hot(sc, t) || (nt->bits & B_HOTPROP))
        sc->hot = sc->idx;
    if (sc->quote && sc->idx == 2 && !strchr("os,", t) && rg->n > 1
        && strchr("SED", rg->r[rg->n - 2].t) && rg->r[rg->n - 2].idx == 1)
        sc->stmt_lead = 1;
    sc->idx++;
    evaluate(sc);
}

void lw_sqli_open(lw_sqli_scan_t *sc, apr_size_t off)
{
    lw_sqli_ring_t *rg = &sc->ring;
    /* benchmark(s), sleep(s): English's plural in parentheses right after
     * the word is no call */
    if (rg->n && strchr("fFg", rg->r[rg->n - 1].t) && rg->r[rg->n - 1].end == off
        && ((off + 2 < sc->len && (sc->s[off + 1] | 0x20) == 's' && sc->s[off + 2] == ')')
            || (off + 3 < sc->len && (sc->s[off + 1] | 0x20) == 'e'
                && (sc->s[off + 2] | 0x20) == 's' && sc->s[off + 3] == ')'))) {
        lw_sqli_tok_t *ft = &rg->r[rg->n - 1];
        ft->t = 'n';
        ft->bits = (ft->bits & ~(B_f | B_F | B_g | B_H)) | B_n;
    }
    if (sc->depth < LW_SQLI_DEPTH
        && !(sc->ring.n && sc->ring.r[sc->ring.n - 1].t == 'U')) {
        sc->stack[sc->depth] = sc->ring;
        sc->open_off[sc->depth++] = off;
        sc->carry &= ~(1u << sc->depth);
    }
    else
        sc->overflow++;
    /* "((((" is one token: nesting must not push SQL out of the window
     * (each '(' still saved the window for its ')') */
    if (!(sc->ring.n && sc->ring.r[sc->ring.n - 1].t == '('))
        lw_sqli_push(sc, '(', off, off + 1);
}

void lw_sqli_close(lw_sqli_scan_t *sc, apr_size_t off)
{
    lw_sqli_ring_t *rg = &sc->ring;
    if (sc->overflow) {
        sc->overflow--;
        lw_sqli_push(sc, ')', off, off + 1);
    }
    else if (sc->depth) {
        /* the group (or the call) becomes one token; it reads server
         * information when it holds a token that does, or when it is an
         * information call with nothing between its parentheses */
        int info = (sc->carry >> sc->depth) & 1;
        int empty = rg->n && rg->r[rg->n - 1].t == '(';
        apr_size_t o = sc->open_off[--sc->depth];
        *rg = sc->stack[sc->depth];
        if (rg->n && strchr("fFg", rg->r[rg->n - 1].t)) {
            lw_sqli_tok_t *ft = &rg->r[rg->n - 1];
            ft->end = off + 1;
            if (info || (empty && (ft->sec & SEC(LW_SQLI_INFO)))) {
                ft->bits |= B_I;
                sc->marks |= B_I;
                if (ft->idx >= sc->marks_from)
                    sc->marks_after |= B_I;
                sc->carry |= 1u << sc->depth;
                sc->hot = sc->idx;
            }
            evaluate(sc);
        }
        else {
            sc->next_info = info;
            lw_sqli_push(sc, ')', o, off + 1);
        }
    }
    else if (rg->n && rg->r[rg->n - 1].t == ')' && rg->r[rg->n - 1].end == off)
        rg->r[rg->n - 1].end = off + 1;     /* "')))": one breakout */
    else
        lw_sqli_push(sc, ')', off, off + 1);
}

/* A comment is checked as the newest token, then dropped: comments used
 * as white space must not push SQL out of the window. */
void lw_sqli_comment(lw_sqli_scan_t *sc, apr_size_t off, apr_size_t end)
{
    lw_sqli_ring_t saved;
    if (sc->idx > 2 && !sc->stmt_lead && sc->idx - sc->hot > LW_SQLI_RING) {
        /* no sequence is tried this far from a hot token: what the push
         * would leave is its place in the stream and its mark */
        sc->marks |= B_c;
        if (sc->idx >= sc->marks_from)
            sc->marks_after |= B_c;
        sc->idx++;
        return;
    }
    saved = sc->ring;
    lw_sqli_push(sc, 'c', off, end);
    if (sc->stmt_lead && sc->best < STRONG) {
        /* a breakout, a statement and a comment that cuts the rest of
         * the query off: "' grant connect to x; --" */
        const lw_sqli_ring_t *rg = &sc->ring;
        int i;
        sc->best = STRONG;
        sc->m->off = 0;
        sc->m->len = end;
        for (i = 0, sc->m->nfp = 0; i < rg->n; i++)
            sc->m->fp[sc->m->nfp++] = rg->r[i].t;
    }
    sc->ring = saved;
}

static int word_at(const char *s, apr_size_t len, apr_size_t i,
                   const char *w, apr_size_t n)
{
    apr_size_t k;
    if (i + n > len || (i && (lw_sqli_cls[(unsigned char)s[i - 1]] & LW_SQLI_C_WORD))
        || (i + n < len && (lw_sqli_cls[(unsigned char)s[i + n]] & LW_SQLI_C_WORD)))
        return 0;
    for (k = 0; k < n; k++)
        if ((s[i + k] | 0x20) != w[k])
            return 0;
    return 1;
}

/* "SELECT * FROM table", "select col from table where ...": a template
 * from a tutorial or a question. TABLE is reserved in every dialect: no
 * query reads from it (only from TABLE(...), a table function). Looked
 * for only in values that matched. */
static int placeholder_source(const char *s, apr_size_t len)
{
    apr_size_t i, k;
    for (i = 0; i + 10 <= len; i++) {
        if (s[i] == '#' || (s[i] == '-' && s[i + 1] == '-')
            || (s[i] == '/' && s[i + 1] == '*'))
            return 0;           /* what follows is a comment */
        if ((s[i] | 0x20) != 'f' || !word_at(s, len, i, "from", 4))
            continue;
        for (k = i + 4; k < len && (lw_sqli_cls[(unsigned char)s[k]] & LW_SQLI_C_SPACE); k++)
            ;
        if (k == i + 4 || !word_at(s, len, k, "table", 5))
            continue;
        for (k += 5; k < len && (lw_sqli_cls[(unsigned char)s[k]] & LW_SQLI_C_SPACE); k++)
            ;
        if (k >= len || s[k] != '(')
            return 1;
    }
    return 0;
}

/* Tokens a query typed by a person does not hold, an attacker's does:
 * server information, catalogs and system objects, distinctive functions,
 * variables, comments, file sinks, waits, statements, unions, casts. */
#define PROBE_MARKS (B_I | B_M | B_t | B_f | B_v | B_c | B_x | B_D | B_E \
    | B_U | B_CAST | B_J | B_G)

static int scan_once(lw_sqli_scan_t *sc, const lw_words_t *w, const char *s,
                     apr_size_t len, int quote, lw_sqli_match_t *m,
                     const lw_sqli_prog_t *prog, int lead_name)
{
    sc->w = w;
    sc->s = s;
    sc->len = len;
    sc->pos = 0;
    sc->quote = quote;
    sc->versioned = 0;
    sc->no_rbracket = 0;
    sc->stmt_lead = 0;
    sc->vers_at = 0;
    sc->next_sec = 0;
    sc->next_info = 0;
    sc->carry = 0;
    sc->ring.n = 0;
    sc->depth = sc->overflow = 0;
    sc->idx = 0;
    sc->hot = (apr_uint32_t)-LW_SQLI_RING - 2;
    sc->best = LW_DETECT_NONE;
    sc->lead_name = lead_name;
    /* the token right before the statement counts with it: a versioned
     * comment that opens it (slash-star-bang 50000select) */
    sc->marks_from = lead_name && sc->lead_idx ? sc->lead_idx - 1 : 0;
    sc->lead_s = 0;
    sc->in_stmt = 0;
    sc->marks = 0;
    sc->marks_after = 0;
    sc->m = m;
    sc->prog = prog;
    if (quote) {
        /* the value continues a literal: it must close it to matter */
        apr_size_t e = lw_sqli_string_end(s, len, 0, quote);
        if (e >= len)
            return LW_DETECT_NONE;
        lw_sqli_push(sc, 's', 0, e + 1);
        sc->pos = e + 1;
    }
    while (sc->best < STRONG && lw_sqli_lex(sc))
        ;
    if (sc->best < STRONG)
        lw_sqli_push(sc, '$', len, len);
    return sc->best;
}

int lw_sqli_scan(const lw_words_t *w, const char *s, apr_size_t len, int quote,
             lw_sqli_match_t *m, const lw_sqli_prog_t *prog)
{
    lw_sqli_scan_t sc;
    int v = scan_once(&sc, w, s, len, quote, m, prog, 0);
    if (v == STRONG && sc.lead_s) {
        /* "SELECT COUNT(*) FROM orders" typed into a search box: a
         * statement from the first word is a query a person wrote, not
         * one an injection changes: the rest, read without that SELECT,
         * decides, unless the statement holds what only a probe asks for
         * (the prose or markup before it does not count: a '#' heading,
         * "create" or "open" in a post before its code block) */
        lw_sqli_match_t m2;
        apr_uint64_t first = sc.lead_marks;
        int v2 = scan_once(&sc, w, s, len, quote, &m2, prog, 1);
        /* what is weak in it (a where b = 'c') is the statement's own
         * grammar, not a fragment of an injection */
        if (v2 == STRONG || !((first | sc.marks_after) & PROBE_MARKS)) {
            v = v2 == STRONG ? v2 : LW_DETECT_NONE;
            *m = m2;
        }
    }
    if (v != LW_DETECT_NONE && placeholder_source(s, len))
        return LW_DETECT_NONE;
    return v;
}
