/*
 * nicsim stand-in for xv6 kernel/net.h, buffer generation (2024, 2025):
 * protocol headers only, no mbufs. The 2024 e1000.c skeleton does not
 * include it, but some students add it back.
 */
#ifndef NICSIM_XV6_NET_H
#define NICSIM_XV6_NET_H

#include "../common/xv6_netproto.h"

#endif /* NICSIM_XV6_NET_H */
