/* lw_ac.c: Aho-Corasick automaton over ASCII-case-folded bytes.
 *
 * Built once as a full DFA: bytes are first mapped to classes (every byte
 * that occurs in no pattern shares class 0, 'A' and 'a' share a class), and
 * each state has one row of next states, one per class. A row entry is the
 * next state's row offset (state * nclasses, so the scan needs no multiply)
 * with the top bit set when that state reports ids. Each state's ids,
 * including those of its dictionary suffixes, are flattened into one list
 * at build time, so the scan loop is one table load per byte and never
 * follows a failure link. */
#include <string.h>
#include <apr_strings.h>
#include "lw_ac.h"

#define AC_OUT_BIT  0x80000000u
#define AC_OFF_MASK 0x7fffffffu
/* Bounds that keep row offsets within 31 bits whatever the input. */
#define AC_MAX_STATES (1u << 22)

struct lw_ac {
    apr_uint32_t *delta;       /* nstates * ncls entries */
    apr_uint32_t *out_start;   /* per state, index into outs; nstates + 1 */
    apr_uint32_t *outs;        /* flattened ids */
    apr_uint32_t nstates;
    apr_uint32_t ncls;
    apr_uint32_t nouts;
    apr_uint32_t lim1;         /* row offsets below: depth 0 or 1 */
    apr_uint32_t *pairs;       /* 64K-bit map: byte pairs that begin a pattern */
    unsigned char cls[256];
};

