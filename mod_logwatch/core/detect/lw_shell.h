/* The shell detector's private parts: the tokens its lexer produces
 * (lw_shell_lex.c), the command and argument shapes (lw_shell_cmd.c) and
 * the parser that judges them (lw_shell.c). */
#ifndef LW_SHELL_H
#define LW_SHELL_H

#include <string.h>

#include "lw_detect.h"

/* Sections of shell.words, in the order of lw_shell_sections[]. */
enum {
    SH_UNIX, SH_WIN, SH_PS, SH_PATHS, SH_BINDIRS, SH_WRAP, SH_SHELLS,
    SH_COMMON, SH_VARS, SH_NUMARG, SH_EXTS, SH_RESERVED, SH_SINKS, SH_PROSE,
    SH_VERBS, SH_LOOKUP, SH_SCRIPTS, SH_PROBE, SH_TARGETS, SH_VERSIONED,
    SH_PSTYPES, SH_FILTERS, SH__NSEC
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
#define W_PSENV    0x800    /* PowerShell's $env:NAME of a known variable */

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
    int anyglobs;           /* those of words off a command position */
    int splices;            /* substitutions glued in words tried (bounded) */
    int markup;             /* an HTML tag stood right before this token */
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

/* Shapes of a command's arguments. */
#define A_FLAG    0x001     /* -x --xx, /x for a Windows command */
#define A_PATH    0x002     /* /x ./x */
#define A_SYSPATH 0x004     /* a system path: /etc/..., c:\..., ~, ../ */
#define A_URL     0x008     /* scheme://, an IPv4 address, host.tld/path */
#define A_NUM     0x010
#define A_QUOTED  0x020     /* quoted code: perl -e '...' */
#define A_REDIR   0x040     /* > < >> 2>&1 */
#define A_PLAIN   0x080     /* an ordinary word */
#define A_ENC     0x100     /* powershell -enc BASE64 */
#define A_EXP     0x200     /* an expansion: cat $f */
#define A_CALL    0x400     /* PowerShell word followed by ( or $( */
#define A_VERB    0x800     /* the command's own verb: net user, yum install */
#define A_TARGET  0x1000    /* a system path whose use is the attack itself
                             * (/etc/shadow, /dev/tcp/..., repair/sam) */

#define BARE 3              /* judge(): a lone command word after a separator */

typedef struct {
    int active, known, pos, wrapped, pathcmd, cmdlet;
    int winargs;            /* c:\x, %VAR%, /flag: cmd.exe's syntax */
    int lastflag;           /* the last argument was a -flag */
    int anybin;             /* unknown, but a binary's name at a strong place */
    int unixcap;            /* a Unix-only command written with a capital
                             * letter: no Unix host runs it (Stats | Uptime) */
    int prose;              /* an argument is an English function word
                             * (install to /opt, /bin/sh vs /bin/bash) */
    int afternum;           /* the value is a number or an address, a list
                             * operator and this command: 127.0.0.1;hostname */
    int obf;                /* the command's name was written with escapes,
                             * quotes or empty expansions inside: c^md,
                             * c''at, w$@hoami (never English) */
    int lead;               /* the first word after a separator that starts
                             * the value or a line: ;env, %0aset */
    int relexec;            /* ./x, ../x: a file run from a relative path
                             * (not in the table) */
    int implicit;           /* PowerShell runs its first argument (no
                             * -Command): powershell Get-ChildItem */
    int typed;              /* the value is a command line from its start
                             * (sh_parse_t's typed when this one began) */
    apr_uint32_t bits;
    apr_size_t off, end;
    unsigned a;
    int nargs;
    int nplain;             /* arguments that are ordinary words */
    int expect;             /* 1: a wrapper's next word is a command;
                             * 2: so is a shell's after -c, /c, -Command */
    int enc, redir;         /* the next word is base64 / a redirection target */
    char name[40];
} sh_cmd_t;

typedef struct {
    sh_ctx_t *P;
    int cmdpos;             /* S_* or -1: not at a command position */
    apr_size_t sep_off;
    sh_cmd_t cur;
    int assigned;           /* a NAME=value seen at a command position */
    int start_flag;         /* a command had a flag or redirection */
    int forst, ifst;
    int fordepth;           /* groups open inside FOR's (...) */
    int ifpos;              /* the command position of IF */
    int ifsep;              /* IF EXIST after a list operator */
    int computed;           /* PowerShell's & on a computed name */
    apr_size_t computed_off;
    apr_size_t close_end;   /* just after the last ) or closing ` */
    apr_size_t sink_end;    /* just after the last word naming a sink */
    int seg_words, seg_plain, nseg, nbare;
    int prose;              /* words of two letters or more, not commands */
    int bare;               /* 1: a lone command; 2, 3: in `..` (3: common) */
    int nwords;             /* words so far */
    int lead_num;           /* the index (from 1) of a word first on a line
                             * that is a number or an address; 0: none */
    int lead_sep;           /* 1: the next word follows a list operator or
                             * a line break that starts the value or a
                             * line */
    int prev_nl;            /* the last token was a line break */
    int lead_path;          /* the value's first word has a '/' (a list of
                             * paths: ./lib;./vendor) */
    int ntok;               /* tokens so far */
    int last_sep;           /* the last separator (S_*) */
    int typed;              /* the value starts with a command and its
                             * arguments (ps aux | grep x, for i in ...): a
                             * command line typed as text, not one broken
                             * out of the application's */
    int nchar;              /* PowerShell [char]N casts seen */
    int span;               /* inside a Markdown code span among prose
                             * ("Try `kill -9 $(pgrep x)` and restart"):
                             * judged as a command line typed there */
    int span_typed;         /* typed before the span opened */
    int prose_out;          /* words outside backquotes (-1: not counted) */
    int lead_bare;          /* a command that needs no more at lead_sep */
    apr_size_t lead_off, lead_end;
    char lead_why[LW_DETECT_WHY];
    int start_bare, start_words;
    apr_size_t start_end;
    char start_why[LW_DETECT_WHY];
    apr_size_t bare_off, bare_end;
    char bare_why[LW_DETECT_WHY];
} sh_parse_t;

#define GET(S, w, n) lw_words_get((S)->P->words, (w), (n))
#define B(x) SH_BIT(SH_##x)

static APR_INLINE int sh_is(const sh_tok_t *t, const char *w)
{
    apr_size_t n = strlen(w);
    return t->n == n && memcmp(t->w, w, n) == 0;
}

static APR_INLINE int sh_has(const char *w, apr_size_t n, char c)
{
    return memchr(w, c, n) != NULL;
}

/* lw_shell_cmd.c: the command word at a command position (c zeroed and
 * filled), one argument of it, whether a word names a system path. */
void lw_sh_classify(sh_parse_t *S, const sh_tok_t *t, sh_cmd_t *c);
void lw_sh_arg(sh_parse_t *S, sh_cmd_t *c, const sh_tok_t *t);
int lw_sh_syspath(sh_parse_t *S, const sh_tok_t *t);
/* A text filter after a pipe (| grep x, | Sort-Object CPU) whose
 * arguments only shape what it prints. */
int lw_sh_filter(const sh_cmd_t *c);

/* bash's history expansion at x[0] == '!' (!!, !-2, !$, !#, !12:p): 0 none,
 * 1 also an exclamation ("!!", "!5"), 2 nothing else ("!-1", "!$"). */
int lw_sh_history(const char *x, apr_size_t n);

/* What each S_* separator is written as in a reason ("sh:;cat"). */
extern const char *const lw_sh_sep_str[S__N];

/* A line break token t with an empty line in it (\n\n): the next line
 * starts after a line of its own. */
int lw_sh_blank_line(const char *s, const sh_tok_t *t);
/* Does the command line end at P->s[i] (blanks, then the end, a list
 * operator, ) ` or a redirection)? */
int lw_sh_ends_at(const sh_ctx_t *P, apr_size_t i);
/* A word at a command position that reruns a command (!!, !-1, ^old^new):
 * records the finding and returns 1. */
int lw_sh_rerun(sh_parse_t *S, const sh_tok_t *t);
/* PowerShell's [char]N casts in a word, counted; two make a finding. */
void lw_sh_char_casts(sh_parse_t *S, const sh_tok_t *t);
/* A command substitution that opens at P->s[i] ('`' or "$(") glued to the
 * word's bytes pre[0..pn) before it (from P->s[from], quotes removed, lower
 * case) or to name bytes after it: records a finding when the word the
 * shell builds from them (w`echo h`oami: whoami) names a command. */
void lw_sh_splice(sh_ctx_t *P, const char *pre, apr_size_t pn,
                  apr_size_t from, apr_size_t i);

/* lw_shell_gate.c: 1 when the value cannot hold a finding (no byte an
 * injection needs, or only plain words shell.words does not list where the
 * parse looks); the shellshock prefix "() {" at s. */
int lw_sh_reject(const lw_words_t *w, const char *s, apr_size_t len);
int lw_sh_shellshock(const char *s, apr_size_t n);

#endif
