/* lw_ac.c: Aho-Corasick automaton over ASCII-case-folded bytes.
 *
 * Built once as a full DFA: bytes are first mapped to classes (every byte
 * that occurs in no pattern shares class 0, 'A' and 'a' share a class), and
 * each state has one row of next states, one per class. A row entry is the
 * next state's row offset (state * nclasses), so a scan step is one add and
 * one load. States that report ids are numbered last, so "reports" is a
 * comparison beside the dependency chain. Each state's ids, including
 * those of its dictionary suffixes, are flattened into one list at build
 * time: the scan never follows a failure link.
 *
 * (A pair-of-bytes filter that skipped text outside the automaton was
 * tried: with the real rule literals, many of them one or two bytes long,
 * it entered and left the automaton so often that it was slower than this
 * plain loop on paths and parameters.) */
#include <string.h>
#include "lw_ac.h"

/* Keeps row offsets and list sizes well inside 32 bits. */
#define AC_MAX_STATES (1u << 22)

struct lw_ac {
    const apr_uint32_t *delta;     /* nstates * ncls row offsets */
    const apr_uint32_t *out_start; /* per reporting state, into outs */
    const apr_uint32_t *outs;      /* flattened ids */
    apr_uint32_t nstates;
    apr_uint32_t ncls;
    apr_uint32_t first_out;        /* first reporting state */
    apr_uint32_t out_lim;          /* first_out * ncls */
    apr_uint32_t nouts;
    apr_size_t maxlen;             /* longest pattern */
    const apr_uint32_t *tags;      /* per reporting state: OR of its ids'
                                    * tags (lw_ac_tag), or NULL */
    apr_uint32_t inv, shift;       /* e / ncls == ((e >> shift) * inv) */
    unsigned char cls[256];
};

/* A row offset is an exact multiple of ncls: dividing by it is a shift by
 * its power of two and a multiplication by the inverse of its odd part
 * modulo 2^32, instead of a division on every report. */
static void set_divisor(lw_ac_t *ac)
{
    apr_uint32_t o = ac->ncls, x = 1;
    int k;

    ac->shift = 0;
    while (!(o & 1)) {
        o >>= 1;
        ac->shift++;
    }
    for (k = 0; k < 5; k++)          /* Newton: 5 steps reach 32 bits */
        x *= 2 - o * x;
    ac->inv = x;
}

#define AC_STATE(ac, e) ((((e) >> (ac)->shift) * (ac)->inv) - (ac)->first_out)

static unsigned char ac_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Appends id to list[0..*n) unless present. Lists are short (a state
 * reports the few patterns ending there), so a linear check is fine. */
static void add_unique(apr_uint32_t *list, apr_uint32_t *n, apr_uint32_t id)
{
    apr_uint32_t k;

    for (k = 0; k < *n; k++)
        if (list[k] == id)
            return;
    list[(*n)++] = id;
}

/* Build-time scratch, all from a subpool destroyed at the end. */
typedef struct {
    apr_uint32_t *go;        /* trie, then completed DFA (old numbering) */
    apr_uint32_t *fail;
    apr_uint32_t *queue;     /* BFS order of non-root states */
    apr_uint32_t *own_n, *own_start, *own_ids;
    apr_uint32_t *beg, *len, *lists;   /* flattened output lists */
    apr_uint32_t nstates, ncls, tail, total;
} build_t;

/* Trie of the case-folded patterns and each state's own ids. */
static int build_trie(build_t *b, const lw_ac_t *ac, apr_pool_t *tmp,
                      const char *const *pats, const apr_size_t *plen,
                      const apr_uint32_t *ids, int n)
{
    apr_uint32_t ncls = b->ncls, s, c, k, *endst;
    int i;

    endst = apr_palloc(tmp, (apr_size_t)n * sizeof(*endst));
    if (endst == NULL)
        return -1;
    b->nstates = 1;
    for (i = 0; i < n; i++) {
        s = 0;
        for (k = 0; k < plen[i]; k++) {
            c = ac->cls[(unsigned char)pats[i][k]];
            if (b->go[s * ncls + c] == 0)   /* 0: no edge, root is no child */
                b->go[s * ncls + c] = b->nstates++;
            s = b->go[s * ncls + c];
        }
        endst[i] = s;                        /* 0 for an empty pattern */
        if (s)
            b->own_n[s]++;
    }
    for (s = 0, k = 0; s < b->nstates; s++) {
        b->own_start[s] = k;
        k += b->own_n[s];
        b->own_n[s] = 0;
    }
    for (i = 0; i < n; i++)
        if (endst[i])
            add_unique(b->own_ids + b->own_start[endst[i]],
                       &b->own_n[endst[i]], ids[i]);
    return 0;
}

