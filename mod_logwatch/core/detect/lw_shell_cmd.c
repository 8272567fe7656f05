/* The shell detector's words: what a command word is (a name in the
 * table, a binary's path, ./x run from a relative path, a glob that matches
 * either), the shape of its arguments (a flag, a system path, a URL, quoted
 * code, base64 after powershell -enc), and words that rerun a command
 * without naming one (bash's !! and ^old^new) or spell it in code points
 * (PowerShell's [char]105). Used by the parser in lw_shell.c. */
#include <string.h>

#include "lw_shell.h"

/* Command bits of w[0..n), also without a Windows extension (cmd.exe). */
static apr_uint32_t cmd_bits(sh_parse_t *S, const char *w, apr_size_t n)
{
    apr_uint32_t b = GET(S, w, n);
    const char *dot;
    if (!(b & SH_CMDBITS) && n > 2 && (dot = memchr(w + 1, '.', n - 1)) != NULL
        && (GET(S, dot + 1, (apr_size_t)(w + n - dot - 1)) & B(EXTS)))
        b = GET(S, w, (apr_size_t)(dot - w));
    if (!(b & SH_CMDBITS) && n > 3 && w[n - 1] >= '0' && w[n - 1] <= '9') {
        /* lua5.3, php8.2, python3.13, gcc-14: an interpreter or a
         * compiler installed under its version ([versioned]) */
        apr_size_t k = n;
        apr_uint32_t v;
        while (k > 0 && ((w[k - 1] >= '0' && w[k - 1] <= '9') || w[k - 1] == '.'))
            k--;
        if (k > 0 && w[k - 1] == '-')
            k--;
        if (k >= 3 && ((v = GET(S, w, k)) & B(VERSIONED)))
            b = v;
    }
    return b & SH_CMDBITS ? b : 0;
}

/* A binary under a variable's directory: %WINDIR%\system32\whoami,
 * $HOME/x, or a program's file (%ProgramFiles%\a\b\x.exe); not a
 * folder deep in one that happens to bear a command's name
 * (%APPDATA%\Microsoft\Windows\Start Menu). w[0..n) is the word with
 * the variable expanded to nothing, its name from w[k]. */
static int var_bin(sh_parse_t *S, const char *w, apr_size_t k, apr_size_t n)
{
    const char *dot = memchr(w + k, '.', n - k);
    apr_size_t j, slashes = 0;
    for (j = 0; j + 1 < k; j++)
        slashes += w[j] == '/';
    return slashes <= 1 || (dot && dot + 1 < w + n
                            && (GET(S, dot + 1, (apr_size_t)(w + n - dot - 1)) & B(EXTS)));
}

static void set_name(sh_cmd_t *c, const char *w, apr_size_t n)
{
    if (n >= sizeof(c->name))
        n = sizeof(c->name) - 1;
    memcpy(c->name, w, n);
    c->name[n] = '\0';
}

/* ./x or ../x: a file run from the current directory or one above.
 * Its name has no extension, or a script's (x.sh); a page (./a.html)
 * is a link. */
static void relative(sh_parse_t *S, sh_cmd_t *c, const char *b, apr_size_t bn)
{
    const char *dot = bn ? memchr(b, '.', bn) : NULL;
    apr_size_t k;
    if (bn == 0 || bn > 32)
        return;
    for (k = 0; k < bn; k++)
        if (!((b[k] >= 'a' && b[k] <= 'z') || (b[k] >= '0' && b[k] <= '9')
              || b[k] == '_' || b[k] == '-' || b[k] == '.'))
            return;
    if (!dot || (dot > b && (GET(S, dot + 1, (apr_size_t)(b + bn - dot - 1))
                             & (B(SCRIPTS) | B(EXTS)))))
        c->relexec = 1;
}

