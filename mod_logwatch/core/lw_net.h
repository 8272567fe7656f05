/* lw_net.h: placeholder. */
#ifndef LW_NET_H
#define LW_NET_H
#endif
