// spinlock.c: xv6's spinlocks and interrupt nesting, with xv6's panics: acquire of a
// lock this hart already holds panics "acquire", release of a lock it does not hold
// panics "release". Interrupts are mstatus.MIE, since the guest runs in M-mode.
#include "nicsim.h"

struct cpu cpus[NCPU];

int
cpuid(void)
{
  uint64 id;
  asm volatile("mv %0, tp" : "=r"(id));
  return (int)id;
}

struct cpu *
mycpu(void)
{
  return &cpus[cpuid()];
}

struct proc *
myproc(void)
{
  return 0;
}

void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

int
holding(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu();
}

void
push_off(void)
{
  int old = ns_intr_get();
  ns_intr_off();
  if (mycpu()->noff == 0)
    mycpu()->intena = old;
  mycpu()->noff += 1;
}

void
pop_off(void)
{
  struct cpu *c = mycpu();
  if (ns_intr_get())
    panic("pop_off - interruptible");
  if (c->noff < 1)
    panic("pop_off");
  c->noff -= 1;
  if (c->noff == 0 && c->intena)
    ns_intr_on();
}

void
acquire(struct spinlock *lk)
{
  push_off();
  if (holding(lk))
    panic("acquire");
  while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
    ;
  __sync_synchronize();
  lk->cpu = mycpu();
}

void
release(struct spinlock *lk)
{
  if (!holding(lk))
    panic("release");
  lk->cpu = 0;
  __sync_synchronize();
  __sync_lock_release(&lk->locked);
  pop_off();
}

// sleep and wakeup exist so that a driver that names them links; the guest has no
// processes, so sleep can only be a bug here.
void
sleep(void *chan, struct spinlock *lk)
{
  (void)chan;
  (void)lk;
  panic("sleep");
}

void
wakeup(void *chan)
{
  (void)chan;
}