int lw_sh_history(const char *x, apr_size_t n)
{
    apr_size_t k = 1;
    if (n < 2 || x[0] != '!')
        return 0;
    switch (x[1]) {
    case '!':
        return n == 2 ? 1 : x[2] == ':' ? 2 : 0;
    case '$': case '#': case '*': case '^':
        return n == 2 || x[2] == ':' ? 2 : 0;
    case '?':               /* !?str?: the last command containing str */
        return n >= 4 && x[n - 1] == '?' && ((x[2] | 0x20) >= 'a' && (x[2] | 0x20) <= 'z');
    case '-':
        k = 2;
        /* fall through */
    default:
        if (k >= n || x[k] < '0' || x[k] > '9')
            return 0;
        while (k < n && x[k] >= '0' && x[k] <= '9')
            k++;
        if (k < n)
            return x[k] == ':' ? 2 : 0;
        return x[1] == '-' ? 2 : 1;
    }
}

void lw_sh_classify(sh_parse_t *S, const sh_tok_t *t, sh_cmd_t *c)
{
    const char *w = t->w, *hit = NULL, *sl, *flag = NULL;
    apr_size_t n = t->n;
    apr_uint32_t b = 0;

    memset(c, 0, sizeof(*c));
    c->active = 1;
    c->end = t->end;
    if (t->f & W_LONG)
        return;
    if (n == 0) {
        if (t->f & W_SHELLVAR) {
            c->known = 1;
            c->bits = B(SHELLS) | B(UNIX) | B(WIN);
            set_name(c, "$shell", 6);
        }
        return;
    }
    if (w[0] == '@' && n > 2 && !memchr(w, '/', n)
        && (b = cmd_bits(S, w + 1, n - 1)) != 0) {
        /* cmd's @cmd: the command, its echo off */
        w++;
        n--;
    }
    sl = b ? NULL : memchr(w, '/', n);
    if (sl && sl > w && !memchr(sl + 1, '/', (apr_size_t)(w + n - sl - 1))
        && w + n - sl >= 2 && w + n - sl <= 12
        && (cmd_bits(S, w, (apr_size_t)(sl - w)) & B(WIN))) {
        /* cmd/c whoami, ipconfig/all: cmd.exe ends a command's name at
         * its first switch */
        apr_size_t k;
        for (k = 1; sl + k < w + n && ((sl[k] >= 'a' && sl[k] <= 'z') || sl[k] == '?'); k++)
            ;
        if (sl + k == w + n) {
            flag = sl;
            n = (apr_size_t)(sl - w);
            sl = NULL;
        }
    }
    if (!b)
        b = sl ? 0 : cmd_bits(S, w, n);
    if (b)
        set_name(c, w, n);
    else if (sl && w[0] != '-') {
        /* a binary's path: the directory first (one lookup rejects
         * /images/logo.gif), then the name. A relative one (./x,
         * ../../bin/sh) is looked up from '/': traversal reaches it. */
        apr_size_t k = n, r = 0;
        char d[SH_WMAX + 1];
        while (r + 1 < n && w[r] == '.' && (w[r + 1] == '/'
                                          || (r + 2 < n && w[r + 1] == '.' && w[r + 2] == '/')))
            r += w[r + 1] == '/' ? 2 : 3;
        while (k && w[k - 1] != '/')
            k--;
        if (r && k == r) {
            relative(S, c, w + r, n - r);
            return;
        }
        if (k < n && k > 1) {
            apr_uint32_t bb = 0;
            int dirok;
            dirok = !r && ((GET(S, w, k - 1) & B(BINDIRS)) != 0
                           || ((t->f & W_VARPATH) && var_bin(S, w, k, n)));
            /* ./usr/bin/id, ../../bin/sh, usr/bin/id: from the root */
            if (!dirok && (r || (w[0] >= 'a' && w[0] <= 'z'))) {
                d[0] = '/';
                memcpy(d + 1, w + r, k - 1 - r);
                dirok = (GET(S, d, k - r) & B(BINDIRS)) != 0;
            }
            if (!dirok && (t->f & W_GLOB) && w[0] == '/' && !sh_has(w, k, '*')
                && (sh_has(w, k, '?') || sh_has(w, k, '[')))
                dirok = lw_sh_glob_find(S->P, w, k - 1, B(BINDIRS), &hit) != 0;
            if (dirok)
                bb = cmd_bits(S, w + k, n - k);
            if (!bb && dirok && (t->f & W_GLOB) && !sh_has(w + k, n - k, '*')
                && (sh_has(w + k, n - k, '?') || sh_has(w + k, n - k, '['))
                && (bb = lw_sh_glob_find(S->P, w + k, n - k,
                                         w[0] == '/' ? B(UNIX) : B(WIN), &hit)) != 0)
                set_name(c, hit, strlen(hit));
            else if (bb)
                set_name(c, w + k, n - k);
            if (bb && dirok) {
                b = bb;
                c->pathcmd = 1;
            }
        }
    }
    else if ((t->f & W_GLOB) && !sh_has(w, n, '*') && n <= 16) {
        apr_size_t k, lit = 0;
        for (k = 0; k < n; k++)
            lit += w[k] >= 'a' && w[k] <= 'z';
        if (lit >= 2 && lit < n
            && (b = lw_sh_glob_find(S->P, w, n, B(UNIX) | B(WIN), &hit)) != 0)
            set_name(c, hit, strlen(hit));
    }
    if (!b)
        return;
    c->known = 1;
    c->bits = b;
    if ((t->f & (W_ESC | W_EXP | W_QUOTED)) && n) {
        /* c''at, w^h^o^a^m^i, w$@hoami, c\\at: escapes, quotes or an
         * empty expansion inside the name. Not a quoted phrase ('sleep 5'),
         * a quote left open (joe')) #) or an expansion that ends the word
         * (ar$a): the name's first and last letters are the word's own. */
        const char *r = S->P->s + t->off, *re = S->P->s + t->end, *q;
        while (r < re && *r == '^')
            r++;
        c->obf = r < re && (*r | 0x20) == w[0] && (re[-1] | 0x20) == w[n - 1];
        /* "v"er, 'w'hoami: a quoted first part, the name's letters after
         * it (not a quoted phrase: 'sleep 5') */
        if (!c->obf && r + 2 < re && (*r == '"' || *r == '\'')
            && (q = memchr(r + 1, *r, (apr_size_t)(re - r - 1))) != NULL
            && q > r + 1 && q + 1 < re && (q[1] | 0x20) >= 'a' && (q[1] | 0x20) <= 'z'
            && (re[-1] | 0x20) == w[n - 1])
            c->obf = 1;
    }
    c->unixcap = (t->f & W_UPPER) && !(b & (B(WIN) | B(PS)));
    c->cmdlet = (b & B(PS)) && sh_has(w, n, '-');
    if (b & B(WRAP))
        c->expect = 1;
    else if ((b & B(PS)) && (b & B(SHELLS))) {
        c->expect = 2;      /* powershell whoami: -Command is the default */
        c->implicit = 1;
    }
    if (flag) {
        sh_tok_t ft;
        memset(&ft, 0, sizeof(ft));
        ft.type = T_WORD;
        ft.n = (unsigned)(t->w + t->n - flag);
        memcpy(ft.w, flag, ft.n);
        ft.off = t->off;
        ft.end = t->end;
        ft.f = W_NAME;
        lw_sh_arg(S, c, &ft);
    }
}

