/*
 * The xv6 kernel services a net-lab driver calls. Each is weak, so a driver
 * that defines its own memset (or any other) wins at link time. Anything
 * that the scheduler or the oracles must see is an event for the host.
 */
#include "rt.h"

/* Storage for mycpu() and myproc(); drivers only compare or ignore them. */
static char nicsim_cpus[NICSIM_NCPU][256];
static char nicsim_proc[1024];

/* Globals of trap.c that defs.h declares. */
NICSIM_WEAK unsigned int ticks;
NICSIM_WEAK struct nicsim_spinlock tickslock;

/* spinlock.c */

NICSIM_WEAK void initlock(struct nicsim_spinlock *lk, char *name) {
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
  nicsim_yield(EV_INITLOCK, (uint64_t)lk, (uint64_t)name, 0, NICSIM_RA());
}

NICSIM_WEAK void acquire(struct nicsim_spinlock *lk) {
  uint64_t cpu = nicsim_yield(EV_ACQUIRE, (uint64_t)lk, 0, 0, NICSIM_RA());
  lk->locked = 1;
  lk->cpu = nicsim_cpus[cpu % NICSIM_NCPU];
}

NICSIM_WEAK void release(struct nicsim_spinlock *lk) {
  nicsim_yield(EV_RELEASE, (uint64_t)lk, 0, 0, NICSIM_RA());
  lk->cpu = 0;
  lk->locked = 0;
}

NICSIM_WEAK int holding(struct nicsim_spinlock *lk) {
  return (int)nicsim_yield(EV_HOLDING, (uint64_t)lk, 0, 0, NICSIM_RA());
}

NICSIM_WEAK void push_off(void) { nicsim_yield(EV_PUSH_OFF, 0, 0, 0, NICSIM_RA()); }
NICSIM_WEAK void pop_off(void) { nicsim_yield(EV_POP_OFF, 0, 0, 0, NICSIM_RA()); }

/* proc.c */

NICSIM_WEAK int cpuid(void) { return (int)nicsim_yield(EV_CPUID, 0, 0, 0, NICSIM_RA()); }
NICSIM_WEAK void *mycpu(void) { return nicsim_cpus[cpuid() % NICSIM_NCPU]; }
NICSIM_WEAK void *myproc(void) { return nicsim_proc; }

/* sleep releases lk, lets the CPU go for a while, and takes lk again. */
NICSIM_WEAK void sleep(void *chan, struct nicsim_spinlock *lk) {
  release(lk);
  nicsim_yield(EV_SLEEP, (uint64_t)chan, 0, 0, NICSIM_RA());
  acquire(lk);
}

NICSIM_WEAK void wakeup(void *chan) {}

/* kalloc.c */

NICSIM_WEAK void *kalloc(void) { return (void *)nicsim_yield(EV_KALLOC, 0, 0, 0, NICSIM_RA()); }
NICSIM_WEAK void kfree(void *pa) { nicsim_yield(EV_KFREE, (uint64_t)pa, 0, 0, NICSIM_RA()); }

/* printf.c */

NICSIM_WEAK int printf(char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = nicsim_vformat(nicsim_ctl.msg, NICSIM_MSG, fmt, ap);
  va_end(ap);
  nicsim_yield(EV_PRINTF, (uint64_t)n, 0, 0, NICSIM_RA());
  return n;
}

NICSIM_WEAK int snprintf(char *buf, int size, char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = nicsim_vformat(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

NICSIM_WEAK void __attribute__((noreturn)) panic(char *s) {
  int i = 0;
  for (; s && s[i] && i < NICSIM_MSG - 1; i++)
    nicsim_ctl.msg[i] = s[i];
  nicsim_ctl.msg[i] = 0;
  for (;;)
    nicsim_yield(EV_PANIC, 0, 0, 0, NICSIM_RA());
}

/* string.c (memset, memmove, memcpy, memcmp: the runtime's rt_string.c) */

NICSIM_WEAK int strlen(const char *s) {
  int n = 0;
  while (s[n])
    n++;
  return n;
}

NICSIM_WEAK int strncmp(const char *p, const char *q, unsigned int n) {
  while (n > 0 && *p && *p == *q)
    n--, p++, q++;
  if (n == 0)
    return 0;
  return (unsigned char)*p - (unsigned char)*q;
}

NICSIM_WEAK char *strncpy(char *s, const char *t, int n) {
  char *os = s;
  while (n-- > 0 && (*s++ = *t++) != 0)
    ;
  while (n-- > 0)
    *s++ = 0;
  return os;
}

NICSIM_WEAK char *safestrcpy(char *s, const char *t, int n) {
  char *os = s;
  if (n <= 0)
    return os;
  while (--n > 0 && (*s++ = *t++) != 0)
    ;
  *s = 0;
  return os;
}
