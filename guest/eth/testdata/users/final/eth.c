/*
 * eth.c -- Intel 82557 driver for the baseline kernel.
 *
 * Design:
 *   - SCB through the I/O BAR, one byte at a time.
 *   - Transmit: a ring of NCB command blocks, links preset, simplified mode
 *     (frame right after the TCB).  The newest block carries S; to add one we
 *     fill it, set S on it, clear S on the block before it and CU resume
 *     (CU start for the very first block).  Completed blocks are reaped by C.
 *   - Receive: a ring of NRFD frame descriptors; the last one carries EL.  A
 *     frame handed up has its RFD cleared, marked EL, and the EL moved off the
 *     one before.  On RNR the RU is started again at the next RFD.
 *   - Interrupt driven: CX, FR, CNA, RNR.
 */
#include "eth.h"
#include "pci.h"

#include "support.h"
#include "common.h"
#include "kdefs.h"
#include "x86pic.h"
#include "klib.h"
#include "cio.h"

/* CSR byte offsets */
#define SCB_STATUS      0x00
#define SCB_STATACK     0x01
#define SCB_CMD         0x02
#define SCB_INTCTL      0x03
#define SCB_POINTER     0x04
#define CSR_PORT        0x08

#define CUS_MASK        0xC0
#define CUS_IDLE        0x00
#define CUS_SUSPENDED   0x40
#define RUS_MASK        0x3C
#define RUS_READY       0x10

#define CUC_START       0x10
#define CUC_RESUME      0x20
#define CUC_LOAD_BASE   0x60
#define RUC_START       0x01
#define RUC_LOAD_BASE   0x06

#define INT_M           0x01

#define STAT_CX         0x80
#define STAT_FR         0x40
#define STAT_CNA        0x20
#define STAT_RNR        0x10

/* command block bits */
#define CB_C            0x8000
#define CB_OK           0x2000
#define CB_EL           0x8000
#define CB_S            0x4000
#define CB_I            0x2000
#define CB_IAS          0x0001
#define CB_TX           0x0004

#define RFD_C           0x8000
#define RFD_OK          0x2000
#define RFD_EL          0x8000
#define COUNT_MASK      0x3FFF

#define MAX_FRAME       1518
#define NCB             16
#define NRFD            8

struct cb {
	volatile uint16_t status;
	volatile uint16_t command;
	volatile uint32_t link;
	union {
		uint8_t ias[6];
		struct {
			uint32_t tbd_array;
			uint16_t count;
			uint8_t threshold;
			uint8_t tbd_num;
			uint8_t data[MAX_FRAME];
		} tx;
	} u;
	/* driver bookkeeping, not seen by the device */
	uint16_t id;
	uint16_t busy;
} __attribute__((aligned(4)));

struct rfd {
	volatile uint16_t status;
	volatile uint16_t command;
	volatile uint32_t link;
	uint32_t rbd;
	volatile uint16_t count;
	uint16_t size;
	uint8_t data[MAX_FRAME + 2];
} __attribute__((aligned(4)));

uint8_t _eth_MAC[6];

static struct cb cbl[NCB];
static struct rfd rfa[NRFD];
static int cb_head;     /* next free block */
static int cb_tail;     /* oldest block not yet reaped */
static int cb_used;
static int cu_started;
static int rx_next;     /* next RFD the RU fills */
static int rx_last;     /* the RFD with EL */

static int iobase;
static void (*cmd_cb)(uint16_t, uint16_t);
static void (*rx_cb)(uint16_t, const uint8_t *, uint16_t);

static void scb_wait(void)
{
	int n = 0;
	while (__inb(iobase + SCB_CMD) != 0) {
		if (++n == 100000) {
			__cio_puts("eth: SCB command never accepted\n");
			return;
		}
	}
}

static void scb_cmd(uint8_t cmd, uint32_t ptr, int with_ptr)
{
	scb_wait();
	if (with_ptr)
		__outl(iobase + SCB_POINTER, (int)ptr);
	__outb(iobase + SCB_CMD, cmd);
}

void _eth_disable_int(void)
{
	__outb(iobase + SCB_INTCTL, INT_M);
}

void _eth_enable_int(void)
{
	__outb(iobase + SCB_INTCTL, 0);
}

static void rx_setup(void)
{
	for (int i = 0; i < NRFD; i++) {
		__memset(&rfa[i], sizeof(struct rfd) - sizeof(rfa[i].data), 0);
		rfa[i].link = (uint32_t)&rfa[(i + 1) % NRFD];
		rfa[i].rbd = 0xFFFFFFFF;
		rfa[i].size = MAX_FRAME;
	}
	rfa[NRFD - 1].command = RFD_EL;
	rx_next = 0;
	rx_last = NRFD - 1;
}

static void cu_setup(void)
{
	for (int i = 0; i < NCB; i++) {
		cbl[i].status = 0;
		cbl[i].command = 0;
		cbl[i].link = (uint32_t)&cbl[(i + 1) % NCB];
		cbl[i].busy = 0;
	}
	cb_head = cb_tail = cb_used = 0;
	cu_started = 0;
}

