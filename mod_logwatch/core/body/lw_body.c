/* Request bodies: the kinds by Content-Type, the multipart boundary, the
 * split into fields by kind, and what the parsers share. */
#include <string.h>
#include <strings.h>

#include "lw_body_int.h"

static const char *const kind_names[LW_BODY__COUNT] = {
    NULL, "form", "multipart", "json", "xml"
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
    if (n == 19 && strncasecmp(s, "multipart/form-data", n) == 0)
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

static int is_text_plain(const char *ct)
{
    const char *s, *e;

    if (!ct)
        return 0;
    for (s = ct; is_ws(*s); s++)
        ;
    for (e = s; *e && *e != ';' && !is_ws(*e); e++)
        ;
    return e - s == 10 && strncasecmp(s, "text/plain", 10) == 0;
}

int lw_body_wanted(const char *ct)
{
    return lw_body_kind(ct) != LW_BODY_NONE || is_text_plain(ct);
}

int lw_body_kind_of(const char *ct, const char *body, apr_size_t len)
{
    int kind = lw_body_kind(ct);
    apr_size_t i = 0;

    if (kind != LW_BODY_NONE || !is_text_plain(ct) || !body)
        return kind;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r'
                       || body[i] == '\n'))
        i++;
    if (i < len && (body[i] == '{' || body[i] == '['))
        return LW_BODY_JSON;
    if (i < len && body[i] == '<')
        return LW_BODY_XML;
    return LW_BODY_NONE;
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
    default:
        return -1;
    }
}

void lw_body_out_init(lw_body_out_t *o, int kind, lw_body_cb cb, void *ctx)
{
    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->cb = cb;
    o->ctx = ctx;
}

int lw_body_emit(lw_body_out_t *o, const char *path, apr_size_t plen,
                 const char *name, apr_size_t nlen, const char *value,
                 apr_size_t vlen)
{
    lw_body_field_t f;

    if (o->stop)
        return 1;
    if (o->n >= LW_BODY_MAX_FIELDS) {
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
