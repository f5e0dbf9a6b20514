/*
 * Patterns that surveyed student drivers of the buffer generation (2024+)
 * use beyond the skeleton (shared/specs/guest-abis.md §2e). Not a driver:
 * compile_test.go only checks that our headers accept each pattern.
 */
#ifndef LAB_NET
#define LAB_NET /* one student defines it itself */
#endif
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "e1000_dev.h"
#include "net.h" /* one student adds it back */

static struct tx_desc ring[16] __attribute__((aligned(16)));

int compat_xv6_2024(char *buf, int len) {
  struct tx_desc *d = &ring[0];
  if (d->addr)
    kfree((void *)d->addr); /* buffer pointer kept only in the descriptor */
  d->cso = 0;
  d->css = 0;
  d->special = 0;
  d->addr = (uint64)buf;
  d->length = (uint16)len;
  int n = printf("e1000: sent %d bytes from %p\n", len, buf);
  struct eth *eh = (struct eth *)buf;
  if (ntohs(eh->type) == ETHTYPE_ARP)
    net_rx(buf, len);
  netinit();
  return n + e1000_transmit(buf, len);
}
