#include <kern/e1000.h>
#include <kern/pmap.h>
#include <inc/string.h>
#include <inc/error.h>

// LAB 6: Your driver code here

volatile uint32_t *e1000;

struct tx_desc tx_desc_list[TX_DESC_NUM] __attribute__ ((aligned (16)));
char tx_buf[TX_DESC_NUM][TX_PKT_SIZE];

struct rx_desc rx_desc_list[RX_DESC_NUM] __attribute__ ((aligned (16)));
char rx_buf[RX_DESC_NUM][RX_PKT_SIZE];

static void
e1000_transmit_init(void)
{
	int i;

	memset(tx_desc_list, 0, sizeof(tx_desc_list));
	for (i = 0; i < TX_DESC_NUM; i++) {
		tx_desc_list[i].addr = PADDR(tx_buf[i]);
		tx_desc_list[i].status = E1000_TXD_STAT_DD;
	}

	e1000[E1000_TDBAL] = PADDR(tx_desc_list);
	e1000[E1000_TDBAH] = 0;
	e1000[E1000_TDLEN] = sizeof(tx_desc_list);
	e1000[E1000_TDH] = 0;
	e1000[E1000_TDT] = 0;

	e1000[E1000_TCTL] = E1000_TCTL_EN | E1000_TCTL_PSP |
		(0x10 << 4) | (0x40 << 12);
	// IPGT = 10, IPGR1 = 4 (2/3 of IPGR2), IPGR2 = 6
	e1000[E1000_TIPG] = 10 | (4 << 10) | (6 << 20);
}

static void
e1000_receive_init(void)
{
	int i;

	// 52:54:00:12:34:56
	e1000[E1000_RA] = 0x12005452;
	e1000[E1000_RA + 1] = 0x5634 | E1000_RAH_AV;
	for (i = 0; i < 128; i++)
		e1000[E1000_MTA + i] = 0;

	memset(rx_desc_list, 0, sizeof(rx_desc_list));
	for (i = 0; i < RX_DESC_NUM; i++)
		rx_desc_list[i].addr = PADDR(rx_buf[i]);

	e1000[E1000_IMS] = 0;
	e1000[E1000_RDBAL] = PADDR(rx_desc_list);
	e1000[E1000_RDBAH] = 0;
	e1000[E1000_RDLEN] = sizeof(rx_desc_list);
	e1000[E1000_RDH] = 0;
	e1000[E1000_RDT] = RX_DESC_NUM - 1;

	e1000[E1000_RCTL] = E1000_RCTL_EN | E1000_RCTL_BAM |
		E1000_RCTL_SZ_2048 | E1000_RCTL_SECRC;
}

int
e1000_attach(struct pci_func *pcif)
{
	pci_func_enable(pcif);
	e1000 = mmio_map_region(pcif->reg_base[0], pcif->reg_size[0]);
	cprintf("e1000: status %08x\n", e1000[E1000_STATUS]);

	e1000_transmit_init();
	e1000_receive_init();
	return 0;
}

int
e1000_transmit(void *addr, size_t len)
{
	uint32_t tail = e1000[E1000_TDT];
	struct tx_desc *desc = &tx_desc_list[tail];

	if (len > TX_PKT_SIZE)
		return -E_INVAL;
	if (!(desc->status & E1000_TXD_STAT_DD))
		return -E_TX_FULL;

	memmove(tx_buf[tail], addr, len);
	desc->length = len;
	desc->status &= ~E1000_TXD_STAT_DD;
	desc->cmd |= (E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS);

	e1000[E1000_TDT] = (tail + 1) % TX_DESC_NUM;
	return 0;
}

int
e1000_receive(void *addr, size_t buflen)
{
	uint32_t tail = (e1000[E1000_RDT] + 1) % RX_DESC_NUM;
	struct rx_desc *desc = &rx_desc_list[tail];
	int len;

	if (!(desc->status & E1000_RXD_STAT_DD))
		return -E_RX_EMPTY;

	len = desc->length;
	if (len > buflen)
		len = buflen;
	memmove(addr, rx_buf[tail], len);
	desc->status &= ~E1000_RXD_STAT_DD;

	e1000[E1000_RDT] = tail;
	return len;
}
