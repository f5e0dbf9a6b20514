#include <kern/e1000.h>
#include <kern/pmap.h>
#include <inc/string.h>
#include <inc/error.h>

// LAB 6: Your driver code here

volatile uint32_t *e1000;

struct tx_desc tx_ring[NTXDESC] __attribute__((aligned(16)));
struct rx_desc rx_ring[NRXDESC] __attribute__((aligned(16)));
char tx_bufs[NTXDESC][TX_PKT_SIZE];
char rx_bufs[NRXDESC][RX_PKT_SIZE];

static void
tx_init(void)
{
	int i;

	memset(tx_ring, 0, sizeof(tx_ring));
	for (i = 0; i < NTXDESC; i++) {
		tx_ring[i].addr = PADDR(tx_bufs[i]);
		tx_ring[i].status = E1000_TXD_STAT_DD;
	}
	e1000[E1000_TDBAL/4] = PADDR(tx_ring);
	e1000[E1000_TDBAH/4] = 0;
	e1000[E1000_TDLEN/4] = sizeof(tx_ring);
	e1000[E1000_TDH/4] = 0;
	e1000[E1000_TDT/4] = 0;
	e1000[E1000_TCTL/4] = E1000_TCTL_EN | E1000_TCTL_PSP |
		(0x10 << 4) | (0x40 << 12);
	e1000[E1000_TIPG/4] = 10 | (4 << 10) | (6 << 20);
}

static void
rx_init(void)
{
	int i;

	memset(rx_ring, 0, sizeof(rx_ring));
	for (i = 0; i < NRXDESC; i++)
		rx_ring[i].addr = PADDR(rx_bufs[i]);
	// 52:54:00:12:34:56
	e1000[E1000_RA/4] = 0x12005452;
	e1000[E1000_RA/4 + 1] = 0x5634 | E1000_RAH_AV;
	for (i = 0; i < 128; i++)
		e1000[E1000_MTA/4 + i] = 0;
	e1000[E1000_IMC/4] = 0xffffffff;
	e1000[E1000_RDBAL/4] = PADDR(rx_ring);
	e1000[E1000_RDBAH/4] = 0;
	e1000[E1000_RDLEN/4] = sizeof(rx_ring);
	e1000[E1000_RDH/4] = 0;
	e1000[E1000_RDT/4] = NRXDESC - 1;
	e1000[E1000_RCTL/4] = E1000_RCTL_EN | E1000_RCTL_BAM |
		E1000_RCTL_SZ_2048 | E1000_RCTL_SECRC;
}

int
e1000_attach(struct pci_func *pcif)
{
	pci_func_enable(pcif);
	e1000 = mmio_map_region(pcif->reg_base[0], pcif->reg_size[0]);
	cprintf("e1000: status %08x\n", e1000[E1000_STATUS/4]);
	tx_init();
	rx_init();
	return 1;
}

int
e1000_transmit(void *data, size_t len)
{
	uint32_t tail = e1000[E1000_TDT/4];
	struct tx_desc *d = &tx_ring[tail];

	if (len > TX_PKT_SIZE)
		return -E_INVAL;
	if (!(d->status & E1000_TXD_STAT_DD))
		return -E_TX_FULL;
	memmove(tx_bufs[tail], data, len);
	d->length = len;
	d->status &= ~E1000_TXD_STAT_DD;
	d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
	e1000[E1000_TDT/4] = (tail + 1) % NTXDESC;
	return 0;
}

int
e1000_receive(void *buf, size_t len)
{
	uint32_t next = (e1000[E1000_RDT/4] + 1) % NRXDESC;
	struct rx_desc *d = &rx_ring[next];
	size_t n;

	if (!(d->status & E1000_RXD_STAT_DD))
		return -E_RX_EMPTY;
	n = d->length;
	if (n > len)
		n = len;
	memmove(buf, rx_bufs[next], n);
	d->status = 0;
	e1000[E1000_RDT/4] = next;
	return n;
}
