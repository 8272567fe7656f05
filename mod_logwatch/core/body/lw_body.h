/* Request bodies: the captured prefix of a body (at most
 * LogWatchInspectBody bytes, copied by the httpd glue as the application
 * reads it) split into fields for the engine. Each parser reads the
 * buffer once, left to right, without recursion: linear time, no
 * allocation beyond the caller's pool, at most LW_BODY_MAX_FIELDS fields.
 * A body cut by the cap still yields its last, partial field. */
#ifndef LW_BODY_H
#define LW_BODY_H

#include "lw.h"

/* The kinds of body inspected, and their names in the field locations
 * ("body:form:user"). */
typedef enum {
    LW_BODY_NONE = 0,
    LW_BODY_FORM,          /* application/x-www-form-urlencoded */
    LW_BODY_MULTIPART,     /* multipart/form-data */
    LW_BODY_JSON,          /* application/json, application/...+json */
    LW_BODY_XML,           /* text/xml, application/xml, ...+xml (SOAP) */
    LW_BODY_TEXT,          /* any other text: the body is one field */
    LW_BODY__COUNT
} lw_body_kind_e;

/* "form" "multipart" "json" "xml" "text"; NULL for NONE and out of
 * range. */
const char *lw_body_kind_name(int kind);
/* The kind a Content-Type value declares (parameters, blanks and case
 * ignored): form, multipart, JSON or XML; LW_BODY_NONE when it is none
 * of them or NULL. */
int lw_body_kind(const char *content_type);
/* The kind of a body by its first bytes, whatever it was declared:
 * LW_BODY_NONE when it is empty, blank or not text (a control byte other
 * than a blank in its first LW_BODY_SNIFF bytes: images, archives,
 * UTF-16 other than XML after a byte order mark, which is XML); else, after a UTF-8 byte order mark and blanks, '<' XML,
 * '{' or '[' JSON, a form name then '=' a form, anything else TEXT.
 * Applications read bodies whatever their Content-Type says (PHP's
 * php://input, JSON APIs, frameworks that sniff), so the header alone
 * must not decide what is inspected. */
int lw_body_sniff(const char *body, apr_size_t len);
#define LW_BODY_SNIFF 512
/* Whether the first LW_BODY_SNIFF bytes of b[len] are text (as
 * lw_body_sniff says): the glue stops copying a body that is not. */
int lw_body_is_text(const char *b, apr_size_t len);
/* The kind body[len] is read as: the declared kind when the body agrees
 * with it (a multipart type with a boundary that the body holds; a JSON
 * or XML type whose body starts as one), else lw_body_sniff's. */
int lw_body_kind_of(const char *content_type, const char *body,
                    apr_size_t len);

/* Bounds of one body's split. */
#define LW_BODY_MAX_FIELDS 1024   /* fields yielded at most (but by
                                   * lw_body_split_all) */
#define LW_BODY_MAX_DEPTH 64      /* JSON/XML nesting followed at most */
#define LW_BODY_MAX_PATH 160      /* bytes of a location's path at most */

/* One field. path: where it is, without the "body:KIND:" prefix
 * ("user", "file.filename", "$.user.name", "/Envelope/Body/x"), not
 * NUL-ended, at most LW_BODY_MAX_PATH bytes. name: the field's name
 * (a form or part name, a JSON key), or NULL for a value without one
 * (a JSON array element, XML text). value: its value, decoded as the
 * body's own syntax says (JSON \u escapes, XML entities are left to the
 * engine's normalisation; form values stay percent-encoded, the engine
 * decodes them as it does query arguments); NULL when the field is a
 * name alone (a JSON key of an object or array). */
typedef struct {
    int kind;                 /* lw_body_kind_e */
    const char *path;
    apr_size_t path_len;
    const char *name;
    apr_size_t name_len;
    const char *value;
    apr_size_t value_len;
    int past;                 /* past LW_BODY_MAX_FIELDS (lw_body_split_all
                               * only): path as far as known, for a label
                               * by kind alone */
} lw_body_field_t;

/* Called for each field in order; a non-zero return stops the split. */
typedef int (*lw_body_cb)(void *ctx, const lw_body_field_t *f);

