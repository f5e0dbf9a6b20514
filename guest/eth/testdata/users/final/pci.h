/*
 * pci.h -- tiny PCI configuration space library (mechanism #1).
 */
#ifndef PCI_H_
#define PCI_H_

#include "common.h"

#define PCI_ADDR_PORT   0xCF8
#define PCI_DATA_PORT   0xCFC

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
int __pci_find_device(pci_dev_t *dev, uint16_t vendor, uint16_t device);

#endif
