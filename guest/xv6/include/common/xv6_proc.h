/*
 * nicsim stand-in for xv6 kernel/proc.h (both lab generations).
 * Every e1000.c includes it; no surveyed driver touches these structures,
 * but they must compile and keep their names.
 */
#ifndef NICSIM_XV6_PROC_H
#define NICSIM_XV6_PROC_H

#include "xv6_param.h"
#include "xv6_riscv.h"
#include "xv6_spinlock.h"

/* Callee-saved registers kept across a kernel context switch. */
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

/* Per-CPU state. */
struct cpu {
  struct proc *proc;      /* process running here, or null */
  struct context context; /* swtch() here to enter the scheduler */
  int noff;               /* depth of push_off() nesting */
  int intena;             /* were interrupts enabled before push_off()? */
};

extern struct cpu cpus[NCPU];

/* User registers saved by the trampoline, plus what it needs to re-enter. */
struct trapframe {
  uint64 kernel_satp;   /* kernel page table */
  uint64 kernel_sp;     /* top of the process's kernel stack */
  uint64 kernel_trap;   /* usertrap() */
  uint64 epc;           /* saved user program counter */
  uint64 kernel_hartid; /* saved kernel tp */
  uint64 ra, sp, gp, tp;
  uint64 t0, t1, t2;
  uint64 s0, s1;
  uint64 a0, a1, a2, a3, a4, a5, a6, a7;
  uint64 s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
  uint64 t3, t4, t5, t6;
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

/* Per-process state. */
struct proc {
  struct spinlock lock;

  /* Protected by lock. */
  enum procstate state;
  void *chan; /* sleeping on this, if nonzero */
  int killed;
  int xstate; /* exit status for the parent's wait */
  int pid;

  /* Protected by the global wait lock. */
  struct proc *parent;

  /* Private to the process. */
  uint64 kstack;
  uint64 sz; /* bytes of user memory */
  pagetable_t pagetable;
  struct trapframe *trapframe;
  struct context context;
  struct file *ofile[NOFILE];
  struct inode *cwd;
  char name[16];
};

#endif /* NICSIM_XV6_PROC_H */
