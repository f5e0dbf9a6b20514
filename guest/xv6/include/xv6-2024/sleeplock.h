/* nicsim stand-in for xv6 kernel/sleeplock.h: kernel/net.c of the 2024+ lab
 * includes it; nothing of the network code uses it. */
#ifndef NICSIM_XV6_SLEEPLOCK_H
#define NICSIM_XV6_SLEEPLOCK_H

#include "../common/xv6_spinlock.h"

/* A long-term lock for processes. */
struct sleeplock {
  uint locked;        /* is the lock held? */
  struct spinlock lk; /* protects this sleep lock */
  char *name;
  int pid; /* the process holding it */
};

#endif /* NICSIM_XV6_SLEEPLOCK_H */
