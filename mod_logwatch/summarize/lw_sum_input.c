/* lw_sum_input.c: logwatch-summarize's input (see lw_sum_input.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE                 /* RUSAGE_THREAD, for the timing */
#endif
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_thread_proc.h>
#include <apr_thread_mutex.h>
#include <apr_thread_cond.h>

#include "lw_sum_input.h"
#include "lw_escape.h"

/* zlib reads (plain files) or inflates (gzip) straight into the caller's
 * buffer when asked for at least twice its own buffer; otherwise through
 * its buffer, one more copy of every byte. So the read buffer is at least
 * 2 * ZBUF + LW_SUM_MAX_LINE (what a partial line can leave in it). */
#define ZBUF (128 * 1024)
#define RBUF (16 * LW_SUM_MAX_LINE)

/* Where read_input puts what it reads. */
typedef struct reader reader_t;
struct reader {
    /* a line without its '\n'; NULL (len > LW_SUM_MAX_LINE): too long */
    void (*line)(reader_t *r, const char *line, apr_size_t len);
    void (*flush)(reader_t *r);      /* the read buffer is about to move */
    void (*note)(reader_t *r, const char *msg);
    apr_pool_t *pool;                /* the reading thread's */
    char *buf;                       /* RBUF bytes */
    int failed;                      /* an input could not be opened */
};

/* Read one input (plain or gzip; zlib passes plain files through) line by
 * line. Overlong lines are reported as such and skipped. */
static void read_input(reader_t *r, const char *name)
{
    gzFile gz;
    apr_size_t have = 0, start;
    int skipping = 0, n, errnum;
    char *buf = r->buf;
    const char *shown = strcmp(name, "-") == 0 ? "stdin" : name;

    if (strcmp(name, "-") == 0)
        gz = gzdopen(0, "rb");
    else
        gz = gzopen(name, "rb");
    if (gz == NULL) {
        fprintf(stderr, "logwatch-summarize: %s: %s\n",
                lw_esc_text(r->pool, shown), strerror(errno ? errno : ENOMEM));
        r->failed = 1;
        return;
    }
    gzbuffer(gz, ZBUF);
    for (;;) {
        char *nl;
        n = gzread(gz, buf + have, (unsigned)(RBUF - have));
        if (n <= 0) {
            /* zlib reports a gzip stream cut short only at the end; its
             * message names the file */
            const char *msg = gzerror(gz, &errnum);
            if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
                msg = lw_esc_text(r->pool, msg);
                fprintf(stderr, "logwatch-summarize: %s\n", msg);
                r->note(r, apr_pstrcat(r->pool, msg, " (the rest was skipped)",
                                       NULL));
            }
            break;
        }
        have += (apr_size_t)n;
        start = 0;
        while ((nl = memchr(buf + start, '\n', have - start)) != NULL) {
            apr_size_t len = (apr_size_t)(nl - (buf + start));
            if (skipping)
                skipping = 0;
            else
                r->line(r, buf + start, len);
            start += len + 1;
        }
        if (have - start > LW_SUM_MAX_LINE) {
            if (!skipping)
                r->line(r, NULL, LW_SUM_MAX_LINE + 1);
            skipping = 1;
            start = have;
        }
        r->flush(r);
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    /* A last line without its newline (a file cut while being written). */
    if (have && !skipping)
        r->line(r, buf, have);
    r->flush(r);
    gzclose(gz);
}

/* Reading in the main thread: lines go to the summary in groups. */
#define NBATCH 256
typedef struct {
    reader_t r;
    lw_summary_t *s;
    apr_array_header_t *notes;
    const char *lines[NBATCH];
    apr_size_t lens[NBATCH];
    int n;
} direct_t;

static void direct_flush(reader_t *r)
{
    direct_t *d = (direct_t *)r;

    lw_summary_add_lines(d->s, d->lines, d->lens, d->n);
    d->n = 0;
}

static void direct_line(reader_t *r, const char *line, apr_size_t len)
{
    direct_t *d = (direct_t *)r;

    d->lines[d->n] = line;
    d->lens[d->n++] = len;
    if (d->n == NBATCH)
        direct_flush(r);
}