/* Failure links and the full DFA, breadth-first: a state's failure target
 * is shallower, so its row and output list are complete before it is used.
 * Then each state's output list: its own ids, then its failure target's. */
static int build_dfa(build_t *b, apr_pool_t *tmp)
{
    apr_uint32_t ncls = b->ncls, head = 0, tail = 0, c, k, s;

    for (c = 0; c < ncls; c++)
        if ((s = b->go[c]) != 0)
            b->queue[tail++] = s;               /* fail = root */
    while (head < tail) {
        apr_uint32_t r = b->queue[head++];
        for (c = 0; c < ncls; c++) {
            apr_uint32_t t = b->go[r * ncls + c];
            apr_uint32_t f = b->go[b->fail[r] * ncls + c];
            if (t) {                /* a trie child: r's row is not done yet */
                b->fail[t] = f;
                b->queue[tail++] = t;
            } else {
                b->go[r * ncls + c] = f;
            }
        }
    }
    b->tail = tail;

    b->total = 0;
    for (k = 0; k < tail; k++) {
        s = b->queue[k];
        b->len[s] = b->own_n[s] + b->len[b->fail[s]];   /* upper bound */
        b->total += b->len[s];
        if (b->total >= (1u << 28))
            return -1;
    }
    b->lists = apr_palloc(tmp, (b->total ? b->total : 1) * sizeof(*b->lists));
    if (b->lists == NULL)
        return -1;
    for (s = 0, k = 0; s < b->nstates; s++) {
        b->beg[s] = k;
        k += b->len[s];
        b->len[s] = 0;
    }
    for (k = 0; k < tail; k++) {
        apr_uint32_t *dst, f, m;
        s = b->queue[k];
        dst = b->lists + b->beg[s];
        for (m = 0; m < b->own_n[s]; m++)
            add_unique(dst, &b->len[s], b->own_ids[b->own_start[s] + m]);
        f = b->fail[s];
        for (m = 0; m < b->len[f]; m++)
            add_unique(dst, &b->len[s], b->lists[b->beg[f] + m]);
    }
    return 0;
}

/* Final tables in p: states renumbered, reporting ones last. */
static int build_final(build_t *b, lw_ac_t *ac, apr_pool_t *p,
                       apr_pool_t *tmp)
{
    apr_uint32_t ncls = b->ncls, nst = b->nstates, k, c, s, nout = 0, nx;
    apr_uint32_t *newid, *order, *delta, *out_start, *outs;

    newid = apr_palloc(tmp, nst * sizeof(*newid));
    order = apr_palloc(tmp, nst * sizeof(*order));
    delta = apr_palloc(p, (apr_size_t)nst * ncls * sizeof(*delta));
    if (!newid || !order || !delta)
        return -1;
    for (k = 0; k < b->tail; k++)
        nout += b->len[b->queue[k]] > 0;
    ac->first_out = nst - nout;
    order[0] = 0;                       /* the root reports nothing */
    newid[0] = 0;
    for (k = 0, s = 1, nx = ac->first_out; k < b->tail; k++) {
        apr_uint32_t old = b->queue[k];
        apr_uint32_t id = b->len[old] ? nx++ : s++;
        order[id] = old;
        newid[old] = id;
    }
    out_start = apr_palloc(p, (nout + 1) * sizeof(*out_start));
    if (out_start == NULL)
        return -1;
    ac->nouts = 0;
    for (k = 0; k < nout; k++)
        ac->nouts += b->len[order[ac->first_out + k]];
    outs = apr_palloc(p, (ac->nouts ? ac->nouts : 1) * sizeof(*outs));
    if (outs == NULL)
        return -1;
    for (k = 0, nx = 0; k < nout; k++) {
        s = order[ac->first_out + k];
        out_start[k] = nx;
        memcpy(outs + nx, b->lists + b->beg[s], b->len[s] * sizeof(*outs));
        nx += b->len[s];
    }
    out_start[nout] = nx;
    for (k = 0; k < nst; k++)
        for (c = 0; c < ncls; c++)
            delta[k * ncls + c] = newid[b->go[order[k] * ncls + c]] * ncls;
    ac->delta = delta;
    ac->out_start = out_start;
    ac->outs = outs;
    ac->nstates = nst;
    ac->out_lim = ac->first_out * ncls;
    set_divisor(ac);
    return 0;
}

