/*
 * eth.h: the "eth" module for the Intel 82557 (8255x), nicsim reference driver
 * "ring": a ring of command blocks handed to the CU with the S bit, and a ring
 * of receive frame descriptors whose EL bit moves forward.
 *
 * All commands are asynchronous. Their completion is reported through the
 * command callback with the id given to the call, except id 0 (kernel-internal),
 * which is never reported. Callbacks run inside the interrupt handler; the data
 * given to the receive callback is valid only during the call.
 */
#ifndef ETH_RING_ETH_H
#define ETH_RING_ETH_H

#include <common.h>

/* return and callback status codes */
#define ETH_SUCCESS     0
#define ETH_ERR         1
#define ETH_TOO_LARGE   2
#define ETH_NO_MEM      3
#define ETH_RECV_ERR    4
#define ETH_CMD_FAIL    5

#define ETH_VENDOR_ID   0x8086
#define ETH_DEVICE_ID   0x1229

/* PCI configuration offsets */
#define ETH_PCI_MM_BAR  0x10
#define ETH_PCI_IO_BAR  0x14

/* CSR offsets in the I/O BAR */
#define ETH_SCB_STATUS          0x00    /* CU/RU state byte */
#define ETH_SCB_STATACK         0x01    /* interrupt causes; write 1s to ack */
#define ETH_SCB_CMD             0x02    /* CUC/RUC byte */
#define ETH_SCB_INTMASK         0x03    /* interrupt control byte */
#define ETH_SCB_GENERAL_POINTER 0x04
#define ETH_PORT                0x08

#define ETH_SOFT_RESET          0
#define ETH_SELECTIVE_RESET     2

/* SCB command byte */
#define ETH_CUC_START           0x10
#define ETH_CUC_RESUME          0x20
#define ETH_CUC_LOAD_CU_BASE    0x60
#define ETH_RUC_START           0x01
#define ETH_RUC_LOAD_RU_BASE    0x06

/* interrupt control byte */
#define ETH_INT_MASK_ALL        0x01

/* STAT/ACK byte */
#define ETH_STAT_SWI            (1 << 2)
#define ETH_STAT_MDI            (1 << 3)
#define ETH_STAT_RNR            (1 << 4)
#define ETH_STAT_CNA            (1 << 5)
#define ETH_STAT_FR             (1 << 6)
#define ETH_STAT_CX_TNO         (1 << 7)

/* action command block: command word and status word */
#define ETH_CMD_EL              (1 << 15)
#define ETH_CMD_S               (1 << 14)
#define ETH_CMD_I               (1 << 13)
#define ETH_CMD_LOAD_ADDR       1
#define ETH_CMD_TX              4
#define ETH_CB_STATUS_C         (1 << 15)
#define ETH_CB_STATUS_OK        (1 << 13)

/* transmit command block */
#define ETH_TBD_NONE            0xFFFFFFFFu
#define ETH_TCB_EOF             (1 << 15)
#define ETH_TX_THRESHOLD        0xE0

/* receive frame descriptor */
#define ETH_RFD_STATUS_C        (1 << 15)
#define ETH_RFD_STATUS_OK       (1 << 13)
#define ETH_RFD_CMD_EL          (1 << 15)
#define ETH_RFD_COUNT_MASK      0x3FFF

/* SCB status byte */
#define ETH_CUS_MASK            0xC0
#define ETH_CUS_SUSPENDED       0x40
#define ETH_RUS_MASK            0x3C
#define ETH_RUS_READY           0x10

#define ETH_MAX_TX_LEN          (1 << 14)
#define ETH_CB_COUNT            16      /* command blocks in the ring */
#define ETH_CB_DATA_SIZE        1536    /* frame bytes a transmit block holds */
#define ETH_RFD_COUNT           8       /* receive frame descriptors in the ring */
#define ETH_RFD_DATA_SIZE       1536

extern uint8_t _eth_MAC[6];

void _eth_init(void);
uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id);
uint8_t _eth_tx(uint8_t *data, uint16_t len, uint16_t id);
void _eth_set_cmd_callback(void (*callback)(uint16_t id, uint16_t status));
void _eth_set_rx_callback(void (*callback)(uint16_t status, const uint8_t *data, uint16_t count));

void _eth_disable_int(void);
void _eth_enable_int(void);
void _eth_load_CU_base(uint32_t base);
void _eth_load_RU_base(uint32_t base);
void _eth_CU_start(uint8_t *cb);
void _eth_RU_start(uint8_t *rfd);

#endif
