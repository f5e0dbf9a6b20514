/*
 * nicsim reference driver: Intel 82540EM for the xv6 net lab, mbuf ABI
 * (2020-2023). Written for nicsim; it is the baseline every mutant in
 * guest/csrc/zoo/xv6 is a one-bug patch of.
 *
 * Ownership. TX: after e1000_transmit returns 0 the driver owns the mbuf
 * and frees it when its slot comes round again with DD set. RX: every
 * rx_ring slot always holds an mbuf; a received mbuf is handed to net_rx
 * (which owns it from then on) and replaced by a fresh one.
 *
 * Locking. net_rx answers ARP requests by calling e1000_transmit from
 * inside e1000_intr, so the receive path must never hold the lock that
 * transmit takes. Two locks:
 *   tx_lock: tx_ring, tx_mbufs, TDT. Taken only by e1000_transmit.
 *   rx_lock: rx_ring, rx_mbufs, RDT. Taken per descriptor by e1000_recv
 *            and released before net_rx.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "e1000_dev.h"
#include "net.h"

#define TX_RING_SIZE 16
static struct tx_desc tx_ring[TX_RING_SIZE] __attribute__((aligned(16)));
static struct mbuf *tx_mbufs[TX_RING_SIZE];

#define RX_RING_SIZE 16
static struct rx_desc rx_ring[RX_RING_SIZE] __attribute__((aligned(16)));
static struct mbuf *rx_mbufs[RX_RING_SIZE];

/* TDLEN/RDLEN must be multiples of 128 bytes. */
_Static_assert(sizeof(tx_ring) % 128 == 0, "TX ring length");
_Static_assert(sizeof(rx_ring) % 128 == 0, "RX ring length");

/* The device's registers (BAR0), indexed by E1000_* from e1000_dev.h. */
static volatile uint32 *regs;

static struct spinlock tx_lock;
static struct spinlock rx_lock;

/* Nonzero while dropping the remaining descriptors of a multi-buffer frame. */
static int rx_discarding;

/* Mask interrupts and set CTL_RST (bit 22 in 2020-2023: not a real reset). */
static void e1000_reset(void) {
  regs[E1000_IMS] = 0;
  regs[E1000_CTL] |= E1000_CTL_RST;
  regs[E1000_IMS] = 0;
  __sync_synchronize();
}

/* Empty TX ring; every slot starts "done" so the first lap can use it. */
static void tx_ring_init(void) {
  memset(tx_ring, 0, sizeof(tx_ring));
  for (int i = 0; i < TX_RING_SIZE; i++) {
    tx_ring[i].status = E1000_TXD_STAT_DD;
    tx_mbufs[i] = 0;
  }
  __sync_synchronize(); /* publish the descriptors to the device */
  regs[E1000_TDBAL] = (uint32)(uint64)tx_ring;
  regs[E1000_TDLEN] = sizeof(tx_ring);
  regs[E1000_TDT] = 0;
  regs[E1000_TDH] = 0;
}

/* RX ring full of empty mbufs; RDT = 15 hands slots 0..14 to the device. */
static void rx_ring_init(void) {
  memset(rx_ring, 0, sizeof(rx_ring));
  for (int i = 0; i < RX_RING_SIZE; i++) {
    rx_mbufs[i] = mbufalloc(0);
    if (!rx_mbufs[i])
      panic("e1000");
    rx_ring[i].addr = (uint64)rx_mbufs[i]->head;
  }
  __sync_synchronize(); /* publish the descriptors to the device */
  regs[E1000_RDBAL] = (uint32)(uint64)rx_ring;
  regs[E1000_RDH] = 0;
  regs[E1000_RDT] = RX_RING_SIZE - 1;
  regs[E1000_RDLEN] = sizeof(rx_ring);
}

/* Accept 52:54:00:12:34:56 (address valid) and no multicast groups. */
static void filter_init(void) {
  regs[E1000_RA] = 0x12005452;
  regs[E1000_RA + 1] = 0x5634 | (1u << 31);
  for (int i = 0; i < 4096 / 32; i++)
    regs[E1000_MTA + i] = 0;
}

/* Turn on TX and RX and ask for an interrupt per received packet. */
static void e1000_enable(void) {
  regs[E1000_TCTL] = E1000_TCTL_EN | E1000_TCTL_PSP |
                     (0x10 << E1000_TCTL_CT_SHIFT) |
                     (0x40 << E1000_TCTL_COLD_SHIFT);
  regs[E1000_TIPG] = 10 | (8 << 10) | (6 << 20);
  regs[E1000_RCTL] =
      E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SZ_2048 | E1000_RCTL_SECRC;
  regs[E1000_RDTR] = 0;       /* interrupt at once ... */
  regs[E1000_RADV] = 0;       /* ... with no absolute delay */
  regs[E1000_IMS] = (1 << 7); /* RXT0: receive descriptor written back */
}

