/* The shell detector: does a value inject a command into sh, cmd.exe or
 * PowerShell? The lexer (lw_shell_lex.c) gives words as the shell would
 * run them, lw_shell_cmd.c tells commands and argument shapes; this parser
 * finds the command positions (the value's start,
 * after ; | || && & newline, inside `..` $(..) <(..) >(..), after ( and {,
 * after a wrapper such as env, xargs or sh -c, after cmd's FOR ... DO and
 * IF EXIST path), looks the word there up in shell.words and judges it by
 * what put it there and by the shape of its arguments.
 *
 * English shares words with the shells (cat, more, type, find, for ... in
 * ... do), so the verdict weighs the evidence: a word that is a command
 * only in a shell (whoami, wget) after a real separator is enough; a
 * command that is also an ordinary word ([common]) needs arguments shaped
 * like a command line (a flag, a path, a URL, a redirection, quoted code);
 * the value's first word needs more still (a system path, or a flag with a
 * path, URL or number), since there is nothing before it to break out of
 * the application's own command. */
#include <string.h>
#include <stdio.h>

#include "lw_shell.h"


const char *const lw_shell_sections[] = {
    "unix", "windows", "powershell", "paths", "bindirs", "wrappers",
    "shells", "common", "vars", "numarg", "exts", "reserved", "sinks",
    "prose", "verbs", "lookup", "scripts", "probe", "targets", "versioned",
    "pstypes", "filters"
};
const int lw_shell_nsections = SH__NSEC;

const char *const lw_sh_sep_str[S__N] = {
    "", ";", "|", "||", "&&", "\\n", "&", "`", "$(", "(", "{", "do ", "if ", "sink("
};

/* The verdict on a command at the value's start. A command after a
 * separator is never judged weaker than this. */
static int judge_start(const sh_cmd_t *c, unsigned a, unsigned shape,
                       int common)
{
    /* "install to /opt/app", "copy the file to E:\\music": a sentence
     * that starts with a command's name; a command line there would have
     * a flag, a redirection or code, not "to" or "the". A weak signal
     * still when it names a secret ([targets]). */
    if (c->prose && !(a & (A_FLAG | A_REDIR | A_QUOTED | A_ENC | A_EXP)))
        return a & A_TARGET ? LW_DETECT_WEAK : LW_DETECT_NONE;
    /* "crontab -e every 5 minutes": words go on after the flags, a
     * question about the command; a system file, a URL, a redirection or
     * code would still make it a command line */
    if (c->nplain >= 2 && (a & A_FLAG) && !(a & (A_SYSPATH | A_URL | A_REDIR | A_QUOTED | A_ENC)))
        return LW_DETECT_WEAK;
    /* "tail -f /var/log/apache2/error.log", "cat /etc/os-release": a
     * command line typed alone is text to most applications, and these
     * are what people search for; reading a secret or opening a shell's
     * network device ([targets]) is the attack whatever surrounds it */
    int floor = LW_DETECT_NONE;
    if (a & A_SYSPATH) {
        if (a & A_TARGET)
            return LW_DETECT_STRONG;
        floor = LW_DETECT_WEAK;
    }
    if (c->pathcmd)     /* /bin/ls -la; alone, a setting's value
                         * (/usr/bin/python: nothing at all) */
        return c->nargs ? LW_DETECT_STRONG
            : (c->bits & B(COMMON)) ? LW_DETECT_NONE : LW_DETECT_WEAK;
    /* env id, nohup uname -a: a wrapper says its next word is a command,
     * and a probe of who and where it runs has no use but an injection's */
    if (c->wrapped == 1 && !common && (c->bits & B(PROBE))
        && !(a & ~(A_FLAG | A_NUM)))
        return LW_DETECT_STRONG;
    /* sudo apt-get install nginx: a wrapper and a command line of flags,
     * words and the command's own verbs is what an administrator types; a
     * path, a URL, code or a redirection makes it real */
    if (c->wrapped)
        return shape & ~(A_FLAG | A_VERB) ? LW_DETECT_STRONG : LW_DETECT_WEAK;
    if (!common && ((a & (A_URL | A_PATH)) || (shape & A_CALL)))
        return LW_DETECT_STRONG;
    /* Get-Process -Name x, Get-Content C:\x; a cmdlet with flags alone
     * or words alone ("Get-ChildItem -Recurse", "Copy-Item Rental") is
     * what a search for it looks like */
    if (c->cmdlet && c->nargs && ((a & ~(A_FLAG | A_NUM | A_PLAIN))
                                  || (a & (A_FLAG | A_PLAIN)) == (A_FLAG | A_PLAIN)))
        return LW_DETECT_STRONG;
    /* a flag and a number after a name English shares ("head -n 20
     * file.csv", "python -m http.server 8000") is how-to text; after nc
     * or a probe (nc -lvp 4444, ping -c 10 localhost), or with a path, a
     * URL or code, a command line */
    if ((a & A_FLAG) && (a & (A_PATH | A_URL | A_QUOTED | A_REDIR | A_EXP
                              | (common && !(c->bits & B(PROBE)) ? 0 : A_NUM))))
        return LW_DETECT_STRONG;
    if ((a & A_REDIR) && (a & A_QUOTED))
        return LW_DETECT_STRONG;        /* echo "<?php ..." > x.php */
    if ((a & A_FLAG) || c->cmdlet || (!common && (a & (A_REDIR | A_URL))))
        return LW_DETECT_WEAK;
    return floor;               /* size < 10, php > 7.4 */
}

