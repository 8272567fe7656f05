/* The request: its fields in order (method and path, the query with its
 * parameters, segments and ';' parts, each header and each cookie), the
 * regex budget given out by field (lw_engine_int.h), the common methods
 * no rule matches, and the verdict. Each field is classified by
 * lw_engine.c. */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_atomic.h>

#include "lw_engine_int.h"
#include "lw_norm.h"
#include "lw_memo.h"
#include "lw_engine_cls.h"
#include "lw_body.h"

/* One "name=value" part of a query: the name as arg_names, the value as
 * args (label "args:NAME"), each by the rules of mode. */
static void inspect_param(cls_t *c, int mode, const char *seg,
                          const char *se)
{
    const char *eq;
    field_t fd;

    for (eq = seg; eq < se && *eq != '='; eq++)
        ;
    lw_cls_field_init(&fd, mode, FK_ARG_NAMES);
    lw_cls_inspect(c, &fd, seg, (apr_size_t)(eq - seg), LW_N_PLUS, 0);
    if (eq < se) {
        lw_cls_field_init(&fd, mode, FK_ARGS);
        fd.name = seg;
        fd.name_len = (apr_size_t)(eq - seg);
        lw_cls_inspect(c, &fd, eq + 1, (apr_size_t)(se - eq - 1), LW_N_PLUS,
                       0);
    }
}

/* A query parameter with a name, for the repeated-name joins. */
typedef struct {
    const char *name, *value;
    apr_size_t nlen, vlen;
} param_t;

static int param_cmp(const void *a, const void *b)
{
    const param_t *x = a, *y = b;
    apr_size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
    int d = memcmp(x->name, y->name, n);

    if (d)
        return d;
    if (x->nlen != y->nlen)
        return x->nlen < y->nlen ? -1 : 1;
    /* the query's order within a name: the join's order */
    return x->name < y->name ? -1 : x->name > y->name;
}

/* A name given more than once ("?id=1 union&id=select pass from users"):
 * ASP.NET and Express hand the application the values joined with ','
 * (Request["id"], an array made a string), other code joins them without
 * a separator, so a payload split across them is whole only there. Each
 * join is read as that name's value, at most max_inspect bytes (each
 * value was read alone already). Costs nothing but a scan for '&' when
 * no name repeats but a sort of the names when the query has several. */
static void inspect_repeats(cls_t *c, const char *q, apr_size_t len,
                            int fk, const char *prefix)
{
    const char *end = q + len, *seg = q;
    apr_size_t n = 0, i, j, amps = 0, cap = c->lim->max_inspect;
    param_t *v;

    for (i = 0; i < len; i++)
        amps += q[i] == '&';
    if (!amps)
        return;
    v = apr_palloc(c->p, (amps + 1) * sizeof(*v));
    while (seg < end) {
        const char *se = memchr(seg, '&', (apr_size_t)(end - seg)), *eq;
        if (!se)
            se = end;
        eq = memchr(seg, '=', (apr_size_t)(se - seg));
        if (eq && eq > seg) {
            v[n].name = seg;
            v[n].nlen = (apr_size_t)(eq - seg);
            v[n].value = eq + 1;
            v[n].vlen = (apr_size_t)(se - eq - 1);
            n++;
        }
        seg = se + 1;
    }
    if (n < 2)
        return;
    qsort(v, n, sizeof(*v), param_cmp);
    for (i = 0; i < n; i = j) {
        apr_size_t total = 0, k, sep;
        for (j = i + 1; j < n && v[j].nlen == v[i].nlen
             && memcmp(v[j].name, v[i].name, v[i].nlen) == 0; j++)
            ;
        if (j - i < 2)
            continue;
        for (k = i; k < j; k++)
            total += v[k].vlen + 1;
        if (total > cap + 1)
            total = cap + 1;
        for (sep = 0; sep < 2; sep++) {
            char *b = apr_palloc(c->p, total), *w = b;
            field_t fd;
            for (k = i; k < j && (apr_size_t)(w - b) < cap; k++) {
                apr_size_t m = v[k].vlen, room = cap - (apr_size_t)(w - b);
                if (k > i && sep == 0) {
                    *w++ = ',';
                    room--;
                }
                if (m > room)
                    m = room;
                memcpy(w, v[k].value, m);
                w += m;
            }
            c->vq = 0;
            c->vn_flags[0] = c->vn_flags[1] = 0;
            lw_cls_field_init(&fd, M_ALL, fk);
            if (prefix) {
                /* a body's form field: labelled as its fields are */
                apr_size_t dl;
                const char *d = lw_url_decode(c->p, v[i].name, v[i].nlen, 1,
                                              &dl);
                fd.label = apr_psprintf(c->p, "%s%.*s", prefix, (int)dl, d);
            }
            else {
                fd.name = v[i].name;
                fd.name_len = v[i].nlen;
            }
            lw_cls_inspect_field(c, &fd, b, (apr_size_t)(w - b), LW_N_PLUS,
                                 0);
        }
    }
}

/* Query parameters, split at '&' (as PHP and modern parsers do), each at
 * its first '='. Splitting at ';' only would cut "id=1;DROP TABLE x" or
 * "cmd=ls;cat /etc/passwd" in two and hide the payload from args rules:
 * those whole parameters are read, and in addition each ';'-separated
 * part of a parameter that has one, by every rule (CGI.pm, older Python
 * and other frameworks split there: "?a=1;page=/etc/passwd" hands the
 * application page=/etc/passwd, and "?a=1;<svg onload=...>" puts code in
 * a part's name); a detector rule on "query" reads each '&' segment and
 * each ';' part whole, name and value together (never the query at once:
 * a tokenizer would read "&" and "=" as operators). */
static void inspect_params(cls_t *c, const char *q, apr_size_t len)
{
    const char *end = q + len, *seg = q;
    int dq = c->e->det_kinds[FK_QUERY] != 0;
    field_t fd;

    while (seg < end) {
        const char *se = seg, *semi = NULL;
        while (se < end && *se != '&') {
            if (*se == ';' && !semi)
                semi = se;
            se++;
        }
        /* The last value is the query's tail: the query read whole next
         * reuses its clean regex runs (lw_reuse.c). */
        c->vq = se == end ? V_ARMED : 0;
        c->vn_flags[0] = c->vn_flags[1] = 0;
        inspect_param(c, M_ALL, seg, se);
        c->vq = c->vq == V_VALUE ? V_QUERY : 0;
        if (dq) {
            lw_cls_field_init(&fd, M_DET, FK_QUERY);
            lw_cls_inspect(c, &fd, seg, (apr_size_t)(se - seg), LW_N_PLUS, 0);
        }
        if (semi) {
            const char *part = seg;
            while (part <= se) {
                const char *pe = part == seg ? semi : part;
                while (pe < se && *pe != ';')
                    pe++;
                if (dq) {
                    lw_cls_field_init(&fd, M_DET, FK_QUERY);
                    lw_cls_inspect(c, &fd, part, (apr_size_t)(pe - part),
                            LW_N_PLUS, 0);
                }
                inspect_param(c, M_ALL, part, pe);
                part = pe + 1;
            }
        }
        seg = se + 1;
    }
}

