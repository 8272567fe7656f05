/* Shared by the unit tests of the summarizer's reports. */
#ifndef LW_TEST_REPORT_H
#define LW_TEST_REPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <apr_strings.h>

#include "lw_sum.h"
#include "lw_report.h"

/* A report writer's output into memory, as a string from p. */
static inline char *lw_test_render(const lw_summary_t *s,
                                   const lw_report_opts_t *o,
                                   int (*fn)(FILE *, const lw_summary_t *,
                                             const lw_report_opts_t *,
                                             apr_pool_t *),
                                   apr_pool_t *p)
{
    char *buf = NULL, *r;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    fn(f, s, o, p);
    fclose(f);
    r = apr_pstrmemdup(p, buf, len);
    free(buf);
    return r;
}

#endif
