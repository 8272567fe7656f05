/* logwatch-scan: classify the requests of existing access logs with the
 * same core as the module, and write the same JSON attack records.
 *
 *   logwatch-scan [--format NICKNAME|'LogFormat'] [--signatures PATH]...
 *                 [--host NAME] [--min-score N] [--max-inspect BYTES]
 *                 [--max-record BYTES] [-j N] [FILE...|-]
 *
 * Speed matters (a fleet's logs, >= 1M lines/s on one core): big reads
 * through zlib (plain and gzipped input alike), memchr line splitting, a
 * per-line pool cleared after each line, and records written through one
 * large stdout buffer. With -j N, each block read is cut at line ends into
 * N parts classified by N threads (each with its own pool, allocator and
 * memo) while the next block is read; their records are written in input
 * order. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <apr_file_info.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_thread_proc.h>

#include "lw.h"
#include "lw_engine.h"
#include "lw_logformat.h"
#include "lw_memo.h"
#include "lw_record.h"
#include "lw_sig.h"
#include "tool_args.h"

#ifndef LW_SIGDIR
#define LW_SIGDIR "/usr/local/share/mod_logwatch/signatures"
#endif

/* Lines longer than this are counted as long (and classified all the
 * same): httpd logs a request of default limits in less, but a request line
 * of bytes logged as \xHH and long headers make more. */
#define MAX_LINE (64 * 1024)
/* Bytes of a line held at most: a longer line is classified on its first
 * LONG_LINE_HOLD bytes (lw_logformat_parse_prefix), the rest skipped. */
#define LONG_LINE_HOLD (1024 * 1024)
#define READ_CHUNK (4 * 1024 * 1024)
#define MAX_SIGS 64
#define MAX_RECORD_OPT (1 << 20)   /* --max-record at most */
#define MAX_JOBS 64

typedef struct {
    const lw_logformat_t *fmt;
    const lw_engine_t *engine;
    lw_limits_t lim;
    const char *host;
    apr_size_t max_record;
} scan_t;

/* One worker: its own pool (and allocator: pools are not thread-safe),
 * its counts, and with -j its records until the block is written out. */
typedef struct {
    const scan_t *s;
    apr_pool_t *line_pool;
    lw_memo_t *memo;            /* this thread's clean fields, or NULL */
    unsigned long lines, flagged, malformed, long_lines;
    int direct;                 /* write records straight to stdout */
    char *out;
    apr_size_t outlen, outcap;
    const char *begin, *end;    /* the part of the block to classify */
} worker_t;

static void usage(void)
{
    fprintf(stderr,
        "usage: logwatch-scan [--format NICKNAME|'LogFormat'] "
        "[--signatures PATH]...\n"
        "                     [--default-signatures PATH|none]\n"
        "                     [--host NAME] [--min-score N] "
        "[--max-inspect BYTES]\n"
        "                     [--max-record BYTES] [--memo BYTES] [-j N] "
        "[FILE...|-]\n"
        "  --format      common, combined (default), vhost_combined, or a "
        "LogFormat string\n"
        "  --signatures  a *.rules file or a directory of them, added to "
        "the default\n"
        "                set (repeatable)\n"
        "  --default-signatures  the default set: a directory, or none to "
        "load only\n"
        "                --signatures (default $LOGWATCH_SIGNATURES or\n"
        "                " LW_SIGDIR ")\n"
        "  --host        the machine name in the records (default: this "
        "host's name)\n"
        "  --min-score   flag a request at this score or above (default %d)\n"
        "  --max-inspect bytes inspected per field (default %d)\n"
        "  --max-record  longest record line in bytes (default %d, at least "
        "%d)\n"
        "  --memo        memory for the memo of fields found clean, per "
        "thread\n"
        "                (default %u; 0: none; same records either way)\n"
        "  -j N          classify with N threads (default 1)\n"
        "Files may be gzipped; '-' or none reads standard input. Records go "
        "to\nstandard output, one line of counts to standard error.\n",
        LW_DEFAULT_MIN_SCORE, LW_DEFAULT_MAX_INSPECT, LW_RECORD_MAX,
        LW_RECORD_MIN, LW_MEMO_DEFAULT_BYTES);
}