static void direct_note(reader_t *r, const char *msg)
{
    direct_t *d = (direct_t *)r;

    *(const char **)apr_array_push(d->notes) = apr_pstrdup(d->notes->pool, msg);
}

static int read_direct(lw_summary_t *s, const apr_array_header_t *inputs,
                       apr_array_header_t *notes, apr_pool_t *p)
{
    direct_t *d = apr_pcalloc(p, sizeof(*d));
    int i;

    d->r.line = direct_line;
    d->r.flush = direct_flush;
    d->r.note = direct_note;
    d->r.pool = p;
    d->r.buf = apr_palloc(p, RBUF);
    d->s = s;
    d->notes = notes;
    for (i = 0; i < inputs->nelts; i++)
        read_input(&d->r, APR_ARRAY_IDX(inputs, i, const char *));
    return d->r.failed ? -1 : 0;
}

#if APR_HAS_THREADS
/* Reading in a thread of its own: it reads, splits and parses lines into
 * chunks (lw_sum_chunk_parse touches nothing shared) while the main thread
 * counts the chunks already parsed. Lines are copied into the chunk's own
 * buffer, which stays put until the chunk is counted. */
#define NSLOT 4
#define SLOT_BYTES (1u << 20)
#define MAXNOTES 16

typedef struct {
    char *buf;                       /* SLOT_BYTES + LW_SUM_MAX_LINE */
    apr_size_t used;
    const char *lines[LW_SUM_CHUNK_LINES];
    apr_size_t lens[LW_SUM_CHUNK_LINES];
    int n;
    lw_sum_chunk_t *chunk;
} slot_t;

typedef struct {
    reader_t r;
    slot_t slot[NSLOT];
    int free_[NSLOT], nfree;         /* slots to fill */
    int full[NSLOT], head, nfull;    /* slots to count, in order */
    int done;
    apr_thread_mutex_t *mu;
    apr_thread_cond_t *cv;
    const apr_array_header_t *inputs;
    int no_fast;
    slot_t *cur;                     /* the reader's */
    char notes[MAXNOTES][512];
    int nnotes;
    double cpu;                      /* the reader thread's CPU seconds */
} pipe_t;

/* CPU seconds of the calling thread (0 where unknown). */
static double thread_cpu(void)
{
#ifdef RUSAGE_THREAD
    struct rusage ru;

    if (getrusage(RUSAGE_THREAD, &ru) == 0)
        return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
               + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
#endif
    return 0.0;
}

static slot_t *take_free(pipe_t *q)
{
    slot_t *sl;

    apr_thread_mutex_lock(q->mu);
    while (q->nfree == 0)
        apr_thread_cond_wait(q->cv, q->mu);
    sl = &q->slot[q->free_[--q->nfree]];
    apr_thread_mutex_unlock(q->mu);
    sl->used = 0;
    sl->n = 0;
    return sl;
}

static void hand_over(pipe_t *q)
{
    slot_t *sl = q->cur;

    lw_sum_chunk_parse(sl->chunk, q->no_fast, sl->lines, sl->lens, sl->n);
    apr_thread_mutex_lock(q->mu);
    q->full[(q->head + q->nfull++) % NSLOT] = (int)(sl - q->slot);
    apr_thread_cond_broadcast(q->cv);
    apr_thread_mutex_unlock(q->mu);
    q->cur = take_free(q);
}

static void pipe_line(reader_t *r, const char *line, apr_size_t len)
{
    pipe_t *q = (pipe_t *)r;
    slot_t *sl = q->cur;

    if (len > LW_SUM_MAX_LINE)
        line = NULL;            /* counted as oversized, never copied */
    if (sl->n == LW_SUM_CHUNK_LINES || sl->used > SLOT_BYTES) {
        hand_over(q);
        sl = q->cur;
    }
    if (line) {
        memcpy(sl->buf + sl->used, line, len);
        line = sl->buf + sl->used;
        sl->used += len;
    }
    sl->lines[sl->n] = line;
    sl->lens[sl->n++] = len;
}

static void pipe_flush(reader_t *r)
{
    (void)r;                         /* lines are copied: nothing to do */
}

static void pipe_note(reader_t *r, const char *msg)
{
    pipe_t *q = (pipe_t *)r;

    if (q->nnotes < MAXNOTES)
        apr_cpystrn(q->notes[q->nnotes++], msg, sizeof(q->notes[0]));
}

