/*
 * pci.c -- PCI configuration mechanism #1.
 */
#include "pci.h"

#include "klib.h"

static uint32_t cfg_addr(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	return 0x80000000u | ((uint32_t)bus << 16) | ((uint32_t)(slot & 0x1f) << 11) |
	       ((uint32_t)(func & 7) << 8) | (off & 0xfc);
}

uint32_t __pci_read32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	__outl(PCI_ADDR_PORT, (int)cfg_addr(bus, slot, func, off));
	return (uint32_t)__inl(PCI_DATA_PORT);
}

uint16_t __pci_read16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	__outl(PCI_ADDR_PORT, (int)cfg_addr(bus, slot, func, off));
	return (uint16_t)__inw(PCI_DATA_PORT + (off & 2));
}

uint8_t __pci_read8(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	__outl(PCI_ADDR_PORT, (int)cfg_addr(bus, slot, func, off));
	return (uint8_t)__inb(PCI_DATA_PORT + (off & 3));
}

void __pci_write32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off, uint32_t value)
{
	__outl(PCI_ADDR_PORT, (int)cfg_addr(bus, slot, func, off));
	__outl(PCI_DATA_PORT, (int)value);
}

int __pci_find_device(pci_dev_t *dev, uint16_t vendor, uint16_t device)
{
	for (int bus = 0; bus < 256; bus++) {
		for (int slot = 0; slot < 32; slot++) {
			uint32_t id = __pci_read32(bus, slot, 0, 0);
			if ((id & 0xffff) == 0xffff)
				continue;
			if ((id & 0xffff) == vendor && (id >> 16) == device) {
				dev->bus = bus;
				dev->slot = slot;
				dev->function = 0;
				dev->int_line = __pci_read8(bus, slot, 0, 0x3c);
				return 0;
			}
		}
	}
	return -1;
}