/* The verdict on a finished command: LW_DETECT_*, or BARE. */
static int judge(const sh_cmd_t *c, int endsep)
{
    unsigned a = c->a, shape;
    int common = (c->bits & B(COMMON)) && !c->pathcmd, pos = c->pos;

    shape = a & (A_FLAG | A_PATH | A_SYSPATH | A_URL | A_REDIR | A_QUOTED
                 | A_ENC | A_EXP | A_VERB);
    if ((a & A_NUM) && (c->bits & B(NUMARG)))
        shape |= A_NUM;
    if ((c->bits & B(PS)) && (endsep == S_PAREN || endsep == S_SUB
                              || (endsep == S_BRACE && !c->nargs)))
        shape |= A_CALL;    /* iex(...), icm {...}: a call, a script block */
    if ((a & A_ENC) || c->obf)
        return LW_DETECT_STRONG;
    /* "how to use ls -la | grep", "sort | uniq -c": what reads the text
     * before the pipe and prints it again runs nothing an attacker wants */
    if (pos == S_PIPE && !(shape & A_CALL) && lw_sh_filter(c))
        return LW_DETECT_NONE;     /* (| Where-Object {...}: a script block) */
    /* "ps aux | grep nginx", "apt-get update && apt-get upgrade", "kill -9
     * $(lsof -t -i:3000)": when the value starts as a command line, what
     * follows its separators continues it; nothing was broken out of, so
     * each command is judged as at the value's start (a lone command that
     * is no English word stays as strong as anywhere) */
    if (c->typed && pos >= S_SEMI && pos != S_AMP && pos <= S_SUB && c->wrapped != 2) {
        /* sudo apt upgrade -y: in a command line a person typed, a
         * wrapper says nothing about the command it runs */
        sh_cmd_t u = *c;
        u.wrapped = 0;
        /* "cd ~ && ls": a lone command continues the typed line; a
         * probe (; whoami) or a shell fed by a pipe (| sh) is what an
         * injection appends */
        if (!common && !c->nargs)
            return c->bits & (B(PROBE) | B(SHELLS)) ? BARE : LW_DETECT_WEAK;
        return judge_start(&u, a, shape, common);
    }
    /* "powershell Get-ChildItem -Recurse": PowerShell's own command line
     * from the start, no -Command: as if the cmdlet started the value */
    if (c->implicit && pos == S_START) {
        sh_cmd_t u = *c;
        u.wrapped = 0;
        return !common && !c->nargs ? BARE : judge_start(&u, a, shape, common);
    }
    if (c->wrapped == 2 && (pos == S_START || pos == S_PAREN || pos == S_BRACE))
        pos = S_SEMI;       /* sh -c CMD, cmd /c CMD */
    else if (c->wrapped && pos != S_START)
        return LW_DETECT_STRONG;            /* ; xargs cat, & cmd /k dir */
    switch (pos) {
    case S_BQ:
        /* `cmd` is also Markdown's code span: `clang` and `gcc` */
        if (!c->nargs)
            return BARE;
        return !common || shape ? LW_DETECT_STRONG : LW_DETECT_WEAK;
    case S_SUB: case S_SINK:
        return LW_DETECT_STRONG;
    case S_SEMI: case S_PIPE: case S_OR: case S_AND: case S_NL: case S_DO:
        if (!common && (shape & A_CALL) && !c->nargs)
            return LW_DETECT_STRONG;        /* ;iex(whoami), |icm {id} */
        /* never weaker after a separator than at the value's start */
        if (!common && c->nargs && a == A_NUM && !(shape & A_NUM))
            /* Order; id 5 */
            return judge_start(c, a, shape, common) == LW_DETECT_STRONG
                   ? LW_DETECT_STRONG : LW_DETECT_WEAK;
        if (!common)
            return c->nargs ? LW_DETECT_STRONG : BARE;
        if (shape)
            return LW_DETECT_STRONG;
        return judge_start(c, a, shape, common) == LW_DETECT_STRONG
               ? LW_DETECT_STRONG : LW_DETECT_NONE;
    case S_AMP: case S_IF:
        if (!common && (c->bits & (B(UNIX) | B(WIN))) == 0)
            return LW_DETECT_STRONG;        /* PowerShell's own: & gwmi x */
        if (!common)        /* & netsh firewall ...: no English word */
            return !c->nargs ? BARE : LW_DETECT_STRONG;
        return shape ? LW_DETECT_STRONG : LW_DETECT_NONE;
    case S_PAREN: case S_BRACE:
        if (c->cmdlet || (!common && (shape & ~A_EXP)))
            return LW_DETECT_STRONG;
        if (!common)
            return LW_DETECT_WEAK;
        if (shape & (A_SYSPATH | A_URL | A_REDIR))
            return LW_DETECT_STRONG;
        return shape & ~A_EXP ? LW_DETECT_WEAK : LW_DETECT_NONE;
    default:    /* S_START */
        return judge_start(c, a, shape, common);
    }
}