static unsigned char ac_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static unsigned char ac_upper(unsigned char c)
{
    return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : c;
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

lw_ac_t *lw_ac_build(apr_pool_t *p, const char *const *pats,
                     const apr_size_t *plen, const apr_uint32_t *ids, int n)
{
    apr_pool_t *tmp;
    lw_ac_t *ac = NULL;
    apr_uint32_t *go, *fail, *queue, *own_n, *own_start, *own_ids, *cnt;
    apr_uint32_t nstates, maxstates, ncls, s, c, k, head, tail, nowns, total;
    apr_size_t sum = 0;
    int i, used[256];

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

    /* Byte classes: class 0 for bytes in no pattern. */
    memset(used, 0, sizeof(used));
    for (i = 0; i < n; i++)
        for (k = 0; k < plen[i]; k++)
            used[ac_lower((unsigned char)pats[i][k])] = 1;
    if (apr_pool_create(&tmp, p) != APR_SUCCESS)
        return NULL;
    ac = apr_pcalloc(p, sizeof(*ac));
    if (ac == NULL)
        goto out;
    ncls = 1;
    for (c = 0; c < 256; c++)
        if (used[c])
            ac->cls[c] = (unsigned char)ncls++;
    for (c = 'A'; c <= 'Z'; c++)
        ac->cls[c] = ac->cls[c + 32];
    ac->ncls = ncls;

    /* Trie as a dense goto table (0 = no edge: the root is never a
     * child), then completed into the DFA in place. */
    maxstates = (apr_uint32_t)sum + 1;
    if ((apr_uint64_t)maxstates * ncls > AC_OFF_MASK)
        goto bad;
    go = apr_pcalloc(tmp, (apr_size_t)maxstates * ncls * sizeof(*go));
    own_n = apr_pcalloc(tmp, maxstates * sizeof(*own_n));
    own_start = apr_pcalloc(tmp, maxstates * sizeof(*own_start));
    own_ids = apr_palloc(tmp, (apr_size_t)n * sizeof(*own_ids));
    fail = apr_pcalloc(tmp, maxstates * sizeof(*fail));
    queue = apr_palloc(tmp, maxstates * sizeof(*queue));
    cnt = apr_pcalloc(tmp, (maxstates + 1) * sizeof(*cnt));
    if (!go || !own_n || !own_start || !own_ids || !fail || !queue || !cnt)
        goto bad;
    nstates = 1;
    /* Pattern end states, recorded per pattern first, then grouped. */
    {
        apr_uint32_t *endst = apr_palloc(tmp, (apr_size_t)n * sizeof(*endst));
        if (endst == NULL)
            goto bad;
        for (i = 0; i < n; i++) {
            s = 0;
            for (k = 0; k < plen[i]; k++) {
                c = ac->cls[(unsigned char)pats[i][k]];
                if (go[s * ncls + c] == 0)
                    go[s * ncls + c] = nstates++;
                s = go[s * ncls + c];
            }
            endst[i] = s;   /* 0 for an empty pattern: ignored */
            if (s)
                own_n[s]++;
        }
        for (s = 0, k = 0; s < nstates; s++) {
            own_start[s] = k;
            k += own_n[s];
            own_n[s] = 0;
        }
        for (i = 0; i < n; i++)
            if (endst[i])
                add_unique(own_ids + own_start[endst[i]], &own_n[endst[i]],
                           ids[i]);
    }

    /* Breadth-first: a state's failure target is shallower, so it is
     * complete (row and output list) before the state itself. */
    head = tail = 0;
    for (c = 0; c < ncls; c++) {
        s = go[c];
        if (s) {
            fail[s] = 0;
            queue[tail++] = s;
        }
    }
    while (head < tail) {
        apr_uint32_t r = queue[head++];
        for (c = 0; c < ncls; c++) {
            apr_uint32_t t = go[r * ncls + c];
            apr_uint32_t f = go[fail[r] * ncls + c];
            /* An edge back to the root is the completed "no edge". */
            if (t) {            /* a trie child: r's row is not yet completed */
                fail[t] = f;
                queue[tail++] = t;
            } else {
                go[r * ncls + c] = f;
            }
        }
    }

    /* Output lists: own ids followed by those of the failure target;
     * counts first (upper bounds), then fill in BFS order. */
    total = 0;
    cnt[0] = 0;
    for (k = 0; k < tail; k++) {
        s = queue[k];
        cnt[s] = own_n[s] + cnt[fail[s]];
        total += cnt[s];
        if (total >= (1u << 30))
            goto bad;
    }
    ac->out_start = apr_palloc(p, (nstates + 1) * sizeof(*ac->out_start));
    ac->outs = apr_palloc(p, (total ? total : 1) * sizeof(*ac->outs));
    ac->delta = apr_palloc(p, (apr_size_t)nstates * ncls * sizeof(*ac->delta));
    if (!ac->out_start || !ac->outs || !ac->delta)
        goto bad;
    {
        /* Final numbering is BFS order (root 0, then depth 1, ...), so
         * "depth <= 1" is one comparison on a row offset in the scan. */
        apr_uint32_t *beg = apr_palloc(tmp, (nstates + 1) * sizeof(*beg));
        apr_uint32_t *len = apr_pcalloc(tmp, (nstates + 1) * sizeof(*len));
        apr_uint32_t *lists = apr_palloc(tmp, (total ? total : 1)
                                              * sizeof(*lists));
        apr_uint32_t *newid = apr_palloc(tmp, nstates * sizeof(*newid));
        apr_uint32_t *order = apr_palloc(tmp, nstates * sizeof(*order));
        apr_uint32_t ndepth1 = 0;
        if (!beg || !len || !lists || !newid || !order)
            goto bad;
        for (s = 0, k = 0; s < nstates; s++) {
            beg[s] = k;
            k += cnt[s];
        }
        for (k = 0; k < tail; k++) {
            apr_uint32_t *dst, f, m;
            s = queue[k];
            dst = lists + beg[s];
            for (m = 0; m < own_n[s]; m++)
                add_unique(dst, &len[s], own_ids[own_start[s] + m]);
            f = fail[s];
            for (m = 0; m < len[f]; m++)
                add_unique(dst, &len[s], lists[beg[f] + m]);
        }
        order[0] = 0;
        newid[0] = 0;
        for (k = 0; k < tail; k++) {
            order[k + 1] = queue[k];
            newid[queue[k]] = k + 1;
        }
        for (c = 0; c < ncls; c++)
            if (go[c] != 0 && newid[go[c]] > ndepth1)
                ndepth1 = newid[go[c]];
        ac->lim1 = (ndepth1 + 1) * ncls;
        nowns = 0;
        for (k = 0; k < nstates; k++) {
            s = order[k];
            ac->out_start[k] = nowns;
            memcpy(ac->outs + nowns, lists + beg[s], len[s] * sizeof(*lists));
            nowns += len[s];
        }
        ac->out_start[nstates] = nowns;
        ac->nouts = nowns;
        for (k = 0; k < nstates; k++)
            for (c = 0; c < ncls; c++) {
                apr_uint32_t t = newid[go[order[k] * ncls + c]];
                apr_uint32_t e = t * ncls;
                if (ac->out_start[t + 1] > ac->out_start[t])
                    e |= AC_OUT_BIT;
                ac->delta[k * ncls + c] = e;
            }
    }

    /* Pair filter over raw bytes (both cases set): byte pairs that begin
     * some pattern, and any pair after the byte of a one-byte pattern. */
    ac->pairs = apr_pcalloc(p, 65536 / 8);
    if (ac->pairs == NULL)
        goto bad;
    for (i = 0; i < n; i++) {
        unsigned a0, b0, a, b, ai, bi;
        if (plen[i] == 0)
            continue;
        a0 = ac_lower((unsigned char)pats[i][0]);
        b0 = plen[i] >= 2 ? ac_lower((unsigned char)pats[i][1]) : 0;
        for (ai = 0; ai < 2; ai++) {
            a = ai ? ac_upper(a0) : a0;
            for (bi = 0; bi < (plen[i] >= 2 ? 2u : 256u); bi++) {
                b = plen[i] >= 2 ? (bi ? ac_upper(b0) : b0) : bi;
                ac->pairs[(a | b << 8) >> 5] |= 1u << ((a | b << 8) & 31);
            }
        }
    }
    ac->nstates = nstates;
    apr_pool_destroy(tmp);
    return ac;

bad:
    ac = NULL;
out:
    apr_pool_destroy(tmp);
    return ac;
}

/* Does the byte pair at t begin a pattern? */
#define PAIR(pairs, t) \
    ((pairs)[((unsigned)(t)[0] | (unsigned)(t)[1] << 8) >> 5] \
     & (1u << ((t)[0] & 31)))

/* Two modes. Skipping: no match is in progress at t, and t[0] t[1] begins
 * no pattern, so step on without touching the automaton (benign text is
 * mostly this: a load and a bit test per byte, no dependency chain).
 * Running: the DFA, one table load per byte, until it falls back to a
 * state of depth <= 1 from which the next byte begins no pattern. */
void lw_ac_scan(const lw_ac_t *ac, const char *text, apr_size_t len,
                lw_ac_found_fn found, void *ctx)
{
    const unsigned char *t = (const unsigned char *)text;
    const unsigned char *end = t + len;
    const apr_uint32_t *delta;
    const unsigned char *cls;
    const apr_uint32_t *pairs;
    apr_uint32_t e, off, lim1;

    if (ac == NULL || text == NULL || found == NULL)
        return;
    delta = ac->delta;
    cls = ac->cls;
    lim1 = ac->lim1;
    pairs = ac->pairs;
    while (t < end) {
        while (t + 1 < end && !PAIR(pairs, t))
            t++;
        /* Running from the root at t (also for the last byte, which a
         * one-byte pattern may match). */
        e = 0;
        while (t < end) {
            e = delta[(e & AC_OFF_MASK) + cls[*t++]];
            off = e & AC_OFF_MASK;
            if (e & AC_OUT_BIT) {
                apr_uint32_t s = off / ac->ncls, k;
                for (k = ac->out_start[s]; k < ac->out_start[s + 1]; k++)
                    if (found(ac->outs[k], ctx))
                        return;
            }
            if (off < lim1 && (off == 0 || t >= end
                               || !PAIR(pairs, t - 1)))
                break;
        }
    }
}

apr_size_t lw_ac_size(const lw_ac_t *ac)
{
    if (ac == NULL)
        return 0;
    return sizeof(*ac)
        + (apr_size_t)ac->nstates * ac->ncls * sizeof(*ac->delta)
        + (apr_size_t)(ac->nstates + 1) * sizeof(*ac->out_start)
        + (apr_size_t)(ac->nouts ? ac->nouts : 1) * sizeof(*ac->outs)
        + 65536 / 8;
}
