/* mod_logwatch: the httpd glue. The classification itself lives in the core
 * (mod_logwatch/core, no httpd header); this side reads the configuration,
 * places the compiled signatures in shared memory, inspects each request at
 * log time and writes the attack record.
 *
 * Files, each with a header of its own for the API it gives the others
 * (this one holds only the types they share, and the accessors of the
 * per-request slot):
 *   mod_logwatch.c         module record, hooks, the log_transaction hook
 *   mod_logwatch_config.c  directives, server and directory configuration
 *   mod_logwatch_shm.c     signatures in shared memory, counters, engine
 *   mod_logwatch_log.c     destinations: file, piped logger, syslog, and a
 *                          remote collector (syslog://); the records,
 *                          filled from a request and written
 *   mod_logwatch_defense.c per-source tallies, thresholds, blocking
 *   mod_logwatch_status.c  the logwatch-status handler
 *   mod_logwatch_leak.c    response evidence: the early pass, the output
 *                          filter, the verdicts leaked, webshell and
 *                          anomalous_size
 *   mod_logwatch_body.c    the input filter keeping a copy of the first
 *                          bytes of a request body for the log-time
 *                          inspection
 *   mod_logwatch_memo.c    a memo of clean fields per child (LogWatchMemo)
 *
 * Error-log tags, each written through LOGWATCH_LOGNO and used once
 * (test/unit/log_tags.sh checks both, and this list against the code;
 * next free for the glue: LW00029; LW00100..LW00149 belong to the live
 * defense):
 *   LW00001  signatures loaded (count, generation, bytes of shared memory)
 *   LW00002  could not create the shared-memory segment for the signatures
 *   LW00003  could not create the retained counters segment
 *   LW00004  child: engine could not attach to the signatures (module idle)
 *   LW00005  LogWatchSignatures missing and the default directory failed
 *   LW00006  no signatures at all (module idle)
 *   LW00007  could not open the attack log file
 *   LW00008  could not start the piped logger
 *   LW00009  writing a record failed (at most once a minute per process,
 *            with the number dropped so far)
 *   LW00010  a record was written only in part
 *   LW00011  syslog destination while ErrorLog is syslog: ident shared
 *   LW00012  request flagged (debug: categories, score, destination)
 *   LW00013  engine attached in the parent, shared by the children (debug:
 *            rule count)
 *   LW00014  could not read the machine's host name
 *   LW00015  (unused: was a check of LogWatchExclude ids; free to reuse)
 *   LW00016  (unused: was the default directory's load; LW00023 says it)
 *   LW00017  no LogWatchLog anywhere: only the LOGWATCH note is set
 *   LW00018  could not set the piped logger's write timeout
 *   LW00019  could not resolve a remote syslog destination
 *   LW00020  sending a record to a remote syslog collector failed (bounded:
 *            once per back-off period of lw_syslog, then once a minute)
 *   LW00021  the parent could not build the engine: each child builds its
 *            own (more memory per child; LW00004 if that fails too)
 *   LW00022  a LogWatchLog file cannot be opened, or its piped program
 *            cannot be run (fails `apachectl -t`; at
 *            a start or restart httpd keeps serving, records dropped)
 *   LW00023  signatures loaded: how many from which file or directory
 *   LW00024  engine attached in one child, after LW00021 (debug)
 *   LW00025  a response gave evidence of a breach (info: verdict, rule)
 *   LW00026  child: the memo cannot be made (no memo there)
 *   LW00027  child's end: what the memo of clean fields answered (info)
 *   LW00028  a syslog destination with nothing listening on /dev/log (its
 *            records are lost until a syslog daemon runs)
 * Live defense (mod_logwatch_defense.c, mod_logwatch_status.c), LW00100..149:
 *   LW00100  a source crossed LogWatchThreshold (notice: counts by category,
 *            block)
 *   LW00101  request refused by LogWatchBlock (debug)
 *   LW00102  could not create the source-tally segment (no thresholds)
 *   LW00103  could not create the logwatch-tally mutex (start fails)
 *   LW00104  child: could not attach the logwatch-tally mutex
 *   LW00105  LogWatchSharedMemory changed at a restart: kept until a stop
 *            and start
 *   LW00106  source tallies ready (info: slots, in use, blocked, bytes)
 *   LW00107  taking the logwatch-tally mutex failed (once per process)
 *   LW00108  a source unblocked from the status page (notice)
 *   LW00109  the source-tally segment holds no tally at all (no
 *            thresholds)
 *   LW00110  flagged requests from LogWatchIgnoreNet carry X-Forwarded-For
 *            or Forwarded: a proxy without mod_remoteip (once per process)
 */
