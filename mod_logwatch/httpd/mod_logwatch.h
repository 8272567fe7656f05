/* mod_logwatch glue: placeholder until its owner commits it. */
#ifndef MOD_LOGWATCH_H
#define MOD_LOGWATCH_H
#endif
