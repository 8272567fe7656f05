/* The shell detector's private parts: the tokens its lexer produces
 * (lw_shell_lex.c) and the parser that judges them (lw_shell.c). */
#ifndef LW_SHELL_H
#define LW_SHELL_H

#include "lw_detect.h"

/* Sections of shell.words, in the order of lw_shell_sections[]. */
enum {
    SH_UNIX, SH_WIN, SH_PS, SH_PATHS, SH_BINDIRS, SH_WRAP, SH_SHELLS,
    SH_COMMON, SH_VARS, SH_NUMARG, SH_EXTS, SH_RESERVED, SH_SINKS, SH__NSEC
};
#define SH_BIT(s) (1u << (s))
#define SH_CMDBITS (SH_BIT(SH_UNIX) | SH_BIT(SH_WIN) | SH_BIT(SH_PS) \
                    | SH_BIT(SH_WRAP) | SH_BIT(SH_SHELLS))

#define SH_WMAX 64          /* longest word looked up (lw_words' limit) */

enum { T_END, T_WORD, T_SEP, T_CLOSE, T_REDIR };

/* What put the parser at a command position. */
enum {
    S_START,    /* the value's first word */
    S_SEMI, S_PIPE, S_OR, S_AND, S_NL,      /* list operators, newline */
    S_AMP,      /* '&' (also in "Tom & Jerry") */
    S_BQ, S_SUB,                            /* `...`, $( <( >( */
    S_PAREN, S_BRACE,                       /* ( and { */
    S_DO, S_IF, /* after cmd's FOR ... DO and IF EXIST path */
    S_SINK,     /* system( exec( popen( ...: a function running a command */
    S__N
};

/* Word flags. */
#define W_QUOTED   0x001    /* had quote characters (removed) */
#define W_ESC      0x002    /* had \x or ^x escapes (removed) */
#define W_EXP      0x004    /* had an expansion ($x, ${x}, %x%): empty */
#define W_GLOB     0x008    /* has ? * [ */
#define W_LONG     0x010    /* longer than SH_WMAX: not looked up */
#define W_ASSIGN   0x020    /* NAME=value; eq is the offset of '=' */
#define W_WINPATH  0x040    /* c:\..., \\host, %VAR%\...: backslashes are '/' */
#define W_VARPATH  0x080    /* starts with a known variable ($HOME, %WINDIR%) */
#define W_SHELLVAR 0x100    /* is exactly a shell's variable ($SHELL, %COMSPEC%) */
#define W_NAME     0x200    /* letters, digits, '_' '-' '.' only */
#define W_UPPER    0x400    /* has a capital letter (Unix would not run it) */

typedef struct {
    int type, sep;
    apr_size_t off, end;    /* the bytes of the input it covers */
    unsigned f;
    unsigned n;             /* length of w */
    unsigned eq;
    char w[SH_WMAX + 1];    /* the word as the shell would see it, lower case */
} sh_tok_t;

typedef struct {
    const lw_words_t *words;
    const char *s;
    apr_size_t len, i;
    int bq;                 /* inside `...` */
    int brace;              /* inside a {a,b} brace expansion */
    int globs;              /* glob matches tried (bounded) */
    apr_size_t scan;        /* bytes looked at for the ends of expansions */
    /* the verdict so far */
    int verdict;
    apr_size_t off, vlen;
    char why[LW_DETECT_WHY];
} sh_ctx_t;

/* Record a finding: the first of the strongest wins. */
void lw_sh_hit(sh_ctx_t *P, int v, const char *a, const char *b,
               const char *c, apr_size_t off, apr_size_t end);

/* The next token from P->s at P->i. */
int lw_sh_next(sh_ctx_t *P, sh_tok_t *t);

/* Glob match of pattern p against string s (? * [..]); '*' and '?' do
 * not match '/'. */
int lw_sh_glob(const char *p, apr_size_t pn, const char *s, apr_size_t sn);

/* The section bits of the first word in the table with one of the bits in
 * want that the glob p matches (0: none); *hit names it. Bounded per call of
 * the detector. */
apr_uint32_t lw_sh_glob_find(sh_ctx_t *P, const char *p, apr_size_t pn,
                             apr_uint32_t want, const char **hit);

#endif
