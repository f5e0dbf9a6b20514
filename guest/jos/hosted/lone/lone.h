/*
 * nicsim: the environments nicsim runs for a JOS driver given without its
 * lab (--driver kern/e1000.c): the reference lab's net/output.c,
 * net/input.c and lib/syscall.c with these two net system calls, and
 * lone_syscall.c as kern/syscall.c, which reaches the driver's own
 * transmit and receive functions through nicsim_glue.c (--tx, --rx).
 */
#ifndef NICSIM_LONE_H
#define NICSIM_LONE_H
#include <inc/types.h>
#include <inc/syscall.h>

/* Named apart from whatever the student's own headers (found above a
 * kern/ folder) call their net calls and errors. */
#define NICSIM_SYS_NET_SEND NSYSCALLS
#define NICSIM_SYS_NET_RECV (NSYSCALLS + 1)
/* What the two calls return when the ring is full or empty. */
#define NICSIM_E_TX_FULL 1000
#define NICSIM_E_RX_EMPTY 1001

int nicsim_sys_net_send(const void *data, size_t len);
int nicsim_sys_net_recv(void *buf, size_t len);
#endif
