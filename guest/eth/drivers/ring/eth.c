/*
 * eth.c: the "eth" module for the Intel 82557, nicsim reference driver "ring".
 *
 * Same API and setup as "ref" (PCI scan, I/O BAR, PORT reset, CU and RU base 0),
 * but with the structures Linux's e100 uses:
 *  - command blocks form a fixed circular list with their links preset; a new
 *    block gets the S (suspend) bit before the previous block loses it, with a
 *    compiler barrier between, and the CU is resumed (started the first time).
 *    The CU never meets an EL bit, so it is always suspended, never idle, when
 *    resumed. Completed blocks are reaped by their C bit in the interrupt handler.
 *  - receive frame descriptors form a ring; exactly one, the one before the next
 *    to complete, carries EL. After a frame is handed up, its RFD becomes the new
 *    end (EL set) before EL is cleared on the old end. If the RU ran out of
 *    descriptors it is restarted at the next one to complete.
 * The top half (_eth_tx, _eth_loadaddr) masks the NIC's interrupt (SCB M bit)
 * while it touches the ring state the interrupt handler shares.
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

/* barrier keeps the compiler from moving memory accesses across it (x86
 * does not reorder stores with stores). */
#define barrier() __asm__ __volatile__("" ::: "memory")

/* eth_cb is one command block of the ring: header, then transmit or IA fields. */
struct eth_cb {
	volatile uint16_t status;
	volatile uint16_t command;
	volatile uint32_t link;
	union {
		struct {
			volatile uint32_t tbd_array;
			volatile uint16_t count;
			volatile uint8_t threshold;
			volatile uint8_t tbd_number;
			uint8_t data[ETH_CB_DATA_SIZE];
		} tx;
		uint8_t ias[6];
	} u;
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

uint8_t _eth_MAC[6];

static uint32_t io_base;
static struct eth_cb cbs[ETH_CB_COUNT] __attribute__((aligned(4)));
static uint16_t cb_ids[ETH_CB_COUNT];
static unsigned cb_use;         /* next block to fill */
static unsigned cb_clean;       /* oldest block not reaped */
static unsigned cb_busy;        /* blocks filled and not reaped */
static bool cu_started;
static struct eth_rfd rfds[ETH_RFD_COUNT] __attribute__((aligned(4)));
static unsigned rx_next;        /* the RFD the next frame goes to */
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

static void eth_scb_command(uint8_t cmd, uint32_t pointer, bool with_pointer)
{
	if (eth_scb_wait() != 0)
		return;
	if (with_pointer)
		__outl(io_base + ETH_SCB_GENERAL_POINTER, (int)pointer);
	__outb(io_base + ETH_SCB_CMD, cmd);
}

void _eth_disable_int(void) { __outb(io_base + ETH_SCB_INTMASK, ETH_INT_MASK_ALL); }
void _eth_enable_int(void) { __outb(io_base + ETH_SCB_INTMASK, 0); }
void _eth_load_CU_base(uint32_t base) { eth_scb_command(ETH_CUC_LOAD_CU_BASE, base, true); }
void _eth_load_RU_base(uint32_t base) { eth_scb_command(ETH_RUC_LOAD_RU_BASE, base, true); }
void _eth_CU_start(uint8_t *cb) { eth_scb_command(ETH_CUC_START, (uint32_t)cb, true); }
void _eth_RU_start(uint8_t *rfd) { eth_scb_command(ETH_RUC_START, (uint32_t)rfd, true); }

static void eth_CU_resume(void) { eth_scb_command(ETH_CUC_RESUME, 0, false); }

/* eth_rings_init links both rings into circles and marks the RFA's end. */
static void eth_rings_init(void)
{
	for (unsigned i = 0; i < ETH_CB_COUNT; i++) {
		cbs[i].status = 0;
		cbs[i].command = 0;
		cbs[i].link = (uint32_t)&cbs[(i + 1) % ETH_CB_COUNT];
	}
	for (unsigned i = 0; i < ETH_RFD_COUNT; i++) {
		rfds[i].status = 0;
		rfds[i].command = (i == ETH_RFD_COUNT - 1) ? ETH_RFD_CMD_EL : 0;
		rfds[i].link = (uint32_t)&rfds[(i + 1) % ETH_RFD_COUNT];
		rfds[i].rbd = ETH_TBD_NONE;
		rfds[i].count = 0;
		rfds[i].size = ETH_RFD_DATA_SIZE;
	}
}

/*
 * eth_exec hands the filled block cb to the CU: S on cb first, then S off the
 * previous block, then resume (start the first time). Called with the NIC's
 * interrupt masked.
 */
static void eth_exec(struct eth_cb *cb, uint16_t command, uint16_t id)
{
	struct eth_cb *prev = &cbs[(cb_use + ETH_CB_COUNT - 1) % ETH_CB_COUNT];

	cb_ids[cb_use] = id;
	cb->status = 0;
	cb->command = command | ETH_CMD_S | ETH_CMD_I;
	barrier();
	prev->command &= (uint16_t)~ETH_CMD_S;
	barrier();
	cb_use = (cb_use + 1) % ETH_CB_COUNT;
	cb_busy++;
	if (!cu_started) {
		cu_started = true;
		_eth_CU_start((uint8_t *)cb);
	} else {
		eth_CU_resume();
	}
}

/* eth_reap reports completed blocks in order and resumes a CU that suspended
 * on a block whose successor was queued too late to be seen. */
static void eth_reap(void)
{
	while (cb_busy > 0 && (cbs[cb_clean].status & ETH_CB_STATUS_C)) {
		struct eth_cb *cb = &cbs[cb_clean];
		uint16_t status = (cb->status & ETH_CB_STATUS_OK) ? ETH_SUCCESS : ETH_CMD_FAIL;
		uint16_t id = cb_ids[cb_clean];

		cb_clean = (cb_clean + 1) % ETH_CB_COUNT;
		cb_busy--;
		if (id != 0 && cmd_callback != NULL)
			cmd_callback(id, status);
	}
	if (cb_busy > 0 && (__inb(io_base + ETH_SCB_STATUS) & ETH_CUS_MASK) == ETH_CUS_SUSPENDED)
		eth_CU_resume();
}

/* eth_receive hands up every completed frame, moving EL forward behind it. */
static void eth_receive(void)
{
	while (rfds[rx_next].status & ETH_RFD_STATUS_C) {
		struct eth_rfd *rfd = &rfds[rx_next];
		struct eth_rfd *end = &rfds[(rx_next + ETH_RFD_COUNT - 1) % ETH_RFD_COUNT];
		uint16_t status = (rfd->status & ETH_RFD_STATUS_OK) ? ETH_SUCCESS : ETH_RECV_ERR;

		if (rx_callback != NULL)
			rx_callback(status, rfd->data, rfd->count & ETH_RFD_COUNT_MASK);
		rfd->count = 0;
		rfd->status = 0;
		rfd->command = ETH_RFD_CMD_EL;
		barrier();
		end->command = 0;
		barrier();
		rx_next = (rx_next + 1) % ETH_RFD_COUNT;
	}
	if ((__inb(io_base + ETH_SCB_STATUS) & ETH_RUS_MASK) != ETH_RUS_READY)
		_eth_RU_start((uint8_t *)&rfds[rx_next]);
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
	_eth_load_CU_base(0);
	_eth_load_RU_base(0);
	eth_rings_init();
	__install_isr(dev.int_line + PIC_VECTOR_BASE, eth_isr);
	_eth_RU_start((uint8_t *)&rfds[0]);
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
	if (cb_busy == ETH_CB_COUNT) {
		_eth_enable_int();
		return ETH_NO_MEM;
	}
	struct eth_cb *cb = &cbs[cb_use];
	__memcpy(cb->u.ias, addr, 6);
	__memcpy(_eth_MAC, addr, 6);
	eth_exec(cb, ETH_CMD_LOAD_ADDR, id);
	_eth_enable_int();
	return ETH_SUCCESS;
}

uint8_t _eth_tx(uint8_t *data, uint16_t len, uint16_t id)
{
	if (len >= ETH_MAX_TX_LEN)
		return ETH_TOO_LARGE;
	if (len > ETH_CB_DATA_SIZE)
		return ETH_NO_MEM; /* no command block holds it */
	_eth_disable_int();
	if (cb_busy == ETH_CB_COUNT) {
		_eth_enable_int();
		return ETH_NO_MEM;
	}
	struct eth_cb *cb = &cbs[cb_use];
	cb->u.tx.tbd_array = ETH_TBD_NONE;
	cb->u.tx.count = len | ETH_TCB_EOF;
	cb->u.tx.threshold = ETH_TX_THRESHOLD;
	cb->u.tx.tbd_number = 0;
	__memcpy(cb->u.tx.data, data, len);
	eth_exec(cb, ETH_CMD_TX, id);
	_eth_enable_int();
	return ETH_SUCCESS;
}
