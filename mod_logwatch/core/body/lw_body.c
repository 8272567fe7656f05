/* Request bodies: the kinds by Content-Type and by first bytes, the
 * multipart boundary, the split into fields by kind, and what the
 * parsers share. */
#include <string.h>
#include <strings.h>

#include "lw_body_int.h"

static const char *const kind_names[LW_BODY__COUNT] = {
    NULL, "form", "multipart", "json", "xml", "text"
};

const char *lw_body_kind_name(int kind)
{
    return kind > LW_BODY_NONE && kind < LW_BODY__COUNT ? kind_names[kind]
                                                         : NULL;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t';
}

/* The media type "type/subtype" of a Content-Type, compared as such: the
 * parameters, blanks and case do not matter. */
int lw_body_kind(const char *ct)
{
    const char *s, *e, *slash, *plus;
    apr_size_t n;

    if (!ct)
        return LW_BODY_NONE;
    for (s = ct; is_ws(*s); s++)
        ;
    for (e = s; *e && *e != ';' && !is_ws(*e); e++)
        ;
    n = (apr_size_t)(e - s);
    if (n == 33 && strncasecmp(s, "application/x-www-form-urlencoded", n) == 0)
        return LW_BODY_FORM;
    /* multipart/form-data, and the other multipart types (mixed,
     * related: SOAP with attachments) split the same way, by parts */
    if (n > 10 && strncasecmp(s, "multipart/", 10) == 0)
        return LW_BODY_MULTIPART;
    if ((n == 16 && strncasecmp(s, "application/json", n) == 0))
        return LW_BODY_JSON;
    if ((n == 15 && strncasecmp(s, "application/xml", n) == 0)
        || (n == 8 && strncasecmp(s, "text/xml", n) == 0))
        return LW_BODY_XML;
    slash = memchr(s, '/', n);
    if (!slash)
        return LW_BODY_NONE;
    /* a structured syntax suffix (RFC 6839): application/problem+json,
     * application/soap+xml */
    for (plus = e; plus > slash && plus[-1] != '+'; plus--)
        ;
    if (plus > slash + 1) {
        apr_size_t sn = (apr_size_t)(e - plus);
        if (sn == 4 && strncasecmp(plus, "json", 4) == 0)
            return LW_BODY_JSON;
        if (sn == 3 && strncasecmp(plus, "xml", 3) == 0)
            return LW_BODY_XML;
    }
    return LW_BODY_NONE;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first byte after a UTF-8 byte order mark and blanks, or NULL. */
static const char *first_byte(const char *b, apr_size_t len)
{
    const char *s = b, *end = b + len;

    if (len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
        s += 3;
    while (s < end && is_blank((unsigned char)*s))
        s++;
    return s < end ? s : NULL;
}

/* Text: no control byte but blanks and form feed in the first
 * LW_BODY_SNIFF bytes. Bytes above 0x7f are allowed whatever they
 * encode: a Latin-1 body is text to the application that reads it. */
int lw_body_is_text(const char *b, apr_size_t len)
{
    apr_size_t i, n = len < LW_BODY_SNIFF ? len : LW_BODY_SNIFF;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if ((c < 0x20 && !is_blank(c) && c != '\f') || c == 0x7f)
            return 0;
    }
    return 1;
}

/* A form: a name (no blank, separator or bracket of the other kinds),
 * then '='. */
static int is_form(const char *s, const char *end)
{
    const char *n = s;

    while (n < end && n - s < 256 && *n != '=' && *n != '&' && *n != '<'
           && *n != '{' && *n != '"' && !is_blank((unsigned char)*n))
        n++;
    return n > s && n < end && *n == '=';
}

int lw_body_sniff(const char *body, apr_size_t len)
{
    const char *s = body ? first_byte(body, len) : NULL;

    static const char le[4] = { '\xff', '\xfe', '<', 0 };
    static const char be[4] = { '\xfe', '\xff', 0, '<' };

    /* XML in UTF-16 after its byte order mark: what an XML parser reads
     * (the XML reader finds a UTF-16 DOCTYPE), not binary */
    if (len >= 4 && (memcmp(body, le, 4) == 0 || memcmp(body, be, 4) == 0))
        return LW_BODY_XML;
    if (!s || !lw_body_is_text(body, len))
        return LW_BODY_NONE;
    if (*s == '<')
        return LW_BODY_XML;
    if (*s == '{' || *s == '[')
        return LW_BODY_JSON;
    if (is_form(s, body + len))
        return LW_BODY_FORM;
    return LW_BODY_TEXT;
}

int lw_body_kind_of(const char *ct, const char *body, apr_size_t len)
{
    int kind = lw_body_kind(ct), sniffed;
    apr_size_t blen;
    const char *s, *b;

    if (!body)
        len = 0;
    switch (kind) {
    case LW_BODY_FORM:
        return kind;
    case LW_BODY_MULTIPART:
        /* with a boundary that the body holds; a body without one is
         * not multipart, whatever the header says */
        b = lw_body_boundary(ct, &blen);
        if (b && (!len || lw_body_has_delim(body, len, b, blen)))
            return kind;
        break;
    case LW_BODY_JSON:
        /* a JSON text starts with a value; a body declared JSON that
         * starts with '<' or a form is read as what it is */
        s = first_byte(body, len);
        if (!s || (*s && strchr("{[\"-0123456789tfn", *s)))
            return kind;
        break;
    case LW_BODY_XML:
        s = first_byte(body, len);
        if (!s || *s == '<')
            return kind;
        break;
    default:
        return lw_body_sniff(body, len);
    }
    /* a body that does not start as declared: another structured kind
     * if its bytes say so, else the declared one (UTF-16 XML, a JSON
     * body that is not JSON are still read as declared) */
    sniffed = lw_body_sniff(body, len);
    if (sniffed != LW_BODY_NONE && sniffed != LW_BODY_TEXT)
        return sniffed;
    return kind == LW_BODY_MULTIPART ? sniffed : kind;
}

const char *lw_body_boundary(const char *ct, apr_size_t *blen)
{
    const char *s = ct;

    while (s && (s = strchr(s, ';')) != NULL) {
        const char *v, *e;
        s++;
        while (is_ws(*s))
            s++;
        if (strncasecmp(s, "boundary", 8) != 0)
            continue;
        v = s + 8;
        while (is_ws(*v))
            v++;
        if (*v != '=')
            continue;
        v++;
        while (is_ws(*v))
            v++;
        if (*v == '"') {
            v++;
            e = strchr(v, '"');
            if (!e)
                e = v + strlen(v);
        }
        else
            for (e = v; *e && *e != ';' && !is_ws(*e); e++)
                ;
        if (e == v || memchr(v, '\r', (apr_size_t)(e - v))
            || memchr(v, '\n', (apr_size_t)(e - v)))
            return NULL;
        *blen = (apr_size_t)(e - v);
        return v;
    }
    return NULL;
}

/* A JSON or XML body in UTF-16 or UTF-32 (a byte order mark, or the
 * NULs around its first ASCII character, as RFC 4627 tells JSON's
 * encoding): Java's parsers, .NET's XML reader and others read it so,
 * while the readers here read bytes. Returns the body as UTF-8 in a
 * buffer from p (*olen its length), or NULL when it is neither. Code
 * units that are no character (a lone surrogate) become U+FFFD. */
static const char *wide_to_utf8(const char *body, apr_size_t len,
                                apr_pool_t *p, apr_size_t *olen)
{
    const unsigned char *b = (const unsigned char *)body;
    apr_size_t w = 0, i, j = 0;
    int be = 0;
    unsigned char *o;

    if (len < 4)
        return NULL;
    if (b[0] == 0xff && b[1] == 0xfe && b[2] == 0 && b[3] == 0)
        w = 4, i = 4;
    else if (b[0] == 0 && b[1] == 0 && b[2] == 0xfe && b[3] == 0xff)
        w = 4, be = 1, i = 4;
    else if (b[0] == 0xff && b[1] == 0xfe)
        w = 2, i = 2;
    else if (b[0] == 0xfe && b[1] == 0xff)
        w = 2, be = 1, i = 2;
    else if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3])
        w = 4, be = 1, i = 0;
    else if (b[0] && b[1] == 0 && b[2] == 0 && b[3] == 0)
        w = 4, i = 0;
    else if (b[0] == 0 && b[1] && b[2] == 0 && b[3])
        w = 2, be = 1, i = 0;
    else if (b[0] && b[1] == 0 && b[2] && b[3] == 0)
        w = 2, i = 0;
    else
        return NULL;
    /* at most 3 bytes out per 2 in, 4 per 4 */
    o = apr_palloc(p, len / 2 * 3 + 4);
    if (!o)
        return NULL;
    while (i + w <= len) {
        apr_uint32_t cp;
        if (w == 4)
            cp = be ? (apr_uint32_t)b[i] << 24 | (apr_uint32_t)b[i + 1] << 16
                      | (apr_uint32_t)b[i + 2] << 8 | b[i + 3]
                    : (apr_uint32_t)b[i + 3] << 24
                      | (apr_uint32_t)b[i + 2] << 16
                      | (apr_uint32_t)b[i + 1] << 8 | b[i];
        else
            cp = be ? (apr_uint32_t)b[i] << 8 | b[i + 1]
                    : (apr_uint32_t)b[i + 1] << 8 | b[i];
        i += w;
        if (w == 2 && cp >= 0xd800 && cp <= 0xdbff && i + 2 <= len) {
            apr_uint32_t lo = be ? (apr_uint32_t)b[i] << 8 | b[i + 1]
                                 : (apr_uint32_t)b[i + 1] << 8 | b[i];
            if (lo >= 0xdc00 && lo <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                i += 2;
            }
        }
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            cp = 0xfffd;
        if (cp < 0x80)
            o[j++] = (unsigned char)cp;
        else if (cp < 0x800) {
            o[j++] = (unsigned char)(0xc0 | cp >> 6);
            o[j++] = (unsigned char)(0x80 | (cp & 0x3f));
        }
        else if (cp < 0x10000) {
            o[j++] = (unsigned char)(0xe0 | cp >> 12);
            o[j++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
            o[j++] = (unsigned char)(0x80 | (cp & 0x3f));
        }
        else {
            o[j++] = (unsigned char)(0xf0 | cp >> 18);
            o[j++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
            o[j++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
            o[j++] = (unsigned char)(0x80 | (cp & 0x3f));
        }
    }
    *olen = j;
    return (const char *)o;
}

int lw_body_split(const char *ct, const char *body, apr_size_t len,
                  apr_pool_t *p, lw_body_cb cb, void *ctx, int *more)
{
    int dummy, kind = lw_body_kind_of(ct, body, len);
    const char *b;
    apr_size_t blen = 0;

    if (!more)
        more = &dummy;
    *more = 0;
    if (!body)
        len = 0;
    if (kind == LW_BODY_JSON || kind == LW_BODY_XML) {
        apr_size_t wlen;
        const char *u = wide_to_utf8(body, len, p, &wlen);
        if (u) {
            body = u;
            len = wlen;
        }
    }
    switch (kind) {
    case LW_BODY_FORM:
        return lw_body_form(body, len, p, cb, ctx, more);
    case LW_BODY_MULTIPART:
        b = lw_body_boundary(ct, &blen);
        if (!b)
            return -1;
        return lw_body_multipart(body, len, b, blen, p, cb, ctx, more);
    case LW_BODY_JSON:
        return lw_body_json(body, len, p, cb, ctx, more);
    case LW_BODY_XML:
        return lw_body_xml(body, len, p, cb, ctx, more);
    case LW_BODY_TEXT:
        return lw_body_text(body, len, p, cb, ctx, more);
    default:
        return -1;
    }
}

/* lw_body_split_all hands the parsers this callback and its own (cb,
 * ctx) as their context: lw_body_out_init knows it, unwraps it and lets
 * the fields past the bound through. The parsers' signatures stay those
 * the tests and fuzz harnesses call. */
typedef struct {
    lw_body_cb cb;
    void *ctx;
} all_t;

static int all_cb(void *ctx, const lw_body_field_t *f)
{
    const all_t *a = ctx;
    return a->cb(a->ctx, f);
}

int lw_body_split_all(const char *ct, const char *body, apr_size_t len,
                      apr_pool_t *p, lw_body_cb cb, void *ctx, int *more)
{
    all_t a;

    a.cb = cb;
    a.ctx = ctx;
    return lw_body_split(ct, body, len, p, all_cb, &a, more);
}

void lw_body_out_init(lw_body_out_t *o, int kind, lw_body_cb cb, void *ctx)
{
    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->cb = cb;
    o->ctx = ctx;
    if (cb == all_cb) {
        const all_t *a = ctx;
        o->cb = a->cb;
        o->ctx = a->ctx;
        o->all = 1;
    }
}

int lw_body_emit(lw_body_out_t *o, const char *path, apr_size_t plen,
                 const char *name, apr_size_t nlen, const char *value,
                 apr_size_t vlen)
{
    lw_body_field_t f;

    if (o->stop)
        return 1;
    f.past = o->n >= LW_BODY_MAX_FIELDS;
    if (f.past && !o->all) {
        o->more = 1;
        o->stop = 1;
        return 1;
    }
    f.kind = o->kind;
    f.path = path;
    f.path_len = plen > LW_BODY_MAX_PATH ? LW_BODY_MAX_PATH : plen;
    f.name = name;
    f.name_len = name ? nlen : 0;
    f.value = value;
    f.value_len = value ? vlen : 0;
    o->n++;
    if (o->cb(o->ctx, &f)) {
        o->stop = 1;
        return 1;
    }
    return 0;
}

apr_size_t lw_body_path_push(lw_body_path_t *pt, const char *sep,
                             const char *s, apr_size_t n)
{
    apr_size_t before = pt->len, sl = strlen(sep), room;

    room = sizeof(pt->buf) - pt->len;
    if (sl > room)
        sl = room;
    memcpy(pt->buf + pt->len, sep, sl);
    pt->len += sl;
    room -= sl;
    if (n > room)
        n = room;
    if (n)
        memcpy(pt->buf + pt->len, s, n);
    pt->len += n;
    return before;
}

int lw_body_text(const char *body, apr_size_t len, apr_pool_t *p,
                 lw_body_cb cb, void *ctx, int *more)
{
    lw_body_out_t o;

    (void)p;
    lw_body_out_init(&o, LW_BODY_TEXT, cb, ctx);
    if (len)
        lw_body_emit(&o, "", 0, NULL, 0, body, len);
    *more = o.more;
    return o.n;
}