/* Split body[len] of the given Content-Type (the kind lw_body_kind_of
 * says, and for multipart its boundary). TEXT is one field, path "",
 * no name, the body its value. Returns the number of fields yielded, or
 * -1 when the body is of no inspected kind (LW_BODY_NONE). *more is set to 1 when fields were left out (the field or
 * depth bound), else 0; it may be NULL. Temporary copies (decoded JSON
 * strings, paths) come from p. */
int lw_body_split(const char *content_type, const char *body,
                  apr_size_t len, apr_pool_t *p, lw_body_cb cb, void *ctx,
                  int *more);
/* The same, and the fields past LW_BODY_MAX_FIELDS yielded too (past set;
 * *more then says only that values past LW_BODY_MAX_DEPTH were left out):
 * for the inspection, where padding a body with fields must not hide the
 * ones after them. The work stays linear in len; the bound is for the
 * callers that keep what they are given. */
int lw_body_split_all(const char *content_type, const char *body,
                      apr_size_t len, apr_pool_t *p, lw_body_cb cb,
                      void *ctx, int *more);

/* The parsers, for the split and for the tests and fuzz harnesses. Each
 * returns the number of fields yielded, sets *more as above (never NULL
 * here). */
int lw_body_form(const char *body, apr_size_t len, apr_pool_t *p,
                 lw_body_cb cb, void *ctx, int *more);
int lw_body_multipart(const char *body, apr_size_t len,
                      const char *boundary, apr_size_t blen, apr_pool_t *p,
                      lw_body_cb cb, void *ctx, int *more);
int lw_body_json(const char *body, apr_size_t len, apr_pool_t *p,
                 lw_body_cb cb, void *ctx, int *more);
int lw_body_xml(const char *body, apr_size_t len, apr_pool_t *p,
                lw_body_cb cb, void *ctx, int *more);
int lw_body_text(const char *body, apr_size_t len, apr_pool_t *p,
                 lw_body_cb cb, void *ctx, int *more);

/* The capture of a multipart body as it streams, for the glue: a copy
 * that keeps the preamble, each delimiter, each part's headers and each
 * field's value, and of a file part only the delimiter after it (and the
 * first bytes of a file that may be XML, for its document type
 * declaration), so that the fields after a file larger than the capture
 * are still inspected. What it keeps is a multipart body the parser
 * above reads as it would the whole (file contents apart). The caller
 * gives buf (size bytes; it may grow it between feeds) after init. */
#define LW_BODY_FILE_HEAD 16384   /* bytes of an XML-like file kept */
typedef struct {
    char *buf;                /* the copy (the caller's) */
    apr_size_t len, size;     /* kept, room */
    int cut;                  /* bytes to keep did not fit (headers, a
                               * field's value, a delimiter): not a file's
                               * contents, which are never kept */
    int done;                 /* nothing more will be kept: cut, or the
                               * close delimiter came */
    /* the reader's state */
    const char *b;
    apr_size_t blen;
    int state, xml, dl;
    int virt;                 /* the match's '\n' is a part's start */
    apr_size_t match;         /* bytes of "\n--BOUNDARY" matched */
    apr_size_t hdr, line;     /* where the part's headers, the line start */
    apr_size_t head;          /* bytes of the file kept */
} lw_body_mp_t;

/* Start with the Content-Type's boundary (lw_body_boundary; it must live
 * as long as m). */
void lw_body_mp_init(lw_body_mp_t *m, const char *boundary, apr_size_t blen);
/* The next n bytes of the body, in order, split anywhere. Returns
 * m->done. Linear in n; the delimiter may be split across calls. */
int lw_body_mp_feed(lw_body_mp_t *m, const char *data, apr_size_t n);
/* The body ended: what was held back as a possible delimiter's start is
 * kept as the file's content it was. */
void lw_body_mp_end(lw_body_mp_t *m);

/* The multipart boundary of a Content-Type (quoted or not), or NULL; at
 * most 70 bytes as RFC 2046 says (a longer one is taken as it is). */
const char *lw_body_boundary(const char *content_type, apr_size_t *blen);

#endif
