/* Benign traffic the mod_security suggestions are checked against before
 * they are printed: the request lines of access logs (common, combined or
 * any format with the request line in double quotes), kept as what a
 * suggestion's condition would see after ModSecurity's decoding: each
 * argument's value and name, the whole target, the path. */
#ifndef LW_BENIGN_H
#define LW_BENIGN_H

#include <apr_pools.h>
#include <apr_tables.h>

typedef struct lw_benign lw_benign_t;

lw_benign_t *lw_benign_create(apr_pool_t *p);

/* Read one log (plain text). Returns 0, or -1 with *err (from p). */
int lw_benign_load(lw_benign_t *b, const char *path, const char **err);

/* Requests read so far. */
int lw_benign_count(const lw_benign_t *b);

typedef enum {
    LW_BENIGN_ARG = 0,         /* argument values (all, or one name) */
    LW_BENIGN_ARG_NAMES,       /* argument names */
    LW_BENIGN_URI,             /* the whole target, decoded */
    LW_BENIGN_PATH             /* the path as sent */
} lw_benign_kind_e;

/* 1 when some benign request holds needle (lower case) in what kind
 * names; for LW_BENIGN_ARG, only in the argument called name unless name
 * is NULL; for LW_BENIGN_PATH, needle is compared whole. */
int lw_benign_has(const lw_benign_t *b, lw_benign_kind_e kind,
                  const char *name, const char *needle);

/* A value decoded as ModSecurity's ARGS with t:urlDecodeUni and
 * t:lowercase and t:compressWhitespace: '+' as space, percent-decoding
 * twice, lower case, white space runs as one space (from p). */
char *lw_benign_decode(apr_pool_t *p, const char *s, apr_size_t n);

#endif
