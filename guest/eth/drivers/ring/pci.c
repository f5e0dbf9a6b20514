/*
 * pci.c: PCI configuration mechanism #1. nicsim reference driver "ring".
 */
#include "pci.h"

#include <common.h>
#include <klib.h>

/* pci_address is the dword written to 0xCF8 to select a register. */
static uint32_t pci_address(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	return 0x80000000u | ((uint32_t)bus << 16) | ((uint32_t)(slot & 0x1F) << 11) |
	       ((uint32_t)(func & 0x7) << 8) | (off & 0xFCu);
}

uint32_t __pci_read32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	__outl(PCI_CONFIG_ADDRESS, (int)pci_address(bus, slot, func, off));
	return (uint32_t)__inl(PCI_CONFIG_DATA);
}

uint16_t __pci_read16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	__outl(PCI_CONFIG_ADDRESS, (int)pci_address(bus, slot, func, off));
	return (uint16_t)__inw(PCI_CONFIG_DATA + (off & 2));
}

uint8_t __pci_read8(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	__outl(PCI_CONFIG_ADDRESS, (int)pci_address(bus, slot, func, off));
	return (uint8_t)__inb(PCI_CONFIG_DATA + (off & 3));
}

void __pci_write32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off, uint32_t value)
{
	__outl(PCI_CONFIG_ADDRESS, (int)pci_address(bus, slot, func, off));
	__outl(PCI_CONFIG_DATA, (int)value);
}

int __pci_find_device(pci_dev_t *dev, uint16_t vendor, uint16_t device)
{
	uint32_t want = (uint32_t)vendor | ((uint32_t)device << 16);

	for (int bus = 0; bus < 256; bus++) {
		for (int slot = 0; slot < 32; slot++) {
			if (__pci_read32(bus, slot, 0, PCI_VENDOR_OFF) != want)
				continue;
			dev->bus = bus;
			dev->slot = slot;
			dev->function = 0;
			dev->int_line = __pci_read8(bus, slot, 0, PCI_INT_LINE_OFF);
			return 0;
		}
	}
	return -1;
}
