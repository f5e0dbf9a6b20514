/*
** File:    eth.c
**
** Description: 82557 ethernet module.
**
** Everything goes through the I/O BAR.  Commands are run one at a time and
** waited for: __eth_tx builds the single command block, starts the CU and
** polls the block's C bit, then reports it through the command callback.
** The device interrupt is masked (SCB M bit) while a command runs.
**
** Receive is interrupt driven: four RFDs, EL fixed on the last one.  The
** handler hands up what is complete; when the RU has run out of RFDs it
** starts it again from the first one.
*/

#include "eth.h"

#include "common.h"
#include "klib.h"
#include "support.h"
#include "x86pic.h"
#include "cio.h"

#define SCB_STAT    0x00
#define SCB_ACK     0x01
#define SCB_CMD     0x02
#define SCB_PTR     0x04
#define SCB_PORT    0x08

#define CMD_M       0x0100
#define CUC_START   0x0010
#define CUC_BASE    0x0060
#define RUC_START   0x0001
#define RUC_BASE    0x0006

#define RUS_MASK    0x003C
#define RUS_NORES   0x0008
#define RUS_IDLE    0x0000

#define B_C         0x8000
#define B_OK        0x2000
#define B_EL        0x8000

#define NRFD        4
#define MAXLEN      1518

struct eth_cb {
	volatile uint16_t stat;
	volatile uint16_t cmd;
	uint32_t link;
	union {
		uint8_t addr[6];
		struct {
			uint32_t tbd;
			uint16_t cnt;
			uint8_t thr;
			uint8_t num;
			uint8_t frame[MAXLEN];
		} t;
	} u;
};

struct eth_rfd {
	volatile uint16_t stat;
	volatile uint16_t cmd;
	uint32_t link;
	uint32_t rbd;
	volatile uint16_t cnt;
	uint16_t size;
	uint8_t frame[MAXLEN + 2];
};

static int io;
static struct eth_cb cb __attribute__((aligned(16)));
static struct eth_rfd rfa[NRFD] __attribute__((aligned(16)));
static int rx_next;
static void (*cmd_callback)(uint16_t, uint16_t);
static void (*rx_callback)(uint16_t, const uint8_t *, uint16_t);

static uint32_t cfg_read(int slot, int reg)
{
	__outl(0xCF8, (int)(0x80000000u | (slot << 11) | (reg & 0xFC)));
	return (uint32_t)__inl(0xCFC);
}

static void cfg_write(int slot, int reg, uint32_t v)
{
	__outl(0xCF8, (int)(0x80000000u | (slot << 11) | (reg & 0xFC)));
	__outl(0xCFC, (int)v);
}

static void scb_idle(void)
{
	int i = 0;
	while (__inb(io + SCB_CMD) & 0xFF)
		if (++i > 500000)
			break;
}

/* one SCB command; the interrupt control byte keeps M as given */
static void scb_go(uint16_t cmd, uint32_t ptr)
{
	scb_idle();
	__outl(io + SCB_PTR, (int)ptr);
	__outw(io + SCB_CMD, cmd);
}

static void ru_restart(void)
{
	for (int i = 0; i < NRFD; i++) {
		rfa[i].stat = 0;
		rfa[i].cnt = 0;
	}
	rx_next = 0;
	scb_go(RUC_START, (uint32_t)&rfa[0]);
}

static void eth_isr(int vec, int code)
{
	(void)vec;
	(void)code;
	uint16_t st = __inw(io + SCB_STAT);
	__outb(io + SCB_ACK, st >> 8);

	scb_idle();
	uint16_t rus = __inw(io + SCB_STAT) & RUS_MASK;
	while (rfa[rx_next].stat & B_C) {
		struct eth_rfd *r = &rfa[rx_next];
		if (rx_callback)
			rx_callback((r->stat & B_OK) ? ETH_SUCCESS : ETH_RECV_ERR, r->frame, r->cnt & 0x3FFF);
		r->stat = 0;
		rx_next = (rx_next + 1) % NRFD;
	}
	if (rus == RUS_NORES || rus == RUS_IDLE)
		ru_restart();

	__outb(PIC2, EOI);
	__outb(PIC1, EOI);
}

/* run the command block to completion with the device interrupt masked */
static uint8_t run_cb(uint16_t id)
{
	__outw(io + SCB_CMD, CMD_M);
	cb.stat = 0;
	cb.link = 0;
	scb_go(CUC_START | CMD_M, (uint32_t)&cb);
	int n = 0;
	while (!(cb.stat & B_C)) {
		if (++n > 1000000) {
			__outw(io + SCB_CMD, 0);
			__cio_puts("eth: command timed out\n");
			return ETH_ERR;
		}
	}
	uint16_t st = cb.stat;
	scb_idle();
	__outw(io + SCB_CMD, 0);
	if (id != 0 && cmd_callback)
		cmd_callback(id, (st & B_OK) ? ETH_SUCCESS : ETH_CMD_FAIL);
	return ETH_SUCCESS;
}

void __eth_init(void)
{
	int slot;
	for (slot = 0; slot < 32; slot++)
		if (cfg_read(slot, 0) == 0x12298086)
			break;
	if (slot == 32) {
		__cio_puts("eth: no 82557\n");
		return;
	}
	cfg_write(slot, 0x04, cfg_read(slot, 0x04) | 0x5);
	io = cfg_read(slot, 0x14) & ~3u;
	int irq = cfg_read(slot, 0x3C) & 0xFF;

	__outl(io + SCB_PORT, 0);
	__delay(1);
	__outw(io + SCB_CMD, CMD_M);

	for (int i = 0; i < NRFD; i++) {
		rfa[i].cmd = (i == NRFD - 1) ? B_EL : 0;
		rfa[i].link = (uint32_t)&rfa[(i + 1) % NRFD];
		rfa[i].rbd = 0xFFFFFFFF;
		rfa[i].size = MAXLEN;
	}
	scb_go(CUC_BASE | CMD_M, 0);
	scb_go(RUC_BASE | CMD_M, 0);
	rx_next = 0;
	scb_go(RUC_START | CMD_M, (uint32_t)&rfa[0]);

	__install_isr(irq + 0x20, eth_isr);
	scb_idle();
	__outw(io + SCB_CMD, 0);
	__cio_printf("eth: io=%x irq=%d\n", io, irq);
}

void __eth_set_cmd_callback(void (*callback)(uint16_t id, uint16_t status))
{
	cmd_callback = callback;
}

void __eth_set_rx_callback(void (*callback)(uint16_t status, const uint8_t *data, uint16_t count))
{
	rx_callback = callback;
}

uint8_t __eth_loadaddr(uint64_t addr, uint16_t id)
{
	if (addr >> 48)
		return ETH_TOO_LARGE;
	cb.cmd = 1 | B_EL;
	for (int i = 0; i < 6; i++)
		cb.u.addr[i] = (addr >> (40 - 8 * i)) & 0xFF;
	return run_cb(id);
}

uint8_t __eth_tx(uint8_t *data, uint16_t len, uint16_t id)
{
	if (len >= 0x4000 || len > MAXLEN)
		return ETH_TOO_LARGE;
	cb.cmd = 4 | B_EL;
	cb.u.t.tbd = 0xFFFFFFFF;
	cb.u.t.cnt = len | 0x8000;
	cb.u.t.thr = 0xE0;
	cb.u.t.num = 0;
	__memcpy(cb.u.t.frame, data, len);
	return run_cb(id);
}
