/* The tools' command lines, parsed with apr_getopt_long, plus what it does
 * not do the tools' way: a file argument may come before, between or after
 * the options (its interleave mode would permute argv and refuses a lone
 * "-"), "-" is a file argument (standard input), and "--" makes every
 * argument after it a file argument. */
#ifndef TOOL_ARGS_H
#define TOOL_ARGS_H

#include <apr_getopt.h>

typedef struct {
    apr_getopt_t *os;
    const char *cur;        /* the argument being parsed, as typed */
    int opts_done;          /* after "--" */
} tool_args_t;

void tool_args_init(tool_args_t *ta, apr_pool_t *p, int argc,
                    const char *const *argv);

/* APR_SUCCESS with *optch an option of opts and *optarg its value (NULL
 * for a flag), or *optch 0 and *optarg a file argument; APR_EOF at the
 * end; APR_BADCH for an unknown option, APR_BADARG for a missing value
 * (*optch the option) or a value given to a flag: ta->cur is then the
 * argument in error. Nothing is printed. */
apr_status_t tool_args_next(tool_args_t *ta, const apr_getopt_option_t *opts,
                            int *optch, const char **optarg);

/* The option table's entry for optch, NULL when none. */
const apr_getopt_option_t *tool_args_find(const apr_getopt_option_t *opts,
                                          int optch);

#endif
