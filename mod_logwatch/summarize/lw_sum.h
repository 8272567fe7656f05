/* logwatch-summarize: aggregation of attack records and the outputs built
 * from it. Part of the core (no httpd header). Memory grows with distinct
 * sources, targets and hosts (and the pairs of them actually seen, at most
 * LW_SUM_MAX_KEYS per entry), never with records: per source and target
 * only the first LW_SUM_SAMPLES record lines are kept (for the messages). */
#ifndef LW_SUM_H
#define LW_SUM_H

#include "lw.h"
#include "lw_record.h"
#include <apr_hash.h>
#include <apr_tables.h>

#define LW_SUM_SAMPLES 20

/* Verdict slots: lw_verdict_e (lw.h), in its order. */

/* Counters keyed by an interned entry while reading (lw_sum_tab.h); turned
 * into the apr_hash_t counters below by lw_summary_finish(). */
typedef struct lw_pmap lw_pmap_t;
/* Index by string used while reading, beside the apr_hash_t (lw_sum_tab.h). */
typedef struct lw_stab lw_stab_t;
typedef struct lw_arena lw_arena_t;

/* A counter keyed by string (targets of a source, hosts, URLs ...). */
typedef struct {
    const char *key;
    apr_uint64_t count;
} lw_count_t;

/* One attacking source (client address). */
typedef struct {
    const char *ip;                     /* as in the record ("client") */
    int valid_ip;                       /* parses as IPv4/IPv6 */
    apr_uint64_t attacks;               /* flagged records, server_error and
                                         * threshold excluded */
    apr_uint64_t by_cat[LW_CAT__COUNT];
    apr_uint64_t by_verdict[LW_V__COUNT];
    apr_time_t first, last;             /* apr time (UTC) */
    int first_off, last_off;            /* their utc offsets, for display */
    apr_hash_t *targets;                /* vhost -> lw_count_t* (capped; filled
                                         * by lw_summary_finish) */
    apr_hash_t *hosts;                  /* logging host -> lw_count_t* (same) */
    apr_hash_t *tools;                  /* tool / user agent -> lw_count_t* */
    int nsamples;
    const char *samples[LW_SUM_SAMPLES]; /* record lines as read: JSON, no
                                          * control bytes, but they may hold
                                          * raw bytes >= 0x80: escape them */
    const char *abuse;                  /* abuse contact, NULL if unknown */
    const char *abuse_source;           /* "whois:whois.arin.net", "map", "cache" */
    /* Added (additive), used while reading: */
    lw_pmap_t *p_targets, *p_hosts;     /* lw_target_t*, lw_host_t* -> count */
    lw_count_t *last_tool;              /* entry of the last tool seen */
    apr_uint32_t hash;                  /* lw_shash of ip: a cheap "not
                                         * the previous one" */
} lw_src_t;

/* What a rule of an attack that reached the application matched: the
 * field ("args:id", "query", "path" ...) and the excerpt, as recorded.
 * Kept (at most LW_SUM_FINDS distinct per path, LW_SUM_FINDS_PER_CAT of a kind) for the mod_security
 * suggestions, which scope their rule to that field and that text. */
typedef struct {
    int category;
    const char *field;
    const char *excerpt;
} lw_find_t;
#define LW_SUM_FINDS 32
#define LW_SUM_FINDS_PER_CAT 6

