/* lw_engine.c: placeholder until its owner commits it. */
#include "lw.h"
typedef int lw_lw_engine_placeholder_t;