/* A JSON string value of a cookie's document (cookie_json). */
static int cookie_json_field(void *ctx, const lw_body_field_t *f)
{
    cls_t *c = ctx;
    field_t fd;

    if (f->value && f->value_len) {
        lw_cls_field_init(&fd, M_ALL, FK_COOKIE);
        lw_cls_inspect(c, &fd, f->value, f->value_len, 0, 0);
    }
    return 0;
}

/* A cookie's value that is a JSON document, as sent or percent-encoded
 * (prefs={"q":"..."}, consent=%7B%22ads%22%3A...%7D): the application
 * parses it and uses its strings, so each string value is read as a
 * cookie's value is, a rule anchored at a value's start (an absolute
 * path, a URL, a bare command) finding it there. The document is bounded
 * by the header's inspected bytes, its copies in the request's pool. */
static void cookie_json(cls_t *c, const char *v, apr_size_t len)
{
    const char *d = v;
    apr_size_t dlen = len;

    if (len < 2 || (*v != '{' && (len < 6 || v[0] != '%' || v[1] != '7'
                                  || (v[2] | 0x20) != 'b')))
        return;
    if (memchr(v, '%', len))
        d = lw_url_decode(c->p, v, len, 0, &dlen);
    lw_body_split_all("application/json", d, dlen, c->p, cookie_json_field,
                      c, NULL);
}

/* Each cookie ("name=value", separated by ';' and spaces) for the
 * detector rules and the regex rules: the value alone, or the whole part
 * when it has no '='; and the name, as a query parameter's name is read
 * ("<svg onload=..>=x" puts the code in the name). The regex rules read
 * the header whole too (before this: a value cut at its ';' leaves
 * "1;DROP TABLE t" to the whole), but a rule anchored at a value's start
 * (an absolute path, a URL, a bare command) finds the start of the first
 * cookie's name there, never a later cookie's value. */
static void inspect_cookies(cls_t *c, const char *v, apr_size_t len)
{
    const char *end = v + len, *part = v;
    field_t fd;

    if (len > c->lim->max_inspect) {
        end = v + c->lim->max_inspect;
        lw_cls_field_init(&fd, M_DET, FK_COOKIE);
        lw_cls_cut(c, &fd, v, c->lim->max_inspect);
    }
    while (part < end) {
        const char *pe, *eq;
        while (part < end && (*part == ' ' || *part == '\t'))
            part++;
        for (pe = part; pe < end && *pe != ';'; pe++)
            ;
        for (eq = part; eq < pe && *eq != '='; eq++)
            ;
        if (eq < pe) {
            if (eq > part) {
                lw_cls_field_init(&fd, M_ALL, FK_COOKIE);
                fd.label = "cookie_names";
                lw_cls_inspect(c, &fd, part, (apr_size_t)(eq - part),
                               LW_N_PLUS, 0);
            }
            eq++;
        }
        else
            eq = part;
        lw_cls_field_init(&fd, M_ALL, FK_COOKIE);
        lw_cls_inspect(c, &fd, eq, (apr_size_t)(pe - eq), LW_N_PLUS, 0);
        cookie_json(c, eq, (apr_size_t)(pe - eq));
        part = pe + 1;
    }
}

/* The letters and digits, as designated initializers: the byte tables
 * below are these plus their own punctuation. */
#define ALNUM_BYTES \
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, \
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, \
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, \
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, \
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, \
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, \
    ['Y'] = 1, ['Z'] = 1, \
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, \
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, \
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, \
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, \
    ['y'] = 1, ['z'] = 1

/* The path's segments for the detector rules, when it has more than one:
 * each '/'-separated segment alone, as sent then decoded (an encoded '/'
 * stays inside its segment). A tokenizer reading the whole path reads
 * "/api/items/;dig example.com" as one word, a path, and finds no
 * command; the segment is the value a REST route hands the application.
 * The whole path is read too (a payload sent with its '/' unencoded).
 * A path of letters, digits and "-._~/" alone (most of them) is not
 * split: its segments hold nothing the whole did not (no operator, no
 * quote, no space, nothing encoded), and a detector call per segment
 * would cost a third of a plain request's classification. */
const unsigned char lw_unreserved[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1,
    ALNUM_BYTES,
};

static int path_plain(const char *s, apr_size_t len)
{
    return lw_unreserved_run(s, len, '/');
}

/* One piece of a path or a Referer (s, len bytes) for the detector rules
 * of kind; strong: only a strong verdict counts there. */
static void inspect_det(cls_t *c, int kind, const char *s, apr_size_t len,
                        unsigned nflags, int strong)
{
    field_t fd;

    lw_cls_field_init(&fd, M_DET, kind);
    fd.strong_only = strong;
    lw_cls_inspect_field(c, &fd, s, len, nflags, 0);
}

/* One segment (s, len bytes, as sent) for the detector rules of kind:
 * itself (unless whole is 0: the path read whole is this segment), each
 * of its ';' parameters' values ("catalog;filter=VALUE", RFC 3986's path
 * parameters, which Java and matrix-URI routes hand the application) and
 * the file name's stem before a short extension ("/files/VALUE.pdf", a
 * route's {name}.pdf). Parameters and stems of letters, digits and
 * "-._~" alone hold nothing new. */
static void inspect_segment(cls_t *c, int kind, const char *s,
                            apr_size_t len, int whole)
{
    const char *end = s + len, *semi = memchr(s, ';', len);
    int strong = kind == FK_REFERER;
    apr_size_t dot;

    if (whole)
        inspect_det(c, kind, s, len, LW_N_PATH, strong);
    while (semi && semi < end) {
        const char *p = semi + 1, *pe = memchr(p, ';', (apr_size_t)(end - p));
        const char *eq;
        if (!pe)
            pe = end;
        eq = memchr(p, '=', (apr_size_t)(pe - p));
        if (eq)
            p = eq + 1;
        if (pe > p && !lw_unreserved_run(p, (apr_size_t)(pe - p), '-'))
            inspect_det(c, kind, p, (apr_size_t)(pe - p), LW_N_PATH, strong);
        semi = pe;
    }
    /* the stem: before a '.' and 1 to 5 letters or digits at the end */
    for (dot = len - 1; dot > 0 && len - dot <= 6 && apr_isalnum(s[dot]);
         dot--)
        ;
    if (dot > 0 && s[dot] == '.' && dot < len - 1
        && !lw_unreserved_run(s, dot, '-'))
        inspect_det(c, kind, s, dot, LW_N_PATH, strong);
}

