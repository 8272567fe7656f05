/* lw_logformat.c: parsing access-log lines by their LogFormat, for
 * logwatch-scan.
 *
 * A format compiles to a list of literals and directives. A line is parsed
 * in one left-to-right pass with no regex: each directive's value runs up
 * to the next literal of the format; a value between double quotes honours
 * Apache's backslash escapes, so an escaped \" inside a user agent does not
 * end it. The line is copied once into the per-line pool; values are
 * NUL-terminated and unescaped in place in that copy (unescaping only
 * shrinks), so a line costs one or two allocations whatever its fields. */
#include "lw_logformat.h"

#include <string.h>
#include <strings.h>
#include <apr_strings.h>

enum {
    D_LIT, D_CLIENT, D_IGNORE, D_TIME, D_REQUEST, D_STATUS, D_FINAL_STATUS,
    D_BYTES_CLF, D_BYTES, D_VHOST, D_PORT, D_USEC, D_SEC, D_MSEC, D_HEADER,
    D_UNIQUE_ID
};

typedef struct {
    int kind;
    const char *text;     /* literal text, or the %{NAME} */
    apr_size_t len;       /* literal length */
    int quoted;           /* value between '"' literals: honour \" */
    int header;           /* index into lw_logline_t.headers */
    const char *lit;      /* directives: the literal that follows, or NULL */
    apr_size_t litlen;
} lw_item_t;

/* Parsing walks the directives only: each one carries the literal after
 * it, which finding the value's end has already matched. */
struct lw_logformat {
    lw_item_t *items;     /* literals and directives, as written */
    int nitems;
    int nheaders;
    const char *lead;     /* literal before the first directive */
    apr_size_t leadlen;
    lw_item_t *dirs;
    int ndirs;
};

