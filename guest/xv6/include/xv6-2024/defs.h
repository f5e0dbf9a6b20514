/*
 * nicsim stand-in for xv6 kernel/defs.h, buffer generation (2024, 2025).
 * Compile with -DLAB_NET to get the network prototypes, as the lab does.
 * No mbufs and no sockets: packets are kalloc'd pages plus a length.
 */
#ifndef NICSIM_XV6_DEFS_H
#define NICSIM_XV6_DEFS_H

#include "../common/xv6_defs_core.h"

/* printf.c: returns int and is format-checked from 2024 on. */
int printf(char *, ...) __attribute__((format(printf, 1, 2)));

/* syscall.c and proc.c as net.c's system calls use them (2024 signatures:
 * argint and argaddr return nothing). */
void argint(int, int *);
void argaddr(int, uint64 *);
int argstr(int, char *, int);
int killed(struct proc *);
void setkilled(struct proc *);

#ifdef LAB_NET
/* pci.c: finds the 82540EM, maps BAR0 at 0x40000000, calls e1000_init. */
void pci_init(void);

/* e1000.c: the driver under test. */
void e1000_init(uint32 *);
void e1000_intr(void);
/* 0: queued, the driver kfree()s buf later; -1: no free descriptor. */
int e1000_transmit(char *, int);

/* net.c: net_rx takes ownership of buf and may call e1000_transmit (ARP). */
void netinit(void);
void net_rx(char *buf, int len);
#endif /* LAB_NET */

#endif /* NICSIM_XV6_DEFS_H */