/* One attacked site (vhost). */
typedef struct {
    const char *vhost;
    apr_uint64_t attacks;
    apr_uint64_t by_cat[LW_CAT__COUNT];
    apr_uint64_t by_verdict[LW_V__COUNT];
    apr_hash_t *sources;                /* ip -> lw_count_t* (capped; filled by
                                         * lw_summary_finish) */
    apr_hash_t *served_uris;            /* uris of served attacks -> count (capped) */
    apr_hash_t *paths;                  /* attacked path (no query) -> count
                                         * (capped); filled on demand by
                                         * lw_target_paths (a fleet has
                                         * millions of paths and a report
                                         * lists a few per target): read
                                         * them through it or
                                         * lw_target_paths_sorted */
    int nsamples;
    const char *samples[LW_SUM_SAMPLES];
    /* Added (additive): paths of attacks that may have reached the
     * application (served, error, redirected, unknown) -> count (capped);
     * what a mod_security suggestion is made for. */
    apr_hash_t *open_paths;
    apr_hash_t *open_path_cats;         /* same keys -> apr_uint32_t* category
                                         * mask of those attacks */
    apr_hash_t *open_path_finds;        /* same keys -> apr_array_header_t*
                                         * of lw_find_t (only with
                                         * lw_summary_t.keep_finds) */
    lw_pmap_t *p_sources;               /* lw_src_t* -> count, while reading */
    lw_count_t *last_path;              /* entry of the last path seen */
    lw_stab_t *path_tab;                /* index of paths */
    lw_stab_t *apps;                    /* route -> lw_app_t*: served attacks
                                         * on the application (lw_sum_app.c);
                                         * NULL until the first one */
    apr_uint32_t hash;                  /* lw_shash of vhost */
    lw_stab_t *uri_tab;                 /* served_uris while reading (their
                                         * lw_count_t), copied into it by
                                         * lw_summary_finish; NULL until
                                         * the first */
} lw_target_t;

/* An application of a target: the route of served attacks that reached
 * something else than a static file, not counting the requests whose only
 * sign was an attack tool (category scanner alone). Its best example is
 * the request of the most severe attack, as recorded (escape it). */
typedef struct {
    const char *route;                  /* path, ID segments as {id}; first:
                                         * the key of lw_target_t.apps */
    const char *vhost;
    apr_uint64_t attacks;
    apr_uint64_t by_cat[LW_CAT__COUNT];
    int severity;                       /* of the example (lw_severity_e) */
    const char *example;                /* its uri */
} lw_app_t;

/* Attacks per hour (UTC) and category, for the time chart. */
typedef struct {
    apr_int64_t hour;                   /* apr time / one hour */
    apr_uint64_t attacks;
    apr_uint64_t by_cat[LW_CAT__COUNT];
} lw_hour_t;

/* Served requests kept out of the applications: static files and hits
 * of an attack tool alone (category scanner only). */
typedef struct {
    apr_uint64_t static_files, tool_only;
    apr_hash_t *sites;                  /* vhost -> lw_count_t* (capped) */
    lw_count_t *last_site;              /* runs are common */
} lw_scanner_traffic_t;

/* server_error records: failing sites. */
typedef struct {
    const char *vhost;
    apr_uint64_t errors;
    apr_hash_t *uris;                   /* uri -> lw_count_t* (capped) */
} lw_failing_t;

/* The fast reader's memory of the last day seen (lw_sum_fast.c). */
typedef struct {
    char date[10];
    apr_time_t day;
} lw_fast_cache_t;

