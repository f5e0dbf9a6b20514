/*
 * kernel.c: the rest of JOS's kernel that a student's kern/e1000.c may call
 * in the real guest. time_msec counts PIT ticks as JOS counts timer ticks
 * (10 ms each; a call waits one, so a driver that polls it for a delay sees
 * time pass); irq_setmask_8259A and lapic_eoi record and do nothing (the
 * guest's workload polls; lab 6 has no e1000 handler). The environment and
 * page-table services exist so that a driver linked with a real lab's
 * references to them still links: the guest has no environments, and a call
 * panics naming the function. Every definition is weak: a student file that
 * defines one wins.
 */
#include <inc/assert.h>
#include <inc/types.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/picirq.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/time.h>

#define WEAK __attribute__((weak))

/* guest/qemu/pc's PIT (pc.h): ticks at PC_HZ = 100 while waited for. */
unsigned int pc_ticks(void);
void pc_wait_ticks(unsigned int n);

WEAK unsigned int time_msec(void) {
  pc_wait_ticks(1);
  return pc_ticks() * 10;
}
WEAK void time_init(void) {}
WEAK void time_tick(void) {}

WEAK uint16_t irq_mask_8259A = 0xFFFF & ~(1 << IRQ_SLAVE);
WEAK void irq_setmask_8259A(uint16_t mask) { irq_mask_8259A = mask; }
WEAK void lapic_eoi(void) {}

WEAK struct CpuInfo cpus[NCPU];
WEAK int ncpu = 1;
WEAK struct CpuInfo *bootcpu = &cpus[0];
WEAK int cpunum(void) { return 0; }
WEAK struct Env *envs;
WEAK struct spinlock kernel_lock;
WEAK void __spin_initlock(struct spinlock *lk, char *name) { lk->locked = 0; }
WEAK void spin_lock(struct spinlock *lk) { lk->locked = 1; }
WEAK void spin_unlock(struct spinlock *lk) { lk->locked = 0; }

#define NOENV(name) panic("nicsim's real guest has no environments: the driver called " name)

WEAK void sched_yield(void) { NOENV("sched_yield"); }
WEAK void env_destroy(struct Env *e) { NOENV("env_destroy"); }
WEAK int envid2env(envid_t envid, struct Env **env_store, bool checkperm) { NOENV("envid2env"); }
WEAK int user_mem_check(struct Env *env, const void *va, size_t len, int perm) { NOENV("user_mem_check"); }
WEAK void user_mem_assert(struct Env *env, const void *va, size_t len, int perm) { NOENV("user_mem_assert"); }
WEAK int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm) { NOENV("page_insert"); }
WEAK struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store) { NOENV("page_lookup"); }
WEAK void page_remove(pde_t *pgdir, void *va) { NOENV("page_remove"); }