int lw_sh_syspath(sh_parse_t *S, const sh_tok_t *t)
{
    const char *w = t->w, *hit;
    apr_size_t n = t->n, k, lit = 0;
    if (GET(S, w, n) & B(PATHS))
        return 1;
    for (k = 1; k < n && w[k] != '/'; k++)
        ;
    if (GET(S, w, k) & B(PATHS))
        return 1;
    if (!(t->f & W_GLOB) || w[0] != '/')
        return 0;
    /* /???/p??s??, /e*c/pa*d: enough letters to mean one file */
    for (k = 0; k < n && lit < 3; k++)
        lit += w[k] >= 'a' && w[k] <= 'z';
    return (lit >= 3 || !sh_has(w, n, '*'))
        && (sh_has(w, n, '?') || sh_has(w, n, '[') || sh_has(w, n, '*'))
        && lw_sh_glob_find(S->P, w, n, B(PATHS), &hit) != 0;
}

/* A_SYSPATH for a word that names a system path, with A_TARGET when the
 * path, a part of it from a '/' on, up to a '/' or between two is in
 * [targets] (/etc/shadow, ../../etc/passwd, c:/windows/repair/sam,
 * /dev/tcp/10.0.0.1/4444, ~/.ssh/id_rsa). */
static unsigned sys_arg(sh_parse_t *S, const char *w, apr_size_t n,
                        unsigned f)
{
    apr_size_t k, j, last = 0;
    for (k = 0; k < n; k++)
        if (w[k] == '/') {
            for (j = k + 1; j < n && w[j] != '/'; j++)
                ;
            if ((GET(S, w + k, n - k) & B(TARGETS))
                || (k && (GET(S, w, k) & B(TARGETS)))
                || (j < n && (GET(S, w + k, j - k) & B(TARGETS))))
                return A_SYSPATH | A_TARGET;
            last = k;
        }
    /* a glob that spells a directory or a name (/e*c/sh*w, /???/p?ss*),
     * not one that lists a directory (/home/...) */
    if ((f & W_GLOB) && (sh_has(w, last, '*') || sh_has(w, n, '?')
                         || sh_has(w, n, '[')
                         || (sh_has(w + last, n - last, '*') && w[n - 1] != '*')))
        return A_SYSPATH | A_TARGET;
    /* a script in a system directory: . /tmp/x.sh, php /var/tmp/a.php */
    for (k = n; k > last && w[k - 1] != '.'; k--)
        ;
    if (k > last + 1 && k < n && (GET(S, w + k, n - k) & B(SCRIPTS)))
        return A_SYSPATH | A_TARGET;
    return A_SYSPATH;
}

