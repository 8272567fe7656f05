/* XML and SOAP: each element's text and each attribute's value, with the
 * element path ("/Envelope/Body/login/user", "/a/b@id"). A tokenizer, not
 * a parser: tags are pushed and popped by position, names are not
 * matched, entities are left to the engine's normalisation, CDATA is
 * text, comments, processing instructions and declarations are skipped.
 * One pass, no recursion; paths of the first LW_BODY_MAX_DEPTH levels.
 *
 * The document type declaration is the exception: it is where external
 * entities, parameter entities and external DTDs are declared (XXE), so
 * the first one is yielded whole, internal subset included, as the field
 * "!doctype" (label body:xml:!doctype). A parser reads no second one. */
#include <string.h>
#include <strings.h>

#include "lw_body_int.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int name_char(char c)
{
    return !is_space(c) && c != '>' && c != '/' && c != '=' && c != '<'
           && c != '"' && c != '\'';
}

/* Past the first occurrence of what (n bytes) at or after s, or end. */
static const char *past(const char *s, const char *end, const char *what,
                        apr_size_t n)
{
    while (s < end) {
        const char *c = memchr(s, what[0], (apr_size_t)(end - s));
        if (!c || (apr_size_t)(end - c) < n)
            return end;
        if (memcmp(c, what, n) == 0)
            return c + n;
        s = c + 1;
    }
    return end;
}

/* The length of the declaration "<!DOCTYPE ...>" at s: up to the '>' that
 * is outside quoted literals and outside the internal subset "[...]",
 * comments in the subset skipped; to end when it is not closed. Linear. */
apr_size_t lw_body_doctype_len(const char *s, const char *end)
{
    const char *d = s;
    int subset = 0;

    while (d < end) {
        char c = *d;
        if (c == '"' || c == '\'') {
            const char *q = memchr(d + 1, c, (apr_size_t)(end - d - 1));
            d = q ? q + 1 : end;
            continue;
        }
        if (subset && c == '<' && end - d >= 4 && memcmp(d, "<!--", 4) == 0) {
            d = past(d + 4, end, "-->", 3);
            continue;
        }
        d++;
        if (c == '[')
            subset = 1;
        else if (c == ']')
            subset = 0;
        else if (c == '>' && !subset)
            break;
    }
    return (apr_size_t)(d - s);
}

/* "<!DOCTYPE" in any case, also in UTF-16 (either byte order: from the
 * '<' on, each ASCII character is followed by a NUL): a parser that reads
 * the byte order mark reads the declaration, and the engine's
 * normalisation drops the NULs before the rules read it. */
int lw_body_is_doctype(const char *s, const char *end)
{
    static const char dt[] = "<!DOCTYPE";
    apr_size_t i;

    if (end - s >= 9 && strncasecmp(s, dt, 9) == 0)
        return 1;
    if (end - s < 17)
        return 0;
    for (i = 0; i < 9; i++)
        if ((s[2 * i] | (i > 1 ? 0x20 : 0)) != (dt[i] | (i > 1 ? 0x20 : 0))
            || (i < 8 && s[2 * i + 1] != '\0'))
            return 0;
    return 1;
}

/* The prolog of an XML document at s (a byte order mark, blanks, the XML
 * declaration and other processing instructions, comments): where its
 * document type declaration starts, or NULL when it has none. */