/* The segments of a path (s: the request's path, or the Referer's after
 * its authority), each alone, decoded, as kind (FK_PATH or FK_REFERER).
 * The request's path is read whole too, so a single segment is not read
 * again (its parameters and stem are); the Referer's path is read only
 * as part of a URL, so its single segment is, and only a strong verdict
 * counts there: the next page repeats the path of the page before in its
 * Referer. */
static void inspect_segments(cls_t *c, int kind, const char *s,
                             apr_size_t len)
{
    const char *end, *seg;
    int one;

    if (!c->e->det_kinds[kind] || len < 2)
        return;
    if (len > c->lim->max_inspect)
        len = c->lim->max_inspect;      /* the whole field's cut says so */
    if (path_plain(s, len))
        return;
    end = s + len;
    seg = *s == '/' ? s + 1 : s;
    one = kind == FK_PATH && !memchr(seg, '/', (apr_size_t)(end - seg));
    while (seg < end) {
        const char *se = memchr(seg, '/', (apr_size_t)(end - seg));
        if (!se)
            se = end;
        if (se > seg)
            inspect_segment(c, kind, seg, (apr_size_t)(se - seg), !one);
        seg = se + 1;
    }
}

/* The path (a request with a query), whole and its segments, through the
 * memo as one field: a path seen clean before is neither read whole nor
 * split again. */
static void inspect_path(cls_t *c, const char *s, apr_size_t len)
{
    field_t fd;
    apr_uint32_t key;
    apr_size_t before = 0;
    int got;

    lw_cls_field_init(&fd, M_ALL, FK_PATH);
    key = lw_cls_memo_key(&fd, LW_N_PATH);
    got = lw_cls_memo_begin(c, key, s, len, &before);
    if (got == 1)
        return;
    lw_cls_inspect_field(c, &fd, s, len, LW_N_PATH, 0);
    inspect_segments(c, FK_PATH, s, len);
    if (got == 0)
        lw_cls_memo_end(c, key, s, len, before);
}

/* The Referer for the detector rules: the URL before its query whole, its
 * path's segments (above), and each parameter of its query
 * ('&'-separated, '+' a space) as a query parameter is read, its name and
 * its value (the whole part when it has no '='). Read whole,
 * "https://example.com/search?q=cat /etc/passwd" is a URL with a word in
 * it to a tokenizer, and a search for "ps aux | grep nginx" a pipe after a
 * URL; the parameter is the text the page was given. Only a strong
 * verdict counts there: the next page of a search carries its words
 * twice, in its query and in its Referer, and two weak fragments (low +
 * low) would flag it. The regex rules read the header whole.
 * A fragment ('#' and what follows) is read alone too, and there a weak
 * verdict counts: a browser never sends a URL's fragment in a Referer
 * (Fetch's referrer is stripped of it), so it is text a client wrote by
 * hand, and a tokenizer reading "https://example.com/page#' or 1=1--"
 * whole or by path segments sees a URL. So is a query holding a byte a
 * browser encodes there, read whole. */
static void inspect_referer_parts(cls_t *c, const char *v, apr_size_t len)
{
    const char *end, *qm, *seg, *path;

    if (len > c->lim->max_inspect)
        len = c->lim->max_inspect;      /* the whole header's cut says so */
    end = v + len;
    qm = memchr(v, '?', len);
    inspect_det(c, FK_REFERER, v, (apr_size_t)((qm ? qm : end) - v), 0, 0);
    /* the path: after "scheme://authority" (a Referer is an absolute
     * URL), else the whole part before the query */
    path = v;
    seg = memchr(v, ':', (apr_size_t)((qm ? qm : end) - v));
    if (seg && seg + 2 < (qm ? qm : end) && seg[1] == '/' && seg[2] == '/') {
        path = memchr(seg + 3, '/', (apr_size_t)((qm ? qm : end) - (seg + 3)));
        if (!path)
            path = qm ? qm : end;
    }
    inspect_segments(c, FK_REFERER, path,
                     (apr_size_t)((qm ? qm : end) - path));
    for (seg = qm ? qm + 1 : end; seg < end; ) {
        const char *se = memchr(seg, '&', (apr_size_t)(end - seg)), *eq;
        if (!se)
            se = end;
        eq = memchr(seg, '=', (apr_size_t)(se - seg));
        if (eq && eq > seg)
            inspect_det(c, FK_REFERER, seg, (apr_size_t)(eq - seg),
                        LW_N_PLUS, 1);
        if (se > (eq ? eq + 1 : seg))
            inspect_det(c, FK_REFERER, eq ? eq + 1 : seg,
                        (apr_size_t)(se - (eq ? eq + 1 : seg)), LW_N_PLUS, 1);
        seg = se + 1;
    }
    /* A query with a byte a browser always percent-encodes there (a
     * space, '"', '<', '>': the URL standard's query set) was written
     * by hand, not repeated from the page before: read whole too, any
     * verdict counting ("?q=x&& whoami" split at its '&' leaves
     * " whoami"). */
    if (qm) {
        const char *qe = memchr(qm, '#', (apr_size_t)(end - qm));
        if (!qe)
            qe = end;
        for (seg = qm + 1; seg < qe; seg++)
            if (*seg == ' ' || *seg == '"' || *seg == '<' || *seg == '>')
                break;
        if (seg < qe) {
            /* after the first parameter's name: "q=cats & dogs" would be
             * an assignment and a command to a shell tokenizer */
            const char *q = memchr(qm + 1, '=', (apr_size_t)(qe - qm - 1));
            const char *amp = memchr(qm + 1, '&', (apr_size_t)(qe - qm - 1));
            q = q && (!amp || q < amp) ? q + 1 : qm + 1;
            inspect_det(c, FK_REFERER, q, (apr_size_t)(qe - q), 0, 1);
        }
    }
    /* the fragment, as a hand-written query */
    seg = memchr(v, '#', len);
    if (seg && seg + 1 < end)
        inspect_det(c, FK_REFERER, seg + 1, (apr_size_t)(end - seg - 1), 0, 0);
}

/* The length of the run of a URL scheme's bytes (letters, digits, "+-.")
 * that v (len bytes) starts with. */
static apr_size_t scheme_run(const char *v, apr_size_t len)
{
    apr_size_t i = 0;

    while (i < len && (apr_isalnum(v[i]) || v[i] == '+' || v[i] == '-'
                       || v[i] == '.'))
        i++;
    return i;
}

/* Whether a Referer (v, len bytes) starts as an absolute URL does: a
 * scheme and ':' ("https:", "android-app:", "about:"), within 32 bytes. */
static int referer_url(const char *v, apr_size_t len)
{
    apr_size_t i;

    if (len > 32)
        len = 32;
    if (!len || !apr_isalpha(v[0]))
        return 0;
    i = scheme_run(v, len);
    return i < len && v[i] == ':';
}