static int url_like(const char *w, apr_size_t n)
{
    apr_size_t k, dots = 0, digs = 0;
    const char *sl;
    for (k = 0; k + 2 < n; k++)
        if (w[k] == ':' && w[k + 1] == '/' && w[k + 2] == '/')
            return k > 0;
    for (k = 0; k < n && (w[k] == '.' || (w[k] >= '0' && w[k] <= '9')); k++) {
        dots += w[k] == '.';
        digs += w[k] != '.';
    }
    if (dots == 3 && digs >= 4 && (k == n || w[k] == ':' || w[k] == '/'))
        return 1;                   /* 10.0.0.1, 10.0.0.1:4444 */
    if ((sl = memchr(w, '/', n)) != NULL && sl > w) {
        const char *d = memchr(w, '.', (apr_size_t)(sl - w));
        return d && d + 2 < sl && w[0] != '.'
            && sl[-1] >= 'a' && sl[-1] <= 'z' && sl[-2] >= 'a' && sl[-2] <= 'z';
    }
    return 0;
}

static int b64_like(const sh_tok_t *t)
{
    apr_size_t k;
    if (t->n < 8)
        return 0;
    for (k = 0; k < t->n; k++) {
        char c = t->w[k];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
              || c == '/' || c == '='))
            return 0;
    }
    return 1;
}

/* Is a quoted argument code (perl -e 'print 1', echo "<?php ..." > x)
 * rather than a string (grep -rn "TODO", git commit -m 'fix')? Code has
 * a blank inside its quotes (the quote opens in this word and closes in a
 * later one) or bytes other than a name's; a quoted word of letters,
 * digits, '_', '-' and '.' is a pattern or a message. */
static int quoted_code(const sh_parse_t *S, const sh_tok_t *t)
{
    const char *s = S->P->s;
    apr_size_t k;
    int sq = 0, dq = 0;
    for (k = t->off; k < t->end; k++) {
        sq ^= s[k] == '\'';
        dq ^= s[k] == '"';
    }
    if (sq || dq)
        return 1;
    for (k = 0; k < t->n; k++) {
        char c = t->w[k];
        /* also an address, a DN or a list: "me@example.com",
         * "dc=example,dc=com", "a:b+c" */
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
              || c == '-' || c == '.' || c == '@' || c == '=' || c == ','
              || c == ':' || c == '+'))
            return 1;
    }
    return 0;
}

/* Does the lone quote t open a quoted LDAP filter, "(uid=john)" or
 * '(&(objectClass=user)(cn=a*))'? Quotes do not group words in the
 * lexer, so the filter's parentheses come as a group after an empty
 * quoted word: attribute=value tests in parentheses up to the same quote,
 * none of them a call. */
