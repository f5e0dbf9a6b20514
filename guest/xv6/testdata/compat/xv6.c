/*
 * Patterns that surveyed student drivers of the mbuf generation (2020-2023)
 * use beyond the skeleton (shared/specs/guest-abis.md §1f). Not a driver:
 * compile_test.go only checks that our headers accept each pattern.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "e1000_dev.h"
#include "net.h"

#define NULL 0                     /* one student defines its own NULL */
extern void net_rx(struct mbuf *); /* and re-declares net_rx */

static struct spinlock lk;

int compat_xv6(uint64 addr, struct mbuf *m) {
  struct mbuf *page = (struct mbuf *)PGROUNDDOWN(addr); /* mbuf from desc */
  uint16 n = (uint16)m->len;
  char *tail = mbufput(m, 4);
  struct eth *eh = mbufpullhdr(m, *eh);
  if (page->next != NULL || n > MBUF_SIZE || !tail || !eh)
    printf("e1000: cpu %d len %d %p\n", cpuid(), n, tail);
  acquire(&lk);
  int held = holding(&lk);
  release(&lk);
  if (intr_get())
    push_off(), pop_off();
  net_rx(m);
  return held + (E1000_IRQ == 33) + ntohs(eh->type);
}
