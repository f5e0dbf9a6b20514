/*
 * nicsim reference driver for JOS lab 6: Intel 82540EM register offsets,
 * bits and descriptors (8254x Software Developer's Manual, ch. 3 and 13),
 * in the layout most surveyed students use: byte offsets here, divided by
 * 4 where kern/e1000.c indexes its volatile uint32_t register window.
 */
#ifndef JOS_KERN_E1000_H
#define JOS_KERN_E1000_H

#include <inc/types.h>
#include <kern/pci.h>

#define E1000_VENDOR_ID 0x8086
#define E1000_DEV_ID_82540EM 0x100E

/* Register byte offsets in BAR0. */
#define E1000_CTRL 0x00000   /* device control */
#define E1000_STATUS 0x00008 /* device status */
#define E1000_ICR 0x000C0    /* interrupt cause read */
#define E1000_IMS 0x000D0    /* interrupt mask set */
#define E1000_IMC 0x000D8    /* interrupt mask clear */
#define E1000_RCTL 0x00100   /* receive control */
#define E1000_TCTL 0x00400   /* transmit control */
#define E1000_TIPG 0x00410   /* transmit inter-packet gap */
#define E1000_RDBAL 0x02800  /* RX descriptor base address, low */
#define E1000_RDBAH 0x02804  /* RX descriptor base address, high */
#define E1000_RDLEN 0x02808  /* RX descriptor ring length in bytes */
#define E1000_RDH 0x02810    /* RX descriptor head */
#define E1000_RDT 0x02818    /* RX descriptor tail */
#define E1000_TDBAL 0x03800  /* TX descriptor base address, low */
#define E1000_TDBAH 0x03804  /* TX descriptor base address, high */
#define E1000_TDLEN 0x03808  /* TX descriptor ring length in bytes */
#define E1000_TDH 0x03810    /* TX descriptor head */
#define E1000_TDT 0x03818    /* TX descriptor tail */
#define E1000_MTA 0x05200    /* multicast table array (128 words) */
#define E1000_RAL0 0x05400   /* receive address low, entry 0 */
#define E1000_RAH0 0x05404   /* receive address high, entry 0 */

/* CTRL */
#define E1000_CTRL_SLU 0x00000040 /* set link up */
#define E1000_CTRL_RST 0x04000000 /* device reset, self-clearing */

/* TCTL */
#define E1000_TCTL_EN 0x00000002  /* enable */
#define E1000_TCTL_PSP 0x00000008 /* pad short packets */
#define E1000_TCTL_CT_SHIFT 4     /* collision threshold */
#define E1000_TCTL_COLD_SHIFT 12  /* collision distance */

/* TIPG: IPGT, IPGR1, IPGR2 (Table 13-77, IEEE 802.3 copper) */
#define E1000_TIPG_IPGT 10
#define E1000_TIPG_IPGR1_SHIFT 10
#define E1000_TIPG_IPGR2_SHIFT 20

/* RCTL */
#define E1000_RCTL_EN 0x00000002      /* enable */
#define E1000_RCTL_LPE 0x00000020     /* long packets */
#define E1000_RCTL_BAM 0x00008000     /* accept broadcast */
#define E1000_RCTL_SZ_2048 0x00000000 /* buffer size 2048 (BSEX = 0) */
#define E1000_RCTL_SECRC 0x04000000   /* strip the Ethernet CRC */

/* RAH */
#define E1000_RAH_AV 0x80000000 /* address valid */

/* Legacy transmit descriptor. */
struct e1000_tx_desc {
  uint64_t addr; /* physical address of the buffer */
  uint16_t length;
  uint8_t cso;
  uint8_t cmd;
  uint8_t status;
  uint8_t css;
  uint16_t special;
};

#define E1000_TXD_CMD_EOP 0x01 /* end of packet */
#define E1000_TXD_CMD_RS 0x08  /* report status: write DD back */
#define E1000_TXD_STAT_DD 0x01 /* descriptor done */

/* Legacy receive descriptor. */
struct e1000_rx_desc {
  uint64_t addr; /* physical address of the buffer */
  uint16_t length;
  uint16_t csum;
  uint8_t status;
  uint8_t errors;
  uint16_t special;
};

#define E1000_RXD_STAT_DD 0x01  /* descriptor done */
#define E1000_RXD_STAT_EOP 0x02 /* end of packet */

#define NTXDESC 64
#define NRXDESC 128
#define PKTBUF_SIZE 2048 /* one buffer per descriptor; RCTL.BSIZE */
#define MAX_FRAME 1518   /* longest Ethernet frame without CRC */

int e1000_attach(struct pci_func *pcif);
int e1000_transmit(const void *data, size_t len);
int e1000_receive(void *buf, size_t len);

#endif /* !JOS_KERN_E1000_H */