static int quoted_filter(const sh_parse_t *S, const sh_tok_t *t)
{
    const char *s = S->P->s;
    apr_size_t n = S->P->len, k = t->end, lim = k + 256;
    char q;
    int eq = 0;
    if (t->end != t->off + 1 || k >= n || s[k] != '(')
        return 0;
    q = s[t->off];
    for (; k < n && k < lim && s[k] != q; k++) {
        char c = s[k] | 0x20;
        if (s[k] == '(' && k > t->end && !memchr("(&|!)", s[k - 1], 5))
            return 0;           /* a call: (system(...)) */
        eq |= s[k] == '=';
        if (!((c >= 'a' && c <= 'z') || (s[k] >= '0' && s[k] <= '9')
              || memchr("()=&|!*._-@,: ", s[k], 15)))
            return 0;
    }
    return eq && k < n && s[k] == q && s[k - 1] == ')';
}

int lw_sh_filter(const sh_cmd_t *c)
{
    return (c->bits & B(FILTERS)) && !c->wrapped
        && !(c->a & ~(A_FLAG | A_NUM | A_PLAIN | A_QUOTED | A_VERB));
}

void lw_sh_arg(sh_parse_t *S, sh_cmd_t *c, const sh_tok_t *t)
{
    const char *w = t->w;
    apr_size_t n = t->n, k;

    c->nargs++;
    if (c->enc) {
        c->enc = 0;
        if (b64_like(t))
            c->a |= A_ENC;
    }
    if (c->redir)
        c->redir = 0;
    if (n == 0) {
        c->a |= (t->f & W_EXP) ? ((t->f & W_VARPATH) ? A_SYSPATH : A_EXP)
            : quoted_filter(S, t) ? A_PLAIN : A_QUOTED;
        return;
    }
    if (t->f & W_ASSIGN) {
        /* alias x=cmd */
        if (strcmp(c->name, "alias") == 0 && t->eq + 1 < n
            && cmd_bits(S, w + t->eq + 1, n - t->eq - 1))
            lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:alias ", NULL, NULL, c->off, t->end);
        /* dd if=/etc/shadow: an operand naming a system file */
        if (t->eq + 2 < n && w[t->eq + 1] == '/') {
            const char *v = w + t->eq + 1;
            apr_size_t vn = n - t->eq - 1;
            for (k = 1; k < vn && v[k] != '/'; k++)
                ;
            if ((GET(S, v, vn) | GET(S, v, k)) & B(PATHS)) {
                c->a |= sys_arg(S, v, vn, t->f);
                return;
            }
        }
        c->a |= A_PLAIN;
        return;
    }
    if (c->nargs == 1 && (t->f & W_NAME) && n + strlen(c->name) < SH_WMAX) {
        /* net user, yum install: a verb only that command takes */
        char v[SH_WMAX + 1];
        apr_size_t cn = strlen(c->name);
        memcpy(v, c->name, cn);
        v[cn] = ':';
        memcpy(v + cn + 1, w, n);
        if (GET(S, v, cn + 1 + n) & B(VERBS))
            c->a |= A_VERB;
    }
    /* which nc, type id: a lookup of a command that is no English word is
     * reconnaissance; sal x iex: an alias made for one */
    if (c->nargs <= 2 && (t->f & W_NAME) && (c->bits & B(LOOKUP))
        && !(GET(S, w, n) & B(COMMON)) && cmd_bits(S, w, n))
        c->a |= A_VERB;
    /* gcm i*x, Get-Command *ke-e*: a command found by a pattern, to run
     * it without writing its name */
    if (c->nargs == 1 && (c->bits & B(LOOKUP)) && (t->f & W_GLOB)
        && !sh_has(w, n, '/') && n <= 24) {
        const char *hit;
        apr_size_t lit = 0;
        for (k = 0; k < n; k++)
            lit += w[k] >= 'a' && w[k] <= 'z';
        if (lit >= 2 && lw_sh_glob_find(S->P, w, n, B(PS), &hit))
            c->a |= A_VERB;
    }
    if (w[0] == '-' && n >= 2 && (w[1] == '-' || (w[1] >= 'a' && w[1] <= 'z')
                                  || (w[1] >= '0' && w[1] <= '9' && c->nargs == 1
                                      && (c->bits & B(NUMARG))))) {
        c->a |= A_FLAG;
        if (c->bits & B(SHELLS)) {
            if (sh_is(t, "-c") || sh_is(t, "-command") || sh_is(t, "-cmd") || sh_is(t, "-ic")) {
                c->expect = 2;
                c->implicit = 0;
            }
            else if ((c->bits & B(PS)) && n >= 2 && n <= 15 && w[1] == 'e'
                     && memcmp(w, "-encodedcommand", n) == 0)
                c->enc = 1;
            else if (sh_is(t, "-ec"))
                c->enc = 1;
        }
        return;
    }
    if (t->f & (W_WINPATH | W_VARPATH))
        c->winargs = 1;
    if ((t->f & (W_WINPATH | W_VARPATH)) || w[0] == '~'
        || (n >= 3 && w[0] == '.' && w[1] == '.' && w[2] == '/')
        || (n >= 3 && w[1] == ':' && w[2] == '/' && w[0] >= 'a' && w[0] <= 'z')) {
        c->a |= sys_arg(S, w, n, t->f);
        return;
    }
    if (w[0] == '/') {
        if ((c->bits & B(WIN)) && n > 1 && n <= 12) {
            for (k = 1; k < n && ((w[k] >= 'a' && w[k] <= 'z') || w[k] == ':' || w[k] == '?'); k++)
                ;
            if (k == n) {
                c->a |= A_FLAG;
                c->winargs = 1;
                if ((c->bits & B(SHELLS)) && (sh_is(t, "/c") || sh_is(t, "/k") || sh_is(t, "/r")))
                    c->expect = 2;
                return;
            }
        }
        c->a |= n > 1 && lw_sh_syspath(S, t) ? sys_arg(S, w, n, t->f) : A_PATH;
        return;
    }
    if (n >= 2 && w[0] == '.' && w[1] == '/') {
        c->a |= A_PATH;
        return;
    }
    /* gwmi win32_process, Get-CimInstance Win32_UserAccount: a WMI class
     * ([targets]) that lists the host's processes and accounts */
    if ((c->bits & (B(PS) | B(WIN))) && (t->f & W_NAME) && (GET(S, w, n) & B(TARGETS))) {
        c->a |= A_SYSPATH | A_TARGET;
        return;
    }
    if (url_like(w, n)) {
        c->a |= A_URL;
        return;
    }
    for (k = 0; k < n && w[k] >= '0' && w[k] <= '9'; k++)
        ;
    if (k == n)
        c->a |= A_NUM;
    else if ((t->f & (W_QUOTED | W_GLOB)) == W_QUOTED && quoted_code(S, t))
        c->a |= A_QUOTED;
    else if (t->f & W_QUOTED)
        c->a |= A_PLAIN;        /* find . -name '*.log': a quoted pattern */
    else {
        c->a |= A_PLAIN;
        c->nplain++;
        /* "install to /opt": the word before the path; after it
         * ("cat /etc/passwd or ...") the line is already a command's */
        if ((t->f & W_NAME) && !(c->a & (A_PATH | A_SYSPATH | A_URL))
            && (GET(S, w, n) & B(PROSE)))
            c->prose = 1;
    }
}

