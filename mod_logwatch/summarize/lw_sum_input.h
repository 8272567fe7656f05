/* logwatch-summarize's input: files (plain or gzipped) and stdin, read
 * line by line into a summary, in a reading thread of its own when
 * threads is 2 (and APR has threads). */
#ifndef LW_SUM_INPUT_H
#define LW_SUM_INPUT_H

#include "lw_sum.h"

/* Reads every input ("-" is stdin). Problems reading an input are printed
 * and added to notes (const char *, from p); returns -1 when an input
 * could not be opened, 0 otherwise. */
int lw_sumtool_read(lw_summary_t *s, const apr_array_header_t *inputs,
                    int threads, apr_array_header_t *notes, apr_pool_t *p);

#endif