typedef struct {
    apr_pool_t *pool;
    apr_uint64_t lines, records, malformed, oversized, out_of_window;
    apr_uint64_t attacks;               /* attack records (excl. server_error/threshold) */
    apr_uint64_t by_cat[LW_CAT__COUNT];
    apr_uint64_t by_verdict[LW_V__COUNT];
    apr_time_t first, last;
    apr_time_t since, until;            /* window; 0 = open */
    apr_hash_t *sources;                /* ip -> lw_src_t* */
    apr_hash_t *targets;                /* vhost -> lw_target_t* */
    apr_hash_t *hosts;                  /* logging host -> lw_count_t* */
    apr_hash_t *failing;                /* vhost -> lw_failing_t* */
    /* Added after the first contract (additive): */
    apr_pool_t *linepool;               /* per-line parse pool, cleared each line */
    apr_uint64_t thresholds;            /* "threshold" records (not attacks) */
    apr_uint64_t server_errors;         /* "server_error" records (not attacks) */
    apr_hash_t *host_stats;             /* logging host -> lw_host_t* */
    int no_fast;                        /* 1: only lw_record_parse (tests) */
    struct lw_host_s *last_host;        /* the previous line's host */
    apr_uint64_t last_clear;            /* bytes read since linepool was cleared */
    lw_fast_cache_t fast_cache;         /* lw_sum_fast's date cache */
    int dirty;                          /* nested counters need finishing */
    lw_src_t *last_src;                 /* the previous attack's source */
    lw_target_t *last_tgt;              /* and target (runs are common) */
    lw_stab_t *src_tab, *tgt_tab;       /* indexes of sources and targets */
    apr_pool_t *cold;                   /* sample lines, kept apart so the
                                         * counters stay close in memory */
    struct lw_sum_chunk *chunk;         /* for lw_summary_add_line(s) */
    apr_uint64_t duplicates;            /* records seen again, not counted */
    apr_uint64_t *seen;                 /* LW_SUM_SEEN hashes of recent
                                         * records (direct mapped) */
    const apr_array_header_t *ignore;   /* lw_cidr_t: the admin's own
                                         * networks (--ignore-net, as
                                         * LogWatchIgnoreNet); NULL none */
    apr_uint64_t ignored;               /* records from them, left out of
                                         * every list */
    int keep_finds;                     /* fill open_path_finds (reads the
                                         * rules of open attacks) */
    apr_pool_t *find_pool;              /* scratch for that, cleared each time */
    /* For the report's "needs action" block and its time chart
     * (lw_sum_app.c): */
    apr_hash_t *hours;                  /* hour -> lw_hour_t* (capped) */
    lw_hour_t *last_hour;
    apr_uint64_t hours_dropped;         /* attacks past LW_SUM_MAX_HOURS */
    apr_uint64_t apps_dropped;          /* served attacks past the cap of
                                         * applications per target */
    lw_scanner_traffic_t scanner;
    /* The report's "Possible breaches" (lw_breach.c): */
    apr_hash_t *breaches;               /* "vhost\npath" -> lw_breach_t*
                                         * (NULL until the first) */
    apr_uint64_t breaches_dropped;      /* records past LW_BREACH_MAX */
    lw_stab_t *host_tab;                /* index of host_stats (logging
                                         * hosts alternate in merged logs) */
    /* What a run that writes no messages and no suggestions does not
     * need (set before the first line; 0 keeps everything): */
    int no_samples;                     /* 1: keep no sample lines (only
                                         * the abuse reports and site-owner
                                         * alerts show them) */
    int no_open_paths;                  /* 1: leave the targets' open_paths,
                                         * open_path_cats and
                                         * open_path_finds empty (only the
                                         * mod_security suggestions read
                                         * them) */
    lw_arena_t *arena;                  /* entries and tables counted into
                                         * (lw_sum_tab.h) */
} lw_summary_t;

/* A relay that delivers at least once resends whole batches, and the same
 * record may reach a collector twice: a record whose line is byte for byte
 * one of the last ~million is a duplicate and is counted once. Two real
 * requests never give the same line (time in microseconds, request id). */
#define LW_SUM_SEEN (1u << 20)

/* Per logging host, for the per-host breakdown (input from several hosts). */
typedef struct lw_host_s {
    const char *host;
    apr_uint64_t records, attacks, server_errors;
    apr_uint64_t by_cat[LW_CAT__COUNT];
    apr_uint64_t by_verdict[LW_V__COUNT];
    apr_hash_t *sources;                /* ip -> lw_count_t* (capped) */
    apr_hash_t *targets;                /* vhost -> lw_count_t* (capped) */
    apr_size_t len;                     /* strlen(host) */
    lw_count_t *count;                  /* its entry in lw_summary_t.hosts */
    lw_pmap_t *p_sources, *p_targets;   /* while reading */
    apr_uint32_t hash;                  /* lw_shash of host */
} lw_host_t;

/* Nested counters hold at most this many keys; the rest is counted under
 * LW_SUM_OTHER, so memory stays bounded whatever the input. */
