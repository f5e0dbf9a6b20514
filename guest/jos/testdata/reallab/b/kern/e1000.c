// LAB 6: e1000 (82540EM) driver.
//
// The descriptor rings live in pages of their own (page_alloc), so they are
// page-aligned; transmit copies into one page-sized buffer per descriptor.

#include <inc/assert.h>
#include <inc/error.h>
#include <inc/string.h>
#include "e1000.h"
#include "pmap.h"

static volatile uint8_t *e1000_base;

#define E1000_REG(off) (*(volatile uint32_t *)(e1000_base + (off)))

static struct e1000_tx_desc *tx_ring;
static struct e1000_rx_desc *rx_ring;
static char tx_bufs[E1000_NTXDESC][E1000_MAXPKT];
static char *rx_bufs[E1000_NRXDESC];
static uint32_t rx_next;

static void *
alloc_page_kva(void)
{
	struct PageInfo *pp = page_alloc(ALLOC_ZERO);
	if (!pp)
		panic("e1000: out of memory");
	pp->pp_ref++;
	return page2kva(pp);
}

static void
tx_init(void)
{
	int i;

	tx_ring = alloc_page_kva();
	for (i = 0; i < E1000_NTXDESC; i++) {
		tx_ring[i].buffer_addr_lo = PADDR(tx_bufs[i]);
		tx_ring[i].buffer_addr_hi = 0;
		tx_ring[i].status = E1000_TXD_STAT_DD;
	}
	E1000_REG(E1000_TDBAL) = PADDR(tx_ring);
	E1000_REG(E1000_TDBAH) = 0;
	E1000_REG(E1000_TDLEN) = E1000_NTXDESC * sizeof(struct e1000_tx_desc);
	E1000_REG(E1000_TDH) = 0;
	E1000_REG(E1000_TDT) = 0;
	E1000_REG(E1000_TCTL) = E1000_TCTL_EN | E1000_TCTL_PSP |
		(0x10 << E1000_TCTL_CT_SHIFT) | (0x40 << E1000_TCTL_COLD_SHIFT);
	E1000_REG(E1000_TIPG) = 10 | (8 << 10) | (6 << 20);
}

static void
rx_init(void)
{
	int i;

	E1000_REG(E1000_RAL0) = 0x12005452;
	E1000_REG(E1000_RAH0) = 0x00005634 | E1000_RAH_AV;
	for (i = 0; i < 128; i++)
		E1000_REG(E1000_MTA + 4 * i) = 0;
	E1000_REG(E1000_IMC) = 0xffffffff;

	// Two 2048-byte receive buffers per page.
	rx_ring = alloc_page_kva();
	for (i = 0; i < E1000_NRXDESC; i += 2) {
		char *page = alloc_page_kva();
		rx_bufs[i] = page;
		rx_bufs[i + 1] = page + E1000_RXBUF;
	}
	for (i = 0; i < E1000_NRXDESC; i++) {
		rx_ring[i].buffer_addr_lo = PADDR(rx_bufs[i]);
		rx_ring[i].buffer_addr_hi = 0;
	}
	E1000_REG(E1000_RDBAL) = PADDR(rx_ring);
	E1000_REG(E1000_RDBAH) = 0;
	E1000_REG(E1000_RDLEN) = E1000_NRXDESC * sizeof(struct e1000_rx_desc);
	E1000_REG(E1000_RDH) = 0;
	E1000_REG(E1000_RDT) = E1000_NRXDESC - 1;
	rx_next = 0;
	E1000_REG(E1000_RCTL) = E1000_RCTL_EN | E1000_RCTL_LBM_NO |
		E1000_RCTL_BAM | E1000_RCTL_SZ_2048 | E1000_RCTL_SECRC;
}

int
e1000_attach(struct pci_func *f)
{
	pci_func_enable(f);
	e1000_base = mmio_map_region(f->reg_base[0], f->reg_size[0]);
	assert(E1000_REG(E1000_STATUS) == 0x80080783);

	// Reset the card and wait for it (8254x manual 13.4.1: CTRL.RST
	// self-clears), then set the link up.
	E1000_REG(E1000_CTRL) |= E1000_CTRL_RST;
	while (E1000_REG(E1000_CTRL) & E1000_CTRL_RST)
		;
	E1000_REG(E1000_CTRL) |= E1000_CTRL_SLU;

	tx_init();
	rx_init();
	return 1;
}

int
e1000_tx(const void *data, uint32_t len)
{
	uint32_t tdt = E1000_REG(E1000_TDT);
	uint32_t next = (tdt + 1) % E1000_NTXDESC;

	if (len > E1000_MAXPKT)
		return -E_INVAL;
	// Keep one descriptor free: TDT == TDH means an empty ring.
	if (!(tx_ring[tdt].status & E1000_TXD_STAT_DD) ||
	    !(tx_ring[next].status & E1000_TXD_STAT_DD))
		return -E_AGAIN;

	memcpy(tx_bufs[tdt], data, len);
	tx_ring[tdt].length = len;
	tx_ring[tdt].cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
	tx_ring[tdt].status = 0;
	E1000_REG(E1000_TDT) = next;
	return 0;
}

int
e1000_rx(void *data, uint32_t *len)
{
	struct e1000_rx_desc *d = &rx_ring[rx_next];

	if (!(d->status & E1000_RXD_STAT_DD))
		return -E_AGAIN;
	if (!(d->status & E1000_RXD_STAT_EOP))
		panic("e1000_rx: jumbo frame");

	*len = d->length;
	memcpy(data, rx_bufs[rx_next], d->length);
	d->status = 0;
	E1000_REG(E1000_RDT) = rx_next;
	rx_next = (rx_next + 1) % E1000_NRXDESC;
	return 0;
}