int lw_sh_glob(const char *p, apr_size_t pn, const char *s, apr_size_t sn)
{
    apr_size_t pi = 0, si = 0, star_p = (apr_size_t)-1, star_s = 0;

    while (si < sn) {
        if (pi < pn && p[pi] == '*') {
            star_p = pi++;
            star_s = si;
            continue;
        }
        if (pi < pn && p[pi] == '[') {
            apr_size_t k = pi + 1;
            int neg = 0, ok = 0;
            if (k < pn && (p[k] == '!' || p[k] == '^'))
                neg = 1, k++;
            for (; k < pn && (p[k] != ']' || k == pi + 1 + (apr_size_t)neg); k++) {
                if (k + 2 < pn && p[k + 1] == '-' && p[k + 2] != ']') {
                    if (s[si] >= p[k] && s[si] <= p[k + 2])
                        ok = 1;
                    k += 2;
                }
                else if (p[k] == s[si])
                    ok = 1;
            }
            if (k < pn && ok != neg && s[si] != '/') {
                pi = k + 1;
                si++;
                continue;
            }
        }
        else if (pi < pn && (p[pi] == s[si] || (p[pi] == '?' && s[si] != '/'))) {
            pi++;
            si++;
            continue;
        }
        if (star_p != (apr_size_t)-1 && s[star_s] != '/') {
            pi = star_p + 1;
            si = ++star_s;
            continue;
        }
        return 0;
    }
    while (pi < pn && p[pi] == '*')
        pi++;
    return pi == pn;
}