/* Load paths[n] unless an earlier one is the same file or directory.
 * 0, or 2 after the loader's message. */
static int load_signatures(lw_ruleset_t *rs, const char **paths, int n,
                           apr_pool_t *p)
{
    char *real, *other, *err = NULL;
    int i, same = 0;

    /* the same directory however named: symbolic links, "dir/", "./dir" */
    real = realpath(paths[n], NULL);
    for (i = 0; real != NULL && i < n && !same; i++) {
        other = realpath(paths[i], NULL);
        same = other != NULL && strcmp(real, other) == 0;
        free(other);
    }
    free(real);
    (void)p;
    if (same)
        return 0;
    if (lw_ruleset_load(rs, paths[n], &err) != APR_SUCCESS) {
        fprintf(stderr, "logwatch-scan: %s\n", err);
        return 2;
    }
    return 0;
}

static void emit(worker_t *w, const char *rec, apr_size_t len)
{
    if (w->direct) {
        fwrite(rec, 1, len, stdout);
        return;
    }
    if (w->outlen + len > w->outcap) {
        apr_size_t cap = w->outcap ? w->outcap : 65536;
        char *n;
        while (cap < w->outlen + len)
            cap *= 2;
        n = realloc(w->out, cap);
        if (!n) {
            fprintf(stderr, "logwatch-scan: out of memory\n");
            exit(1);
        }
        w->out = n;
        w->outcap = cap;
    }
    memcpy(w->out + w->outlen, rec, len);
    w->outlen += len;
}

/* Classify one line and write its record when flagged. cut: the line
 * goes on past len bytes (only its first part is here). */
static void scan_line_part(worker_t *w, const char *line, apr_size_t len,
                           int cut)
{
    const scan_t *s = w->s;
    lw_logline_t l;
    lw_request_t req;
    lw_header_t hdrs[LW_LOG_MAX_HEADERS];
    lw_result_t res;
    lw_record_t rec;
    apr_pool_t *p = w->line_pool;
    apr_size_t outlen;
    const char *out;
    int i;

    w->lines++;
    if (!cut && len && line[len - 1] == '\r')
        len--;
    if ((cut ? lw_logformat_parse_prefix(s->fmt, line, len, p, &l)
             : lw_logformat_parse(s->fmt, line, len, p, &l)) != APR_SUCCESS) {
        w->malformed++;
        return;
    }
    if (cut || len > MAX_LINE)
        w->long_lines++;
    memset(&req, 0, sizeof(req));
    req.method = l.method;
    req.uri = l.uri;
    req.protocol = l.protocol;
    req.target_cut = l.status == 414;   /* as the module: lw_engine.h */
    req.nheaders = 0;
    for (i = 0; i < l.nheaders; i++)
        if (l.headers[i].value)
            hdrs[req.nheaders++] = l.headers[i];
    req.headers = hdrs;
    if (!lw_classify_memo(s->engine, &req, &s->lim, p, &res, w->memo))
        return;
    w->flagged++;

    lw_record_init(&rec);
    if (l.has_time) {
        rec.time = l.time;
        rec.utc_offset = l.utc_offset;
    }
    rec.host = s->host;
    rec.vhost = l.vhost;
    rec.port = l.port;
    rec.client = l.client;
    rec.method = l.method;
    rec.uri = l.uri;
    rec.protocol = l.protocol;
    rec.status = l.status;
    rec.bytes = l.bytes;
    rec.duration_us = l.duration_us;
    rec.referer = lw_logline_header(&l, "Referer");
    rec.user_agent = lw_logline_header(&l, "User-Agent");
    rec.request_id = l.request_id;
    if (l.status >= 0)
        rec.verdict = lw_verdict(l.status);
    lw_record_set_result(&rec, &res, p);
    out = lw_record_json(p, &rec, s->max_record, &outlen);
    emit(w, out, outlen);
}

