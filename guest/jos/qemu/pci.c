/*
 * pci.c: the JOS guest's PCI services: configuration mechanism #1 (ports
 * 0xCF8/0xCFC), pci_func_enable as JOS's kern/pci.c has it, and the attach
 * path of pci_init for the e1000 (8086:100E) alone.
 */
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/x86.h>
#include <kern/pci.h>
#include <kern/pcireg.h>

#include "guest.h"

#define PCI_CONF_ADDR 0xCF8
#define PCI_CONF_DATA 0xCFC

static struct pci_bus root_bus;
static struct pci_func e1000_func;

static uint32_t conf_addr(struct pci_func *f, uint32_t off) {
  return 0x80000000 | f->bus->busno << 16 | f->dev << 11 | f->func << 8 | off;
}

static uint32_t pci_conf_read(struct pci_func *f, uint32_t off) {
  outl(PCI_CONF_ADDR, conf_addr(f, off));
  return inl(PCI_CONF_DATA);
}

static void pci_conf_write(struct pci_func *f, uint32_t off, uint32_t v) {
  outl(PCI_CONF_ADDR, conf_addr(f, off));
  outl(PCI_CONF_DATA, v);
}

/* pci_func_enable turns on I/O, memory and bus mastering and records each
 * BAR's base and size, as JOS's does. */
void pci_func_enable(struct pci_func *f) {
  pci_conf_write(f, PCI_COMMAND_STATUS_REG,
                 PCI_COMMAND_IO_ENABLE | PCI_COMMAND_MEM_ENABLE |
                     PCI_COMMAND_MASTER_ENABLE);
  uint32_t width;
  for (uint32_t bar = PCI_MAPREG_START; bar < PCI_MAPREG_END; bar += width) {
    uint32_t old = pci_conf_read(f, bar);
    width = 4;
    pci_conf_write(f, bar, 0xffffffff);
    uint32_t rv = pci_conf_read(f, bar);
    if (rv == 0)
      continue;
    int regnum = (bar - PCI_MAPREG_START) / 4;
    uint32_t base, size;
    if (PCI_MAPREG_TYPE(rv) == PCI_MAPREG_TYPE_MEM) {
      if (((rv >> 1) & 3) == 2) /* 64-bit BAR */
        width = 8;
      size = -PCI_MAPREG_MEM_ADDR(rv);
      base = PCI_MAPREG_MEM_ADDR(old);
    } else {
      size = -(PCI_MAPREG_IO_ADDR(rv) | 0xffff0000);
      base = PCI_MAPREG_IO_ADDR(old);
    }
    pci_conf_write(f, bar, old);
    f->reg_base[regnum] = base;
    f->reg_size[regnum] = size;
    if (size && !base)
      cprintf("PCI device %02x:%02x.%d (%04x:%04x) may be misconfigured: "
              "region %d: base 0x%x, size %d\n",
              f->bus->busno, f->dev, f->func, PCI_VENDOR(f->dev_id),
              PCI_PRODUCT(f->dev_id), regnum, base, size);
  }
  cprintf("PCI function %02x:%02x.%d (%04x:%04x) enabled\n", f->bus->busno,
          f->dev, f->func, PCI_VENDOR(f->dev_id), PCI_PRODUCT(f->dev_id));
}

int jos_pci_attach(int *rc) {
  struct pci_func f = {.bus = &root_bus};
  for (f.dev = 0; f.dev < 32; f.dev++) {
    f.func = 0;
    uint32_t id = pci_conf_read(&f, PCI_ID_REG);
    if (PCI_VENDOR(id) != 0x8086 || PCI_PRODUCT(id) != 0x100E)
      continue;
    f.dev_id = id;
    f.dev_class = pci_conf_read(&f, PCI_CLASS_REG);
    f.irq_line = PCI_INTERRUPT_LINE(pci_conf_read(&f, PCI_INTERRUPT_REG));
    e1000_func = f;
    int r = nicsim_attach(&e1000_func);
    if (r < 0)
      cprintf("pci_attach_match: attaching %x.%x (%p): %e\n", 0x8086, 0x100E,
              nicsim_attach, r);
    *rc = r;
    return 1;
  }
  return 0;
}
