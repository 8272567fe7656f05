/* The shell detector's lexer: splits a value into words and operators the
 * way sh, cmd.exe and PowerShell would, and undoes what those shells undo
 * before running a word: quotes ('', "", $''), backslash and caret escapes
 * (c\at, w^ho^ami), empty expansions ($@, ${x:0:0}, %x%), ${IFS} and $IFS
 * used as blanks. Quotes do not group words here: the value may sit inside
 * quotes of the command it is pasted into, so a separator inside quotes
 * counts as one outside would. Expansions that only a shell understands
 * ($((..)), $[..], ${PATH:0:1}, %COMSPEC:~-16,1%) are findings of their
 * own. */
#include <string.h>
#include <stdio.h>

#include "lw_shell.h"

#define CH(c) ((unsigned char)(c))
#define IS_ALPHA(c) ((CH(c) | 0x20) >= 'a' && (CH(c) | 0x20) <= 'z')
#define IS_DIGIT(c) (CH(c) >= '0' && CH(c) <= '9')
#define IS_NAME1(c) (IS_ALPHA(c) || (c) == '_')
#define IS_NAME(c) (IS_NAME1(c) || IS_DIGIT(c))
#define IS_BLANK(c) ((c) == ' ' || (c) == '\t' || (c) == '\v' || (c) == '\f')
#define LOWER(c) ((char)(CH(c) >= 'A' && CH(c) <= 'Z' ? CH(c) | 0x20 : CH(c)))

void lw_sh_hit(sh_ctx_t *P, int v, const char *a, const char *b,
               const char *c, apr_size_t off, apr_size_t end)
{
    if (v <= P->verdict)
        return;
    P->verdict = v;
    snprintf(P->why, sizeof(P->why), "%s%s%s", a, b ? b : "", c ? c : "");
    P->off = off;
    P->vlen = end > off ? end - off : 0;
}

/* $IFS or ${IFS} at s[i]: the end of it, else 0. */
static apr_size_t ifs_at(const char *s, apr_size_t n, apr_size_t i)
{
    if (i + 4 <= n && memcmp(s + i, "$IFS", 4) == 0
        && (i + 4 == n || !IS_NAME(s[i + 4])))
        return i + 4;
    if (i + 6 <= n && memcmp(s + i, "${IFS}", 6) == 0)
        return i + 6;
    return 0;
}

static void put(sh_tok_t *t, char c)
{
    if (c >= 'A' && c <= 'Z')
        t->f |= W_UPPER;
    if (t->n < SH_WMAX)
        t->w[t->n++] = LOWER(c);
    else
        t->f |= W_LONG;
}

/* A variable name s[a..b) met in a word: known ones make a path prefix
 * ($HOME/..., %WINDIR%\...) or, alone, a shell ($SHELL, %COMSPEC%). */
static void var_name(sh_ctx_t *P, sh_tok_t *t, char sigil, const char *nm,
                     apr_size_t nn)
{
    char buf[SH_WMAX];
    apr_uint32_t b;
    if (nn == 0 || nn + 2 > sizeof(buf))
        return;
    buf[0] = sigil;
    memcpy(buf + 1, nm, nn);
    if (sigil == '%')
        buf[++nn] = '%';
    b = lw_words_get(P->words, buf, nn + 1);
    if (sigil == '%')
        nn--;
    if (t->n == 0 && (b & SH_BIT(SH_SHELLS)))
        t->f |= W_SHELLVAR;
    if (t->n == 0 && (lw_words_get(P->words, nm, nn) & SH_BIT(SH_VARS)))
        t->f |= W_VARPATH;
}

/* An expansion at s[i] == '$' inside a word. Returns the index after it,
 * i when it is a literal '$', or END_WORD when the word must end here
 * ($( ). */
#define END_WORD ((apr_size_t)-1)
/* The longest $((...)), $[...] or ${...} looked into: the scan for its end
 * runs at each '$', so this bounds the work per byte. */