lw_ac_t *lw_ac_build(apr_pool_t *p, const char *const *pats,
                     const apr_size_t *plen, const apr_uint32_t *ids, int n)
{
    apr_pool_t *tmp;
    lw_ac_t *ac;
    build_t b;
    apr_size_t sum = 0, k;
    apr_uint32_t c, maxst;
    int i, used[256], ok = 0;

    if (p == NULL || pats == NULL || plen == NULL || ids == NULL || n <= 0)
        return NULL;
    for (i = 0; i < n; i++) {
        if (pats[i] == NULL && plen[i] > 0)
            return NULL;
        sum += plen[i];
        if (sum >= AC_MAX_STATES)
            return NULL;
    }
    if (sum == 0)
        return NULL;
    ac = apr_pcalloc(p, sizeof(*ac));
    /* The scratch (a full trie table as large as the result) gets its own
     * allocator, destroyed with it: its memory goes back to the system
     * instead of staying in p's allocator, in every httpd child. */
    if (ac == NULL || (tmp = lw_pool_own(p)) == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        if (plen[i] > ac->maxlen)
            ac->maxlen = plen[i];

    /* Byte classes: class 0 for bytes in no pattern. */
    memset(used, 0, sizeof(used));
    for (i = 0; i < n; i++)
        for (k = 0; k < plen[i]; k++)
            used[ac_lower((unsigned char)pats[i][k])] = 1;
    ac->ncls = 1;
    for (c = 0; c < 256; c++)
        if (used[c])
            ac->cls[c] = (unsigned char)ac->ncls++;
    for (c = 'A'; c <= 'Z'; c++)
        ac->cls[c] = ac->cls[c + 32];

    memset(&b, 0, sizeof(b));
    b.ncls = ac->ncls;
    maxst = (apr_uint32_t)sum + 1;
    if ((apr_uint64_t)maxst * b.ncls >= (1u << 31))
        goto done;
    b.go = apr_pcalloc(tmp, (apr_size_t)maxst * b.ncls * sizeof(*b.go));
    b.fail = apr_pcalloc(tmp, maxst * sizeof(*b.fail));
    b.queue = apr_palloc(tmp, maxst * sizeof(*b.queue));
    b.own_n = apr_pcalloc(tmp, maxst * sizeof(*b.own_n));
    b.own_start = apr_palloc(tmp, maxst * sizeof(*b.own_start));
    b.own_ids = apr_palloc(tmp, (apr_size_t)n * sizeof(*b.own_ids));
    b.beg = apr_palloc(tmp, maxst * sizeof(*b.beg));
    b.len = apr_pcalloc(tmp, maxst * sizeof(*b.len));
    if (!b.go || !b.fail || !b.queue || !b.own_n || !b.own_start
        || !b.own_ids || !b.beg || !b.len)
        goto done;
    if (build_trie(&b, ac, tmp, pats, plen, ids, n) == 0
        && build_dfa(&b, tmp) == 0 && build_final(&b, ac, p, tmp) == 0)
        ok = 1;
done:
    apr_pool_destroy(tmp);
    return ok ? ac : NULL;
}

#define AC_REPORT(e, cond) do { \
        if ((e) >= out_lim && (cond)) { \
            apr_uint32_t s_ = AC_STATE(ac, e), k_; \
            for (k_ = ac->out_start[s_]; k_ < ac->out_start[s_ + 1]; k_++) \
                if (found(ac->outs[k_], ctx)) \
                    return; \
        } \
    } while (0)

/* A scan step waits for the previous step's load, so a long text is cut
 * in two and both halves are scanned in the same loop: two independent
 * chains, about twice the speed. The second half starts maxlen - 1 bytes
 * early (to see matches across the cut) and reports only matches that end
 * at or after the cut; the first reports the ones before it. */
#define AC_SPLIT_MIN 16

/* The loop both scans share; REPORT(e, cond) handles a state reached. b
 * runs cut - ov ... len: at least as many bytes as a. Uses t, end, len, e,
 * delta and cls of the enclosing function. */
