/*
 * nicsim reference driver for JOS lab 6: Intel 82540EM, polled, in the
 * common student layout. Written for nicsim; every mutant in
 * guest/jos/zoo is a one-bug patch of this tree.
 *
 * Rings. 64 TX and 128 RX legacy descriptors in static arrays aligned to
 * 16 bytes, each slot with its own static 2048-byte buffer. The device
 * sees only physical addresses (PADDR). TX slots start with DD set, so a
 * slot is free exactly when DD is set; RDT = 127 hands slots 0..126 to
 * the device, and the next frame to read is at RDT + 1.
 *
 * Locking. Every caller is a system call under JOS's big kernel lock, so
 * the driver takes no lock of its own. x86 keeps stores in order; only
 * the compiler may move the descriptor stores past the tail write, which
 * barrier() forbids.
 */
#include <kern/e1000.h>
#include <kern/pmap.h>

#include <inc/assert.h>
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/string.h>

static struct e1000_tx_desc tx_ring[NTXDESC] __attribute__((aligned(16)));
static struct e1000_rx_desc rx_ring[NRXDESC] __attribute__((aligned(16)));
static char tx_bufs[NTXDESC][PKTBUF_SIZE];
static char rx_bufs[NRXDESC][PKTBUF_SIZE];

/* TDLEN and RDLEN must be multiples of 128 bytes. */
_Static_assert(sizeof(tx_ring) % 128 == 0, "TX ring length");
_Static_assert(sizeof(rx_ring) % 128 == 0, "RX ring length");

/* BAR0 as mapped by mmio_map_region; volatile: every access is real. */
static volatile uint32_t *e1000;

/* The register at byte offset off. */
#define REG(off) e1000[(off) / 4]

/* Keeps the compiler from moving memory accesses across it. */
#define barrier() asm volatile("" : : : "memory")

/* Reset the MAC, wait for CTRL.RST to clear, and mask every interrupt. */
static void e1000_reset(void) {
  REG(E1000_IMC) = 0xffffffff;
  REG(E1000_CTRL) |= E1000_CTRL_RST;
  while (REG(E1000_CTRL) & E1000_CTRL_RST)
    ; /* the bit clears itself when the reset is done */
  REG(E1000_IMC) = 0xffffffff; /* polling: no interrupts */
  REG(E1000_CTRL) |= E1000_CTRL_SLU;
}

/* Empty TX ring; every slot starts done so that the first lap can use it. */
static void tx_init(void) {
  memset(tx_ring, 0, sizeof(tx_ring));
  for (int i = 0; i < NTXDESC; i++) {
    tx_ring[i].addr = PADDR(tx_bufs[i]);
    tx_ring[i].status = E1000_TXD_STAT_DD;
  }
  REG(E1000_TDBAL) = PADDR(tx_ring);
  REG(E1000_TDBAH) = 0;
  REG(E1000_TDLEN) = sizeof(tx_ring);
  REG(E1000_TDH) = 0;
  REG(E1000_TDT) = 0;
  REG(E1000_TCTL) = E1000_TCTL_EN | E1000_TCTL_PSP |
                    (0x10 << E1000_TCTL_CT_SHIFT) |
                    (0x40 << E1000_TCTL_COLD_SHIFT);
  REG(E1000_TIPG) = E1000_TIPG_IPGT | (8 << E1000_TIPG_IPGR1_SHIFT) |
                    (6 << E1000_TIPG_IPGR2_SHIFT);
}

/* Accept 52:54:00:12:34:56 (QEMU's default MAC) and broadcast only. */
static void rx_filter_init(void) {
  REG(E1000_RAL0) = 0x12005452;
  REG(E1000_RAH0) = 0x5634 | E1000_RAH_AV;
  for (int i = 0; i < 128; i++)
    REG(E1000_MTA + 4 * i) = 0;
}

/* RX ring of empty buffers; RDT = NRXDESC - 1 gives all but one to the NIC. */
static void rx_init(void) {
  rx_filter_init();
  memset(rx_ring, 0, sizeof(rx_ring));
  for (int i = 0; i < NRXDESC; i++)
    rx_ring[i].addr = PADDR(rx_bufs[i]);
  REG(E1000_RDBAL) = PADDR(rx_ring);
  REG(E1000_RDBAH) = 0;
  REG(E1000_RDLEN) = sizeof(rx_ring);
  REG(E1000_RDH) = 0;
  REG(E1000_RDT) = NRXDESC - 1;
  REG(E1000_RCTL) =
      E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SZ_2048 | E1000_RCTL_SECRC;
}

/* pci_attach_vendor[] row 8086:100E (kern/pci.c). Returns 1: attached. */
int e1000_attach(struct pci_func *pcif) {
  pci_func_enable(pcif);
  e1000 = mmio_map_region(pcif->reg_base[0], pcif->reg_size[0]);
  cprintf("e1000: status %08x\n", REG(E1000_STATUS));
  e1000_reset();
  tx_init();
  rx_init();
  return 1;
}

/*
 * Queue one frame. Returns 0, -E_INVAL if len is not a frame's length, or
 * -E_TX_FULL if the next slot is still the device's, or if the slot after
 * it is (the caller retries): TDT must not catch up with the device's head,
 * which it reads as an empty ring, so one slot always stays free. DD, not
 * TDH, says what the device is done with: TDH may already count a
 * descriptor it is still sending.
 */
int e1000_transmit(const void *data, size_t len) {
  if (len == 0 || len > MAX_FRAME)
    return -E_INVAL;
  uint32_t tail = REG(E1000_TDT);
  struct e1000_tx_desc *d = &tx_ring[tail];
  if (!(d->status & E1000_TXD_STAT_DD) ||
      !(tx_ring[(tail + 1) % NTXDESC].status & E1000_TXD_STAT_DD))
    return -E_TX_FULL;
  memmove(tx_bufs[tail], data, len);
  d->length = len;
  d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
  d->status = 0;
  barrier(); /* the descriptor is complete before the device may read it */
  REG(E1000_TDT) = (tail + 1) % NTXDESC;
  return 0;
}

/*
 * Copy the next received frame into buf (at most len bytes; the rest of a
 * longer frame is dropped) and give its slot back to the device. Returns
 * the number of bytes copied, or -E_RX_EMPTY if no frame has arrived.
 */
int e1000_receive(void *buf, size_t len) {
  uint32_t next = (REG(E1000_RDT) + 1) % NRXDESC;
  struct e1000_rx_desc *d = &rx_ring[next];
  if (!(d->status & E1000_RXD_STAT_DD))
    return -E_RX_EMPTY;
  barrier(); /* read the frame only after seeing DD */
  size_t n = MIN((size_t)d->length, len);
  memmove(buf, rx_bufs[next], n);
  d->status = 0;
  barrier(); /* the slot is clean before the device may reuse it */
  REG(E1000_RDT) = next;
  return n;
}