static void *APR_THREAD_FUNC reader_main(apr_thread_t *th, void *data)
{
    pipe_t *q = data;
    int i;

    (void)th;
    q->cur = take_free(q);
    for (i = 0; i < q->inputs->nelts; i++)
        read_input(&q->r, APR_ARRAY_IDX(q->inputs, i, const char *));
    if (q->cur->n)
        hand_over(q);
    q->cpu = thread_cpu();
    apr_thread_mutex_lock(q->mu);
    /* the slot taken last is not handed over: nothing waits for it */
    q->done = 1;
    apr_thread_cond_broadcast(q->cv);
    apr_thread_mutex_unlock(q->mu);
    return NULL;
}

static int read_threaded(lw_summary_t *s, const apr_array_header_t *inputs,
                         apr_array_header_t *notes, apr_pool_t *p)
{
    pipe_t *q = apr_pcalloc(p, sizeof(*q));
    apr_allocator_t *a;
    apr_thread_t *th;
    apr_status_t rv;
    int i;

    if (apr_thread_mutex_create(&q->mu, APR_THREAD_MUTEX_DEFAULT, p)
        || apr_thread_cond_create(&q->cv, p))
        return read_direct(s, inputs, notes, p);
    for (i = 0; i < NSLOT; i++) {
        q->slot[i].buf = apr_palloc(p, SLOT_BYTES + LW_SUM_MAX_LINE + 1);
        q->slot[i].chunk = lw_sum_chunk_create(p);
        q->free_[q->nfree++] = i;
    }
    /* The reader escapes messages in a pool of its own. */
    if (apr_allocator_create(&a) != APR_SUCCESS
        || apr_pool_create_unmanaged_ex(&q->r.pool, NULL, a) != APR_SUCCESS)
        return read_direct(s, inputs, notes, p);
    apr_allocator_owner_set(a, q->r.pool);
    q->r.line = pipe_line;
    q->r.flush = pipe_flush;
    q->r.note = pipe_note;
    q->r.buf = apr_palloc(p, RBUF);
    q->inputs = inputs;
    q->no_fast = s->no_fast;
    if (apr_thread_create(&th, NULL, reader_main, q, p) != APR_SUCCESS) {
        apr_pool_destroy(q->r.pool);
        return read_direct(s, inputs, notes, p);
    }
    for (;;) {
        slot_t *sl;
        apr_thread_mutex_lock(q->mu);
        while (q->nfull == 0 && !q->done)
            apr_thread_cond_wait(q->cv, q->mu);
        if (q->nfull == 0) {
            apr_thread_mutex_unlock(q->mu);
            break;
        }
        sl = &q->slot[q->full[q->head]];
        q->head = (q->head + 1) % NSLOT;
        q->nfull--;
        apr_thread_mutex_unlock(q->mu);
        lw_summary_add_chunk(s, sl->chunk);
        apr_thread_mutex_lock(q->mu);
        q->free_[q->nfree++] = (int)(sl - q->slot);
        apr_thread_cond_broadcast(q->cv);
        apr_thread_mutex_unlock(q->mu);
    }
    apr_thread_join(&rv, th);
    /* For the benchmark: how the work was shared between the threads. */
    if (getenv("LW_SUMMARIZE_TIMING"))
        fprintf(stderr, "logwatch-summarize: reading thread %.3f s CPU, "
                "counting thread %.3f s CPU\n", q->cpu, thread_cpu());
    for (i = 0; i < q->nnotes; i++)
        *(const char **)apr_array_push(notes) = apr_pstrdup(p, q->notes[i]);
    apr_pool_destroy(q->r.pool);
    for (i = 0; i < NSLOT; i++)
        lw_sum_chunk_destroy(q->slot[i].chunk, p);
    return q->r.failed ? -1 : 0;
}
#endif

int lw_sumtool_read(lw_summary_t *s, const apr_array_header_t *inputs,
                    int threads, apr_array_header_t *notes, apr_pool_t *p)
{
#if APR_HAS_THREADS
    if (threads > 1)
        return read_threaded(s, inputs, notes, p);
#else
    (void)threads;
#endif
    return read_direct(s, inputs, notes, p);
}
