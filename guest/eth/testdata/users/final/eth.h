/*
 * eth.h -- Intel 82557 (8255x) ethernet module, public interface.
 *
 * Written for the baseline kernel; the API is the final one of the eth
 * module: the station address is passed as six bytes.
 */
#ifndef ETH_H_
#define ETH_H_

#include "common.h"

#define ETH_VENDOR_ID       0x8086
#define ETH_DEVICE_ID       0x1229

/* return and status codes */
#define ETH_SUCCESS         0
#define ETH_ERR             1
#define ETH_TOO_LARGE       2
#define ETH_NO_MEM          3
#define ETH_RECV_ERR        4
#define ETH_CMD_FAIL        5

/* the six bytes of our station address, first wire byte first */
extern uint8_t _eth_MAC[6];

void _eth_init(void);
uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id);
uint8_t _eth_tx(uint8_t *data, uint16_t len, uint16_t id);
void _eth_set_cmd_callback(void (*cb)(uint16_t id, uint16_t status));
void _eth_set_rx_callback(void (*cb)(uint16_t status, const uint8_t *data, uint16_t count));

void _eth_disable_int(void);
void _eth_enable_int(void);

#endif