/* reap completed command blocks, oldest first */
static void cu_reap(void)
{
	while (cb_used > 0) {
		struct cb *b = &cbl[cb_tail];
		if (!(b->status & CB_C))
			break;
		uint16_t st = b->status;
		uint16_t id = b->id;
		b->busy = 0;
		cb_tail = (cb_tail + 1) % NCB;
		cb_used--;
		if (id != 0 && cmd_cb)
			cmd_cb(id, (st & CB_OK) ? ETH_SUCCESS : ETH_CMD_FAIL);
	}
}

/* hand the filled block at cb_head to the CU; interrupts are off */
static void cu_queue(uint16_t cmd, uint16_t id)
{
	struct cb *b = &cbl[cb_head];
	struct cb *prev = &cbl[(cb_head + NCB - 1) % NCB];

	b->id = id;
	b->busy = 1;
	b->status = 0;
	b->command = cmd | CB_S | CB_I;
	cb_head = (cb_head + 1) % NCB;
	cb_used++;
	if (!cu_started) {
		cu_started = 1;
		scb_cmd(CUC_START, (uint32_t)b, 1);
		return;
	}
	prev->command &= ~CB_S;
	scb_cmd(CUC_RESUME, 0, 0);
}

/* hand up every finished frame and give its RFD back at the end of the list */
static void rx_drain(void)
{
	for (;;) {
		struct rfd *r = &rfa[rx_next];
		if (!(r->status & RFD_C))
			break;
		uint16_t st = r->status;
		uint16_t n = r->count & COUNT_MASK;
		if (rx_cb)
			rx_cb((st & RFD_OK) ? ETH_SUCCESS : ETH_RECV_ERR, r->data, n);
		r->status = 0;
		r->count = 0;
		r->command = RFD_EL;
		rfa[rx_last].command = 0;
		rx_last = rx_next;
		rx_next = (rx_next + 1) % NRFD;
	}
}

static void eth_isr(int vector, int code)
{
	(void)vector;
	(void)code;
	uint8_t stat = __inb(iobase + SCB_STATACK);
	if (stat)
		__outb(iobase + SCB_STATACK, stat);
	if (stat & (STAT_CX | STAT_CNA))
		cu_reap();
	/* read the RU state before draining: once it has left ready it fills
	 * nothing more, so after the drain rx_next is free to start at.  An RU
	 * start still pending would make the state stale: wait for it first */
	scb_wait();
	int stopped = (__inb(iobase + SCB_STATUS) & RUS_MASK) != RUS_READY;
	if (stat & (STAT_FR | STAT_RNR) || stopped)
		rx_drain();
	if (stopped)
		scb_cmd(RUC_START, (uint32_t)&rfa[rx_next], 1);
	__outb(PIC2, EOI);
	__outb(PIC1, EOI);
}

void _eth_init(void)
{
	pci_dev_t dev;

	if (__pci_find_device(&dev, ETH_VENDOR_ID, ETH_DEVICE_ID) != 0) {
		__cio_puts("eth: no 82557 found\n");
		return;
	}
	uint32_t cmdreg = __pci_read32(dev.bus, dev.slot, dev.function, 0x04);
	__pci_write32(dev.bus, dev.slot, dev.function, 0x04, cmdreg | 0x5);
	iobase = __pci_read32(dev.bus, dev.slot, dev.function, 0x14) & 0xFFF0;
	__cio_printf("eth: 82557 at %d:%d io 0x%x irq %d\n", dev.bus, dev.slot, iobase, dev.int_line);

	__outl(iobase + CSR_PORT, 0); /* software reset */
	__delay(1);
	_eth_disable_int();

	cu_setup();
	rx_setup();
	scb_cmd(CUC_LOAD_BASE, 0, 1);
	scb_cmd(RUC_LOAD_BASE, 0, 1);
	scb_cmd(RUC_START, (uint32_t)&rfa[0], 1);

	__install_isr(dev.int_line + 0x20, eth_isr);
	_eth_enable_int();
}

void _eth_set_cmd_callback(void (*cb)(uint16_t id, uint16_t status))
{
	cmd_cb = cb;
}

void _eth_set_rx_callback(void (*cb)(uint16_t status, const uint8_t *data, uint16_t count))
{
	rx_cb = cb;
}

uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id)
{
	_eth_disable_int();
	if (cb_used == NCB) {
		_eth_enable_int();
		return ETH_NO_MEM;
	}
	struct cb *b = &cbl[cb_head];
	for (int i = 0; i < 6; i++) {
		b->u.ias[i] = addr[i];
		_eth_MAC[i] = addr[i];
	}
	cu_queue(CB_IAS, id);
	_eth_enable_int();
	return ETH_SUCCESS;
}

uint8_t _eth_tx(uint8_t *data, uint16_t len, uint16_t id)
{
	if (len >= (1 << 14) || len > MAX_FRAME)
		return ETH_TOO_LARGE;
	_eth_disable_int();
	if (cb_used == NCB) {
		_eth_enable_int();
		return ETH_NO_MEM;
	}
	struct cb *b = &cbl[cb_head];
	b->u.tx.tbd_array = 0xFFFFFFFF;
	b->u.tx.count = len | 0x8000; /* EOF */
	b->u.tx.threshold = 0xE0;
	b->u.tx.tbd_num = 0;
	__memcpy(b->u.tx.data, data, len);
	cu_queue(CB_TX, id);
	_eth_enable_int();
	return ETH_SUCCESS;
}
