/* A memo of fields the engine found clean, for logwatch-scan.
 *
 * A log repeats itself: the same User-Agents, Referers and paths come back
 * line after line. The outcome of inspecting a field depends only on its
 * bytes, its kind, the engine, the limits and (through the regex budget)
 * what the request has spent so far. A memo keeps, for fields that matched
 * nothing and hit no limit, what their inspection cost, so the engine can
 * charge it again instead of normalising, scanning and matching the same
 * bytes twice: the records are byte for byte the same as without it.
 *
 * One memo per thread (no locking), or one that threads share
 * (lw_memo_create_shared); its memory is bounded and comes from the pool
 * given at creation. When full it is emptied at once. */
#ifndef LW_MEMO_H
#define LW_MEMO_H

#include "lw.h"

typedef struct lw_memo lw_memo_t;

/* A memo holding at most about `bytes` of keys and entries (0: the
 * default). Fields longer than LW_MEMO_MAX_FIELD are never kept. */
#define LW_MEMO_DEFAULT_BYTES (8u << 20)
#define LW_MEMO_MAX_FIELD 1024
lw_memo_t *lw_memo_create(apr_pool_t *p, apr_size_t bytes);
/* The same for `threads` threads to use at once: its entries in up to 16
 * parts (one per thread, a power of two, 64k each at least), a field's
 * chosen by its hash, each used by one thread at a time (a part another
 * thread is using answers "not found" at once: no thread ever waits).
 * Made before the threads start (its memory comes from p). It is never emptied for other limits under the
 * threads that use it: it keeps the entries of up to LW_MEMO_BINDINGS
 * engines and sets of limits apart (lw_memo_bind), and refuses more. */
lw_memo_t *lw_memo_create_shared(apr_pool_t *p, apr_size_t bytes,
                                 int threads);

/* What inspecting a clean field cost: the regex bytes charged to the
 * budget, whether the field was cut at max_inspect, and the work units it
 * added (lw_engine.h: the work budget counts them whether or not the
 * memo answered). */
typedef struct {
    apr_size_t charge;
    int truncated;
    apr_uint32_t work;
} lw_memo_val_t;

/* For the engine, which calls lw_memo_bind at the start of each request
 * (the bytes of its fields stay put until the next call). Entries are valid
 * for one owner (engine) and one set of limits: lw_memo_bind empties the
 * memo when either changes and returns 1. A shared memo returns the
 * binding's number (1 to LW_MEMO_BINDINGS), 0 when it has no room for
 * another (the request is inspected without it): the caller keeps its
 * entries apart by putting number - 1 into bits 26-29 of every key.
 * key: the field's kind and how it was inspected, folded into 32 bits
 * (not 0; bits 26-29 left to the binding). */
#define LW_MEMO_BINDINGS 16
int lw_memo_bind(lw_memo_t *m, const void *owner, const lw_limits_t *lim);
/* 1: found, *v set; 0: not found, put it once inspected; -1: not found,
 * and fields of this kind (key & 15) rarely come back in this log: do not
 * put it. A kind is judged on its last 4,096 lookups; while judged
 * unhelpful, one lookup in 16 still goes through, to notice a change. */
int lw_memo_get(lw_memo_t *m, apr_uint32_t key, const char *s,
                apr_size_t len, lw_memo_val_t *v);
void lw_memo_put(lw_memo_t *m, apr_uint32_t key, const char *s,
                 apr_size_t len, const lw_memo_val_t *v);

/* Lookups answered, lookups missed, times the memo was emptied. */
void lw_memo_counts(const lw_memo_t *m, apr_uint64_t *hits,
                    apr_uint64_t *misses, apr_uint64_t *flushes);

#endif
