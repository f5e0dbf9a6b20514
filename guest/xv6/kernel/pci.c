// pci.c: find the 82540EM on PCI bus 0 through ECAM, the way xv6's pci_init does
// (command = 7, size the BARs, BAR0 = 0x40000000), then hand it to e1000_init. Unlike
// xv6, the scan uses the ECAM stride (device << 15) and learns the INTx line.
#include "nicsim.h"

void
pci_init(void)
{
  for (int dev = 0; dev < 32; dev++) {
    volatile uint32 *base = (volatile uint32 *)(NS_ECAM + ((uint64)dev << 15));
    if (base[0] != 0x100e8086)
      continue;
    base[1] = 7; // I/O, memory, bus master
    __sync_synchronize();
    for (int i = 0; i < 6; i++) {
      uint32 old = base[4 + i];
      base[4 + i] = 0xffffffff;
      __sync_synchronize();
      base[4 + i] = old;
    }
    base[4 + 0] = NS_E1000_REGS;
    // virt routes INTA of slot dev to PLIC 32 + dev % 4 (slot 1 -> 33 = E1000_IRQ).
    ns_e1000_irq = 32 + dev % 4;
    printf("nicsim: pci dev=%d irq=%d\n", dev, ns_e1000_irq);
    ns_plic_enable(ns_e1000_irq);
    e1000_init((uint32 *)NS_E1000_REGS);
    return;
  }
  panic("pci_init: no e1000");
}