apr_uint32_t lw_sh_glob_find(sh_ctx_t *P, const char *p, apr_size_t pn,
                             apr_uint32_t want, const char **hit)
{
    apr_uint32_t pos = 0, bits;
    const char *w;
    apr_size_t wn;
    if (P->globs >= 4)
        return 0;
    P->globs++;
    while (lw_words_next(P->words, &pos, &w, &wn, &bits))
        if ((bits & want) && lw_sh_glob(p, pn, w, wn)) {
            *hit = w;
            return bits;
        }
    return 0;
}

/* A line break token with an empty line in it (\n\n, \r\n\r\n): the
 * next line starts after a line of its own. */
int lw_sh_blank_line(const char *s, const sh_tok_t *t)
{
    apr_size_t i, breaks = 0;
    /* \n, \r and \r\n each end a line */
    for (i = t->off; i < t->end; i++)
        breaks += s[i] == '\n' || (s[i] == '\r' && !(i + 1 < t->end && s[i + 1] == '\n'));
    return breaks >= 2;
}

/* Does the command line end at s[i] (blanks, then the end, a list
 * operator, a closing ) or ` or a redirection)? */
int lw_sh_ends_at(const sh_ctx_t *P, apr_size_t i)
{
    while (i < P->len && (P->s[i] == ' ' || P->s[i] == '\t'))
        i++;
    return i >= P->len || strchr(";|&\n\r`)<>", P->s[i]) != NULL;
}

/* ^old^new at s[off..end): bash's quick substitution, which reruns the
 * previous command with old replaced. Both parts have a letter or digit
 * (^_^ and ^o^ are faces). */
