/* lw_escape.c: escaping per sink (terminal text, HTML, shell, mod_security).
 * The decoded record strings may hold any byte (a hostile JSON line can use
 * \u001b or \r), so each function assumes the worst. */
#include "lw_escape.h"

#include <stdio.h>
#include <string.h>
#include <apr_strings.h>

static const char hexd[] = "0123456789abcdef";

static int printable(unsigned char c)
{
    return c >= 0x20 && c < 0x7f;
}

const char *lw_esc_textn(apr_pool_t *p, const char *s, apr_size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i, out = 0;
    char *r, *o;

    if (s == NULL)
        return "-";
    for (i = 0; i < n; i++)
        out += printable(u[i]) ? 1 : 4;
    if (out == n)
        return apr_pstrmemdup(p, s, n);
    r = o = apr_palloc(p, out + 1);
    for (i = 0; i < n; i++) {
        if (printable(u[i])) {
            *o++ = (char)u[i];
        } else {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hexd[u[i] >> 4];
            *o++ = hexd[u[i] & 15];
        }
    }
    *o = '\0';
    return r;
}

const char *lw_esc_text(apr_pool_t *p, const char *s)
{
    if (s == NULL)
        return "-";
    return lw_esc_textn(p, s, strlen(s));
}

const char *lw_esc_html(apr_pool_t *p, const char *s)
{
    const char *t = lw_esc_text(p, s);
    apr_size_t out = 0;
    const char *q;
    char *r, *o;

    for (q = t; *q; q++) {
        switch (*q) {
        case '&': out += 5; break;
        case '<': case '>': out += 4; break;
        case '"': case '\'': out += 5; break;
        default: out++;
        }
    }
    r = o = apr_palloc(p, out + 1);
    for (q = t; *q; q++) {
        switch (*q) {
        case '&': memcpy(o, "&amp;", 5); o += 5; break;
        case '<': memcpy(o, "&lt;", 4); o += 4; break;
        case '>': memcpy(o, "&gt;", 4); o += 4; break;
        case '"': memcpy(o, "&#34;", 5); o += 5; break;
        case '\'': memcpy(o, "&#39;", 5); o += 5; break;
        default: *o++ = *q;
        }
    }
    *o = '\0';
    return r;
}

const char *lw_esc_shell(apr_pool_t *p, const char *s)
{
    const unsigned char *u;
    apr_size_t out = 2;
    char *r, *o;

    if (s == NULL)
        return NULL;
    for (u = (const unsigned char *)s; *u; u++) {
        if (!printable(*u))
            return NULL;
        out += *u == '\'' ? 4 : 1;
    }
    r = o = apr_palloc(p, out + 1);
    *o++ = '\'';
    for (u = (const unsigned char *)s; *u; u++) {
        if (*u == '\'') {
            memcpy(o, "'\\''", 4);
            o += 4;
        } else {
            *o++ = (char)*u;
        }
    }
    *o++ = '\'';
    *o = '\0';
    return r;
}

const char *lw_esc_secrule(apr_pool_t *p, const char *s)
{
    const unsigned char *u;
    apr_size_t n = 0, out = 0;
    char *r, *o;

    if (s == NULL || *s == '\0')
        return NULL;
    for (u = (const unsigned char *)s; *u; u++, n++) {
        if (!printable(*u) || n >= 1024)
            return NULL;
        if (u[0] == '%' && u[1] == '{')
            return NULL;
        out += (*u == '\\' || *u == '"') ? 2 : 1;
    }
    r = o = apr_palloc(p, out + 1);
    for (u = (const unsigned char *)s; *u; u++) {
        if (*u == '\\' || *u == '"')
            *o++ = '\\';
        *o++ = (char)*u;
    }
    *o = '\0';
    return r;
}

int lw_valid_hostname(const char *s)
{
    apr_size_t n = 0;

    if (s == NULL || *s == '\0' || *s == '.' || *s == '-')
        return 0;
    for (; *s; s++, n++) {
        char c = *s;
        if (n >= 253)
            return 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* 1 for the bytes lw_json_write_str writes as they are: printable ASCII
 * but '"' and '\\'. */
static const unsigned char json_plain[256] = {
    ['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* '"' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,              /* '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0               /* 0x7f */
};

char *lw_json_put_plain(char *b, apr_size_t room, const char *s)
{
    const unsigned char *u;
    apr_size_t k;

    for (u = (const unsigned char *)s; json_plain[*u]; u++)
        ;
    k = (apr_size_t)(u - (const unsigned char *)s);
    if (*u != '\0' || k + 2 > room)
        return NULL;
    *b++ = '"';
    memcpy(b, s, k);
    b[k] = '"';
    return b + k + 1;
}

void lw_json_write_str(FILE *out, const char *s)
{
    char buf[512];
    const unsigned char *u;
    apr_size_t n = 0;

    if (s == NULL) {
        fputs("null", out);
        return;
    }
    /* Most strings (addresses, names, paths) need no escape: written as
     * they are, the scan a word of table lookups (the report writes
     * hundreds of thousands of them). */
    for (u = (const unsigned char *)s; json_plain[*u]; u++)
        ;
    if (*u == '\0') {
        apr_size_t k = (apr_size_t)(u - (const unsigned char *)s);
        if (k <= sizeof(buf) - 2) {
            /* one write instead of three */
            buf[0] = '"';
            memcpy(buf + 1, s, k);
            buf[k + 1] = '"';
            fwrite(buf, 1, k + 2, out);
            return;
        }
        putc('"', out);
        fwrite(s, 1, k, out);
        putc('"', out);
        return;
    }
    buf[n++] = '"';
    for (u = (const unsigned char *)s; *u; u++) {
        if (n > sizeof(buf) - 8) {
            fwrite(buf, 1, n, out);
            n = 0;
        }
        if (*u == '"' || *u == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)*u;
        } else if (*u < 0x20 || *u >= 0x7f) {
            /* the text \xHH, JSON-escaped: \\xHH */
            buf[n++] = '\\';
            buf[n++] = '\\';
            buf[n++] = 'x';
            buf[n++] = hexd[*u >> 4];
            buf[n++] = hexd[*u & 15];
        } else {
            buf[n++] = (char)*u;
        }
    }
    buf[n++] = '"';
    fwrite(buf, 1, n, out);
}

void lw_json_write_time(FILE *out, apr_time_t t, int off)
{
    apr_time_exp_t e;
    int a = off < 0 ? -off : off;

    if (t <= 0 || off < -86400 || off > 86400
        || apr_time_exp_tz(&e, t, off) != APR_SUCCESS) {
        fputs("null", out);
        return;
    }
    fprintf(out, "\"%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d\"",
            e.tm_year + 1900, e.tm_mon + 1, e.tm_mday, e.tm_hour, e.tm_min,
            e.tm_sec, off < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
}