static const struct { const char *nick, *fmt; } nicknames[] = {
    {"common", "%h %l %u %t \"%r\" %>s %b"},
    {"combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""},
    {"vhost_combined", "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" "
                       "\"%{User-Agent}i\""},
};

static int directive_kind(char c, const char *name, int final)
{
    switch (c) {
    case 'h': case 'a': return D_CLIENT;
    case 'l': case 'u': case 'n': return D_IGNORE;
    case 't': return name ? -1 : D_TIME;
    case 'r': return D_REQUEST;
    case 's': return final ? D_FINAL_STATUS : D_STATUS;
    case 'b': return D_BYTES_CLF;
    case 'B': case 'O': case 'I': case 'S': return D_BYTES;
    case 'v': case 'V': return D_VHOST;
    case 'p': return D_PORT;
    case 'D': return D_USEC;
    case 'T':
        if (!name || strcmp(name, "s") == 0) return D_SEC;
        if (strcmp(name, "ms") == 0) return D_MSEC;
        if (strcmp(name, "us") == 0) return D_USEC;
        return -1;
    case 'i': return name ? D_HEADER : -1;
    case 'e':
        if (!name) return -1;
        return strcasecmp(name, "UNIQUE_ID") == 0 ? D_UNIQUE_ID : D_IGNORE;
    default: return -1;
    }
}

apr_status_t lw_logformat_compile(lw_logformat_t **f, const char *fmt,
                                  apr_pool_t *p, char **err)
{
    lw_logformat_t *lf;
    apr_size_t i, n, cap;
    int k;

    for (i = 0; i < sizeof(nicknames) / sizeof(nicknames[0]); i++)
        if (strcmp(fmt, nicknames[i].nick) == 0)
            fmt = nicknames[i].fmt;
    n = strlen(fmt);
    cap = n + 1;  /* never more items than characters */
    lf = apr_pcalloc(p, sizeof(*lf));
    lf->items = apr_pcalloc(p, cap * sizeof(*lf->items));

    for (i = 0; i < n;) {
        lw_item_t *it;
        const char *name = NULL;
        apr_size_t start = i;
        int final = 0, kind;

        if (fmt[i] != '%' || (i + 1 < n && fmt[i + 1] == '%')) {
            /* Literal text; "%%" is a literal '%'. Runs are merged. */
            char *lit;
            apr_size_t l = 0;
            it = lf->nitems && lf->items[lf->nitems - 1].kind == D_LIT
                 ? &lf->items[lf->nitems - 1] : NULL;
            lit = apr_palloc(p, (it ? it->len : 0) + n + 1);
            if (it) {
                memcpy(lit, it->text, it->len);
                l = it->len;
            }
            while (i < n && (fmt[i] != '%' || (i + 1 < n && fmt[i + 1] == '%'))) {
                lit[l++] = fmt[i];
                i += fmt[i] == '%' ? 2 : 1;
            }
            lit[l] = '\0';
            if (!it) {
                it = &lf->items[lf->nitems++];
                it->kind = D_LIT;
            }
            it->text = lit;
            it->len = l;
            continue;
        }
        i++;
        /* Apache's modifiers: %>s %<s, status conditions %!200,304{..}i */
        while (i < n && (fmt[i] == '<' || fmt[i] == '>' || fmt[i] == '!'
                         || fmt[i] == ',' || (fmt[i] >= '0' && fmt[i] <= '9'))) {
            if (fmt[i] == '>')
                final = 1;
            i++;
        }
        if (i < n && fmt[i] == '{') {
            const char *close = strchr(fmt + i, '}');
            if (!close) {
                *err = apr_psprintf(p, "unterminated %%{ at offset %lu",
                                    (unsigned long)start);
                return APR_EINVAL;
            }
            name = apr_pstrndup(p, fmt + i + 1, (apr_size_t)(close - fmt - i - 1));
            i = (apr_size_t)(close - fmt) + 1;
        }
        if (i >= n) {
            *err = apr_psprintf(p, "incomplete directive at offset %lu",
                                (unsigned long)start);
            return APR_EINVAL;
        }
        kind = directive_kind(fmt[i], name, final);
        i++;
        if (kind < 0) {
            *err = apr_psprintf(p, "unsupported directive %s at offset %lu",
                                apr_pstrndup(p, fmt + start, i - start),
                                (unsigned long)start);
            return APR_EINVAL;
        }
        if (lf->nitems && lf->items[lf->nitems - 1].kind != D_LIT) {
            *err = apr_psprintf(p, "directive %s follows another directive "
                                "with no text between them",
                                apr_pstrndup(p, fmt + start, i - start));
            return APR_EINVAL;
        }
        it = &lf->items[lf->nitems++];
        it->kind = kind;
        it->text = name;
        it->header = -1;
        if (kind == D_HEADER) {
            if (lf->nheaders >= LW_LOG_MAX_HEADERS) {
                *err = apr_psprintf(p, "more than %d %%{...}i directives",
                                    LW_LOG_MAX_HEADERS);
                return APR_EINVAL;
            }
            it->header = lf->nheaders++;
        }
    }
    /* A value between two '"' literals is a quoted field. */
    lf->dirs = apr_pcalloc(p, cap * sizeof(*lf->dirs));
    for (k = 0; k < lf->nitems; k++) {
        lw_item_t *it = &lf->items[k], *d;
        if (it->kind == D_LIT) {
            if (k == 0) {
                lf->lead = it->text;
                lf->leadlen = it->len;
            }
            continue;
        }
        d = &lf->dirs[lf->ndirs++];
        *d = *it;
        if (k + 1 < lf->nitems) {
            d->lit = lf->items[k + 1].text;
            d->litlen = lf->items[k + 1].len;
        }
        d->quoted = it->kind != D_TIME && k > 0 && d->lit
            && lf->items[k - 1].text[lf->items[k - 1].len - 1] == '"'
            && d->lit[0] == '"';
    }
    *f = lf;
    return APR_SUCCESS;
}

/* ----------------------------------------------------------------- lines */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Undo Apache's log escaping in place; returns the new length. */
static apr_size_t unescape(char *s, apr_size_t n)
{
    apr_size_t i = 0, o = 0;
    while (i < n) {
        char c = s[i];
        if (c != '\\' || i + 1 >= n) {
            s[o++] = c;
            i++;
            continue;
        }
        c = s[i + 1];
        i += 2;
        switch (c) {
        case '"': s[o++] = '"'; break;
        case '\\': s[o++] = '\\'; break;
        case 'n': s[o++] = '\n'; break;
        case 't': s[o++] = '\t'; break;
        case 'r': s[o++] = '\r'; break;
        case 'v': s[o++] = '\v'; break;
        case 'f': s[o++] = '\f'; break;
        case 'b': s[o++] = '\b'; break;
        case 'x':
            if (i + 1 < n && hexval(s[i]) >= 0 && hexval(s[i + 1]) >= 0) {
                s[o++] = (char)(hexval(s[i]) * 16 + hexval(s[i + 1]));
                i += 2;
            } else {
                /* not an escape after all: keep it as written */
                s[o++] = '\\';
                s[o++] = 'x';
            }
            break;
        default:
            s[o++] = '\\';
            s[o++] = c;
            break;
        }
    }
    return o;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static apr_int64_t days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (apr_int64_t)era * 146097 + doe - 719468;
}

/* Two decimal digits, or -1. */
static APR_INLINE int d2(const char *s)
{
    unsigned a = (unsigned)(unsigned char)s[0] - '0';
    unsigned b = (unsigned)(unsigned char)s[1] - '0';
    return a > 9 || b > 9 ? -1 : (int)(a * 10 + b);
}

static int month(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i;
    for (i = 0; i < 12; i++)
        if (s[1] == names[i * 3 + 1] && s[2] == names[i * 3 + 2]
            && s[0] == names[i * 3])
            return i + 1;
    return -1;
}

/* [21/Jun/2011:11:56:40 -0400], exactly 28 bytes. */
static int parse_clf_time(const char *s, apr_size_t n, lw_logline_t *out)
{
    int d, mo, y, h, mi, sec, oh, om, off;

    if (n < 28 || s[0] != '[' || s[3] != '/' || s[7] != '/' || s[12] != ':'
        || s[15] != ':' || s[18] != ':' || s[21] != ' '
        || (s[22] != '+' && s[22] != '-') || s[27] != ']')
        return -1;
    d = d2(s + 1);
    mo = month(s + 4);
    y = d2(s + 8);
    y = y < 0 || d2(s + 10) < 0 ? -1 : y * 100 + d2(s + 10);
    h = d2(s + 13);
    mi = d2(s + 16);
    sec = d2(s + 19);
    oh = d2(s + 23);
    om = d2(s + 25);
    if (d < 1 || d > 31 || mo < 0 || y < 0 || h < 0 || h > 23 || mi < 0
        || mi > 59 || sec < 0 || sec > 60 || oh < 0 || om < 0 || om > 59)
        return -1;
    off = (oh * 3600 + om * 60) * (s[22] == '-' ? -1 : 1);
    out->time = apr_time_from_sec(days_from_civil(y, mo, d) * 86400
                                  + h * 3600 + mi * 60 + sec - off);
    out->utc_offset = off;
    out->has_time = 1;
    return 0;
}

/* Decimal, at most 18 digits (no overflow); "-" gives dash_value. */
static int parse_int(const char *s, apr_size_t n, apr_int64_t dash_value,
                     apr_int64_t *out)
{
    apr_int64_t v = 0;
    apr_size_t i;
    if (n == 1 && s[0] == '-') {
        *out = dash_value;
        return 0;
    }
    if (n == 0 || n > 18)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Literals are short (" ", "\" \""): a loop beats a call to memcmp. */
static APR_INLINE int lit_eq(const char *a, const char *b, apr_size_t n)
{
    while (n--)
        if (*a++ != *b++)
            return 0;
    return 1;
}

/* Where the value starting at pos ends: the first place the directive's
 * following literal matches (for a quoted value, only at a '"' that no
 * backslash escapes). */
static const char *value_end(const char *pos, const char *end,
                             const lw_item_t *d)
{
    const char *q = pos;
    char c;

    if (!d->lit)
        return end;
    c = d->lit[0];
    while (q < end && (q = memchr(q, c, (apr_size_t)(end - q))) != NULL) {
        if (d->quoted) {
            /* escaped when an odd run of backslashes precedes it */
            const char *b = q;
            while (b > pos && b[-1] == '\\')
                b--;
            if ((q - b) & 1) {
                q++;
                continue;
            }
        }
        if ((apr_size_t)(end - q) >= d->litlen
            && lit_eq(q + 1, d->lit + 1, d->litlen - 1))
            return q;
        q++;
    }
    return NULL;
}

/* method = first word; protocol = last word when it starts with HTTP/;
 * uri = what is between (it may hold spaces in broken requests). */
static void split_request(const char *r, apr_size_t n, apr_pool_t *p,
                          lw_logline_t *out)
{
    char *s, *sp, *last;

    if (n == 0)
        return;
    s = apr_pstrmemdup(p, r, n);
    sp = memchr(s, ' ', n);
    out->method = s;
    if (!sp)
        return;
    *sp++ = '\0';
    while (*sp == ' ')
        sp++;
    last = strrchr(sp, ' ');
    if (last && strncmp(last + 1, "HTTP/", 5) == 0) {
        out->protocol = last + 1;
        while (last > sp && last[-1] == ' ')
            last--;
        *last = '\0';
    } else if (!last && strncmp(sp, "HTTP/", 5) == 0) {
        /* "GET HTTP/1.1": no target at all */
        out->protocol = sp;
        return;
    }
    if (*sp)
        out->uri = sp;
}

/* prefix: the line was cut at len; a value the cut runs into ends there
 * and the directives after it stay unknown. */
static apr_status_t parse_line(const lw_logformat_t *f, const char *line,
                               apr_size_t len, apr_pool_t *p,
                               lw_logline_t *out, int prefix)
{
    const char *pos = line, *end = line + len;
    char *copy = NULL;
    int k, final_status = 0, cut = 0;

    /* Field by field: headers[] is filled by its directives (a memset of
     * the whole struct costs more than the rest of a short line). */
    out->client = out->vhost = out->request_line = NULL;
    out->method = out->uri = out->protocol = out->request_id = NULL;
    out->time = 0;
    out->utc_offset = 0;
    out->has_time = 0;
    out->port = -1;
    out->status = -1;
    out->bytes = -1;
    out->duration_us = -1;
    out->nheaders = f->nheaders;
    if (prefix) {
        /* the directives after the cut never fill theirs */
        for (k = 0; k < f->ndirs; k++)
            if (f->dirs[k].kind == D_HEADER) {
                out->headers[f->dirs[k].header].name = f->dirs[k].text;
                out->headers[f->dirs[k].header].value = NULL;
            }
    }

    if (f->leadlen) {
        if (len < f->leadlen || !lit_eq(pos, f->lead, f->leadlen))
            return APR_EGENERAL;
        pos += f->leadlen;
    }
    for (k = 0; k < f->ndirs && !cut; k++) {
        const lw_item_t *it = &f->dirs[k];
        const char *vend, *vs;
        apr_size_t vlen;
        apr_int64_t v;
        char *val;

        if (it->kind == D_TIME) {
            if (parse_clf_time(pos, (apr_size_t)(end - pos), out))
                return APR_EGENERAL;
            pos += 28;
            if (it->lit) {
                if ((apr_size_t)(end - pos) < it->litlen
                    || !lit_eq(pos, it->lit, it->litlen))
                    return APR_EGENERAL;
                pos += it->litlen;
            }
            continue;
        }
        vend = value_end(pos, end, it);
        if (!vend && prefix && it->lit != NULL) {
            vend = end;               /* the cut runs through this value */
            cut = 1;
        }
        if (!vend)
            return APR_EGENERAL;
        vlen = (apr_size_t)(vend - pos);
        /* past the value and the literal that ends it */
        vs = pos;
        pos = cut ? end : vend + it->litlen;
        if (cut && it->kind != D_REQUEST && it->kind != D_HEADER
            && it->kind != D_UNIQUE_ID && it->kind != D_VHOST)
            break;                    /* a number or address cut short */
        switch (it->kind) {
        case D_IGNORE:
            continue;
        case D_STATUS:
        case D_FINAL_STATUS:
            if (parse_int(vs, vlen, -1, &v) || v > 999)
                return APR_EGENERAL;
            if (it->kind == D_FINAL_STATUS || !final_status)
                out->status = (int)v;
            final_status |= it->kind == D_FINAL_STATUS;
            continue;
        case D_BYTES_CLF:
        case D_BYTES:
            /* %b writes "-" for no bytes */
            if (parse_int(vs, vlen, it->kind == D_BYTES_CLF ? 0 : -1, &v))
                return APR_EGENERAL;
            out->bytes = v;
            continue;
        case D_PORT:
            if (parse_int(vs, vlen, -1, &v) || v > 65535)
                return APR_EGENERAL;
            out->port = (int)v;
            continue;
        case D_USEC:
        case D_MSEC:
        case D_SEC:
            if (parse_int(vs, vlen, -1, &v))
                return APR_EGENERAL;
            if (v >= 0) {
                apr_int64_t unit = it->kind == D_SEC ? 1000000
                                   : it->kind == D_MSEC ? 1000 : 1;
                /* 18 digits of seconds do not fit in microseconds: not a
                 * duration httpd wrote */
                if (v > APR_INT64_MAX / unit)
                    return APR_EGENERAL;
                v *= unit;
            }
            out->duration_us = v;
            continue;
        default:
            break;
        }
        /* A string value: NUL-terminated (and unescaped) in the copy. */
        if (vlen == 1 && *vs == '-') {
            val = NULL;
        } else {
            if (!copy) {
                copy = apr_palloc(p, len + 1);
                memcpy(copy, line, len);
            }
            val = copy + (vs - line);
            if (memchr(val, '\\', vlen))
                vlen = unescape(val, vlen);
            val[vlen] = '\0';
        }
        switch (it->kind) {
        case D_CLIENT:
            if (!out->client)
                out->client = val;
            break;
        case D_VHOST:
            if (!out->vhost)
                out->vhost = val;
            break;
        case D_REQUEST:
            out->request_line = val;
            if (val)
                split_request(val, vlen, p, out);
            break;
        case D_HEADER:
            out->headers[it->header].name = it->text;
            out->headers[it->header].value = val;
            break;
        case D_UNIQUE_ID:
            out->request_id = val;
            break;
        }
    }
    return pos == end ? APR_SUCCESS : APR_EGENERAL;
}

apr_status_t lw_logformat_parse(const lw_logformat_t *f, const char *line,
                                apr_size_t len, apr_pool_t *p,
                                lw_logline_t *out)
{
    return parse_line(f, line, len, p, out, 0);
}

apr_status_t lw_logformat_parse_prefix(const lw_logformat_t *f,
                                       const char *line, apr_size_t len,
                                       apr_pool_t *p, lw_logline_t *out)
{
    return parse_line(f, line, len, p, out, 1);
}

const char *lw_logline_header(const lw_logline_t *l, const char *name)
{
    int i;
    for (i = 0; i < l->nheaders; i++)
        if (l->headers[i].name && strcasecmp(l->headers[i].name, name) == 0)
            return l->headers[i].value;
    return NULL;
}
