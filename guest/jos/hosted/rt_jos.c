/*
 * rt_jos.c: the JOS kernel's services in nicsim's hosted runtime (linked
 * with every JOS driver, not instrumented), at JOS's addresses: the image
 * at 0xF0100000 in RAM at KERNBASE over physical 0, so PADDR and KADDR are
 * the offsets the student expects, and the register window where
 * mmio_map_region puts it. page_alloc hands out pages of the simulated
 * heap (physical addresses from the host, EV_KALLOC); pci_func_enable
 * fills struct pci_func as JOS's does for QEMU's 82540EM; cprintf and
 * panic report to the host. The workload calls the driver's attach,
 * transmit and receive functions through nicsim_glue.c, which the kernel
 * model generates for the names the driver uses. The protocol is rt.h's.
 */
#include "rt.h"

/* rt.h brought the compiler's stdarg.h and stdint.h; JOS's stdarg.h is
 * the same, and its 64-bit integers (long long) get their own names here,
 * of the same size. */
#define JOS_INC_STDARG_H
#define JOS_KERNEL
#define int64_t jos_int64_t
#define uint64_t jos_uint64_t
#undef offsetof
#include <inc/assert.h>
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/pci.h>
#include <kern/picirq.h>
#include <kern/pmap.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/time.h>
#undef int64_t
#undef uint64_t

/* Events of this kernel (after rt.h's and rt_eth.c's). */
enum {
  EV_KCALL = 26, /* a=call b, c=arguments; a scheduling point */
};

/* Kernel calls (EV_KCALL a); the kernel model (guest/jos/kernel.go) has
 * the same numbers. */
enum {
  KC_PCI_ENABLE = 1, /* b=struct pci_func */
  KC_MMIO_MAP = 2,   /* b=pa c=size; reply the address, 0: refuse */
  KC_IRQ_MASK = 3,   /* b=8259A mask */
  KC_ATTACHED = 4,   /* b=attach's return value */
  KC_TIME = 5,       /* reply time_msec(): the virtual time in 10 ms ticks */
};

/* Workload operations (nicsim_kernel_entry op): OP_ENV runs a user
 * environment (rt_jos_env.c): a0 = slot | envid << 32, a1 = program |
 * the core server's envid << 32. */
enum { OP_ATTACH = 1, OP_TX, OP_RX, OP_ENV = 16 };
int64_t nicsim_jos_env(uint32_t e, uint32_t envid, uint32_t prog, uint32_t ns);

#define KCALL(n, b, c) nicsim_yield(EV_KCALL, (n), (uint64_t)(b), (uint64_t)(c), NICSIM_RA())

/* QEMU's 82540EM on the i440FX as JOS's pci_scan finds it. */
#define E1000_BAR0 0xFEBC0000u
#define E1000_BAR0_SIZE 0x20000u
#define E1000_BAR1 0xC000u
#define E1000_BAR1_SIZE 0x40u
#define E1000_IRQ 11

/* The memory JOS knows: npages pages of physical memory from 0. */
#define NICSIM_NPAGES (NICSIM_RAM_SIZE / PGSIZE)
static struct PageInfo nicsim_pages[NICSIM_NPAGES];
struct PageInfo *pages = nicsim_pages;
size_t npages = NICSIM_NPAGES;
static pde_t nicsim_pgdir[NPDENTRIES] __attribute__((aligned(PGSIZE)));
pde_t *kern_pgdir = nicsim_pgdir;

/* One CPU running the kernel; the driver runs under the big kernel lock,
 * which the workload models by calling it from one context at a time. */
struct CpuInfo cpus[NCPU];
struct CpuInfo *bootcpu = &cpus[0];
int ncpu = 1;
physaddr_t lapicaddr;
extern struct Env nicsim_uenvs[NENV]; /* rt_jos_env.c */
struct Env *envs = nicsim_uenvs;
struct spinlock kernel_lock = {0};
uint16_t irq_mask_8259A = 0xFFFF & ~(1 << IRQ_SLAVE);
unsigned char percpu_kstacks[NCPU][KSTKSIZE];
char bootstack[KSTKSIZE], bootstacktop[1];