/* The Referer header (fd, its field): the regex rules read it whole, the
 * detector rules its parts, through the memo as one field (bit 30: not
 * the key of the header read whole by every rule). A Referer that is no
 * absolute URL ("' or 1=1-- -", "uname -a") is no browser's, which always
 * sends one: it was written by hand, and is read as well as a header of
 * the client's own is, by every rule on headers with any verdict
 * counting, labelled "referer" (its regex rules within the budget of the
 * header's second view, header_views). */
static void inspect_referer(cls_t *c, field_t *fd, const char *v,
                            apr_size_t len)
{
    apr_uint32_t key = lw_cls_memo_key(fd, 0) | 1u << 30;
    apr_size_t before = 0;
    int got = lw_cls_memo_begin(c, key, v, len, &before);

    if (got == 1)
        return;
    fd->mode = M_REGEX;
    lw_cls_inspect_field(c, fd, v, len, 0, 0);
    inspect_referer_parts(c, v, len);
    if (!referer_url(v, len)) {
        field_t own;
        lw_cls_field_init(&own, M_ALL, FK_HEADERS);
        own.label = "referer";
        own.strong_only = 1;
        lw_cls_inspect(c, &own, v, len, 0, 0);
    }
    if (got == 0)
        lw_cls_memo_end(c, key, v, len, before);
}

/* The request body's fields (lw_body.h): each value as FK_BODY, each
 * name as FK_BODY_NAMES, labelled with the kind it was read as (declared
 * or, for another Content-Type or none, sniffed) and where it is:
 * "body:json:$.a.b", "body_names:form:user", "body:text". A form's names and values stay encoded as in
 * a query ('+' a space); the label shows a form name decoded, as
 * "args:NAME" does. */
static int inspect_body_field(void *ctx, const lw_body_field_t *f)
{
    cls_t *c = ctx;
    const char *kname = lw_body_kind_name(f->kind);
    unsigned nflags = f->kind == LW_BODY_FORM ? LW_N_PLUS : 0;
    const char *path = f->path;
    apr_size_t plen = f->path_len;
    field_t fd;

    if (f->past) {
        /* Past LW_BODY_MAX_FIELDS: read all the same (padding with fields
         * must not hide the ones after them), under one label by kind
         * made once, not one per field (a padded body may hold a field
         * per two bytes). */
        if (!c->past_value) {
            c->past_value = apr_pstrcat(c->p, "body:", kname, NULL);
            c->past_name = apr_pstrcat(c->p, "body_names:", kname, NULL);
        }
        if (f->name && f->name_len) {
            lw_cls_field_init(&fd, M_ALL, FK_BODY_NAMES);
            fd.label = c->past_name;
            lw_cls_inspect_field(c, &fd, f->name, f->name_len, nflags, 0);
        }
        if (f->value && f->value_len) {
            lw_cls_field_init(&fd, M_ALL, FK_BODY);
            fd.label = c->past_value;
            lw_cls_inspect_field(c, &fd, f->value, f->value_len, nflags, 0);
        }
        return 0;
    }
    if (f->kind == LW_BODY_FORM)
        path = lw_url_decode(c->p, f->path, f->path_len, 1, &plen);
    if (f->name && f->name_len) {
        lw_cls_field_init(&fd, M_ALL, FK_BODY_NAMES);
        fd.label = apr_psprintf(c->p, "body_names:%s:%.*s", kname,
                                (int)plen, path);
        lw_cls_inspect_field(c, &fd, f->name, f->name_len, nflags, 0);
        /* A JSON key below another: its key path ("$.constructor.prototype")
         * for the regex rules too, as a query's name "a[constructor]
         * [prototype]" is read whole; each key alone says nothing. Not a
         * path cut at LW_BODY_MAX_PATH: a pattern's look-ahead would see
         * the cut, not the key's end. */
        if (f->kind == LW_BODY_JSON && plen > f->name_len + 2
            && plen < LW_BODY_MAX_PATH) {
            lw_cls_field_init(&fd, M_REGEX, FK_BODY_NAMES);
            fd.label = apr_psprintf(c->p, "body_names:%s:%.*s", kname,
                                    (int)plen, path);
            lw_cls_inspect_field(c, &fd, path, plen, 0, 0);
        }
    }
    if (f->value && f->value_len) {
        lw_cls_field_init(&fd, M_ALL, FK_BODY);
        /* a text body is one field without a path: "body:text" */
        fd.label = plen ? apr_psprintf(c->p, "body:%s:%.*s", kname,
                                       (int)plen, path)
                        : apr_pstrcat(c->p, "body:", kname, NULL);
        lw_cls_inspect_field(c, &fd, f->value, f->value_len, nflags, 0);
    }
    return 0;
}

/* The body has a regex allowance of its own, LW_REGEX_BUDGET times its
 * length (at least max_inspect): it is the last field, so it cannot take
 * from the others, nor can padded headers leave it nothing. Its length
 * is bounded by the capture (LogWatchInspectBody), its fields by
 * LW_BODY_MAX_FIELDS. A body field is read whole, however long: the
 * capture's cap is its bound, not max_inspect, so a long text field
 * (an article, a base64 image in JSON) is neither cut nor flagged as
 * cut, and padding inside the capture hides nothing. */
static void inspect_body(cls_t *c, const lw_request_t *req)
{
    const lw_limits_t *lim = c->lim;
    lw_limits_t blim = *lim;
    int more = 0, kind;

    if (!c->e->has[FK_BODY][F_BOTH] && !c->e->has[FK_BODY_NAMES][F_BOTH]
        && !c->e->det_kinds[FK_BODY] && !c->e->det_kinds[FK_BODY_NAMES])
        return;
    if (blim.max_inspect < req->body_len)
        blim.max_inspect = req->body_len;
    c->lim = &blim;
    c->budget = blim.max_inspect * LW_REGEX_BUDGET;
    lw_body_split_all(req->body_type, req->body, req->body_len, c->p,
                      inspect_body_field, c, &more);
    kind = lw_body_kind_of(req->body_type, req->body, req->body_len);
    if (more) {
        /* Values deeper than LW_BODY_MAX_DEPTH were left out (fields past
         * LW_BODY_MAX_FIELDS were read one by one): the regex rules read
         * the body whole, as they read a query whole ("body:json"). */
        field_t fd;
        lw_cls_field_init(&fd, M_REGEX, FK_BODY);
        fd.label = apr_pstrcat(c->p, "body:", lw_body_kind_name(kind), NULL);
        lw_cls_inspect_field(c, &fd, req->body, req->body_len,
                             kind == LW_BODY_FORM ? LW_N_PLUS : 0, 0);
    }
    if (kind == LW_BODY_FORM)
        inspect_repeats(c, req->body, req->body_len, FK_BODY, "body:form:");
    c->budget = 0;
    c->lim = lim;
    /* A multipart capture is cut only where a byte other than a file's
     * contents was lost (lw_body_mp_feed): a file's are never read. */
    if (req->body_cut) {
        field_t fd;
        apr_size_t tail = req->body_len > 64 ? 64 : req->body_len;
        lw_cls_field_init(&fd, M_ALL, FK_BODY);
        fd.label = "body";
        lw_cls_evade(c, &fd, req->body + req->body_len - tail, tail,
                     "request body longer than LogWatchInspectBody: its "
                     "tail is not inspected");
    }
}

