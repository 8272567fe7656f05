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

/* A part's headers from s up to an empty line: the name and file name of
 * its Content-Disposition. Returns where its content starts (end when the
 * headers do not end before it). */
static const char *part_headers(const char *s, const char *end,
                                const char **name, apr_size_t *nlen,
                                const char **fname, apr_size_t *flen)
{
    while (s < end) {
        const char *le = line_end(s, end), *ve = le;
        if (ve > s && ve[-1] == '\r')
            ve--;
        if (ve == s)
            return le < end ? le + 1 : end;
        if (ve - s > 20 && strncasecmp(s, "Content-Disposition:", 20) == 0)
            disposition(s + 20, ve, name, nlen, fname, flen);
        s = le < end ? le + 1 : end;
    }
    return end;
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
        content = part_headers(s, end, &name, &nlen, &fname, &flen);
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

/* The capture as the body streams (lw_body_mp_feed). The delimiter is
 * found as the pattern "\n--BOUNDARY" (the body's start counts as after
 * a '\n', as find_delim's at_start does); '\n' is only its first byte,
 * so on a mismatch the match starts again at 1 when the byte is '\n',
 * else at 0. */
enum { MP_KEEP, MP_FILE, MP_DELIM, MP_HDR, MP_EPILOGUE };
enum { XML_MAYBE, XML_YES, XML_NO };

static char pat(const lw_body_mp_t *m, apr_size_t i)
{
    return i == 0 ? '\n' : i < 3 ? '-' : m->b[i - 3];
}

/* Keep s[n] whole, or set cut and stop: what did not fit is lost. */
static int keep(lw_body_mp_t *m, const char *s, apr_size_t n)
{
    apr_size_t room = m->size - m->len;

    if (n > room) {
        memcpy(m->buf + m->len, s, room);
        m->len += room;
        m->cut = 1;
        m->done = 1;
        return 1;
    }
    memcpy(m->buf + m->len, s, n);
    m->len += n;
    return 0;
}

/* The next bytes of a file's content: kept while it may be an XML
 * document's prolog (its first byte after a byte order mark and blanks
 * is '<'), at most LW_BODY_FILE_HEAD bytes and the room left; never a
 * cut. */
static void file_head(lw_body_mp_t *m, const char *s, apr_size_t n)
{
    apr_size_t i = 0, room;

    while (m->xml == XML_MAYBE && i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<')
            m->xml = XML_YES;
        else if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n'
                   || (m->head < 3 && c == (unsigned char)"\xef\xbb\xbf"[m->head]))) {
            m->xml = XML_NO;
            break;
        }
        if (m->head >= LW_BODY_FILE_HEAD || m->len >= m->size) {
            m->xml = XML_NO;
            return;
        }
        m->buf[m->len++] = s[i++];
        m->head++;
    }
    if (m->xml != XML_YES || i >= n)
        return;
    n -= i;
    room = m->size - m->len;
    if (room > LW_BODY_FILE_HEAD - m->head)
        room = LW_BODY_FILE_HEAD - m->head;
    if (n > room) {
        n = room;
        m->xml = XML_NO;
    }
    memcpy(m->buf + m->len, s + i, n);
    m->len += n;
    m->head += n;
}

/* The bytes of a file matched as a delimiter's start that were not one
 * go to its head (but the '\n' a part's start stands for). */
static void file_pending(lw_body_mp_t *m)
{
    apr_size_t i;

    for (i = (apr_size_t)m->virt; i < m->match; i++) {
        char c = pat(m, i);
        file_head(m, &c, 1);
    }
}

/* A part's content, kept (a field's value, the preamble) or not (a
 * file's), up to the next delimiter. */
