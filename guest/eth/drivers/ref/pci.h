/*
 * pci.h: PCI configuration space access through configuration mechanism #1
 * (address at port 0xCF8, data at 0xCFC). nicsim reference driver "ref".
 */
#ifndef ETH_REF_PCI_H
#define ETH_REF_PCI_H

#include <common.h>

#define PCI_CONFIG_ADDRESS      0xCF8
#define PCI_CONFIG_DATA         0xCFC

#define PCI_VENDOR_OFF          0x00
#define PCI_COMMAND_OFF         0x04
#define PCI_INT_LINE_OFF        0x3C

#define PCI_COMMAND_IO          0x0001
#define PCI_COMMAND_MEMORY      0x0002
#define PCI_COMMAND_MASTER      0x0004

/* pci_dev_t names a function on the bus and its interrupt line. */
typedef struct pci_dev {
	uint8_t bus;
	uint8_t slot;
	uint8_t function;
	uint8_t int_line;
} pci_dev_t;

uint8_t __pci_read8(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off);
uint16_t __pci_read16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off);
uint32_t __pci_read32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off);
void __pci_write32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off, uint32_t value);

/*
 * __pci_find_device scans buses 0-255, slots 0-31, function 0 for vendor:device
 * and fills *dev. It returns 0 when found, -1 otherwise.
 */
int __pci_find_device(pci_dev_t *dev, uint16_t vendor, uint16_t device);

#endif
