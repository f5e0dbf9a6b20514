#include <kern/e1000.h>
#include <kern/pmap.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/stdio.h>

volatile uint32_t *e1000;

static struct tx_desc *tx_ring;
static struct rx_desc *rx_ring;
static char *tx_buf[TX_RING];
static char *rx_buf[RX_RING];

/* Two 2048-byte buffers per page. */
static physaddr_t alloc_bufs(char **bufs, int n) {
  for (int i = 0; i < n; i += 2) {
    struct PageInfo *pp = page_alloc(ALLOC_ZERO);
    if (!pp)
      panic("e1000: out of memory");
    pp->pp_ref++;
    bufs[i] = page2kva(pp);
    bufs[i + 1] = bufs[i] + BUF_SIZE;
  }
  return 0;
}

static void *alloc_ring(void) {
  struct PageInfo *pp = page_alloc(ALLOC_ZERO);
  if (!pp)
    panic("e1000: out of memory");
  pp->pp_ref++;
  return page2kva(pp);
}

int pci_e1000_attach(struct pci_func *pcif) {
  pci_func_enable(pcif);
  e1000 = mmio_map_region(pcif->reg_base[0], pcif->reg_size[0]);
  cprintf("e1000 status: 0x%x\n", e1000[E1000_STATUS]);

  tx_ring = alloc_ring();
  alloc_bufs(tx_buf, TX_RING);
  for (int i = 0; i < TX_RING; i++) {
    tx_ring[i].addr = PADDR(tx_buf[i]);
    tx_ring[i].status = TXD_STAT_DD;
  }
  e1000[E1000_TDBAL] = page2pa(pa2page(PADDR(tx_ring)));
  e1000[E1000_TDBAH] = 0;
  e1000[E1000_TDLEN] = TX_RING * sizeof(struct tx_desc);
  e1000[E1000_TDH] = 0;
  e1000[E1000_TDT] = 0;
  e1000[E1000_TCTL] = 0x2 | 0x8 | (0x10 << 4) | (0x40 << 12);
  e1000[E1000_TIPG] = 10 | (4 << 10) | (6 << 20);

  e1000[E1000_RA] = 0x12005452;
  e1000[E1000_RA + 1] = 0x5634 | 0x80000000;
  for (int i = 0; i < 128; i++)
    e1000[E1000_MTA + i] = 0;
  e1000[E1000_IMS] = 0;
  rx_ring = alloc_ring();
  alloc_bufs(rx_buf, RX_RING);
  for (int i = 0; i < RX_RING; i++)
    rx_ring[i].addr = PADDR(rx_buf[i]);
  e1000[E1000_RDBAL] = PADDR(rx_ring);
  e1000[E1000_RDBAH] = 0;
  e1000[E1000_RDLEN] = RX_RING * sizeof(struct rx_desc);
  e1000[E1000_RDH] = 0;
  e1000[E1000_RDT] = RX_RING - 1;
  e1000[E1000_RCTL] = 0x2 | 0x8000 | 0x4000000; /* EN, BAM, SECRC; BSIZE 2048 */
  return 0;
}

int e1000_transmit(char *data, int len) {
  int tail = e1000[E1000_TDT];
  if (len > BUF_SIZE)
    return -E_INVAL;
  if (!(tx_ring[tail].status & TXD_STAT_DD))
    return -E_TX_RETRY;
  memmove(tx_buf[tail], data, len);
  tx_ring[tail].length = len;
  tx_ring[tail].status = 0;
  tx_ring[tail].cmd = TXD_CMD_RS | TXD_CMD_EOP;
  e1000[E1000_TDT] = (tail + 1) % TX_RING;
  return 0;
}

int e1000_receive(char *buf, int len) {
  int i = (e1000[E1000_RDT] + 1) % RX_RING;
  if (!(rx_ring[i].status & RXD_STAT_DD))
    return -E_RX_RETRY;
  if (rx_ring[i].length < len)
    len = rx_ring[i].length;
  memmove(buf, rx_buf[i], len);
  rx_ring[i].status = 0;
  e1000[E1000_RDT] = i;
  return len;
}
