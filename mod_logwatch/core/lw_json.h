/* Minimal JSON: writing into a bounded buffer, and reading the flat records
 * the module writes. Everything written is valid JSON whatever the input. */
#ifndef LW_JSON_H
#define LW_JSON_H

#include "lw.h"

/* A bounded output buffer; never grows. Once full, further appends are
 * dropped and overflow is set (the caller decides what to cut). */
typedef struct {
    char *data;
    apr_size_t len;
    apr_size_t cap;
    int overflow;
} lw_buf_t;

void lw_buf_init(lw_buf_t *b, char *mem, apr_size_t cap);
void lw_buf_add(lw_buf_t *b, const char *s, apr_size_t n);
void lw_buf_adds(lw_buf_t *b, const char *s);
void lw_buf_addf(lw_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append s[0..n) as a JSON string, quotes included. Bytes < 0x20, 0x7f and
 * >= 0x80 become the text \xHH, and a backslash the text \\ (as Apache's
 * access log writes them), then JSON-escaped: the line stays ASCII and valid
 * JSON, and the decoded value reads like the access log. At most max input
 * bytes are taken; when cut, the text "...[cut]" ends the value. */
void lw_json_str(lw_buf_t *b, const char *s, apr_size_t n, apr_size_t max);

/* Reading: a parsed JSON value. Objects keep their keys in order. */
typedef enum { LW_JNULL, LW_JBOOL, LW_JNUM, LW_JSTR, LW_JARR, LW_JOBJ } lw_jtype_e;
typedef struct lw_jval lw_jval_t;
struct lw_jval {
    lw_jtype_e type;
    double num;               /* LW_JNUM, LW_JBOOL (0/1) */
    const char *str;          /* LW_JSTR: decoded, NUL terminated */
    apr_size_t len;           /* LW_JSTR: bytes; LW_JARR/LW_JOBJ: items */
    const char **keys;        /* LW_JOBJ */
    lw_jval_t *items;         /* LW_JARR, LW_JOBJ values */
};

/* Parse one JSON text; nesting deeper than 16 levels or trailing garbage is
 * an error. Returns non-zero and sets *err (static string) on error. */
apr_status_t lw_json_parse(apr_pool_t *p, const char *text, apr_size_t len,
                           lw_jval_t *out, const char **err);
/* Member of an object by key, or NULL. */
const lw_jval_t *lw_json_get(const lw_jval_t *obj, const char *key);

#endif
