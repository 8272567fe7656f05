/* lw_common.c: placeholder until its owner commits it. */
#include "lw.h"
typedef int lw_lw_common_placeholder_t;
