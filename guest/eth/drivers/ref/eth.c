/*
 * eth.c: the "eth" module for the Intel 82557, nicsim reference driver "ref".
 *
 * The design (specs/guest-abis.md section 4): the PCI bus is scanned for
 * 8086:1229 and the CSR reached through the I/O BAR; a PORT software reset; CU
 * and RU base loaded as 0, so every pointer is a physical address. Action
 * commands live in a static command area, allocated dword-aligned, one executing
 * at a time (each with EL and I), the others waiting in a queue; the interrupt
 * handler starts the next one when the running one completes. A transmit is in
 * simple memory mode: the frame follows the transmit command block. Receiving
 * uses a single RFD with EL, cleared and restarted after each frame. Callbacks
 * run inside the interrupt handler; command id 0 is kernel-internal and never
 * reported.
 */
#include "eth.h"
#include "pci.h"

#include <support.h>
#include <common.h>
#include <kdefs.h>
#include <x86pic.h>
#include <klib.h>
#include <queues.h>
#include <cio.h>
#include <sio.h>

/* eth_cb is the header of every action command block. */
struct eth_cb {
	volatile uint16_t status;
	volatile uint16_t command;
	volatile uint32_t link;
};

/* eth_tcb is a transmit command block in simple mode, the frame after it. */
struct eth_tcb {
	struct eth_cb h;
	volatile uint32_t tbd_array;
	volatile uint16_t count;
	volatile uint8_t threshold;
	volatile uint8_t tbd_number;
	uint8_t data[];
};

/* eth_ias is an individual address setup command block. */
struct eth_ias {
	struct eth_cb h;
	uint8_t addr[6];
};

/* eth_rfd is a receive frame descriptor in simplified mode. */
struct eth_rfd {
	volatile uint16_t status;
	volatile uint16_t command;
	volatile uint32_t link;
	volatile uint32_t rbd;
	volatile uint16_t count;
	volatile uint16_t size;
	uint8_t data[ETH_RFD_DATA_SIZE];
};

/* eth_slot is a command issued and not yet completed. */
struct eth_slot {
	struct eth_cb *cb;
	uint16_t id;
	uint16_t bytes;         /* of the command area, with any wrap-around waste */
	uint16_t prev_head;     /* the allocation offset before this command */
	bool used;
	bool started;           /* the CU was started on it */
};

uint8_t _eth_MAC[6];

static uint32_t io_base;
static uint8_t cbl_area[ETH_CBL_SIZE] __attribute__((aligned(4)));
static uint32_t cbl_head;       /* next allocation offset */
static uint32_t cbl_used;       /* bytes allocated, waste included */
static struct eth_slot slots[ETH_CMD_SLOTS];
static struct eth_slot *running; /* the command the CU owns, or NULL */
static queue_t pending;
static struct eth_rfd rfa __attribute__((aligned(4)));
static void (*cmd_callback)(uint16_t id, uint16_t status);
static void (*rx_callback)(uint16_t status, const uint8_t *data, uint16_t count);

/* eth_scb_wait waits until the device accepted the last SCB command. */
static int eth_scb_wait(void)
{
	for (int i = 0; i < 10000; i++)
		if (__inb(io_base + ETH_SCB_CMD) == 0)
			return 0;
	for (int i = 0; i < 10; i++) {
		__delay(1);
		if (__inb(io_base + ETH_SCB_CMD) == 0)
			return 0;
	}
	__cio_printf("eth: SCB command byte stuck at 0x%02x\n", __inb(io_base + ETH_SCB_CMD));
	return -1;
}

static void eth_scb_command(uint8_t cmd, uint32_t pointer)
{
	if (eth_scb_wait() != 0)
		return;
	__outl(io_base + ETH_SCB_GENERAL_POINTER, (int)pointer);
	__outb(io_base + ETH_SCB_CMD, cmd);
}

