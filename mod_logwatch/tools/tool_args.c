/* See tool_args.h. */
#include <string.h>

#include "tool_args.h"

void tool_args_init(tool_args_t *ta, apr_pool_t *p, int argc,
                    const char *const *argv)
{
    apr_getopt_init(&ta->os, p, argc, argv);
    ta->os->errfn = NULL;   /* the tools print their own messages */
    ta->cur = NULL;
    ta->opts_done = 0;
}

apr_status_t tool_args_next(tool_args_t *ta, const apr_getopt_option_t *opts,
                            int *optch, const char **optarg)
{
    apr_getopt_t *os = ta->os;

    /* Between arguments (not within a run of short options like -hj2),
     * file arguments and "--" are taken here: apr_getopt_long would stop
     * at the first file argument and refuse "-". */
    while (*os->place == '\0') {
        const char *a;

        if (os->ind >= os->argc)
            return APR_EOF;
        a = os->argv[os->ind];
        ta->cur = a;
        if (ta->opts_done || a[0] != '-' || a[1] == '\0') {
            os->ind++;
            *optch = 0;
            *optarg = a;
            return APR_SUCCESS;
        }
        if (strcmp(a, "--") != 0)
            break;
        os->ind++;
        ta->opts_done = 1;
    }
    return apr_getopt_long(os, opts, optch, optarg);
}

const apr_getopt_option_t *tool_args_find(const apr_getopt_option_t *opts,
                                          int optch)
{
    for (; opts->optch != 0; opts++)
        if (opts->optch == optch)
            return opts;
    return NULL;
}
