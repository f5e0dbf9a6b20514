/*
 * A JOS lab 6 driver written for jospc's tests in another common student
 * layout than guest/jos's reference: register offsets divided by 4 in the
 * header, descriptor rings and buffers from page_alloc, a receive function
 * taking (char *, int), a transmit function taking (char *, int).
 */
#ifndef JOS_KERN_E1000_H
#define JOS_KERN_E1000_H

#include <kern/pci.h>

#define E1000_VENDOR 0x8086
#define E1000_DEVICE 0x100E

#define E1000_STATUS (0x00008 / 4)
#define E1000_TCTL (0x00400 / 4)
#define E1000_TIPG (0x00410 / 4)
#define E1000_TDBAL (0x03800 / 4)
#define E1000_TDBAH (0x03804 / 4)
#define E1000_TDLEN (0x03808 / 4)
#define E1000_TDH (0x03810 / 4)
#define E1000_TDT (0x03818 / 4)
#define E1000_RCTL (0x00100 / 4)
#define E1000_RDBAL (0x02800 / 4)
#define E1000_RDBAH (0x02804 / 4)
#define E1000_RDLEN (0x02808 / 4)
#define E1000_RDH (0x02810 / 4)
#define E1000_RDT (0x02818 / 4)
#define E1000_MTA (0x05200 / 4)
#define E1000_RA (0x05400 / 4)
#define E1000_IMS (0x000D0 / 4)

#define TXD_CMD_EOP 0x01
#define TXD_CMD_RS 0x08
#define TXD_STAT_DD 0x01
#define RXD_STAT_DD 0x01

#define TX_RING 32
#define RX_RING 128
#define BUF_SIZE 2048

/* Transmit Descripotr, as in the manual */
struct tx_desc {
  uint64_t addr;
  uint16_t length;
  uint8_t cso;
  uint8_t cmd;
  uint8_t status;
  uint8_t css;
  uint16_t special;
} __attribute__((packed));

struct rx_desc {
  uint64_t addr;
  uint16_t length;
  uint16_t checksum;
  uint8_t status;
  uint8_t errors;
  uint16_t special;
} __attribute__((packed));

int pci_e1000_attach(struct pci_func *pcif);
int e1000_transmit(char *data, int len);
int e1000_receive(char *buf, int len);

#endif