#define AC_SCAN_LOOP(REPORT) do { \
        if (len >= 2 * (ac->maxlen - 1) + AC_SPLIT_MIN) { \
            apr_size_t ov_ = ac->maxlen - 1, cut_ = (len + ov_) / 2; \
            const unsigned char *a_ = t, *aend_ = t + cut_; \
            const unsigned char *b_ = t + cut_ - ov_, *quiet_ = t + cut_; \
            apr_uint32_t eb_ = 0; \
            while (a_ < aend_) { \
                e = delta[e + cls[*a_++]]; \
                eb_ = delta[eb_ + cls[*b_++]]; \
                REPORT(e, 1); \
                REPORT(eb_, b_ > quiet_); \
            } \
            t = b_; \
            e = eb_; \
        } \
        while (t < end) { \
            e = delta[e + cls[*t++]]; \
            REPORT(e, 1); \
        } \
    } while (0)

void lw_ac_scan(const lw_ac_t *ac, const char *text, apr_size_t len,
                lw_ac_found_fn found, void *ctx)
{
    const unsigned char *t = (const unsigned char *)text;
    const unsigned char *end = t + len;
    const apr_uint32_t *delta;
    const unsigned char *cls;
    apr_uint32_t e = 0, out_lim;

    if (ac == NULL || text == NULL || found == NULL)
        return;
    delta = ac->delta;
    cls = ac->cls;
    out_lim = ac->out_lim;
    AC_SCAN_LOOP(AC_REPORT);
}
#undef AC_REPORT

int lw_ac_tag(lw_ac_t *ac, apr_pool_t *p, const apr_uint32_t *tag_of,
              apr_uint32_t ntags)
{
    apr_uint32_t nout, s, k, *tags;

    if (ac == NULL || p == NULL || tag_of == NULL)
        return -1;
    nout = ac->nstates - ac->first_out;
    tags = apr_palloc(p, (nout ? nout : 1) * sizeof(*tags));
    if (tags == NULL)
        return -1;
    for (s = 0; s < nout; s++) {
        tags[s] = 0;
        for (k = ac->out_start[s]; k < ac->out_start[s + 1]; k++)
            tags[s] |= ac->outs[k] < ntags ? tag_of[ac->outs[k]] : 0;
    }
    ac->tags = tags;
    return 0;
}

/* The same two-chain loop as lw_ac_scan; a report sets the bits of the
 * state's ids, and is skipped when none of them has a wanted tag (most
 * reports on a User-Agent come from literals of rules that never look at
 * one), or when the state is one of the last four reported: setting the
 * same bits again changes nothing, and a repeated unit ("./" or "%2F"
 * over kilobytes of a traversal) cycles through a few output states,
 * each with the ids of many rules. */
#define AC_BITS(e, cond) do { \
        if ((e) >= out_lim && (cond) && (e) != r0_ && (e) != r1_ \
            && (e) != r2_ && (e) != r3_) { \
            apr_uint32_t s_ = AC_STATE(ac, e), k_; \
            r3_ = r2_; \
            r2_ = r1_; \
            r1_ = r0_; \
            r0_ = (e); \
            if (tags == NULL || (tags[s_] & want)) \
                for (k_ = ac->out_start[s_]; k_ < ac->out_start[s_ + 1]; \
                     k_++) { \
                    apr_uint32_t id_ = ac->outs[k_]; \
                    bits[id_ >> 6] |= (apr_uint64_t)1 << (id_ & 63); \
                } \
        } \
    } while (0)

void lw_ac_scan_bits(const lw_ac_t *ac, const char *text, apr_size_t len,
                     apr_uint32_t want, apr_uint64_t *bits)
{
    const unsigned char *t = (const unsigned char *)text;
    const unsigned char *end = t + len;
    const apr_uint32_t *delta, *tags;
    const unsigned char *cls;
    apr_uint32_t e = 0, out_lim;
    /* the last output states reported (AC_BITS); none yet */
    apr_uint32_t r0_ = ~(apr_uint32_t)0, r1_ = r0_, r2_ = r0_, r3_ = r0_;

    if (ac == NULL || text == NULL || bits == NULL)
        return;
    delta = ac->delta;
    cls = ac->cls;
    tags = ac->tags;
    out_lim = ac->out_lim;
    AC_SCAN_LOOP(AC_BITS);
}
#undef AC_BITS

apr_size_t lw_ac_size(const lw_ac_t *ac)
{
    if (ac == NULL)
        return 0;
    return sizeof(*ac)
        + (apr_size_t)ac->nstates * ac->ncls * sizeof(*ac->delta)
        + (apr_size_t)(ac->nstates - ac->first_out + 1)
          * sizeof(*ac->out_start)
        + (apr_size_t)(ac->nouts ? ac->nouts : 1) * sizeof(*ac->outs)
        + (ac->tags ? (apr_size_t)(ac->nstates - ac->first_out)
                      * sizeof(*ac->tags) : 0);
}