/* The method is the first field: nothing matched yet, the whole budget
 * left. A method found quiet at attach gives the same outcome (no hit, no
 * limit, the same regex bytes) whenever these limits allow at least what
 * the trial had: a regex that failed within the default match and depth
 * limits fails the same way with higher ones. */
static int quiet_method(cls_t *c, const char *m, apr_size_t len)
{
    const lw_engine_t *e = c->e;
    const lw_limits_t *lim = c->lim;
    int k;

    if (c->only >= 0 || c->nofilter || len > lim->max_inspect
        || (lim->match_limit && lim->match_limit < LW_DEFAULT_MATCH_LIMIT)
        || (lim->depth_limit && lim->depth_limit < LW_DEFAULT_DEPTH_LIMIT))
        return 0;
    for (k = 0; k < e->nquiet; k++)
        if (e->quiet[k].len == len && memcmp(e->quiet[k].name, m, len) == 0
            && e->quiet[k].charge <= c->budget) {
            c->budget -= e->quiet[k].charge;
            return 1;
        }
    return 0;
}

/* At attach: which common methods no method rule matches, and their cost. */
void lw_engine_quiet_methods(lw_engine_t *e, apr_pool_t *p)
{
    static const char *const common[] = { "GET", "POST", "HEAD" };
    word_t stackbits[2 * 32];
    lw_limits_t lim;
    lw_result_t res;
    apr_pool_t *tp;
    cls_t c;
    int k;

    if (apr_pool_create(&tp, p) != APR_SUCCESS)
        return;
    lw_limits_default(&lim);
    for (k = 0; k < 3; k++) {
        apr_size_t len = strlen(common[k]), full;
        lw_cls_init(&c, e, &lim, tp, &res, -1, 0, stackbits);
        lw_cls_field_begin(&c, 0, 1);
        full = c.budget;
        lw_cls_inspect_simple(&c, FK_METHOD, common[k], len, 0, 0);
        if (res.nhits == 0 && !res.limit_hit && !res.truncated) {
            e->quiet[e->nquiet].name = common[k];
            e->quiet[e->nquiet].len = len;
            e->quiet[e->nquiet].charge = full - c.budget;
            e->nquiet++;
        }
        apr_pool_clear(tp);
    }
    apr_pool_destroy(tp);
}

/* Standard headers whose value has a fixed grammar, written by browsers,
 * clients and proxies, never free text: media types and q-values, dates,
 * entity tags, credentials with their scheme, client hints, connection
 * options, trace context. (Origin and Content-Location are URLs:
 * FK_HEADERS_URL, lw_engine_int.h.) They are read as FK_HEADERS_STD (the
 * families an attacker can use in any header, lw_engine_int.h); an SQL or
 * XSS reading of "text/html;q=0.9,*\/\*;q=0.8" or of a base64 token would
 * only make false positives. By first letter (every header is looked up,
 * so a name is compared with a few entries at most, and only with those
 * of its length); lower case; a name ending in '-' is a prefix (of a
 * longer name). A value that leaves its header's grammar (gram_fits) was
 * not written by a browser or a proxy: it is read as a header of the
 * client's own (FK_HEADERS), by every rule on headers, detectors too. */
enum { G_FREE, G_TOK, G_CRED, G_HOST };
typedef struct {
    const char *name;
    apr_size_t len;
    int gram;                 /* G_TOK: tok_byte; G_CRED: credentials;
                                 G_HOST: a host; G_FREE: below */
} std_name_t;

/* The bytes of the token-list headers' grammar (media types, language
 * ranges, codings, q-values, directives, ranges): letters, digits and
 * " \t,;=.*\/+-_". A value with any other byte (a quote, a parenthesis,
 * '<', '$', '|', '%' ...) was not written by a browser or a proxy: such a
 * header is read as a header of the client's own (FK_HEADERS), by every
 * rule on headers, detectors too. Scanners put "en' AND SLEEP(5)--" in
 * Accept-Language for applications that store it. */
static const unsigned char tok_byte[256] = {
    [' '] = 1, ['\t'] = 1, [','] = 1, [';'] = 1, ['='] = 1, ['.'] = 1,
    ['*'] = 1, ['/'] = 1, ['+'] = 1, ['-'] = 1, ['_'] = 1,
    ALNUM_BYTES,
};

/* The bytes of a credential's token68 (RFC 9110 11.2: base64, base64url,
 * a JWT's dots) and of an auth-param's unquoted value (AWS's
 * "Credential=AKIA.../s3/aws4_request, SignedHeaders=host;x-amz-date"). */
static const unsigned char t68_byte[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1, ['+'] = 1, ['/'] = 1,
    ALNUM_BYTES,
};
static const unsigned char param_byte[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1, ['+'] = 1, ['/'] = 1,
    ['='] = 1, [':'] = 1, [';'] = 1, ['%'] = 1, ['*'] = 1, ['!'] = 1,
    ['#'] = 1, ['^'] = 1,
    ALNUM_BYTES,
};

/* Credentials (Authorization, Proxy-Authorization): a scheme, then
 * nothing, a token68, or "name=value" pairs separated by ',' whose value
 * is unquoted param_byte or a quoted string. Within quotes (a Digest
 * username, an OAuth signature) anything but the bytes no credential
 * needs and markup and SQL do: '<', '>', a single quote, '`', control
 * bytes. */
static int cred_fits(const char *v, apr_size_t n)
{
    apr_size_t i = 0, j;

    while (i < n && (apr_isalnum(v[i]) || v[i] == '-' || v[i] == '_'
                     || v[i] == '.'))
        i++;
    if (i == 0)
        return 0;
    if (i == n)
        return 1;
    if (v[i] != ' ')
        return 0;
    while (i < n && v[i] == ' ')
        i++;
    for (j = i; j < n && t68_byte[(unsigned char)v[j]]; j++)
        ;
    while (j < n && v[j] == '=')
        j++;
    if (j == n)
        return 1;
    while (i < n) {
        for (j = i; j < n && (apr_isalnum(v[j]) || v[j] == '-'
                              || v[j] == '_' || v[j] == '.'); j++)
            ;
        if (j == i)
            return 0;
        for (i = j; i < n && (v[i] == ' ' || v[i] == '\t'); i++)
            ;
        if (i == n || v[i++] != '=')
            return 0;
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        if (i < n && v[i] == '"') {
            for (i++; i < n && v[i] != '"'; i++) {
                unsigned char ch = (unsigned char)v[i];
                if (ch < 0x20 || ch == 0x7f || ch == '<' || ch == '>'
                    || ch == '\'' || ch == '`')
                    return 0;
                if (ch == '\\' && i + 1 < n)
                    i++;
            }
            if (i++ == n)
                return 0;
        }
        else
            while (i < n && param_byte[(unsigned char)v[i]])
                i++;
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        if (i == n)
            return 1;
        if (v[i++] != ',')
            return 0;
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
    }
    return 1;
}

