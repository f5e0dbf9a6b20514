/*
 * nicsim stand-in for xv6 kernel/defs.h, mbuf generation (2020-2023).
 * Compile with -DLAB_NET to get the network prototypes, as the lab does.
 */
#ifndef NICSIM_XV6_DEFS_H
#define NICSIM_XV6_DEFS_H

#include "../common/xv6_defs_core.h"

/* printf.c: no return value and no format checking before 2024. */
void printf(char *, ...);

/* sprintf.c */
int snprintf(char *, int, char *, ...);

#ifdef LAB_NET
struct mbuf;
struct sock;

/* pci.c: finds the 82540EM, maps BAR0 at 0x40000000, calls e1000_init. */
void pci_init(void);

/* e1000.c: the driver under test. */
void e1000_init(uint32 *);
void e1000_intr(void);
/* 0: the driver owns m and frees it later; nonzero: the caller frees m. */
int e1000_transmit(struct mbuf *);

/* net.c: net_rx takes ownership of m and may call e1000_transmit (ARP). */
void net_rx(struct mbuf *);
void net_tx_udp(struct mbuf *, uint32, uint16, uint16);

/* sysnet.c */
void sockinit(void);
int sockalloc(struct file **, uint32, uint16, uint16);
void sockclose(struct sock *);
int sockread(struct sock *, uint64, int);
int sockwrite(struct sock *, uint64, int);
void sockrecvudp(struct mbuf *, uint32, uint16, uint16);
#endif /* LAB_NET */

#endif /* NICSIM_XV6_DEFS_H */
