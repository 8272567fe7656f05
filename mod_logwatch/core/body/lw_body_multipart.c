/* multipart/form-data (RFC 7578): each part's name and value, and for a
 * file part its file name: a file's content is data, not a parameter,
 * and is not inspected, except for the document type declaration in the
 * prolog of an XML file (an SVG, a feed, an office document's XML): an
 * uploaded file that a server parses can declare external entities
 * (XXE), and the prolog comes first. It is the field "NAME.!doctype". */
#include <string.h>
#include <strings.h>

#include "lw_body_int.h"

/* The next delimiter line "--BOUNDARY" at s (at_start) or after a '\n',
 * or NULL. The bytes compared after a '\n' match the boundary, which holds
 * no '\n', so the next '\n' lies beyond them: linear in end - s. */
static const char *find_delim(const char *s, const char *end, const char *b,
                              apr_size_t blen, int at_start)
{
    const char *nl;

    if (at_start && (apr_size_t)(end - s) >= blen + 2 && s[0] == '-'
        && s[1] == '-' && memcmp(s + 2, b, blen) == 0)
        return s;
    while (s < end && (nl = memchr(s, '\n', (apr_size_t)(end - s))) != NULL) {
        s = nl + 1;
        if ((apr_size_t)(end - s) >= blen + 2 && s[0] == '-' && s[1] == '-'
            && memcmp(s + 2, b, blen) == 0)
            return s;
    }
    return NULL;
}

int lw_body_has_delim(const char *body, apr_size_t len, const char *b,
                      apr_size_t blen)
{
    return blen && len && find_delim(body, body + len, b, blen, 1) != NULL;
}

static const char *line_end(const char *s, const char *end)
{
    const char *nl = memchr(s, '\n', (apr_size_t)(end - s));
    return nl ? nl : end;
}

/* A parameter's value at v (quoted, with backslash escapes left as they
 * are, or a token), within the line [v, end). */
static void param_value(const char *v, const char *end, const char **out,
                        apr_size_t *olen)
{
    const char *e;

    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    if (v < end && *v == '"') {
        for (e = ++v; e < end && *e != '"'; e++)
            if (*e == '\\' && e + 1 < end)
                e++;
    }
    else
        for (e = v; e < end && *e != ';' && *e != '\r'; e++)
            ;
    *out = v;
    *olen = (apr_size_t)(e - v);
}

/* The name and file name of a Content-Disposition header's value. */
static void disposition(const char *s, const char *end, const char **name,
                        apr_size_t *nlen, const char **fname,
                        apr_size_t *flen)
{
    while (s < end) {
        const char *k, *ke, *eq;
        while (s < end && (*s == ';' || *s == ' ' || *s == '\t'))
            s++;
        k = s;
        while (s < end && *s != '=' && *s != ';')
            s++;
        for (ke = s; ke > k && (ke[-1] == ' ' || ke[-1] == '\t'); ke--)
            ;
        if (s >= end || *s != '=')
            continue;
        eq = s + 1;
        if (ke - k == 4 && strncasecmp(k, "name", 4) == 0)
            param_value(eq, end, name, nlen);
        else if ((ke - k == 8 && strncasecmp(k, "filename", 8) == 0)
                 || (ke - k == 9 && strncasecmp(k, "filename*", 9) == 0))
            param_value(eq, end, fname, flen);
        /* past the value, quotes and all */
        {
            const char *v;
            apr_size_t vl;
            param_value(eq, end, &v, &vl);
            s = v + vl;
            if (s < end && *s == '"')
                s++;
        }
    }
}

int lw_body_multipart(const char *body, apr_size_t len, const char *b,
                      apr_size_t blen, apr_pool_t *p, lw_body_cb cb,
                      void *ctx, int *more)
{
    const char *end = body + len, *d;
    lw_body_out_t o;

    (void)p;
    lw_body_out_init(&o, LW_BODY_MULTIPART, cb, ctx);
    *more = 0;
    if (!blen)
        return 0;
    d = len ? find_delim(body, end, b, blen, 1) : NULL;
    while (d) {
        const char *s = d + 2 + blen, *name = NULL, *fname = NULL;
        const char *content, *cend, *next;
        apr_size_t nlen = 0, flen = 0;
        lw_body_path_t pt;

        if (end - s >= 2 && s[0] == '-' && s[1] == '-')
            break;                  /* the close delimiter */
        s = line_end(s, end);
        if (s >= end)
            break;
        s++;
        /* the part's headers, up to an empty line */
        content = end;
        while (s < end) {
            const char *le = line_end(s, end), *ve = le;
            if (ve > s && ve[-1] == '\r')
                ve--;
            if (ve == s) {
                content = le < end ? le + 1 : end;
                break;
            }
            if (ve - s > 20 && strncasecmp(s, "Content-Disposition:", 20) == 0)
                disposition(s + 20, ve, &name, &nlen, &fname, &flen);
            s = le < end ? le + 1 : end;
        }
        next = find_delim(content, end, b, blen, content < end);
        cend = next ? next : end;
        if (next && cend > content && cend[-1] == '\n')
            cend--;
        if (next && cend > content && cend[-1] == '\r')
            cend--;
        pt.len = 0;
        lw_body_path_push(&pt, "", name ? name : "", nlen);
        if (fname) {
            lw_body_path_push(&pt, ".", "filename", 8);
            const char *dt = lw_body_prolog_doctype(content, cend);
            if (lw_body_emit(&o, pt.buf, pt.len, name, nlen, fname, flen))
                break;
            if (dt) {
                pt.len = 0;
                lw_body_path_push(&pt, "", name ? name : "", nlen);
                lw_body_path_push(&pt, ".", "!doctype", 8);
                if (lw_body_emit(&o, pt.buf, pt.len, NULL, 0, dt,
                                 lw_body_doctype_len(dt, cend)))
                    break;
            }
        }
        else if (name || content < cend) {
            if (lw_body_emit(&o, pt.buf, pt.len, name, nlen, content,
                             (apr_size_t)(cend - content)))
                break;
        }
        d = next;
    }
    *more = o.more;
    return o.n;
}