static const char *prefix(apr_uint32_t bits, int winargs)
{
    if (!(bits & B(UNIX)))
        return bits & B(PS) ? "ps:" : "cmd:";
    return (bits & B(WIN)) && winargs ? "cmd:" : "sh:";
}

static void finish(sh_parse_t *S, int endsep)
{
    sh_cmd_t *c = &S->cur;
    const char *sep;
    int v;

    if (!c->active)
        return;
    c->active = 0;
    if (!c->known)
        return;
    v = judge(c, endsep);
    if (c->pos == S_IF && S->ifsep && c->known && !c->unixcap)
        v = LW_DETECT_STRONG;
    /* sudo apt update && ...: a wrapper's command with its arguments
     * starts a typed command line too (not sh -c CMD), and so does a
     * command typed on a line that starts with markup */
    if ((c->pos == S_START || (c->pos == S_NL && c->typed)) && c->nargs
        && c->wrapped != 2 && !c->obf)
        S->typed = 1;
    sep = c->wrapped == 2 ? "-c " : lw_sh_sep_str[c->pos];
    /* Uptime, Cat: a Unix-only name with a capital runs only on a
     * case-insensitive file system (macOS): weak, and nothing at all
     * without arguments shaped like a command line ("Status; Uptime") */
    /* 127.0.0.1;hostname, 1|w: what a form's address or number field
     * holds, then a command; a list of words does not start with one */
    if (c->afternum && v != LW_DETECT_STRONG && !c->unixcap
        && (!c->nargs || (c->a & ~(A_PLAIN | A_NUM))))
        v = LW_DETECT_STRONG;
    if (c->unixcap && v != LW_DETECT_NONE)
        v = c->a & (A_FLAG | A_PATH | A_SYSPATH | A_URL | A_REDIR | A_QUOTED
                    | A_EXP | A_ENC) ? LW_DETECT_WEAK : LW_DETECT_NONE;
    /* ;env, |hostname, %0aset, ;last root: the value starts with a list
     * operator and this command, with nothing or a word or two after it.
     * No text starts so; a table of words does ("| date | amount |"),
     * decided at the end by its single-word segments. Not after '&': "&
     * more" is what is left of "Books & more". */
    if (c->lead && v != LW_DETECT_STRONG && v != BARE && !c->unixcap
        && !S->lead_bare && !c->prose && c->pos != S_AMP
        && (!c->nargs || (c->pos != S_NL && c->nargs <= 2
                          && !(c->a & ~(A_PLAIN | A_NUM | A_FLAG))))) {
        S->lead_bare = 1;
        snprintf(S->lead_why, sizeof(S->lead_why), "%s%s%s",
                 prefix(c->bits, c->winargs), sep, c->name);
        S->lead_off = c->off;
        S->lead_end = c->end;
    }
    /* `id`, `uname -a`, `sleep 10` among prose: what an injection runs
     * to see that it worked (who and where it runs, how long it waits)
     * is what it is, whatever the words around it */
    if (S->span && (c->bits & B(PROBE)) && !c->unixcap)
        v = LW_DETECT_STRONG;
    if (v == BARE) {
        /* the strongest kind wins: ;id after `ed` (1 before 2 and 3) */
        int kind = c->pos == S_BQ ? ((c->bits & B(COMMON)) ? 3 : 2) : 1;
        if (!S->bare || kind < S->bare) {
            S->bare = kind;
            snprintf(S->bare_why, sizeof(S->bare_why), "%s%s%s",
                     prefix(c->bits, c->winargs), sep, c->name);
            S->bare_off = c->off;
            S->bare_end = c->end;
        }
        return;
    }
    /* whoami; id| at the value's start: a command ended by a list
     * operator with nothing after it (decided at the end) */
    if (c->pos == S_START && !c->nargs && endsep >= S_SEMI && endsep <= S_NL
        && !(c->bits & B(COMMON)) && !c->unixcap && v < LW_DETECT_STRONG) {
        S->start_bare = 1;
        S->start_words = S->nwords;
        snprintf(S->start_why, sizeof(S->start_why), "%s%s%s", prefix(c->bits, 0),
                 c->name, lw_sh_sep_str[endsep]);
        S->start_end = c->end;
    }
    if (S->start_flag && c->pos >= S_SEMI && c->pos <= S_NL && !c->typed
        && v != BARE && !(c->pos == S_PIPE && lw_sh_filter(c)))
        v = LW_DETECT_STRONG;   /* x -v | more (not typed: ls -la | more) */
    if ((c->a & (A_FLAG | A_REDIR)) && !c->unixcap)
        S->start_flag = 1;
    if (v)
        lw_sh_hit(S->P, v, prefix(c->bits, c->winargs), sep, c->name, c->off, c->end);
}

