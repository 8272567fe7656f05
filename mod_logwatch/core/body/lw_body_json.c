/* JSON (RFC 8259): every string, key or value, with its path
 * ("$.user.name", "$.items[2]"). One pass with an explicit stack (no
 * recursion): the kind of each open container, one byte each, and the
 * path and array index of the first LW_BODY_MAX_DEPTH levels. Strings are
 * decoded (escapes, \u to UTF-8) into one buffer of the body's length.
 * Where the text stops being JSON, the rest is yielded whole as one value
 * at the path reached: an application may parse more leniently. */
#include <string.h>

#include "lw_body_int.h"

typedef struct {
    const char *s, *end;
    char *dec;                /* decoded strings, one after another */
    apr_size_t dlen;
} js_t;

static void skip_ws(js_t *j)
{
    while (j->s < j->end && (*j->s == ' ' || *j->s == '\t' || *j->s == '\n'
                             || *j->s == '\r'))
        j->s++;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

static apr_size_t utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The string at j->s (its opening quote), decoded into j->dec. An
 * unterminated string (a body cut by the cap) ends at the buffer's end.
 * A decoded string is never longer than its text. */
static void string(js_t *j, const char **out, apr_size_t *olen)
{
    char *o = j->dec + j->dlen, *start = o;

    j->s++;
    while (j->s < j->end && *j->s != '"') {
        char c = *j->s++;
        unsigned cp, lo;
        if (c != '\\' || j->s >= j->end) {
            *o++ = c;
            continue;
        }
        c = *j->s++;
        switch (c) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if (j->end - j->s < 4 || !hex4(j->s, &cp)) {
                *o++ = 'u';
                break;
            }
            j->s += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->s >= 6
                && j->s[0] == '\\' && j->s[1] == 'u' && hex4(j->s + 2, &lo)
                && lo >= 0xdc00 && lo < 0xe000) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                j->s += 6;
            }
            /* \uXXXX is 6 bytes of text, at most 3 of UTF-8; a pair is 12
             * of text, 4 of UTF-8 */
            o += utf8(o, cp);
            break;
        default: *o++ = c; break;    /* \" \\ \/ and lenient others */
        }
    }
    if (j->s < j->end)
        j->s++;
    *out = start;
    *olen = (apr_size_t)(o - start);
    j->dlen += *olen;
}

/* A number, true, false or null: skipped. 0 when the text is none. */
static int scalar(js_t *j)
{
    const char *s = j->s;
    apr_size_t n;

    if ((*s >= 'a' && *s <= 'z')) {
        while (j->s < j->end && *j->s >= 'a' && *j->s <= 'z')
            j->s++;
        n = (apr_size_t)(j->s - s);
        if ((n == 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "null", 4) == 0))
            || (n == 5 && memcmp(s, "false", 5) == 0))
            return 1;
        j->s = s;
        return 0;
    }
    while (j->s < j->end && ((*j->s >= '0' && *j->s <= '9') || *j->s == '-'
                             || *j->s == '+' || *j->s == '.' || *j->s == 'e'
                             || *j->s == 'E'))
        j->s++;
    return j->s > s;
}

int lw_body_json(const char *body, apr_size_t len, apr_pool_t *p,
                 lw_body_cb cb, void *ctx, int *more)
{
    js_t j;
    lw_body_out_t o;
    lw_body_path_t pt;
    char *kinds;                      /* '{' or '[' per open level */
    /* base[d]: the path's length at the container of level d (level 0:
     * "$"); idx[d]: the next index of an array at level d */
    apr_size_t depth = 0, base[LW_BODY_MAX_DEPTH + 1];
    unsigned long idx[LW_BODY_MAX_DEPTH + 1];
    const char *key = NULL;           /* the key whose value comes next */
    apr_size_t klen = 0;

    lw_body_out_init(&o, LW_BODY_JSON, cb, ctx);
    *more = 0;
    if (!len)
        return 0;
    j.s = body;
    j.end = body + len;
    /* a UTF-8 byte order mark, which lenient parsers skip */
    if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0)
        j.s += 3;
    j.dec = apr_palloc(p, len);
    j.dlen = 0;
    kinds = apr_palloc(p, len);
    pt.len = 0;
    lw_body_path_push(&pt, "$", "", 0);
    base[0] = pt.len;
    idx[0] = 0;

    for (;;) {
        const char *v;
        apr_size_t vlen;

        skip_ws(&j);
        if (j.s >= j.end || o.stop)
            break;
        if (depth && kinds[depth - 1] == '{' && !key) {
            /* a key, or the object's end */
            if (*j.s == ',') {
                j.s++;
                continue;
            }
            if (*j.s == '}')
                goto close;
            if (*j.s != '"')
                goto rest;
            string(&j, &key, &klen);
            skip_ws(&j);
            if (j.s < j.end && *j.s == ':')
                j.s++;
            if (depth <= LW_BODY_MAX_DEPTH) {
                pt.len = base[depth];
                lw_body_path_push(&pt, ".", key, klen);
            }
            skip_ws(&j);
            if (j.s < j.end && *j.s == '"')
                continue;               /* the value names it too */
            if (lw_body_emit(&o, pt.buf, pt.len, key, klen, NULL, 0))
                break;
            continue;
        }
        if (depth && kinds[depth - 1] == '[' && !key) {
            if (*j.s == ',') {
                j.s++;
                continue;
            }
            if (*j.s == ']')
                goto close;
            if (depth <= LW_BODY_MAX_DEPTH) {
                char num[24];
                int n = 0;
                unsigned long i = idx[depth]++, t = i;
                do { n++; t /= 10; } while (t);
                num[n] = '\0';
                t = i;
                do { num[--n] = (char)('0' + t % 10); t /= 10; } while (t);
                pt.len = base[depth];
                lw_body_path_push(&pt, "[", num, strlen(num));
                lw_body_path_push(&pt, "]", "", 0);
            }
        }
        /* a value at pt, named key (NULL in an array or at the top) */
        switch (*j.s) {
        case '"':
            string(&j, &v, &vlen);
            if (lw_body_emit(&o, pt.buf, pt.len, key, klen, v, vlen))
                goto done;
            break;
        case '{':
        case '[':
            kinds[depth] = *j.s++;
            depth++;
            if (depth <= LW_BODY_MAX_DEPTH) {
                /* its children hang off the path of this value */
                base[depth] = pt.len;
                idx[depth] = 0;
            }
            else
                o.more = 1;
            break;
        case '}':
        case ']':
            goto rest;
        default:
            if (!scalar(&j))
                goto rest;
            break;
        }
        key = NULL;
        if (depth <= LW_BODY_MAX_DEPTH)
            pt.len = base[depth];
        continue;
    close:
        if (depth == 0
            || (*j.s == '}') != (kinds[depth - 1] == '{'))
            goto rest;
        j.s++;
        depth--;
        key = NULL;
        if (depth <= LW_BODY_MAX_DEPTH)
            pt.len = base[depth];
        continue;
    rest:
        /* not JSON from here: the rest as one value */
        lw_body_emit(&o, pt.buf, pt.len, key, klen, j.s,
                     (apr_size_t)(j.end - j.s));
        break;
    }
done:
    *more = o.more;
    return o.n;
}