void _eth_disable_int(void) { __outb(io_base + ETH_SCB_INTMASK, ETH_INT_MASK_ALL); }
void _eth_enable_int(void) { __outb(io_base + ETH_SCB_INTMASK, 0); }
void _eth_load_CU_base(uint32_t base) { eth_scb_command(ETH_CUC_LOAD_CU_BASE, base); }
void _eth_load_RU_base(uint32_t base) { eth_scb_command(ETH_RUC_LOAD_RU_BASE, base); }
void _eth_CU_start(uint8_t *cb) { eth_scb_command(ETH_CUC_START, (uint32_t)cb); }
void _eth_RU_start(uint8_t *rfd) { eth_scb_command(ETH_RUC_START, (uint32_t)rfd); }

/* eth_alloc takes a slot and size bytes of the command area, or returns NULL. */
static struct eth_slot *eth_alloc(uint32_t size)
{
	struct eth_slot *s = NULL;
	uint32_t waste = 0;

	size = (size + 3) & ~3u;
	for (int i = 0; i < ETH_CMD_SLOTS && s == NULL; i++)
		if (!slots[i].used)
			s = &slots[i];
	if (cbl_head + size > ETH_CBL_SIZE)
		waste = ETH_CBL_SIZE - cbl_head;
	if (s == NULL || cbl_used + waste + size > ETH_CBL_SIZE)
		return NULL;
	s->prev_head = cbl_head;
	if (waste != 0)
		cbl_head = 0;
	s->cb = (struct eth_cb *)&cbl_area[cbl_head];
	s->bytes = waste + size;
	s->used = true;
	s->started = false;
	cbl_head = (cbl_head + size) % ETH_CBL_SIZE;
	cbl_used += s->bytes;
	return s;
}

/* eth_free returns a completed command's slot and area (in issue order). */
static void eth_free(struct eth_slot *s)
{
	cbl_used -= s->bytes;
	s->used = false;
}

/* eth_unalloc takes back the latest allocation, which was never issued. */
static void eth_unalloc(struct eth_slot *s)
{
	cbl_head = s->prev_head;
	eth_free(s);
}

/* eth_kick starts the CU on the running command once the CU is idle. */
static void eth_kick(void)
{
	if (running == NULL || running->started)
		return;
	if ((__inb(io_base + ETH_SCB_STATUS) & 0xC0) != 0)
		return; /* still active: the CNA interrupt comes back here */
	running->started = true;
	_eth_CU_start((uint8_t *)running->cb);
}

/* eth_issue hands a filled command to the CU, or queues it behind the running one. */
static uint8_t eth_issue(struct eth_slot *s)
{
	if (running != NULL) {
		if (_que_enque(pending, s, 0) != SUCCESS) {
			eth_unalloc(s);
			return ETH_NO_MEM;
		}
		return ETH_SUCCESS;
	}
	running = s;
	eth_kick();
	return ETH_SUCCESS;
}

/* eth_reap reports every completed command and starts the next. */
static void eth_reap(void)
{
	while (running != NULL && running->started && (running->cb->status & ETH_CB_STATUS_C)) {
		struct eth_slot *done = running;
		uint16_t status = (done->cb->status & ETH_CB_STATUS_OK) ? ETH_SUCCESS : ETH_CMD_FAIL;
		uint16_t id = done->id;

		eth_free(done);
		running = _que_deque(pending);
		if (id != 0 && cmd_callback != NULL)
			cmd_callback(id, status);
		eth_kick();
	}
}

/* eth_rfd_reset makes the single RFD empty, last (EL) and linked to itself. */
static void eth_rfd_reset(void)
{
	rfa.status = 0;
	rfa.command = ETH_RFD_CMD_EL;
	rfa.link = (uint32_t)&rfa;
	rfa.rbd = ETH_TBD_NONE;
	rfa.count = 0;
	rfa.size = ETH_RFD_DATA_SIZE;
}

/* eth_receive hands a completed frame to the callback and restarts the RU. */
static void eth_receive(void)
{
	if (!(rfa.status & ETH_RFD_STATUS_C))
		return;
	uint16_t status = (rfa.status & ETH_RFD_STATUS_OK) ? ETH_SUCCESS : ETH_RECV_ERR;
	if (rx_callback != NULL)
		rx_callback(status, rfa.data, rfa.count & ETH_RFD_COUNT_MASK);
	eth_rfd_reset();
	_eth_RU_start((uint8_t *)&rfa);
}

