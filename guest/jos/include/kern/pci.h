/*
 * nicsim stand-in for JOS kern/pci.h. pci_init scans the bus and calls the
 * attach function of the pci_attach_vendor[] row (in kern/pci.c) that
 * matches a function's vendor and device; the driver's attach then calls
 * pci_func_enable, which fills reg_base, reg_size and irq_line and turns
 * on I/O, memory and bus mastering.
 *
 * i386 layout (offsets in bytes): bus 0, dev 4, func 8, dev_id 12,
 * dev_class 16, reg_base 20, reg_size 44, irq_line 68.
 */
#ifndef JOS_KERN_PCI_H
#define JOS_KERN_PCI_H

#include <inc/types.h>

struct pci_bus;

struct pci_func {
  struct pci_bus *bus; /* the primary bus, for bridges */

  uint32_t dev;
  uint32_t func;

  uint32_t dev_id;    /* vendor in bits 15:0, device in bits 31:16 */
  uint32_t dev_class; /* class, subclass, interface, revision */

  uint32_t reg_base[6]; /* BAR addresses (memory or I/O port) */
  uint32_t reg_size[6]; /* BAR sizes in bytes */
  uint8_t irq_line;
};

struct pci_bus {
  struct pci_func *parent_bridge;
  uint32_t busno;
};

int pci_init(void);
void pci_func_enable(struct pci_func *f);

#endif /* !JOS_KERN_PCI_H */