static void seg_end(sh_parse_t *S)
{
    if (S->seg_words)
        S->nseg++;
    if (S->seg_words == 1 && S->seg_plain)
        S->nbare++;
    S->seg_words = 0;
    S->seg_plain = 1;
}

static void to_cmdpos(sh_parse_t *S, int pos, apr_size_t off)
{
    finish(S, pos);
    S->last_sep = pos;
    /* |{base64,-d} ;(id): the group is still after the stronger one */
    if ((pos == S_PAREN || pos == S_BRACE) && S->cmdpos > S_START
        && S->cmdpos != S_PAREN && S->cmdpos != S_BRACE)
        return;
    S->cmdpos = pos;
    S->sep_off = off;
}

/* cmd's FOR /F "opts" %i IN (...) DO cmd and IF [NOT] EXIST path cmd.
 * Returns 1 when the token is used up. */
static int observe(sh_parse_t *S, const sh_tok_t *t)
{
    int atcmd = S->cmdpos >= 0 && !S->cur.active;

    if (t->type == T_WORD) {
        if (S->forst == 0 && atcmd && sh_is(t, "for"))
            S->forst = 1;
        else if (S->forst == 1) {
            if (t->w[0] == '%' && t->n >= 2)
                S->forst = 2;
            else if (!(t->n == 2 && t->w[0] == '/') && !(t->f & (W_ASSIGN | W_QUOTED)))
                S->forst = 0;
        }
        else if (S->forst == 2)
            S->forst = sh_is(t, "in") ? 3 : 0;
        else if (S->forst == 5) {
            S->forst = 0;
            if (sh_is(t, "do")) {
                lw_sh_hit(S->P, LW_DETECT_STRONG, "cmd:for in do", NULL, NULL,
                          S->sep_off, t->end);
                to_cmdpos(S, S_DO, t->off);
                return 1;
            }
        }
        else if (S->forst == 3)
            S->forst = 0;
        if (S->ifst == 0 && atcmd && sh_is(t, "if")) {
            S->ifst = 1;
            S->ifpos = S->cmdpos;
        }
        else if (S->ifst == 1)
            S->ifst = sh_is(t, "not") ? 1 : sh_is(t, "exist") ? 2
                : sh_is(t, "defined") ? 3 : 0;
        else if (S->ifst >= 2) {
            /* IF EXIST names a file, IF DEFINED a variable */
            int ok = S->ifst == 3 ? (t->f & W_NAME) && t->n > 0
                : (t->f & (W_WINPATH | W_VARPATH | W_EXP)) || sh_has(t->w, t->n, '/')
                  || sh_has(t->w, t->n, ':');
            if (ok) {
                lw_sh_hit(S->P, LW_DETECT_WEAK, "cmd:if exist", NULL, NULL,
                          S->cur.off, t->end);
                /* '&if exist C:\x echo: after a list operator, cmd.exe's
                 * own test of a file runs the command after it */
                S->ifsep = S->ifst == 2 && S->ifpos >= S_SEMI && S->ifpos <= S_AMP;
                S->ifst = 0;
                to_cmdpos(S, S_IF, S->cur.off);
                return 1;
            }
            S->ifst = 0;
        }
        return 0;
    }
    if (S->forst == 3) {
        S->forst = t->type == T_SEP && t->sep == S_PAREN ? 4 : 0;
        S->fordepth = 0;
    }
    else if (S->forst == 4 && t->type == T_SEP
             && (t->sep == S_PAREN || t->sep == S_BQ || t->sep == S_SUB))
        S->fordepth++;      /* usebackq's (`ver`), a group inside */
    else if (S->forst == 4 && t->type == T_CLOSE) {
        if (S->fordepth)
            S->fordepth--;
        else
            S->forst = 5;
    }
    else if (S->forst != 4)
        S->forst = 0;
    S->ifst = 0;
    return 0;
}

/* A JSON string that starts with a command and an argument (a cookie's
 * searchHistory=["apt-get update && apt-get upgrade"]): text about a
 * command line, judged as one typed from the value's start. */
