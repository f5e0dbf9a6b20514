/*
 * nicsim stand-in for xv6 kernel/spinlock.h (both lab generations).
 * Layout on LP64: locked@0, name@8, cpu@16; 24 bytes.
 */
#ifndef NICSIM_XV6_SPINLOCK_H
#define NICSIM_XV6_SPINLOCK_H

#include "xv6_types.h"

struct cpu;

struct spinlock {
  uint locked;     /* nonzero while held */
  char *name;      /* for diagnostics */
  struct cpu *cpu; /* holder, valid while locked */
};

#endif /* NICSIM_XV6_SPINLOCK_H */
