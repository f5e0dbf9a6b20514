#include <kern/e1000.h>
#include <kern/pmap.h>
#include <inc/string.h>
#include <inc/error.h>
#include <inc/stdio.h>

// LAB 6: Your driver code here

volatile uint32_t *e1000;

struct tx_desc tx_descs[NTX] __attribute__((aligned(16)));
struct rx_desc rx_descs[NRX] __attribute__((aligned(16)));

char tx_buf[NTX][BUFSZ];
char rx_buf[NRX][BUFSZ];

static void
e1000_reset(void)
{
	e1000[E1000_IMC] = 0xffffffff;
	e1000[E1000_CTRL] |= E1000_CTRL_RST;
	// the reset takes a while; the bit clears when it is done
	while (e1000[E1000_CTRL] & E1000_CTRL_RST)
		;
	e1000[E1000_IMC] = 0xffffffff;
}

static void
tx_init(void)
{
	int i;

	// IEEE 802.3 inter-packet gap: IPGT 10, IPGR1 8, IPGR2 6
	e1000[E1000_TIPG] = 10 | (8 << 10) | (6 << 20);
	memset(tx_descs, 0, sizeof(tx_descs));
	for (i = 0; i < NTX; i++) {
		tx_descs[i].addr = PADDR(tx_buf[i]);
		tx_descs[i].status = TXD_STA_DD;
	}
	e1000[E1000_TDBAL] = PADDR(tx_descs);
	e1000[E1000_TDBAH] = 0;
	e1000[E1000_TDLEN] = sizeof(tx_descs);
	e1000[E1000_TDH] = 0;
	e1000[E1000_TDT] = 0;
	e1000[E1000_TCTL] = E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT | E1000_TCTL_COLD;
}

static void
rx_init(void)
{
	int i;

	// 52:54:00:12:34:56
	e1000[E1000_RA] = 0x12005452;
	e1000[E1000_RA + 1] = 0x5634 | E1000_RAH_AV;
	for (i = 0; i < 128; i++)
		e1000[E1000_MTA + i] = 0;

	memset(rx_descs, 0, sizeof(rx_descs));
	for (i = 0; i < NRX; i++)
		rx_descs[i].addr = PADDR(rx_buf[i]);
	e1000[E1000_RDBAL] = PADDR(rx_descs);
	e1000[E1000_RDBAH] = 0;
	e1000[E1000_RDLEN] = sizeof(rx_descs);
	e1000[E1000_RDH] = 0;
	e1000[E1000_RDT] = NRX - 1;
	e1000[E1000_RCTL] = E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC;
}

int
pci_e1000_attach(struct pci_func *f)
{
	pci_func_enable(f);
	e1000 = mmio_map_region(f->reg_base[0], f->reg_size[0]);
	cprintf("e1000 status: %x\n", e1000[E1000_STATUS]);
	e1000_reset();
	tx_init();
	rx_init();
	return 0;
}

int
e1000_transmit(const char *buf, size_t len)
{
	uint32_t tail = e1000[E1000_TDT];
	struct tx_desc *d = &tx_descs[tail];

	if (len > BUFSZ)
		return -E_INVAL;
	// full: this slot is not done yet, or the next one is not (TDT must
	// not catch up with the card's head: that looks like an empty ring)
	if (!(d->status & TXD_STA_DD) || !(tx_descs[(tail + 1) % NTX].status & TXD_STA_DD))
		return -E_TX_FULL;
	memmove(tx_buf[tail], buf, len);
	d->length = len;
	d->cmd = TXD_CMD_EOP | TXD_CMD_RS;
	d->status = 0;
	e1000[E1000_TDT] = (tail + 1) % NTX;
	return 0;
}

int
e1000_receive(char *buf, size_t len)
{
	uint32_t i = (e1000[E1000_RDT] + 1) % NRX;
	struct rx_desc *d = &rx_descs[i];

	if (!(d->status & RXD_STA_DD))
		return -E_RX_EMPTY;
	if (d->length < len)
		len = d->length;
	memmove(buf, rx_buf[i], len);
	d->status = 0;
	e1000[E1000_RDT] = i;
	return len;
}