static void scan_line(worker_t *w, const char *line, apr_size_t len)
{
    scan_line_part(w, line, len, 0);
}

/* Every line of [b, e), which ends with a '\n'. */
static void scan_range(worker_t *w, const char *b, const char *e)
{
    const char *nl;
    while (b < e && (nl = memchr(b, '\n', (apr_size_t)(e - b))) != NULL) {
        scan_line(w, b, (apr_size_t)(nl - b));
        apr_pool_clear(w->line_pool);
        b = nl + 1;
    }
}

static void *APR_THREAD_FUNC worker_main(apr_thread_t *t, void *data)
{
    worker_t *w = data;
    scan_range(w, w->begin, w->end);
    apr_thread_exit(t, APR_SUCCESS);
    return NULL;
}

/* Cut [b, e) at line ends into one part per worker. */
static void cut_parts(worker_t *ws, int njobs, const char *b, const char *e)
{
    apr_size_t part = (apr_size_t)(e - b) / (apr_size_t)njobs;
    const char *at = b;
    int i;

    for (i = 0; i < njobs; i++) {
        const char *stop = i == njobs - 1 ? e : at + part, *nl;
        if (stop > e)
            stop = e;
        if (stop < e && stop > at) {
            nl = memchr(stop - 1, '\n', (apr_size_t)(e - stop + 1));
            stop = nl ? nl + 1 : e;
        }
        ws[i].begin = at;
        ws[i].end = stop;
        at = stop;
    }
}

static void write_out(worker_t *ws, int njobs)
{
    int i;
    for (i = 0; i < njobs; i++) {
        if (ws[i].outlen)
            fwrite(ws[i].out, 1, ws[i].outlen, stdout);
        ws[i].outlen = 0;
    }
}

/* With -j, a block's parts run on the workers' threads while this thread
 * reads the next block: the reading is not a serial step between blocks. */
typedef struct {
    apr_thread_t *th[MAX_JOBS];
    int started[MAX_JOBS];
    int running;
} batch_t;

static void batch_start(batch_t *bt, worker_t *ws, int njobs,
                        apr_pool_t *tpool, const char *b, const char *e)
{
    int i;

    cut_parts(ws, njobs, b, e);
    for (i = 0; i < njobs; i++)
        bt->started[i] = apr_thread_create(&bt->th[i], NULL, worker_main,
                                           &ws[i], tpool) == APR_SUCCESS;
    bt->running = 1;
}

/* Wait for the running block, if any, and write its records in order. */
static void batch_finish(batch_t *bt, worker_t *ws, int njobs,
                         apr_pool_t *tpool)
{
    int i;

    if (!bt->running)
        return;
    for (i = 0; i < njobs; i++) {
        apr_status_t rv;
        if (bt->started[i])
            apr_thread_join(&rv, bt->th[i]);
        else
            scan_range(&ws[i], ws[i].begin, ws[i].end);
    }
    write_out(ws, njobs);
    apr_pool_clear(tpool);
    bt->running = 0;
}

/* zlib's message without the "path: " it puts in front. */
static const char *zmsg(gzFile gz, const char *path, int *zerr)
{
    const char *msg = gzerror(gz, zerr), *sep;
    apr_size_t n = strlen(path);
    if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
    else if (strncmp(msg, "<fd:", 4) == 0 && (sep = strstr(msg, ": ")))
        msg = sep + 2;   /* standard input, opened by descriptor */
    return msg;
}

/* Read one input (plain or gzip) and scan each line. buf2: a second
 * buffer of cap bytes for -j (NULL with one worker). Returns 0, or -1 when
 * the input could not be read. */
