/*
 * nicsim stand-in for JOS kern/spinlock.h: spinlocks and the big kernel
 * lock. The trap handler takes kernel_lock on every entry from user mode,
 * so system calls, and the driver calls inside them, never overlap; no
 * surveyed driver takes a lock of its own.
 */
#ifndef JOS_INC_SPINLOCK_H
#define JOS_INC_SPINLOCK_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

/* Record the holder and its call stack (JOS turns this on). */
#define DEBUG_SPINLOCK

struct CpuInfo;

struct spinlock {
  unsigned locked; /* is the lock held? */
#ifdef DEBUG_SPINLOCK
  char *name;           /* name of the lock */
  struct CpuInfo *cpu;  /* the CPU holding the lock */
  uintptr_t pcs[10];    /* the call stack that took it */
#endif
};

void __spin_initlock(struct spinlock *lk, char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);

#define spin_initlock(lock) __spin_initlock(lock, #lock)

extern struct spinlock kernel_lock;

static inline void lock_kernel(void) { spin_lock(&kernel_lock); }

static inline void unlock_kernel(void) {
  spin_unlock(&kernel_lock);
  /* Let another CPU waiting on the lock in and out of its spin. */
  asm volatile("pause");
}

#endif /* !JOS_INC_SPINLOCK_H */