#define SH_EXP_MAX 64
static apr_size_t dollar(sh_ctx_t *P, sh_tok_t *t, apr_size_t i)
{
    const char *s = P->s;
    apr_size_t n = P->len, k, a;
    char c;

    if (i + 1 >= n)
        return i;
    c = s[i + 1];
    if (c == '(' && i + 2 < n && s[i + 2] == ')') {
        t->f |= W_EXP;                  /* $(): nothing */
        return i + 3;
    }
    if (c == '(' && !(i + 2 < n && s[i + 2] == '('))
        return END_WORD;
    if (c == '\'' || c == '"')          /* $'..' $".." */
        return i + 1;
    if ((c == '(' || c == '[' || c == '{') && P->scan > 4 * n + 256)
        return i;                       /* spent: linear in n overall */
    if (c == '(' || c == '[') {         /* $((expr)) $[expr] */
        int depth = 0, op = 0, dig = 0;
        char close = c == '(' ? ')' : ']';
        for (k = i + 1; k < n && k < i + SH_EXP_MAX; k++, P->scan++) {
            char d = s[k];
            if (d == c)
                depth++;
            else if (d == close && --depth == 0)
                break;
            else if (IS_DIGIT(d))
                dig = 1;
            else if (d == '+' || d == '-' || d == '*' || d == '/' || d == '%'
                     || d == '<' || d == '>' || d == '^' || d == '|' || d == '&'
                     || d == '!' || d == '~')
                op = 1;
        }
        if (k >= n || k >= i + SH_EXP_MAX || (c == '[' && !op && !dig))
            return i;
        t->f |= W_EXP;
        lw_sh_hit(P, (dig || op) ? LW_DETECT_STRONG : LW_DETECT_WEAK,
                  "sh:", c == '(' ? "$((" : "$[", NULL, i, k + 1);
        return k + 1;
    }
    if (c == '{') {                     /* ${name} ${name<op>...} ${!x} ${#x} */
        int pre = 0;
        k = i + 2;
        if (k < n && (s[k] == '!' || s[k] == '#'))
            pre = 1, k++;
        a = k;
        if (k < n && IS_NAME1(s[k]))
            while (k < n && IS_NAME(s[k]))
                k++;
        else if (k < n && (IS_DIGIT(s[k]) || strchr("@*#?$!-", s[k])))
            k++;
        if (k == a || k >= n)
            return i;
        if (s[k] == '}') {
            t->f |= W_EXP;
            if (pre)
                lw_sh_hit(P, LW_DETECT_WEAK, "sh:${", s[a - 1] == '!' ? "!" : "#",
                          NULL, i, k + 1);
            var_name(P, t, '$', s + a, k - a);
            return k + 1;
        }
        if (!strchr(":#%/^,@", s[k]))
            return i;                   /* ${user.name}: a template */
        {
            apr_size_t e = k;
            while (e < n && e < k + SH_EXP_MAX && s[e] != '}')
                e++;
            P->scan += e - k;
            if (e >= n || s[e] != '}')
                return i;
            t->f |= W_EXP;
            /* ${x:-cat}, ${x:=id}: an unset variable's default is the
             * word the shell uses; it joins the word being read */
            if (s[k] == ':' && k + 1 < e && (s[k + 1] == '-' || s[k + 1] == '=')) {
                apr_size_t d;
                for (d = k + 2; d < e && IS_NAME(s[d]); d++)
                    put(t, s[d]);
            }
            if (lw_words_get(P->words, s + a, k - a) & SH_BIT(SH_VARS))
                lw_sh_hit(P, LW_DETECT_STRONG, "sh:${var", s[k] == ':' ? ":" : "#",
                          NULL, i, e + 1);
            else
                lw_sh_hit(P, LW_DETECT_WEAK, "sh:${", s[k] == ':' ? ":" : "#",
                          NULL, i, e + 1);
            return e + 1;
        }
    }
    if (IS_NAME1(c)) {
        for (k = i + 1; k < n && IS_NAME(s[k]); k++)
            ;
        /* PowerShell's $env:NAME */
        if (k - i == 4 && k + 1 < n && s[k] == ':' && IS_NAME1(s[k + 1])
            && (LOWER(s[i + 1]) == 'e' && LOWER(s[i + 2]) == 'n'
                && LOWER(s[i + 3]) == 'v')) {
            for (a = k + 1, k = a; k < n && IS_NAME(s[k]); k++)
                ;
            t->f |= W_EXP;
            /* strong where a command runs or reads it (the parser's
             * call): "$env:Path in PowerShell" is a question */
            if (lw_words_get(P->words, s + a, k - a) & SH_BIT(SH_VARS)) {
                t->f |= W_PSENV;
                lw_sh_hit(P, LW_DETECT_WEAK, "ps:$env:", NULL, NULL, i, k);
            }
            var_name(P, t, '%', s + a, k - a);
            return k;
        }
        t->f |= W_EXP;
        var_name(P, t, '$', s + i + 1, k - i - 1);
        return k;
    }
    if (IS_DIGIT(c) || strchr("@*#?$!-", c)) {
        t->f |= W_EXP;
        if (c == '0')           /* $0: the running shell itself */
            var_name(P, t, '$', s + i + 1, 1);
        return i + 2;
    }
    return i;
}