static const char *feed_content(lw_body_mp_t *m, const char *s,
                                const char *end)
{
    int file = m->state == MP_FILE;

    while (s < end) {
        if (m->match == 0) {
            const char *nl = memchr(s, '\n', (apr_size_t)(end - s));
            const char *e = nl ? nl : end;
            if (file)
                file_head(m, s, (apr_size_t)(e - s));
            else if (keep(m, s, (apr_size_t)(e - s) + (nl != NULL)))
                return end;
            if (!nl)
                return end;
            m->match = 1;
            m->virt = 0;
            s = nl + 1;
            continue;
        }
        if (*s == pat(m, m->match)) {
            if (!file && keep(m, s, 1))
                return end;
            s++;
            if (++m->match == m->blen + 3) {
                int virt = m->virt;
                m->match = 0;
                m->virt = 0;
                m->state = MP_DELIM;
                m->dl = 0;
                /* a file: the delimiter the parser finds, its content
                 * before it left out (never more bytes than came) */
                if (file && (keep(m, "\n--" + virt, 3 - (apr_size_t)virt)
                             || keep(m, m->b, m->blen)))
                    return end;
                return s;
            }
            continue;
        }
        /* no delimiter: the bytes matched so far were content */
        if (file)
            file_pending(m);
        m->match = 0;
        m->virt = 0;
        /* the byte is read again: a '\n' may start a delimiter */
    }
    return s;
}

/* The rest of a delimiter line: "--" closes the body; the line itself
 * (transport padding) says nothing and is not kept. */
static const char *feed_delim(lw_body_mp_t *m, const char *s, const char *end)
{
    while (s < end) {
        char c = *s++;
        if (c == '\n') {
            if (keep(m, "\n", 1))
                return end;
            m->state = MP_HDR;
            m->hdr = m->line = m->len;
            return s;
        }
        if (m->dl == 0 && c == '-')
            m->dl = 1;
        else if (m->dl == 1 && c == '-') {
            /* the close delimiter: the epilogue is no part */
            if (m->size - m->len >= 2) {
                memcpy(m->buf + m->len, "--", 2);
                m->len += 2;
            }
            m->state = MP_EPILOGUE;
            m->done = 1;
            return end;
        }
        else
            m->dl = 2;
    }
    return s;
}

/* A part's headers, kept line by line up to the empty line; then whether
 * it is a file part decides how its content is read. */
static const char *feed_headers(lw_body_mp_t *m, const char *s,
                                const char *end)
{
    while (s < end) {
        const char *nl = memchr(s, '\n', (apr_size_t)(end - s));
        const char *e = nl ? nl + 1 : end, *name = NULL, *fname = NULL;
        apr_size_t ll, nlen = 0, flen = 0;

        if (keep(m, s, (apr_size_t)(e - s)))
            return end;
        s = e;
        if (!nl)
            return end;
        ll = m->len - 1 - m->line;
        if (ll > 1 || (ll == 1 && m->buf[m->line] != '\r')) {
            m->line = m->len;
            continue;
        }
        part_headers(m->buf + m->hdr, m->buf + m->len, &name, &nlen, &fname,
                     &flen);
        m->state = fname ? MP_FILE : MP_KEEP;
        m->match = 1;
        m->virt = 1;
        m->head = 0;
        m->xml = XML_MAYBE;
        return s;
    }
    return s;
}

void lw_body_mp_init(lw_body_mp_t *m, const char *boundary, apr_size_t blen)
{
    memset(m, 0, sizeof(*m));
    m->b = boundary;
    m->blen = blen;
    m->state = MP_KEEP;
    m->match = 1;
    m->virt = 1;
}

int lw_body_mp_feed(lw_body_mp_t *m, const char *data, apr_size_t n)
{
    const char *s = data, *end = data + n;

    while (s < end && !m->done) {
        switch (m->state) {
        case MP_KEEP:
        case MP_FILE:
            s = feed_content(m, s, end);
            break;
        case MP_DELIM:
            s = feed_delim(m, s, end);
            break;
        case MP_HDR:
            s = feed_headers(m, s, end);
            break;
        default:
            m->done = 1;
            break;
        }
    }
    return m->done;
}

void lw_body_mp_end(lw_body_mp_t *m)
{
    if (!m->done && m->state == MP_FILE)
        file_pending(m);
    m->match = 0;
    m->done = 1;
}