int cpunum(void) { return 0; }

static void nicsim_print(const char *fmt, va_list ap) {
  int n = nicsim_vformat(nicsim_ctl.msg, NICSIM_MSG, fmt, ap);
  nicsim_yield(EV_PRINTF, (uint64_t)n, 0, 0, NICSIM_RA());
}

int vcprintf(const char *fmt, va_list ap) {
  nicsim_print(fmt, ap);
  return 0;
}

int cprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  nicsim_print(fmt, ap);
  va_end(ap);
  return 0;
}

void cputchar(int c) { cprintf("%c", c); }
int getchar(void) { return 0; }
int iscons(int fd) { return 1; }

/* _panic: "kernel panic at kern/e1000.c:57: PADDR called with invalid kva
 * 00146020", as JOS prints it. */
void _panic(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char msg[NICSIM_MSG];
  int n = 0;
  const char *pre = "kernel panic at ";
  for (; *pre && n < NICSIM_MSG - 1; pre++)
    msg[n++] = *pre;
  for (; file && *file && n < NICSIM_MSG - 1; file++)
    msg[n++] = *file;
  char tail[NICSIM_MSG];
  nicsim_vformat(tail, NICSIM_MSG, fmt, ap);
  va_end(ap);
  int k = 0;
  char num[16];
  int ln = line < 0 ? 0 : line;
  do
    num[k++] = (char)('0' + ln % 10);
  while ((ln /= 10) && k < 15);
  if (n < NICSIM_MSG - 1)
    msg[n++] = ':';
  while (k > 0 && n < NICSIM_MSG - 1)
    msg[n++] = num[--k];
  if (n < NICSIM_MSG - 2) {
    msg[n++] = ':';
    msg[n++] = ' ';
  }
  for (int i = 0; tail[i] && n < NICSIM_MSG - 1; i++)
    msg[n++] = tail[i];
  msg[n] = 0;
  for (int i = 0; i <= n; i++)
    nicsim_ctl.msg[i] = msg[i];
  for (;;)
    nicsim_yield(EV_PANIC, 0, 0, 0, NICSIM_RA());
}

void _warn(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  nicsim_print(fmt, ap);
  va_end(ap);
}

/* --- memory (kern/pmap.h) --- */

struct PageInfo *page_alloc(int alloc_flags) {
  uint64_t pa = nicsim_yield(EV_KALLOC, 0, 0, 0, NICSIM_RA());
  if (pa == 0)
    return NULL;
  pa -= NICSIM_PHYS_BASE;
  if (pa / PGSIZE >= NICSIM_NPAGES)
    return NULL;
  struct PageInfo *pp = &pages[pa / PGSIZE];
  pp->pp_link = NULL;
  pp->pp_ref = 0;
  if (alloc_flags & ALLOC_ZERO) {
    char *p = (char *)(NICSIM_RAM_BASE + pa);
    for (int i = 0; i < PGSIZE; i++)
      p[i] = 0;
  }
  return pp;
}

void page_free(struct PageInfo *pp) {
  uint64_t pa = (uint64_t)(pp - pages) * PGSIZE + NICSIM_PHYS_BASE;
  nicsim_yield(EV_KFREE, pa, 0, 0, NICSIM_RA());
}

void page_decref(struct PageInfo *pp) {
  if (pp->pp_ref == 0 || --pp->pp_ref == 0)
    page_free(pp);
}

/* The driver's mapping of BAR0: the register window. Anything else is a
 * physical range nicsim does not have. */
void *mmio_map_region(physaddr_t pa, size_t size) {
  return (void *)KCALL(KC_MMIO_MAP, pa, size);
}

/* Kernel memory is mapped at KERNBASE already; a mapping of BAR0 must
 * reach the register window, which only mmio_map_region can give. */
void boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm) {
  if (pa >= E1000_BAR0 && pa < E1000_BAR0 + E1000_BAR0_SIZE && va != (uintptr_t)NICSIM_MMIO_BASE)
    panic("nicsim: boot_map_region of the e1000's registers at va %08lx: nicsim has them only where mmio_map_region(reg_base[0], reg_size[0]) maps them", va);
}