#ifndef MOD_LOGWATCH_H
#define MOD_LOGWATCH_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "apr_shm.h"
#include "apr_tables.h"
#include "apr_atomic.h"
#include <sys/types.h>

#include "lw.h"
#include "lw_sig.h"
#include "lw_engine.h"
#include "lw_syslog.h"
#include "lw_record.h"

extern module AP_MODULE_DECLARE_DATA logwatch_module;

/* The tag that starts every error-log message of the module, as httpd's
 * APLOGNO: LOGWATCH_LOGNO(00001) "text" is "LW00001: text". Five digits,
 * each number used once (test/unit/log_tags.sh). */
#define LOGWATCH_LOGNO(n) "LW" #n ": "

/* How long a worker may wait on a full pipe before the record is dropped
 * (counted): long enough to ride out a burst, short enough that a stuck
 * logger cannot hold requests for ever. */
#define LOGWATCH_PIPE_TIMEOUT_MS 250
/* After a pipe write timed out: seconds of dropping without waiting. */
#define LOGWATCH_PIPE_BACKOFF_S 1

/* At most this many server_error records per second per process, counted
 * in a slot per second for the last LOGWATCH_ERR_SLOTS seconds. */
/* Request headers inspected besides the named ones (LogWatchInspectHeader
 * NAME, User-Agent, Referer, Cookie): more would let a padded request
 * cost without bound; the rest are counted and give the request the
 * evasion signal (lw_engine.h). httpd's LimitRequestFields is 100. */
#define LOGWATCH_MAX_HEADERS 64
#define LOGWATCH_ERRORS_PER_SEC 10
#define LOGWATCH_ERR_SLOTS 4

/* The running totals, one row each: counter, member of the status page's
 * JSON "totals", Prometheus metric, HTML label, help text. The counters,
 * LOGWATCH_COUNT and the three forms of the status page all derive from
 * this table. */
#define LOGWATCH_TOTALS(X)                                                  \
    X(inspected, "inspected", "logwatch_requests_inspected_total",          \
      "requests inspected", "Requests classified.")                         \
    X(flagged, "flagged", "logwatch_requests_flagged_total",                \
      "requests flagged", "Requests flagged as attacks.")                   \
    X(written, "written", "logwatch_records_written_total",                 \
      "records written", "Records written whole to the attack log.")        \
    X(dropped, "dropped", "logwatch_records_dropped_total",                 \
      "records dropped", "Records not written or written in part.")         \
    X(write_errors, "write_errors", "logwatch_write_errors_total",          \
      "write errors", "Failed writes to the attack log.")                   \
    X(errors_recorded, "server_errors",                                     \
      "logwatch_server_errors_recorded_total", "server_error records",      \
      "server_error records written.")                                      \
    X(errors_suppressed, "server_errors_suppressed",                        \
      "logwatch_server_errors_suppressed_total",                            \
      "server_error records suppressed",                                    \
      "server_error records over the rate bound.")                          \
    X(thresholds, "thresholds", "logwatch_threshold_crossings_total",       \
      "threshold crossings", "Sources that crossed LogWatchThreshold.")     \
    X(refused, "refused", "logwatch_requests_refused_total",                \
      "requests refused (LogWatchBlock)",                                   \
      "Requests refused by LogWatchBlock.")                                 \
    X(responses_inspected, "responses_inspected",                           \
      "logwatch_responses_inspected_total", "responses inspected",          \
      "Responses to flagged requests read by the leak rules.")              \
    X(response_bytes, "response_bytes_inspected",                           \
      "logwatch_response_bytes_inspected_total",                            \
      "response bytes inspected",                                           \
      "Response bytes read by the leak rules.")                             \
    X(responses_skipped, "responses_skipped",                               \
      "logwatch_responses_skipped_total",                                   \
      "responses not inspected (compressed)",                               \
      "Responses to flagged requests already compressed: not read.")

