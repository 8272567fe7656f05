/* lw_logformat.c: placeholder until its owner commits it. */
#include "lw.h"
typedef int lw_lw_logformat_placeholder_t;