int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm) {
  pp->pp_ref++;
  return 0;
}
void page_remove(pde_t *pgdir, void *va) {}
void tlb_invalidate(pde_t *pgdir, void *va) {}
pte_t *pgdir_walk(pde_t *pgdir, const void *va, int create) { return NULL; }
void mem_init(void) {}
void page_init(void) {}

/* Driver-level runs have no user environments: every buffer the workload
 * passes is the kernel's own. A system call of an environment
 * (rt_jos_env.c) has the model check the range. */
void nicsim_jos_mem_assert(const void *va, size_t len, int perm);
int user_mem_check(struct Env *env, const void *va, size_t len, int perm) { return 0; }
void user_mem_assert(struct Env *env, const void *va, size_t len, int perm) {
  nicsim_jos_mem_assert(va, len, perm);
}

/* --- PCI (kern/pci.h) --- */

/* pci_func_enable as JOS's: enables memory, I/O and bus mastering, then
 * reads the BARs and the interrupt line into f. */
void pci_func_enable(struct pci_func *f) {
  f->reg_base[0] = E1000_BAR0;
  f->reg_size[0] = E1000_BAR0_SIZE;
  f->reg_base[1] = E1000_BAR1;
  f->reg_size[1] = E1000_BAR1_SIZE;
  for (int i = 2; i < 6; i++)
    f->reg_base[i] = f->reg_size[i] = 0;
  f->irq_line = E1000_IRQ;
  KCALL(KC_PCI_ENABLE, f, 0);
  cprintf("PCI function %02x:%02x.%d (%04x:%04x) enabled\n", 0, f->dev, f->func, f->dev_id & 0xffff,
          f->dev_id >> 16);
}

int pci_init(void) { return 0; }

/* --- interrupts, time, scheduling --- */

void irq_setmask_8259A(uint16_t mask) {
  irq_mask_8259A = mask;
  KCALL(KC_IRQ_MASK, mask, 0);
}
void pic_init(void) {}
void lapic_eoi(void) {}
void lapic_init(void) {}
void lapic_ipi(int vector) {}
void lapic_startap(uint8_t apicid, uint32_t addr) {}
void __spin_initlock(struct spinlock *lk, char *name) { lk->locked = 0; }
void spin_lock(struct spinlock *lk) { lk->locked = 1; }
void spin_unlock(struct spinlock *lk) { lk->locked = 0; }
void time_init(void) {}
void time_tick(void) {}
unsigned int time_msec(void) { return (unsigned int)KCALL(KC_TIME, 0, 0); }


void env_destroy(struct Env *e) {
  panic("nicsim: env_destroy from the driver: a driver-level run has no environments");
}

/* --- the workload's calls --- */

/* The adapter nicsim_glue.c defines for the driver's own functions. */
extern int nicsim_jos_attach(struct pci_func *f);
extern int nicsim_jos_tx(void *buf, unsigned int len);
extern int nicsim_jos_rx(void *buf, unsigned int len);

/* The e1000 as pci_scan found it: bus 0, slot 3, function 0. */
static struct pci_bus nicsim_bus0;
static struct pci_func nicsim_e1000 = {
    .bus = &nicsim_bus0, .dev = 3, .func = 0, .dev_id = 0x100E8086, .dev_class = 0x02000000,
};

int64_t nicsim_kernel_entry(uint64_t op, uint64_t a0, uint64_t a1) {
  switch (op) {
  case OP_ATTACH: {
    int r = nicsim_jos_attach(&nicsim_e1000);
    KCALL(KC_ATTACHED, (int64_t)r, 0);
    return r;
  }
  case OP_TX:
    return nicsim_jos_tx((void *)a0, (unsigned int)a1);
  case OP_RX:
    return nicsim_jos_rx((void *)a0, (unsigned int)a1);
  case OP_ENV:
    return nicsim_jos_env((uint32_t)a0, (uint32_t)(a0 >> 32), (uint32_t)a1, (uint32_t)(a1 >> 32));
  }
  return -1;
}
