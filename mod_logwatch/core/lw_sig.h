/* Signature files: parsing, compiling, checking the examples, and the flat
 * blob that the module places in shared memory. Format: see
 * conf/signatures/FORMAT (the authoritative description).
 *
 * Life cycle:
 *   lw_ruleset_create -> lw_ruleset_load (files or directories, repeatable)
 *   -> lw_ruleset_compile: compiles every pattern, serialises everything the
 *      engine needs into one blob (rule metadata, literals, the PCRE2 codes
 *      from pcre2_serialize_encode, and per-rule hit counters), builds a
 *      temporary engine from it and checks every rule's examples.
 *   -> the blob is copied where it must live (shm in httpd, heap in tools)
 *   -> lw_engine_create (lw_engine.h) in each process attaches to it. */
#ifndef LW_SIG_H
#define LW_SIG_H

#include "lw.h"

typedef struct lw_ruleset lw_ruleset_t;

lw_ruleset_t *lw_ruleset_create(apr_pool_t *p);

/* Load one file, or every "*.rules" and "*.words" file of a directory in
 * name order (a DETECTOR.words or NAME.DETECTOR.words file is a word table
 * of that detector: conf/signatures/FORMAT).
 * On error returns non-zero and sets *err to "FILE:LINE: reason" (from the
 * ruleset's pool). Duplicate rule ids across files are an error. */
apr_status_t lw_ruleset_load(lw_ruleset_t *rs, const char *path, char **err);

/* Number of rules loaded so far. */
int lw_ruleset_count(const lw_ruleset_t *rs);

/* Compile, serialise and check the examples. On success *blob (from p,
 * 8-byte aligned) and *len describe the serialised set. On error sets *err
 * to "FILE:LINE: reason" (bad pattern with PCRE2's message and offset, or
 * an example that does not behave as the rule says). */
apr_status_t lw_ruleset_compile(lw_ruleset_t *rs, apr_pool_t *p,
                                void **blob, apr_size_t *len, char **err);

/* The same, and the engine that checked the examples, attached to the
 * blob and kept in p: a process that classifies with the blob where it
 * is (the tools) is spared building a second one (JIT-compiling every
 * pattern again). */
struct lw_engine;
apr_status_t lw_ruleset_compile_engine(lw_ruleset_t *rs, apr_pool_t *p,
                                       void **blob, apr_size_t *len,
                                       struct lw_engine **e, char **err);

#endif