typedef enum {
#define LOGWATCH_TOTAL_ENUM(f, json, metric, label, help) LOGWATCH_T_##f,
    LOGWATCH_TOTALS(LOGWATCH_TOTAL_ENUM)
#undef LOGWATCH_TOTAL_ENUM
    LOGWATCH_T__COUNT
} logwatch_total_e;

/* Counters shared by every process of every generation; they survive
 * graceful restarts (retained segment), so the status page and the
 * reliability tests can compare them with the attack log. */
typedef struct {
    apr_uint64_t totals[LOGWATCH_T__COUNT];  /* logwatch_total_e */
    apr_uint64_t generation;   /* signature sets loaded (restarts) */
    apr_uint64_t loaded_at;    /* apr_time_t of the current set */
    apr_uint64_t rules;        /* rules in the current set */
    apr_uint64_t shm_bytes;    /* bytes of the current set's segment */
    /* flagged requests by category and by verdict (lw_verdict_e) */
    apr_uint64_t by_category[LW_CAT__COUNT];
    apr_uint64_t by_verdict[LW_V__COUNT];
    /* A write to an attack-log file was cut (disk full): whichever process
     * writes next to a file first ends that line (all processes append to
     * the same file, so the flag must be shared). */
    apr_uint32_t torn;
    apr_uint32_t pad;
} logwatch_stats_t;

/* ---- destinations (mod_logwatch_log.c) ---- */
typedef enum {
    LOGWATCH_DEST_FILE = 0,
    LOGWATCH_DEST_PIPE,
    LOGWATCH_DEST_SYSLOG,
    LOGWATCH_DEST_REMOTE,      /* syslog://HOST[:PORT][?...]: RFC 5424 */
    LOGWATCH_DEST__COUNT
} logwatch_dest_type_e;

typedef struct {
    logwatch_dest_type_e type;
    const char *spec;          /* as configured: path, "|cmd", "syslog:x" */
    const char *path;          /* file: resolved against ServerRoot;
                                * pipe: the command */
    int facility;              /* syslog */
    int cmdtype;               /* pipe: apr_cmdtype_e ("|" and "||" run
                                * it directly, "|$" via the shell) */
    apr_file_t *fd;            /* file, pipe: opened in open_logs */
    lw_syslog_url_t *url;      /* remote: as parsed */
    lw_syslog_t *remote;       /* remote: opened in open_logs */
    apr_size_t max;            /* longest record this destination takes */
    /* Per process (each child has its own copy), updated atomically: */
    volatile apr_uint32_t stall_until; /* pipe: a write timed out; drop
                                        * without waiting until this second */
    volatile apr_uint32_t torn;        /* file, when the counters segment is
                                        * missing: the last write was cut */
} logwatch_dest_t;

/* ---- configuration (mod_logwatch_config.c) ---- */
typedef struct {
    logwatch_dest_t *log;      /* LogWatchLog as parsed; NULL = inherit */
    logwatch_dest_t *dest;     /* the opened destination (open_logs) */
    apr_array_header_t *headers; /* extra LogWatchInspectHeader names */
    apr_array_header_t *skip;  /* LogWatchInspectHeader -NAME: left out */
    int all_headers;           /* every header (1, default), only the
                                * named ones (0: "none"), -1 unset */
    apr_array_header_t *inspect; /* effective names (defaults + extra) */
    apr_int64_t max_inspect;   /* -1 unset */
    int min_score;             /* -1 unset */
    int record_errors;         /* -1 unset */
    apr_int64_t inspect_response; /* LogWatchInspectResponse: -1 unset,
                                * 0 Off */
    const char *hostname;      /* LogWatchHostname, NULL unset */
    struct logwatch_defense_conf *defense; /* mod_logwatch_defense.h */
} logwatch_server_conf;

