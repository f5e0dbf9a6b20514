/*
 * Patterns that surveyed JOS lab 6 drivers use beyond the skeleton
 * (specs/guest-abis.md §3c): each line here stands for at least one real
 * kern/e1000.c. Compiled by TestHeaderFixtures with the lab's flags.
 */
#include <kern/e1000.h>
#include <kern/pmap.h>
#include <kern/pci.h>
#include <kern/env.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/trap.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/time.h>
#include <inc/assert.h>
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/x86.h>

struct desc {
  uint64_t addr;
  uint32_t w2, w3;
} __attribute__((packed));

static struct desc *ring;
static volatile uint32_t *bar0;
static volatile uint8_t *bar0_bytes;

/* Descriptors from page_alloc (3/16), BAR0 by boot_map_region (1/16). */
int compat_attach(struct pci_func *pcif) {
  static_assert(sizeof(struct desc) == 16);
  pci_func_enable(pcif);
  bar0 = mmio_map_region(pcif->reg_base[0], pcif->reg_size[0]);
  boot_map_region(kern_pgdir, MMIOBASE, ROUNDUP(pcif->reg_size[0], PGSIZE),
                  pcif->reg_base[0] & ~0xf, PTE_PCD | PTE_PWT | PTE_W);
  bar0_bytes = (volatile uint8_t *)bar0;
  struct PageInfo *pp = page_alloc(ALLOC_ZERO);
  if (pp == NULL)
    return -E_NO_MEM;
  ring = page2kva(pp);
  assert(page2pa(pp) == PADDR(ring));
  assert(KADDR(page2pa(pp)) == ring);
  irq_setmask_8259A(irq_mask_8259A & ~(1 << pcif->irq_line));
  cprintf("e1000: status %08x irq %d\n", bar0[2], pcif->irq_line);
  return 0;
}

/* Blocking receive (2/16): park the caller until the interrupt comes. */
ssize_t compat_recv(void *buf, size_t len) {
  if (ring[0].w3 == 0) {
    curenv->env_status = ENV_NOT_RUNNABLE;
    curenv->env_tf.tf_regs.reg_eax = -E_INVAL;
    sched_yield();
  }
  size_t n = MIN(len, (size_t)2048);
  memcpy(buf, (void *)(uintptr_t)KADDR((physaddr_t)ring[0].addr), n);
  memset(&ring[0], 0, sizeof(ring[0]));
  if (envs[ENVX(curenv->env_id)].env_status != ENV_RUNNABLE)
    panic("compat: %e", -E_BAD_ENV);
  outb(0x80, inb(0x80));
  return n;
}

/* Interrupt-driven receive (2/16): called from trap_dispatch, acknowledges
 * the device, wakes the waiting environment and ends the interrupt. */
void compat_intr(struct Trapframe *tf) {
  if (tf->tf_trapno != IRQ_OFFSET + 11)
    print_trapframe(tf);
  (void)bar0[0xC0 / 4];
  for (int i = 0; i < NENV; i++)
    if (envs[i].env_status == ENV_NOT_RUNNABLE)
      envs[i].env_status = ENV_RUNNABLE;
  cprintf("rx at %u ms on cpu %d\n", time_msec(), cpunum());
  lapic_eoi();
}
