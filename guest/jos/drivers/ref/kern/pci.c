/*
 * nicsim reference lab: the student's part of kern/pci.c, as a file of its
 * own. The skeleton defines struct pci_driver and the two attach tables
 * in pci.c; the lab asks for one row in pci_attach_vendor[] naming the
 * driver's attach function for vendor 0x8086, device 0x100E. pci_init
 * calls it for a matching function; a result > 0 means attached, < 0 an
 * error (printed), 0 not claimed.
 */
#include <inc/types.h>

#include <kern/e1000.h>
#include <kern/pci.h>

struct pci_driver {
  uint32_t key1, key2;
  int (*attachfn)(struct pci_func *pcif);
};

/* pci_attach_vendor matches the vendor ID and device ID of a PCI device. */
struct pci_driver pci_attach_vendor[] = {
    {E1000_VENDOR_ID, E1000_DEV_ID_82540EM, &e1000_attach},
    {0, 0, 0},
};
