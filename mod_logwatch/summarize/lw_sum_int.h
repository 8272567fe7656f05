/* Internal to the summarizer library: the counting primitives of lw_sum.c
 * used by the feeding code of lw_sum_feed.c. */
#ifndef LW_SUM_INT_H
#define LW_SUM_INT_H

#include "lw_sum.h"
#include "lw_sum_fast.h"

/* One attack record on its way through a batch. */
typedef struct {
    const lw_fastrec_t *rec;
    const char *line;
    apr_size_t len;
    int v;                      /* verdict slot */
    lw_host_t *h;
    lw_src_t *src;
    lw_target_t *t;
    lw_sv_t client, vhost, path;
    apr_uint32_t hc, hv, hp;    /* their lw_shash */
    apr_uint32_t hu;            /* of a served attack's uri ("-" when
                                 * absent); 0 for the others */
} lw_sum_item_t;

/* A path of a target: its entry in t->paths is the first member, so the
 * hash holds plain lw_count_t pointers; the entry in t->open_paths and the
 * category mask (the value in t->open_path_cats) live alongside, and one
 * lookup (in t->path_tab) serves all three. The three hashes are filled by
 * lw_summary_finish. */
typedef struct {
    lw_count_t all;
    lw_count_t *open;
    apr_uint32_t mask;
    apr_uint32_t hash;          /* lw_shash of the key (in mask's padding) */
    apr_array_header_t *finds;  /* lw_find_t, with keep_finds */
    lw_app_t *app;              /* its application, once served
                                 * (lw_sum_app.c) */
} path_entry_t;

extern const lw_sv_t lw_sum_dash;     /* "-" for absent strings */

/* Entries by key (hash precomputed with lw_shash), created when new. */
lw_src_t *lw_sum_get_source(lw_summary_t *s, lw_sv_t ip, apr_uint32_t h);
lw_target_t *lw_sum_get_target(lw_summary_t *s, lw_sv_t vhost,
                               apr_uint32_t h);
lw_host_t *lw_sum_get_host(lw_summary_t *s, lw_sv_t host, apr_uint32_t h);

lw_sv_t lw_sum_uri_path(lw_sv_t uri);
/* The verdict slot of a record; names: lw_sum_verdict_names' table. */
int lw_sum_verdict_of(const lw_fastrec_t *r, const lw_sv_t *names);
/* The verdicts' names with their lengths, LW_V__COUNT of them. */
void lw_sum_verdict_names(lw_sv_t *names);

/* Count one attack (src, t, h, path, hp, v filled) or one server error. */
void lw_sum_add_attack(lw_summary_t *s, const lw_sum_item_t *it);
void lw_sum_add_failing(lw_summary_t *s, const lw_fastrec_t *rec,
                        lw_host_t *h);

/* lw_sum_app.c: the applications, scanner traffic and hours of an attack
 * (src, t, path, v filled). */
void lw_sum_add_view(lw_summary_t *s, const lw_sum_item_t *it);
/* Is the path (no query) a static file (.css, .png ...)? */
int lw_sum_static_path(const char *p, apr_size_t n);
/* The route of a path into buf (at least 204 bytes): ID segments (numbers,
 * hashes, UUIDs) as "{id}", cut with "..." past 200 bytes; its length. */
apr_size_t lw_sum_route(const char *p, apr_size_t n, char *buf);

#endif