const char *lw_body_prolog_doctype(const char *s, const char *end)
{
    if (end - s >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        s += 3;
    while (s < end) {
        while (s < end && is_space(*s))
            s++;
        if (end - s < 2 || *s != '<')
            return NULL;
        if (s[1] == '?')
            s = past(s + 2, end, "?>", 2);
        else if (end - s >= 4 && memcmp(s, "<!--", 4) == 0)
            s = past(s + 4, end, "-->", 3);
        else
            return lw_body_is_doctype(s, end) ? s : NULL;
    }
    return NULL;
}

int lw_body_xml(const char *body, apr_size_t len, apr_pool_t *p,
                lw_body_cb cb, void *ctx, int *more)
{
    const char *s = body, *end = body + len;
    apr_size_t depth = 0, base[LW_BODY_MAX_DEPTH + 1];
    const char *ename = NULL;       /* the innermost element's name */
    apr_size_t elen = 0;
    lw_body_out_t o;
    lw_body_path_t pt;
    int doctype = 0;

    (void)p;
    lw_body_out_init(&o, LW_BODY_XML, cb, ctx);
    pt.len = 0;
    base[0] = 0;
    if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0)
        s += 3;                     /* a UTF-8 byte order mark */
    while (len && s < end && !o.stop) {
        const char *t = memchr(s, '<', (apr_size_t)(end - s)), *q;
        if (!t)
            t = end;
        /* text up to the tag, unless only blanks */
        for (q = s; q < t && is_space(*q); q++)
            ;
        if (q < t && lw_body_emit(&o, pt.len ? pt.buf : "/",
                                  pt.len ? pt.len : 1, ename, elen, s,
                                  (apr_size_t)(t - s)))
            break;
        if (t >= end)
            break;
        s = t + 1;
        if (end - s >= 8 && memcmp(s, "![CDATA[", 8) == 0) {
            const char *c = s + 8, *ce = past(c, end, "]]>", 3);
            apr_size_t cl = (apr_size_t)(ce - c);
            if (ce < end || (cl >= 3 && memcmp(ce - 3, "]]>", 3) == 0))
                cl -= 3;
            if (cl && lw_body_emit(&o, pt.len ? pt.buf : "/",
                                   pt.len ? pt.len : 1, ename, elen, c, cl))
                break;
            s = ce;
            continue;
        }
        if (end - s >= 3 && memcmp(s, "!--", 3) == 0) {
            s = past(s + 3, end, "-->", 3);
            continue;
        }
        if (!doctype && lw_body_is_doctype(t, end)) {
            /* the declaration as a field; the tokenizer goes on as for
             * any declaration, so a quote or '[' left open in it cannot
             * hide the elements after it */
            doctype = 1;
            if (lw_body_emit(&o, "!doctype", 8, NULL, 0, t,
                             lw_body_doctype_len(t, end)))
                break;
        }
        if (s < end && (*s == '?' || *s == '!')) {
            s = past(s, end, ">", 1);
            continue;
        }
        if (s < end && *s == '/') {
            /* a closing tag: up one level */
            s = past(s, end, ">", 1);
            if (depth) {
                depth--;
                if (depth < LW_BODY_MAX_DEPTH)
                    pt.len = base[depth];
            }
            ename = NULL;
            continue;
        }
        /* an opening tag: its name, its attributes, maybe "/>" */
        {
            const char *n = s, *ne;
            apr_size_t before = pt.len;
            int selfclose = 0;
            while (s < end && name_char(*s))
                s++;
            ne = s;
            if (depth < LW_BODY_MAX_DEPTH) {
                base[depth] = pt.len;
                lw_body_path_push(&pt, "/", n, (apr_size_t)(ne - n));
            }
            else
                o.more = 1;
            while (s < end && *s != '>') {
                const char *an, *ane, *v, *ve;
                if (*s == '/') {
                    selfclose = 1;
                    s++;
                    continue;
                }
                if (!name_char(*s)) {
                    s++;
                    continue;
                }
                selfclose = 0;
                an = s;
                while (s < end && name_char(*s))
                    s++;
                ane = s;
                while (s < end && is_space(*s))
                    s++;
                if (s >= end || *s != '=')
                    continue;
                s++;
                while (s < end && is_space(*s))
                    s++;
                if (s < end && (*s == '"' || *s == '\'')) {
                    const char *qe = memchr(s + 1, *s, (apr_size_t)(end - s - 1));
                    v = s + 1;
                    ve = qe ? qe : end;
                    s = qe ? qe + 1 : end;
                }
                else {
                    v = s;
                    while (s < end && !is_space(*s) && *s != '>')
                        s++;
                    ve = s;
                }
                {
                    lw_body_path_t ap = pt;
                    lw_body_path_push(&ap, "@", an, (apr_size_t)(ane - an));
                    if (lw_body_emit(&o, ap.buf, ap.len, an,
                                     (apr_size_t)(ane - an), v,
                                     (apr_size_t)(ve - v)))
                        break;
                }
            }
            if (s < end)
                s++;
            if (selfclose) {
                pt.len = before;
                ename = NULL;
            }
            else {
                depth++;
                ename = n;
                elen = (apr_size_t)(ne - n);
            }
        }
    }
    *more = o.more;
    return o.n;
}