/* Called by pci_init with the register window mapped at xregs. */
void e1000_init(uint32 *xregs) {
  initlock(&tx_lock, "e1000_tx");
  initlock(&rx_lock, "e1000_rx");
  regs = xregs;
  e1000_reset();
  tx_ring_init();
  rx_ring_init();
  filter_init();
  e1000_enable();
}

/*
 * A slot may be filled once the device is done with it (DD) and with the
 * slot after it: moving TDT onto a descriptor the device still owns would
 * make TDT == TDH, and the full ring would look empty to the device. So at
 * most TX_RING_SIZE - 1 descriptors are ever in flight.
 */
static int tx_slot_free(uint32 slot) {
  return (tx_ring[slot].status & E1000_TXD_STAT_DD) &&
         (tx_ring[(slot + 1) % TX_RING_SIZE].status & E1000_TXD_STAT_DD);
}

/*
 * Queue m for sending. Returns 0 if queued (the driver now owns m),
 * -1 if the ring is full (the caller keeps m).
 */
int e1000_transmit(struct mbuf *m) {
  acquire(&tx_lock);
  uint32 slot = regs[E1000_TDT] % TX_RING_SIZE;
  if (!tx_slot_free(slot)) {
    release(&tx_lock); /* ring full: the device has not caught up */
    return -1;
  }
  struct tx_desc *d = &tx_ring[slot];
  if (tx_mbufs[slot])
    mbuffree(tx_mbufs[slot]); /* DD: the device is done with it */
  tx_mbufs[slot] = m;
  d->addr = (uint64)m->head;
  d->length = (uint16)m->len;
  d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
  d->status = 0;
  __sync_synchronize(); /* descriptor visible before the tail moves */
  regs[E1000_TDT] = (slot + 1) % TX_RING_SIZE;
  release(&tx_lock);
  return 0;
}

/*
 * Take the packet in RX slot i and give the slot a fresh buffer. Returns the
 * packet, or 0 if it was dropped (fragment of an oversized frame, or no
 * memory for a replacement: then the old buffer stays in the ring).
 * Caller holds rx_lock.
 */
static struct mbuf *rx_take(int i) {
  struct rx_desc *d = &rx_ring[i];
  if ((d->status & E1000_RXD_STAT_EOP) == 0) {
    rx_discarding = 1; /* frame spans buffers: drop all of it */
    return 0;
  }
  if (rx_discarding) {
    rx_discarding = 0; /* last piece of a dropped frame */
    return 0;
  }
  if (d->length > MBUF_SIZE)
    return 0; /* cannot be: RCTL says 2048-byte buffers */
  struct mbuf *fresh = mbufalloc(0);
  if (!fresh)
    return 0; /* recycle the old buffer; the packet is lost */
  struct mbuf *m = rx_mbufs[i];
  m->len = d->length;
  rx_mbufs[i] = fresh;
  d->addr = (uint64)fresh->head;
  return m;
}

/*
 * Consume one received descriptor, if any. Returns 1 and sets *mp (which may
 * be 0 for a dropped packet) when a descriptor was consumed, 0 when the ring
 * has nothing more.
 */
static int rx_next(struct mbuf **mp) {
  acquire(&rx_lock);
  int i = (regs[E1000_RDT] + 1) % RX_RING_SIZE;
  struct rx_desc *d = &rx_ring[i];
  if ((d->status & E1000_RXD_STAT_DD) == 0) {
    release(&rx_lock);
    return 0;
  }
  __sync_synchronize(); /* read length and status bits only after DD */
  *mp = rx_take(i);
  d->status = 0;
  __sync_synchronize(); /* descriptor reset before the device may reuse it */
  regs[E1000_RDT] = i;
  release(&rx_lock);
  return 1;
}

/* Drain the RX ring; net_rx runs with no driver lock held. */
static void e1000_recv(void) {
  struct mbuf *m;
  while (rx_next(&m)) {
    if (m)
      net_rx(m);
  }
}

void e1000_intr(void) {
  /* Acknowledge first, so a packet landing during the drain re-interrupts. */
  regs[E1000_ICR] = 0xffffffff;
  e1000_recv();
}