static void eth_isr(int vector, int code)
{
	uint8_t stat;

	(void)code;
	while ((stat = __inb(io_base + ETH_SCB_STATACK)) != 0 && stat != 0xFF) {
		__outb(io_base + ETH_SCB_STATACK, stat);
		eth_reap();
		if (stat & (ETH_STAT_FR | ETH_STAT_RNR))
			eth_receive();
	}
	if (vector >= PIC_VECTOR_BASE + 8)
		__outb(PIC2, EOI);
	__outb(PIC1, EOI);
}

void _eth_init(void)
{
	pci_dev_t dev;

	if (__pci_find_device(&dev, ETH_VENDOR_ID, ETH_DEVICE_ID) != 0) {
		__cio_puts("eth: no 82557 (8086:1229) on the PCI bus\n");
		return;
	}
	io_base = __pci_read32(dev.bus, dev.slot, dev.function, ETH_PCI_IO_BAR) & 0xFFF0;
	uint32_t cmd = __pci_read32(dev.bus, dev.slot, dev.function, PCI_COMMAND_OFF) & 0xFFFF;
	__pci_write32(dev.bus, dev.slot, dev.function, PCI_COMMAND_OFF,
		      cmd | PCI_COMMAND_IO | PCI_COMMAND_MASTER);

	__outl(io_base + ETH_PORT, ETH_SOFT_RESET);
	__delay(1);
	_eth_disable_int();
	pending = _que_alloc(NULL);
	assert(pending != NULL);
	_eth_load_CU_base(0);
	_eth_load_RU_base(0);
	eth_rfd_reset();
	__install_isr(dev.int_line + PIC_VECTOR_BASE, eth_isr);
	_eth_RU_start((uint8_t *)&rfa);
	_eth_enable_int();
	__cio_printf("eth: 82557 at %d:%d io 0x%x irq %d\n", dev.bus, dev.slot, (unsigned)io_base, dev.int_line);
}

void _eth_set_cmd_callback(void (*callback)(uint16_t id, uint16_t status)) { cmd_callback = callback; }

void _eth_set_rx_callback(void (*callback)(uint16_t status, const uint8_t *data, uint16_t count))
{
	rx_callback = callback;
}

uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id)
{
	_eth_disable_int();
	struct eth_slot *s = eth_alloc(sizeof(struct eth_ias));
	if (s == NULL) {
		_eth_enable_int();
		return ETH_NO_MEM;
	}
	struct eth_ias *ias = (struct eth_ias *)s->cb;
	ias->h.status = 0;
	ias->h.command = ETH_CMD_EL | ETH_CMD_I | ETH_CMD_LOAD_ADDR;
	ias->h.link = 0;
	__memcpy(ias->addr, addr, 6);
	__memcpy(_eth_MAC, addr, 6);
	s->id = id;
	uint8_t rc = eth_issue(s);
	_eth_enable_int();
	return rc;
}

uint8_t _eth_tx(uint8_t *data, uint16_t len, uint16_t id)
{
	if (len >= ETH_MAX_TX_LEN)
		return ETH_TOO_LARGE;
	_eth_disable_int();
	struct eth_slot *s = eth_alloc(sizeof(struct eth_tcb) + len);
	if (s == NULL) {
		_eth_enable_int();
		return ETH_NO_MEM;
	}
	struct eth_tcb *tcb = (struct eth_tcb *)s->cb;
	tcb->h.status = 0;
	tcb->h.command = ETH_CMD_EL | ETH_CMD_I | ETH_CMD_TX;
	tcb->h.link = 0;
	tcb->tbd_array = ETH_TBD_NONE;
	tcb->count = len | ETH_TCB_EOF;
	tcb->threshold = ETH_TX_THRESHOLD;
	tcb->tbd_number = 0;
	__memcpy(tcb->data, data, len);
	s->id = id;
	uint8_t rc = eth_issue(s);
	_eth_enable_int();
	return rc;
}