static int scan_file(worker_t *ws, int njobs, apr_pool_t *tpool,
                     const char *path, char *buf, char *buf2,
                     apr_size_t cap)
{
    gzFile gz;
    apr_size_t have = 0;
    int skipping = 0, rc = 0;
    const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
    batch_t bt;

    bt.running = 0;
    errno = 0;
    gz = strcmp(path, "-") == 0 ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (!gz) {
        fprintf(stderr, "logwatch-scan: %s: %s\n", name,
                errno ? strerror(errno) : "cannot open");
        return -1;
    }
    gzbuffer(gz, 256 * 1024);
    for (;;) {
        apr_size_t start = 0, want = cap - have;
        int n = gzread(gz, buf + have, (unsigned)(want > INT_MAX ? INT_MAX : want));
        char *last;

        if (n < 0) {
            int zerr;
            const char *msg = zmsg(gz, path, &zerr);
            fprintf(stderr, "logwatch-scan: %s: %s\n", name,
                    zerr == Z_ERRNO ? strerror(errno) : msg);
            rc = -1;
            break;
        }
        have += (apr_size_t)n;
        if (skipping) {
            /* the tail of a line longer than held, already classified */
            char *nl = memchr(buf, '\n', have);
            if (nl) {
                start = (apr_size_t)(nl - buf) + 1;
                skipping = 0;
            } else {
                start = have;
            }
        }
        /* every complete line at once */
        last = have > start ? memrchr(buf + start, '\n', have - start) : NULL;
        if (last) {
            apr_size_t len = (apr_size_t)(last + 1 - (buf + start));
            /* the previous block's records go first, and its buffer is
             * the one read into next */
            batch_finish(&bt, ws, njobs, tpool);
            if (buf2 && len / (apr_size_t)njobs >= 65536) {
                char *t = buf;
                apr_size_t tail = have - (apr_size_t)(last + 1 - buf);
                memcpy(buf2, last + 1, tail);
                batch_start(&bt, ws, njobs, tpool, buf + start, last + 1);
                buf = buf2;
                buf2 = t;
                have = tail;
                continue;
            }
            scan_range(&ws[0], buf + start, last + 1);
            write_out(ws, njobs);
            start = (apr_size_t)(last - buf) + 1;
        }
        /* Keep the partial last line, unless it is longer than held:
         * then classify its first part, and drop bytes until its end. */
        if (have - start > LONG_LINE_HOLD) {
            batch_finish(&bt, ws, njobs, tpool);
            scan_line_part(&ws[0], buf + start, LONG_LINE_HOLD, 1);
            apr_pool_clear(ws[0].line_pool);
            write_out(ws, njobs);
            skipping = 1;
            start = have;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
        if (n == 0) {
            int zerr;
            const char *msg = zmsg(gz, path, &zerr);
            batch_finish(&bt, ws, njobs, tpool);
            if (have && !skipping) {   /* last line without '\n' */
                scan_line(&ws[0], buf, have);
                apr_pool_clear(ws[0].line_pool);
                write_out(ws, njobs);
            }
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                /* a truncated gzip file: what was read is scanned */
                fprintf(stderr, "logwatch-scan: %s: %s\n", name, msg);
                rc = -1;
            }
            break;
        }
    }
    batch_finish(&bt, ws, njobs, tpool);
    gzclose(gz);
    return rc;
}

/* The options of usage(); -j and --jobs are one. Long-only options take
 * numbers past any character, so that no letter means one of them. */
enum {
    OPT_FORMAT = 256, OPT_DEFAULT_SIGS, OPT_SIGS, OPT_HOST, OPT_MIN_SCORE,
    OPT_MAX_INSPECT, OPT_MAX_RECORD, OPT_MEMO
};

static const apr_getopt_option_t scan_opts[] = {
    { "format", OPT_FORMAT, 1, NULL },
    { "default-signatures", OPT_DEFAULT_SIGS, 1, NULL },
    { "signatures", OPT_SIGS, 1, NULL },
    { "host", OPT_HOST, 1, NULL },
    { "min-score", OPT_MIN_SCORE, 1, NULL },
    { "max-inspect", OPT_MAX_INSPECT, 1, NULL },
    { "max-record", OPT_MAX_RECORD, 1, NULL },
    { "memo", OPT_MEMO, 1, NULL },
    { "jobs", 'j', 1, NULL },
    { "help", 'h', 0, NULL },
    { NULL, 0, 0, NULL }
};

