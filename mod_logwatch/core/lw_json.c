/* lw_json.c: a bounded JSON writer and a small strict reader.
 *
 * Writing never grows a buffer: the record must fit one write() of at most
 * PIPE_BUF bytes, so the caller plans cuts and retries instead. Reading is
 * strict (RFC 8259 grammar) and bounded: nesting is capped, every error is
 * reported, never a crash, whatever the input. */
#include "lw_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lw_buf_init(lw_buf_t *b, char *mem, apr_size_t cap)
{
    b->data = mem;
    b->len = 0;
    b->cap = cap;
    b->overflow = 0;
}

void lw_buf_add(lw_buf_t *b, const char *s, apr_size_t n)
{
    if (b->overflow || n > b->cap - b->len) {
        b->overflow = 1;
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void lw_buf_adds(lw_buf_t *b, const char *s)
{
    lw_buf_add(b, s, strlen(s));
}

void lw_buf_addf(lw_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    apr_size_t avail;
    char tmp[128];
    int r;

    if (b->overflow)
        return;
    avail = b->cap - b->len;
    va_start(ap, fmt);
    r = vsnprintf(b->data + b->len, avail, fmt, ap);
    va_end(ap);
    if (r >= 0 && (apr_size_t)r == avail && (apr_size_t)r < sizeof(tmp)) {
        /* Fits exactly, but vsnprintf wanted room for its NUL as well. */
        va_start(ap, fmt);
        vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        memcpy(b->data + b->len, tmp, (apr_size_t)r);
    } else if (r < 0 || (apr_size_t)r >= avail) {
        b->overflow = 1;
        return;
    }
    b->len += (apr_size_t)r;
}

/* Output length of each byte: 1 plain, 2 for '"', 4 for a backslash (text
 * \\ JSON-escaped), 5 for the text \xHH (JSON \\xHH). */
static const unsigned char esc_len[256] = {
#define E5 5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5
#define P1 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
    E5, E5,                                              /* 0x00-0x1f */
    1,1,2,1,1,1,1,1,1,1,1,1,1,1,1,1,                     /* 0x20-0x2f */
    P1, P1,                                              /* 0x30-0x4f */
    1,1,1,1,1,1,1,1,1,1,1,1,4,1,1,1,                     /* 0x50-0x5f */
    P1,                                                  /* 0x60-0x6f */
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,5,                     /* 0x70-0x7f */
    E5, E5, E5, E5, E5, E5, E5, E5                       /* 0x80-0xff */
#undef E5
#undef P1
};

static const char hexd[] = "0123456789abcdef";

void lw_json_str(lw_buf_t *b, const char *s, apr_size_t n, apr_size_t max)
{
    static const char cut[] = "...[cut]";
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t start = b->len, i, take = n > max ? max : n;
    char *o;

    if (b->overflow)
        return;
    if (b->cap - b->len < 2) {
        b->overflow = 1;
        return;
    }
    o = b->data + b->len;
    *o++ = '"';
    b->len++;
    for (i = 0; i < take; i++) {
        unsigned char c = u[i];
        unsigned need = esc_len[c];
        /* +1 keeps room for the closing quote */
        if (need + 1 > b->cap - b->len)
            goto full;
        switch (need) {
        case 1:
            *o++ = (char)c;
            break;
        case 2:
            *o++ = '\\';
            *o++ = '"';
            break;
        case 4:
            memcpy(o, "\\\\\\\\", 4);
            o += 4;
            break;
        default:
            *o++ = '\\';
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hexd[c >> 4];
            *o++ = hexd[c & 15];
            break;
        }
        b->len += need;
    }
    if (take < n) {
        if (sizeof(cut) - 1 + 1 > b->cap - b->len)
            goto full;
        memcpy(o, cut, sizeof(cut) - 1);
        o += sizeof(cut) - 1;
        b->len += sizeof(cut) - 1;
    }
    *o = '"';
    b->len++;
    return;
full:
    /* Never leave half a string behind: the caller retries with cuts. */
    b->len = start;
    b->overflow = 1;
}

/* ---------------------------------------------------------------- reader */

#define LW_JSON_MAX_DEPTH 16

typedef struct {
    const char *p, *end;
    apr_pool_t *pool;
    const char *err;
} jp_t;

static int jfail(jp_t *j, const char *msg)
{
    if (!j->err)
        j->err = msg;
    return -1;
}

static void skip_ws(jp_t *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n'
                             || *j->p == '\r'))
        j->p++;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xc0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xe0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *o++ = (char)(0xf0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    }
    return o;
}

/* j->p is on the opening quote. The decoded string is never longer than
 * its escaped form (\uXXXX: 6 bytes in, at most 3 out; a pair: 12 in, 4
 * out), so one allocation of the raw length suffices. */
