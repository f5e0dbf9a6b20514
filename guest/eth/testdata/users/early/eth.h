/*
** File:    eth.h
**
** Description: 82557 ethernet module (early interface)
*/

#ifndef _ETH_H
#define _ETH_H

#include "common.h"

#define ETH_SUCCESS      0
#define ETH_ERR          1
#define ETH_TOO_LARGE    2
#define ETH_NO_MEM       3
#define ETH_RECV_ERR     4
#define ETH_CMD_FAIL     5

void __eth_init(void);
uint8_t __eth_loadaddr(uint64_t addr, uint16_t id);
uint8_t __eth_tx(uint8_t *data, uint16_t len, uint16_t id);
void __eth_set_cmd_callback(void (*callback)(uint16_t id, uint16_t status));
void __eth_set_rx_callback(void (*callback)(uint16_t status, const uint8_t *data, uint16_t count));

#endif
