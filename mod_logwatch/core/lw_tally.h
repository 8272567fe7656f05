/* Per-source attack tallies in one fixed memory region (httpd's shared
 * memory), with least-recently-used eviction when the table is full; a
 * blocked source is evicted only after its block is over, so flooding the
 * table with new sources never unblocks one.
 * Position independent (indices, no pointers) so the region can be mapped
 * anywhere and survive graceful restarts. Not locked: the caller holds a
 * global mutex around every call that takes a non-const table, except
 * lw_tally_blocked_count, which is a single atomic read. */
#ifndef LW_TALLY_H
#define LW_TALLY_H

#include "lw.h"
#include "lw_net.h"

typedef struct lw_tally lw_tally_t;

typedef struct {
    lw_addr_t addr;
    apr_uint32_t hnext, prev, next;     /* hash chain and LRU list (index+1) */
    apr_uint32_t attacks;               /* in the current window */
    apr_uint32_t total;                 /* since the entry was created */
    apr_uint32_t by_cat[LW_CAT__COUNT]; /* in the current window */
    apr_uint32_t refused;               /* requests refused while blocked */
    apr_uint32_t crossed;               /* threshold already crossed in window */
    apr_uint32_t prefix;                /* addr is this network (lw_addr_source;
                                         * set by the caller, for display) */
    apr_time_t window_start, first, last, blocked_until;
} lw_tally_entry_t;

/* Bytes a table of nslots entries needs. */
apr_size_t lw_tally_size(apr_uint32_t nslots);

/* Format mem (size bytes, 8-aligned) as an empty table of as many slots as
 * fit. Returns NULL when not even one fits. */
lw_tally_t *lw_tally_init(void *mem, apr_size_t size);

/* Attach to a region formatted by lw_tally_init (in this or another
 * process); NULL when it does not hold a table. */
lw_tally_t *lw_tally_attach(void *mem, apr_size_t size);

/* Count one attack of categories cats (bitmask) from a at time now. The
 * window restarts when window (microseconds) has passed since its start.
 * Returns the entry (valid until the lock is released); *crossed is set to 1
 * exactly once per window, by the attack that brings the count to
 * threshold (0 = never). When full, evicts the least recently seen source
 * that is not blocked, else one whose block is over; NULL (nothing counted)
 * when every slot holds a source still blocked at now. */
lw_tally_entry_t *lw_tally_hit(lw_tally_t *t, const lw_addr_t *a,
                               apr_uint32_t cats, apr_time_t now,
                               apr_uint32_t threshold,
                               apr_interval_time_t window, int *crossed);

/* The entry for a, or NULL. Does not reorder. */
/* Bumped with every change of the region's layout: part of the key under
 * which httpd keeps the region across restarts. */
#define LW_TALLY_LAYOUT 3

lw_tally_entry_t *lw_tally_find(lw_tally_t *t, const lw_addr_t *a);

/* Block e until the given time; keeps the table's count of blocked entries
 * (lw_tally_blocked_count) right. until = 0 unblocks. */
void lw_tally_block(lw_tally_t *t, lw_tally_entry_t *e, apr_time_t until);

/* Is a blocked at now? Expired blocks are cleared on the way. Counts a
 * refusal when blocked. */
int lw_tally_check_block(lw_tally_t *t, const lw_addr_t *a, apr_time_t now);

/* Entries currently marked blocked (an atomic read, no lock needed): when
 * zero, the per-request block check can skip the lock and the lookup. */
apr_uint32_t lw_tally_blocked_count(const lw_tally_t *t);

/* Copy up to n entries with the most attacks in their window into out,
 * most first. Returns how many. */
int lw_tally_top(const lw_tally_t *t, lw_tally_entry_t *out, int n);

typedef struct {
    apr_uint32_t slots, used, evictions, blocked;
    apr_uint32_t full;        /* new sources not counted: table of blocks */
    apr_size_t bytes;
} lw_tally_stats_t;
void lw_tally_stats(const lw_tally_t *t, lw_tally_stats_t *st);

#endif