/* %NAME% or %NAME:~a,b% (cmd) at s[i] == '%'. Returns the index after it,
 * or i when the '%' is literal (100%, %41, "% of"). */
static apr_size_t percent(sh_ctx_t *P, sh_tok_t *t, apr_size_t i)
{
    const char *s = P->s;
    apr_size_t n = P->len, k;
    if (i + 2 >= n || !IS_NAME1(s[i + 1]))
        return i;
    for (k = i + 1; k < n && k < i + 40 && (IS_NAME(s[k]) || s[k] == '(' || s[k] == ')'); k++)
        ;
    if (k >= n)
        return i;
    if (s[k] == '%') {
        t->f |= W_EXP;
        var_name(P, t, '%', s + i + 1, k - i - 1);
        return k + 1;
    }
    if (s[k] == ':' && k + 1 < n && (s[k + 1] == '~' || s[k + 1] == '=')) {
        apr_size_t e = k + 2;
        while (e < n && e < k + 40 && s[e] != '%' && !IS_BLANK(s[e]))
            e++;
        if (e >= n || s[e] != '%')
            return i;
        t->f |= W_EXP;
        lw_sh_hit(P, (lw_words_get(P->words, s + i + 1, k - i - 1) & SH_BIT(SH_VARS))
                  ? LW_DETECT_STRONG : LW_DETECT_WEAK,
                  "cmd:%var:", s[k + 1] == '~' ? "~" : "=", NULL, i, e + 1);
        return e + 1;
    }
    return i;
}

/* Does a backslash here start a Windows path (c:\, \\host, .\, %WINDIR%\)? */
static int winpath_here(const sh_tok_t *t, const char *s, apr_size_t n,
                        apr_size_t i)
{
    if (t->f & W_WINPATH)
        return 1;
    if (t->n == 2 && t->w[1] == ':' && IS_ALPHA(t->w[0]))
        return 1;
    if (t->n == 0 && ((t->f & W_EXP) || (i + 1 < n && s[i + 1] == '\\')))
        return 1;
    if ((t->n == 1 && t->w[0] == '.') || (t->n == 2 && t->w[0] == '.' && t->w[1] == '.'))
        return 1;
    /* a registry key: HKLM\Software, HKEY_CURRENT_USER\... */
    return t->n >= 3 && t->w[0] == 'h' && t->w[1] == 'k'
        && (t->n <= 4 || memcmp(t->w, "hkey_", 5) == 0);
}

