/* lw_ac.c: placeholder until its owner commits it. */
#include "lw.h"
typedef int lw_lw_ac_placeholder_t;