#define LW_SUM_MAX_KEYS 1000
#define LW_SUM_OTHER "(other)"
/* Distinct hours the time chart keeps (more than a year); later hours of
 * input spanning more only count in the totals. */
#define LW_SUM_MAX_HOURS (24 * 400)
/* Longer lines are counted as oversized and skipped. */
#define LW_SUM_MAX_LINE 65536

lw_summary_t *lw_summary_create(apr_pool_t *p);
/* Feed one input line (without '\n'). Malformed lines are counted. */
void lw_summary_add_line(lw_summary_t *s, const char *line, apr_size_t len);
/* Feed n lines at once: same result as n calls, faster on big inputs. */
void lw_summary_add_lines(lw_summary_t *s, const char *const *lines,
                          const apr_size_t *lens, int n);

/* The same in two steps, for a reader in another thread: parsing fills a
 * chunk and touches nothing else (not the summary); counting takes the
 * parsed chunk into the summary, in the summary's thread. A line longer
 * than LW_SUM_MAX_LINE (its text may be NULL) counts as oversized. The
 * lines must stay as they are until the chunk is counted. */
#define LW_SUM_CHUNK_LINES 4096
typedef struct lw_sum_chunk lw_sum_chunk_t;
/* With its own allocator, so usable in another thread; freed with p. */
lw_sum_chunk_t *lw_sum_chunk_create(apr_pool_t *p);
/* Frees c now (p: as given to lw_sum_chunk_create). */
void lw_sum_chunk_destroy(lw_sum_chunk_t *c, apr_pool_t *p);
void lw_sum_chunk_parse(lw_sum_chunk_t *c, int no_fast,
                        const char *const *lines, const apr_size_t *lens,
                        int n);
void lw_summary_add_chunk(lw_summary_t *s, lw_sum_chunk_t *c);

/* Fill the nested counters that name other entries (a source's targets
 * and hosts, a target's sources, a host's sources and targets) from what
 * was counted while reading. Every accessor below calls it; call it
 * yourself only before reading those counters of entries taken straight
 * from the top-level hashes. Cheap when nothing changed. */
void lw_summary_finish(lw_summary_t *s);

/* Sources sorted by attacks (desc), then ip; targets likewise. */
apr_array_header_t *lw_summary_sources(const lw_summary_t *s, apr_pool_t *p);
apr_array_header_t *lw_summary_targets(const lw_summary_t *s, apr_pool_t *p);
/* Hosts (lw_host_t*) by name; failing sites (lw_failing_t*) by errors. */
apr_array_header_t *lw_summary_hosts(const lw_summary_t *s, apr_pool_t *p);
apr_array_header_t *lw_summary_failing(const lw_summary_t *s, apr_pool_t *p);
/* A counter hash as lw_count_t*, by count (desc), then key. */
apr_array_header_t *lw_count_sorted(apr_hash_t *h, apr_pool_t *p);
/* Count a line that was too long to read (the reader skipped it). */
void lw_summary_add_oversized(lw_summary_t *s);
/* Applications with served attacks (lw_app_t*), the most severe example
 * first, then by attacks, vhost and route. */
apr_array_header_t *lw_summary_apps(const lw_summary_t *s, apr_pool_t *p);
/* Hours with attacks (lw_hour_t*), in time order. */
apr_array_header_t *lw_summary_hours(const lw_summary_t *s, apr_pool_t *p);
/* A target's paths (lw_count_t*), sorted as lw_count_sorted does, in p;
 * no hash is made. */
apr_array_header_t *lw_target_paths_sorted(const lw_target_t *t,
                                           apr_pool_t *p);
/* t->paths, with every path counted so far (its values are the live
 * counters), and returned. */
apr_hash_t *lw_target_paths(lw_target_t *t);
/* Is this record an attack (not only server_error/threshold)? */
int lw_record_is_attack(const lw_record_t *rec);

#endif
