#ifndef JOS_KERN_E1000_H
#define JOS_KERN_E1000_H

/*
 * A student's kern/e1000.h for JOS lab 6, written for nicsim's tests in the
 * style most surveyed students use: register offsets already divided by 4
 * (the code indexes a volatile uint32_t * with them), packed descriptors.
 */

#include <inc/types.h>
#include <kern/pci.h>

#define E1000_VENDOR 0x8086
#define E1000_DEVICE 0x100E

/* Registers, as uint32_t indexes into BAR0. */
#define E1000_CTRL   (0x00000 / 4)
#define E1000_STATUS (0x00008 / 4)
#define E1000_ICR    (0x000C0 / 4)
#define E1000_IMS    (0x000D0 / 4)
#define E1000_IMC    (0x000D8 / 4)
#define E1000_RCTL   (0x00100 / 4)
#define E1000_TCTL   (0x00400 / 4)
#define E1000_TIPG   (0x00410 / 4)
#define E1000_RDBAL  (0x02800 / 4)
#define E1000_RDBAH  (0x02804 / 4)
#define E1000_RDLEN  (0x02808 / 4)
#define E1000_RDH    (0x02810 / 4)
#define E1000_RDT    (0x02818 / 4)
#define E1000_TDBAL  (0x03800 / 4)
#define E1000_TDBAH  (0x03804 / 4)
#define E1000_TDLEN  (0x03808 / 4)
#define E1000_TDH    (0x03810 / 4)
#define E1000_TDT    (0x03818 / 4)
#define E1000_MTA    (0x05200 / 4)
#define E1000_RA     (0x05400 / 4)

#define E1000_CTRL_RST   0x04000000
#define E1000_TCTL_EN    0x00000002
#define E1000_TCTL_PSP   0x00000008
#define E1000_TCTL_CT    0x00000100 /* 0x10 << 4 */
#define E1000_TCTL_COLD  0x00040000 /* 0x40 << 12 */
#define E1000_RCTL_EN    0x00000002
#define E1000_RCTL_BAM   0x00008000
#define E1000_RCTL_SECRC 0x04000000
#define E1000_RAH_AV     0x80000000

#define TXD_CMD_EOP 0x01
#define TXD_CMD_RS  0x08
#define TXD_STA_DD  0x01
#define RXD_STA_DD  0x01
#define RXD_STA_EOP 0x02

#define NTX 64
#define NRX 128
#define BUFSZ 2048

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

int pci_e1000_attach(struct pci_func *f);
int e1000_transmit(const char *buf, size_t len);
int e1000_receive(char *buf, size_t len);

#endif