static void json_string(sh_parse_t *S, const sh_tok_t *t)
{
    const char *s = S->P->s;
    apr_size_t k = t->off, b = t->off, e;
    if (s[k] == '[' || s[k] == '{')
        k++;
    if (k >= t->end || (s[k] != '"' && s[k] != '\''))
        return;
    if (k == t->off) {              /* "x": after [ , or : */
        while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        if (b == 0 || !strchr("[,:", s[b - 1]))
            return;
    }
    for (e = ++k; e < t->end && e - k < SH_WMAX
         && (((s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z') || s[e] == '-'); e++)
        ;
    if (e == t->end && e - k > 1 && (GET(S, s + k, e - k) & SH_CMDBITS)
        && !lw_sh_ends_at(S->P, e))
        S->typed = 1;
}

/* PowerShell's call operator at a command position runs what follows it
 * as a command: &('ie'+'x'), & ("{0}{1}" -f 'ie','x'), &(gal ?e[x]),
 * &(gcm *ke-e*), &$cmd. A command
 * computed from strings or held in a variable is what hides its name
 * from a filter; "&(" or "&$" does not start a list item or a word of
 * text. i: just after the '&'. */
static int ps_call_computed(const lw_words_t *w, const char *s, apr_size_t len,
                            apr_size_t i)
{
    apr_size_t k, e, a;
    int quote = 0, join = 0, cmd = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 1 < len && s[i] == '$'
        && (((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') || s[i + 1] == '{')) {
        /* a variable's name ends where PowerShell's does: at the value's
         * end, a blank, a list operator, a member, an index or a
         * parenthesis or a redirection (&$a whoami, &$a;, &$a.Invoke(),
         * &$env:ComSpec);
         * "&$B%%<k" is a password's or a token's text */
        if (s[i + 1] != '{') {
            for (k = i + 1; k < len && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')
                                        || (s[k] >= '0' && s[k] <= '9')
                                        || s[k] == '_' || s[k] == ':'); k++)
                ;
            if (k < len && (s[k] == '\0' || !strchr(" \t\r\n;|&.[()}<>'\"", s[k])))
                return 0;
        }
        /* not a URL's next parameter: ?a=1&$top=10 (OData) */
        for (k = i + 1; k < len && s[k] != '=' && s[k] != ' ' && s[k] != '&'; k++)
            ;
        return k >= len || s[k] != '=';
    }
    if (i >= len || s[i] != '(')
        return 0;
    /* a PowerShell command first inside: &(gcm *ke-e*), &(gal ?e[x]) */
    for (a = i + 1; a < len && (s[a] == ' ' || s[a] == '\t'); a++)
        ;
    for (k = a; k < len && k - a < SH_WMAX && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')
                                               || s[k] == '-'); k++)
        ;
    if (k > a && (k >= len || s[k] == ' ' || s[k] == '\t')
        && (lw_words_get(w, s + a, k - a) & SH_BIT(SH_PS)))
        cmd = 1;
    if (a < len && s[a] == '$')
        return 1;               /* &($env:ComSpec), &($x) */
    for (k = i + 1, e = len < i + 80 ? len : i + 80; k < e && s[k] != ')'; k++) {
        if (s[k] == '\'' || s[k] == '"')
            quote = 1;
        else if (quote && (s[k] == '+' || (s[k] == '-' && k + 1 < e
                                           && (s[k + 1] | 0x20) == 'f')))
            join = 1;
        else if (cmd && (s[k] == '*' || s[k] == '?'))
            join = quote = 1;
    }
    return quote && join;
}

/* A word shaped like a binary's path written as a glob: a short first
 * directory (/bin, /usr, /???, /[b]in) and no '=' or '&' (a path with a
 * query, /search?q=/a/b, is a URL's). Only such words are matched against
 * the table's directories. */
static int glob_binpath_shape(const sh_tok_t *t)
{
    apr_size_t k;
    for (k = 1; k < t->n && t->w[k] != '/'; k++)
        ;
    if (k >= t->n || k > 6)
        return 0;
    return !sh_has(t->w, t->n, '=') && !sh_has(t->w, t->n, '&');
}

static void word(sh_parse_t *S, const sh_tok_t *t)
{
    sh_cmd_t *c = &S->cur;
    const char *m;
    int lead = S->lead_sep;

    S->lead_sep = 0;
    S->seg_words++;
    S->nwords++;
    /* a number or an address first on a line (the value's start or after
     * a newline): a form field's value */
    if ((S->cmdpos == S_START || S->cmdpos == S_NL) && !c->active && t->n
        && !(t->f & ~W_NAME)) {
        apr_size_t k, dig = 0;
        for (k = 0; k < t->n && ((t->w[k] >= '0' && t->w[k] <= '9')
                                 || t->w[k] == '.' || t->w[k] == ':'); k++)
            dig += t->w[k] >= '0' && t->w[k] <= '9';
        if (k == t->n && dig > 0)
            S->lead_num = S->nwords;
    }
    /* "&text=git": a URL's parameter, not a variable a later $var reads */
    if ((t->f & W_ASSIGN) && !(S->last_sep == S_AMP && t->off == S->sep_off + 1))
        S->assigned = 1;
    if (S->ntok == 1 && sh_has(t->w, t->n, '/'))
        S->lead_path = 1;
    if (t->f & W_QUOTED)
        json_string(S, t);
    /* ;$env:ComSpec, powershell -c $env:USERNAME, or alone */
    if ((t->f & W_PSENV) && (S->cmdpos > S_START || (c->active && c->known)
                             || (S->cmdpos == S_START && lw_sh_ends_at(S->P, t->end))))
        lw_sh_hit(S->P, LW_DETECT_STRONG, "ps:$env:", NULL, NULL, t->off, t->end);
    if ((t->f & W_GLOB) && t->n > 6)
        lw_sh_char_casts(S, t);
    if (t->n && t->end < S->P->len && S->P->s[t->end] == '(') {
        /* system(, and BEGIN{system( or x;os.system( in code: the name
         * the call ends with */
        apr_size_t k = t->n;
        while (k > 0 && ((t->w[k - 1] >= 'a' && t->w[k - 1] <= 'z')
                         || (t->w[k - 1] >= '0' && t->w[k - 1] <= '9')
                         || t->w[k - 1] == '_' || t->w[k - 1] == '.'))
            k--;
        if ((GET(S, t->w, t->n) & B(SINKS))
            || (k > 0 && k < t->n && (GET(S, t->w + k, t->n - k) & B(SINKS))))
            S->sink_end = t->end;
    }
    if (!(t->f & W_NAME))
        S->seg_plain = 0;
    /* [System.Convert]::FromBase64String(...) */
    if ((t->f & W_GLOB) && t->n > 4 && (m = strstr(t->w, "]::")) != NULL && t->w[0] == '[') {
        /* the type itself, called or after a separator:
         * ;[Environment]::UserName, [IO.File]::ReadAllText(...) */
        const char *ty = t->w + 1;
        apr_size_t tn = (apr_size_t)(m - ty);
        if (tn > 7 && memcmp(ty, "system.", 7) == 0) {
            ty += 7;
            tn -= 7;
        }
        lw_sh_hit(S->P, (GET(S, m + 3, t->n - (apr_size_t)(m + 3 - t->w)) & B(PS))
                  || ((GET(S, ty, tn) & B(PSTYPES))
                      && (S->cmdpos > S_START || (t->end < S->P->len
                                                  && S->P->s[t->end] == '(')))
                  ? LW_DETECT_STRONG : LW_DETECT_WEAK, "ps:[type]::", NULL, NULL,
                  t->off, t->end);
    }
    if ((t->f & W_NAME) && t->n >= 2 && t->w[0] >= 'a' && t->w[0] <= 'z'
        && (c->active || S->cmdpos < 0))
        S->prose++;
    /* $wc.DownloadFile(...): a member PowerShell's table names called on
     * a variable, as on (New-Object Net.WebClient) below; not a name the
     * other shells share ($el.clear(), $scope.start()) */
    if ((t->f & W_EXP) && t->n > 1 && t->w[0] == '.' && S->P->s[t->off] == '$'
        && t->end < S->P->len && S->P->s[t->end] == '('
        && (GET(S, t->w + 1, t->n - 1) & (B(PS) | B(UNIX) | B(WIN) | B(COMMON))) == B(PS))
        lw_sh_hit(S->P, LW_DETECT_STRONG, "ps:$var.", NULL, NULL, t->off, t->end);
    /* /bi?/c?t, /???/??t, /[b]in/[c]at wherever it stands (1 /bi?/c?t
     * /e??/p??swd, after a ')'): a binary's path written as a pattern
     * only the shell expands; no text or URL spells a path so */
    if ((t->f & W_GLOB) && t->n > 4 && t->w[0] == '/' && !(t->f & W_LONG)
        && S->cmdpos < 0 && glob_binpath_shape(t) && S->P->anyglobs < 4) {
        /* a budget of its own: what the words at command positions spend
         * does not change what this finds */
        sh_cmd_t g;
        int spent = S->P->globs;
        S->P->globs = 0;
        lw_sh_classify(S, t, &g);
        S->P->anyglobs += S->P->globs;
        S->P->globs = spent;
        if (g.known && g.pathcmd && g.name[0] && g.name[1])
            lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:", g.name, " (glob)", t->off, t->end);
    }
    if (c->active) {
        if (c->expect && !(t->f & W_ASSIGN) && t->w[0] != '-'
            && !(t->n && t->w[0] >= '0' && t->w[0] <= '9')) {
            sh_cmd_t inner;
            lw_sh_classify(S, t, &inner);
            if (inner.known) {
                inner.pos = c->pos;
                inner.off = c->off;
                inner.wrapped = c->expect;
                inner.typed = c->typed;
                inner.implicit = c->implicit && c->expect == 2;
                inner.lead = c->lead;
                *c = inner;
                return;
            }
            if ((t->f & W_EXP) && S->assigned && !(t->f & W_VARPATH))
                lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:", c->name, " $var",
                          c->off, t->end);        /* x=who; call %x%ami */
            if (c->expect == 2 || !c->lastflag || c->nargs >= 4)
                c->expect = 0;          /* sudo -u root id: a flag's value */
        }
        c->lastflag = t->n > 1 && t->w[0] == '-';
        if (c->known)
            lw_sh_arg(S, c, t);
        else if (c->anybin && t->n > 1 && (t->w[0] == '/' || (t->f & W_WINPATH))
                 && lw_sh_syspath(S, t))
            /* ;xyz /etc/passwd: a binary not in the table reading a
             * system file */
            lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:", lw_sh_sep_str[c->pos], "? /path",
                      c->off, t->end);
        return;
    }
    if (S->cmdpos >= 0) {
        if (t->n == 0 && !(t->f & (W_EXP | W_SHELLVAR)))
            return;                         /* '' "" */
        /* PowerShell's dot call operator on a computed name:
         * .($pshome[4]+$pshome[30]+'x'), .($env:ComSpec[4,15,25]-join'') */
        if (t->n == 1 && t->w[0] == '.' && S->cmdpos <= S_NL && !S->computed
            && ps_call_computed(S->P->words, S->P->s, S->P->len, t->end)) {
            S->computed = 1;
            S->computed_off = t->off;
        }
        if (t->f & W_ASSIGN) {              /* a=1 cmd */
            if (S->cmdpos == S_AMP && t->off == S->sep_off + 1)
                S->cmdpos = -1;     /* ?a=1&text=git reset: a URL's query */
            return;
        }
        if ((S->P->s[t->off] == '!' || S->P->s[t->off] == '^') && lw_sh_rerun(S, t))
            return;
        if (GET(S, t->w, t->n) & B(RESERVED))
            return;                         /* then, do, ! */
        if (S->cmdpos == S_START && (sh_is(t, "for") || sh_is(t, "while")
                                     || sh_is(t, "until")))
            S->typed = 1;               /* for i in $(seq 1 10) */
        lw_sh_classify(S, t, c);
        c->pos = S->cmdpos;
        c->off = S->sep_off;
        c->lead = lead;
        /* "\n<pre class=..><code>sudo systemctl restart x": a line of
         * rich text that starts with markup is a document's line, the
         * command in it typed there like one at the value's start (a
         * lone command that is no English word stays strong) */
        c->typed = S->typed || (S->cmdpos == S_NL && S->P->markup);
        /* ;./x, |../../tmp/y: a file run from where the application
         * stands; a list of paths (./lib;./vendor) starts with one */
        if (c->relexec && !S->lead_path && !S->span
            && ((c->pos >= S_SEMI && c->pos <= S_NL) || c->pos == S_BQ
                || c->pos == S_SUB))
            lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:", lw_sh_sep_str[c->pos], "./x",
                      c->off, t->end);
        c->afternum = c->known && S->lead_num && S->lead_num == S->nwords - 1
            && c->pos >= S_SEMI && c->pos <= S_NL;
        /* an unknown binary's name, or a path pattern too wide to name
         * one binary (/bin/c and a star): a system file after it decides */
        c->anybin = !c->known && !(t->f & W_UPPER) && t->n >= 2
            && ((t->f & W_NAME) || ((t->f & W_GLOB) && t->w[0] == '/'
                                    && glob_binpath_shape(t)))
            && ((c->pos >= S_SEMI && c->pos <= S_NL) || c->pos == S_BQ
                || c->pos == S_SUB);
        if (!c->known && (t->f & W_NAME) && t->n >= 2)
            S->prose++;
        if (!c->known && (t->f & W_EXP) && S->assigned
            && !(t->f & W_VARPATH) && S->cmdpos != S_START)   /* a=c;b=at;$a$b */
            lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:", lw_sh_sep_str[S->cmdpos], "$var",
                      S->sep_off, t->end);
        S->cmdpos = -1;
        return;
    }
    /* (New-Object Net.WebClient).DownloadString(...) */
    if (t->off == S->close_end && t->n > 1 && t->w[0] == '.'
        && (GET(S, t->w + 1, t->n - 1) & B(PS)))
        lw_sh_hit(S->P, LW_DETECT_STRONG, "ps:.", NULL, NULL, t->off, t->end);

}

/* The value (or a line of it) starts with a quote or a parenthesis that
 * closes the application's own, right before this list operator: ';env,
 * ")|hostname.
 * As a leading operator, the command after it is the injection. */
static int breakout_lead(const char *s, apr_size_t off)
{
    apr_size_t k = off;
    /* (or a line: the value's lines are each a start) */
    while (k > 0 && off - k < 3 && (s[k - 1] == '\'' || s[k - 1] == '"' || s[k - 1] == ')'))
        k--;
    return k < off && (k == 0 || s[k - 1] == '\n' || s[k - 1] == '\r');
}

/* Words of two letters or more outside backquotes: the prose around
 * Markdown code spans. Counted once per value (only values with a
 * backquote get here). */
static int prose_outside(const char *s, apr_size_t n)
{
    apr_size_t i, run = 0;
    int in = 0, words = 0;
    for (i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ' ';
        if (c == '`')
            in = !in;
        if (!in && c != '`' && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            run++;
        else {
            words += run >= 2;
            run = 0;
        }
    }
    return words;
}

/* Does the backquote at s[off] open a Markdown code span among prose?
 * It stands where a word starts (the value's start, a blank or an opening
 * punctuation before it), its text starts and ends without a blank, the
 * closing backquote ends a word (a blank, the end or punctuation after
 * it), and two words of prose stand outside backquotes. Glued into a word
 * (abc`id`, w`echo h`oami) it is a substitution only. */
static int code_span(sh_parse_t *S, apr_size_t off)
{
    const char *s = S->P->s;
    apr_size_t n = S->P->len, e;
    if (s[off] != '`' || off + 2 >= n)
        return 0;
    if (off > 0 && !memchr(" \t\n\r([{\"':,", s[off - 1], 11))
        return 0;
    if (s[off + 1] == ' ' || s[off + 1] == '\t' || s[off + 1] == '`')
        return 0;
    e = off + 1;
    while (e < n && s[e] != '`' && s[e] != '\n' && s[e] != '\r')
        e++;
    if (e >= n || s[e] != '`' || s[e - 1] == ' ' || s[e - 1] == '\t'
        || s[e - 1] == '\\')
        return 0;
    if (e + 1 < n && !memchr(" \t\n\r.,;:!?)]}'\"-/", s[e + 1], 17))
        return 0;
    if (S->prose_out < 0)
        S->prose_out = prose_outside(s, n);
    return S->prose_out >= 2;
}

int lw_detect_shell(const lw_words_t *w, const char *s, apr_size_t len,
                    lw_detect_out_t *out)
{
    sh_ctx_t P;
    sh_parse_t S;
    sh_tok_t t;

    if (lw_sh_reject(w, s, len))
        return LW_DETECT_NONE;

    memset(&P, 0, sizeof(P));
    P.words = w;
    P.s = s;
    P.len = len;
    if (lw_sh_shellshock(s, len))
        lw_sh_hit(&P, LW_DETECT_STRONG, "sh:() {", NULL, NULL, 0, len < 8 ? len : 8);
    memset(&S, 0, sizeof(S));
    S.P = &P;
    S.cmdpos = S_START;
    S.seg_plain = 1;
    S.close_end = (apr_size_t)-1;
    S.sink_end = (apr_size_t)-1;
    S.prose_out = -1;

    while (P.verdict < LW_DETECT_STRONG && lw_sh_next(&P, &t) != T_END) {
        if (t.type == T_SEP && t.sep >= S_SEMI && t.sep <= S_AMP)
            S.lead_sep = S.ntok == 0 || S.prev_nl || (t.sep == S_NL && lw_sh_blank_line(s, &t))
                || breakout_lead(s, t.off);
        S.prev_nl = t.type == T_SEP && t.sep == S_NL;
        S.ntok++;
        if (observe(&S, &t))
            continue;
        switch (t.type) {
        case T_WORD:
            word(&S, &t);
            break;
        case T_SEP:
            /* decided at the end: what the call runs names it better */
            if (t.sep == S_AMP && S.cmdpos >= S_START && S.cmdpos <= S_NL
                && !S.cur.active && !S.computed && ps_call_computed(w, s, len, t.end)) {
                S.computed = 1;
                S.computed_off = t.off;
            }
            seg_end(&S);
            to_cmdpos(&S, t.sep == S_PAREN && t.off == S.sink_end ? S_SINK : t.sep,
                      t.off);
            if (t.sep == S_BQ && !S.span && code_span(&S, t.off)) {
                S.span = 1;
                S.span_typed = S.typed;
                S.typed = 1;
            }
            break;
        case T_CLOSE:
            seg_end(&S);
            finish(&S, -1);
            S.cmdpos = -1;
            S.close_end = t.end;
            if (S.span && s[t.off] == '`') {
                S.span = 0;
                S.typed = S.span_typed;
            }
            break;
        case T_REDIR:
            if (S.cur.active) {
                S.cur.a |= A_REDIR;
                S.cur.redir = 1;
                /* cat<<<x, bash<<<id: a here-string, the command's input
                 * written in the value (not "more <<< back") */
                if (t.end - t.off == 3 && s[t.off] == '<' && s[t.off + 1] == '<'
                    && t.end < len && s[t.end] != ' ' && s[t.end] != '\t')
                    S.cur.a |= A_QUOTED;
            }
            break;
        }
    }
    if (P.verdict < LW_DETECT_STRONG) {
        seg_end(&S);
        finish(&S, -1);
    }
    if (S.computed)
        lw_sh_hit(&P, LW_DETECT_STRONG, s[S.computed_off] == '.' ? "ps:.(computed)"
                  : "ps:&(computed)", NULL, NULL, S.computed_off, S.computed_off + 1);
    /* a lone command between separators: an attack (;id; |whoami) unless
     * the value is a list of single words (name|id|email) */
    if (S.lead_bare)
        lw_sh_hit(&P, S.nbare >= 2 ? LW_DETECT_WEAK : LW_DETECT_STRONG,
                  S.lead_why, NULL, NULL, S.lead_off, S.lead_end);
    if (S.start_bare && S.nwords == S.start_words)
        lw_sh_hit(&P, LW_DETECT_STRONG, S.start_why, NULL, NULL, 0, S.start_end);
    if (S.bare == 1)
        lw_sh_hit(&P, S.nbare >= 3 && S.nbare == S.nseg ? LW_DETECT_WEAK
                  : LW_DETECT_STRONG, S.bare_why, NULL, NULL, S.bare_off, S.bare_end);
    /* `cmd` alone in the value, or with little around it: an injection;
     * among words of prose: Markdown */
    else if (S.bare)
        lw_sh_hit(&P, S.prose < 2 && (S.bare == 2 || !S.prose) ? LW_DETECT_STRONG
                  : S.bare == 2 ? LW_DETECT_WEAK : LW_DETECT_NONE,
                  S.bare_why, NULL, NULL, S.bare_off, S.bare_end);
    if (P.verdict) {
        out->off = P.off;
        out->len = P.vlen;
        memcpy(out->why, P.why, sizeof(out->why));
    }
    return P.verdict;
}
