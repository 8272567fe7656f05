/* Shared by the body-parser harnesses: the invariants every parser keeps
 * (lw_body.h). Each field's bytes are read whole (ASan sees any read past
 * them); a field that the parser says points into the body does; paths
 * are bounded; no more than LW_BODY_MAX_FIELDS fields. */
#ifndef FUZZ_BODY_H
#define FUZZ_BODY_H

#include "fuzz_common.h"
#include "lw_body.h"

typedef struct {
    const char *body;
    size_t len;
    int in_body;              /* names and values point into the body */
    int n;
    unsigned sum;
} fuzz_body_t;

static unsigned fuzz_touch(const char *s, size_t n)
{
    unsigned h = 0;
    size_t i;
    for (i = 0; i < n; i++)
        h = h * 31 + (unsigned char)s[i];
    return h;
}

static int fuzz_within(const fuzz_body_t *b, const char *s, size_t n)
{
    return s >= b->body && n <= b->len
           && (size_t)(s - b->body) <= b->len - n;
}

static int fuzz_body_field(void *ctx, const lw_body_field_t *f)
{
    fuzz_body_t *b = ctx;

    b->n++;
    FUZZ_ASSERT(b->n <= LW_BODY_MAX_FIELDS);
    FUZZ_ASSERT(f->path != NULL && f->path_len <= LW_BODY_MAX_PATH);
    FUZZ_ASSERT(f->name || f->name_len == 0);
    FUZZ_ASSERT(f->value || f->value_len == 0);
    FUZZ_ASSERT(f->name || f->value || f->path_len <= LW_BODY_MAX_PATH);
    b->sum += fuzz_touch(f->path, f->path_len);
    if (f->name) {
        b->sum += fuzz_touch(f->name, f->name_len);
        if (b->in_body)
            FUZZ_ASSERT(fuzz_within(b, f->name, f->name_len));
    }
    if (f->value) {
        b->sum += fuzz_touch(f->value, f->value_len);
        if (b->in_body)
            FUZZ_ASSERT(fuzz_within(b, f->value, f->value_len));
        /* a decoded value is never longer than the body, or than its
         * UTF-8 form when it was UTF-16 (3 bytes for 2 at most) */
        FUZZ_ASSERT(f->value_len <= (b->in_body ? b->len
                                                : b->len / 2 * 3 + 3));
    }
    return 0;
}

/* Run one parser's result through the invariants. */
static void fuzz_body_check(const fuzz_body_t *b, int got, int more)
{
    FUZZ_ASSERT(got == b->n);
    FUZZ_ASSERT(more == 0 || more == 1);
    FUZZ_ASSERT(!more || got <= LW_BODY_MAX_FIELDS);
}

typedef int (*fuzz_body_parser)(const char *body, apr_size_t len,
                                apr_pool_t *p, lw_body_cb cb, void *ctx,
                                int *more);

static inline int fuzz_body_first_only(void *ctx, const lw_body_field_t *f)
{
    fuzz_body_field(ctx, f);
    return 1;
}

/* The whole input as one body through a parser of the common signature
 * (form, JSON, XML): the invariants above, and a second run stopped after
 * its first field yields exactly one. in_body: the parser's names and
 * values point into the body (not decoded into the pool). */
static inline void fuzz_body_run(fuzz_body_parser parse, int in_body,
                                 const unsigned char *data, size_t size)
{
    apr_pool_t *p;
    fuzz_body_t b = { (const char *)data, size, in_body, 0, 0 };
    int more = -1, got;

    apr_pool_create(&p, fuzz_root);
    got = parse((const char *)data, size, p, fuzz_body_field, &b, &more);
    fuzz_body_check(&b, got, more);
    b.n = 0;
    got = parse((const char *)data, size, p, fuzz_body_first_only, &b, &more);
    FUZZ_ASSERT(got <= 1 && got == b.n);
    apr_pool_destroy(p);
}

#endif