typedef struct {
    int enabled;               /* LogWatch: -1 unset, 0 Off, 1 On */
    apr_array_header_t *excl_ids; /* apr_uint32_t rule ids */
    apr_uint32_t excl_cats;    /* 1u << lw_category_e */
    apr_int64_t inspect_body;  /* LogWatchInspectBody: bytes of a request
                                * body kept for inspection, 0 none, -1
                                * unset (LOGWATCH_INSPECT_BODY_DEFAULT) */
} logwatch_dir_conf;

/* State of one configuration pass (allocated from pconf in pre_config; the
 * signature set and its compiled blob live in ptemp until post_config has
 * copied the blob into shared memory). */
typedef struct {
    apr_pool_t *pconf;
    apr_pool_t *build;         /* the set and its blob are compiled here: a
                                * child of ptemp with an allocator of its
                                * own (NULL: ptemp itself) */
    lw_ruleset_t *rs;          /* LogWatchSignatures loaded so far */
    int nsig_dirs;             /* LogWatchSignatures seen */
    const char *default_sigs;  /* LogWatchDefaultSignatures: the base set
                                * (NULL: LW_SIGDIR; "": Off) */
    int default_loaded;        /* the base set is in rs */
    apr_array_header_t *sig_paths; /* real paths loaded, each once */
    const char *sig_summary;   /* "N from PATH, ..." for LW00023 */
    void *blob;                /* compiled set (build), NULL once copied */
    apr_size_t blob_len;
    int nrules;
    void *shm_blob;            /* the copy in shared memory */
    apr_shm_t *shm;
    lw_engine_t *engine;       /* from shm_blob: made once in the parent
                                * (post_config), inherited by the children;
                                * made per child only if that failed */
    const char *hostname;      /* machine name for the records */
    int syslog_used;
    struct logwatch_defense_state *defense_state; /* the live defense's
                                * (mod_logwatch_defense.h) */
    apr_uint64_t err_slot[LOGWATCH_ERR_SLOTS]; /* server_error records per
                                * second, this process (mod_logwatch.c) */
    apr_uint32_t last_report_min; /* minute of the last write-failure
                                * report, this process (mod_logwatch_log.c) */
    logwatch_stats_t *stats;   /* the retained counters (mod_logwatch_shm.c):
                                * set in the parent, inherited */
    pid_t parent_pid;          /* the parent's, for its pconf cleanup */
} logwatch_global_t;

/* The current pass's state; NULL before the first pre_config. */
extern logwatch_global_t *logwatch_g;

/* ---- per request ----
 * What the module keeps for one request, in the module's slot of
 * r->request_config: reading it is an array index, where pool userdata
 * would cost a hash made and searched on every request. Each part
 * belongs to the file that fills it. An internal redirect has a
 * request_config of its own: the leak state lives on the original
 * request only, a body copy on the request whose handler read it. */
struct logwatch_body_copy;     /* mod_logwatch_body.c */
struct logwatch_leak_state;    /* mod_logwatch_leak.c */
typedef struct {
    struct logwatch_body_copy *body;
    struct logwatch_leak_state *leak;
} logwatch_req_t;

/* r's, or NULL when nothing was kept for it yet. */
static APR_INLINE logwatch_req_t *logwatch_req_get(const request_rec *r)
{
    return r->request_config == NULL ? NULL
        : ap_get_module_config(r->request_config, &logwatch_module);
}

/* r's, made (zeroed, from r->pool) when there is none yet. */
static APR_INLINE logwatch_req_t *logwatch_req_make(request_rec *r)
{
    logwatch_req_t *q = logwatch_req_get(r);

    if (q == NULL) {
        q = apr_pcalloc(r->pool, sizeof(*q));
        ap_set_module_config(r->request_config, &logwatch_module, q);
    }
    return q;
}


#endif
