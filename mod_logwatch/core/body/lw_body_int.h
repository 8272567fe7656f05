/* Inside the body parsers: the field counter and the location path they
 * share. Not for use outside mod_logwatch/core/body. */
#ifndef LW_BODY_INT_H
#define LW_BODY_INT_H

#include "lw_body.h"

typedef struct {
    int kind;
    lw_body_cb cb;
    void *ctx;
    int n;                    /* fields yielded */
    int more;                 /* some left out */
    int stop;                 /* the callback or the bound said stop */
    int all;                  /* past the bound too (lw_body_split_all) */
} lw_body_out_t;

void lw_body_out_init(lw_body_out_t *o, int kind, lw_body_cb cb, void *ctx);
/* Yield one field; 1 when the split must stop (then o->stop is set). */
int lw_body_emit(lw_body_out_t *o, const char *path, apr_size_t plen,
                 const char *name, apr_size_t nlen, const char *value,
                 apr_size_t vlen);

/* A location path, cut at LW_BODY_MAX_PATH bytes. */
typedef struct {
    char buf[LW_BODY_MAX_PATH];
    apr_size_t len;
} lw_body_path_t;

/* Append sep then s[n] (as much as fits); returns the length before. */
apr_size_t lw_body_path_push(lw_body_path_t *pt, const char *sep,
                             const char *s, apr_size_t n);

/* XML document type declarations (lw_body_xml.c), for the XML parser and
 * for a file part of a multipart body: whether s starts "<!DOCTYPE"
 * (case ignored), the declaration's length (internal subset included),
 * and where the prolog of a document at s has one (NULL: none). */
int lw_body_is_doctype(const char *s, const char *end);
apr_size_t lw_body_doctype_len(const char *s, const char *end);
const char *lw_body_prolog_doctype(const char *s, const char *end);

/* Whether body[len] holds a multipart delimiter line "--BOUNDARY"
 * (lw_body_multipart.c): a body declared multipart that holds none is
 * not one. */
int lw_body_has_delim(const char *body, apr_size_t len, const char *b,
                      apr_size_t blen);

#endif