/* A host and port (Host), or a serialized origin (Origin: "null", or a
 * scheme, "://", a host and port): letters, digits, "-._~" and an IPv6
 * address's "[:]". */
static int host_fits(const char *v, apr_size_t n, int origin)
{
    apr_size_t i = 0;

    if (origin) {
        if (n == 4 && !memcmp(v, "null", 4))
            return 1;
        i = scheme_run(v, n);
        if (i == 0 || n - i < 4 || memcmp(v + i, "://", 3))
            return 0;
        i += 3;
    }
    for (; i < n; i++)
        if (!lw_unreserved[(unsigned char)v[i]] && v[i] != ':'
            && v[i] != '[' && v[i] != ']')
            return 0;
    return 1;
}

/* Whether value v (vlen bytes) keeps to grammar gram. The free-text
 * standard headers (dates, entity tags, client hints, media types with
 * their parameters, Via's comments) never hold a single quote, '<', '>'
 * or '`': a quote for SQL, markup, a shell's backquote. */
static int gram_fits(int gram, const char *v, apr_size_t vlen)
{
    apr_size_t k;

    switch (gram) {
    case G_TOK:
        for (k = 0; k < vlen; k++)
            if (!tok_byte[(unsigned char)v[k]])
                return 0;
        return 1;
    case G_CRED:
        return cred_fits(v, vlen);
    case G_HOST:
        return host_fits(v, vlen, 0);
    default:
        /* every request has a dozen of these: libc's strcspn reads
         * sixteen bytes at a time (v is a C string of at least vlen) */
        return strcspn(v, "'<>`") >= vlen;
    }
}

#define N(s) { s, sizeof(s) - 1, G_FREE }
#define T(s) { s, sizeof(s) - 1, G_TOK }
#define C(s) { s, sizeof(s) - 1, G_CRED }
static const std_name_t std_a[] = { T("accept"), T("accept-"),
                                    C("authorization"), { NULL, 0, 0 } };
static const std_name_t std_c[] = { T("cache-control"), T("connection"),
                                    N("content-"), { NULL, 0, 0 } };
static const std_name_t std_d[] = { N("date"), T("dnt"), T("downlink"),
                                    T("dpr"), T("device-memory"),
                                    { NULL, 0, 0 } };
static const std_name_t std_e[] = { T("early-data"), T("ect"), T("expect"),
                                    { NULL, 0, 0 } };
static const std_name_t std_h[] = { { "host", 4, G_HOST }, { NULL, 0, 0 } };
static const std_name_t std_i[] = { N("if-"), { NULL, 0, 0 } };
static const std_name_t std_k[] = { T("keep-alive"), { NULL, 0, 0 } };
static const std_name_t std_m[] = { T("max-forwards"), { NULL, 0, 0 } };
static const std_name_t std_p[] = { T("pragma"), T("priority"),
                                    C("proxy-authorization"), { NULL, 0, 0 } };
static const std_name_t std_r[] = { T("range"), T("rtt"), { NULL, 0, 0 } };
static const std_name_t std_s[] = { N("sec-"), { NULL, 0, 0 } };
static const std_name_t std_t[] = { T("te"), N("traceparent"),
                                    N("tracestate"), { NULL, 0, 0 } };
static const std_name_t std_u[] = { T("upgrade"),
                                    T("upgrade-insecure-requests"),
                                    { NULL, 0, 0 } };
static const std_name_t std_v[] = { N("via"), T("viewport-width"),
                                    { NULL, 0, 0 } };
static const std_name_t std_w[] = { T("width"), { NULL, 0, 0 } };
#undef C
#undef T
#undef N

/* The kind a header is read as: its own target for User-Agent, Referer
 * and Cookie, FK_HEADERS_URL for a standard one whose value is a URL,
 * FK_HEADERS_STD for another standard one (each only while its value v,
 * vlen bytes, keeps to its grammar), else FK_HEADERS; *own: 1 when the
 * name is not a standard one (a standard name that left its grammar says
 * nothing about the client). */
static int header_kind(const char *name, const char *v, apr_size_t vlen,
                       int *own)
{
    const std_name_t *list;
    apr_size_t n = strlen(name);

    *own = 0;
    switch (name[0] | 0x20) {
    case 'a': list = std_a; break;
    case 'c':
        if (n == 6 && !strcasecmp(name, "Cookie"))
            return FK_COOKIE;
        if (n == 16 && !strcasecmp(name, "Content-Location"))
            return FK_HEADERS_URL;
        list = std_c;
        break;
    case 'd': list = std_d; break;
    case 'e': list = std_e; break;
    case 'h': list = std_h; break;
    case 'i': list = std_i; break;
    case 'k': list = std_k; break;
    case 'm': list = std_m; break;
    case 'o':
        if (n == 6 && !strcasecmp(name, "Origin"))
            return host_fits(v, vlen, 1) ? FK_HEADERS_URL : FK_HEADERS;
        *own = 1;
        return FK_HEADERS;
    case 'p': list = std_p; break;
    case 'r':
        if (n == 7 && !strcasecmp(name, "Referer"))
            return FK_REFERER;
        list = std_r;
        break;
    case 's': list = std_s; break;
    case 't': list = std_t; break;
    case 'u':
        if (n == 10 && !strcasecmp(name, "User-Agent"))
            return FK_UA;
        list = std_u;
        break;
    case 'v': list = std_v; break;
    case 'w': list = std_w; break;
    default:
        *own = 1;               /* X-..., and every other letter */
        return FK_HEADERS;
    }
    for (; list->name; list++)
        if ((list->name[list->len - 1] == '-' ? n > list->len : n == list->len)
            && !strncasecmp(name, list->name, list->len))
            return gram_fits(list->gram, v, vlen) ? FK_HEADERS_STD
                                                  : FK_HEADERS;
    *own = 1;
    return FK_HEADERS;
}

/* Basic credentials (RFC 7617): "Basic " and the base64 of
 * "user:password", which the application decodes and looks up, often
 * in SQL or LDAP. When the token decodes to text (lw_b64_text), the
 * user is read as a header of the client's own is, by every rule on
 * headers, detectors too, named "NAME(base64)"; the token itself stays a
 * standard header's. The password never is: it is a secret that a
 * record's excerpt would write to the attack log, and generated
 * passwords are any mix of quotes, brackets and punctuation (random ones
 * set off the detectors one time in 200).
 * Its bytes are at most the header's inspected ones, given their own
 * regex budget as a base64 field's text is (lw_engine.c). */
