/*
 * nicsim stand-in for the two lwIP socket types inc/ns.h needs. In a lab
 * folder, lwIP's own header (net/lwip/include/lwip/sockets.h) is used
 * instead; these match its layout.
 */
#ifndef NICSIM_LWIP_SOCKETS_H
#define NICSIM_LWIP_SOCKETS_H

#include <inc/types.h>

struct sockaddr {
  uint8_t sa_len;
  uint8_t sa_family;
  char sa_data[14];
};

typedef uint32_t socklen_t;

#endif /* !NICSIM_LWIP_SOCKETS_H */