static int parse_string(jp_t *j, const char **out, apr_size_t *outlen)
{
    const char *s = ++j->p, *q;
    char *buf, *o;

    q = s;
    while (q < j->end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
    }
    if (q >= j->end)
        return jfail(j, "unterminated string");
    buf = apr_palloc(j->pool, (apr_size_t)(q - s) + 1);
    o = buf;
    while (j->p < q) {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20)
            return jfail(j, "control character in string");
        if (c != '\\') {
            *o++ = (char)c;
            j->p++;
            continue;
        }
        j->p++;
        switch (*j->p++) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (q - j->p < 4 || hex4(j->p, &cp))
                return jfail(j, "bad \\u escape");
            j->p += 4;
            if (cp >= 0xdc00 && cp <= 0xdfff)
                return jfail(j, "lone low surrogate");
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (q - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u'
                    || hex4(j->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
                    return jfail(j, "lone high surrogate");
                j->p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            o = put_utf8(o, cp);
            break;
        }
        default:
            return jfail(j, "bad escape in string");
        }
    }
    *o = '\0';
    j->p = q + 1;
    *out = buf;
    *outlen = (apr_size_t)(o - buf);
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int parse_number(jp_t *j, double *out)
{
    const char *s = j->p, *p = j->p;
    char tmp[64], *num, *endp;
    apr_size_t n;

    if (p < j->end && *p == '-')
        p++;
    if (p >= j->end || !is_digit(*p))
        return jfail(j, "bad number");
    if (*p == '0')
        p++;
    else
        while (p < j->end && is_digit(*p))
            p++;
    if (p < j->end && *p == '.') {
        p++;
        if (p >= j->end || !is_digit(*p))
            return jfail(j, "bad number");
        while (p < j->end && is_digit(*p))
            p++;
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < j->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= j->end || !is_digit(*p))
            return jfail(j, "bad number");
        while (p < j->end && is_digit(*p))
            p++;
    }
    /* strtod needs a terminated copy: the input is not NUL terminated. */
    n = (apr_size_t)(p - s);
    num = n < sizeof(tmp) ? tmp : apr_palloc(j->pool, n + 1);
    memcpy(num, s, n);
    num[n] = '\0';
    *out = strtod(num, &endp);
    j->p = p;
    return 0;
}

static int parse_value(jp_t *j, lw_jval_t *v, int depth);

/* Arrays and objects: items gathered in a pool vector that doubles. */
static int parse_container(jp_t *j, lw_jval_t *v, int depth, int obj)
{
    apr_size_t n = 0, cap = 0;
    lw_jval_t *items = NULL;
    const char **keys = NULL;
    char close = obj ? '}' : ']';

    if (depth >= LW_JSON_MAX_DEPTH)
        return jfail(j, "nesting too deep");
    j->p++;
    skip_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        goto done;
    }
    for (;;) {
        const char *key = NULL;
        if (n == cap) {
            apr_size_t ncap = cap ? cap * 2 : 8;
            lw_jval_t *ni = apr_palloc(j->pool, ncap * sizeof(*ni));
            if (n)
                memcpy(ni, items, n * sizeof(*ni));
            items = ni;
            if (obj) {
                const char **nk = apr_palloc(j->pool, ncap * sizeof(*nk));
                if (n)
                    memcpy(nk, keys, n * sizeof(*nk));
                keys = nk;
            }
            cap = ncap;
        }
        skip_ws(j);
        if (obj) {
            apr_size_t klen;
            if (j->p >= j->end || *j->p != '"')
                return jfail(j, "expected a key");
            if (parse_string(j, &key, &klen))
                return -1;
            skip_ws(j);
            if (j->p >= j->end || *j->p != ':')
                return jfail(j, "expected ':'");
            j->p++;
            keys[n] = key;
        }
        if (parse_value(j, &items[n], depth + 1))
            return -1;
        n++;
        skip_ws(j);
        if (j->p >= j->end)
            return jfail(j, obj ? "unterminated object" : "unterminated array");
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == close) {
            j->p++;
            break;
        }
        return jfail(j, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
done:
    v->type = obj ? LW_JOBJ : LW_JARR;
    v->len = n;
    v->items = items;
    v->keys = keys;
    return 0;
}

static int word(jp_t *j, const char *w, apr_size_t n)
{
    if ((apr_size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
        return jfail(j, "unexpected token");
    j->p += n;
    return 0;
}

static int parse_value(jp_t *j, lw_jval_t *v, int depth)
{
    memset(v, 0, sizeof(*v));
    skip_ws(j);
    if (j->p >= j->end)
        return jfail(j, "unexpected end of input");
    switch (*j->p) {
    case '{':
        return parse_container(j, v, depth, 1);
    case '[':
        return parse_container(j, v, depth, 0);
    case '"':
        v->type = LW_JSTR;
        return parse_string(j, &v->str, &v->len);
    case 't':
        v->type = LW_JBOOL;
        v->num = 1;
        return word(j, "true", 4);
    case 'f':
        v->type = LW_JBOOL;
        return word(j, "false", 5);
    case 'n':
        v->type = LW_JNULL;
        return word(j, "null", 4);
    default:
        v->type = LW_JNUM;
        return parse_number(j, &v->num);
    }
}

apr_status_t lw_json_parse(apr_pool_t *p, const char *text, apr_size_t len,
                           lw_jval_t *out, const char **err)
{
    jp_t j;

    j.p = text;
    j.end = text + len;
    j.pool = p;
    j.err = NULL;
    if (parse_value(&j, out, 0) == 0) {
        skip_ws(&j);
        if (j.p == j.end)
            return APR_SUCCESS;
        j.err = "trailing garbage";
    }
    if (err)
        *err = j.err ? j.err : "parse error";
    return APR_EGENERAL;
}

const lw_jval_t *lw_json_get(const lw_jval_t *obj, const char *key)
{
    apr_size_t i;

    if (!obj || obj->type != LW_JOBJ)
        return NULL;
    for (i = 0; i < obj->len; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}
