/* lw_record.c: placeholder until its owner commits it. */
#include "lw.h"
typedef int lw_lw_record_placeholder_t;