/* lo >= 0: every option's number is a count or a size. */
static long opt_num(const char *name, const char *v, long lo, long hi)
{
    apr_uint64_t n;

    if (!lw_parse_number(v, LW_NUM_PLAIN, (apr_uint64_t)lo,
                         (apr_uint64_t)hi, &n)) {
        fprintf(stderr, "logwatch-scan: %s: not a number from %ld to %ld: "
                "%s\n", name, lo, hi, v);
        exit(2);
    }
    return (long)n;
}

int main(int argc, char **argv)
{
    apr_pool_t *pool;
    scan_t s;
    const char *format = "combined", *sigs[MAX_SIGS], *v, *env, *base = NULL;
    const char **files;
    int nsigs = 0, nfiles = 0, i, rc = 0, njobs = 1, c;
    tool_args_t ta;
    apr_status_t st;
    apr_size_t memo_bytes = LW_MEMO_DEFAULT_BYTES;
    worker_t *ws;
    apr_pool_t *tpool;
    unsigned long lines = 0, flagged = 0, malformed = 0, long_lines = 0;
    lw_ruleset_t *rs;
    lw_logformat_t *fmt;
    lw_engine_t *engine;
    void *blob;
    apr_size_t bloblen;
    char *err = NULL, hostbuf[256], *buf, *buf2;
    static char outbuf[1 << 20];

    apr_app_initialize(&argc, (const char *const **)&argv, NULL);
    apr_pool_create(&pool, NULL);
    memset(&s, 0, sizeof(s));
    lw_limits_default(&s.lim);
    s.max_record = LW_RECORD_MAX;
    files = apr_palloc(pool, sizeof(*files) * (apr_size_t)(argc + 1));

    tool_args_init(&ta, pool, argc, (const char *const *)argv);
    while ((st = tool_args_next(&ta, scan_opts, &c, &v)) != APR_EOF) {
        const apr_getopt_option_t *o = tool_args_find(scan_opts, c);

        if (st == APR_BADARG && o != NULL && o->has_arg) {
            /* as typed: -j, --jobs */
            if (ta.cur[1] == '-')
                fprintf(stderr, "logwatch-scan: %s needs a value\n", ta.cur);
            else
                fprintf(stderr, "logwatch-scan: -%c needs a value\n", c);
            return 2;
        }
        if (st != APR_SUCCESS) {
            fprintf(stderr, "logwatch-scan: unknown option %s\n", ta.cur);
            usage();
            return 2;
        }
        switch (c) {
        case 0:
            files[nfiles++] = v;
            break;
        case 'h':
            usage();
            return 0;
        case OPT_FORMAT:
            format = v;
            break;
        case OPT_DEFAULT_SIGS:
            base = v;
            break;
        case OPT_SIGS:
            if (nsigs == MAX_SIGS) {
                fprintf(stderr, "logwatch-scan: too many --signatures\n");
                return 2;
            }
            sigs[nsigs++] = v;
            break;
        case OPT_HOST:
            s.host = v;
            break;
        case OPT_MIN_SCORE:
            s.lim.min_score = (int)opt_num("--min-score", v, 1, 1000000);
            break;
        case OPT_MAX_INSPECT:
            s.lim.max_inspect = (apr_size_t)opt_num("--max-inspect", v, 1,
                                                    MAX_LINE);
            break;
        case 'j':
            /* -j=N has always worked, as --jobs=N does */
            if (ta.cur[1] != '-' && v == ta.cur + 2 && *v == '=')
                v++;
            njobs = (int)opt_num("-j", v, 1, MAX_JOBS);
            break;
        case OPT_MEMO:
            memo_bytes = (apr_size_t)opt_num("--memo", v, 0, 1L << 30);
            break;
        case OPT_MAX_RECORD:
            s.max_record = (apr_size_t)opt_num("--max-record", v,
                                               LW_RECORD_MIN, MAX_RECORD_OPT);
            break;
        }
    }
    if (nfiles == 0)
        files[nfiles++] = "-";
    if (base == NULL) {
        env = getenv("LOGWATCH_SIGNATURES");
        base = env && *env ? env : LW_SIGDIR;
    }
    if (strcmp(base, "none") == 0 && nsigs == 0) {
        fprintf(stderr, "logwatch-scan: --default-signatures none and no "
                "--signatures: no rules at all\n");
        return 2;
    }
    if (!s.host) {
        if (gethostname(hostbuf, sizeof(hostbuf)) == 0) {
            hostbuf[sizeof(hostbuf) - 1] = '\0';
            s.host = hostbuf;
        }
    }

    if (lw_logformat_compile(&fmt, format, pool, &err) != APR_SUCCESS) {
        fprintf(stderr, "logwatch-scan: --format: %s\n", err);
        return 2;
    }
    rs = lw_ruleset_create(pool);
    /* The default set first, then what --signatures adds: a local file
     * never silently replaces the set. */
    {
        const char **all = apr_palloc(pool, sizeof(*all) * (nsigs + 1));
        int nall = 0;

        if (strcmp(base, "none") != 0)
            all[nall++] = base;
        for (i = 0; i < nsigs; i++)
            all[nall++] = sigs[i];
        for (i = 0; i < nall; i++) {
            if (load_signatures(rs, all, i, pool) == 0)
                continue;
            if (i == 0 && all[0] == base && access(base, F_OK) != 0)
                fprintf(stderr, "logwatch-scan: the default signatures %s "
                        "are missing: install them, or name the set with "
                        "--default-signatures PATH (none: only "
                        "--signatures)\n", base);
            return 2;
        }
    }
    if (lw_ruleset_compile_engine(rs, pool, &blob, &bloblen, &engine, &err)
        != APR_SUCCESS) {
        fprintf(stderr, "logwatch-scan: %s\n", err ? err : "signatures failed");
        return 2;
    }
    s.fmt = fmt;
    s.engine = engine;
    ws = apr_pcalloc(pool, sizeof(*ws) * (apr_size_t)njobs);
    for (i = 0; i < njobs; i++) {
        ws[i].s = &s;
        ws[i].direct = njobs == 1;
        ws[i].line_pool = lw_pool_own(NULL);
        if (ws[i].line_pool == NULL) {
            fprintf(stderr, "logwatch-scan: out of memory\n");
            return 2;
        }
        if (memo_bytes)
            ws[i].memo = lw_memo_create(pool, memo_bytes);
    }
    apr_pool_create(&tpool, pool);

    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
    buf = apr_palloc(pool, READ_CHUNK + MAX_LINE + 1);
    buf2 = njobs > 1 ? apr_palloc(pool, READ_CHUNK + MAX_LINE + 1) : NULL;
    for (i = 0; i < nfiles; i++)
        if (scan_file(ws, njobs, tpool, files[i], buf, buf2,
                      READ_CHUNK + MAX_LINE) != 0)
            rc = 1;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "logwatch-scan: writing records: %s\n",
                strerror(errno));
        rc = 1;
    }
    for (i = 0; i < njobs; i++) {
        lines += ws[i].lines;
        flagged += ws[i].flagged;
        malformed += ws[i].malformed;
        long_lines += ws[i].long_lines;
        free(ws[i].out);
        apr_pool_destroy(ws[i].line_pool);
    }
    /* ", N long" only when there are: the usual line stays as it was */
    if (long_lines)
        fprintf(stderr, "logwatch-scan: %lu lines, %lu flagged, %lu "
                "malformed, %lu long\n", lines, flagged, malformed,
                long_lines);
    else
        fprintf(stderr, "logwatch-scan: %lu lines, %lu flagged, %lu "
                "malformed\n", lines, flagged, malformed);
    apr_pool_destroy(pool);
    apr_terminate();
    return rc;
}