/* A literal backslash-n (or -r, -t) at s[i] inside a word: a line break
 * (1) or an escaped letter (0)? A break when a command follows (x\nid,
 * \ncat) or the word starts there; a letter when it completes a command
 * (ca\t, u\name) or sits between lower-case letters. */
static int literal_break(sh_ctx_t *P, const sh_tok_t *t, apr_size_t i)
{
    const char *s = P->s;
    apr_size_t n = P->len, k, r;
    char buf[SH_WMAX];

    for (k = i + 2; k < n && k < i + 34 && (IS_NAME(s[k]) || s[k] == '-' || s[k] == '.'); k++)
        ;
    r = k - i - 2;
    if (r && (lw_words_get(P->words, s + i + 2, r) & SH_CMDBITS))
        return 1;
    if (t->n == 0)
        return 1;
    if (t->n + 1 + r <= sizeof(buf)) {
        memcpy(buf, t->w, t->n);
        buf[t->n] = s[i + 1];
        memcpy(buf + t->n + 1, s + i + 2, r);
        if (lw_words_get(P->words, buf, t->n + 1 + r) & SH_CMDBITS)
            return 0;
    }
    return !(t->w[t->n - 1] >= 'a' && t->w[t->n - 1] <= 'z'
             && i + 2 < n && s[i + 2] >= 'a' && s[i + 2] <= 'z');
}

static int hexval(char c)
{
    return IS_DIGIT(c) ? c - '0' : (LOWER(c) >= 'a' && LOWER(c) <= 'f')
        ? LOWER(c) - 'a' + 10 : -1;
}

/* An escape inside $'...' at s[i] == '\\': puts the byte, returns the index
 * after it. */
static apr_size_t ansi_escape(sh_tok_t *t, const char *s, apr_size_t n,
                              apr_size_t i)
{
    apr_size_t k = i + 1;
    int v = 0, d, m;
    if (k >= n)
        return k;
    if (s[k] == 'x') {
        for (k++, m = 0; m < 2 && k < n && (d = hexval(s[k])) >= 0; m++, k++)
            v = v * 16 + d;
        if (m) {
            put(t, (char)v);
            return k;
        }
        put(t, 'x');
        return i + 2;
    }
    if (s[k] >= '0' && s[k] <= '7') {
        for (m = 0; m < 3 && k < n && s[k] >= '0' && s[k] <= '7'; m++, k++)
            v = v * 8 + (s[k] - '0');
        put(t, (char)v);
        return k;
    }
    put(t, s[k]);
    return k + 1;
}

/* A backquote inside a word at s[i]: PowerShell's escape (I`nvoke-Ex`pression,
 * I`E`X) when the word without backquotes is a PowerShell command; else
 * sh's command substitution. */
static int ps_tick(sh_ctx_t *P, const sh_tok_t *t, apr_size_t i)
{
    const char *s = P->s;
    char buf[SH_WMAX];
    apr_size_t n = t->n;
    if (n == 0 || i + 1 >= P->len || !IS_ALPHA(s[i + 1]) || (t->f & W_LONG))
        return 0;
    memcpy(buf, t->w, n);
    for (i++; i < P->len && n < sizeof(buf)
         && (IS_NAME(s[i]) || s[i] == '-' || s[i] == '`'); i++)
        if (s[i] != '`')
            buf[n++] = LOWER(s[i]);
    return (lw_words_get(P->words, buf, n) & SH_BIT(SH_PS)) != 0;
}

/* Bytes of a word that need no thought: 1 letters, digits and '_' (a
 * name), 2 punctuation that neither ends a word nor changes it (and bytes
 * >= 0x80); 0 everything else, which read_word() looks at one by one
 * (blanks, operators, quotes, escapes, $ % = ? * [ { } ,). */
