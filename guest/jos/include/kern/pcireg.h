/*
 * nicsim stand-in for JOS kern/pcireg.h (NetBSD's PCI register names):
 * the subset kern/pci.c and student drivers use to read a function's
 * configuration space.
 */
#ifndef JOS_KERN_PCIREG_H
#define JOS_KERN_PCIREG_H

/* Device identification register: vendor in bits 15:0, product above. */
#define PCI_ID_REG 0x00
#define PCI_VENDOR_SHIFT 0
#define PCI_VENDOR_MASK 0xffff
#define PCI_VENDOR(id) (((id) >> PCI_VENDOR_SHIFT) & PCI_VENDOR_MASK)
#define PCI_PRODUCT_SHIFT 16
#define PCI_PRODUCT_MASK 0xffff
#define PCI_PRODUCT(id) (((id) >> PCI_PRODUCT_SHIFT) & PCI_PRODUCT_MASK)

/* Command and status register. */
#define PCI_COMMAND_STATUS_REG 0x04
#define PCI_COMMAND_IO_ENABLE 0x00000001
#define PCI_COMMAND_MEM_ENABLE 0x00000002
#define PCI_COMMAND_MASTER_ENABLE 0x00000004

/* Class register: class, subclass, interface, revision. */
#define PCI_CLASS_REG 0x08
#define PCI_CLASS(cr) (((cr) >> 24) & 0xff)
#define PCI_SUBCLASS(cr) (((cr) >> 16) & 0xff)
#define PCI_INTERFACE(cr) (((cr) >> 8) & 0xff)
#define PCI_REVISION(cr) ((cr) & 0xff)
#define PCI_CLASS_NETWORK 0x02
#define PCI_SUBCLASS_NETWORK_ETHERNET 0x00

/* Base address registers. */
#define PCI_MAPREG_START 0x10
#define PCI_MAPREG_END 0x28
#define PCI_MAPREG_TYPE(mr) ((mr) & 0x1)
#define PCI_MAPREG_TYPE_MEM 0x00000000
#define PCI_MAPREG_TYPE_IO 0x00000001
#define PCI_MAPREG_MEM_ADDR(mr) ((mr) & 0xfffffff0)
#define PCI_MAPREG_IO_ADDR(mr) ((mr) & 0xfffffffc)

/* Interrupt configuration register. */
#define PCI_INTERRUPT_REG 0x3c
#define PCI_INTERRUPT_LINE(icr) ((icr) & 0xff)
#define PCI_INTERRUPT_PIN(icr) (((icr) >> 8) & 0xff)

#endif /* !JOS_KERN_PCIREG_H */