static void inspect_basic(cls_t *c, const char *name, const char *v,
                          apr_size_t vlen)
{
    const char *t, *colon;
    apr_size_t tlen, grant;
    field_t fd;

    if (vlen < 7 || strncasecmp(v, "basic ", 6))
        return;
    v += 6;
    vlen -= 6;
    while (vlen && *v == ' ') {
        v++;
        vlen--;
    }
    if (!(t = lw_b64_text(c->p, v, vlen, &tlen)))
        return;
    if ((colon = memchr(t, ':', tlen)))
        tlen = (apr_size_t)(colon - t);
    grant = tlen * LW_REGEX_PASSES;
    c->budget += grant;
    lw_cls_field_init(&fd, M_ALL, FK_HEADERS);
    fd.name = apr_pstrcat(c->p, name, "(base64)", NULL);
    c->in_b64 = 1;
    lw_cls_inspect(c, &fd, t, tlen, 0, 0);
    c->in_b64 = 0;
    c->budget = c->budget > grant ? c->budget - grant : 0;
}

/* A header's views for the regex budget: the Cookie header is read whole
 * and by its cookies' names and values (inspect_cookies), a Referer that
 * is no URL as the Referer and as a header of the client's own
 * (inspect_referer). */
static int header_views(const char *name, const char *v)
{
    switch (name[0] | 0x20) {
    case 'c':
        return !strcasecmp(name, "Cookie") ? 2 : 1;
    case 'r':
        return !strcasecmp(name, "Referer")
               && !referer_url(v, strnlen(v, 32)) ? 2 : 1;
    default:
        return 1;
    }
}

/* The header lengths the budget measures, kept for the inspection (the
 * module passes LOGWATCH_MAX_HEADERS and the named ones; past this, they
 * are measured twice). */
#define LW_HDR_LENS 80

/* A view's bytes for the budget: what the regexes read of it. */
static apr_size_t view_len(apr_size_t len, const lw_limits_t *lim)
{
    return len < lim->max_inspect ? len : lim->max_inspect;
}

static int classify(const lw_engine_t *e, const lw_request_t *req,
                    const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res,
                    int only, int nofilter, lw_memo_t *memo,
                    const lw_result_t *counted)
{
    word_t stackbits[2 * 32];
    lw_limits_t defaults;
    const char *qm = NULL;
    apr_size_t need_path, need_query = 0, vlen, hlen[LW_HDR_LENS];
    cls_t c;
    int i, w, nf;

    if (!lim) {
        lw_limits_default(&defaults);
        lim = &defaults;
    }
    lw_cls_init(&c, e, lim, p, res, only, nofilter, stackbits);
    if (memo && only < 0 && !nofilter) {
        int b = lw_memo_bind(memo, e, lim);
        if (b > 0) {
            c.memo = memo;
            c.memo_bind = (apr_uint32_t)(b - 1) << 26;
        }
    }

    /* The budget fields: method and path, the query, each header. */
    if (req->uri)
        qm = strchr(req->uri, '?');
    nf = 1 + (qm != NULL);
    for (i = 0; i < req->nheaders; i++)
        nf += req->headers[i].name && req->headers[i].value;
    if (c.share > c.left / (apr_size_t)nf)
        c.share = c.left / (apr_size_t)nf;
    /* Every field can afford one full-length scan: with many headers
     * (the module passes at most LOGWATCH_MAX_HEADERS besides the named
     * ones) the budget grows instead of the shares shrinking below that. */
    if (c.share < lim->max_inspect) {
        c.share = lim->max_inspect;
        c.left = c.share * (apr_size_t)nf;
    }
    /* Each field's need reserved (lw_engine_int.h); the total grows to
     * their sum, at most LW_REGEX_TOTAL x max_inspect, the needs past the
     * shares scaled down to fit. The query group's views: its parameters,
     * the query, the uri. */
    {
        apr_size_t ul = req->uri ? strlen(req->uri) : 0;
        apr_size_t pl = qm ? (apr_size_t)(qm - req->uri) : ul;
        apr_size_t most = lim->max_inspect * LW_REGEX_TOTAL, sum, shares;
        int pass;
        if (most < c.left)
            most = c.left;
        for (pass = 0; pass < 2; pass++) {
            need_path = lw_cls_field_need(&c, view_len(pl, lim), 1);
            sum = need_path;
            if (qm) {
                /* a ';' in the query: its parts are one view more */
                int sv = memchr(qm + 1, ';', ul - pl - 1) != NULL;
                need_query = lw_cls_field_need(&c,
                    (apr_size_t)(2 + sv) * view_len(ul - pl - 1, lim)
                    + view_len(ul, lim), 3 + sv);
                sum += need_query;
            }
            for (i = 0; i < req->nheaders; i++) {
                apr_size_t hl;
                if (!req->headers[i].name || !req->headers[i].value)
                    continue;
                if (i >= LW_HDR_LENS)
                    hl = strlen(req->headers[i].value);
                else if (pass == 0)
                    hl = hlen[i] = strlen(req->headers[i].value);
                else
                    hl = hlen[i];
                sum += lw_cls_field_need(&c, view_len(hl, lim),
                                         header_views(req->headers[i].name,
                                                     req->headers[i].value));
            }
            shares = c.share * (apr_size_t)nf;
            if (pass || sum <= most)
                break;
            c.over_num = most - shares;   /* c.left >= shares */
            c.over_den = sum - shares;
        }
        c.reserved = sum;
        if (c.left < sum)
            c.left = sum;
    }

    lw_cls_field_begin(&c, need_path, 1);
    if (req->method) {
        apr_size_t mlen = strlen(req->method);
        if (!quiet_method(&c, req->method, mlen))
            lw_cls_inspect_simple(&c, FK_METHOD, req->method, mlen, 0, 0);
    }
    if (req->uri) {
        apr_size_t ulen = strlen(req->uri), plen;
        plen = qm ? (apr_size_t)(qm - req->uri) : ulen;
        if (!qm) {
            /* The uri is the path: one scan, and one memo entry (the path's
             * key with bit 30), serve both; rules on both run once. */
            field_t fp = { M_ALL, FK_PATH, NULL, 0, NULL, -1, 0 };
            field_t fu = { M_ALL, FK_URI, NULL, 0, NULL, FK_PATH, 0 };
            apr_uint32_t key = lw_cls_memo_key(&fp, LW_N_PATH) | 1u << 30;
            apr_size_t before = 0;
            int got = lw_cls_memo_begin(&c, key, req->uri, ulen, &before);
            if (got != 1) {
                lw_cls_inspect_field(&c, &fp, req->uri, ulen, LW_N_PATH, LW_T_URI);
                lw_cls_inspect_field(&c, &fu, req->uri, ulen, LW_N_PATH, 0);
                inspect_segments(&c, FK_PATH, req->uri, ulen);
                if (got == 0)
                    lw_cls_memo_end(&c, key, req->uri, ulen, before);
            }
        }
        else {
            apr_size_t qlen = ulen - plen - 1;
            inspect_path(&c, req->uri, plen);
            lw_cls_field_end(&c);
            lw_cls_field_begin(&c, need_query, 3);
            if (qlen > lim->max_inspect) {
                field_t fq;
                int k;
                qlen = lim->max_inspect;
                lw_cls_field_init(&fq, M_ALL, FK_QUERY);
                for (k = FK_QUERY; k <= FK_ARGS; k++)   /* and its parts */
                    if (e->has[k][F_RAW] || e->has[k][F_NORM]
                        || e->det_kinds[k])
                        break;
                if (k <= FK_ARGS)
                    lw_cls_cut(&c, &fq, qm + 1, qlen);
            }
            inspect_params(&c, qm + 1, qlen);
            {
                field_t fq;
                lw_cls_field_init(&fq, M_REGEX, FK_QUERY);
                c.v_at[0] = c.v_at[1] = -2;
                lw_cls_inspect(&c, &fq, qm + 1, qlen, LW_N_PLUS, 0);
                c.vq = 0;
            }
            inspect_repeats(&c, qm + 1, qlen, FK_ARGS, NULL);
            lw_cls_inspect_simple(&c, FK_URI, req->uri, ulen, LW_N_PATH, 0);
        }
    }
    lw_cls_field_end(&c);
    for (i = 0; i < req->nheaders; i++) {
        const lw_header_t *h = &req->headers[i];
        field_t fd;
        int views, own;
        if (!h->name || !h->value)
            continue;
        vlen = i < LW_HDR_LENS ? hlen[i] : strlen(h->value);
        views = header_views(h->name, h->value);
        lw_cls_field_begin(&c, lw_cls_field_need(&c, view_len(vlen, lim),
                                                 views), views);
        lw_cls_field_init(&fd, M_ALL,
                          header_kind(h->name, h->value,
                                      view_len(vlen, lim), &own));
        if (fd.kind == FK_HEADERS || fd.kind == FK_HEADERS_STD
            || fd.kind == FK_HEADERS_URL)
            fd.name = h->name;
        if (fd.kind == FK_COOKIE) {
            fd.mode = M_REGEX;
            lw_cls_inspect(&c, &fd, h->value, vlen, LW_N_PLUS, 0);
            if (e->det_kinds[FK_COOKIE] || e->has[FK_COOKIE][F_BOTH])
                inspect_cookies(&c, h->value, vlen);
        }
        else if (fd.kind == FK_REFERER && e->det_kinds[FK_REFERER])
            inspect_referer(&c, &fd, h->value, vlen);
        else
            lw_cls_inspect(&c, &fd, h->value, vlen, 0, 0);
        if (fd.kind == FK_HEADERS_STD
            && (!strcasecmp(h->name, "Authorization")
                || !strcasecmp(h->name, "Proxy-Authorization")))
            inspect_basic(&c, h->name, h->value, view_len(vlen, lim));
        /* A name of a header of the client's own (X-..., a scanner's
         * Acunetix-Aspect): what some scanners are known by. The standard
         * names say nothing. Regex rules only (no detector reads it). */
        if (fd.kind == FK_HEADERS && own && e->has[FK_HEADER_NAMES][F_BOTH])
            lw_cls_inspect_simple(&c, FK_HEADER_NAMES, h->name,
                                  strlen(h->name), 0, 0);
        lw_cls_field_end(&c);
    }
    if (req->target_cut && req->uri) {
        field_t fd;
        lw_cls_field_init(&fd, M_ALL, FK_URI);
        lw_cls_target_cut(&c, &fd, req->uri, strlen(req->uri));
    }
    if (req->headers_left_out > 0
        && (e->has[FK_HEADERS][F_BOTH] || e->det_kinds[FK_HEADERS])) {
        field_t fd;
        static const char why[] = "more request headers than are inspected";
        lw_cls_field_init(&fd, M_ALL, FK_HEADERS);
        lw_cls_evade(&c, &fd, why, sizeof(why) - 1, "request headers left "
                     "out: their number is over the bound");
    }
    if (req->body && req->body_len && req->body_type)
        inspect_body(&c, req);

    if (res->nhits == 0)
        return 0;
    if (res->score < lim->min_score && !c.evaded)
        return 0;
    /* the rules an earlier classification counted are not counted twice */
    for (i = 0; counted && i < counted->nhits; i++) {
        int k = counted->hits[i].rule_index;
        if (k >= 0 && k < e->nrules)
            c.done[k / WBITS] &= ~((word_t)1 << (k % WBITS));
    }
    for (w = 0; w < e->nwords; w++) {
        word_t bits = c.done[w];
        while (bits) {
            apr_atomic_inc32(&e->counters[w * WBITS + __builtin_ctzll(bits)]);
            bits &= bits - 1;
        }
    }
    return 1;
}