enum { WC_SLOW = 0, WC_NAME = 1, WC_OTHER = 2 };
static const unsigned char wclass[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 2, 2,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0,
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 2, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 2, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static void read_word(sh_ctx_t *P, sh_tok_t *t, apr_size_t i)
{
    const char *s = P->s;
    apr_size_t n = P->len, k, start = i;
    int name = 1, ansi = 0;

    t->type = T_WORD;
    while (i < n) {
        char c;
        int cl;
        /* the common case: a run of letters, digits and harmless
         * punctuation */
        {
            /* the length and flags in locals: a store into t->w (char)
             * would make the compiler reload them at every byte */
            unsigned tn = t->n, f = t->f;
            while (i < n && (cl = wclass[CH(s[i])]) != WC_SLOW) {
                unsigned char ch = CH(s[i]);
                if (cl == WC_OTHER && !(tn && (ch == '-' || ch == '.')))
                    name = 0;
                if (ch >= 'A' && ch <= 'Z')
                    f |= W_UPPER;
                if (tn < SH_WMAX)
                    t->w[tn++] = LOWER(ch);
                else
                    f |= W_LONG;
                i++;
            }
            t->n = tn;
            t->f = f;
        }
        if (i >= n)
            break;
        c = s[i];
        if (c == '`' && ps_tick(P, t, i)) {
            t->f |= W_ESC;
            i++;
            continue;
        }
        if (c == '`' && !P->bq && t->n && !(t->f & W_LONG))
            lw_sh_splice(P, t->w, t->n, start, i);   /* w`echo h`oami */
        if (IS_BLANK(c) || c == ';' || c == '|' || c == '&' || c == '\n'
            || c == '\r' || c == '`' || c == '(' || c == ')' || c == '<'
            || c == '>' || (P->brace && (c == ',' || c == '}')))
            break;
        if (c == '\'' || c == '"') {
            t->f |= W_QUOTED;
            ansi = 0;
            i++;
            continue;
        }
        if (c == '$' && i + 1 < n && s[i + 1] == '\'') {
            t->f |= W_QUOTED | W_ESC;
            ansi = 1;
            i += 2;
            continue;
        }
        if (c == '\\' && ansi) {
            t->f |= W_ESC;
            i = ansi_escape(t, s, n, i);
            continue;
        }
        if (c == '\\') {
            char d;
            if (winpath_here(t, s, n, i)) {
                t->f |= W_WINPATH;
                if (!t->n || t->w[t->n - 1] != '/')
                    put(t, '/');
                i++;
                continue;
            }
            if (i + 1 >= n) {
                i++;
                continue;
            }
            d = s[i + 1];
            /* a literal "\n" typed into a value is a newline to whatever
             * unescapes it, or an evasion of the letter n */
            if ((d == 'n' || d == 'r' || d == 't') && literal_break(P, t, i))
                break;
            if (d == '`')
                break;                  /* \`id\`: one quoting level down */
            t->f |= W_ESC;
            put(t, d);
            i += 2;
            continue;
        }
        if (c == '^' && i + 1 < n && (IS_NAME(s[i + 1]) || s[i + 1] == '^')) {
            t->f |= W_ESC;
            i++;
            if (s[i] == '^')
                put(t, s[i++]);
            continue;
        }
        if (c == '$') {
            if ((k = ifs_at(s, n, i)) != 0) {
                lw_sh_hit(P, LW_DETECT_STRONG, "sh:${IFS}", NULL, NULL, i, k);
                break;
            }
            k = dollar(P, t, i);
            if (k == END_WORD) {
                if (t->n && !(t->f & W_LONG))
                    lw_sh_splice(P, t->w, t->n, start, i);  /* c$(echo a)t */
                break;
            }
            if (k > i) {
                name = 0;
                i = k;
                continue;
            }
        }
        if (c == '%' && (k = percent(P, t, i)) > i) {
            name = 0;
            i = k;
            continue;
        }
        if (c == '?' || c == '*' || c == '[')
            t->f |= W_GLOB;
        if (c == '=' && name && t->n && !(t->f & W_ASSIGN)) {
            t->f |= W_ASSIGN;
            t->eq = t->n;
        }
        if (!(IS_NAME(c) || (t->n && (c == '-' || c == '.'))))
            name = 0;
        put(t, c);
        i++;
    }
    if (i == start) {                   /* never stall on a byte */
        put(t, s[i]);
        i++;
        name = 0;
    }
    if (name && t->n && !(t->f & (W_QUOTED | W_ESC | W_EXP)))
        t->f |= W_NAME;
    t->w[t->n] = '\0';
    t->end = i;
    P->i = i;
}

/* An HTML tag at s[i] == '<' (<ul>, </li>, <br/>, <ul class="a b">,
 * <img src="/x.jpg" alt=""/>): the index after its '>', else 0. Rich
 * text saved by editors puts a tag at the start of every line; read as
 * shell, "\n<ul class=..." would be a command line. cat</etc/passwd has
 * no '>' after the name: a redirection. An attribute value that could
 * expand or break out ($, `, \, a line break, or an unquoted value with
 * anything but plain URL bytes) is no markup: the shell reads on. */
#define TAG_MAX 1024
static apr_size_t html_tag(const char *s, apr_size_t n, apr_size_t i)
{
    apr_size_t k = i + 1, lim = n < i + TAG_MAX ? n : i + TAG_MAX;
    if (k < lim && s[k] == '/')
        k++;
    if (k >= lim || !IS_ALPHA(s[k]))
        return 0;
    while (k < lim && k < i + 24 && (IS_NAME(s[k]) || s[k] == '-' || s[k] == ':'))
        k++;
    for (;;) {
        apr_size_t b = k;
        if (k < lim && s[k] == '>')
            return k + 1;
        if (k + 1 < lim && s[k] == '/' && s[k + 1] == '>')
            return k + 2;
        while (k < lim && IS_BLANK(s[k]))
            k++;
        if (k == b)
            return 0;                   /* <ul;id>, <a$(id)> */
        if (k < lim && (s[k] == '>' || s[k] == '/'))
            continue;
        if (k >= lim || !(IS_NAME1(s[k]) || s[k] == ':'))
            return 0;
        while (k < lim && (IS_NAME(s[k]) || s[k] == '-' || s[k] == ':'
                           || s[k] == '.'))
            k++;
        if (k >= lim || s[k] != '=')
            continue;                   /* <details open> */
        k++;
        if (k < lim && (s[k] == '"' || s[k] == '\'')) {
            char q = s[k++];
            while (k < lim && s[k] != q) {
                if (s[k] == '$' || s[k] == '`' || s[k] == '\\'
                    || s[k] == '\n' || s[k] == '\r')
                    return 0;
                k++;
            }
            if (k >= lim)
                return 0;
            k++;
        }
        else {
            apr_size_t v = k;
            while (k < lim && (IS_NAME(s[k]) || s[k] == '-' || s[k] == '.'
                               || s[k] == ':' || s[k] == '#' || s[k] == '%'
                               || s[k] == ','))
                k++;
            if (k == v)
                return 0;
        }
    }
}

/* A server-side include that runs a command at s[i] == '<':
 * <!--#exec cmd="..." (or cgi=). The index of the command, else 0. */
static apr_size_t ssi_exec(const char *s, apr_size_t n, apr_size_t i)
{
    static const char tag[] = "<!--#exec";
    apr_size_t k;
    for (k = 0; k < sizeof(tag) - 1; k++)
        if (i + k >= n || LOWER(s[i + k]) != tag[k])
            return 0;
    for (k = i + 9; k < n && IS_BLANK(s[k]); k++)
        ;
    while (k < n && IS_ALPHA(s[k]))
        k++;
    if (k >= n || s[k] != '=')
        return 0;
    k++;
    if (k < n && (s[k] == '"' || s[k] == '\''))
        k++;
    return k;
}

int lw_sh_next(sh_ctx_t *P, sh_tok_t *t)
{
    const char *s = P->s;
    apr_size_t n = P->len, i = P->i, k;

    t->f = 0;
    t->n = 0;
    t->eq = 0;
    P->markup = 0;
    for (;;) {
        if (i >= n)
            break;
        if (IS_BLANK(s[i]) || (P->brace && s[i] == ','))
            i++;
        else if (s[i] == '$' && (k = ifs_at(s, n, i)) != 0) {
            lw_sh_hit(P, LW_DETECT_STRONG, "sh:${IFS}", NULL, NULL, i, k);
            i = k;
        }
        else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 't')
            i += 2;
        else if (s[i] == '<' && (k = html_tag(s, n, i)) != 0) {
            i = k;                      /* <ul> </li>: markup, not a file */
            P->markup = 1;
        }
        else
            break;
    }
    t->off = i;
    t->end = i;
    t->w[0] = '\0';
    if (i >= n) {
        P->i = i;
        return t->type = T_END;
    }
    t->type = T_SEP;
    if (s[i] == '\\' && i + 1 < n && s[i + 1] == '`')
        i++;                            /* \`id\` inside "..." of sh -c */
    switch (s[i]) {
    case ';':
        t->sep = S_SEMI;
        i++;
        break;
    case '\n': case '\r':
        t->sep = S_NL;
        while (i < n && (s[i] == '\n' || s[i] == '\r'))
            i++;
        break;
    case '|':
        t->sep = i + 1 < n && s[i + 1] == '|' ? S_OR : S_PIPE;
        i += t->sep == S_OR || (i + 1 < n && s[i + 1] == '&') ? 2 : 1;
        break;
    case '&':
        if (i + 1 < n && s[i + 1] == '>') {
            t->type = T_REDIR;
            i += 2;
        }
        else {
            t->sep = i + 1 < n && s[i + 1] == '&' ? S_AND : S_AMP;
            i += t->sep == S_AND ? 2 : 1;
        }
        break;
    case '`':
        if (!P->bq)
            lw_sh_splice(P, "", 0, i, i);       /* `echo who`ami */
        P->bq = !P->bq;
        t->sep = S_BQ;
        t->type = P->bq ? T_SEP : T_CLOSE;
        i++;
        break;
    case '(':
        t->sep = S_PAREN;
        i++;
        break;
    case ')':
        t->type = T_CLOSE;
        i++;
        break;
    case '{':
        if (i + 1 < n && s[i + 1] == '}') {
            read_word(P, t, i);         /* xargs -I{} cat {} */
            return t->type;
        }
        t->sep = S_BRACE;
        i++;
        P->brace = i < n && !IS_BLANK(s[i]) && s[i] != '}';
        break;
    case '}':
        P->brace = 0;
        t->type = T_CLOSE;
        i++;
        break;
    case '<': case '>':
        if ((k = ssi_exec(s, n, i)) != 0) {
            t->sep = S_SINK;            /* <!--#exec cmd="..." --> */
            i = k;
            break;
        }
        if (i + 1 < n && s[i + 1] == '(') {
            t->sep = S_SUB;
            i += 2;
            break;
        }
        t->type = T_REDIR;
        i++;
        while (i < n && i < t->off + 3 && (s[i] == '<' || s[i] == '>' || s[i] == '&' || s[i] == '|'))
            i++;
        while (i < n && (IS_DIGIT(s[i]) || s[i] == '-') && s[i - 1] == '&')
            i++;
        break;
    case '$':
        if (i + 1 < n && s[i + 1] == '('
            && !(i + 2 < n && (s[i + 2] == '(' || s[i + 2] == ')'))) {
            lw_sh_splice(P, "", 0, i, i);       /* $(echo who)ami */
            t->sep = S_SUB;
            i += 2;
            break;
        }
        read_word(P, t, i);
        return t->type;
    case '\\':
        if (i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == 'r')) {
            t->sep = S_NL;
            i += 2;
            break;
        }
        /* fall through */
    default:
        read_word(P, t, i);
        return t->type;
    }
    t->end = i;
    P->i = i;
    return t->type;
}