static int quick_subst(const char *s, apr_size_t off, apr_size_t end)
{
    apr_size_t i = off + 1;
    int part, alnum;
    if (end - off < 4 || s[off] != '^')
        return 0;
    for (part = 0; part < 2; part++) {
        for (alnum = 0; i < end && s[i] != '^'; i++)
            alnum |= (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
                || (s[i] >= '0' && s[i] <= '9');
        if (!alnum || (part == 0 && i >= end))
            return 0;
        i++;
    }
    return i >= end;
}

/* A word at a command position that is no command's name but reruns one:
 * bash's history (!!, !-1, !$) and quick substitution (^ls^id). After a
 * separator that is enough; at the value's start the word must be the
 * whole command line, and "!!" or "!5" alone stay weak (an exclamation). */
int lw_sh_rerun(sh_parse_t *S, const sh_tok_t *t)
{
    const char *s = S->P->s;
    int h = s[t->off] == '!' ? lw_sh_history(s + t->off, t->end - t->off)
        : quick_subst(s, t->off, t->end) ? 2 : 0;
    if (!h)
        return 0;
    if (S->cmdpos == S_START) {
        if (!lw_sh_ends_at(S->P, t->end))
            return 0;
        lw_sh_hit(S->P, h == 2 ? LW_DETECT_STRONG : LW_DETECT_WEAK,
                  "sh:", s[t->off] == '!' ? "!history" : "^old^new", NULL,
                  t->off, t->end);
    }
    else
        lw_sh_hit(S->P, LW_DETECT_STRONG, "sh:", lw_sh_sep_str[S->cmdpos],
                  s[t->off] == '!' ? "!history" : "^old^new", S->sep_off, t->end);
    S->cmdpos = -1;
    return 1;
}

/* PowerShell's [char]105+[char]100: a name spelled in code points. */
void lw_sh_char_casts(sh_parse_t *S, const sh_tok_t *t)
{
    const char *w = t->w, *e = t->w + t->n, *m;
    while ((m = memchr(w, '[', (apr_size_t)(e - w))) != NULL) {
        if (e - m > 6 && memcmp(m, "[char]", 6) == 0
            && ((m[6] >= '0' && m[6] <= '9') || m[6] == '0'))
            S->nchar++;
        w = m + 1;
    }
    if (S->nchar >= 2)
        lw_sh_hit(S->P, LW_DETECT_STRONG, "ps:[char]+", NULL, NULL, t->off, t->end);
}

/* The output of a substituted command, as far as it is written in the
 * value: echo's or printf's one argument without its quotes (echo h,
 * echo -n 'h', printf wh); nothing for any other command (true, :, an
 * empty one), which is what w$(true)hoami relies on. 0: an output of
 * more than one word, which makes no command's name. */
static int subst_output(const char *s, apr_size_t a, apr_size_t b,
                        char *out, apr_size_t cap, apr_size_t *on)
{
    apr_size_t k;
    *on = 0;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (b - a >= 5 && memcmp(s + a, "echo", 4) == 0 && (s[a + 4] == ' ' || s[a + 4] == '\t'))
        a += 5;
    else if (b - a >= 7 && memcmp(s + a, "printf", 6) == 0 && (s[a + 6] == ' ' || s[a + 6] == '\t'))
        a += 7;
    else
        return 1;
    for (;;) {                      /* echo's flags: -n -e -ne */
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if (a + 1 < b && s[a] == '-' && (s[a + 1] == 'n' || s[a + 1] == 'e')) {
            for (k = a + 1; k < b && (s[k] == 'n' || s[k] == 'e'); k++)
                ;
            if (k == b || s[k] == ' ' || s[k] == '\t') {
                a = k;
                continue;
            }
        }
        break;
    }
    for (k = a; k < b; k++) {
        char c = s[k];
        if (c == '\'' || c == '"')
            continue;
        if (c == ' ' || c == '\t' || *on >= cap)
            return 0;
        out[(*on)++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    return 1;
}

void lw_sh_splice(sh_ctx_t *P, const char *pre, apr_size_t pn,
                  apr_size_t from, apr_size_t i)
{
    const char *s = P->s;
    apr_size_t n = P->len, a, b, e, k, on;
    char w[SH_WMAX + 1];
    int depth = 1;

    if (P->splices >= 8 || pn >= SH_WMAX)
        return;
    P->splices++;
    if (s[i] == '`') {
        a = i + 1;
        for (b = a; b < n && b < a + SH_WMAX && s[b] != '`'; b++)
            ;
        if (b >= n || s[b] != '`')
            return;
    }
    else {                          /* $( */
        a = i + 2;
        for (b = a; b < n && b < a + SH_WMAX; b++)
            if (s[b] == '(')
                depth++;
            else if (s[b] == ')' && --depth == 0)
                break;
        if (b >= n || s[b] != ')')
            return;
    }
    e = b + 1;
    memcpy(w, pre, pn);
    if (!subst_output(s, a, b, w + pn, SH_WMAX - pn, &on))
        return;
    on += pn;
    /* the word goes on after the substitution: name bytes and quotes
     * (c"$(echo a)"t) */
    for (k = e; k < n && on < SH_WMAX
         && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')
             || (s[k] >= '0' && s[k] <= '9') || s[k] == '_' || s[k] == '-'
             || s[k] == '.' || s[k] == '\'' || s[k] == '"'); k++)
        if (s[k] != '\'' && s[k] != '"')
            w[on++] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] | 0x20 : s[k]);
    /* glued on at least one side, and more than the bytes before it */
    if ((pn == 0 && k == e) || on == pn || on < 2)
        return;
    if (lw_words_get(P->words, w, on) & SH_CMDBITS) {
        w[on] = '\0';
        lw_sh_hit(P, LW_DETECT_STRONG, "sh:spliced ", w, NULL,
                  from, k);
    }
}