int lw_classify(const lw_engine_t *e, const lw_request_t *req,
                const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res)
{
    return classify(e, req, lim, p, res, -1, 0, NULL, NULL);
}

int lw_classify_again(const lw_engine_t *e, const lw_request_t *req,
                      const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res,
                      const lw_result_t *before, lw_memo_t *memo)
{
    return classify(e, req, lim, p, res, -1, 0, memo, before);
}

int lw_classify_memo(const lw_engine_t *e, const lw_request_t *req,
                     const lw_limits_t *lim, apr_pool_t *p, lw_result_t *res,
                     lw_memo_t *memo)
{
    return classify(e, req, lim, p, res, -1, 0, memo, NULL);
}

int lw_engine_classify_rule(const lw_engine_t *e, const lw_request_t *req,
                            const lw_limits_t *lim, apr_pool_t *p,
                            lw_result_t *res, int index, int nofilter)
{
    classify(e, req, lim, p, res, index, nofilter, NULL, NULL);
    return res->nhits > 0;
}

int lw_result_exclude(lw_result_t *res, const apr_uint32_t *ids, int nids,
                      apr_uint32_t cats, int min_score)
{
    int i, j, n = 0, evaded = 0;
    res->score = 0;
    res->severity = LW_SEV_INFO;
    res->categories = 0;
    res->tool = NULL;
    for (i = 0; i < res->nhits; i++) {
        const lw_hit_t *h = &res->hits[i];
        int drop = (cats & (1u << h->category)) != 0;
        for (j = 0; j < nids && !drop; j++)
            drop = ids[j] == h->rule_id;
        if (drop)
            continue;
        res->hits[n] = *h;
        evaded |= h->rule_id == LW_EVASION_RULE_ID && h->rule_index < 0;
        res->score += lw_severity_score(h->severity);
        if (h->severity > res->severity)
            res->severity = h->severity;
        if (h->category == LW_CAT_TOOL) {
            if (!res->tool)
                res->tool = h->msg;
        }
        else
            res->categories |= 1u << h->category;
        n++;
    }
    res->nhits = n;
    return n > 0 && (res->score >= min_score || evaded);
}
